"""Pooling: which windows a pooling layer reads, and the one number it keeps from each.

The pure functions give the windows of a MaxPooling2D / AveragePooling2D layer on a 2-D
feature map (the zeros-free padding TensorFlow uses for 'same'), the value each window
gives, and draw them; `pooling_explorer()` wires them to sliders and a Play button.
`show_maps` draws feature maps side by side on one shared colour scale with one colour bar,
so a pooled map that is dimmer than its input looks dimmer.
Importing this module imports neither TensorFlow nor ipywidgets and changes no
matplotlib setting.
"""

from __future__ import annotations

import html
import numbers
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, layers_numpy
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO, SEQUENTIAL_CMAP
from course_utils.widgets._base import grid_lines, pyplot
from course_utils.widgets.stride import StrideLayout, stride_layout

__all__ = [
    "EXAMPLE_GRID",
    "PoolLayout",
    "pool_layout",
    "pool",
    "window_at",
    "brightest_window",
    "window_text",
    "formula_text",
    "caption_html",
    "plot_pooling",
    "plot_pooling_by_hand",
    "show_maps",
    "pooling_explorer",
]

MODES = ("max", "average")
PADDINGS = ("valid", "same")
MAX_DRAWN = 40  # cells along one axis of the padded input that a picture can still show
MAX_WRITTEN = 12  # write the numbers in the cells only up to this many cells per axis
EXPLORER_RANGES = {"pool_size": (1, 4), "strides": (1, 4)}

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

_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
_PAD_GREY = "#d9d9d9"
# Light fills for the windows of the by-hand picture (sky blue, orange, green, purple).
_WINDOW_FILLS = ("#bfe3f8", "#f8dba6", "#a9e0cf", "#ecc6dc")


# ---------------------------------------------------------------- the windows


class PoolLayout(NamedTuple):
    """The windows of a pooling layer on an (H, W) map: one StrideLayout per axis."""

    rows: StrideLayout
    cols: StrideLayout

    @property
    def output_shape(self) -> tuple[int, int]:
        """(height, width) of the pooled map."""
        return self.rows.output_size, self.cols.output_size

    @property
    def padded_shape(self) -> tuple[int, int]:
        """(height, width) of the map with its padding cells."""
        return self.rows.padded_size, self.cols.padded_size

    @property
    def n_windows(self) -> int:
        """How many windows = how many numbers the pooled map holds."""
        return self.rows.output_size * self.cols.output_size

    def corners(self) -> list[tuple[int, int]]:
        """Top-left (row, col) of every window, row by row, in padded coordinates."""
        return [(r, c) for r in self.rows.starts for c in self.cols.starts]


def _mode(mode: object) -> str:
    if mode == "avg":
        return "average"
    return _validate.choice("mode", mode, MODES)


def _map(x: object) -> np.ndarray:
    arr = _validate.array("x", x, ndims=(2,))
    if 0 in arr.shape:
        raise ValueError(f"x has shape {arr.shape}: a feature map needs at least one pixel")
    return arr


def pool_layout(
    input_shape: int | tuple[int, int],
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
) -> PoolLayout:
    """Windows of MaxPooling2D/AveragePooling2D on an (H, W) map (strides default: pool_size)."""
    h, w = _validate.pair("input_shape", input_shape)
    ph, pw = _validate.pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else _validate.pair("strides", strides)
    padding = _validate.choice("padding", padding, PADDINGS)
    if padding == "valid" and (ph > h or pw > w):
        raise ValueError(
            f"pool_size={pool_size!r} does not fit in a {h}×{w} map with padding='valid': "
            "the pool must be at most as large as the map (or use padding='same')"
        )
    return PoolLayout(stride_layout(h, ph, sh, padding), stride_layout(w, pw, sw, padding))


def pool(
    x: Any,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
    mode: str = "max",
) -> np.ndarray:
    """The pooled 2-D map, as Keras's MaxPooling2D ('max') or AveragePooling2D ('average')."""
    arr = _map(x)
    pool_layout(arr.shape, pool_size, strides, padding)  # checks the arguments
    if _mode(mode) == "max":
        return layers_numpy.max_pool2d(arr, pool_size, strides, padding)
    return layers_numpy.avg_pool2d(arr, pool_size, strides, padding)


class Window(NamedTuple):
    """One pooling window: where it is, what it reads (NaN = padding) and what it gives."""

    index: int  # 1 … n_windows, row by row
    out_row: int
    out_col: int
    top: int  # padded coordinates
    left: int
    values: np.ndarray  # (ph, pw), NaN where the window covers padding
    result: float


def _padded(x: np.ndarray, layout: PoolLayout) -> np.ndarray:
    """x with NaN in the padding cells (padding is not a value: max and mean skip it)."""
    pads = ((layout.rows.pad_before, layout.rows.pad_after),)
    pads += ((layout.cols.pad_before, layout.cols.pad_after),)
    return np.pad(x, pads, constant_values=np.nan)


def _step(layout: PoolLayout, step: object) -> int | None:
    if step is None:
        return None
    total = layout.n_windows
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, numbers.Integral):
        raise ValueError(f"step={step!r} is not allowed: step must be a whole number or None")
    if not 1 <= step <= total:
        raise ValueError(
            f"step={step!r} is not allowed: this layout has {total} windows, "
            f"so step must be from 1 to {total} (or None for all of them)"
        )
    return int(step)


def window_at(x: Any, layout: PoolLayout, step: int, mode: str = "max") -> Window:
    """Window number `step` (1 = top left, row by row): its values and its pooled result."""
    arr = _map(x)
    if arr.shape != (layout.rows.input_size, layout.cols.input_size):
        raise ValueError(
            f"x has shape {arr.shape} but the layout is for a "
            f"{layout.rows.input_size}×{layout.cols.input_size} map: they must match"
        )
    step = _step(layout, step)
    if step is None:
        raise ValueError("step=None is not allowed here: step must be a window number")
    out_r, out_c = divmod(step - 1, layout.cols.output_size)
    top, left = layout.rows.starts[out_r], layout.cols.starts[out_c]
    values = _padded(arr, layout)[
        top : top + layout.rows.kernel_size, left : left + layout.cols.kernel_size
    ]
    real = values[~np.isnan(values)]
    result = float(real.max() if _mode(mode) == "max" else real.mean())
    return Window(step, out_r, out_c, top, left, values, result)


def brightest_window(
    x: Any,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
) -> int:
    """The number (1 = top left, row by row) of the first window that holds x's largest value."""
    arr = _map(x)
    layout = pool_layout(arr.shape, pool_size, strides, padding)
    padded = _padded(arr, layout)
    top = np.nanmax(padded)
    kh, kw = layout.rows.kernel_size, layout.cols.kernel_size
    for i, (r, c) in enumerate(layout.corners(), start=1):
        if np.nanmax(np.append(padded[r : r + kh, c : c + kw], -np.inf)) == top:
            return i
    raise ValueError(f"x={x!r}: no window holds its largest value (is it all NaN?)")


def _num(v: float) -> str:
    """A value as the pictures write it: 3, 2.5, 0.33."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def window_text(window: Window, mode: str = "max") -> str:
    """The window's arithmetic, e.g. 'max(1, 3, 4, 8) = 8' or '(1 + 3 + 4 + 8)/4 = 4'."""
    real = window.values[~np.isnan(window.values)].tolist()
    shown = real if len(real) <= 9 else None
    if _mode(mode) == "max":
        inner = ", ".join(map(_num, shown)) if shown else f"{len(real)} values"
        return f"max({inner}) = {_num(window.result)}"
    total = " + ".join(map(_num, shown)) if shown else f"sum of {len(real)} values"
    padded = window.values.size - len(real)
    note = f" (the {padded} padding cell{'s' if padded > 1 else ''} not counted)" if padded else ""
    return f"({total})/{len(real)} = {_num(window.result)}{note}"


def _axis_formula(axis: StrideLayout) -> str:
    n, k, s = axis.input_size, axis.kernel_size, axis.strides
    if axis.padding == "same":
        return f"⌈{n}/{s}⌉ = {axis.output_size}"
    return f"⌊({n} − {k})/{s}⌋ + 1 = {axis.output_size}"


def formula_text(layout: PoolLayout) -> str:
    """The output-size formula with this layout's numbers (one axis if both agree)."""
    fh, fw = _axis_formula(layout.rows), _axis_formula(layout.cols)
    return fh if fh == fw else f"rows: {fh}; columns: {fw}"


def _shape_text(shape: tuple[int, int]) -> str:
    return f"{shape[0]}×{shape[1]}"


def _title(layout: PoolLayout, mode: str) -> str:
    k = _shape_text((layout.rows.kernel_size, layout.cols.kernel_size))
    s = layout.rows.strides
    s = s if s == layout.cols.strides else (s, layout.cols.strides)
    n_in = _shape_text((layout.rows.input_size, layout.cols.input_size))
    return (
        f"{_mode(mode)} pooling, pool {k}, stride {s}, padding '{layout.rows.padding}': "
        f"{n_in} → {_shape_text(layout.output_shape)}"
    )


def caption_html(x: Any, layout: PoolLayout, mode: str, step: int | None) -> str:
    """The explorer's caption: the size formula, the window now and what it gives, as HTML."""
    arr = _map(x)
    size_in = arr.size
    size_out = layout.n_windows
    lines = [
        f"<b>{html.escape(_title(layout, mode))}</b>",
        f"output size: {html.escape(formula_text(layout))} · {size_in:,} numbers → "
        f"{size_out:,} ({size_out / size_in:.0%})",
    ]
    if step is not None:
        win = window_at(arr, layout, step, mode)
        lines.append(
            f"window {win.index} of {layout.n_windows} → output ({win.out_row}, {win.out_col}): "
            f"{html.escape(window_text(win, mode))}"
        )
    return "<br>".join(lines)


# ---------------------------------------------------------------- pictures


def _write_values(ax: Any, values: np.ndarray, cmap: Any, norm: Any, fontsize: float) -> None:
    """Each value in its cell, dark on light cells and light on dark ones."""
    for (i, j), v in np.ndenumerate(values):
        if np.isnan(v):
            continue
        r, g, b, _ = cmap(norm(v))
        color = "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"
        ax.text(j, i, _num(v), ha="center", va="center", fontsize=fontsize, color=color)


def _show_map(ax: Any, values: np.ndarray, vmin: float, vmax: float, write: bool, fs: float):
    """A map as coloured cells (NaN cells grey), with grid lines and, if small, the numbers."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    cmap = colormaps[SEQUENTIAL_CMAP].with_extremes(bad=_PAD_GREY)
    norm = Normalize(vmin, vmax if vmax > vmin else vmin + 1)
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, interpolation="nearest")
    rows, cols = values.shape
    if max(rows, cols) <= 20:
        grid_lines(ax, rows, cols, 0.6)
    if write:
        _write_values(ax, values, cmap, norm, fs)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)


def plot_pooling(
    x: Any = EXAMPLE_GRID,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
    mode: str = "max",
    step: int | None = None,
    fig: Any = None,
) -> Any:
    """Draw the (padded) map with its pooling windows, window `step` highlighted, and the result."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import ConnectionPatch, Patch, Rectangle

    arr = _map(x)
    layout = pool_layout(arr.shape, pool_size, strides, padding)
    mode = _mode(mode)
    step = _step(layout, step)
    (hp, wp), (ho, wo) = layout.padded_shape, layout.output_shape
    if max(hp, wp) > MAX_DRAWN:
        raise ValueError(
            f"x has shape {arr.shape}: too large to draw, the padded map has {hp}×{wp} cells "
            f"and a picture shows at most {MAX_DRAWN} per side"
        )
    out = pool(arr, pool_size, strides, padding, mode)
    padded = _padded(arr, layout)
    vmin, vmax = float(np.min(arr)), float(np.max(arr))
    write_in = max(hp, wp) <= MAX_WRITTEN
    write_out = max(ho, wo) <= MAX_WRITTEN

    # Same cell size in both panels, so the pooled map looks as much smaller as it is.
    cell = min(0.42, max(0.12, 4.0 / max(hp, wp)))
    width = cell * (wp + wo) + 2.4  # room for the colour bar on the right
    height = cell * hp + 1.35
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    else:
        fig.clear()
        fig.set_size_inches(width, height)
    left, gap, bottom = 0.3, 1.0, 0.45
    ax_in = fig.add_axes((left / width, bottom / height, cell * wp / width, cell * hp / height))
    ax_out = fig.add_axes(
        (
            (left + cell * wp + gap) / width,
            (bottom + cell * (hp - ho)) / height,
            cell * wo / width,
            cell * ho / height,
        )
    )
    fs = min(10.0, max(6.0, 72 * cell * 0.38))
    _show_map(ax_in, padded, vmin, vmax, write_in, fs)
    _show_map(ax_out, out, vmin, vmax, write_out, fs)
    # One colour scale for both panels, and its bar to the right of the pooled map.
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    scale = ScalarMappable(
        Normalize(vmin, vmax if vmax > vmin else vmin + 1), colormaps[SEQUENTIAL_CMAP]
    )
    bar_left = (left + cell * (wp + wo) + gap + 0.25) / width
    bar_ax = fig.add_axes((bar_left, bottom / height, 0.12 / width, cell * hp / height))
    bar = fig.colorbar(scale, cax=bar_ax)
    bar.set_label("value (both panels)", fontsize=8)
    bar.ax.tick_params(labelsize=8)

    # A dot on the top-left cell of every window: `strides` cells apart.
    corners = np.array(layout.corners())
    dot = (72 * cell * 0.22) ** 2
    ax_in.scatter(corners[:, 1] - 0.3, corners[:, 0] - 0.3, s=dot, color=_BLUE, zorder=4)
    kh, kw = layout.rows.kernel_size, layout.cols.kernel_size
    if step is None:  # every window outlined when they do not overlap, else the last one dashed
        overlap = layout.rows.strides < kh or layout.cols.strides < kw
        shown = [tuple(corners[-1])] if overlap else [tuple(c) for c in corners]
        for r, c in shown:
            frame = Rectangle((c - 0.5, r - 0.5), kw, kh, fill=False, edgecolor=_BLUE)
            frame.set(linewidth=2.0, zorder=3, clip_on=False, linestyle="--" if overlap else "-")
            ax_in.add_patch(frame)
        detail = f"all {layout.n_windows} windows"
    else:
        win = window_at(arr, layout, step, mode)
        frame = Rectangle((win.left - 0.5, win.top - 0.5), kw, kh, fill=False)
        frame.set(edgecolor=_VERMILLION, linewidth=3.0, zorder=3, clip_on=False)
        ax_in.add_patch(frame)
        now = Rectangle((win.out_col - 0.5, win.out_row - 0.5), 1, 1, fill=False)
        now.set(edgecolor=_VERMILLION, linewidth=3.0, zorder=3, clip_on=False)
        ax_out.add_patch(now)
        arrow = ConnectionPatch(
            xyA=(win.left + kw - 0.5, win.top + (kh - 1) / 2),
            coordsA=ax_in.transData,
            xyB=(win.out_col - 0.5, win.out_row),
            coordsB=ax_out.transData,
            arrowstyle="->",
            color=_VERMILLION,
            linewidth=1.2,
        )
        fig.add_artist(arrow)
        detail = f"window {win.index} of {layout.n_windows}: {window_text(win, mode)}"

    pads = layout.rows.pad_before + layout.rows.pad_after + layout.cols.pad_before
    pads += layout.cols.pad_after
    note = f" + padding → {_shape_text((hp, wp))}" if pads else ""
    ax_in.set_xlabel(f"input {_shape_text(arr.shape)}{note}", fontsize=9)
    ax_out.set_xlabel(f"{mode} pooled {_shape_text((ho, wo))}", fontsize=9)
    handles = [Line2D([], [], color=_BLUE, marker="o", linestyle="none", label="window corners")]
    if step is not None:
        handles.append(Patch(facecolor="none", edgecolor=_VERMILLION, label="window now"))
    if pads:
        handles.append(Patch(facecolor=_PAD_GREY, edgecolor="0.45", label="padding (ignored)"))
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.1 / width, 0.0),
        ncols=len(handles),
        fontsize=8,
        frameon=False,
        handlelength=1.2,
    )
    fig.suptitle(
        f"{_title(layout, mode)}\noutput size {formula_text(layout)}\n{detail}",
        fontsize=9,
        x=0.1 / width,
        ha="left",
        y=1 - 0.06 / height,
        va="top",
    )
    return fig


def plot_pooling_by_hand(x: Any = EXAMPLE_GRID, pool_size: int = 2, fig: Any = None) -> Any:
    """The map with each non-overlapping window in its own colour, then its max and its average."""
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Rectangle

    arr = _map(x)
    k = _validate.positive_int("pool_size", pool_size)
    layout = pool_layout(arr.shape, k, k, "valid")
    if layout.n_windows > len(_WINDOW_FILLS) * 4:
        raise ValueError(
            f"x has shape {arr.shape}: with pool_size={k} that is {layout.n_windows} windows, "
            f"and this picture colours at most {len(_WINDOW_FILLS) * 4}"
        )
    results = {m: pool(arr, k, k, "valid", m) for m in MODES}
    plt = pyplot()
    h, w = arr.shape
    ho, wo = layout.output_shape
    cell = min(0.45, 3.0 / max(h, w))
    size = (cell * (w + 2 * wo) + 2.6, cell * h + 0.9)
    if fig is None:
        fig = plt.figure(figsize=size)
    else:
        fig.clear()
        fig.set_size_inches(size)
    panels = [
        (arr, f"{h}×{w} map, {layout.n_windows} windows"),
        (results["max"], "max of each"),
        (results["average"], "average of each"),
    ]
    x0 = 0.15
    fs = min(11.0, 72 * cell * 0.4)
    for i, (values, title) in enumerate(panels):
        rows, cols = values.shape
        ax = fig.add_axes(
            (x0 / size[0], 0.15 / size[1], cell * cols / size[0], cell * rows / size[1])
        )
        x0 += cell * cols + 1.1
        fills = np.empty(values.shape, dtype=object)
        for idx, (r, c) in enumerate(layout.corners()):
            colour = _WINDOW_FILLS[idx % len(_WINDOW_FILLS)]
            if i == 0:
                fills[r : r + k, c : c + k] = colour
            else:
                fills[idx // wo, idx % wo] = colour
        ax.imshow([[to_rgb(f) for f in row] for row in fills], interpolation="nearest")
        grid_lines(ax, rows, cols, 0.6)
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, _num(v), ha="center", va="center", fontsize=fs)
        if i == 0:
            for r, c in layout.corners():
                frame = Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor="0.2")
                ax.add_patch(frame).set(linewidth=2.0, clip_on=False)
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        if i < 2:  # an arrow (then "or") between the panels
            mid = (x0 - 0.55) / size[0]
            y = (0.15 + cell * rows / 2) / size[1]
            sign, fsize = ("→", 18) if i == 0 else ("or", 10)
            fig.text(mid, y, sign, ha="center", va="center", fontsize=fsize, color="0.3")
    return fig


def show_maps(
    maps: Any,
    titles: Any = None,
    image: Any = None,
    image_title: str = "",
    label: str = "value",
    fig: Any = None,
) -> Any:
    """Non-negative feature maps side by side on ONE colour scale (0 … the largest value of
    all of them) with one colour bar; an optional grey `image` (0 black, 1 white) in front."""
    from matplotlib.colors import Normalize

    arrays = [_validate.array("maps", m, ndims=(2,)) for m in maps]
    if not arrays:
        raise ValueError("maps=[] is not allowed: give at least one 2-D map")
    if any(float(np.min(a)) < 0 for a in arrays):
        raise ValueError(
            "maps has negative values: this picture is for non-negative maps (after ReLU or "
            "pooling); show signed maps on a diverging scale centred on 0"
        )
    names = [""] * len(arrays) if titles is None else [str(t) for t in titles]
    if len(names) != len(arrays):
        raise ValueError(
            f"titles has {len(names)} entries but there are {len(arrays)} maps: one title each"
        )
    panels = ([] if image is None else [None]) + arrays
    plt = pyplot()
    size = (1.75 * len(panels) + 0.9, 2.25)
    if fig is None:
        fig = plt.figure(figsize=size)
    else:
        fig.clear()
        fig.set_size_inches(size)
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    if image is not None:
        img = _validate.array("image", image, ndims=(2,))
        axes[0].imshow(img, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
        axes[0].set_title(image_title, fontsize=9)
    top = max(float(np.max(a)) for a in arrays)
    norm = Normalize(0.0, top if top > 0 else 1.0)
    shown = None
    for ax, arr, name in zip(axes[len(panels) - len(arrays) :], arrays, names, strict=True):
        shown = ax.imshow(arr, cmap=SEQUENTIAL_CMAP, norm=norm, interpolation="nearest")
        ax.set_title(name, fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.subplots_adjust(left=0.02, right=0.86, top=0.8, bottom=0.04, wspace=0.12)
    bar = fig.colorbar(shown, cax=fig.add_axes((0.88, 0.1, 0.015, 0.66)))
    bar.set_label(label, fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig


# ---------------------------------------------------------------- the explorer


def pooling_explorer(
    x: Any = None,
    pool_size: int = 2,
    strides: int = 2,
    mode: str = "max",
    padding: str = "valid",
    step: int = 1,
    interval_ms: int = 700,
) -> Any:
    """Explorer: pick pool size, stride, max/average and padding; walk the windows over `x`."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    arr = EXAMPLE_GRID if x is None else _map(x)
    for name, value in (("pool_size", pool_size), ("strides", strides)):
        low, high = EXPLORER_RANGES[name]
        if _validate.positive_int(name, value) not in range(low, high + 1):
            raise ValueError(
                f"{name}={value!r} is not allowed: the explorer's {name} slider goes from "
                f"{low} to {high}"
            )
    mode = _mode(mode)
    first = pool_layout(arr.shape, pool_size, strides, padding)
    if max(first.padded_shape) > MAX_DRAWN:
        raise ValueError(
            f"x has shape {arr.shape}: too large for the explorer, which draws at most "
            f"{MAX_DRAWN} cells per side (pass a crop, e.g. x[:24, :24])"
        )
    step = _step(first, step)
    interval_ms = _validate.positive_int("interval_ms", interval_ms)
    style = {"description_width": "initial"}

    def slider(name: str, value: int, label: str) -> Any:
        low, high = EXPLORER_RANGES[name]
        return widgets.IntSlider(value=value, min=low, max=high, description=label, style=style)

    k_slider = slider("pool_size", pool_size, "pool size")
    s_slider = slider("strides", strides, "stride")
    mode_buttons = widgets.ToggleButtons(
        options=list(MODES), value=mode, description="pooling", style=style
    )
    pad_buttons = widgets.ToggleButtons(
        options=list(PADDINGS), value=padding, description="padding", style=style
    )
    total = first.n_windows
    step_slider = widgets.IntSlider(value=step, min=1, max=total, description="window", style=style)
    play = widgets.Play(value=step, min=1, max=total, step=1, interval=interval_ms)
    widgets.jslink((play, "value"), (step_slider, "value"))

    def render(pool_size: int, strides: int, mode: str, padding: str, step: int):
        layout = pool_layout(arr.shape, pool_size, strides, padding)
        step = min(step, layout.n_windows)  # the slider's range catches up just after
        fig = plot_pooling(arr, pool_size, strides, padding, mode, step)
        return fig, caption_html(arr, layout, mode, step)

    explorer = Explorer(
        {
            "pool_size": k_slider,
            "strides": s_slider,
            "mode": mode_buttons,
            "padding": pad_buttons,
            "step": step_slider,
        },
        render,
        title="Pooling: press ▶ to walk the window over the map, or drag 'window'",
    )

    def update_range(_change: Any) -> None:
        try:
            layout = pool_layout(arr.shape, k_slider.value, s_slider.value, pad_buttons.value)
        except ValueError:
            return  # the caption already says what is wrong
        play.max = layout.n_windows
        step_slider.max = layout.n_windows

    for control in (k_slider, s_slider, pad_buttons):
        control.observe(update_range, names="value")
    for row in explorer.widget.children:  # put the Play button in front of its slider
        if isinstance(row, widgets.HBox) and step_slider in row.children:
            row.children = (pad_buttons, play, step_slider)
    explorer.play = play
    return explorer
