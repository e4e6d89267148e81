"""course_utils.figures.convolution: lesson 02's kernels and figures, against real Keras."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import plotting
from course_utils.figures import convolution as figures
from course_utils.widgets._core import new_figure


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def keras_conv(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Keras's own convolution ('valid', stride 1: what Conv2D runs) of one grey image."""
    y = keras.ops.conv(
        x[None, :, :, None].astype("float32"), kernel[:, :, None, None].astype("float32")
    )
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


def _map(fig: Figure) -> np.ndarray:
    """The values plot_filtered drew in its feature-map panel."""
    return np.asarray(fig.axes[2].images[0].get_array(), dtype=float)


def _words(ax, gid: str = plotting.TITLE) -> str:
    """What a panel writes as glyphs (its title, key or numbers): the collection's label."""
    return next((c.get_label() for c in ax.collections if c.get_gid() == gid), "")


def _bar_ends(fig: Figure) -> list[str]:
    """The `extend` of each colour bar shown in `fig` (matplotlib keeps the bar on its axes)."""
    return [
        ax._colorbar.extend
        for ax in fig.axes
        if getattr(ax, "_colorbar", None) and ax.get_visible()
    ]


def test_presets_and_which_of_them_show_as_a_photo():
    assert list(figures.PRESETS) == [
        "identity",
        "vertical edge",
        "horizontal edge",
        "blur",
        "sharpen",
    ]
    assert [figures.shows_as_photo(k) for k in figures.PRESETS.values()] == [
        True,
        False,
        False,
        True,
        True,
    ]
    blur = figures.PRESETS["blur"]
    assert figures.shows_as_photo(2 * blur) and figures.shows_as_photo(0.5 * blur)
    assert not figures.shows_as_photo(-blur) and not figures.shows_as_photo(np.zeros((3, 3)))
    assert not figures.PRESETS["sharpen"].flags.writeable  # nobody changes a preset by accident
    assert "identity" not in figures.GALLERY  # it would only give the original back


@pytest.mark.parametrize("name", list(figures.PRESETS))
def test_filter_state_matches_keras(name):
    image = np.random.default_rng(0).random((20, 17))
    k = figures.PRESETS[name]
    expected = keras_conv(image, k)
    s = figures.filter_state(image, k)
    np.testing.assert_allclose(s.fmap, expected, atol=1e-5)
    assert s.negative == pytest.approx(np.mean(expected < 0), abs=0.01)
    np.testing.assert_allclose(
        figures.filter_state(image, k, relu=True).fmap, np.maximum(expected, 0), atol=1e-5
    )


@pytest.mark.parametrize("name", list(figures.PRESETS))
def test_plot_filtered_draws_what_keras_computes(name):
    image = np.random.default_rng(0).random((20, 17))
    k = figures.PRESETS[name]
    expected = keras_conv(image, k)
    for relu in (False, True):
        fig = figures.plot_filtered(image, k, relu=relu)
        want = np.maximum(expected, 0) if relu else expected
        if figures.shows_as_photo(k):  # drawn on the image's grey scale, clipped
            want = np.clip(want, 0, 1)
        np.testing.assert_allclose(_map(fig), want, atol=1e-5)
        assert _words(fig.axes[2]) == "feature map 18×15" + (" after ReLU" if relu else "")


def test_plot_filtered_shows_a_brighter_blur_as_a_brighter_photo():
    """Check-your-understanding Q5: doubling the blur must look BRIGHTER, not turn red."""
    image = np.random.default_rng(4).random((30, 24)) * 0.6  # values 0 … 0.6
    blur = figures.PRESETS["blur"]
    drawn = {}
    for name, k in (("blur", blur), ("double", 2 * blur)):
        fig = figures.plot_filtered(image, k)
        shown = fig.axes[2].images[0]
        assert shown.get_cmap().name == "gray" and shown.get_clim() == (0.0, 1.0)
        assert fig.axes[0].images[0].get_clim() == (0.0, 1.0)  # the same scale as the input
        assert sum(ax.get_visible() for ax in fig.axes) == 4  # image, kernel, map, colour bar
        assert _words(fig.axes[2], plotting.BELOW) == "grey as the image: 0 black, 1 white"
        drawn[name] = _map(fig)
    assert drawn["double"].mean() > 1.5 * drawn["blur"].mean()  # brighter, visibly
    assert drawn["double"].max() <= 1.0  # clipped at white
    fig = figures.plot_filtered(image, figures.PRESETS["vertical edge"])
    assert _words(fig.axes[2], plotting.BELOW) == "red > 0, blue < 0"
    assert fig._suptitle is None  # the explorer's caption carries the numbers


def test_draw_filtered_redraws_in_place_what_changed():
    rng = np.random.default_rng(7)
    photo, digit = rng.random((30, 24)), rng.random((12, 12))
    fig = new_figure()
    assert (
        figures.draw_filtered(figures.filter_state(photo, figures.PRESETS["sharpen"]), fig) is fig
    )
    axes = list(fig.axes)
    for image, k, relu in (
        (photo, figures.PRESETS["vertical edge"], True),
        (digit, 2 * figures.PRESETS["blur"], False),  # another image: the same panels
        (photo, figures.PRESETS["identity"], False),
    ):
        figures.draw_filtered(figures.filter_state(image, k, relu), fig)
        assert fig.axes == axes  # the same panels and colour bars, new numbers
        fresh = figures.plot_filtered(image, k, relu=relu)  # drawn from nothing
        np.testing.assert_array_equal(_map(fig), _map(fresh))
        assert fig.axes[2].images[0].get_clim() == fresh.axes[2].images[0].get_clim()
        numbers = _words(fig.axes[1], "cell numbers")
        assert numbers == _words(fresh.axes[1], "cell numbers")
        assert numbers == " ".join(plotting.number(v) for v in np.ravel(k))
        assert _words(fig.axes[0]) == f"image {image.shape[0]}×{image.shape[1]}"
        assert len(_bar_ends(fig)) == 1 and _bar_ends(fig) == _bar_ends(fresh)
        bar = next(ax for ax in fig.axes[3:] if ax.get_visible())._colorbar
        assert (bar.cmap.name, bar.norm.vmin, bar.norm.vmax) == (
            fresh.axes[2].images[0].get_cmap().name,
            *fresh.axes[2].images[0].get_clim(),
        )
    figures.draw_filtered(figures.filter_state(photo, np.ones((2, 2))), fig)  # laid out anew
    assert fig.axes[0] not in axes and len(fig.axes) == len(axes)


def test_colour_bars_show_arrows_where_values_are_clipped():
    norm = plt.Normalize(-1.0, 1.0)
    assert figures._extend(norm, np.array([-0.5, 1.0])) == "neither"
    assert figures._extend(norm, np.array([-2.0, 0.0]), np.array([0.5])) == "min"
    assert figures._extend(norm, np.array([0.0, 3.0])) == "max"
    assert figures._extend(norm, np.array([-2.0, 3.0])) == "both"
    image = np.random.default_rng(6).random((30, 24))
    blur = figures.PRESETS["blur"]
    assert _bar_ends(figures.plot_filtered(image, 2 * blur)) == ["max"]  # up to 2
    assert _bar_ends(figures.plot_filtered(image, blur)) == ["neither"]  # 0 … 1
    # red/blue maps: full colour at the 99th percentile of |value|, the rest is clipped
    assert _bar_ends(figures.plot_filtered(image, figures.PRESETS["vertical edge"])) == ["both"]
    # grey: sharpen goes below 0 and above 1; red/blue: the edge maps are clipped
    assert _bar_ends(figures.plot_kernel_gallery(image)) == ["both", "both"]


def test_gallery_puts_comparable_maps_on_one_scale():
    image = np.random.default_rng(5).random((30, 24))
    fig = figures.plot_kernel_gallery(image)
    # the original, kernel + map each, then a grey and a red/blue colour bar
    assert len(fig.axes) == 1 + 2 * len(figures.GALLERY) + 2
    assert [ax.get_title() for ax in fig.axes[1:-2:2]] == list(figures.GALLERY)
    maps = [fig.axes[i].images[0] for i in (2, 4, 6, 8)]  # vertical, horizontal, blur, sharpen
    assert maps[0].get_clim() == maps[1].get_clim()  # both edge maps: one red/blue scale
    low, high = maps[0].get_clim()
    assert low == -high != 0
    assert maps[2].get_clim() == maps[3].get_clim() == fig.axes[0].images[0].get_clim()
    for i, name in zip((2, 4), ("vertical edge", "horizontal edge"), strict=True):
        expected = keras_conv(image, figures.PRESETS[name])
        np.testing.assert_allclose(fig.axes[i].images[0].get_array(), expected, atol=1e-5)
    fig = figures.plot_kernel_gallery(image, names="blur")
    assert len(fig.axes) == 4  # original, kernel, map and one grey colour bar


def test_on_one_scale_shares_one_colour_bar():
    a, b = np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([[4.0, 0.0], [0.0, -1.0]])
    fig = figures.plot_on_one_scale([a, b], ["a", "b"], numbers=True)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"]
    assert all(ax.images[0].get_clim() == (-4.0, 4.0) for ax in fig.axes[:2])
    assert len(fig.axes) == 3  # two panels and one colour bar
    fig = figures.plot_on_one_scale(np.stack([a, b], axis=-1), ["a", "b"])
    assert fig.axes[1].images[0].get_clim() == (-4.0, 4.0)


def test_parameter_sharing_bars_count_the_weights():
    fig = figures.plot_parameter_sharing(28, 3)
    ax = fig.axes[0]
    assert "9 vs 6,084 vs 529,984 weights" in ax.get_title()
    assert [patch.get_width() for patch in ax.patches] == [9, 26 * 26 * 9, 28 * 28 * 26 * 26]
    assert [t.get_text() for t in ax.texts] == ["9 weights", "6,084 weights", "529,984 weights"]
    fig = figures.plot_parameter_sharing(10, 5)  # 6×6 positions of a 5×5 kernel
    assert "25 vs 900 vs 3,600 weights" in fig.axes[0].get_title()


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: figures.plot_filtered(np.ones((5, 5, 3)), np.ones((3, 3))), "image="),
        (lambda: figures.plot_filtered([[1, np.nan]], np.ones((1, 1))), "finite"),
        (lambda: figures.plot_filtered(np.ones((5, 5)), np.ones((3, 3)), relu="yes"), "relu="),
        (lambda: figures.plot_filtered(np.ones((5, 5)), np.ones(3)), "kernel="),
        (lambda: figures.filter_state(np.ones((5, 5)), np.ones((3, 3)), relu=1.5), "relu=1.5"),
        (lambda: figures.plot_kernel_gallery(np.ones((5, 5)), names=()), "names="),
        (lambda: figures.plot_kernel_gallery(np.ones((5, 5)), names="edge"), "names='edge'"),
        (lambda: figures.plot_on_one_scale([np.ones((2, 2))] * 2, ["a"]), "titles="),
        (lambda: figures.plot_on_one_scale([], []), "arrays="),
        (lambda: figures.plot_parameter_sharing(0, 3), "input_size=0"),
    ],
)
def test_bad_arguments_raise_value_errors_that_name_them(call, words):
    with pytest.raises(ValueError, match=words):
        call()
