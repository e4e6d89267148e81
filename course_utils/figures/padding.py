"""Lesson 03's pictures of padding: the padded grid, the windows, the coverage, the values.

Every layout comes from `shapes.axis_layout`. `plot_padding` and `plot_padding_values`
are also the padding explorer's pictures (it passes `fig=` to redraw in place); the
others draw a new figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from course_utils import _validate, layers_numpy, plotting, shapes
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO, SEQUENTIAL_CMAP

MAX_DRAWN = 40  # cells along one axis of the padded input that a picture can still show

BLUE, VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
PAD_GREY = "#d9d9d9"
FIRST = "#f6c9a9"  # a light vermillion: the first window (the stride lesson: the kernel now)


# ---------------------------------------------------------------- helpers


def formula_text(layout: shapes.AxisLayout) -> str:
    """o = n + 2p − k + 1 with this stride-1 layout's numbers, e.g. '5 + 2·1 − 3 + 1 = 5'."""
    n, k, out, b, a = (
        layout.input_size, layout.kernel_size, layout.output_size, layout.pad_before,
        layout.pad_after,
    )  # fmt: skip
    zeros = f"2·{b}" if a == b else f"{b} + {a}"
    return f"{n} + {zeros} − {k} + 1 = {out}"


def white_image_average(layout: shapes.AxisLayout) -> tuple[np.ndarray, np.ndarray]:
    """(padded white image, k×k mean of every window) for a square input laid out as `layout`.

    An output value is (real pixels under the window) / k²: 1 inside, less at the border.
    """
    n, k, pads = layout.input_size, layout.kernel_size, (layout.pad_before, layout.pad_after)
    padded = layers_numpy.pad2d(np.ones((n, n)), (pads, pads))
    return padded, layers_numpy.conv2d(padded, np.full((k, k), 1 / k**2))


def _coverage(layout: shapes.AxisLayout) -> np.ndarray:
    """(n, n): how many windows cover each pixel of a square input (rows × columns)."""
    along = np.array(layout.coverage[layout.pad_before : layout.pad_before + layout.input_size])
    return np.outer(along, along)


def _layout(input_size: int, kernel_size: int, padding: object) -> shapes.AxisLayout:
    """The stride-1 layout, refused if its padded grid is too large to draw."""
    layout = shapes.axis_layout(input_size, kernel_size, 1, padding)  # type: ignore[arg-type]
    if layout.padded_size > MAX_DRAWN:
        raise _validate.fail(
            "input_size", input_size,
            f"the padded input has {layout.padded_size} cells per side, and a picture "
            f"shows at most {MAX_DRAWN}",
        )  # fmt: skip
    return layout


def _paddings(paddings: object) -> list[str | int]:
    if isinstance(paddings, str) or _validate.is_whole(paddings):
        paddings = [paddings]
    if not isinstance(paddings, Sequence) or not paddings:
        raise _validate.fail(
            "paddings", paddings, "paddings must be a padding or a non-empty list of them"
        )
    return [_validate.padding("padding", p, shapes.CONV_PADDINGS) for p in paddings]


def _plain(ax: Axes, cells: int, label: str = "") -> None:
    """A grid of cells × cells without axis lines or ticks (cheap to draw), labelled below."""
    ax.set_axis_off()
    ax.set_xlim(-0.5, cells - 0.5)
    ax.set_ylim(cells - 0.5, -0.5)
    if label:
        ax.text(0.5, -0.02, label, transform=ax.transAxes, ha="center", va="top", fontsize=9)


def inks(image: Any, values: np.ndarray) -> list[str]:
    """Black or white for a number written on each of `values`' cells of `image`."""
    return [plotting.text_color(c) for c in image.cmap(image.norm(values.ravel()))]


def _cell_inches(size: int) -> float:
    return min(0.34, max(0.14, 3.2 / size))


def _fontsize(cell: float, share: float = 0.42) -> float:
    return min(9.0, max(5.5, 72 * cell * share))


def _title_name(padding: str | int) -> str:
    return repr(padding) if isinstance(padding, str) else f"p = {padding}"


def _draw_padded(
    ax: Axes,
    layout: shapes.AxisLayout,
    fontsize: float,
    counts: bool = False,
    last: bool = True,
    label: str = "",
) -> None:
    """The padded input: grey zeros with their '0', the first (and last) window, a dot on
    every window's centre; or, if `counts`, each pixel coloured and numbered by its windows."""
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    size, k, n, b = layout.padded_size, layout.kernel_size, layout.input_size, layout.pad_before
    real = np.zeros(size, dtype=bool)
    real[b : b + n] = True
    real2d = np.outer(real, real)
    rgb = np.ones((size, size, 3))
    rgb[~real2d] = to_rgb(PAD_GREY)
    centres = [s + (k - 1) // 2 for s in layout.starts]  # just above-left of the middle if k even
    if counts:
        numbers = _coverage(layout)
        colours = colormaps[SEQUENTIAL_CMAP](0.25 + 0.75 * numbers / (k * k))  # light enough
        rgb[b : b + n, b : b + n] = colours[..., :3]
        rows, cols = np.indices((n, n)).reshape(2, -1) + b
        ink = [plotting.text_color((*c, 1.0)) for c in rgb[rows, cols]]
        plotting.cell_texts(ax, np.c_[cols, rows], [str(v) for v in numbers.ravel()], fontsize, ink)
    else:
        on_centre = np.zeros((size, size), dtype=bool)
        on_centre[np.ix_(centres, centres)] = True
        rows, cols = np.nonzero(~real2d & ~on_centre)
        if _cell_inches(size) >= 0.2:  # a '0' in each zero while they are large enough to read
            plotting.cell_texts(ax, np.c_[cols, rows], ["0"] * len(rows), fontsize * 0.85, "0.4")
        dot = (72 * _cell_inches(size) * 0.25) ** 2
        grid_r, grid_c = np.meshgrid(centres, centres, indexing="ij")
        ax.scatter(grid_c.ravel(), grid_r.ravel(), s=dot, color=BLUE, zorder=4)
    ax.imshow(rgb, interpolation="nearest")
    plotting.grid_lines(ax, size, size, clip_on=False)
    ax.add_patch(Rectangle((-0.5, -0.5), k, k, facecolor=FIRST, alpha=0.55, zorder=1.5))
    frame = Rectangle((-0.5, -0.5), k, k, fill=False, edgecolor=VERMILLION, linewidth=2.5)
    ax.add_patch(frame).set(zorder=3, clip_on=False)
    if last and layout.output_size > 1:
        end = layout.starts[-1] - 0.5
        dashed = Rectangle((end, end), k, k, fill=False, edgecolor=BLUE, linestyle="--")
        ax.add_patch(dashed).set(linewidth=2.0, zorder=3, clip_on=False)
    _plain(ax, size, label)


def _two_panels(
    fig: Figure, size: int, out: int, cell: float, left: float, gap: float, bottom: float
) -> tuple[Axes, Axes]:
    """The input panel and, right of it and vertically centred, the output panel (inches)."""
    width, height = fig.get_size_inches()
    ax_in = fig.add_axes((left / width, bottom / height, cell * size / width, cell * size / height))
    ax_out = fig.add_axes(
        (
            (left + cell * size + gap) / width,
            (bottom + cell * (size - out) / 2) / height,
            cell * out / width,
            cell * out / height,
        )
    )
    return ax_in, ax_out


# ---------------------------------------------------------------- pictures


def plot_padding(
    input_size: int,
    kernel_size: int,
    padding: str | int = "valid",
    show_counts: bool = False,
    fig: Figure | None = None,
) -> Figure:
    """The padded input (zeros grey, first and last window, window centres) and the output
    grid; `show_counts` numbers each pixel with the windows that cover it instead."""
    layout = _layout(input_size, kernel_size, padding)
    counts = _validate.boolean("show_counts", show_counts)
    size, out = layout.padded_size, layout.output_size
    cell = _cell_inches(size)
    left, gap, legend_w, bottom, top = 0.15, 0.5, 1.75, 0.35, 0.15
    width = left + cell * (size + out) + gap + legend_w
    fig = plotting.canvas((width, cell * max(size, out) + bottom + top), fig, layout=None)
    ax_in, ax_out = _two_panels(fig, size, out, cell, left, gap, bottom)
    label = "input + zeros" if size > layout.input_size else "input"
    label += ": windows over each pixel" if counts else ""
    _draw_padded(ax_in, layout, _fontsize(cell), counts=counts, label=label)
    ax_out.imshow(np.ones((out, out, 3)) * np.array([0.776, 0.890, 0.969]))
    plotting.grid_lines(ax_out, out, out, clip_on=False)
    _plain(ax_out, out, "output")
    entries = [("first window", {"facecolor": FIRST, "edgecolor": VERMILLION})]
    if out > 1:
        entries.append(("last window", {"fill": False, "edgecolor": BLUE, "linestyle": "--"}))
    if size > layout.input_size:
        entries.append(("zero padding", {"facecolor": PAD_GREY, "edgecolor": "0.45"}))
    if not counts:
        entries.append(("window centres", {"marker": "o", "color": BLUE}))
    key_top = bottom + cell * max(size, out) / 2 + 0.11 * len(entries)
    plotting.key(fig, width - legend_w + 0.1, key_top, entries)
    return fig


def plot_padding_modes(
    input_size: int = 5, kernel_size: int = 3, paddings: Any = shapes.CONV_PADDINGS
) -> Figure:
    """One panel per padding: the padded grid, the first window and a dot per output number."""
    layouts = [_layout(input_size, kernel_size, p) for p in _paddings(paddings)]
    biggest = max(layout.padded_size for layout in layouts)
    cell = min(0.3, 2.6 / biggest)
    width = max(3.2, len(layouts) * (cell * biggest + 0.5) + 0.2)
    fig = plotting.canvas((width, cell * biggest + 1.25), layout=None)
    axes = fig.subplots(1, len(layouts), squeeze=False)[0]
    for ax, layout in zip(axes, layouts, strict=True):
        _draw_padded(ax, layout, _fontsize(cell), last=False)
        n, out = layout.input_size, layout.output_size
        ax.set_title(
            f"{_title_name(layout.padding)}: {n}×{n} → {out}×{out}\n{formula_text(layout)}",
            fontsize=9,
        )
        ax.set_xlim(-0.5, biggest - 0.5)  # same cell size in every panel
        ax.set_ylim(biggest - 0.5, -0.5)
    handles = [
        Patch(facecolor=FIRST, edgecolor=VERMILLION, label="first window"),
        Patch(facecolor=PAD_GREY, edgecolor="0.45", label="zero padding"),
        Line2D([], [], color=BLUE, marker="o", linestyle="none",
               label="window centres (one per output number)"),
    ]  # fmt: skip
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.8, bottom=0.12, wspace=0.15)
    return fig


def plot_coverage(
    input_size: int = 6, kernel_size: int = 3, paddings: Any = shapes.CONV_PADDINGS
) -> Figure:
    """One panel per padding: how many windows cover each input pixel (a heat map with numbers)."""
    modes = _paddings(paddings)
    maps = [_coverage(_layout(input_size, kernel_size, p)) for p in modes]
    n, k = maps[0].shape[0], int(kernel_size)
    cell = min(0.32, 2.4 / n)
    width = max(3.2, len(maps) * (cell * n + 0.45) + 0.9)
    fig = plotting.canvas((width, cell * n + 1.0), layout=None)
    axes = fig.subplots(1, len(maps), squeeze=False)[0]
    image = None
    for ax, counts, padding in zip(axes, maps, modes, strict=True):
        image = ax.imshow(counts, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=k * k)
        rows, cols = np.indices(counts.shape).reshape(2, -1)
        words = [str(v) for v in counts.ravel()]
        plotting.cell_texts(ax, np.c_[cols, rows], words, _fontsize(cell), inks(image, counts))
        _plain(ax, n)
        ax.set_title(
            f"{_title_name(padding)}\ncorner {counts[0, 0]}×, centre {counts[n // 2, n // 2]}×",
            fontsize=9,
        )
    fig.subplots_adjust(left=0.02, right=0.86, top=0.78, bottom=0.04, wspace=0.12)
    bar = fig.colorbar(image, cax=fig.add_axes((0.89, 0.1, 0.02, 0.62)))
    bar.set_label("windows covering the pixel", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig


def plot_padding_values(
    input_size: int = 6,
    kernel_size: int = 3,
    padding: str | int = "same",
    fig: Figure | None = None,
) -> Figure:
    """A white image with its zeros (left) and the k×k average of every window (right).

    Both panels share one grey scale (0 black, 1 white) and one colour bar, so the darker
    border of the output reads as what it is: the zeros pulled in by the windows.
    """
    layout = _layout(input_size, kernel_size, padding)
    padded, out = white_image_average(layout)
    size, n, k, o = layout.padded_size, layout.input_size, layout.kernel_size, layout.output_size
    cell = _cell_inches(size)
    left, gap, bar_w, bottom, top = 0.15, 0.5, 1.0, 0.35, 0.15
    width = left + cell * (size + o) + gap + bar_w
    height = cell * max(size, o) + bottom + top
    fig = plotting.canvas((width, height), fig, layout=None)
    ax_in, ax_out = _two_panels(fig, size, o, cell, left, gap, bottom)
    image = None
    pictures = (
        (ax_in, padded, "{:.0f}", "white image + zeros" if size > n else "white image"),
        (ax_out, out, "{:.2f}", f"mean of each {k}×{k} window"),
    )
    for ax, values, fmt, label in pictures:
        image = ax.imshow(values, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
        plotting.grid_lines(ax, *values.shape, clip_on=False)
        if size <= 16:
            rows, cols = np.indices(values.shape).reshape(2, -1)
            words = [fmt.format(v) for v in values.ravel()]
            plotting.cell_texts(
                ax, np.c_[cols, rows], words, _fontsize(cell, 0.36), inks(image, values)
            )
        _plain(ax, values.shape[0], label)
    for ax, side in ((ax_in, k), (ax_out, 1)):  # the first window and the number it makes
        frame = Rectangle((-0.5, -0.5), side, side, fill=False, edgecolor=OKABE_ITO[3])
        ax.add_patch(frame).set(linewidth=2.5, zorder=6, clip_on=False)
    if size > n:
        b = layout.pad_before
        real = Rectangle((b - 0.5, b - 0.5), n, n, fill=False, edgecolor=BLUE, linestyle="--")
        ax_in.add_patch(real).set(linewidth=1.5, zorder=6, clip_on=False)
    bar_ax = fig.add_axes(((width - bar_w + 0.25) / width, bottom / height, 0.12 / width,
                           cell * max(size, o) / height))  # fmt: skip
    bar = fig.colorbar(image, cax=bar_ax)
    bar.set_label("brightness (0 black, 1 white)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig
