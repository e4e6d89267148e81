"""Lesson 08's explorer: one channel's feature map and the input pixels its strongest unit sees.

It works on plain arrays (an image, its feature maps, `shapes.receptive_field` rows), so it
is tested without TensorFlow; the model is only needed to make them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, shapes
from course_utils.figures import features as figures
from course_utils.shapes import ReceptiveField
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int


class FeatureData(NamedTuple):
    """The explorer's inputs, checked: one image, its maps by layer, their fields by layer."""

    image: np.ndarray  # (H, W)
    maps: dict[str, np.ndarray]  # {layer: (h, w, channels)}
    fields: dict[str, ReceptiveField]


class FeatureState(NamedTuple):
    """One channel of one layer, and its strongest unit."""

    image: np.ndarray
    layer: str
    channel: int
    shape: tuple[int, int, int]  # the layer's maps: (h, w, channels)
    values: np.ndarray  # the channel's map (h, w)
    field: ReceptiveField
    unit: tuple[int, int]  # (row, col) of the largest value


def feature_data(
    image: np.ndarray, maps: Mapping[str, np.ndarray], fields: Sequence[ReceptiveField]
) -> FeatureData:
    """Check and gather the inputs; a leading batch axis of 1 on a map is dropped."""
    img = _validate.image("image", image, colour=False)
    if not isinstance(maps, Mapping) or not maps:
        raise _validate.fail("maps", maps, "maps must be a dict {layer name: (H, W, C) maps}")
    checked = {}
    for name, value in maps.items():
        arr = _validate.array(f"maps[{name!r}]", value, ndims=(3, 4))
        if (arr.ndim == 4 and arr.shape[0] != 1) or 0 in arr.shape:
            shown = f"<array of shape {arr.shape}>"
            raise _validate.fail(f"maps[{name!r}]", shown, "pass the maps of ONE image, (H, W, C)")
        checked[str(name)] = arr.reshape(arr.shape[-3:])
    rows = list(fields) if isinstance(fields, Sequence) and not isinstance(fields, str) else []
    by_name = {f.name: f for f in rows if isinstance(f, ReceptiveField)}
    if not rows or len(by_name) != len(rows) or not set(checked) <= set(by_name):
        raise _validate.fail(
            "fields",
            fields,
            "fields must be shapes.receptive_field(model), with a row for each layer of maps",
        )
    return FeatureData(img, checked, by_name)


def feature_state(data: FeatureData, values: Mapping[str, Any]) -> FeatureState:
    """The chosen channel's map and its strongest unit (the first one on ties)."""
    layer, channel = values["layer"], values["channel"]
    maps = data.maps[layer]
    _validate.int_range("channel", channel, 0, maps.shape[-1] - 1, f"{layer}'s channels")
    fmap = maps[..., channel]
    row, col = np.unravel_index(int(np.argmax(fmap)), fmap.shape)
    return FeatureState(
        data.image, layer, channel, maps.shape, fmap, data.fields[layer], (int(row), int(col))
    )


def channel_limits(data: FeatureData, values: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """The channel slider runs over the chosen layer's channels."""
    return {"channel": (0, data.maps[values["layer"]].shape[-1] - 1)}


def feature_caption(state: FeatureState) -> str:
    """The map's size, the field's size/jump/start and the unit's window, with the formula."""
    f, (row, col) = state.field, state.unit
    (r0, r1), (c0, c1) = shapes.unit_window(f, row), shapes.unit_window(f, col)
    h, w, c = state.shape
    return (
        f"<b>{html.escape(state.layer)}</b>: {h}×{w}×{c} maps; receptive field "
        f"<b>{f.size}×{f.size}</b> pixels, jump {f.jump}, start {f.start}.<br>"
        f"Strongest unit of channel {state.channel}: ({row}, {col}) = "
        f"{state.values[row, col]:.2f}; it sees rows {f.start} + {row}·{f.jump} = {r0} … {r1} "
        f"and columns {f.start} + {col}·{f.jump} = {c0} … {c1}."
    )


def _draw(state: FeatureState, fig: Any) -> Any:
    return figures.feature_view(state.image, state.values, state.field, state.unit, fig)


def features_explorer(
    image: np.ndarray,
    maps: Mapping[str, np.ndarray],
    fields: Sequence[ReceptiveField],
    layer: str | None = None,
    channel: int = 0,
) -> ExplorerView:
    """Explorer: pick a layer and a channel; see its map and the input its strongest unit sees."""
    data = feature_data(image, maps, fields)
    names = list(data.maps)
    layer = names[0] if layer is None else _validate.choice("layer", layer, names)
    channels = data.maps[layer].shape[-1]
    channel = _validate.int_range("channel", channel, 0, channels - 1, f"{layer}'s channels")
    deepest = names[-1]  # the static picture: the largest field, on its strongest channel
    explorer = Explorer(
        title="What one channel found, and the input pixels its strongest unit can see",
        controls={
            "layer": Choice("layer", names, dropdown=len(names) > 5),
            "channel": Int("channel", 0, max(m.shape[-1] for m in data.maps.values()) - 1),
        },
        compute=partial(feature_state, data),
        limits=partial(channel_limits, data),
        draw=_draw,
        caption=feature_caption,
        layout=[["layer", "channel"]],
        static={"layer": deepest, "channel": int(data.maps[deepest].max(axis=(0, 1)).argmax())},
    )
    return explorer.show(layer=layer, channel=channel)
