"""Lesson 03's pictures of padding: the padded grid, the windows, the coverage, the values.

Every layout comes from `shapes.axis_layout`, every formula from `shapes.output_formula`.
`draw_padding` and `draw_padding_values` draw a layout the padding explorer computed (into
its Figure, to redraw in place); `plot_padding_values` computes one and draws it too. The
colours, the drawing limit, the real-pixel mask and the two-panel layout here are shared
with the stride and pooling pictures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionPatch, Patch, Rectangle

from course_utils import _validate, layers_numpy, plotting, shapes
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO, SEQUENTIAL_CMAP

MAX_DRAWN = 40  # cells along one axis of the padded input that a picture can still show

BLUE, VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
PAD_GREY = "#d9d9d9"  # padding cells
FIRST = "#f6c9a9"  # a light vermillion: the first window (the stride lesson: the kernel now)
LIGHT_BLUE = "#c6e3f7"  # output cells, and (stride) cells an earlier position covered


# ---------------------------------------------------------------- helpers


def _coverage(layout: shapes.AxisLayout) -> np.ndarray:
    """(n, n): how many windows cover each pixel of a square input (rows × columns)."""
    along = np.array(layout.coverage[layout.pad_before : layout.pad_before + layout.input_size])
    return np.outer(along, along)


def _layout(input_size: int, kernel_size: int, padding: object) -> shapes.AxisLayout:
    """The stride-1 layout, refused if its padded grid is too large to draw."""
    layout = shapes.axis_layout(input_size, kernel_size, 1, padding)  # type: ignore[arg-type]
    _validate.drawable("input_size", input_size, layout.padded_size, MAX_DRAWN)
    return layout


def real_cells(layout: shapes.AxisLayout) -> np.ndarray:
    """(padded, padded) bool: True on the input's own pixels, False on the zeros around them."""
    real = np.zeros(layout.padded_size, dtype=bool)
    real[layout.pad_before : layout.pad_before + layout.input_size] = True
    return np.outer(real, real)


def _paddings(paddings: object) -> list[str | int]:
    if isinstance(paddings, str) or _validate.is_whole(paddings):
        paddings = [paddings]
    if not isinstance(paddings, Sequence) or not paddings:
        raise _validate.fail(
            "paddings", paddings, "paddings must be a padding or a non-empty list of them"
        )
    return [_validate.padding("padding", p, shapes.CONV_PADDINGS) for p in paddings]


def _bare_grid(ax: Axes, cells: int, label: str = "") -> None:
    """A grid of cells × cells without axis lines or ticks (cheap to draw), labelled below."""
    ax.set_axis_off()
    ax.set_xlim(-0.5, cells - 0.5)
    ax.set_ylim(cells - 0.5, -0.5)
    if label:
        ax.text(0.5, -0.02, label, transform=ax.transAxes, ha="center", va="top", fontsize=9)


def text_colors(scale: Any, values: np.ndarray) -> list[str]:
    """Black or white, for a number written on each cell of `values` coloured by `scale`
    (an image or any ScalarMappable)."""
    return [plotting.text_color(c) for c in scale.to_rgba(values.ravel())]


def _cell_inches(size: int) -> float:
    return min(0.34, max(0.14, 3.2 / size))


def _fontsize(cell: float, share: float = 0.42) -> float:
    return min(9.0, max(5.5, 72 * cell * share))


def show(ax: Axes, values: np.ndarray, cells: bool = False, **style: Any) -> Any:
    """`values` (rows × cols, coloured by `style`'s cmap/vmin/vmax, or RGB) as square cells
    centred on whole (x, y): an image; or, if `cells` (an explorer's redraw), a mesh of flat
    cells: the same picture, far cheaper for Agg than an image enlarged to the PNG's pixels."""
    if not cells:
        return ax.imshow(values, interpolation="nearest", **style)
    return plotting.cells(ax, values, **style)


def _title_name(padding: str | int) -> str:
    return repr(padding) if isinstance(padding, str) else f"p = {padding}"


def _draw_padded(
    ax: Axes,
    layout: shapes.AxisLayout,
    fontsize: float,
    counts: bool = False,
    last: bool = True,
    label: str = "",
    cells: bool = False,
) -> None:
    """The padded input: grey zeros with their '0', the first (and last) window, a dot on
    every window's centre; or, if `counts`, each pixel coloured and numbered by its windows.
    `cells`: drawn as a mesh (see `show`), for an explorer's redraw."""
    from matplotlib import colormaps

    size, k, n, b = layout.padded_size, layout.kernel_size, layout.input_size, layout.pad_before
    real2d = real_cells(layout)
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
    show(ax, rgb, cells)
    plotting.grid_lines(ax, size, size, clip_on=False)
    ax.add_patch(Rectangle((-0.5, -0.5), k, k, facecolor=FIRST, alpha=0.55, zorder=1.5))
    frame = Rectangle((-0.5, -0.5), k, k, fill=False, edgecolor=VERMILLION, linewidth=2.5)
    ax.add_patch(frame).set(zorder=3, clip_on=False)
    if last and layout.output_size > 1:
        end = layout.starts[-1] - 0.5
        dashed = Rectangle((end, end), k, k, fill=False, edgecolor=BLUE, linestyle="--")
        ax.add_patch(dashed).set(linewidth=2.0, zorder=3, clip_on=False)
    _bare_grid(ax, size, label)


def two_panels(
    fig: Figure,
    size: int,
    out: int,
    cell: float,
    margins: tuple[float, float, float],
    centred: bool = True,
    axes: tuple[Axes, Axes] | None = None,
) -> tuple[Axes, Axes]:
    """The input panel (size × size cells) and, right of it, the output panel (out × out),
    with the same cell size; `margins` = (left, gap, bottom) in inches. The output is
    vertically centred on the input, or level with its top if not `centred`. Given `axes`
    (kept from an earlier redraw), moves those instead of adding new ones."""
    left, gap, bottom = margins
    width, height = fig.get_size_inches()
    lift = (size - out) / 2 if centred else size - out
    boxes = (
        (left / width, bottom / height, cell * size / width, cell * size / height),
        (
            (left + cell * size + gap) / width,
            (bottom + cell * lift) / height,
            cell * out / width,
            cell * out / height,
        ),
    )
    if axes is None:
        return fig.add_axes(boxes[0]), fig.add_axes(boxes[1])
    for ax, box in zip(axes, boxes, strict=True):
        ax.set_position(box)
    return axes


def kept_panels(
    fig: Figure | None, name: str, build: Any, figsize: tuple[float, float]
) -> tuple[Figure, Any]:
    """(figure, parts) for an explorer's redraw: its axes (and colour bar) built once
    by `build(fig)` (`parts[0]` the panels drawn on), kept between redraws, the figure
    resized to `figsize` and emptied of what the last redraw added (texts, lines, patches,
    collections, the key), which are cheap to add again; axes are not."""
    fig, parts = plotting.reused(fig, name, build)
    fig.set_size_inches(figsize)
    for ax in parts[0]:
        for artist in [*ax.collections, *ax.patches, *ax.texts, *ax.lines]:
            artist.remove()
    for artist in [*fig.artists, *fig.texts, *fig.lines, *fig.patches]:
        artist.remove()
    return fig, parts


def arrow_to_output(
    ax_in: Axes, ax_out: Axes, window: tuple[int, int, int, int], cell: tuple[int, int]
) -> None:
    """An arrow from the right edge of `window` (top, left, height, width) on the input to
    the left edge of output `cell` (row, column): the number that window makes."""
    top, left, height, width = window
    row, col = cell
    arrow = ConnectionPatch(
        xyA=(left + width - 0.5, top + (height - 1) / 2),
        coordsA=ax_in.transData,
        xyB=(col - 0.5, row),
        coordsB=ax_out.transData,
        arrowstyle="->",
        color=VERMILLION,
        linewidth=1.2,
    )
    ax_in.figure.add_artist(arrow)


# ---------------------------------------------------------------- pictures


def _build_padding(fig: Figure | None) -> tuple[Figure, Any]:
    """The padding explorer's axes, kept between redraws: the input and output panels
    (placed by each redraw) and the colour bar of the 'values' view (hidden in the others)."""
    fig = plotting.canvas((6.0, 3.0), fig, layout=None)
    axes = two_panels(fig, 1, 1, 1.0, (0.15, 0.5, 0.35))
    for ax in axes:
        ax.set_aspect("equal")  # square cells, as imshow makes them
    bar_ax = fig.add_axes((0.9, 0.1, 0.02, 0.8))  # placed by draw_padding_values
    bar = fig.colorbar(ScalarMappable(Normalize(0, 1), IMAGE_CMAP), cax=bar_ax)
    bar.set_label("brightness (0 black, 1 white)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig, (axes, bar_ax)


_MARGINS = (0.15, 0.5, 0.35, 0.15)  # inches: left, gap between the panels, bottom, top


def _padding_canvas(fig: Figure | None, layout: shapes.AxisLayout, right_w: float) -> tuple:
    """(figure, (input axes, output axes), colour-bar axes, cell side in inches) for the
    padded input beside the output, `right_w` inches left free on the right; the axes are
    kept when `fig` was drawn into before."""
    size, out = layout.padded_size, layout.output_size
    cell = _cell_inches(size)
    left, gap, bottom, top = _MARGINS
    width = left + cell * (size + out) + gap + right_w
    height = cell * max(size, out) + bottom + top
    fig, (axes, bar_ax) = kept_panels(fig, "padding", _build_padding, (width, height))
    panels = two_panels(fig, size, out, cell, (left, gap, bottom), axes=axes)
    return fig, panels, bar_ax, cell


def draw_padding(layout: shapes.AxisLayout, counts: bool, fig: Figure | None = None) -> Figure:
    """The padded input (zeros grey, first and last window, window centres) and the output
    grid of a stride-1 layout; `counts` numbers each pixel with the windows that cover it
    instead. The padding explorer's picture: into `fig` (its axes kept), if given."""
    size, out = layout.padded_size, layout.output_size
    legend_w, bottom = 1.75, _MARGINS[2]
    fig, (ax_in, ax_out), bar_ax, cell = _padding_canvas(fig, layout, legend_w)
    width = fig.get_size_inches()[0]
    bar_ax.set_visible(False)
    label = "input + zeros" if size > layout.input_size else "input"
    label += ": windows over each pixel" if counts else ""
    _draw_padded(ax_in, layout, _fontsize(cell), counts=counts, label=label, cells=True)
    show(ax_out, np.full((out, out, 3), to_rgb(LIGHT_BLUE)), cells=True)
    plotting.grid_lines(ax_out, out, out, clip_on=False)
    _bare_grid(ax_out, out, "output")
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
        formula = shapes.output_formula(layout)
        ax.set_title(f"{_title_name(layout.padding)}: {n}×{n} → {out}×{out}\n{formula}", fontsize=9)
        ax.set_xlim(-0.5, biggest - 0.5)  # same cell size in every panel
        ax.set_ylim(biggest - 0.5, -0.5)
    centres = "window centres (one per output number)"
    handles = [
        Patch(facecolor=FIRST, edgecolor=VERMILLION, label="first window"),
        Patch(facecolor=PAD_GREY, edgecolor="0.45", label="zero padding"),
        Line2D([], [], color=BLUE, marker="o", linestyle="none", label=centres),
    ]
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
        plotting.cell_texts(
            ax, np.c_[cols, rows], words, _fontsize(cell), text_colors(image, counts)
        )
        _bare_grid(ax, n)
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
    input_size: int = 6, kernel_size: int = 3, padding: str | int = "same"
) -> Figure:
    """A white image with its zeros (left) and the k×k average of every window (right).

    Both panels share one grey scale (0 black, 1 white) and one colour bar, so the darker
    border of the output reads as what it is: the zeros pulled in by the windows.
    """
    layout = _layout(input_size, kernel_size, padding)
    return draw_padding_values(layout, *layers_numpy.white_image_means(layout))


def draw_padding_values(
    layout: shapes.AxisLayout, padded: np.ndarray, out: np.ndarray, fig: Figure | None = None
) -> Figure:
    """`plot_padding_values`' picture of the white image `padded` and its window means `out`
    (from `layers_numpy.white_image_means(layout)`), into `fig` (its axes kept), if given."""
    size, n, k, o = layout.padded_size, layout.input_size, layout.kernel_size, layout.output_size
    bar_w = 1.0
    fig, (ax_in, ax_out), bar_ax, cell = _padding_canvas(fig, layout, bar_w)
    width, height = fig.get_size_inches()
    pictures = (
        (ax_in, padded, "{:.0f}", "white image + zeros" if size > n else "white image"),
        (ax_out, out, "{:.2f}", f"mean of each {k}×{k} window"),
    )
    for ax, values, fmt, label in pictures:
        image = show(ax, values, cells=True, cmap=IMAGE_CMAP, vmin=0, vmax=1)
        plotting.grid_lines(ax, *values.shape, clip_on=False)
        if size <= 16:
            rows, cols = np.indices(values.shape).reshape(2, -1)
            words = [fmt.format(v) for v in values.ravel()]
            colors = text_colors(image, values)
            plotting.cell_texts(ax, np.c_[cols, rows], words, _fontsize(cell, 0.36), colors)
        _bare_grid(ax, values.shape[0], label)
    for ax, side in ((ax_in, k), (ax_out, 1)):  # the first window and the number it makes
        frame = Rectangle((-0.5, -0.5), side, side, fill=False, edgecolor=OKABE_ITO[3])
        ax.add_patch(frame).set(linewidth=2.5, zorder=6, clip_on=False)
    if size > n:
        b = layout.pad_before
        real = Rectangle((b - 0.5, b - 0.5), n, n, fill=False, edgecolor=BLUE, linestyle="--")
        ax_in.add_patch(real).set(linewidth=1.5, zorder=6, clip_on=False)
    bar_box = (width - bar_w + 0.25, _MARGINS[2], 0.12, cell * max(size, o))  # inches
    bar_ax.set_position([v / s for v, s in zip(bar_box, (width, height) * 2, strict=True)])
    bar_ax.set_visible(True)
    return fig
