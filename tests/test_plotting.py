"""course_utils.plotting: what each figure contains, and that nothing else is touched.

The Agg backend comes from tests/conftest.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from course_utils import plotting

MINUS = "\N{MINUS SIGN}"
HISTORY = {
    "loss": [1.0, 0.6, 0.4],
    "val_loss": [1.1, 0.8, 0.7],
    "accuracy": [0.5, 0.7, 0.8],
    "val_accuracy": [0.45, 0.6, 0.7],
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _panels(fig: Figure) -> list[Axes]:
    """The axes that show an image (not the × / = signs of a convolution step)."""
    return [ax for ax in fig.axes if ax.images]


# ---------------------------------------------------------------- import and style


def test_import_changes_no_setting_and_imports_no_tensorflow():
    code = textwrap.dedent(
        """
        import sys
        import matplotlib
        # (reading rcParams["backend"] would itself import pyplot to resolve it: skip it)
        def settings():
            return {k: matplotlib.rcParams[k] for k in matplotlib.rcParams if k != "backend"}
        before = settings()
        import course_utils.plotting
        after = settings()
        changed = sorted(k for k in before if before[k] != after[k])
        assert not changed, changed
        for module in ("tensorflow", "keras", "matplotlib.pyplot"):
            assert module not in sys.modules, module
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_set_style_changes_settings():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        before = dict(matplotlib.rcParams)
        assert plotting.set_style() is None
        after = dict(matplotlib.rcParams)
        assert before != after
        assert 80 <= after["figure.dpi"] <= 100
        assert after["axes.grid"] is False
        assert after["image.cmap"] in ("viridis", "cividis")
        cycle = [to_hex(c) for c in after["axes.prop_cycle"].by_key()["color"]]
        assert cycle == [c.lower() for c in plotting.OKABE_ITO]


def test_functions_close_nothing_show_nothing_and_write_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    mine = plt.figure()
    plotting.show_images(np.zeros((2, 4, 4)))
    plotting.show_matrix(np.eye(3))
    plotting.show_convolution_step(np.ones((2, 2)), np.eye(2))
    plotting.show_feature_maps(np.ones((4, 4, 2)))
    plotting.show_filters(np.ones((3, 3, 1, 2)))
    plotting.plot_history(HISTORY)
    plotting.plot_confusion_matrix([0, 1], [1, 1])
    assert plt.fignum_exists(mine.number)
    assert len(plt.get_fignums()) == 8
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- show_images


def test_show_images_one_panel_per_image_without_ticks():
    fig = plotting.show_images(np.random.default_rng(0).random((6, 8, 8)), titles=list("abcdef"))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes] == list("abcdef")
    for ax in fig.axes:
        assert len(ax.images) == 1
        assert ax.images[0].get_cmap().name == "gray"
        assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []


@pytest.mark.parametrize(
    ("images", "count"),
    [
        (np.zeros((5, 5)), 1),
        (np.zeros((5, 5, 3)), 1),
        (np.zeros((5, 5, 1)), 1),
        (np.zeros((3, 5, 5, 3)), 3),
        (np.zeros((3, 5, 5, 1)), 3),
        ([np.zeros((5, 5)), np.zeros((4, 6, 3), dtype=np.uint8)], 2),
    ],
)
def test_show_images_accepts_the_usual_shapes(images, count):
    fig = plotting.show_images(images, ncols=2)
    assert len(fig.axes) == count


def test_canvas_redraws_a_given_figure_in_place():
    fig = plt.figure()
    plt.figure()  # a newer current figure must not be used
    fig.add_subplot()
    assert plotting.canvas((3.0, 2.0), fig, layout=None) is fig
    assert fig.axes == [] and tuple(fig.get_size_inches()) == (3.0, 2.0)


def test_show_images_scales_colour_images_for_display():
    fig = plotting.show_images([np.full((2, 2, 3), 255.0), np.full((2, 2, 3), -3.0)])
    shown = [np.asarray(ax.images[0].get_array()) for ax in fig.axes]
    assert shown[0].max() == pytest.approx(1.0)
    assert shown[1].min() >= 0


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"images": np.zeros(5)}, ["images", "(5,)"]),
        ({"images": np.zeros((2, 4, 4, 2))}, ["images[0]", "(4, 4, 2)"]),
        ({"images": np.zeros((2, 4, 4)), "titles": ["a"]}, ["titles", "1"]),
        ({"images": np.zeros((2, 4, 4)), "ncols": 0}, ["ncols=0", ">= 1"]),
        ({"images": np.zeros((300, 2, 2))}, ["images", "300", "images[:16]"]),
        ({"images": np.zeros((2, 4, 4)), "figsize": (0, 3)}, ["figsize", "> 0"]),
        ({"images": "cat"}, ["images", "numbers"]),
    ],
)
def test_show_images_rejects_bad_input(kwargs, words):
    with pytest.raises(ValueError) as err:
        plotting.show_images(**kwargs)
    for word in words:
        assert word in str(err.value)


# ---------------------------------------------------------------- show_matrix


def test_show_matrix_writes_each_value_in_its_cell():
    ax = plotting.show_matrix(np.array([[1, -2, 3], [0, 5, 60]]))
    assert isinstance(ax, Axes)
    assert _texts(ax) == ["1", f"{MINUS}2", "3", "0", "5", "60"]
    assert [t.get_position() for t in ax.texts[:2]] == [(0, 0), (1, 0)]
    assert len(ax.images) == 1


def test_show_matrix_rounds_floats_and_keeps_whole_floats_as_ints():
    assert _texts(plotting.show_matrix([[0.5, 1 / 3], [-0.0001, 2.0]])) == [
        "0.50",
        "0.33",
        "0.00",
        "2.00",
    ]
    assert _texts(plotting.show_matrix(np.array([[1.0, 0.0], [-1.0, 2.0]]))) == [
        "1",
        "0",
        f"{MINUS}1",
        "2",
    ]
    assert _texts(plotting.show_matrix([[0.123, 0.5]], fmt=".1f")) == ["0.1", "0.5"]
    assert _texts(plotting.show_matrix([[0.25]], fmt="{:.0%}")) == ["25%"]


def test_show_matrix_text_contrasts_with_its_cell():
    ax = plotting.show_matrix([[0, 10]])  # viridis: dark purple, then bright yellow
    assert [t.get_color() for t in ax.texts] == ["white", "black"]


def test_show_matrix_centres_signed_values_at_zero():
    ax = plotting.show_matrix([[-1, 0], [3, 2]])
    image = ax.images[0]
    assert image.get_cmap().name == plotting.DIVERGING_CMAP
    assert image.get_clim() == (-3, 3)
    assert plotting.show_matrix([[0, 1]]).images[0].get_cmap().name == "viridis"


def test_show_matrix_highlights_a_window():
    ax = plotting.show_matrix(np.arange(25).reshape(5, 5), highlight=(1, 2, 3, 2))
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rects) == 1
    assert rects[0].get_xy() == (1.5, 0.5)
    assert (rects[0].get_width(), rects[0].get_height()) == (2, 3)


def test_show_matrix_skips_numbers_for_big_arrays_and_uses_a_given_axes():
    assert len(plotting.show_matrix(np.zeros((40, 10))).texts) == 0
    fig, ax = plt.subplots()
    assert plotting.show_matrix(np.eye(2), ax=ax) is ax
    assert len(ax.texts) == 4


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"values": np.zeros(3)}, ["values", "(3,)", "2 dimensions"]),
        ({"values": np.zeros((2, 2, 2))}, ["values", "(2, 2, 2)"]),
        ({"values": np.zeros((3, 3)), "highlight": (2, 2, 2, 2)}, ["highlight", "fit inside"]),
        ({"values": np.zeros((3, 3)), "highlight": (0, 0, 2)}, ["highlight", "(row, col"]),
        ({"values": np.zeros((3, 3)), "highlight": (0, -1, 2, 2)}, ["highlight[1]", "-1"]),
        ({"values": np.zeros((3, 3)), "fmt": ".2q"}, ["fmt='.2q'"]),
        ({"values": np.zeros((3, 3)), "ax": "left"}, ["ax='left'", "Axes"]),
        ({"values": np.zeros((3, 3)), "vmin": "low"}, ["vmin='low'", "number"]),
        ({"values": [[1, 2], [3]]}, ["values", "same length"]),
    ],
)
def test_show_matrix_rejects_bad_input(kwargs, words):
    with pytest.raises(ValueError) as err:
        plotting.show_matrix(**kwargs)
    for word in words:
        assert word in str(err.value)


# ---------------------------------------------------------------- convolution step


def test_show_convolution_step_shows_patch_kernel_products_and_sum():
    patch = np.array([[1, 2], [3, 4]])
    kernel = np.array([[1, 0], [0, -1]])
    fig = plotting.show_convolution_step(patch, kernel)
    assert isinstance(fig, Figure)
    panels = _panels(fig)
    assert [ax.get_title() for ax in panels] == ["input patch", "kernel", "patch × kernel"]
    assert _texts(panels[0]) == ["1", "2", "3", "4"]
    assert _texts(panels[1]) == ["1", "0", "0", f"{MINUS}1"]
    assert _texts(panels[2]) == ["1", "0", "0", f"{MINUS}4"]
    assert panels[2].get_xlabel() == f"sum = {MINUS}3"
    signs = sorted(t.get_text() for ax in fig.axes if not ax.images for t in ax.texts)
    assert signs == ["=", "×"]


def test_show_convolution_step_adds_the_bias():
    fig = plotting.show_convolution_step(np.ones((3, 3)), np.ones((3, 3)) / 9, bias=0.5)
    panels = _panels(fig)
    assert panels[2].get_xlabel() == "sum = 1\nsum + bias = 1.5"
    assert panels[1].get_xlabel() == "bias = 0.5"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            (np.ones((3, 3)), np.ones((2, 2))),
            ["patch=<array of shape (3, 3)>", "kernel's shape (2, 2)"],
        ),
        ((np.ones(3), np.ones(3)), ["patch", "2 dimensions"]),
        ((np.ones((2, 2)), np.ones((2, 2)), "one"), ["bias='one'"]),
    ],
)
def test_show_convolution_step_rejects_bad_input(args, words):
    with pytest.raises(ValueError) as err:
        plotting.show_convolution_step(*args)
    for word in words:
        assert word in str(err.value)


# ---------------------------------------------------------------- feature maps, filters


def test_show_feature_maps_one_panel_per_channel():
    maps = np.random.default_rng(1).normal(size=(1, 6, 6, 5))
    fig = plotting.show_feature_maps(maps, ncols=3)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == 5 and len(fig.axes) == 6  # and one colour bar for all of them
    assert [ax.get_title() for ax in panels] == [f"map {i}" for i in range(5)]
    np.testing.assert_allclose(panels[2].images[0].get_array(), maps[0, :, :, 2])
    limits = {ax.images[0].get_clim() for ax in panels}
    assert len(limits) == 1  # one shared scale: the maps are compared
    low, high = limits.pop()
    assert low == -high == -np.abs(maps).max()  # signed maps are centred at 0
    two = plotting.show_feature_maps(maps[0], max_maps=2, titles=["a", "b"])
    assert len(two.axes) == 3


def test_show_feature_maps_non_negative_maps_start_at_zero():
    maps = np.random.default_rng(5).uniform(0.2, 3.0, size=(4, 4, 3))
    fig = plotting.show_feature_maps(maps)
    image = fig.axes[0].images[0]
    assert image.get_cmap().name == plotting.SEQUENTIAL_CMAP
    assert image.get_clim() == (0.0, maps.max())


def test_show_images_draws_grey_on_a_fixed_scale():
    dark = np.full((4, 4), 0.2)
    fig = plotting.show_images([dark, np.full((4, 4), 200.0)])
    assert fig.axes[0].images[0].get_clim() == (0.0, 1.0)  # 0.2 stays dark grey
    assert fig.axes[1].images[0].get_clim() == (0.0, 255.0)
    scaled = plotting.show_images([np.array([[0.0, 2.0], [1.0, 0.5]])])
    assert scaled.axes[0].images[0].get_clim() == (0.0, 2.0)  # not drawn on 0..255: not black


def test_show_feature_maps_rejects_a_batch():
    batch = r"maps=<array of shape \(2, 4, 4, 3\)> is not allowed.*maps\[0\]"
    with pytest.raises(ValueError, match=batch):
        plotting.show_feature_maps(np.zeros((2, 4, 4, 3)))
    with pytest.raises(ValueError, match="max_maps=0"):
        plotting.show_feature_maps(np.zeros((4, 4, 3)), max_maps=0)


def test_show_filters_single_channel_uses_a_diverging_map_centred_at_zero():
    kernels = np.random.default_rng(2).normal(size=(3, 3, 1, 6))
    fig = plotting.show_filters(kernels)
    assert len(fig.axes) == 7  # six filters and one colour bar
    image = fig.axes[0].images[0]
    assert image.get_cmap().name == plotting.DIVERGING_CMAP
    low, high = image.get_clim()
    assert low == -high == -np.abs(kernels).max()  # one scale for all six


def test_show_filters_rgb_is_scaled_to_0_1_and_deep_shows_channel_0():
    rgb = plotting.show_filters(np.random.default_rng(3).normal(size=(5, 5, 3, 4)))
    assert len(rgb.axes) == 4
    shown = np.asarray(rgb.axes[0].images[0].get_array())
    assert shown.shape == (5, 5, 3)
    assert shown.min() == 0 and shown.max() == 1
    kernels = np.random.default_rng(4).normal(size=(3, 3, 8, 2))
    deep = plotting.show_filters(kernels, max_filters=1)
    assert len(deep.axes) == 2  # the filter and its colour bar
    np.testing.assert_allclose(deep.axes[0].images[0].get_array(), kernels[:, :, 0, 0])


def test_show_filters_rejects_other_shapes():
    with pytest.raises(ValueError, match=r"kernels=<array of shape \(3, 3, 4\)> is not allowed"):
        plotting.show_filters(np.zeros((3, 3, 4)))


# ---------------------------------------------------------------- training


def test_plot_history_draws_training_and_validation_per_metric():
    fig = plotting.plot_history(HISTORY)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax, metric in zip(fig.axes, ("loss", "accuracy"), strict=True):
        assert len(ax.lines) == 2
        assert ax.get_xlabel() == "epoch"
        assert ax.get_ylabel() == metric
        assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
        assert list(ax.lines[1].get_ydata()) == HISTORY[f"val_{metric}"]


def test_plot_history_reads_a_keras_history_and_skips_missing_default_metrics():
    history = SimpleNamespace(history={"loss": [1.0, 0.5]})  # what model.fit() returns
    fig = plotting.plot_history(history)
    assert len(fig.axes) == 1
    assert len(fig.axes[0].lines) == 1
    assert len(plotting.plot_history(HISTORY, metrics="accuracy").axes) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((HISTORY, ["acc"]), ["metrics=['acc']", "'accuracy'", "'loss'"]),
        (([1, 2, 3],), ["history=[1, 2, 3]", "model.fit()"]),
        (({"loss": []},), ["history['loss']", "one value per epoch"]),
    ],
)
def test_plot_history_rejects_bad_input(args, words):
    with pytest.raises(ValueError) as err:
        plotting.plot_history(*args)
    for word in words:
        assert word in str(err.value)


def test_confusion_matrix_counts_a_known_example():
    y_true = [0, 0, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 2, 0, 2]
    expected = [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    np.testing.assert_array_equal(plotting.confusion_matrix(y_true, y_pred), expected)
    padded = plotting.confusion_matrix(y_true, y_pred, num_classes=4)
    assert padded.shape == (4, 4) and padded.sum() == 6
    scores = np.eye(3)[y_pred] * 0.9  # (N, classes) scores: argmax is taken
    column = np.array(y_true)[:, None]  # (N, 1) labels, as in keras' cifar10
    np.testing.assert_array_equal(plotting.confusion_matrix(column, scores), expected)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (([0, 1], [0]), ["y_true has 2", "y_pred 1"]),
        (([0, -1], [0, 1]), ["y_true", "-1", ">= 0"]),
        (([0, 1.5], [0, 1]), ["y_true", "whole-number"]),
        (([0, 3], [0, 1], 2), ["num_classes=2", "at least 4"]),
    ],
)
def test_confusion_matrix_rejects_bad_input(args, words):
    with pytest.raises(ValueError) as err:
        plotting.confusion_matrix(*args)
    for word in words:
        assert word in str(err.value)


def test_plot_confusion_matrix_writes_counts_and_class_names():
    ax = plotting.plot_confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], class_names=["a", "b", "c"])
    assert isinstance(ax, Axes)
    assert _texts(ax) == ["1", "1", "0", "0", "1", "0", "0", "0", "1"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


def test_plot_confusion_matrix_normalizes_rows():
    ax = plotting.plot_confusion_matrix([0, 0, 0, 1], [0, 0, 1, 1], normalize=True)
    np.testing.assert_allclose(ax.images[0].get_array(), [[2 / 3, 1 / 3], [0, 1]])
    assert _texts(ax) == ["0.67", "0.33", "0.00", "1.00"]


def test_plot_confusion_matrix_rejects_bad_input():
    too_few = "class_names=<2 names> is not allowed: the labels go up to 2"
    with pytest.raises(ValueError, match=too_few):
        plotting.plot_confusion_matrix([0, 1, 2], [0, 1, 2], class_names=["a", "b"])
    with pytest.raises(ValueError, match="normalize='true'"):
        plotting.plot_confusion_matrix([0], [0], normalize="true")


# ---------------------------------------------------------------- save_fig


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_save_fig_writes_one_png_into_course_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fig = plotting.show_images(np.zeros((2, 4, 4)))
    path = plotting.save_fig(fig, "digits")
    assert path == tmp_path / "course_output" / "figures" / "digits.png"
    assert _files(tmp_path) == [Path("course_output/figures/digits.png")]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.fignum_exists(fig.number)  # saving does not close the figure


def test_save_fig_other_formats_folder_and_axes(tmp_path):
    ax = plotting.show_matrix(np.eye(2))
    assert plotting.save_fig(ax, "eye.pdf", folder=tmp_path).read_bytes()[:4] == b"%PDF"
    assert b"<svg" in plotting.save_fig(ax.figure, "eye.SVG", folder=tmp_path).read_bytes()
    assert _files(tmp_path) == [Path("eye.SVG"), Path("eye.pdf")]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("sub/fig.png", ["name='sub/fig.png'", "folder"]),
        ("..\\fig.png", ["name=", "folder"]),
        ("fig.jpg", ["name='fig.jpg'", ".png, .pdf or .svg"]),
        ("", ["name=''"]),
        ("..", ["name='..'"]),
    ],
)
def test_save_fig_rejects_bad_names(tmp_path, monkeypatch, name, words):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as err:
        plotting.save_fig(plt.figure(), name)
    for word in words:
        assert word in str(err.value)
    assert _files(tmp_path) == []


def test_save_fig_rejects_a_non_figure_and_bad_dpi(tmp_path):
    with pytest.raises(ValueError, match="fig='plot'"):
        plotting.save_fig("plot", "x", folder=tmp_path)
    with pytest.raises(ValueError, match="dpi=0"):
        plotting.save_fig(plt.figure(), "x", folder=tmp_path, dpi=0)
    assert _files(tmp_path) == []


def test_cell_texts_and_key_draw_one_artist_for_many_words():
    fig, ax = plt.subplots()
    words = plotting.cell_texts(ax, [(0, 0), (1, 0), (2, 0)], ["0", "12", "0.44"], 8)
    assert len(words.get_paths()) == 3 and list(ax.collections) == [words]
    before = len(fig.artists)
    plotting.key(fig, 0.1, 1.0, [("a", {"facecolor": "red"}), ("b", {"marker": "o"})])
    assert len(fig.artists) == before + 3  # two swatches and one collection of labels


def test_cell_texts_are_inside_a_tight_crop():
    """The inline backend crops figures tight: texts drawn as glyphs must count."""
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_position((0.1, 0.1, 0.5, 0.5))
    plotting.cell_texts(fig, [(2.8, 1.9)], ["a label past the right edge"], 8, left=True)
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    assert box.x1 > 3.5  # inches: the label reaches past the figure's 3-inch width
