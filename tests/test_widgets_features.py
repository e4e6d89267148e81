"""course_utils.widgets.features: fields against real gradients, occlusion, pictures, explorer."""

from __future__ import annotations

import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import shapes
from course_utils.widgets import features

LESSON_SPECS = [(3, 1), (2, 2), (3, 1), (2, 2)]  # conv 3 → pool 2 → conv 3 → pool 2
NAMES = ["conv_1", "pool_1", "conv_2", "pool_2"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _fields():
    return [
        f._replace(name=n) for f, n in zip(shapes.receptive_field(LESSON_SPECS), NAMES, strict=True)
    ]


def _maps(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    sizes = {"conv_1": 26, "pool_1": 13, "conv_2": 11, "pool_2": 5}
    return {n: rng.random((s, s, 4)) for n, s in sizes.items()}


def _digit() -> np.ndarray:
    img = np.zeros((28, 28))
    img[6:22, 12:16] = 1.0  # a "1"
    return img


# ---------------------------------------------------------------- receptive fields


def test_unit_window_follows_start_plus_i_jump():
    pool_2 = _fields()[-1]
    assert (pool_2.size, pool_2.jump, pool_2.start) == (10, 4, 0)
    assert [features.unit_window(pool_2, i) for i in range(5)] == [
        (0, 9),
        (4, 13),
        (8, 17),
        (12, 21),
        (16, 25),
    ]
    same = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)[-1]
    assert features.unit_window(same, 0) == (-4, 10)  # reaches into the zeros
    with pytest.raises(ValueError, match="index=-1"):
        features.unit_window(pool_2, -1)
    with pytest.raises(ValueError, match="field="):
        features.unit_window((10, 4, 0), 1)


def test_field_mask_is_the_window_clipped_to_the_image():
    pool_2 = _fields()[-1]
    mask = features.field_mask(pool_2, 2, 1, (28, 28))
    assert mask.sum() == 100 and mask[8:18, 4:14].all()
    same = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)[-1]
    corner = features.field_mask(same, 0, 0, (28, 28))
    assert corner.sum() == 11 * 11 and corner[:11, :11].all()


def _keras_model(activation, pool):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(4, 3, activation=activation, name="conv_1"),
            pool(2, name="pool_1"),
            keras.layers.Conv2D(4, 3, activation=activation, name="conv_2"),
            pool(2, name="pool_2"),
        ]
    )


def _input_gradient(model, x, layer, row, col, channel):
    import tensorflow as tf

    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    x = tf.constant(x[None, :, :, None].astype("float32"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        unit = sub(x)[0, row, col, channel]
    return tape.gradient(unit, x).numpy()[0, :, :, 0]


@pytest.mark.parametrize(
    "layer, units",
    [
        ("conv_1", [(0, 0), (12, 7)]),
        ("pool_1", [(3, 9)]),
        ("conv_2", [(0, 10), (5, 5)]),
        ("pool_2", [(2, 2), (4, 0)]),
    ],
)
def test_linear_gradients_cover_exactly_the_field(layer, units):
    """The lesson's claim: in a linear copy, non-zero input gradients = the computed field."""
    keras.utils.set_random_seed(1)
    model = _keras_model(None, keras.layers.AveragePooling2D)
    fields = {f.name: f for f in shapes.receptive_field(model)}
    x = np.random.default_rng(0).random((28, 28))
    for row, col in units:
        grad = _input_gradient(model, x, layer, row, col, channel=1)
        mask = features.field_mask(fields[layer], row, col, (28, 28))
        np.testing.assert_array_equal(grad != 0, mask)


def test_relu_and_max_pool_gradients_stay_inside_the_field():
    keras.utils.set_random_seed(2)
    model = _keras_model("relu", keras.layers.MaxPooling2D)
    field = shapes.receptive_field(model)[-1]
    x = np.random.default_rng(1).random((28, 28))
    mask = features.field_mask(field, 2, 2, (28, 28))
    grad = _input_gradient(model, x, "pool_2", 2, 2, channel=0)
    assert not ((grad != 0) & ~mask).any()


def test_strongest_and_central_unit():
    fmap = np.zeros((5, 6))
    fmap[3, 4] = 2.0
    assert features.strongest_unit(fmap) == (3, 4)
    fields = _fields()
    assert [features.central_unit(f, 28) for f in fields] == [12, 6, 5, 2]
    assert [
        features.central_unit(f, 28, n) for f, n in zip(fields, (26, 13, 11, 5), strict=True)
    ] == [
        12,
        6,
        5,
        2,
    ]
    with pytest.raises(ValueError, match="feature_map"):
        features.strongest_unit(np.zeros(3))
    with pytest.raises(ValueError, match="does not fit"):
        features.central_unit(fields[-1], 8)


# ---------------------------------------------------------------- occlusion


def _fake_predict(calls):
    """'Class 1' probability = fraction of the ink in column band 12…15 that is still there."""

    def predict(batch):
        calls.append(batch.shape)
        ink = np.clip(batch[:, 6:22, 12:16, 0], 0, 1)
        ink = np.where(ink == 0.5, 0.0, ink).sum(axis=(1, 2)) / 64.0
        p1 = np.clip(ink, 0, 1)
        return np.stack([1 - p1, p1], axis=1)

    return predict


def test_occlusion_map_positions_and_drops():
    calls = []
    occ = features.occlusion_map(_fake_predict(calls), _digit(), 1, patch_size=8, strides=4)
    per_axis = shapes.conv_output_size(28, 8, strides=4, padding="valid")
    assert occ.drops.shape == (per_axis, per_axis) == (6, 6)
    assert occ.row_starts == occ.col_starts == (0, 4, 8, 12, 16, 20)
    assert calls == [(37, 28, 28, 1)]  # one batch: the untouched image + 36 covered copies
    assert occ.baseline == pytest.approx(1.0)
    # a patch far from the stroke changes nothing; one on the stroke lowers p(1)
    assert occ.drops[0, 0] == pytest.approx(0.0) and occ.drops[0, 5] == pytest.approx(0.0)
    assert occ.drops[2, 3] > 0.2
    heat = features.occlusion_heatmap(occ, (28, 28))
    assert heat.shape == (28, 28) and not np.isnan(heat).any()  # starts 0 … 20 cover 0 … 27
    assert np.nanargmax(heat) // 28 in range(6, 22)  # the worst rows are on the stroke
    sparse = features.occlusion_map(_fake_predict([]), _digit(), 1, patch_size=8, strides=6)
    assert sparse.col_starts == (0, 6, 12, 18)
    heat = features.occlusion_heatmap(sparse, (28, 28))
    assert np.isnan(heat[:, 26:]).all() and np.isnan(heat[26:]).all()
    assert not np.isnan(heat[:26, :26]).any()


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"patch_size": 30}, "patch_size=30"),
        ({"strides": 0}, "strides=0"),
        ({"label": -1}, "label=-1"),
        ({"label": 5}, "predict returned shape"),
        ({"predict": "model"}, "predict="),
        ({"image": np.zeros((28, 28, 3))}, "grayscale"),
    ],
)
def test_occlusion_map_refuses_bad_input(kwargs, words):
    args = {"predict": _fake_predict([]), "image": _digit(), "label": 1, **kwargs}
    with pytest.raises(ValueError, match=words):
        features.occlusion_map(**args)


# ---------------------------------------------------------------- pictures


def test_plot_fields_draws_one_labelled_square_per_layer():
    fig = features.plot_fields(_digit(), _fields())
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [
        "conv_1: 3×3 pixels",
        "pool_1: 4×4 pixels",
        "conv_2: 8×8 pixels",
        "pool_2: 10×10 pixels",
    ]
    boxes = fig.axes[0].patches
    assert [(b.get_width(), b.get_height()) for b in boxes] == [(3, 3), (4, 4), (8, 8), (10, 10)]
    assert boxes[-1].get_xy() == (7.5, 7.5)  # unit (2, 2) of pool_2 starts at pixel 8
    with pytest.raises(ValueError, match="labels"):
        features.plot_fields(_digit(), _fields(), labels=["a"])
    with pytest.raises(ValueError, match="output_sizes"):
        features.plot_fields(_digit(), _fields(), output_sizes=[1, 2])


def test_plot_gradient_check_counts_inside_and_outside():
    mask = features.field_mask(_fields()[-1], 2, 2, (28, 28))
    inside = np.where(mask, 1.0, 0.0)
    leaky = inside.copy()
    leaky[0, 0] = 0.3
    fig = features.plot_gradient_check({"a": inside, "b": leaky}, mask)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].endswith("100 of 100 in the field, 0 outside")
    assert titles[1].endswith("100 of 100 in the field, 1 outside")
    with pytest.raises(ValueError, match="must match"):
        features.plot_gradient_check({"a": np.zeros((5, 5))}, mask)


def test_plot_occlusion_titles():
    occ = features.occlusion_map(_fake_predict([]), _digit(), 1, patch_size=8, strides=4)
    fig = features.plot_occlusion(_digit(), occ)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "the digit: p(1) = 1.00"
    assert titles[1].startswith("worst patch: p(1) = ")
    with pytest.raises(ValueError, match="occlusion"):
        features.plot_occlusion(_digit(), (1, 2))


def test_occlusion_remembers_its_fill_and_black_on_black_changes_nothing():
    black = features.occlusion_map(_fake_predict([]), _digit(), 1, patch_size=8, strides=4, fill=0)
    assert black.fill == 0.0
    assert black.drops[0, 0] == 0.0  # a black patch on the black background: same image
    grey = features.occlusion_map(_fake_predict([]), _digit(), 1, patch_size=8, strides=4)
    assert grey.fill == 0.5


def test_plot_occlusions_share_one_colour_scale_and_mark_the_patch():
    occ = {
        "grey patch": features.occlusion_map(_fake_predict([]), _digit(), 1, 8, 4),
        "black patch": features.occlusion_map(_fake_predict([]), _digit(), 1, 8, 4, fill=0.0),
    }
    fig = features.plot_occlusions(_digit(), occ)
    maps = [ax.images[0] for ax in fig.axes if ax.get_title().endswith("mean drop per pixel")]
    assert len(maps) == 2
    assert maps[0].get_clim() == maps[1].get_clim()
    low, high = maps[0].get_clim()
    assert low == -high > -np.inf
    assert any("one scale" in ax.get_ylabel() for ax in fig.axes)  # the shared colour bar
    patch_axes = [ax for ax in fig.axes if "worst position" in ax.get_title()]
    assert all(len(ax.patches) == 1 for ax in patch_axes)  # the patch is outlined
    with pytest.raises(ValueError, match="occlusions"):
        features.plot_occlusions(_digit(), {"a": (1, 2)})


def test_plot_gradient_check_can_draw_the_digit_underneath():
    mask = features.field_mask(_fields()[-1], 2, 2, (28, 28))
    fig = features.plot_gradient_check({"a": np.where(mask, 1.0, 0.0)}, mask, image=_digit())
    assert len(fig.axes[0].images) == 2  # the digit, then the gradient on top
    assert "grey: the digit" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="image"):
        features.plot_gradient_check({"a": np.zeros((28, 28))}, mask, image=np.zeros((5, 5)))


# ---------------------------------------------------------------- the explorer's core


def test_feature_view_marks_the_strongest_unit_and_its_field():
    maps = _maps()
    maps["pool_2"][..., 3] = 0.0
    maps["pool_2"][1, 4, 3] = 5.0
    fig = features.feature_view(_digit(), maps, _fields(), "pool_2", 3)
    assert "strongest unit of pool_2 channel 3: (1, 4) = 5.00" in fig._suptitle.get_text()
    ax_in, ax_map, ax_crop = fig.axes[:3]
    box = ax_in.patches[0]
    assert box.get_xy() == (15.5, 3.5) and box.get_width() == 10  # columns 16…25, rows 4…13
    assert ax_crop.get_title() == "rows 4–13, columns 16–25"
    assert ax_map.get_title() == "pool_2, channel 3 (5×5)"


def test_feature_caption_shows_the_formula():
    maps = _maps()
    maps["conv_2"][..., 0] = 0.0
    maps["conv_2"][5, 2, 0] = 1.5
    text = features.feature_caption(maps, _fields(), "conv_2", 0)
    assert "11×11×4 maps" in text and "<b>8×8</b>" in text and "jump 2" in text
    assert "(5, 2) = 1.50" in text
    assert "rows 0 + 5·2 = 10 … 17" in text and "columns 0 + 2·2 = 4 … 11" in text


@pytest.mark.parametrize(
    "layer, channel, words",
    [
        ("conv_3", 0, "layer='conv_3'"),
        ("conv_2", 4, "channel=4"),
        ("conv_2", -1, "channel=-1"),
    ],
)
def test_feature_view_refuses_bad_choices(layer, channel, words):
    with pytest.raises(ValueError, match=words):
        features.feature_view(_digit(), _maps(), _fields(), layer, channel)


def test_maps_and_fields_must_belong_together():
    with pytest.raises(ValueError, match="no row of that name"):
        features.feature_view(_digit(), {"other": np.zeros((5, 5, 2))}, _fields(), "other")
    with pytest.raises(ValueError, match="ONE image"):
        features.feature_caption({"conv_1": np.zeros((2, 26, 26, 4))}, _fields(), "conv_1")
    with pytest.raises(ValueError, match="fields="):
        features.feature_caption(_maps(), [(3, 1)], "conv_1")
    with pytest.raises(ValueError, match="maps must be"):
        features.feature_caption({}, _fields(), "conv_1")


def test_explorer_builds_updates_and_is_fast():
    explorer = features.features_explorer(_digit(), _maps(), _fields(), layer="conv_2")
    assert "<b>conv_2</b>" in explorer.caption.value
    first = bytes(explorer.image.value)
    assert first.startswith(b"\x89PNG")
    start = time.perf_counter()
    explorer.set(layer="pool_2")
    elapsed = time.perf_counter() - start
    assert "<b>10×10</b>" in explorer.caption.value
    assert bytes(explorer.image.value) != first
    explorer.set(channel=3)
    assert "channel 3" in explorer.caption.value
    assert explorer.controls["channel"].max == 3
    assert elapsed < 2.0  # generous: shared CI machines are slow; about 0.1 s when idle


def test_explorer_refuses_bad_starting_values():
    with pytest.raises(ValueError, match="layer='dense'"):
        features.features_explorer(_digit(), _maps(), _fields(), layer="dense")
    with pytest.raises(ValueError, match="channel=9"):
        features.features_explorer(_digit(), _maps(), _fields(), channel=9)
