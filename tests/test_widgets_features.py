"""course_utils.widgets.features: the explorer's checks, state, limits, caption and view."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import shapes
from course_utils.widgets import features
from course_utils.widgets._core import DENSITY, new_figure, static_png

NAMES = ["conv_1", "pool_1", "conv_2", "pool_2"]
CHANNELS = {"conv_1": 4, "pool_1": 4, "conv_2": 6, "pool_2": 6}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _fields():
    rows = shapes.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)])
    return [f._replace(name=n) for f, n in zip(rows, NAMES, strict=True)]


def _maps(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    sizes = {"conv_1": 26, "pool_1": 13, "conv_2": 11, "pool_2": 5}
    return {n: rng.random((s, s, CHANNELS[n])) for n, s in sizes.items()}


def _digit() -> np.ndarray:
    img = np.zeros((28, 28))
    img[6:22, 12:16] = 1.0  # a "1"
    return img


def _data(maps=None):
    return features.feature_data(_digit(), _maps() if maps is None else maps, _fields())


def _explorer(**values):
    return features.features_explorer(_digit(), _maps(), _fields(), **values)


def test_state_finds_the_strongest_unit_and_its_field():
    maps = _maps()
    maps["pool_2"][..., 3] = 0.0
    maps["pool_2"][1, 4, 3] = 5.0
    state = features.feature_state(_data(maps), {"layer": "pool_2", "channel": 3})
    assert state.unit == (1, 4) and state.shape == (5, 5, 6)
    assert state.field.size == 10 and state.values[1, 4] == 5.0
    assert state.window == ((4, 13), (16, 25))
    np.testing.assert_array_equal(state.seen, _digit()[4:14, 16:26])


def test_state_fills_what_lies_past_the_border_with_nan():
    same = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)[-1]  # unit 0: -4 … 10
    maps = {"deep": np.zeros((4, 4, 1))}
    data = features.feature_data(_digit(), maps, [same._replace(name="deep")])
    seen = features.feature_state(data, {"layer": "deep", "channel": 0}).seen
    assert seen.shape == (15, 15)
    assert np.isnan(seen[:4]).all() and np.isnan(seen[:, :4]).all()
    np.testing.assert_array_equal(seen[4:, 4:], _digit()[:11, :11])


def test_draw_marks_the_unit_and_its_field_and_reuses_its_panels():
    data = _data()
    fig = new_figure()
    features.feature_draw(features.feature_state(data, {"layer": "pool_2", "channel": 0}), fig)
    ax_in, ax_map, ax_seen = fig.axes
    state = features.feature_state(data, {"layer": "conv_2", "channel": 1})
    (r0, _), (c0, _) = state.window
    assert features.feature_draw(state, fig) is fig
    assert fig.axes == [ax_in, ax_map, ax_seen]  # the same panels, updated
    assert ax_in.patches[0].get_xy() == (c0 - 0.5, r0 - 0.5)
    assert ax_in.patches[0].get_width() == 8
    assert ax_map.patches[0].get_xy() == (state.unit[1] - 0.5, state.unit[0] - 0.5)
    assert ax_in.get_xlim() == (-0.5, 27.5)  # the box does not widen the picture
    assert ax_map.get_xlim() == (-0.5, 10.5)
    np.testing.assert_array_equal(ax_seen.images[0].get_array(), state.seen)


def test_caption_shows_the_formula():
    maps = _maps()
    maps["conv_2"][..., 0] = 0.0
    maps["conv_2"][5, 2, 0] = 1.5
    text = features.feature_caption(
        features.feature_state(_data(maps), {"layer": "conv_2", "channel": 0})
    )
    assert "11×11×6 maps" in text and "<b>8×8</b>" in text and "jump 2" in text
    assert "(5, 2) = 1.50" in text
    assert "rows 0 + 5·2 = 10 … 17" in text and "columns 0 + 2·2 = 4 … 11" in text


def test_settle_clamps_the_channel_to_the_layer():
    view = _explorer(layer="conv_2", channel=5)
    explorer = view.explorer
    values, limits = explorer.settle({"layer": "conv_1", "channel": 5})
    assert values == {"layer": "conv_1", "channel": 3} and limits == {"channel": (0, 3)}
    assert explorer.settle({"layer": "pool_2", "channel": 5})[0]["channel"] == 5


def test_feature_data_drops_a_batch_of_one_and_refuses_what_does_not_belong():
    batched = {n: m[None] for n, m in _maps().items()}
    assert _data(batched).maps["conv_2"].shape == (11, 11, 6)
    with pytest.raises(ValueError, match="ONE image"):
        _data({"conv_1": np.zeros((2, 26, 26, 4))})
    with pytest.raises(ValueError, match="fields="):
        features.feature_data(_digit(), {"other": np.zeros((5, 5, 2))}, _fields())
    with pytest.raises(ValueError, match="fields="):
        features.feature_data(_digit(), _maps(), [(3, 1)])
    with pytest.raises(ValueError, match="maps="):
        _data({})
    with pytest.raises(ValueError, match="grey image"):
        features.feature_data(np.zeros((28, 28, 3)), _maps(), _fields())


def test_each_change_redraws_once_and_updates_the_caption():
    view = _explorer(layer="conv_2")
    assert "<b>conv_2</b>" in view.caption.value and view.renders == 1
    first = bytes(view.image.value)
    assert first.startswith(b"\x89PNG")
    view.set(layer="pool_2")
    assert view.renders == 2 and "<b>10×10</b>" in view.caption.value
    assert bytes(view.image.value) != first
    view.set(channel=5)
    assert view.renders == 3 and "channel 5" in view.caption.value
    view.set(layer="conv_1")  # 4 channels: the limit moves the channel too, one render
    assert view.renders == 4 and view.values == {"layer": "conv_1", "channel": 3}
    assert view.controls["channel"].max == 3 and "channel 3" in view.caption.value


def test_static_state_is_the_deepest_layer_not_the_notebooks_start():
    maps = _maps()
    view = features.features_explorer(_digit(), maps, _fields(), layer="conv_2", channel=2)
    static = view.explorer.static
    assert static == {"layer": "pool_2", "channel": int(maps["pool_2"].max(axis=(0, 1)).argmax())}
    assert static != view.values
    png = static_png(view.explorer)  # what GitHub and nbviewer show
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") <= 960 * DENSITY
    assert int(view.image.width) <= 960  # fits a 1,000-pixel output area


@pytest.mark.parametrize(
    "values, words",
    [
        ({"layer": "dense"}, "layer='dense'"),
        ({"layer": "conv_2", "channel": -1}, "channel=-1"),
        ({"channel": 6}, "channel=6"),  # no layer has 7 channels
    ],
)
def test_explorer_refuses_bad_starting_values(values, words):
    with pytest.raises(ValueError, match=words):
        _explorer(**values)


def test_a_channel_past_the_layers_starts_on_its_last_one():
    assert _explorer(channel=4).values == {"layer": "conv_1", "channel": 3}  # 4 channels
