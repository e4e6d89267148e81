"""Lesson 05's figures: the windows a pooling layer reads and the one number it keeps.

`plot_pooling_by_hand` colours the windows of a small grid and writes their max and
average; `plot_pooling` draws a map with its windows next to the pooled map, on one
colour scale, through `draw_pooling`, which the pooling explorer calls with the windows
it computed; `show_maps` puts feature maps side by side on one shared scale with one
colour bar, so a dimmer map looks dimmer. What they draw, the pooled map with its
windows, is `layers_numpy.pool_windows`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import _validate, layers_numpy, plotting
from course_utils.figures.padding import (
    BLUE,
    MAX_DRAWN,
    PAD_GREY,
    VERMILLION,
    arrow_to_output,
    text_colors,
)

__all__ = ["EXAMPLE_GRID", "plot_pooling", "draw_pooling", "plot_pooling_by_hand", "show_maps"]

MAX_WRITTEN = 100  # write the numbers in the cells only when both panels hold at most this many

# The 4×4 grid the lesson pools by hand: every 2×2 block has a whole-number average.
EXAMPLE_GRID = np.array(
    [
        [1, 3, 2, 0],
        [4, 8, 5, 1],
        [3, 1, 6, 2],
        [0, 0, 1, 3],
    ],
    dtype=float,
)

# Light fills for the windows of the by-hand picture (sky blue, orange, green, purple).
_WINDOW_FILLS = ("#bfe3f8", "#f8dba6", "#a9e0cf", "#ecc6dc")


# ---------------------------------------------------------------- the windows, drawn


def _show_map(
    ax: Any, values: np.ndarray, scale: Any, title: str, small: bool, write: bool, fontsize: float
) -> None:
    """A map as coloured cells (NaN cells grey) titled underneath, with grid lines if `small`
    and the numbers if `write`.

    Cells are a QuadMesh, not an image: Agg draws a few hundred quads much faster than it
    resamples an image to a large figure.
    """
    rows, cols = values.shape
    edges = {"edgecolors": "0.45", "linewidth": 0.6} if small else {}
    ax.pcolormesh(
        np.arange(cols + 1) - 0.5,
        np.arange(rows + 1) - 0.5,
        np.ma.masked_invalid(values),
        cmap=scale.cmap,
        norm=scale.norm,
        **edges,
    )
    if write:
        rows_at, cols_at = np.nonzero(~np.isnan(values))
        shown = values[rows_at, cols_at]
        words = [plotting.number(v) for v in shown]
        colors = text_colors(scale, shown)
        plotting.cell_texts(ax, np.c_[cols_at, rows_at], words, fontsize, colors)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    plotting.glyph_label(ax, title, plotting.BELOW)


def _frame(ax: Any, top: int, left: int, height: int, width: int, colour: Any, **style) -> None:
    """The outline of a window of cells, drawn over them (and over the axes' edge)."""
    from matplotlib.patches import Rectangle

    outline = Rectangle((left - 0.5, top - 0.5), width, height, fill=False, edgecolor=colour)
    ax.add_patch(outline).set(zorder=3, clip_on=False, **style)


def _pooling_canvas(fig: Any, size: tuple[float, float], boxes: list[tuple]) -> tuple:
    """(figure, [input axes, pooled axes], colour scale). A Figure this drew into before
    keeps its axes and colour bar, moved and emptied: building them is what costs."""
    fig, (axes, scale) = plotting.reused(fig, "pooling", lambda f: _build_canvas(f, size, boxes))
    fig.set_size_inches(size)
    for ax, box in zip(axes, boxes, strict=True):
        ax.set_position(box)
    for artist in [*fig.artists]:
        artist.remove()
    for ax in axes[:2]:
        for artist in [*ax.collections, *ax.texts, *ax.patches]:
            artist.remove()
    return fig, axes[:2], scale


def _build_canvas(fig: Any, size: tuple[float, float], boxes: list[tuple]) -> tuple:
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.ticker import MaxNLocator

    fig = plotting.canvas(size, fig, layout=None)
    axes = [fig.add_axes(box) for box in boxes]
    for ax in axes[:2]:
        ax.set_axis_off()
    cmap = colormaps[plotting.SEQUENTIAL_CMAP].with_extremes(bad=PAD_GREY)
    scale = ScalarMappable(Normalize(0, 1), cmap)
    bar = fig.colorbar(scale, cax=axes[2], ticks=MaxNLocator(4))  # few labels: each costs
    bar.set_label("value (both panels)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig, (axes, scale)


def plot_pooling(
    x: Any = EXAMPLE_GRID,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
    mode: str = "max",
    step: int | None = None,
) -> Any:
    """The (padded) map with its windows, window `step` (0 = top left) marked, and the pooled
    map on the same colour scale."""
    p = layers_numpy.pool_windows(x, pool_size, strides, padding, mode)
    _validate.drawable("x", p.x, max(p.rows.padded_size, p.cols.padded_size), MAX_DRAWN)
    return draw_pooling(p, _validate.step("step", step, p.n_windows, allow_none=True))


def draw_pooling(p: layers_numpy.Pooled, step: int | None, fig: Any = None) -> Any:
    """`plot_pooling`'s picture of the pooled map `p` with window `step` (None: all) marked;
    `fig`: a Figure to redraw in place (its axes and colour bar are kept)."""
    (h, w), (hp, wp), (ho, wo) = p.x.shape, (p.rows.padded_size, p.cols.padded_size), p.out.shape
    # Same cell size in both panels, so the pooled map looks as much smaller as it is.
    cell = min(0.42, max(0.12, 4.0 / max(hp, wp)))
    left, gap, bottom, top = 0.15, 0.8, 0.5, 0.12  # inches
    out_left = left + cell * wp + gap
    bar_left = out_left + max(cell * wo, 1.7) + 0.25  # room for the pooled map's title
    width, height = bar_left + 0.75, bottom + cell * hp + top  # 0.75: the colour bar's labels
    boxes = [
        (left, bottom, cell * wp, cell * hp),
        (out_left, bottom + cell * (hp - ho), cell * wo, cell * ho),
        (bar_left, bottom, 0.12, cell * hp),
    ]
    fig, (ax_in, ax_out), scale = _pooling_canvas(
        fig,
        (width, height),
        [(x0 / width, y0 / height, dx / width, dy / height) for x0, y0, dx, dy in boxes],
    )
    vmin, vmax = float(p.x.min()), float(p.x.max())
    scale.set_clim(vmin, vmax if vmax > vmin else vmin + 1)
    fontsize = min(10.0, max(6.0, 72 * cell * 0.38))
    padded = (hp, wp) != (h, w)
    small, write = max(hp, wp) <= 20, h * w + ho * wo <= MAX_WRITTEN  # each number costs time
    title_in = f"input {h}×{w}" + (f" + padding → {hp}×{wp}" if padded else "")
    _show_map(ax_in, p.padded(), scale, title_in, small, write, fontsize)
    _show_map(ax_out, p.out, scale, f"{p.mode} pooled {ho}×{wo}", small, write, fontsize)

    # A dot on the top-left cell of every window: `strides` cells apart.
    corners = p.corners()
    ax_in.scatter(
        corners[:, 1] - 0.3, corners[:, 0] - 0.3, s=(72 * cell * 0.22) ** 2, color=BLUE, zorder=4
    )
    kh, kw = p.rows.kernel_size, p.cols.kernel_size
    if step is None:  # every window outlined when they do not overlap, else the last one dashed
        overlap = p.rows.strides < kh or p.cols.strides < kw
        for r, c in corners[-1:] if overlap else corners:
            _frame(ax_in, r, c, kh, kw, BLUE, linewidth=2.0, linestyle="--" if overlap else "-")
    else:
        out_row, out_col, _ = p.window(step)
        r, c = corners[step]
        _frame(ax_in, r, c, kh, kw, VERMILLION, linewidth=3.0)
        _frame(ax_out, out_row, out_col, 1, 1, VERMILLION, linewidth=3.0)
        arrow_to_output(ax_in, ax_out, (r, c, kh, kw), (out_row, out_col))

    entries = [("window corners", {"marker": "o", "color": BLUE})]
    if step is not None:
        entries.append(("window now", {"facecolor": "none", "edgecolor": VERMILLION}))
    if padded:
        entries.append(("padding (ignored)", {"facecolor": PAD_GREY, "edgecolor": "0.45"}))
    plotting.key(fig, left, 0.25, entries, across=True)
    return fig


def plot_pooling_by_hand(x: Any = EXAMPLE_GRID, pool_size: int = 2) -> Any:
    """The map with each non-overlapping window in its own colour, then its max and its average."""
    from matplotlib.colors import to_rgb

    k = _validate.positive_int("pool_size", pool_size)
    by_mode = {
        mode: layers_numpy.pool_windows(x, k, k, "valid", mode) for mode in layers_numpy.POOL_MODES
    }
    p = by_mode["max"]
    if p.n_windows > 4 * len(_WINDOW_FILLS):
        raise _validate.fail(
            "x",
            p.x,
            f"with pool_size={k} that is {p.n_windows} windows, and this picture colours at "
            f"most {4 * len(_WINDOW_FILLS)}",
        )
    h, w = p.x.shape
    ho, wo = p.out.shape
    cell = min(0.45, 3.0 / max(h, w))
    size = (cell * (w + 2 * wo) + 2.6, cell * h + 0.9)
    fig = plotting.canvas(size, layout=None)
    panels = [
        (p.x, f"{h}×{w} map, {p.n_windows} windows"),
        (by_mode["max"].out, "max of each"),
        (by_mode["average"].out, "average of each"),
    ]
    fills = [to_rgb(_WINDOW_FILLS[i % len(_WINDOW_FILLS)]) for i in range(p.n_windows)]
    x0 = 0.15
    for i, (values, title) in enumerate(panels):
        rows, cols = values.shape
        ax = fig.add_axes(
            (x0 / size[0], 0.15 / size[1], cell * cols / size[0], cell * rows / size[1])
        )
        x0 += cell * cols + 1.1
        colours = np.ones((rows, cols, 3))  # cells no window reads stay white
        for idx, (r, c) in enumerate(p.corners()):
            if i == 0:
                colours[r : r + k, c : c + k] = fills[idx]
            else:
                colours[idx // wo, idx % wo] = fills[idx]
        ax.imshow(colours, interpolation="nearest")
        plotting.grid_lines(ax, rows, cols, 0.6, clip_on=False)
        for (r, c), v in np.ndenumerate(values):
            ax.text(
                c,
                r,
                plotting.number(v),
                ha="center",
                va="center",
                fontsize=min(11.0, 72 * cell * 0.4),
            )
        if i == 0:
            for r, c in p.corners():
                _frame(ax, r, c, k, k, "0.2", linewidth=2.0)
        ax.set_title(title, fontsize=10)
        ax.set_axis_off()
        if i < 2:  # an arrow (then "or") between the panels
            sign, fontsize = ("→", 18) if i == 0 else ("or", 10)
            fig.text(
                (x0 - 0.55) / size[0],
                (0.15 + cell * rows / 2) / size[1],
                sign,
                ha="center",
                va="center",
                fontsize=fontsize,
                color="0.3",
            )
    return fig


def show_maps(
    maps: Any,
    titles: Any = None,
    image: Any = None,
    image_title: str = "",
    label: str = "value",
) -> Any:
    """Non-negative feature maps side by side on ONE colour scale (0 … the largest value of
    all of them) with one colour bar; an optional grey `image` (0 black, 1 white) in front."""
    from matplotlib.colors import Normalize

    arrays = [_validate.array(f"maps[{i}]", m, ndims=(2,)) for i, m in enumerate(maps)]
    if not arrays:
        raise _validate.fail("maps", maps, "give at least one 2-D map")
    if any(float(np.min(a)) < 0 for a in arrays):
        raise _validate.fail(
            "maps",
            "<maps with negative values>",
            "this picture is for non-negative maps (after ReLU or pooling); show signed maps "
            "on a diverging scale centred on 0",
        )
    names = [""] * len(arrays) if titles is None else [str(t) for t in titles]
    if len(names) != len(arrays):
        raise _validate.fail(
            "titles", titles, f"there are {len(arrays)} maps, so give one title each"
        )
    panels = ([] if image is None else [None]) + arrays
    fig = plotting.canvas((1.75 * len(panels) + 0.9, 2.25), layout=None)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    if image is not None:
        img = _validate.array("image", image, ndims=(2,))
        axes[0].imshow(img, cmap=plotting.IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
        axes[0].set_title(image_title, fontsize=9)
    top = max(float(np.max(a)) for a in arrays)
    norm = Normalize(0.0, top if top > 0 else 1.0)
    shown = None
    for ax, arr, name in zip(axes[len(panels) - len(arrays) :], arrays, names, strict=True):
        shown = ax.imshow(arr, cmap=plotting.SEQUENTIAL_CMAP, norm=norm, interpolation="nearest")
        ax.set_title(name, fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.subplots_adjust(left=0.02, right=0.86, top=0.8, bottom=0.04, wspace=0.12)
    bar = fig.colorbar(shown, cax=fig.add_axes((0.88, 0.1, 0.015, 0.66)))
    bar.set_label(label, fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig
