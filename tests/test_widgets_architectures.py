"""course_utils.widgets.architectures: timeline data, model facts against Keras, the bottleneck."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import shapes
from course_utils.widgets import architectures


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the timeline


def test_milestones_are_in_order_with_the_published_figures():
    years = [m.year for m in architectures.MILESTONES]
    assert years == sorted(years)
    names = [m.name for m in architectures.MILESTONES]
    assert names == [
        "Neocognitron",
        "Zip-code network",
        "LeNet-5",
        "AlexNet",
        "ZFNet",
        "VGG",
        "GoogLeNet",
        "ResNet",
    ]
    errors = {m.name: m.top5_error for m in architectures.MILESTONES}
    assert errors == {
        "Neocognitron": None,
        "Zip-code network": None,
        "LeNet-5": None,
        "AlexNet": 15.3,
        "ZFNet": 14.8,
        "VGG": 7.3,
        "GoogLeNet": 6.67,
        "ResNet": 3.57,
    }
    for m in architectures.MILESTONES:
        assert m.source and m.figure_note and m.added
        # the venue's year: the contest year, or the next one (ZFNet, VGG, GoogLeNet, ResNet)
        assert str(m.year) in m.source or str(m.year + 1) in m.source


def test_milestones_text_has_every_step_and_sources_on_request():
    short = architectures.milestones_text()
    assert len(short.splitlines()) == len(architectures.MILESTONES)
    assert "15.30%" in short and "—" in short
    full = architectures.milestones_text(sources=True)
    assert full.count("source:") == len(architectures.MILESTONES)
    assert "CVPR 2016" in full


def test_plot_timeline_draws_two_panels_and_reuses_a_figure():
    fig = architectures.plot_timeline()
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    late = fig.axes[1]
    ys = np.concatenate([c.get_offsets()[:, 1] for c in late.collections])
    assert sorted(ys.tolist()) == sorted([15.3, 14.8, 7.3, 6.67, 3.57])
    again = architectures.plot_timeline(fig=fig)
    assert again is fig and len(fig.axes) == 2


@pytest.mark.parametrize("bad", [[], "LeNet", [1, 2], 42])
def test_bad_milestones_raise(bad):
    with pytest.raises(ValueError, match="milestones"):
        architectures.milestones_text(bad)


def test_out_of_range_error_raises():
    m = architectures.MILESTONES[3]._replace(top5_error=153.0)
    with pytest.raises(ValueError, match="top5_error=153.0"):
        architectures.plot_timeline([m])


# ---------------------------------------------------------------- model facts vs Keras


def _lenet5():
    return keras.Sequential(
        [
            keras.Input(shape=(32, 32, 1)),
            keras.layers.Conv2D(6, 5, activation="tanh"),
            keras.layers.AveragePooling2D(2),
            keras.layers.Conv2D(16, 5, activation="tanh"),
            keras.layers.AveragePooling2D(2),
            keras.layers.Conv2D(120, 5, activation="tanh"),
            keras.layers.Flatten(),
            keras.layers.Dense(84, activation="tanh"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def test_lenet5_facts():
    facts = architectures.model_facts(_lenet5(), "LeNet-5")
    assert facts.params == 61_706
    assert facts.depth == 5  # C1, C3, C5, F6, output
    assert facts.input_shape == (32, 32, 1)
    assert facts.output_shape == (10,)
    assert facts.last_feature_map == (1, 1, 120)
    assert shapes.explain_model(_lenet5()).all_agree


def test_depth_counts_depthwise_and_nested_models():
    inner = keras.Sequential(
        [keras.Input(shape=(8, 8, 4)), keras.layers.DepthwiseConv2D(3), keras.layers.Conv2D(2, 1)]
    )
    outer = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 4)),
            inner,
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.BatchNormalization(),
            keras.layers.Dense(3),
        ]
    )
    kinds = [type(layer).__name__ for layer in architectures.weight_layers(outer)]
    assert kinds == ["DepthwiseConv2D", "Conv2D", "Dense"]
    facts = architectures.model_facts(outer)
    assert facts.depth == 3 and facts.last_feature_map == (6, 6, 2)
    assert facts.params == outer.count_params()


def test_mobilenetv2_facts_without_download():
    model = keras.applications.MobileNetV2(weights=None, input_shape=(224, 224, 3))
    facts = architectures.model_facts(model, "MobileNetV2")
    assert facts.params == 3_538_984
    assert facts.depth == 53
    assert facts.last_feature_map == (7, 7, 1280)
    assert facts.output_shape == (1000,)


def test_facts_table_and_plot():
    rows = [
        architectures.ModelFacts("A", 61_706, 5, (32, 32, 1), (10,), (1, 1, 120)),
        architectures.ModelFacts("B", 138_357_544, 16, (224, 224, 3), (1000,), (7, 7, 512)),
    ]
    text = architectures.facts_table(rows)
    lines = text.splitlines()
    assert len(lines) == 4
    assert "138,357,544" in lines[3] and "7×7×512" in lines[3]
    fig = architectures.plot_model_comparison(rows)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [61_706, 138_357_544]
    assert architectures.plot_model_comparison(rows, fig=fig) is fig


@pytest.mark.parametrize("bad", [[], "x", [1]])
def test_bad_rows_raise(bad):
    with pytest.raises(ValueError, match="rows"):
        architectures.facts_table(bad)


def test_not_a_model_raises():
    with pytest.raises(ValueError, match="model=int"):
        architectures.model_facts(3)


# ---------------------------------------------------------------- LeNet-5's C3 table


def test_c3_table_has_60_connections_and_1516_parameters():
    table = architectures.lenet5_c3_table()
    assert table.shape == (6, 16) and table.dtype == bool
    assert int(table.sum()) == 60
    assert [int(n) for n in table.sum(axis=0)] == [3] * 6 + [4] * 9 + [6]
    assert table.sum() * 25 + 16 == 1516  # the paper's count for C3
    assert table.all(axis=0)[15] and not table[:, :15].all(axis=0).any()


# ---------------------------------------------------------------- the bottleneck


def test_bottleneck_matches_keras():
    b = architectures.bottleneck_params(256, 64, 3)
    direct = keras.layers.Conv2D(256, 3)
    direct.build((None, 8, 8, 256))
    assert b.direct == direct.count_params() == 590_080
    stack = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 256)),
            keras.layers.Conv2D(64, 1),
            keras.layers.Conv2D(64, 3, padding="same"),
            keras.layers.Conv2D(256, 1),
        ]
    )
    assert b.bottleneck == stack.count_params() == 70_016
    assert b.ratio == pytest.approx(590_080 / 70_016)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"channels": 0, "width": 1}, "channels=0"),
        ({"channels": 64, "width": 128}, "width=128"),
        ({"channels": 64, "width": 16, "kernel_size": 2.5}, "kernel_size=2.5"),
    ],
)
def test_bad_bottleneck_raises(kwargs, words):
    with pytest.raises(ValueError, match=words):
        architectures.bottleneck_params(**kwargs)


def test_bottleneck_caption_and_plot():
    b = architectures.bottleneck_params(256, 64)
    caption = architectures.bottleneck_caption_html(b)
    assert "590,080" in caption and "70,016" in caption and "8.4×" in caption
    ax = architectures.plot_bottleneck(256, 64)
    widths = sorted(p.get_width() for p in ax.patches)
    assert sum(widths) == b.direct + b.bottleneck
    assert ax.get_title().startswith("256 channels")
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert any(label.endswith((" k", " M")) for label in labels), labels  # 500 k, not 0.5 1e6
    assert ax.xaxis.get_offset_text().get_text() == ""


def test_residual_diagram_draws():
    ax = architectures.plot_residual_block()
    texts = [t.get_text() for t in ax.texts]
    assert "+" in texts and "x" in texts and "y" in texts


def test_channel_mix_draws_brightness_in_grey_and_signed_values_centred():
    rng = np.random.default_rng(0)
    photo = rng.uniform(size=(6, 8, 3))
    mix = np.array([[0.299, 1.0], [0.587, 0.0], [0.114, -1.0]])
    fig = architectures.plot_channel_mix(photo, photo @ mix, titles=["photo", "grey", "r - b"])
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["photo", "grey", "r - b"]
    grey, signed = panels[1].images[0], panels[2].images[0]
    assert grey.get_cmap().name == "gray" and grey.get_clim() == (0, 1)
    low, high = signed.get_clim()
    assert signed.get_cmap().name == "RdBu_r" and high > 0 and low == -high
    assert len(fig.axes) == 4  # three panels and the signed panel's colour bar


@pytest.mark.parametrize(
    "photo, mixed, words",
    [
        (np.zeros((4, 4)), np.zeros((4, 4, 1)), "photo has shape"),
        (np.zeros((4, 4, 3)), np.zeros((5, 4, 1)), "mixed has shape"),
    ],
)
def test_channel_mix_rejects_mismatched_shapes(photo, mixed, words):
    with pytest.raises(ValueError, match=words):
        architectures.plot_channel_mix(photo, mixed)


# ---------------------------------------------------------------- the explorer


def test_explorer_updates_quickly():
    import time

    explorer = architectures.bottleneck_explorer()
    assert "590,080" in explorer.caption.value
    start = time.perf_counter()
    explorer.set(width=128)
    elapsed = time.perf_counter() - start
    assert "128" in explorer.caption.value
    assert elapsed < 3.0  # the goal is < 100 ms; generous for a loaded 2-core CI machine
    explorer.set(channels=64)  # width 128 > 64 channels: say why, do not raise
    assert "width=128" in explorer.caption.value
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle


@pytest.mark.parametrize(
    "kwargs, words", [({"channels": 100}, "channels=100"), ({"kernel_size": 4}, "kernel_size=4")]
)
def test_explorer_rejects_values_outside_its_controls(kwargs, words):
    with pytest.raises(ValueError, match=words):
        architectures.bottleneck_explorer(**kwargs)


def test_timeline_labels_the_2013_point_as_the_zfnet_paper_figure():
    fig = architectures.plot_timeline()
    labels = [t.get_text() for t in fig.axes[1].texts]
    assert "ZFNet (paper) 14.8%" in labels
    zf = next(m for m in architectures.MILESTONES if m.name == "ZFNet")
    assert "Clarifai" in zf.figure_note and "11.7%" in zf.figure_note
    neo = architectures.MILESTONES[0]
    assert "without backpropagation" in neo.figure_note and "by hand" not in neo.figure_note
