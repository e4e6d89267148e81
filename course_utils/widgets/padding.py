"""Padding: the border of zeros around the input, and what it does to a stride-1 convolution.

The pure functions give the layout of one axis (zeros before and after, the output size,
how many windows cover each input pixel), the values a convolution computes next to the
zeros, and draw them; `padding_explorer()` wires them to sliders. (A model's table, with
every padding written out as n + 2p − k + 1, is `shapes.explain_model`.) Importing this
module imports neither TensorFlow nor ipywidgets and changes no matplotlib setting.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, shapes
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO, SEQUENTIAL_CMAP
from course_utils.widgets._base import grid_lines, pyplot

__all__ = [
    "PaddingLayout",
    "padding_layout",
    "coverage_counts",
    "white_image_average",
    "formula_text",
    "caption_html",
    "plot_padding",
    "plot_padding_modes",
    "plot_coverage",
    "plot_padding_values",
    "padding_explorer",
]

PADDINGS = ("valid", "same", "full")
VIEWS = ("windows", "windows per pixel", "values")
MAX_DRAWN = 40  # cells along one axis of the padded input that a picture can still show
EXPLORER_RANGES = {"input_size": (3, 12), "kernel_size": (1, 7)}

_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
_PAD_GREY = "#d9d9d9"
_OUT = "#c6e3f7"  # a light sky blue: output cells
_FIRST = "#f6c9a9"  # a light vermillion: the first window


# ---------------------------------------------------------------- one axis


class PaddingLayout(NamedTuple):
    """One axis of a stride-1 convolution with padding, as TensorFlow/NumPy place the zeros."""

    input_size: int
    kernel_size: int
    padding: str | int
    pad_before: int
    pad_after: int

    @property
    def padded_size(self) -> int:
        """Length of the axis after the zeros are added."""
        return self.pad_before + self.input_size + self.pad_after

    @property
    def output_size(self) -> int:
        """Number of kernel positions along this axis = output length (stride 1)."""
        return self.padded_size - self.kernel_size + 1

    @property
    def starts(self) -> tuple[int, ...]:
        """First cell of every window, in padded coordinates."""
        return tuple(range(self.output_size))

    @property
    def symmetric(self) -> bool:
        """True when the same number of zeros goes before and after."""
        return self.pad_before == self.pad_after


def _padding(padding: object) -> str | int:
    """'valid', 'same', 'full' or a whole number p >= 0 of zeros on each side."""
    if isinstance(padding, str):
        return _validate.choice("padding", padding, PADDINGS)
    if isinstance(padding, numbers.Integral) and not isinstance(padding, (bool, np.bool_)):
        if padding >= 0:
            return int(padding)
    raise ValueError(
        f"padding={padding!r} is not allowed: padding must be 'valid', 'same', 'full' "
        "or a whole number >= 0 of zeros added on each side"
    )


def padding_layout(
    input_size: int, kernel_size: int, padding: str | int = "valid"
) -> PaddingLayout:
    """Zeros before/after and the output size along one axis, at stride 1."""
    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    padding = _padding(padding)
    if padding == "same":
        before, after = shapes.same_padding(n, k, 1)
    elif padding == "full":
        before = after = k - 1
    elif padding == "valid":
        before = after = 0
    else:
        before = after = padding
    if k > before + n + after:
        need = "input_size" if padding == "valid" else "input_size + zeros"
        raise ValueError(
            f"kernel_size={k} does not fit in input_size={n} with padding={padding!r}: "
            f"the kernel must fit inside the (padded) input (need kernel_size <= {need} = "
            f"{before + n + after})"
        )
    return PaddingLayout(n, k, padding, before, after)


def _coverage_1d(layout: PaddingLayout) -> np.ndarray:
    """How many windows cover each input pixel along one axis."""
    counts = np.zeros(layout.padded_size, dtype=int)
    for start in layout.starts:
        counts[start : start + layout.kernel_size] += 1
    return counts[layout.pad_before : layout.pad_before + layout.input_size]


def coverage_counts(input_size: int, kernel_size: int, padding: str | int = "valid") -> np.ndarray:
    """(n, n) array: how many kernel positions cover each pixel of a square input."""
    counts = _coverage_1d(padding_layout(input_size, kernel_size, padding))
    return np.outer(counts, counts)


def white_image_average(
    input_size: int, kernel_size: int, padding: str | int = "valid"
) -> tuple[np.ndarray, np.ndarray]:
    """(padded input, output): a white n×n image (every pixel 1) averaged over k×k windows.

    Every window computes the mean of its k·k cells, zeros included, so an output value is
    (real pixels under the window) / k²: 1 where the window lies on the image, less where it
    reaches into the padding.
    """
    layout = padding_layout(input_size, kernel_size, padding)
    n, k, b = layout.input_size, layout.kernel_size, layout.pad_before
    padded = np.zeros((layout.padded_size, layout.padded_size))
    padded[b : b + n, b : b + n] = 1.0
    out = np.array(
        [[padded[r : r + k, c : c + k].mean() for c in layout.starts] for r in layout.starts]
    )
    return padded, out


def formula_text(layout: PaddingLayout) -> str:
    """o = n + 2p − k + 1 with this layout's numbers, e.g. '5 + 2·1 − 3 + 1 = 5'."""
    n, k, out = layout.input_size, layout.kernel_size, layout.output_size
    if layout.symmetric:
        return f"{n} + 2·{layout.pad_before} − {k} + 1 = {out}"
    return f"{n} + {layout.pad_before} + {layout.pad_after} − {k} + 1 = {out}"


def _padding_text(layout: PaddingLayout) -> str:
    name = repr(layout.padding) if isinstance(layout.padding, str) else str(layout.padding)
    if layout.padding == "valid":
        return "padding='valid': no zeros"
    if layout.symmetric:
        zeros = layout.pad_before
        return f"padding={name}: {zeros} zero{'s' if zeros != 1 else ''} on each side"
    return (
        f"padding={name}: {layout.pad_before} zero(s) before (top, left), "
        f"{layout.pad_after} after (bottom, right)"
    )


def _coverage_text(layout: PaddingLayout) -> str:
    counts = _coverage_1d(layout)
    corner, most = int(counts[0]) ** 2, int(counts.max()) ** 2
    return f"windows covering the corner pixel: {corner}; the best-covered pixel: {most}"


def _values_text(layout: PaddingLayout) -> str:
    """What the zeros do to the k×k average of a white image, with the corner's arithmetic."""
    k = layout.kernel_size
    _, out = white_image_average(layout.input_size, k, layout.padding)
    real = int(round(out[0, 0] * k * k))
    corner = f"{real}/{k * k} = {out[0, 0]:.2f}" if real != k * k else "1.00"
    lowest = (
        "every output is 1.00: no window reaches a zero"
        if out.min() == 1
        else (f"windows that reach into the zeros come out darker; corner: {corner}")
    )
    return f"white image (every pixel 1), mean of each {k}×{k} window: {lowest}"


def caption_html(layout: PaddingLayout, view: str = "windows") -> str:
    """The explorer's caption: output size, the formula with the numbers, the zeros, and
    the coverage (or, for view='values', what the zeros do to a white image)."""
    out, n = layout.output_size, layout.input_size
    change = "the same size as" if out == n else ("smaller than" if out < n else "larger than")
    last = _values_text(layout) if view == "values" else _coverage_text(layout)
    return (
        f"<b>output {out}×{out}</b> ({change} the {n}×{n} input) · "
        f"o = n + 2p − k + 1 = {html.escape(formula_text(layout))}<br>"
        f"{html.escape(_padding_text(layout))} → padded input "
        f"{layout.padded_size}×{layout.padded_size}<br>{html.escape(last)}"
    )


# ---------------------------------------------------------------- pictures


def _check_drawable(layout: PaddingLayout) -> None:
    if layout.padded_size > MAX_DRAWN:
        raise ValueError(
            f"input_size={layout.input_size!r} is too large to draw: the padded input has "
            f"{layout.padded_size} cells per side, and a picture shows at most {MAX_DRAWN}"
        )


def _plain(ax: Any, cells: int) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(-0.5, cells - 0.5)
    ax.set_ylim(cells - 0.5, -0.5)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _draw_padded(
    ax: Any, layout: PaddingLayout, fontsize: float, show_counts: bool = False, last: bool = True
) -> None:
    """The padded input: grey zeros, the first window, a dot on every window's centre."""
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Rectangle

    size, k, n, b = layout.padded_size, layout.kernel_size, layout.input_size, layout.pad_before
    rgb = np.ones((size, size, 3))
    real = np.zeros(size, dtype=bool)
    real[b : b + n] = True
    real2d = np.outer(real, real)
    rgb[~real2d] = to_rgb(_PAD_GREY)
    if show_counts:
        import matplotlib as mpl

        counts = coverage_counts(n, k, layout.padding)
        cmap = mpl.colormaps[SEQUENTIAL_CMAP]
        colours = cmap(0.25 + 0.75 * counts / (k * k))  # light enough to read numbers on
        rgb[b : b + n, b : b + n] = colours[..., :3]
    ax.imshow(rgb, interpolation="nearest")
    grid_lines(ax, size, size, clip_on=False)
    offset = (k - 1) // 2  # the window's centre (just above-left of the middle for even k)
    centres = [s + offset for s in layout.starts]
    if show_counts:
        from course_utils.plotting import _text_color

        for i in range(n):
            for j in range(n):
                colour = _text_color((*rgb[b + i, b + j], 1.0))
                ax.text(
                    b + j, b + i, str(counts[i, j]), ha="center", va="center",
                    fontsize=fontsize, color=colour, zorder=5,
                )  # fmt: skip
    zeros = [(i, j) for i in range(size) for j in range(size) if not real2d[i, j]]
    if not show_counts and len(zeros) <= 150:
        centre_set = {(r, c) for r in centres for c in centres}
        for i, j in zeros:
            if (i, j) not in centre_set:
                ax.text(j, i, "0", ha="center", va="center", fontsize=fontsize * 0.85, color="0.4")
    ax.add_patch(Rectangle((-0.5, -0.5), k, k, facecolor=_FIRST, alpha=0.55, zorder=1.5))
    frame = Rectangle((-0.5, -0.5), k, k, fill=False, edgecolor=_VERMILLION, linewidth=2.5)
    ax.add_patch(frame).set(zorder=3, clip_on=False)
    if last and layout.output_size > 1:
        end = layout.starts[-1] - 0.5
        dashed = Rectangle((end, end), k, k, fill=False, edgecolor=_BLUE, linestyle="--")
        ax.add_patch(dashed).set(linewidth=2.0, zorder=3, clip_on=False)
    if not show_counts:
        grid = np.array(centres)
        rows, cols = np.meshgrid(grid, grid, indexing="ij")
        dot = (72 * _cell_inches(size) * 0.25) ** 2
        ax.scatter(cols.ravel(), rows.ravel(), s=dot, color=_BLUE, zorder=4)
    _plain(ax, size)


def _cell_inches(size: int) -> float:
    return min(0.34, max(0.14, 3.2 / size))


def plot_padding(
    input_size: int,
    kernel_size: int,
    padding: str | int = "valid",
    show_counts: bool = False,
    fig: Any = None,
) -> Any:
    """Draw the padded input (zeros grey, first and last window, centres) and the output grid."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    layout = padding_layout(input_size, kernel_size, padding)
    if not isinstance(show_counts, (bool, np.bool_)):
        raise ValueError(f"show_counts={show_counts!r} is not allowed: it must be True or False")
    _check_drawable(layout)
    size, out, n = layout.padded_size, layout.output_size, layout.input_size
    cell = _cell_inches(size)
    left, gap, bottom, top = 0.2, 0.6, 0.45, 0.75
    width = cell * (size + out) + left + gap + 0.3
    height = cell * max(size, out) + bottom + top
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    else:
        fig.clear()
        fig.set_size_inches(width, height)
    ax_in = fig.add_axes((left / width, bottom / height, cell * size / width, cell * size / height))
    ax_out = fig.add_axes(
        (
            (left + cell * size + gap) / width,
            (bottom + cell * (size - out) / 2) / height,
            cell * out / width,
            cell * out / height,
        )
    )
    fontsize = min(9.0, max(5.5, 72 * cell * 0.42))
    _draw_padded(ax_in, layout, fontsize, show_counts=bool(show_counts))
    ax_out.imshow(np.ones((out, out, 3)) * np.array([0.776, 0.890, 0.969]))
    grid_lines(ax_out, out, out, clip_on=False)
    _plain(ax_out, out)
    pad_note = f" + zeros → {size}×{size}" if size != n else ""
    ax_in.set_xlabel(f"input {n}×{n}{pad_note}", fontsize=9)
    ax_out.set_xlabel(f"output {out}×{out}", fontsize=9)
    handles = [Patch(facecolor=_FIRST, edgecolor=_VERMILLION, label="first window")]
    if out > 1:
        handles.append(Line2D([], [], color=_BLUE, linestyle="--", label="last window"))
    if layout.pad_before or layout.pad_after:
        handles.append(Patch(facecolor=_PAD_GREY, edgecolor="0.45", label="zero padding"))
    if not show_counts:
        handles.append(
            Line2D([], [], color=_BLUE, marker="o", linestyle="none", label="window centres")
        )
    fig.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.05 / width, 0.0), ncols=len(handles),
        fontsize=8, frameon=False, handlelength=1.2, columnspacing=1.0,
    )  # fmt: skip
    extra = "numbers: windows covering each pixel" if show_counts else _coverage_text(layout)
    fig.suptitle(
        f"n = {n}, k = {layout.kernel_size}, {_padding_text(layout)}\n"
        f"output o = n + 2p − k + 1 = {formula_text(layout)}\n{extra}",
        fontsize=9, x=0.05 / width, ha="left", y=1 - 0.05 / height, va="top",
    )  # fmt: skip
    return fig


def _paddings(paddings: object) -> list[str | int]:
    if isinstance(paddings, (str, numbers.Integral)):
        return [_padding(paddings)]
    if not isinstance(paddings, Sequence) or not paddings:
        raise ValueError(
            f"paddings={paddings!r} is not allowed: paddings must be a padding or a non-empty "
            "list of them ('valid', 'same', 'full' or a whole number >= 0)"
        )
    return [_padding(p) for p in paddings]


def _title_name(padding: str | int) -> str:
    return repr(padding) if isinstance(padding, str) else f"p = {padding}"


def plot_padding_modes(
    input_size: int = 5, kernel_size: int = 3, paddings: Any = PADDINGS, fig: Any = None
) -> Any:
    """One panel per padding: the padded grid, the first window and a dot per output number."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    modes = _paddings(paddings)
    layouts = [padding_layout(input_size, kernel_size, p) for p in modes]
    for layout in layouts:
        _check_drawable(layout)
    biggest = max(layout.padded_size for layout in layouts)
    cell = min(0.3, 2.6 / biggest)
    width = max(3.2, len(layouts) * (cell * biggest + 0.5) + 0.2)
    height = cell * biggest + 1.25
    plt = pyplot()
    fig = plt.figure(figsize=(width, height)) if fig is None else fig
    axes = fig.subplots(1, len(layouts), squeeze=False)[0]
    fontsize = min(9.0, max(5.5, 72 * cell * 0.42))
    for ax, layout in zip(axes, layouts, strict=True):
        _draw_padded(ax, layout, fontsize, last=False)
        n, out = layout.input_size, layout.output_size
        ax.set_title(
            f"{_title_name(layout.padding)}: {n}×{n} → {out}×{out}\n{formula_text(layout)}",
            fontsize=9,
        )
        ax.set_xlim(-0.5, biggest - 0.5)  # same cell size in every panel
        ax.set_ylim(biggest - 0.5, -0.5)
    handles = [
        Patch(facecolor=_FIRST, edgecolor=_VERMILLION, label="first window"),
        Patch(facecolor=_PAD_GREY, edgecolor="0.45", label="zero padding"),
        Line2D([], [], color=_BLUE, marker="o", linestyle="none",
               label="window centres (one per output number)"),
    ]  # fmt: skip
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.8, bottom=0.12, wspace=0.15)
    return fig


def plot_coverage(
    input_size: int = 6, kernel_size: int = 3, paddings: Any = PADDINGS, fig: Any = None
) -> Any:
    """One panel per padding: how many windows cover each input pixel (a heat map with numbers)."""
    from course_utils.plotting import _text_color

    modes = _paddings(paddings)
    maps = [coverage_counts(input_size, kernel_size, p) for p in modes]
    n, k = maps[0].shape[0], _validate.positive_int("kernel_size", kernel_size)
    if n > MAX_DRAWN:
        raise ValueError(
            f"input_size={input_size!r} is too large to draw: at most {MAX_DRAWN} pixels per side"
        )
    cell = min(0.32, 2.4 / n)
    plt = pyplot()
    width = max(3.2, len(maps) * (cell * n + 0.45) + 0.9)
    fig = plt.figure(figsize=(width, cell * n + 1.0)) if fig is None else fig
    axes = fig.subplots(1, len(maps), squeeze=False)[0]
    fontsize = min(9.0, max(5.0, 72 * cell * 0.4))
    image = None
    for ax, counts, padding in zip(axes, maps, modes, strict=True):
        image = ax.imshow(counts, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=k * k)
        for (i, j), value in np.ndenumerate(counts):
            colour = _text_color(image.cmap(image.norm(value)))
            ax.text(j, i, str(value), ha="center", va="center", fontsize=fontsize, color=colour)
        _plain(ax, n)
        ax.set_title(
            f"{_title_name(padding)}\ncorner {counts[0, 0]}×, centre {counts[n // 2, n // 2]}×",
            fontsize=9,
        )
    fig.subplots_adjust(left=0.02, right=0.86, top=0.78, bottom=0.04, wspace=0.12)
    bar_ax = fig.add_axes((0.89, 0.1, 0.02, 0.62))
    bar = fig.colorbar(image, cax=bar_ax)
    bar.set_label("windows covering the pixel", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    return fig


def plot_padding_values(
    input_size: int = 6, kernel_size: int = 3, padding: str | int = "same", fig: Any = None
) -> Any:
    """A white image with its zeros (left) and the k×k average of every window (right).

    Both panels share one grey scale (0 black, 1 white) and one colour bar, so the darker
    border of the output reads as what it is: the zeros pulled in by the windows.
    """
    from matplotlib.patches import Rectangle

    layout = padding_layout(input_size, kernel_size, padding)
    _check_drawable(layout)
    padded, out = white_image_average(input_size, kernel_size, padding)
    size, n, k, o = layout.padded_size, layout.input_size, layout.kernel_size, layout.output_size
    cell = _cell_inches(size)
    left, gap, bar_w, bottom, top = 0.2, 0.6, 0.9, 0.3, 0.75
    width = cell * (size + o) + left + gap + bar_w
    height = cell * max(size, o) + bottom + top
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    else:
        fig.clear()
        fig.set_size_inches(width, height)
    ax_in = fig.add_axes((left / width, bottom / height, cell * size / width, cell * size / height))
    ax_out = fig.add_axes(
        (
            (left + cell * size + gap) / width,
            (bottom + cell * (size - o) / 2) / height,
            cell * o / width,
            cell * o / height,
        )
    )
    fontsize = min(9.0, max(5.0, 72 * cell * 0.36))
    write = size <= 16
    from course_utils.plotting import _text_color

    image = None
    for ax, values, fmt in ((ax_in, padded, "{:.0f}"), (ax_out, out, "{:.2f}")):
        image = ax.imshow(values, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
        grid_lines(ax, *values.shape, clip_on=False)
        if write:
            for (i, j), v in np.ndenumerate(values):
                colour = _text_color(image.cmap(image.norm(v)))
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=fontsize,
                        color=colour)  # fmt: skip
        _plain(ax, values.shape[0])
    for ax, side in ((ax_in, k), (ax_out, 1)):  # the first window and the number it makes
        frame = Rectangle((-0.5, -0.5), side, side, fill=False, edgecolor=OKABE_ITO[3])
        ax.add_patch(frame).set(linewidth=2.5, zorder=3, clip_on=False)
    if layout.pad_before or layout.pad_after:
        b = layout.pad_before
        real = Rectangle((b - 0.5, b - 0.5), n, n, fill=False, edgecolor=_BLUE, linestyle="--")
        ax_in.add_patch(real).set(linewidth=1.5, zorder=3, clip_on=False)
    pad_note = f" + zeros → {size}×{size}" if size != n else ""
    ax_in.set_xlabel(f"white image {n}×{n}{pad_note}", fontsize=9)
    ax_out.set_xlabel(f"mean of each {k}×{k} window: {o}×{o}", fontsize=9)
    bar_ax = fig.add_axes(((width - bar_w + 0.25) / width, bottom / height, 0.12 / width,
                           cell * max(size, o) / height))  # fmt: skip
    bar = fig.colorbar(image, cax=bar_ax)
    bar.set_label("brightness (0 black, 1 white)", fontsize=8)
    bar.ax.tick_params(labelsize=8)
    fig.suptitle(
        f"n = {n}, k = {k}, {_padding_text(layout)}\n"
        + _values_text(layout).replace(" window: ", " window:\n", 1),
        fontsize=9, x=0.05 / width, ha="left", y=1 - 0.05 / height, va="top", wrap=True,
    )  # fmt: skip
    return fig


# ---------------------------------------------------------------- the explorer


def padding_explorer(
    input_size: int = 5,
    kernel_size: int = 3,
    padding: str = "valid",
    show_counts: bool = False,
    view: str | None = None,
) -> Any:
    """Explorer: input size, kernel size and padding → the padded grid, output size, formula.

    view: 'windows' (where the kernel stops), 'windows per pixel' (the coverage counts;
    `show_counts=True` is the same) or 'values' (a white image averaged over every window:
    what the zeros do to the numbers at the border).
    """
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    for name, value in (("input_size", input_size), ("kernel_size", kernel_size)):
        low, high = EXPLORER_RANGES[name]
        if _validate.positive_int(name, value) not in range(low, high + 1):
            raise ValueError(
                f"{name}={value!r} is not allowed: the explorer's {name} slider goes from "
                f"{low} to {high}"
            )
    if padding not in PADDINGS:
        raise ValueError(
            f"padding={padding!r} is not allowed: padding must be 'valid', 'same' or 'full'"
        )
    if not isinstance(show_counts, (bool, np.bool_)):
        raise ValueError(f"show_counts={show_counts!r} is not allowed: it must be True or False")
    if view is None:
        view = "windows per pixel" if show_counts else "windows"
    elif view not in VIEWS or (show_counts and view != "windows per pixel"):
        raise ValueError(
            f"view={view!r} is not allowed: view must be one of {', '.join(map(repr, VIEWS))}"
            + (" (show_counts=True asks for 'windows per pixel')" if show_counts else "")
        )
    padding_layout(input_size, kernel_size, padding)  # a clear error for a bad start
    style = {"description_width": "initial"}

    def slider(name: str, value: int, label: str) -> Any:
        low, high = EXPLORER_RANGES[name]
        return widgets.IntSlider(value=value, min=low, max=high, description=label, style=style)

    def render(input_size: int, kernel_size: int, padding: str, view: str):
        layout = padding_layout(input_size, kernel_size, padding)
        if view == "values":
            fig = plot_padding_values(input_size, kernel_size, padding)
        else:
            fig = plot_padding(
                input_size, kernel_size, padding, show_counts=view == "windows per pixel"
            )
        return fig, caption_html(layout, view)

    return Explorer(
        {
            "input_size": slider("input_size", input_size, "input n"),
            "kernel_size": slider("kernel_size", kernel_size, "kernel k"),
            "padding": widgets.ToggleButtons(
                options=list(PADDINGS), value=padding, description="padding", style=style
            ),
            "view": widgets.ToggleButtons(
                options=list(VIEWS), value=view, description="show", style=style
            ),
        },
        render,
        title="Padding: change n, k and the padding, and watch the output size",
    )
