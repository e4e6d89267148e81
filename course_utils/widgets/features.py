"""Lesson 08's explorer: one channel's feature map and the input pixels its strongest unit sees.

It works on plain arrays (an image, its feature maps, `shapes.receptive_field` rows), so it
is tested without TensorFlow; the model is only needed to make them. Its picture (the input
with the unit's window, the channel's map with the unit, the pixels it sees) is drawn here:
no lesson figure shows it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, plotting, shapes
from course_utils.plotting import IMAGE_CMAP, SEQUENTIAL_CMAP
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
    window: tuple[tuple[int, int], tuple[int, int]]  # the input rows and columns it sees
    seen: np.ndarray  # those pixels (field.size, field.size), NaN past the image's border


def feature_data(
    image: np.ndarray, maps: Mapping[str, np.ndarray], fields: Sequence[ReceptiveField]
) -> FeatureData:
    """Check and gather the inputs; a leading batch axis of 1 on a map is dropped."""
    img = _validate.image("image", image, colour=False)
    maps = _validate.mapping("maps", maps, "{layer name: (H, W, C) maps}")
    checked = {}
    for name, value in maps.items():
        arr = _validate.array(f"maps[{name!r}]", value, ndims=(3, 4))
        if (arr.ndim == 4 and arr.shape[0] != 1) or 0 in arr.shape:
            raise _validate.fail(f"maps[{name!r}]", arr, "pass the maps of ONE image, (H, W, C)")
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
    """The chosen channel's map, its strongest unit (the first one on ties), and the input
    pixels that unit sees."""
    layer, channel = values["layer"], values["channel"]
    maps = data.maps[layer]
    fmap = maps[..., channel]
    row, col = (int(i) for i in np.unravel_index(int(np.argmax(fmap)), fmap.shape))
    field = data.fields[layer]
    window = (shapes.unit_window(field, row), shapes.unit_window(field, col))
    seen = _seen(data.image, window, field.size)
    return FeatureState(
        data.image, layer, channel, maps.shape, fmap, field, (row, col), window, seen
    )


def _seen(image: np.ndarray, window: tuple, size: int) -> np.ndarray:
    """The size × size pixels inside `window` ((r0, r1), (c0, c1), inclusive), NaN past the
    image's border (where 'same' padding put zeros)."""
    (r0, r1), (c0, c1) = window
    seen = np.full((size, size), np.nan)
    top, left = max(r0, 0), max(c0, 0)
    bottom, right = min(r1 + 1, image.shape[0]), min(c1 + 1, image.shape[1])
    seen[top - r0 : bottom - r0, left - c0 : right - c0] = image[top:bottom, left:right]
    return seen


def channel_limits(data: FeatureData, values: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """The channel slider runs over the chosen layer's channels."""
    return {"channel": (0, data.maps[values["layer"]].shape[-1] - 1)}


def feature_caption(state: FeatureState) -> str:
    """The map's size, the field's size/jump/start and the unit's window, with the formula."""
    f, (row, col) = state.field, state.unit
    (r0, r1), (c0, c1) = state.window
    h, w, c = state.shape
    return (
        f"<b>{html.escape(state.layer)}</b>: {h}×{w}×{c} maps; receptive field "
        f"<b>{f.size}×{f.size}</b> pixels, jump {f.jump}, start {f.start}.<br>"
        f"Strongest unit of channel {state.channel}: ({row}, {col}) = "
        f"{state.values[row, col]:.2f}; it sees rows {f.start} + {row}·{f.jump} = {r0} … {r1} "
        f"and columns {f.start} + {col}·{f.jump} = {c0} … {c1}."
    )


def _panels(fig: Any) -> tuple[Any, tuple]:
    """The three panels, made once: their images (input, map, what the unit sees), then the
    boxes on the input and on the map. Fixed margins, no layout engine: redrawn per change."""
    from matplotlib.patches import Rectangle

    fig = plotting.canvas((7.2, 2.6), fig, layout=None)
    axes = fig.subplots(1, 3)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9, wspace=0.08)
    titles = ("input and field", "channel map", "what the unit sees")
    cmaps = (IMAGE_CMAP, SEQUENTIAL_CMAP, IMAGE_CMAP)
    images = []
    for ax, title, cmap in zip(axes, titles, cmaps, strict=True):
        images.append(ax.imshow(np.zeros((1, 1)), cmap=cmap, interpolation="nearest"))
        ax.set_title(title, fontsize=9)
        ax.set_axis_off()
    box = {"fill": False, "edgecolor": plotting.OKABE_ITO[3], "linewidth": 2.2, "clip_on": False}
    boxes = [ax.add_patch(Rectangle((0, 0), 1, 1, **box)) for ax in axes[:2]]
    return fig, (*images, *boxes)


def feature_draw(state: FeatureState, fig: Any) -> Any:
    """The input with the unit's window, the map with the unit, and the pixels it sees."""
    fig, parts = plotting.reused(fig, "features", _panels)
    shown_in, shown_map, shown_seen, box_in, box_map = parts
    for shown, data in (
        (shown_in, state.image),
        (shown_map, state.values),
        (shown_seen, state.seen),
    ):
        h, w = data.shape
        shown.set_data(data)
        shown.set_extent((-0.5, w - 0.5, h - 0.5, -0.5))
        shown.axes.set(xlim=(-0.5, w - 0.5), ylim=(h - 0.5, -0.5))  # not widened by a box
    low, high = float(state.image.min()), float(state.image.max())
    shown_in.set_clim(low, high)
    shown_seen.set_clim(low, high)
    shown_map.set_clim(float(state.values.min()), float(state.values.max()))
    (r0, _), (c0, _) = state.window
    row, col = state.unit
    box_in.set_bounds(c0 - 0.5, r0 - 0.5, state.field.size, state.field.size)
    box_map.set_bounds(col - 0.5, row - 0.5, 1, 1)
    return fig


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
    deepest = names[-1]  # the static picture: the largest field, on its strongest channel
    explorer = Explorer(
        title="What one channel found, and the input pixels its strongest unit can see",
        controls={
            "layer": Choice("layer", names, dropdown=len(names) > 5),
            "channel": Int("channel", 0, max(m.shape[-1] for m in data.maps.values()) - 1),
        },
        compute=partial(feature_state, data),
        limits=partial(channel_limits, data),
        draw=feature_draw,
        caption=feature_caption,
        layout=[["layer", "channel"]],
        static={"layer": deepest, "channel": int(data.maps[deepest].max(axis=(0, 1)).argmax())},
    )
    return explorer.show(layer=names[0] if layer is None else layer, channel=channel)
