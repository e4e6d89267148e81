"""course_utils.models: the timeline's data, model facts and bottleneck counts against Keras."""

from __future__ import annotations

import keras
import pytest

from course_utils import models, shapes

# ---------------------------------------------------------------- the timeline


def test_milestones_are_in_order_with_the_published_figures():
    years = [m.year for m in models.MILESTONES]
    assert years == sorted(years)
    errors = {m.name: m.top5_error for m in models.MILESTONES}
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
    for m in models.MILESTONES:
        assert m.source and m.figure_note and m.added
        assert m.top5_error is None or 0 < m.top5_error < 100
        # the venue's year: the contest year, or the next one (ZFNet, VGG, GoogLeNet, ResNet)
        assert str(m.year) in m.source or str(m.year + 1) in m.source


def test_zfnet_is_the_paper_figure_and_the_neocognitron_learned_without_labels():
    zf = next(m for m in models.MILESTONES if m.name == "ZFNet")
    assert zf.label == "ZFNet (paper)"
    assert "Clarifai" in zf.figure_note and "11.7%" in zf.figure_note
    neo = models.MILESTONES[0]
    assert "without backpropagation" in neo.figure_note and "by hand" not in neo.figure_note


def test_milestones_text_has_every_step_and_sources_on_request():
    short = models.milestones_text()
    assert len(short.splitlines()) == len(models.MILESTONES)
    assert "15.30%" in short and "—" in short
    full = models.milestones_text(sources=True)
    assert full.count("source:") == len(models.MILESTONES)
    assert "CVPR 2016" in full


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
    facts = models.model_facts(_lenet5(), "LeNet-5")
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
    kinds = [type(layer).__name__ for layer in models.weight_layers(outer)]
    assert kinds == ["DepthwiseConv2D", "Conv2D", "Dense"]
    facts = models.model_facts(outer)
    assert facts.depth == 3 and facts.last_feature_map == (6, 6, 2)
    assert facts.params == outer.count_params()


def test_mobilenetv2_facts_without_download():
    model = keras.applications.MobileNetV2(weights=None, input_shape=(224, 224, 3))
    facts = models.model_facts(model, "MobileNetV2")
    assert facts.params == 3_538_984
    assert facts.depth == 53
    assert facts.last_feature_map == (7, 7, 1280)
    assert facts.output_shape == (1000,)


def test_facts_table():
    rows = [
        models.ModelFacts("A", 61_706, 5, (32, 32, 1), (10,), (1, 1, 120)),
        models.ModelFacts("B", 138_357_544, 16, (224, 224, 3), (1000,), (7, 7, 512)),
    ]
    lines = models.facts_table(rows).splitlines()
    assert len(lines) == 4
    assert "138,357,544" in lines[3] and "7×7×512" in lines[3]


@pytest.mark.parametrize("bad", [[], "x", [1], None])
def test_bad_rows_raise(bad):
    with pytest.raises(ValueError, match="rows=.* is not allowed"):
        models.facts_table(bad)


@pytest.mark.parametrize("call", [models.model_facts, models.weight_layers])
def test_not_a_model_raises(call):
    with pytest.raises(ValueError, match="model=<int> is not allowed"):
        call(3)


# ---------------------------------------------------------------- LeNet-5's C3 table


def test_c3_table_has_60_connections_and_1516_parameters():
    table = models.lenet5_c3_table()
    assert table.shape == (6, 16) and table.dtype == bool
    assert int(table.sum()) == 60
    assert [int(n) for n in table.sum(axis=0)] == [3] * 6 + [4] * 9 + [6]
    assert table.sum() * 25 + 16 == 1516  # the paper's count for C3
    assert table.all(axis=0)[15] and not table[:, :15].all(axis=0).any()


# ---------------------------------------------------------------- the bottleneck


@pytest.mark.parametrize("channels, width, k", [(256, 64, 3), (64, 64, 1), (32, 8, 5)])
def test_bottleneck_matches_keras(channels, width, k):
    b = models.bottleneck_params(channels, width, k)
    direct = keras.layers.Conv2D(channels, k)
    direct.build((None, 8, 8, channels))
    assert b.direct == direct.count_params()
    stack = keras.Sequential(
        [
            keras.Input(shape=(8, 8, channels)),
            keras.layers.Conv2D(width, 1),
            keras.layers.Conv2D(width, k, padding="same"),
            keras.layers.Conv2D(channels, 1),
        ]
    )
    layers = [layer.count_params() for layer in stack.layers]
    assert [b.reduce, b.middle, b.expand] == layers
    assert b.bottleneck == stack.count_params()
    assert b.ratio == pytest.approx(b.direct / stack.count_params())


def test_resnet50_first_bottleneck():
    b = models.bottleneck_params(256, 64, 3)
    assert (b.direct, b.bottleneck) == (590_080, 70_016)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"channels": 0, "width": 1}, "channels=0"),
        ({"channels": 64, "width": 128}, "width=128 .* from 1 to 64"),
        ({"channels": 64, "width": 16, "kernel_size": 2.5}, "kernel_size=2.5"),
        ({"channels": True, "width": 1}, "channels=True"),
    ],
)
def test_bad_bottleneck_raises(kwargs, words):
    with pytest.raises(ValueError, match=words):
        models.bottleneck_params(**kwargs)
