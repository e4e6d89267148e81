"""Lesson 04's pictures of stride: the kernel's jumps, a walk over the padded input, the costs.

Every layout comes from `shapes.axis_layout`. `plot_stride` computes a layout and draws it
with `draw_stride`, which the stride explorer calls with the layout it computed (and its
Figure, to redraw in place); the others draw a new figure. Rows, columns, positions and
output cells are all counted from 0, as in NumPy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from course_utils import _validate, plotting, shapes
from course_utils.figures.padding import (
    BLUE,
    FIRST,
    MAX_DRAWN,
    PAD_GREY,
    VERMILLION,
    arrow_to_output,
    kept_panels,
    real_cells,
    show,
    two_panels,
)
from course_utils.figures.padding import LIGHT_BLUE as SEEN  # "covered by an earlier position"
from course_utils.plotting import OKABE_ITO

UNUSED = "#e7b6d3"  # a light reddish purple: "never covered"


def _cell_colors(layout: shapes.AxisLayout, seen: np.ndarray) -> np.ndarray:
    """RGB colour of every padded cell: zeros grey, never-covered pixels purple, seen blue."""
    size = layout.padded_size
    real2d = real_cells(layout)
    covered = np.array(layout.coverage) > 0
    rgb = np.ones((size, size, 3))
    rgb[~real2d] = to_rgb(PAD_GREY)
    rgb[real2d & ~np.outer(covered, covered)] = to_rgb(UNUSED)
    rgb[seen & real2d] = to_rgb(SEEN)
    rgb[seen & ~real2d] = np.array(to_rgb(SEEN)) * 0.82
    return rgb


def _index_labels(ax, size: int, cell: float, fontsize: float, right: bool = False) -> None:
    """Number the rows and columns 0, 1, … (zeros included) outside the grid."""
    ticks = np.arange(0, size, 1 if size <= 14 else 2)
    away = 0.5 + 0.16 / cell  # 0.16 inches outside the grid
    rows_x = size - 1 + away if right else -away
    xy = np.r_[np.c_[ticks, np.full(len(ticks), -away)], np.c_[np.full(len(ticks), rows_x), ticks]]
    plotting.cell_texts(ax, xy, [str(t) for t in ticks] * 2, fontsize, clip_on=False)


def plot_stride(
    input_size: int,
    kernel_size: int,
    strides: int = 1,
    padding: str | int = "valid",
    step: int | None = None,
) -> Figure:
    """The padded input with the kernel at position `step` (from 0; None: all of them), the
    cells earlier positions covered, and the output filled in the same order."""
    layout = shapes.axis_layout(input_size, kernel_size, strides, padding)
    _validate.drawable("input_size", input_size, layout.padded_size, MAX_DRAWN)
    step = _validate.step("step", step, layout.output_size**2, allow_none=True)
    return draw_stride(layout, step)


def _build_stride(fig: Figure | None) -> tuple[Figure, Any]:
    """The stride explorer's axes, kept between redraws: the input and output panels
    (placed by each redraw), without ticks or frame."""
    fig = plotting.canvas((6.0, 3.0), fig, layout=None)
    axes = two_panels(fig, 1, 1, 1.0, (0.45, 0.9, 0.35))
    for ax in axes:
        ax.set_axis_off()
        ax.set_aspect("equal")  # square cells, as imshow makes them
    return fig, (axes,)


def draw_stride(layout: shapes.AxisLayout, step: int | None, fig: Figure | None = None) -> Figure:
    """`plot_stride`'s picture of `layout` with the kernel at position `step` (None: all of
    them), into `fig` (its axes kept), if given."""
    size, out, k = layout.padded_size, layout.output_size, layout.kernel_size
    positions = np.array([(r, c) for r in layout.starts for c in layout.starts])
    done = len(positions) if step is None else step  # positions before the current one
    seen = np.zeros((size, size), dtype=bool)
    for r, c in positions[:done]:
        seen[r : r + k, c : c + k] = True

    # Same cell size in both panels, so the output looks as much smaller as it is; fixed
    # margins in inches (no layout engine), the legend in a column on the right.
    cell = min(0.4, 3.6 / size, 6.4 / (size + out))
    left, gap, right, bottom, top, legend_w = 0.45, 0.9, 0.45, 0.35, 0.4, 1.55
    width = left + cell * (size + out) + gap + right + legend_w
    height = bottom + cell * size + top
    fig, (axes,) = kept_panels(fig, "stride", _build_stride, (width, height))
    ax_in, ax_out = two_panels(fig, size, out, cell, (left, gap, bottom), False, axes)
    fontsize = min(9.0, max(6.0, 72 * cell * 0.45))

    # The padded input: one image of cell colours, grid lines, "0" in the zero cells.
    show(ax_in, _cell_colors(layout, seen), cells=True)
    plotting.grid_lines(ax_in, size, size, 0.6 if size <= 20 else 0.4)
    n = layout.input_size
    zero = ~real_cells(layout)
    zero[positions[:, 0], positions[:, 1]] = False  # those cells get a dot instead
    rows, cols = np.nonzero(zero)
    plotting.cell_texts(ax_in, np.c_[cols, rows], ["0"] * len(rows), fontsize * 0.85, "0.4")
    _index_labels(ax_in, size, cell, fontsize)
    if step:  # earlier positions: faint outlines
        x, y = positions[:step, 1] - 0.5, positions[:step, 0] - 0.5
        corners = [(x, y), (x + k, y), (x + k, y + k), (x, y + k), (x, y)]
        squares = np.stack([np.c_[cx, cy] for cx, cy in corners], axis=1)
        ax_in.add_collection(LineCollection(squares, colors=BLUE, alpha=0.45, linewidths=1.0))
    if step is None:  # the last position, dashed: nothing fits after it
        r, c = positions[-1]
        last = Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor=BLUE, linestyle="--")
        ax_in.add_patch(last).set(linewidth=2.0, zorder=3, clip_on=False)
    # A dot on the top-left cell of every position (hollow: not reached yet): s cells apart.
    reached = len(positions) if step is None else step + 1
    dot = (72 * cell * 0.28) ** 2
    ax_in.scatter(positions[:reached, 1], positions[:reached, 0], s=dot, color=BLUE, zorder=4)
    ahead = positions[reached:]
    ax_in.scatter(ahead[:, 1], ahead[:, 0], s=dot, facecolors="none", edgecolors=BLUE, zorder=4)

    # The output: cells computed so far tinted and numbered in the order they are made
    # (output cell i comes from kernel position i).
    out_rgb = np.ones((out * out, 3))
    out_rgb[:done] = to_rgb(SEEN)
    show(ax_out, out_rgb.reshape(out, out, 3), cells=True)
    plotting.grid_lines(ax_out, out, out, 0.6 if out <= 20 else 0.4)
    if out <= 8:
        made = np.arange(reached)
        where = np.c_[made % out, made // out]
        plotting.cell_texts(ax_out, where, [str(i) for i in made], fontsize, "black")
    _index_labels(ax_out, out, cell, fontsize, right=True)  # right: the arrow's way stays clear

    if step is not None:  # the current position, its output cell and an arrow between them
        r, c = positions[step]
        ax_in.add_patch(Rectangle((c - 0.5, r - 0.5), k, k, facecolor=FIRST, zorder=1.5))
        frame = Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor=VERMILLION)
        ax_in.add_patch(frame).set(linewidth=2.5, zorder=3, clip_on=False)
        out_r, out_c = divmod(step, out)
        now = Rectangle((out_c - 0.5, out_r - 0.5), 1, 1, facecolor=FIRST, edgecolor=VERMILLION)
        ax_out.add_patch(now).set(linewidth=2.5, zorder=3, clip_on=False)
        arrow_to_output(ax_in, ax_out, (r, c, k, k), (out_r, out_c))
    for ax, cells in ((ax_in, size), (ax_out, out)):
        ax.set_xlim(-0.5, cells - 0.5)
        ax.set_ylim(cells - 0.5, -0.5)
    in_label = "input + zeros" if size > n else "input"
    fig.text(left / width, 0.4 * bottom / height, in_label, fontsize=fontsize + 1)
    out_xy = (left + cell * size + gap) / width, (bottom + cell * (size - out) - 0.3) / height
    fig.text(*out_xy, "output", fontsize=fontsize + 1)

    covered = "covered" if step is None else "covered so far"
    entries = [(covered, {"facecolor": SEEN, "edgecolor": "0.45"})]
    if step is not None:
        entries.insert(0, ("kernel now", {"facecolor": FIRST, "edgecolor": VERMILLION}))
    if size > n:
        entries.append(("zero padding", {"facecolor": PAD_GREY, "edgecolor": "0.45"}))
    if layout.unused:
        entries.append(("never covered", {"facecolor": UNUSED, "edgecolor": "0.45"}))
    entries.append(("kernel corners", {"marker": "o", "color": BLUE}))
    if step is None:
        entries.append(("last position", {"fill": False, "edgecolor": BLUE, "linestyle": "--"}))
    plotting.key(fig, width - legend_w, height - top, entries)
    return fig


def plot_jumps(
    input_size: int = 8, kernel_size: int = 3, strides: Sequence[int] = (1, 2, 3)
) -> Figure:
    """One row of `input_size` pixels per stride, each kernel position drawn as a bar above it."""
    if _validate.is_whole(strides):
        strides = (strides,)  # type: ignore[assignment]
    if isinstance(strides, str) or not isinstance(strides, Sequence) or not strides:
        raise _validate.fail("strides", strides, "strides must be a list of whole numbers >= 1")
    layouts = [shapes.axis_layout(input_size, kernel_size, s, "valid") for s in strides]
    n = layouts[0].input_size
    _validate.drawable("input_size", input_size, n, MAX_DRAWN)
    levels = [lay.output_size for lay in layouts]
    heights = [lv * 0.6 + 1.6 for lv in levels]
    fig = plotting.canvas((min(0.55 * n + 1.0, 9.0), 0.28 * sum(heights) + 0.3))
    axes = fig.subplots(len(layouts), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, lay, lv in zip(axes, layouts, levels, strict=True):
        unused = set(lay.unused)
        for i in range(n):  # the row of input pixels
            color = UNUSED if i in unused else "white"
            ax.add_patch(Rectangle((i, 0), 1, 1, facecolor=color, edgecolor="0.45", lw=0.8))
            ax.text(i + 0.5, 0.5, str(i), ha="center", va="center", fontsize=8, color="0.3")
        for j, start in enumerate(lay.starts):  # one bar per kernel position, stacked upwards
            y = 1.3 + 0.6 * (lv - 1 - j)
            bar = Rectangle((start + 0.08, y), lay.kernel_size - 0.16, 0.48, lw=1.2)
            ax.add_patch(bar).set(facecolor=SEEN, edgecolor=BLUE)
            middle = (start + lay.kernel_size / 2, y + 0.24)
            ax.text(*middle, f"position {j}", ha="center", va="center", fontsize=7, color=BLUE)
        plural = "s" if len(unused) > 1 else ""
        listed = ", ".join(map(str, lay.unused))
        note = f"; pixel{plural} {listed} never covered" if unused else ""
        pixels = "pixels" if lay.strides > 1 else "pixel"
        title = f"stride {lay.strides}: the kernel jumps {lay.strides} {pixels}"
        ax.set_title(f"{title} → {lay.output_size} positions{note}", fontsize=9, loc="left")
        ax.set_xlim(-0.1, n + 0.1)
        ax.set_ylim(-0.1, 1.3 + 0.6 * lv)
        ax.set_axis_off()
    handles = [
        Patch(facecolor=SEEN, edgecolor=BLUE, label=f"kernel ({layouts[0].kernel_size} wide)")
    ]
    if any(lay.unused for lay in layouts):
        handles.append(Patch(facecolor=UNUSED, edgecolor="0.45", label="never covered"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig


def plot_cost_comparison(costs: Mapping[str, Sequence[tuple[str, int, int]]]) -> Figure:
    """Bars of parameters and multiply-adds per layer for several models (log scale).

    `costs` maps a model's name to its layers as (layer name, parameters, multiply-adds).
    """
    what = "{model name: [(layer, parameters, multiply_adds), ...]}"
    costs = _validate.mapping("costs", costs, what)
    rule = f"costs must be a dict {what}"
    names = list(costs)
    rows = {name: [tuple(r) for r in costs[name]] for name in names}
    for name, layers in rows.items():
        if not layers or any(len(r) != 3 for r in layers):
            raise _validate.fail(f"costs[{name!r}]", "<list>", rule)
    labels = [r[0] for r in rows[names[0]]]
    if any([r[0] for r in rows[name]] != labels for name in names):
        raise _validate.fail(
            "costs", "<dict>", "every model must list the same layers, in the same order"
        )
    fig = plotting.canvas((min(9.0, max(6.5, 1.6 * len(labels) + 1.0)), 3.2))
    axes = fig.subplots(1, 2)
    x = np.arange(len(labels))
    width = 0.8 / len(names)
    for col, (ax, what) in enumerate(zip(axes, ("parameters", "multiply-adds"), strict=True)):
        totals = []
        for i, name in enumerate(names):
            values = np.array([r[col + 1] for r in rows[name]], dtype=float)
            totals.append(int(values.sum()))
            shown = np.where(values > 0, values, np.nan)
            offset = (i - (len(names) - 1) / 2) * width
            ax.bar(x + offset, shown, width, label=name, color=OKABE_ITO[i])
        ax.set_yscale("log")
        ax.set_xticks(x, labels=labels, rotation=30, ha="right", rotation_mode="anchor", fontsize=8)
        ax.yaxis.grid(True, color="0.88", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_title(
            f"{what} per layer\n" + " vs ".join(f"{t:,}" for t in totals) + " in total",
            fontsize=9,
        )
    axes[0].legend(fontsize=8, loc="upper left")
    return fig
