"""What a trained CNN learned: receptive fields on the input, feature maps, occlusion maps.

The pure functions take plain arrays (an image, precomputed feature maps) and the receptive
fields from `shapes.receptive_field`, so they run and are tested without TensorFlow; the
model is only needed to make those arrays. `features_explorer()` wires a layer and a channel
to a picture of the map and the input pixels its strongest unit can see. Importing this
module imports neither TensorFlow nor ipywidgets nor pyplot and changes no matplotlib setting.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate
from course_utils.plotting import DIVERGING_CMAP, IMAGE_CMAP, OKABE_ITO, SEQUENTIAL_CMAP
from course_utils.shapes import ReceptiveField
from course_utils.widgets._base import pyplot

__all__ = [
    "unit_window",
    "field_mask",
    "strongest_unit",
    "central_unit",
    "Occlusion",
    "occlusion_map",
    "occlusion_heatmap",
    "plot_fields",
    "plot_gradient_check",
    "plot_occlusion",
    "plot_occlusions",
    "feature_view",
    "feature_caption",
    "features_explorer",
]

_BLUE, _VERMILLION, _GREEN, _ORANGE = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[3]
_FIELD_COLORS = (OKABE_ITO[4], _GREEN, _ORANGE, _VERMILLION, OKABE_ITO[5], _BLUE)
_GREY = 0.5  # the occluding patch's value on a 0 … 1 image


# ---------------------------------------------------------------- checks


def _field(name: str, value: object) -> ReceptiveField:
    if not isinstance(value, ReceptiveField):
        raise ValueError(
            f"{name}={value!r} is not allowed: {name} must be one row of "
            "shapes.receptive_field(...) (a ReceptiveField)"
        )
    return value


def _image(name: str, value: object) -> np.ndarray:
    """A grayscale image as a float (H, W) array; (H, W, 1) is accepted."""
    arr = _validate.array(name, value, ndims=(2, 3))
    if arr.ndim == 3:
        if arr.shape[-1] != 1:
            raise ValueError(
                f"{name} has shape {arr.shape}: it must be one grayscale image, (H, W) or (H, W, 1)"
            )
        arr = arr[..., 0]
    if 0 in arr.shape:
        raise ValueError(f"{name} has shape {arr.shape}: it needs at least one pixel")
    return arr


def _maps(maps: object) -> dict[str, np.ndarray]:
    """Feature maps {layer name: (H, W, C)}; a leading batch axis of 1 is dropped."""
    if not isinstance(maps, Mapping) or not maps:
        raise ValueError(
            "maps must be a non-empty dict {layer name: feature maps of one image, (H, W, C)}"
        )
    out = {}
    for name, value in maps.items():
        arr = _validate.array(f"maps[{name!r}]", value, ndims=(3, 4))
        if arr.ndim == 4:
            if arr.shape[0] != 1:
                raise ValueError(
                    f"maps[{name!r}] has shape {arr.shape}: pass the maps of ONE image, "
                    "(H, W, C) or (1, H, W, C)"
                )
            arr = arr[0]
        if 0 in arr.shape:
            raise ValueError(f"maps[{name!r}] has shape {arr.shape}: it needs at least one value")
        out[str(name)] = arr
    return out


def _fields_by_name(fields: object, names: Sequence[str]) -> dict[str, ReceptiveField]:
    if isinstance(fields, Mapping):
        rows = list(fields.values())
    elif isinstance(fields, Sequence) and not isinstance(fields, str):
        rows = list(fields)
    else:
        rows = None
    if not rows or not all(isinstance(r, ReceptiveField) for r in rows):
        raise ValueError(
            f"fields={fields!r} is not allowed: fields must be the list that "
            "shapes.receptive_field(model) returns"
        )
    by_name = {r.name: r for r in rows}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise ValueError(
            f"maps has layer {missing[0]!r} but fields has no row of that name "
            f"(fields has {', '.join(map(repr, by_name))}): compute both from the same model"
        )
    return by_name


def _layer(layer: object, names: Sequence[str]) -> str:
    return _validate.choice("layer", layer, list(names))


def _channel(channel: object, channels: int) -> int:
    c = _validate.non_negative_int("channel", channel)
    if c >= channels:
        raise ValueError(
            f"channel={channel!r} is not allowed: this layer has {channels} channels, "
            f"so channel must be 0 … {channels - 1}"
        )
    return c


# ---------------------------------------------------------------- receptive fields


def unit_window(field: ReceptiveField, index: int) -> tuple[int, int]:
    """First and last input pixel (inclusive, one axis) that unit `index` of a layer sees."""
    field = _field("field", field)
    i = _validate.non_negative_int("index", index)
    first = field.start + i * field.jump
    return first, first + field.size - 1


def field_mask(
    field: ReceptiveField, row: int, col: int, input_shape: tuple[int, int]
) -> np.ndarray:
    """Bool (H, W) mask of the input pixels unit (row, col) sees (square kernels; clipped)."""
    h, w = _validate.pair("input_shape", input_shape)
    (r0, r1), (c0, c1) = unit_window(field, row), unit_window(field, col)
    mask = np.zeros((h, w), dtype=bool)
    mask[max(r0, 0) : max(r1 + 1, 0), max(c0, 0) : max(c1 + 1, 0)] = True
    return mask


def strongest_unit(feature_map: np.ndarray) -> tuple[int, int]:
    """(row, col) of the largest value in a 2-D feature map (the first one on ties)."""
    arr = _validate.array("feature_map", feature_map, ndims=(2,))
    if arr.size == 0:
        raise ValueError("feature_map is empty: it needs at least one value")
    row, col = np.unravel_index(int(np.argmax(arr)), arr.shape)
    return int(row), int(col)


def central_unit(field: ReceptiveField, input_size: int, output_size: int | None = None) -> int:
    """Index of the unit whose window's centre is nearest the input's centre (one axis).

    Without `output_size`, only units whose whole window lies inside the input count.
    """
    n = _validate.positive_int("input_size", input_size)
    field = _field("field", field)
    if output_size is None:
        units = np.arange(max(0, -(field.start // field.jump)), n)
        units = units[field.start + units * field.jump >= 0]
        units = units[field.start + units * field.jump + field.size <= n]
        if units.size == 0:
            raise ValueError(
                f"field={field!r} does not fit in input_size={n}: no unit's window lies inside"
            )
    else:
        units = np.arange(_validate.positive_int("output_size", output_size))
    centres = field.start + units * field.jump + (field.size - 1) / 2
    return int(units[np.argmin(np.abs(centres - (n - 1) / 2))])


# ---------------------------------------------------------------- occlusion


class Occlusion(NamedTuple):
    """Result of sliding a grey patch over an image: the drop in the true class's probability."""

    drops: np.ndarray  # (rows, cols): baseline − probability with the patch at that position
    row_starts: tuple[int, ...]  # top pixel of each patch position
    col_starts: tuple[int, ...]  # left pixel of each patch position
    patch_size: int
    strides: int
    baseline: float  # the true class's probability without any patch
    label: int
    fill: float = _GREY  # the patch's value on a 0 … 1 image (0.5 grey, 0 black)


def occlusion_map(
    predict: Callable[[np.ndarray], Any],
    image: np.ndarray,
    label: int,
    patch_size: int = 8,
    strides: int = 2,
    fill: float = _GREY,
) -> Occlusion:
    """Slide a `fill` patch over `image`; record how much the probability of `label` drops.

    `predict` maps a batch (N, H, W, 1) of float32 images to class probabilities (N, classes),
    e.g. ``lambda x: model.predict(x, verbose=0)``; it is called once with every position.
    """
    img = _image("image", image)
    label = _validate.non_negative_int("label", label)
    k = _validate.positive_int("patch_size", patch_size)
    s = _validate.positive_int("strides", strides)
    h, w = img.shape
    if k > min(h, w):
        raise ValueError(
            f"patch_size={k} is not allowed: the patch must fit inside the {h}×{w} image"
        )
    if not callable(predict):
        raise ValueError(f"predict={predict!r} is not allowed: predict must be a function")
    rows = list(range(0, h - k + 1, s))
    cols = list(range(0, w - k + 1, s))
    batch = np.repeat(img[None], 1 + len(rows) * len(cols), axis=0)
    for n, (r, c) in enumerate(((r, c) for r in rows for c in cols), start=1):
        batch[n, r : r + k, c : c + k] = fill
    probs = np.asarray(predict(batch[..., None].astype("float32")), dtype=float)
    if probs.ndim != 2 or probs.shape[0] != len(batch) or label >= probs.shape[1]:
        raise ValueError(
            f"predict returned shape {probs.shape}: it must give (N, classes) probabilities "
            f"for the N = {len(batch)} images it was given, with label={label} < classes"
        )
    drops = (probs[0, label] - probs[1:, label]).reshape(len(rows), len(cols))
    return Occlusion(
        drops, tuple(rows), tuple(cols), k, s, float(probs[0, label]), label, float(fill)
    )


def occlusion_heatmap(occlusion: Occlusion, image_shape: tuple[int, int]) -> np.ndarray:
    """Per-pixel mean drop over the patch positions that cover it (NaN where none does)."""
    h, w = _validate.pair("image_shape", image_shape)
    total, count = np.zeros((h, w)), np.zeros((h, w))
    k = occlusion.patch_size
    for i, r in enumerate(occlusion.row_starts):
        for j, c in enumerate(occlusion.col_starts):
            total[r : r + k, c : c + k] += occlusion.drops[i, j]
            count[r : r + k, c : c + k] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


# ---------------------------------------------------------------- pictures


def _new(fig: Any, size: tuple[float, float], layout: str | None = "constrained") -> Any:
    if fig is None:
        return pyplot().figure(figsize=size, layout=layout)
    fig.clear()
    fig.set_size_inches(size)
    return fig


def _box(ax: Any, rows: tuple[int, int], cols: tuple[int, int], color: str, **kw: Any) -> Any:
    from matplotlib.patches import Rectangle

    box = Rectangle(
        (cols[0] - 0.5, rows[0] - 0.5),
        cols[1] - cols[0] + 1,
        rows[1] - rows[0] + 1,
        fill=False,
        edgecolor=color,
        linewidth=kw.pop("linewidth", 2.0),
        clip_on=False,
        **kw,
    )
    ax.add_patch(box)
    return box


def _bare(ax: Any) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def plot_fields(
    image: np.ndarray,
    fields: Sequence[ReceptiveField],
    labels: Sequence[str] | None = None,
    output_sizes: Sequence[int | None] | None = None,
    fig: Any = None,
) -> Any:
    """The digit with, for each layer, the window its most central unit sees (nested squares)."""
    img = _image("image", image)
    rows = [_field(f"fields[{i}]", f) for i, f in enumerate(fields or [])]
    if not rows:
        raise ValueError("fields must be a non-empty list from shapes.receptive_field(...)")
    if output_sizes is None:
        output_sizes = [None] * len(rows)
    if isinstance(output_sizes, str) or len(output_sizes) != len(rows):
        raise ValueError(
            f"output_sizes={output_sizes!r} is not allowed: give one output size per field "
            f"({len(rows)})"
        )
    names = [f.name for f in rows] if labels is None else [str(x) for x in labels]
    if len(names) != len(rows):
        raise ValueError(f"labels has {len(names)} entries: it needs one per field ({len(rows)})")
    fig = _new(fig, (5.6, 3.4))
    ax = fig.add_subplot()
    ax.imshow(img, cmap=IMAGE_CMAP, interpolation="nearest")
    handles = []
    for n, (field, out, name) in enumerate(zip(rows, output_sizes, names, strict=True)):
        row = central_unit(field, img.shape[0], out)
        col = central_unit(field, img.shape[1], out)
        color = _FIELD_COLORS[n % len(_FIELD_COLORS)]
        box = _box(ax, unit_window(field, row), unit_window(field, col), color, linewidth=2.2)
        box.set_label(f"{name}: {field.size}×{field.size} pixels")
        handles.append(box)
    _bare(ax)
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=9)
    ax.set_title("what one unit in the middle of each layer can see", fontsize=10)
    return fig


def _to_rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb as _rgb

    return _rgb(color)


def plot_gradient_check(
    gradients: Mapping[str, np.ndarray],
    mask: np.ndarray,
    fig: Any = None,
    image: np.ndarray | None = None,
) -> Any:
    """One panel per gradient: where it is non-zero (blue), with the computed field outlined.

    With `image`, the digit is drawn underneath (grey), so you see which strokes the field holds.
    """
    from matplotlib.colors import ListedColormap

    if not isinstance(gradients, Mapping) or not gradients:
        raise ValueError("gradients must be a non-empty dict {title: (H, W) gradient}")
    m = np.asarray(mask, dtype=bool)
    if m.ndim != 2:
        raise ValueError(f"mask has shape {m.shape}: it must be a 2-D (H, W) bool array")
    ys, xs = np.nonzero(m)
    fig = _new(fig, (3.0 * len(gradients) + 0.4, 3.4))
    axes = fig.subplots(1, len(gradients), squeeze=False)[0]
    cmap = ListedColormap(["white", OKABE_ITO[4]])
    digit = None if image is None else _image("image", image)
    if digit is not None and digit.shape != m.shape:
        raise ValueError(f"image has shape {digit.shape} but mask has {m.shape}: they must match")
    for ax, (title, grad) in zip(axes, gradients.items(), strict=True):
        g = _image(f"gradients[{title!r}]", grad)
        if g.shape != m.shape:
            raise ValueError(
                f"gradients[{title!r}] has shape {g.shape} but mask has {m.shape}: they must match"
            )
        nonzero = g != 0
        if digit is None:
            ax.imshow(nonzero, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        else:
            ax.imshow(digit, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
            blue = np.zeros((*nonzero.shape, 4))
            blue[..., :3] = _to_rgb(OKABE_ITO[4])
            blue[..., 3] = np.where(nonzero, 0.6, 0.0)
            ax.imshow(blue, interpolation="nearest")
        if ys.size:
            _box(ax, (ys.min(), ys.max()), (xs.min(), xs.max()), _VERMILLION, linestyle="--")
        inside, outside = int((nonzero & m).sum()), int((nonzero & ~m).sum())
        ax.set_title(
            f"{title}\nnon-zero: {inside} of {int(m.sum())} in the field, {outside} outside",
            fontsize=9,
        )
        _bare(ax)
    fig.suptitle(
        "blue: input pixels with a non-zero gradient · dashed: the computed field"
        + ("" if digit is None else " · grey: the digit"),
        fontsize=9,
    )
    return fig


def plot_occlusion(image: np.ndarray, occlusion: Occlusion, fig: Any = None) -> Any:
    """The digit, one occluded copy, and the drop in the true class's probability per pixel."""
    img = _image("image", image)
    if not isinstance(occlusion, Occlusion):
        raise ValueError("occlusion must be what occlusion_map(...) returns")
    heat = occlusion_heatmap(occlusion, img.shape)
    fig = _new(fig, (8.4, 3.0))
    ax_img, ax_patch, ax_heat = fig.subplots(1, 3)
    ax_img.imshow(img, cmap=IMAGE_CMAP, vmin=0, vmax=1)
    ax_img.set_title(f"the digit: p({occlusion.label}) = {occlusion.baseline:.2f}", fontsize=9)
    i, j = np.unravel_index(int(np.argmax(occlusion.drops)), occlusion.drops.shape)
    r, c = occlusion.row_starts[i], occlusion.col_starts[j]
    k = occlusion.patch_size
    covered = img.copy()
    covered[r : r + k, c : c + k] = occlusion.fill
    ax_patch.imshow(covered, cmap=IMAGE_CMAP, vmin=0, vmax=1)
    ax_patch.set_title(
        f"worst patch: p({occlusion.label}) = {occlusion.baseline - occlusion.drops[i, j]:.2f}",
        fontsize=9,
    )
    limit = max(float(np.nanmax(np.abs(heat))), 1e-6)
    shown = ax_heat.imshow(heat, cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit)
    ax_heat.contour(img, levels=[0.5], colors="0.3", linewidths=0.8)
    ax_heat.set_title("mean drop of the patches covering each pixel", fontsize=9)
    fig.colorbar(shown, ax=ax_heat, shrink=0.85)
    for ax in (ax_img, ax_patch, ax_heat):
        _bare(ax)
    return fig


def plot_occlusions(image: np.ndarray, occlusions: Mapping[str, Occlusion], fig: Any = None) -> Any:
    """One row per occlusion: its worst patch and its heat map, all maps on one colour scale."""
    img = _image("image", image)
    if not isinstance(occlusions, Mapping) or not occlusions:
        raise ValueError("occlusions must be a non-empty dict {title: occlusion_map(...)}")
    for title, occ in occlusions.items():
        if not isinstance(occ, Occlusion):
            raise ValueError(f"occlusions[{title!r}] must be what occlusion_map(...) returns")
    heats = {t: occlusion_heatmap(o, img.shape) for t, o in occlusions.items()}
    limit = max(max(float(np.nanmax(np.abs(h))) for h in heats.values()), 1e-6)
    n = len(occlusions)
    fig = _new(fig, (6.4, 2.9 * n))
    axes = fig.subplots(n, 2, squeeze=False)
    shown = None
    for (ax_patch, ax_heat), (title, occ) in zip(axes, occlusions.items(), strict=True):
        i, j = np.unravel_index(int(np.argmax(occ.drops)), occ.drops.shape)
        r, c, k = occ.row_starts[i], occ.col_starts[j], occ.patch_size
        covered = img.copy()
        covered[r : r + k, c : c + k] = occ.fill
        ax_patch.imshow(covered, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
        _box(ax_patch, (r, r + k - 1), (c, c + k - 1), _ORANGE, linewidth=1.5)  # black on black
        ax_patch.set_title(
            f"{title}, worst position:\np({occ.label}) {occ.baseline:.2f} → "
            f"{occ.baseline - occ.drops[i, j]:.2f}",
            fontsize=9,
        )
        shown = ax_heat.imshow(heats[title], cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit)
        ax_heat.contour(img, levels=[0.5], colors="0.3", linewidths=0.8)
        ax_heat.set_title(f"{title}: mean drop per pixel", fontsize=9)
        _bare(ax_patch)
        _bare(ax_heat)
    fig.colorbar(shown, ax=axes[:, 1], shrink=0.8, label="drop in p (one scale for all maps)")
    return fig


# ---------------------------------------------------------------- the explorer's core


def feature_view(
    image: np.ndarray,
    maps: Mapping[str, np.ndarray],
    fields: Sequence[ReceptiveField],
    layer: str,
    channel: int = 0,
    fig: Any = None,
) -> Any:
    """Input with one unit's field, the channel's map with that unit, and what the unit sees."""
    img = _image("image", image)
    all_maps = _maps(maps)
    by_name = _fields_by_name(fields, list(all_maps))
    layer = _layer(layer, list(all_maps))
    fmap = all_maps[layer]
    channel = _channel(channel, fmap.shape[-1])
    field = by_name[layer]
    values = fmap[..., channel]
    row, col = strongest_unit(values)
    rows, cols = unit_window(field, row), unit_window(field, col)

    # Fixed margins instead of a layout engine: the explorer redraws this on every change.
    fig = _new(fig, (8.4, 3.2), layout=None)
    ax_in, ax_map, ax_crop = fig.subplots(1, 3)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.82, wspace=0.08)
    ax_in.imshow(img, cmap=IMAGE_CMAP, interpolation="nearest")
    _box(ax_in, rows, cols, _ORANGE, linewidth=2.2)
    ax_in.set_xlim(-0.5, img.shape[1] - 0.5)
    ax_in.set_ylim(img.shape[0] - 0.5, -0.5)
    ax_in.set_title(f"input: the unit sees {field.size}×{field.size} pixels", fontsize=9)

    ax_map.imshow(values, cmap=SEQUENTIAL_CMAP, interpolation="nearest")
    _box(ax_map, (row, row), (col, col), _ORANGE, linewidth=2.2)
    h, w = values.shape
    ax_map.set_title(f"{layer}, channel {channel} ({h}×{w})", fontsize=9)

    padded = np.full((field.size, field.size), np.nan)
    r0, c0 = rows[0], cols[0]
    rr = slice(max(r0, 0), min(rows[1] + 1, img.shape[0]))
    cc = slice(max(c0, 0), min(cols[1] + 1, img.shape[1]))
    padded[rr.start - r0 : rr.stop - r0, cc.start - c0 : cc.stop - c0] = img[rr, cc]
    ax_crop.imshow(padded, cmap=IMAGE_CMAP, vmin=float(img.min()), vmax=float(img.max()))
    ax_crop.set_title(f"rows {rows[0]}–{rows[1]}, columns {cols[0]}–{cols[1]}", fontsize=9)
    for ax in (ax_in, ax_map, ax_crop):
        _bare(ax)
    fig.suptitle(
        f"strongest unit of {layer} channel {channel}: ({row}, {col}) = {values[row, col]:.2f}",
        fontsize=10,
    )
    return fig


def feature_caption(
    maps: Mapping[str, np.ndarray], fields: Sequence[ReceptiveField], layer: str, channel: int = 0
) -> str:
    """HTML: the map's size, the field's size/jump/start and the unit's window with the formula."""
    all_maps = _maps(maps)
    by_name = _fields_by_name(fields, list(all_maps))
    layer = _layer(layer, list(all_maps))
    fmap = all_maps[layer]
    channel = _channel(channel, fmap.shape[-1])
    f = by_name[layer]
    row, col = strongest_unit(fmap[..., channel])
    (r0, r1), (c0, c1) = unit_window(f, row), unit_window(f, col)
    h, w, c = fmap.shape
    name = html.escape(layer)
    return (
        f"<b>{name}</b>: {h}×{w}×{c} maps; receptive field <b>{f.size}×{f.size}</b> pixels, "
        f"jump {f.jump}, start {f.start}.<br>"
        f"Strongest unit of channel {channel}: ({row}, {col}) = {fmap[row, col, channel]:.2f}; "
        f"it sees rows {f.start} + {row}·{f.jump} = {r0} … {r1} and columns "
        f"{f.start} + {col}·{f.jump} = {c0} … {c1}."
    )


def features_explorer(
    image: np.ndarray,
    maps: Mapping[str, np.ndarray],
    fields: Sequence[ReceptiveField],
    layer: str | None = None,
    channel: int = 0,
) -> Any:
    """Explorer: pick a layer and a channel; see its map and the input its strongest unit sees."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    all_maps = _maps(maps)
    names = list(all_maps)
    layer = names[0] if layer is None else _layer(layer, names)
    _fields_by_name(fields, names)
    channel = _channel(channel, all_maps[layer].shape[-1])
    feature_view(image, all_maps, fields, layer, channel)  # fail early, before any widget
    pyplot().close("all")
    style = {"description_width": "initial"}
    layer_box = widgets.Dropdown(options=names, value=layer, description="layer", style=style)
    channel_slider = widgets.IntSlider(
        value=channel, min=0, max=all_maps[layer].shape[-1] - 1, description="channel", style=style
    )

    def render(layer: str, channel: int):
        channel = min(channel, all_maps[layer].shape[-1] - 1)
        fig = feature_view(image, all_maps, fields, layer, channel)
        return fig, feature_caption(all_maps, fields, layer, channel)

    def update_range(_change: Any) -> None:
        channel_slider.max = all_maps[layer_box.value].shape[-1] - 1

    layer_box.observe(update_range, names="value")
    return Explorer(
        {"layer": layer_box, "channel": channel_slider},
        render,
        title="What one channel found, and the input pixels its strongest unit can see",
    )
