"""Stride: where the kernel lands when it jumps `strides` pixels at a time.

The pure functions give the layout of one axis (the zeros TensorFlow adds, where each
window starts, which input pixels no window ever reaches) and draw it; `stride_explorer()`
wires them to sliders and a Play button. Importing this module imports neither TensorFlow
nor ipywidgets and changes no matplotlib setting.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, shapes
from course_utils.plotting import OKABE_ITO
from course_utils.widgets._base import grid_lines, pyplot

__all__ = [
    "StrideLayout",
    "stride_layout",
    "kernel_positions",
    "formula_text",
    "caption_html",
    "plot_stride",
    "plot_jumps",
    "plot_cost_comparison",
    "stride_explorer",
]

PADDINGS = ("valid", "same")
MAX_DRAWN = 40  # cells along one axis of the padded input that a picture can still show
EXPLORER_RANGES = {"input_size": (3, 16), "kernel_size": (1, 7), "strides": (1, 4)}

_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
_PAD_GREY = "#d9d9d9"
_UNUSED = "#e7b6d3"  # a light reddish purple: "never covered"
_SEEN = "#c6e3f7"  # a light sky blue: "covered by an earlier position"
_NOW = "#f6c9a9"  # a light vermillion: "under the kernel now"


# ---------------------------------------------------------------- one axis


class StrideLayout(NamedTuple):
    """One axis of a strided convolution, in the coordinates of the padded input."""

    input_size: int
    kernel_size: int
    strides: int
    padding: str | int
    pad_before: int
    pad_after: int
    starts: tuple[int, ...]

    @property
    def padded_size(self) -> int:
        """Length of the axis after the zeros are added."""
        return self.pad_before + self.input_size + self.pad_after

    @property
    def output_size(self) -> int:
        """Number of kernel positions along this axis = output length."""
        return len(self.starts)

    @property
    def covered(self) -> np.ndarray:
        """One bool per padded cell: does at least one window cover it?"""
        mask = np.zeros(self.padded_size, dtype=bool)
        for start in self.starts:
            mask[start : start + self.kernel_size] = True
        return mask

    @property
    def unused(self) -> tuple[int, ...]:
        """Input pixel indices (0 … n−1, zeros not counted) that no window ever covers."""
        real = self.covered[self.pad_before : self.pad_before + self.input_size]
        return tuple(int(i) for i in np.flatnonzero(~real))


def _padding(padding: object) -> str | int:
    """'valid', 'same' or a whole number p >= 0 of zeros on each side."""
    if isinstance(padding, str):
        return _validate.choice("padding", padding, PADDINGS)
    if isinstance(padding, numbers.Integral) and not isinstance(padding, (bool, np.bool_)):
        if padding >= 0:
            return int(padding)
    raise ValueError(
        f"padding={padding!r} is not allowed: padding must be 'valid', 'same' "
        "or a whole number >= 0 of zeros added on each side"
    )


def stride_layout(
    input_size: int, kernel_size: int, strides: int = 1, padding: str | int = "valid"
) -> StrideLayout:
    """Zeros before/after, window starts and output size along one axis, as TensorFlow does it."""
    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    s = _validate.positive_int("strides", strides)
    padding = _padding(padding)
    if padding == "same":
        before, after = shapes.same_padding(n, k, s)
    elif padding == "valid":
        before = after = 0
    else:
        before = after = padding
    padded = before + n + after
    if k > padded:
        need = "input_size" if padding == "valid" else "input_size + zeros"
        raise ValueError(
            f"kernel_size={k} does not fit in input_size={n} with padding={padding!r}: "
            f"the kernel must fit inside the (padded) input (need kernel_size <= {need} = "
            f"{padded})"
        )
    # Count the positions instead of using the formula: the last window must end inside.
    starts = tuple(range(0, padded - k + 1, s))
    return StrideLayout(n, k, s, padding, before, after, starts)


def kernel_positions(
    input_size: int, kernel_size: int, strides: int = 1, padding: str | int = "valid"
) -> list[tuple[int, int]]:
    """Top-left (row, col) of each kernel position on a square input, row by row, padded coords."""
    starts = stride_layout(input_size, kernel_size, strides, padding).starts
    return [(row, col) for row in starts for col in starts]


def formula_text(layout: StrideLayout) -> str:
    """The output-size formula with this layout's numbers, e.g. '⌊(8 − 3)/2⌋ + 1 = 2 + 1 = 3'."""
    n, k, s = layout.input_size, layout.kernel_size, layout.strides
    out = layout.output_size
    total_pad = layout.pad_before + layout.pad_after
    if layout.padding == "valid":
        inner, top = f"{n} − {k}", n - k
    elif layout.padding == "same":
        inner, top = f"{n} + {total_pad} − {k}", n + total_pad - k
    else:
        inner, top = f"{n} + 2·{layout.padding} − {k}", n + total_pad - k
    general = f"⌊({inner})/{s}⌋ + 1 = ⌊{top}/{s}⌋ + 1 = {top // s} + 1 = {out}"
    if layout.padding == "same":
        return f"⌈{n}/{s}⌉ = {out}; with the zeros: {general}"
    return general


def _unused_text(layout: StrideLayout) -> str:
    """Which input rows/columns no window covers, numbered like the picture (padded)."""
    unused = layout.unused
    if not unused:
        return "every input pixel is covered"
    what = "row and column" if len(unused) == 1 else "rows and columns"
    listed = ", ".join(str(i + layout.pad_before) for i in unused)
    return f"{what} {listed} never covered"


def _step(layout: StrideLayout, step: object) -> int | None:
    """The kernel position to show, counted from 0 like NumPy (None: all of them)."""
    if step is None:
        return None
    total = layout.output_size**2
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, numbers.Integral):
        raise ValueError(f"step={step!r} is not allowed: step must be a whole number or None")
    if not 0 <= step < total:
        raise ValueError(
            f"step={step!r} is not allowed: this layout has {total} kernel positions, "
            f"numbered from 0, so step must be from 0 to {total - 1} (or None for all of them)"
        )
    return int(step)


def _step_text(layout: StrideLayout, step: int | None) -> str:
    total = layout.output_size**2
    if step is None:
        return f"all {total} kernel positions"
    out_r, out_c = divmod(step, layout.output_size)
    r0, c0 = layout.starts[out_r], layout.starts[out_c]
    k = layout.kernel_size
    return (
        f"position {step} of 0–{total - 1}: rows {r0}–{r0 + k - 1}, "
        f"columns {c0}–{c0 + k - 1} → output ({out_r}, {out_c})"
    )


def _padding_text(layout: StrideLayout) -> str:
    if layout.padding == "valid":
        return "padding='valid' (no zeros)"
    if layout.padding == "same":
        return f"padding='same' (zeros: {layout.pad_before} before, {layout.pad_after} after)"
    return f"padding={layout.padding} (zeros on each side)"


def caption_html(layout: StrideLayout, step: int | None) -> str:
    """The explorer's caption: formula, current position and unused pixels, as HTML."""
    out = layout.output_size
    return (
        f"<b>output {out}×{out}</b> = {html.escape(formula_text(layout))}<br>"
        f"{html.escape(_padding_text(layout))} · {html.escape(_step_text(layout, step))}"
        f"<br>{html.escape(_unused_text(layout))}"
    )


# ---------------------------------------------------------------- pictures


def _cell_colors(layout: StrideLayout, seen: np.ndarray) -> np.ndarray:
    """RGB colour of every padded cell: zeros grey, never-covered pixels purple, seen blue."""
    from matplotlib.colors import to_rgb

    size = layout.padded_size
    rgb = np.ones((size, size, 3))
    real = np.zeros(size, dtype=bool)
    real[layout.pad_before : layout.pad_before + layout.input_size] = True
    real2d = np.outer(real, real)
    rgb[~real2d] = to_rgb(_PAD_GREY)
    covered = layout.covered
    unused2d = real2d & ~np.outer(covered, covered)
    rgb[unused2d] = to_rgb(_UNUSED)
    rgb[seen & real2d] = to_rgb(_SEEN)
    rgb[seen & ~real2d] = np.array(to_rgb(_SEEN)) * 0.82
    return rgb


def _index_labels(ax: Any, size: int, fontsize: float, right: bool = False) -> None:
    """Number the rows and columns 0, 1, … (zeros included, like kernel_positions).

    Plain texts outside the grid instead of tick labels: much faster to draw.
    """
    ax.set_xticks([])
    ax.set_yticks([])
    style = {"fontsize": fontsize, "color": "0.25", "clip_on": False}
    x_rows, ha_rows = (size - 0.5 + 0.25, "left") if right else (-0.5 - 0.25, "right")
    for t in range(0, size, 1 if size <= 14 else 2):
        ax.text(t, -0.5 - 0.15, str(t), ha="center", va="bottom", **style)
        ax.text(x_rows, t, str(t), ha=ha_rows, va="center", **style)


def plot_stride(
    input_size: int,
    kernel_size: int,
    strides: int = 1,
    padding: str | int = "valid",
    step: int | None = None,
    fig: Any = None,
) -> Any:
    """Draw the padded input with the kernel at position `step` (from 0; None: all) and the output.

    Rows, columns, positions and output cells are all counted from 0, as in NumPy.
    """
    from matplotlib.colors import to_rgb
    from matplotlib.lines import Line2D
    from matplotlib.patches import ConnectionPatch, Patch, Rectangle

    layout = stride_layout(input_size, kernel_size, strides, padding)
    step = _step(layout, step)
    size, out, k = layout.padded_size, layout.output_size, layout.kernel_size
    if size > MAX_DRAWN:
        raise ValueError(
            f"input_size={input_size!r} is too large to draw: the padded input has {size} "
            f"cells per side, and a picture shows at most {MAX_DRAWN}"
        )
    positions = [(r, c) for r in layout.starts for c in layout.starts]
    done = len(positions) if step is None else step  # positions before the current one
    seen = np.zeros((size, size), dtype=bool)
    for r, c in positions[:done]:
        seen[r : r + k, c : c + k] = True

    # Same cell size in both panels, so the output looks as much smaller as it is.
    cell = min(0.36, max(0.15, 3.4 / size))
    width, height = cell * (size + out) + 1.5, cell * size + 1.45
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    else:
        fig.clear()
        fig.set_size_inches(width, height)
    # Fixed margins in inches (no layout engine: fast enough for an explorer); the title
    # takes the top inch, the axis label and the legend the bottom 0.45.
    left, gap, bottom = 0.35, 0.8, 0.45
    ax_in = fig.add_axes((left / width, bottom / height, cell * size / width, cell * size / height))
    ax_out = fig.add_axes(
        (
            (left + cell * size + gap) / width,
            (bottom + cell * (size - out)) / height,
            cell * out / width,
            cell * out / height,
        )
    )
    fontsize = min(9.0, max(6.0, 72 * cell * 0.45))

    # The padded input: one image of cell colours, grid lines, "0" in the zero cells.
    ax_in.imshow(_cell_colors(layout, seen), interpolation="nearest")
    grid_lines(ax_in, size, size, 0.6 if size <= 20 else 0.4)
    real = range(layout.pad_before, layout.pad_before + layout.input_size)
    corners = set(positions)  # those cells get a dot instead of their '0'
    zeros = [
        (i, j)
        for i in range(size)
        for j in range(size)
        if (i not in real or j not in real) and (i, j) not in corners
    ]
    if len(zeros) <= 120:  # write the zeros while they are few enough to read (and draw fast)
        for i, j in zeros:
            ax_in.text(j, i, "0", ha="center", va="center", fontsize=fontsize * 0.85, color="0.4")
    _index_labels(ax_in, size, fontsize)
    walked = positions[:done] if step is not None else []  # while walking: earlier positions
    for r, c in walked:  # faint outlines
        outline = Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor=_BLUE, alpha=0.45)
        ax_in.add_patch(outline).set(linewidth=1.0, zorder=2.5)
    if step is None:  # the last position, dashed: nothing fits after it
        r, c = positions[-1]
        last = Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor=_BLUE, linestyle="--")
        ax_in.add_patch(last).set(linewidth=2.0, zorder=3, clip_on=False)
    # A dot on the top-left cell of every position (hollow: not reached yet): s cells apart.
    reached = len(positions) if step is None else step + 1
    dot = (72 * cell * 0.28) ** 2
    rows, cols = np.array(positions).T
    ax_in.scatter(cols[:reached], rows[:reached], s=dot, color=_BLUE, zorder=4)
    ax_in.scatter(
        cols[reached:], rows[reached:], s=dot, facecolors="none", edgecolors=_BLUE, zorder=4
    )

    # The output grid: cells computed so far tinted and numbered (from 0) in the order they
    # are made: output cell number i comes from kernel position i.
    out_rgb = np.ones((out * out, 3))
    out_rgb[:done] = to_rgb(_SEEN)
    ax_out.imshow(out_rgb.reshape(out, out, 3), interpolation="nearest")
    grid_lines(ax_out, out, out, 0.6 if out <= 20 else 0.4)
    if out <= 8:
        for idx in range(done if step is None else step + 1):
            row, col = divmod(idx, out)
            ax_out.text(
                col, row, str(idx), ha="center", va="center", fontsize=fontsize, zorder=4
            )
    _index_labels(ax_out, out, fontsize, right=True)  # right: keeps the arrow's way clear

    if step is not None:  # the current position, its output cell and an arrow between them
        r, c = positions[step]
        ax_in.add_patch(Rectangle((c - 0.5, r - 0.5), k, k, facecolor=_NOW, zorder=1.5))
        frame = Rectangle((c - 0.5, r - 0.5), k, k, fill=False, edgecolor=_VERMILLION)
        ax_in.add_patch(frame).set(linewidth=2.5, zorder=3, clip_on=False)
        out_r, out_c = divmod(step, out)
        now = Rectangle((out_c - 0.5, out_r - 0.5), 1, 1, facecolor=_NOW, edgecolor=_VERMILLION)
        ax_out.add_patch(now).set(linewidth=2.5, zorder=3, clip_on=False)
        arrow = ConnectionPatch(
            xyA=(c + k - 0.5, r + (k - 1) / 2),
            coordsA=ax_in.transData,
            xyB=(out_c - 0.5, out_r),
            coordsB=ax_out.transData,
            arrowstyle="->",
            color=_VERMILLION,
            linewidth=1.2,
        )
        fig.add_artist(arrow)
    for ax, cells in ((ax_in, size), (ax_out, out)):
        ax.set_xlim(-0.5, cells - 0.5)
        ax.set_ylim(cells - 0.5, -0.5)
        for spine in ax.spines.values():
            spine.set_visible(False)
    zeros_note = f" + zeros → {size}×{size}" if size != layout.input_size else ""
    n = layout.input_size
    ax_in.set_xlabel(f"input {n}×{n}{zeros_note}", fontsize=fontsize + 1)
    ax_out.set_xlabel(f"output {out}×{out}", fontsize=fontsize + 1)

    handles = [
        Patch(
            facecolor=_SEEN, edgecolor="0.45", label="covered" if step is None else "covered so far"
        )
    ]
    if step is not None:
        handles.insert(0, Patch(facecolor=_NOW, edgecolor=_VERMILLION, label="kernel now"))
    if layout.pad_before or layout.pad_after:
        handles.append(Patch(facecolor=_PAD_GREY, edgecolor="0.45", label="zero padding"))
    if layout.unused:
        handles.append(Patch(facecolor=_UNUSED, edgecolor="0.45", label="never covered"))
    handles.append(
        Line2D([], [], color=_BLUE, marker="o", linestyle="none", label="kernel corners")
    )
    if step is None:
        handles.append(Line2D([], [], color=_BLUE, linestyle="--", label="last position"))
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.1 / width, 0.0),
        ncols=len(handles),
        fontsize=8,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.0,
    )
    pad_name = repr(layout.padding)
    fig.suptitle(
        f"n = {n}, k = {k}, s = {layout.strides}, padding = {pad_name}: output {out}×{out}\n"
        f"{formula_text(layout)}\n{_step_text(layout, step)}; {_unused_text(layout)}",
        fontsize=9,
        x=0.1 / width,
        ha="left",
        y=1 - 0.08 / height,
        va="top",
    )
    return fig


def plot_jumps(
    input_size: int = 8,
    kernel_size: int = 3,
    strides: Sequence[int] = (1, 2, 3),
    fig: Any = None,
) -> Any:
    """One row of `input_size` pixels per stride, each kernel position drawn as a bar above it."""
    from matplotlib.patches import Patch, Rectangle

    if isinstance(strides, numbers.Integral):
        strides = (strides,)
    if isinstance(strides, str) or not isinstance(strides, Sequence) or not strides:
        raise ValueError(
            f"strides={strides!r} is not allowed: strides must be a list of whole numbers >= 1"
        )
    layouts = [stride_layout(input_size, kernel_size, s, "valid") for s in strides]
    n = layouts[0].input_size
    if n > MAX_DRAWN:
        raise ValueError(
            f"input_size={input_size!r} is too large to draw: a picture shows at most "
            f"{MAX_DRAWN} pixels"
        )
    levels = [lay.output_size for lay in layouts]
    heights = [lv * 0.6 + 1.6 for lv in levels]
    plt = pyplot()
    size = (min(0.55 * n + 1.0, 9.0), 0.28 * sum(heights) + 0.3)
    if fig is None:
        fig = plt.figure(figsize=size, layout="constrained")
    else:
        fig.clear()
        fig.set_size_inches(size)
    axes = fig.subplots(len(layouts), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, lay, lv in zip(axes, layouts, levels, strict=True):
        unused = set(lay.unused)
        for i in range(n):  # the row of input pixels
            color = _UNUSED if i in unused else "white"
            ax.add_patch(Rectangle((i, 0), 1, 1, facecolor=color, edgecolor="0.45", lw=0.8))
            ax.text(i + 0.5, 0.5, str(i), ha="center", va="center", fontsize=8, color="0.3")
        for j, start in enumerate(lay.starts):  # one bar per kernel position, stacked upwards
            y = 1.3 + 0.6 * (lv - 1 - j)
            ax.add_patch(
                Rectangle(
                    (start + 0.08, y),
                    lay.kernel_size - 0.16,
                    0.48,
                    facecolor=_SEEN,
                    edgecolor=_BLUE,
                    lw=1.2,
                )
            )
            ax.text(
                start + lay.kernel_size / 2,
                y + 0.24,
                f"position {j}",
                ha="center",
                va="center",
                fontsize=7,
                color=_BLUE,
            )
        plural = "s" if len(unused) > 1 else ""
        listed = ", ".join(map(str, lay.unused))
        note = f"; pixel{plural} {listed} never covered" if unused else ""
        ax.set_title(
            f"stride {lay.strides}: the kernel jumps {lay.strides} pixel"
            f"{'s' if lay.strides > 1 else ''} → {lay.output_size} positions{note}",
            fontsize=9,
            loc="left",
        )
        ax.set_xlim(-0.1, n + 0.1)
        ax.set_ylim(-0.1, 1.3 + 0.6 * lv)
        ax.set_axis_off()
    handles = [
        Patch(facecolor=_SEEN, edgecolor=_BLUE, label=f"kernel ({layouts[0].kernel_size} wide)")
    ]
    if any(lay.unused for lay in layouts):
        handles.append(Patch(facecolor=_UNUSED, edgecolor="0.45", label="never covered"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig


def plot_cost_comparison(
    costs: Mapping[str, Sequence[tuple[str, int, int]]], fig: Any = None
) -> Any:
    """Bars of parameters and multiply-adds per layer for several models (log scale).

    `costs` maps a model's name to its layers as (layer name, parameters, multiply-adds).
    """
    if not isinstance(costs, Mapping) or not costs:
        raise ValueError(
            "costs must be a dict {model name: [(layer, parameters, multiply_adds), ...]}"
        )
    names = list(costs)
    rows = {name: [tuple(r) for r in costs[name]] for name in names}
    for name, layers in rows.items():
        if not layers or any(len(r) != 3 for r in layers):
            raise ValueError(
                f"costs[{name!r}] must be a non-empty list of (layer, parameters, multiply_adds)"
            )
    labels = [r[0] for r in rows[names[0]]]
    if any([r[0] for r in rows[name]] != labels for name in names):
        raise ValueError("every model in costs must list the same layers, in the same order")
    plt = pyplot()
    size = (min(9.0, max(6.5, 1.6 * len(labels) + 1.0)), 3.2)
    if fig is None:
        fig = plt.figure(figsize=size, layout="constrained")
    else:
        fig.clear()
        fig.set_size_inches(size)
    axes = fig.subplots(1, 2)
    x = np.arange(len(labels))
    width = 0.8 / len(names)
    for col, (ax, what) in enumerate(zip(axes, ("parameters", "multiply-adds"), strict=True)):
        totals = []
        for i, name in enumerate(names):
            values = np.array([r[col + 1] for r in rows[name]], dtype=float)
            totals.append(int(values.sum()))
            shown = np.where(values > 0, values, np.nan)
            ax.bar(
                x + (i - (len(names) - 1) / 2) * width, shown, width, label=name, color=OKABE_ITO[i]
            )
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


# ---------------------------------------------------------------- the explorer


def stride_explorer(
    input_size: int = 8,
    kernel_size: int = 3,
    strides: int = 2,
    padding: str = "valid",
    step: int = 0,
    interval_ms: int = 900,
) -> Any:
    """Explorer: walk the kernel over the (padded) input position by position, with Play.

    `step` is the kernel position to start on, counted from 0.
    """
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    for name, value, low, high in (
        ("input_size", input_size, *EXPLORER_RANGES["input_size"]),
        ("kernel_size", kernel_size, *EXPLORER_RANGES["kernel_size"]),
        ("strides", strides, *EXPLORER_RANGES["strides"]),
    ):
        if _validate.positive_int(name, value) not in range(low, high + 1):
            raise ValueError(
                f"{name}={value!r} is not allowed: the explorer's {name} slider goes from "
                f"{low} to {high}"
            )
    if padding not in PADDINGS:
        raise ValueError(f"padding={padding!r} is not allowed: padding must be 'valid' or 'same'")
    first = stride_layout(input_size, kernel_size, strides, padding)
    total = first.output_size**2
    step = _step(first, step)
    if step is None:
        step = 0
    interval_ms = _validate.positive_int("interval_ms", interval_ms)
    style = {"description_width": "initial"}

    def slider(name: str, value: int, label: str) -> Any:
        low, high = EXPLORER_RANGES[name]
        return widgets.IntSlider(value=value, min=low, max=high, description=label, style=style)

    n_slider = slider("input_size", first.input_size, "input n")
    k_slider = slider("kernel_size", first.kernel_size, "kernel k")
    s_slider = slider("strides", first.strides, "stride s")
    pad_buttons = widgets.ToggleButtons(
        options=list(PADDINGS), value=first.padding, description="padding", style=style
    )
    step_slider = widgets.IntSlider(
        value=step, min=0, max=total - 1, description="position", style=style
    )
    # Play counts 0, 1, 2 … in the browser; jslink copies its value into the slider. The
    # slider alone also works where the Play widget cannot animate.
    play = widgets.Play(value=step, min=0, max=total - 1, step=1, interval=interval_ms)
    widgets.jslink((play, "value"), (step_slider, "value"))

    def render(input_size: int, kernel_size: int, strides: int, padding: str, step: int):
        layout = stride_layout(input_size, kernel_size, strides, padding)
        step = min(step, layout.output_size**2 - 1)  # the slider's range catches up just after
        fig = plot_stride(input_size, kernel_size, strides, padding, step)
        return fig, caption_html(layout, step)

    explorer = Explorer(
        {
            "input_size": n_slider,
            "kernel_size": k_slider,
            "strides": s_slider,
            "padding": pad_buttons,
            "step": step_slider,
        },
        render,
        title="Stride: press ▶ to walk the kernel over the input, or drag 'position'",
    )

    def update_range(_change: Any) -> None:
        try:
            layout = stride_layout(
                n_slider.value, k_slider.value, s_slider.value, pad_buttons.value
            )
        except ValueError:
            return  # the caption already says what is wrong
        last = layout.output_size**2 - 1
        play.max = last
        step_slider.max = last

    for control in (n_slider, k_slider, s_slider, pad_buttons):
        control.observe(update_range, names="value")
    for row in explorer.widget.children:  # put the Play button in front of its slider
        if isinstance(row, widgets.HBox) and step_slider in row.children:
            row.children = (pad_buttons, play, step_slider)
    explorer.play = play
    return explorer
