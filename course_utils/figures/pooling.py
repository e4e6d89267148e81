"""Lesson 05's figures: the windows a pooling layer reads and the one number it keeps.

`plot_pooling_by_hand` colours the windows of a small grid and writes their max and
average; `plot_pooling` draws a map with its windows next to the pooled map, on one
colour scale (the pooling explorer draws through it too); `show_maps` puts feature maps
side by side on one shared scale with one colour bar, so a dimmer map looks dimmer.
`pool_windows` is what they draw: the pooled map from `layers_numpy` and the windows
along each axis from `shapes.axis_layout`.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, layers_numpy, plotting, shapes

__all__ = [
    "EXAMPLE_GRID",
    "MODES",
    "Pooled",
    "pool_windows",
    "plot_pooling",
    "plot_pooling_by_hand",
    "show_maps",
]

MODES = ("max", "average")
MAX_DRAWN = 40  # cells along one axis of the padded input that a picture can still show
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

_BLUE, _VERMILLION = plotting.OKABE_ITO[0], plotting.OKABE_ITO[1]
_PAD_GREY = "#d9d9d9"
# Light fills for the windows of the by-hand picture (sky blue, orange, green, purple).
_WINDOW_FILLS = ("#bfe3f8", "#f8dba6", "#a9e0cf", "#ecc6dc")


# ---------------------------------------------------------------- what is drawn


class Pooled(NamedTuple):
    """A 2-D map pooled as Keras pools it, with the windows along each axis."""

    x: np.ndarray
    mode: str  # 'max' or 'average'
    rows: shapes.AxisLayout
    cols: shapes.AxisLayout
    out: np.ndarray  # the pooled map, from layers_numpy

    @property
    def n_windows(self) -> int:
        """How many windows = how many numbers the pooled map holds."""
        return self.out.size

    def corners(self) -> np.ndarray:
        """(top, left) of every window in padded coordinates, row by row: (n_windows, 2)."""
        return np.array([(r, c) for r in self.rows.starts for c in self.cols.starts])

    def padded(self) -> np.ndarray:
        """x with NaN in the padding cells (padding is not a value: pooling skips it)."""
        pads = (
            (self.rows.pad_before, self.rows.pad_after),
            (self.cols.pad_before, self.cols.pad_after),
        )
        return np.pad(self.x, pads, constant_values=np.nan)

    def window(self, step: int) -> tuple[int, int, np.ndarray]:
        """Window `step` (0 = top left, row by row): its output (row, col) and its cells
        (NaN where it covers padding)."""
        out_row, out_col = divmod(step, self.cols.output_size)
        top, left = self.rows.starts[out_row], self.cols.starts[out_col]
        cells = self.padded()[
            top : top + self.rows.kernel_size, left : left + self.cols.kernel_size
        ]
        return out_row, out_col, cells


def pool_windows(
    x: Any,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
    mode: str = "max",
) -> Pooled:
    """x pooled by MaxPooling2D ('max') or AveragePooling2D ('average'), with its windows."""
    arr = _validate.array("x", x, ndims=(2,))
    mode = _validate.choice("mode", mode, MODES)
    pool = layers_numpy.max_pool2d if mode == "max" else layers_numpy.avg_pool2d
    out = pool(arr, pool_size, strides, padding)  # checks pool_size, strides and padding
    ph, pw = _validate.pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else _validate.pair("strides", strides)
    rows = shapes.axis_layout(arr.shape[0], ph, sh, padding)
    cols = shapes.axis_layout(arr.shape[1], pw, sw, padding)
    return Pooled(arr, mode, rows, cols, out)


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
        for (i, j), v in np.ndenumerate(values):
            if not np.isnan(v):
                r, g, b, _ = scale.to_rgba(v)
                light = 0.299 * r + 0.587 * g + 0.114 * b > 0.5
                ax.text(
                    j,
                    i,
                    plotting.number(v),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="black" if light else "white",
                )
    ax.text(0.5, -0.02, title, transform=ax.transAxes, ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)


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
    for artist in [*fig.legends, *fig.artists]:
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
    cmap = colormaps[plotting.SEQUENTIAL_CMAP].with_extremes(bad=_PAD_GREY)
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
    fig: Any = None,
) -> Any:
    """The (padded) map with its windows, window `step` (0 = top left) marked, and the pooled
    map on the same colour scale; `fig`: a Figure to redraw in place."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import ConnectionPatch, Patch

    p = pool_windows(x, pool_size, strides, padding, mode)
    step = _validate.step("step", step, p.n_windows, allow_none=True)
    (h, w), (hp, wp), (ho, wo) = p.x.shape, (p.rows.padded_size, p.cols.padded_size), p.out.shape
    if max(hp, wp) > MAX_DRAWN:
        raise _validate.fail(
            "x",
            f"<array of shape {p.x.shape}>",
            f"with its padding that is {hp}×{wp} cells, and a picture shows at most "
            f"{MAX_DRAWN} per side: pass a crop such as x[:24, :24]",
        )
    # Same cell size in both panels, so the pooled map looks as much smaller as it is.
    cell = min(0.42, max(0.12, 4.0 / max(hp, wp)))
    left, gap, bottom, top = 0.15, 0.8, 0.5, 0.12  # inches
    out_left = left + cell * wp + gap
    bar_left = out_left + max(cell * wo, 1.7) + 0.25  # room for the pooled map's title
    # 0.75: the colour bar's labels. A whole number of 1/80 inches (+ a quarter, which rounding down
    # drops), so that the explorer's picture is a whole number of CSS pixels wide.
    width, height = (
        (math.ceil(v * 80) + 0.25) / 80 for v in (bar_left + 0.75, bottom + cell * hp + top)
    )
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
        corners[:, 1] - 0.3, corners[:, 0] - 0.3, s=(72 * cell * 0.22) ** 2, color=_BLUE, zorder=4
    )
    kh, kw = p.rows.kernel_size, p.cols.kernel_size
    if step is None:  # every window outlined when they do not overlap, else the last one dashed
        overlap = p.rows.strides < kh or p.cols.strides < kw
        for r, c in corners[-1:] if overlap else corners:
            _frame(ax_in, r, c, kh, kw, _BLUE, linewidth=2.0, linestyle="--" if overlap else "-")
    else:
        out_row, out_col, _ = p.window(step)
        r, c = corners[step]
        _frame(ax_in, r, c, kh, kw, _VERMILLION, linewidth=3.0)
        _frame(ax_out, out_row, out_col, 1, 1, _VERMILLION, linewidth=3.0)
        fig.add_artist(
            ConnectionPatch(
                xyA=(c + kw - 0.5, r + (kh - 1) / 2),
                coordsA=ax_in.transData,
                xyB=(out_col - 0.5, out_row),
                coordsB=ax_out.transData,
                arrowstyle="->",
                color=_VERMILLION,
                linewidth=1.2,
            )
        )

    handles = [Line2D([], [], color=_BLUE, marker="o", linestyle="none", label="window corners")]
    if step is not None:
        handles.append(Patch(facecolor="none", edgecolor=_VERMILLION, label="window now"))
    if padded:
        handles.append(Patch(facecolor=_PAD_GREY, edgecolor="0.45", label="padding (ignored)"))
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(left / width, 0.0),
        ncols=len(handles),
        fontsize=8,
        frameon=False,
        handlelength=1.2,
    )
    return fig


def plot_pooling_by_hand(x: Any = EXAMPLE_GRID, pool_size: int = 2) -> Any:
    """The map with each non-overlapping window in its own colour, then its max and its average."""
    from matplotlib.colors import to_rgb

    k = _validate.positive_int("pool_size", pool_size)
    by_mode = {mode: pool_windows(x, k, k, "valid", mode) for mode in MODES}
    p = by_mode["max"]
    if p.n_windows > 4 * len(_WINDOW_FILLS):
        raise _validate.fail(
            "x",
            f"<array of shape {p.x.shape}>",
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
