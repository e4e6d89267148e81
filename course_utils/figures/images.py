"""Lesson 01's figures: a window of an image and its numbers, the colour channels, and
parameter counts.

Pixel values are drawn with their true range (0–255, or 0–1 for images scaled down), so
a dark channel looks dark. `draw_zoom` is shared with the explorer, which redraws it in place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from course_utils import _validate, plotting

__all__ = [
    "CHANNELS",
    "CHANNEL_INDEX",
    "Zoom",
    "grey_range",
    "zoom",
    "plot_zoom",
    "draw_zoom",
    "plot_channels",
    "plot_param_counts",
]

CHANNELS = ("all", "red", "green", "blue")  # what the zoom shows of a colour image
CHANNEL_INDEX = {"red": 0, "green": 1, "blue": 2}
MAX_WINDOW = 12  # a bigger window has too many numbers to read
_VERMILLION = plotting.OKABE_ITO[1]


# ---------------------------------------------------------------- numbers


class Zoom(NamedTuple):
    """What `draw_zoom` draws (and the explorer's caption reads): a size×size window of
    `image` whose top-left pixel is (row, col), and the grey scale both are drawn on."""

    image: np.ndarray  # the whole image, as floats
    row: int
    col: int
    size: int
    channel: str  # "all" or one colour channel; always "all" for a grayscale image
    grids: dict[str, np.ndarray]  # the numbers written out: a size×size grid per title
    grey: tuple[float, float]  # the values drawn black and white (`grey_range`)


def grey_range(image: np.ndarray) -> tuple[float, float]:
    """The values drawn black and white: `plotting.brightness_range` (0–1, 0–255 for whole
    numbers, else 0 to the largest: never stretched, so a dark channel looks dark), and for
    signed values their own smallest to largest. Always two numbers: the caption names
    them, and a colour window is scaled by them by hand."""
    lo, hi = plotting.brightness_range(image)
    if lo is None:
        lo, hi = float(image.min()), float(image.max())
    return lo, hi if hi > lo else lo + 1.0


def zoom(
    image: ArrayLike,
    row: int,
    col: int,
    size: int,
    channel: str = "all",
    grey: tuple[float, float] | None = None,
) -> Zoom:
    """The size×size window at (row, col) and its numbers per channel shown (`grey`: the
    image's `grey_range`, if already known; the explorer works it out once per image)."""
    arr = _validate.image("image", image)
    height, width = arr.shape[:2]
    size = _validate.int_range("size", size, 1, MAX_WINDOW, "more numbers are hard to read")
    fits = f"the {size}×{size} window must fit inside the {height}×{width} image"
    row = _validate.int_range("row", row, 0, height - size, fits)
    col = _validate.int_range("col", col, 0, width - size, fits)
    channel = _validate.choice("channel", channel, CHANNELS)
    if arr.ndim == 2 and channel != "all":
        raise _validate.fail(
            "channel", channel, "a grayscale image has one number per pixel: channel must be 'all'"
        )
    window = arr[row : row + size, col : col + size].copy()
    if arr.ndim == 2:
        grids = {"the numbers": window}
    else:
        shown = CHANNEL_INDEX if channel == "all" else {channel: CHANNEL_INDEX[channel]}
        grids = {f"{name} channel": window[..., i] for name, i in shown.items()}
    return Zoom(arr, row, col, size, channel, grids, grey or grey_range(arr))


# ---------------------------------------------------------------- drawing helpers


def _write(
    ax: Any, values: np.ndarray, grey: tuple[float, float], x: float, y: float, cell: float
) -> None:
    """Each value written in its cell of the grid whose top-left corner is (x, y), in the
    ink (`plotting.text_color`) that reads best on the cell's grey."""
    lo, hi = grey
    texts = [plotting.number(v) for v in values.ravel().tolist()]
    size = cell * min(0.42, 0.82 / (0.64 * max(len(t) for t in texts)))
    shades = matplotlib.colormaps[plotting.IMAGE_CMAP]((values.ravel() - lo) / (hi - lo))
    rows, cols = np.indices(values.shape).reshape(2, -1)
    xy = np.column_stack([x + (cols + 0.5) * cell, y + (rows + 0.5) * cell])
    inks = [plotting.text_color(shade) for shade in shades]
    plotting.cell_texts(ax, xy, texts, 72 * size, inks)


def _show(
    ax: Any,
    arr: np.ndarray,
    grey: tuple[float, float],
    extent: tuple | None = None,
    max_side: int | None = None,
) -> None:
    """Draw an image on the grey scale `grey`, over `extent` (default: its pixel numbers).

    With `max_side`, only every n-th pixel is drawn so the longer side has at most
    `max_side` pixels (a small panel cannot show more; drawing is faster).
    """
    lo, hi = grey
    height, width = arr.shape[:2]
    step = 1 if max_side is None else max(1, math.ceil(max(height, width) / max_side))
    shown = arr[::step, ::step]
    where = (
        {"extent": extent, "aspect": "auto"}
        if extent
        else {"extent": (-0.5, width - 0.5, height - 0.5, -0.5)}
    )
    if arr.ndim == 2:
        ax.imshow(
            shown, cmap=plotting.IMAGE_CMAP, vmin=lo, vmax=hi, interpolation="nearest", **where
        )
    else:
        ax.imshow(np.clip((shown - lo) / (hi - lo), 0, 1), interpolation="nearest", **where)


# ---------------------------------------------------------------- figures


def _board(fig: Figure | None, width: float, height: float) -> Any:
    """One Axes over the whole figure, in inches from its top-left corner (y points down).

    Drawn again into the same figure, the Axes stays and only what it holds is replaced:
    no Axes to build, so an explorer redraws fast.
    """
    fig, ax = plotting.reused(fig, "board", lambda f: _new_board(f, width, height))
    fig.set_size_inches(width, height)
    for artist in [*ax.images, *ax.patches, *ax.texts, *ax.collections]:
        artist.remove()
    ax.set(xlim=(0, width), ylim=(height, 0))
    return ax


def _new_board(fig: Figure | None, width: float, height: float) -> tuple[Figure, Any]:
    fig = plotting.canvas((width, height), fig, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    return fig, ax


def plot_zoom(image: ArrayLike, row: int, col: int, size: int, channel: str = "all") -> Figure:
    """The image with the size×size window at (row, col) framed, then the window's numbers
    (a grid per channel): `draw_zoom` of `zoom`."""
    return draw_zoom(zoom(image, row, col, size, channel))


def draw_zoom(state: Zoom, fig: Figure | None = None) -> Figure:
    """The image with the window framed, then the window's numbers (a grid per channel);
    into `fig` (the explorer's) in place if given."""
    from matplotlib.patches import FancyArrowPatch, Rectangle

    arr, row, col, size, _, grids, grey = state
    height, width = arr.shape[:2]

    # Sizes in inches, fixed: no layout engine to run, at most 12 inches wide.
    cell = 0.34 if size <= 5 else 0.25 if size <= 8 else 0.18
    grid, panel, gap, top = cell * size, max(cell * size, 2.0), 0.4, 0.3
    scale = panel / height  # inches per pixel of the image
    slots = [width * scale] + [max(grid, 1.0)] * (len(grids) + (arr.ndim == 3))
    lefts = [0.1 + sum(slots[:i]) + gap * i for i in range(len(slots))]
    ax = _board(fig, lefts[-1] + slots[-1] + 0.1, top + panel + 0.1)
    y = top + (panel - grid) / 2  # the top edge of the grids
    xs = [left + (slot - grid) / 2 for left, slot in zip(lefts[1:], slots[1:], strict=True)]
    line = {"fill": False, "edgecolor": _VERMILLION, "linewidth": 2.0}

    x0 = lefts[0]
    _show(ax, arr, grey, (x0, x0 + slots[0], top + panel, top), max_side=300)
    titles = [(f"shape {arr.shape}", x0 + slots[0] / 2, top - 0.12)]
    frame = (x0 + col * scale, top + row * scale)
    side = size * scale
    ax.add_artist(Rectangle(frame, side, side, **line))
    if side < 0.15:  # a ring keeps a window of a few pixels of a big photo visible
        ring = (frame[0] - 0.05, frame[1] - 0.05)
        ax.add_artist(
            Rectangle(ring, side + 0.1, side + 0.1, **{**line, "linewidth": 1.0}, linestyle="--")
        )
    ax.add_artist(
        FancyArrowPatch(
            (frame[0] + side, frame[1] + side / 2),
            (xs[0] - 0.03, y + grid / 2),
            arrowstyle="->",
            mutation_scale=12,
            color=_VERMILLION,
            linewidth=1.2,
            shrinkA=0,
            shrinkB=0,
        )
    )
    if arr.ndim == 3:  # a colour window is also shown as the colours it holds
        x = xs.pop(0)
        window = arr[row : row + size, col : col + size]
        lo, hi = grey
        plotting.cells(ax, np.clip((window - lo) / (hi - lo), 0, 1), (x, x + grid, y + grid, y))
        ax.add_artist(Rectangle((x, y), grid, grid, **line))
        titles.append(("zoomed in", x + grid / 2, y - 0.12))
    for x, (name, values) in zip(xs, grids.items(), strict=True):
        style = {"cmap": plotting.IMAGE_CMAP, "vmin": grey[0], "vmax": grey[1]}
        plotting.cells(ax, values, (x, x + grid, y + grid, y), lines=True, **style)
        _write(ax, values, grey, x, y, cell)
        titles.append((name, x + grid / 2, y - 0.12))
    words, xs, ys = zip(*titles, strict=True)
    plotting.cell_texts(ax, list(zip(xs, ys, strict=True)), list(words), 9, "black")
    return ax.figure


def plot_channels(image: ArrayLike) -> Figure:
    """The colour image, then each of its three channels drawn as its own grayscale image."""
    arr = _validate.image("image", image)
    if arr.ndim != 3:
        raise _validate.fail("image", arr, "plot_channels needs a colour image (H, W, 3)")
    grey = grey_range(arr)
    height, width = arr.shape[:2]
    fig = plotting.canvas((4 * 1.9 * width / height + 0.4, 1.9 + 0.6))
    axes = fig.subplots(1, 4)
    for ax in axes:
        ax.set_axis_off()
    _show(axes[0], arr, grey)
    axes[0].set_title(f"colour: shape {arr.shape}", fontsize=9)
    for ax, (name, i) in zip(axes[1:], CHANNEL_INDEX.items(), strict=True):
        _show(ax, arr[..., i], grey)
        ax.set_title(f"{name}: image[:, :, {i}]", fontsize=9)
    return fig


def plot_param_counts(counts: Mapping[str, int]) -> Any:
    """Horizontal bars (log scale) of parameter counts, each labelled with its number."""
    counts = _validate.mapping("counts", counts, "{label: parameter count}")
    names = [str(k) for k in counts]
    values = [_validate.positive_int(f"counts[{k!r}]", v) for k, v in counts.items()]
    ax = plotting.canvas((6.4, 0.55 * len(names) + 0.9)).subplots()
    colours = [plotting.OKABE_ITO[i % len(plotting.OKABE_ITO)] for i in range(len(names))]
    y = np.arange(len(names))[::-1]
    ax.barh(y, values, color=colours, height=0.6)
    ax.set_xscale("log")
    ax.set_yticks(y, labels=names)
    ax.set_xlim(1, 10 ** (math.ceil(math.log10(max(values))) + 1.2))  # room for the labels
    for yi, v in zip(y, values, strict=True):
        ax.text(v * 1.3, yi, f"{v:,}", va="center", fontsize=9)
    ax.set_xlabel("parameters (log scale)")
    ax.xaxis.grid(True, color="0.88", linewidth=0.8)
    ax.set_axisbelow(True)
    return ax
