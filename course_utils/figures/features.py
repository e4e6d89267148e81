"""Lesson 08's figures: receptive fields on a digit, gradients against the field, and
occlusion maps. The features explorer draws its own picture (widgets/features.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_utils import _validate, plotting, shapes
from course_utils.occlusion import Occlusion, cover, occlusion_heatmap
from course_utils.plotting import DIVERGING_CMAP, IMAGE_CMAP, OKABE_ITO
from course_utils.shapes import ReceptiveField

_BLUE, _VERMILLION, _GREEN, _ORANGE = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[3]
_SKY = OKABE_ITO[4]
_FIELD_COLORS = (_SKY, _GREEN, _ORANGE, _VERMILLION, OKABE_ITO[5], _BLUE)


def _box(ax: Axes, rows: tuple[int, int], cols: tuple[int, int], color: str, **kw: Any) -> Any:
    """An outline around rows[0] … rows[1] × cols[0] … cols[1] (pixels, inclusive)."""
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


def plot_fields(
    image: np.ndarray,
    fields: Sequence[ReceptiveField],
    labels: Sequence[str] | None = None,
    output_sizes: Sequence[int | None] | None = None,
) -> Figure:
    """The digit with, for each layer, the window its most central unit sees (nested squares)."""
    img = _validate.image("image", image, colour=False)
    rows = list(fields) if isinstance(fields, Sequence) else []
    sizes = [None] * len(rows) if output_sizes is None else list(output_sizes)
    if not rows or len(sizes) != len(rows):
        raise _validate.fail(
            "output_sizes" if rows else "fields",
            output_sizes if rows else fields,
            "give a list of fields from shapes.receptive_field and one output size per field",
        )
    windows = []  # each layer's most central unit: (rows, columns) it sees
    for field, out in zip(rows, sizes, strict=True):
        units = (
            shapes.central_unit(field, img.shape[0], out),
            shapes.central_unit(field, img.shape[1], out),
        )
        windows.append(tuple(shapes.unit_window(field, u) for u in units))
    names = _validate.labels("labels", labels, len(rows), "field") or [f.name for f in rows]
    fig = plotting.canvas((5.6, 3.4))
    ax = fig.add_subplot()
    ax.imshow(img, cmap=IMAGE_CMAP, interpolation="nearest")
    handles = []
    for n, (field, window, name) in enumerate(zip(rows, windows, names, strict=True)):
        color = _FIELD_COLORS[n % len(_FIELD_COLORS)]
        box = _box(ax, *window, color, linewidth=2.2)
        box.set_label(f"{name}: {field.size}×{field.size} pixels")
        handles.append(box)
    ax.set_axis_off()
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=9)
    ax.set_title("what one unit in the middle of each layer can see", fontsize=10)
    return fig


def plot_gradient_check(
    gradients: Mapping[str, np.ndarray], mask: np.ndarray, image: np.ndarray | None = None
) -> Figure:
    """One panel per gradient: where it is non-zero (blue), with the computed field outlined.

    With `image`, the digit is drawn underneath (grey), so you see which strokes the field holds.
    """
    from matplotlib.colors import ListedColormap, to_rgb

    gradients = _validate.mapping("gradients", gradients, "{title: (H, W) gradients}")
    m = _validate.array("mask", mask, ndims=(2,)).astype(bool)
    arrays = {f"gradients[{t!r}]": g for t, g in gradients.items()}
    if image is not None:
        arrays["image"] = image
    for name, value in arrays.items():
        arrays[name] = _validate.image(name, value, colour=False)
        if arrays[name].shape != m.shape:
            raise _validate.fail(name, arrays[name], f"its shape must be the mask's, {m.shape}")
    digit = arrays.get("image")
    ys, xs = np.nonzero(m)
    fig = plotting.canvas((3.0 * len(gradients) + 0.4, 3.4))
    axes = fig.subplots(1, len(gradients), squeeze=False)[0]
    for ax, title in zip(axes, gradients, strict=True):
        nonzero = arrays[f"gradients[{title!r}]"] != 0
        if digit is None:
            cmap = ListedColormap(["white", _SKY])
            ax.imshow(nonzero, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        else:
            ax.imshow(digit, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
            blue = np.zeros((*nonzero.shape, 4))
            blue[..., :3] = to_rgb(_SKY)
            blue[..., 3] = np.where(nonzero, 0.6, 0.0)
            ax.imshow(blue, interpolation="nearest")
        if ys.size:
            _box(ax, (ys.min(), ys.max()), (xs.min(), xs.max()), _VERMILLION, linestyle="--")
        inside, outside = int((nonzero & m).sum()), int((nonzero & ~m).sum())
        ax.set_title(
            f"{title}\nnon-zero: {inside} of {int(m.sum())} in the field, {outside} outside",
            fontsize=9,
        )
        ax.set_axis_off()
    fig.suptitle(
        "blue: input pixels with a non-zero gradient · dashed: the computed field"
        + ("" if digit is None else " · grey: the digit"),
        fontsize=9,
    )
    return fig


def plot_occlusions(image: np.ndarray, occlusions: Mapping[str, Occlusion]) -> Figure:
    """One row per occlusion: its worst patch and its heat map, all maps on one colour scale."""
    img = _validate.image("image", image, colour=False)
    occlusions = _validate.mapping("occlusions", occlusions, "{title: occlusion map}")
    for title, occ in occlusions.items():
        if not isinstance(occ, Occlusion):
            raise _validate.fail(
                f"occlusions[{title!r}]", occ, "it must be what occlusion.occlusion_map returns"
            )
    heats = {t: occlusion_heatmap(o, img.shape) for t, o in occlusions.items()}
    limit = plotting.symmetric_limit(np.stack(list(heats.values())))
    fig = plotting.canvas((6.4, 2.9 * len(occlusions)))
    axes = fig.subplots(len(occlusions), 2, squeeze=False)
    shown = None
    for (ax_patch, ax_heat), (title, occ) in zip(axes, occlusions.items(), strict=True):
        top, left, p = occ.worst()
        k = occ.patch_size
        covered = cover(img, top, left, k, occ.fill)
        ax_patch.imshow(covered, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
        _box(ax_patch, (top, top + k - 1), (left, left + k - 1), _ORANGE, linewidth=1.5)
        ax_patch.set_title(
            f"{title}, worst position:\np({occ.label}) {occ.baseline:.2f} → {p:.2f}", fontsize=9
        )
        shown = ax_heat.imshow(heats[title], cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit)
        ax_heat.contour(img, levels=[0.5], colors="0.3", linewidths=0.8)
        ax_heat.set_title(f"{title}: mean drop per pixel", fontsize=9)
        ax_patch.set_axis_off()
        ax_heat.set_axis_off()
    fig.colorbar(shown, ax=axes[:, 1], shrink=0.8, label="drop in p (one scale for all maps)")
    return fig
