"""Lesson 01's figures: a window of an image and its numbers, the colour channels, and
parameter counts.

Pixel values are drawn with their true range (0–255, or 0–1 for images scaled down), so
a dark channel looks dark. `plot_zoom` is shared with the explorer (`fig=` redraws in place).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from course_utils import _validate, plotting

__all__ = [
    "CHANNELS",
    "CHANNEL_INDEX",
    "crop",
    "value_range",
    "plot_zoom",
    "plot_channels",
    "plot_param_counts",
]

CHANNELS = ("all", "red", "green", "blue")  # what the zoom shows of a colour image
CHANNEL_INDEX = {"red": 0, "green": 1, "blue": 2}
MAX_WINDOW = 12  # a bigger window has too many numbers to read
_VERMILLION = plotting.OKABE_ITO[1]


# ---------------------------------------------------------------- numbers


def crop(image: ArrayLike, row: int, col: int, size: int) -> np.ndarray:
    """The size×size window whose top-left pixel is (row, col), as a copy."""
    arr = _validate.image("image", image)
    height, width = arr.shape[:2]
    size = _validate.int_range("size", size, 1, MAX_WINDOW, "more numbers are hard to read")
    fits = f"the {size}×{size} window must fit inside the {height}×{width} image"
    row = _validate.int_range("row", row, 0, height - size, fits)
    col = _validate.int_range("col", col, 0, width - size, fits)
    return arr[row : row + size, col : col + size].copy()


def value_range(image: np.ndarray) -> tuple[float, float]:
    """The range drawn: 0–255 if any value is above 1, else 0–1 (never stretched)."""
    return (0.0, 255.0) if float(np.max(image)) > 1.0 else (0.0, 1.0)


# ---------------------------------------------------------------- drawing helpers


def _write(
    ax: Any, values: np.ndarray, lo: float, hi: float, x: float, y: float, cell: float
) -> None:
    """Each value written in its cell of the grid whose top-left corner is (x, y): black
    on bright cells, white on dark ones (one collection of glyphs each, row by row)."""
    texts = [[plotting.number(v) for v in row] for row in values.tolist()]
    size = cell * min(0.42, 0.82 / (0.64 * max(len(t) for row in texts for t in row)))
    bright = values > (lo + hi) / 2
    for colour, where in (("black", bright), ("white", ~bright)):
        cells = list(zip(*np.nonzero(where), strict=True))
        if cells:
            xy = [(x + (j + 0.5) * cell, y + (i + 0.5) * cell) for i, j in cells]
            plotting.cell_texts(ax, xy, [texts[i][j] for i, j in cells], 72 * size, colour)


def _show(
    ax: Any,
    arr: np.ndarray,
    lo: float,
    hi: float,
    extent: tuple | None = None,
    max_side: int | None = None,
) -> None:
    """Draw an image with its true value range, over `extent` (default: its pixel numbers).

    With `max_side`, only every n-th pixel is drawn so the longer side has at most
    `max_side` pixels (a small panel cannot show more; drawing is faster).
    """
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


def plot_zoom(
    image: ArrayLike, row: int, col: int, size: int, channel: str = "all", fig: Figure | None = None
) -> Figure:
    """The image with the window framed, then the window's numbers (a grid per channel)."""
    from matplotlib.patches import FancyArrowPatch, Rectangle

    arr = _validate.image("image", image)
    window = crop(arr, row, col, size)
    channel = _validate.choice("channel", channel, CHANNELS)
    if arr.ndim == 2 and channel != "all":
        raise _validate.fail(
            "channel", channel, "a grayscale image has one number per pixel: channel must be 'all'"
        )
    if arr.ndim == 2:
        grids = {"the numbers": window}
    else:
        shown = CHANNEL_INDEX if channel == "all" else {channel: CHANNEL_INDEX[channel]}
        grids = {f"{name} channel": window[..., i] for name, i in shown.items()}
    lo, hi = value_range(arr)
    height, width = arr.shape[:2]

    # Sizes in inches, fixed: no layout engine to run, at most 12 inches wide.
    cell = 0.34 if size <= 5 else 0.25 if size <= 8 else 0.18
    grid, panel, gap, top = cell * size, max(cell * size, 2.0), 0.4, 0.3
    scale = panel / height  # inches per pixel of the image
    slots = [width * scale] + [max(grid, 1.0)] * (len(grids) + (arr.ndim == 3))
    lefts = [0.1 + sum(slots[:i]) + gap * i for i in range(len(slots))]
    # Whole sixteenths of an inch: a whole number of pixels at any dpi the course uses.
    ax = _board(
        fig, *(math.ceil(16 * v) / 16 for v in (lefts[-1] + slots[-1] + 0.1, top + panel + 0.1))
    )
    y = top + (panel - grid) / 2  # the top edge of the grids
    xs = [left + (slot - grid) / 2 for left, slot in zip(lefts[1:], slots[1:], strict=True)]
    line = {"fill": False, "edgecolor": _VERMILLION, "linewidth": 2.0}

    x0 = lefts[0]
    _show(ax, arr, lo, hi, (x0, x0 + slots[0], top + panel, top), max_side=300)
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
        _show(ax, window, lo, hi, (x, x + grid, y + grid, y))
        ax.add_artist(Rectangle((x, y), grid, grid, **line))
        titles.append(("zoomed in", x + grid / 2, y - 0.12))
    edges = np.arange(size + 1) * cell
    for x, (name, values) in zip(xs, grids.items(), strict=True):
        ax.imshow(
            values,
            cmap=plotting.IMAGE_CMAP,
            vmin=lo,
            vmax=hi,
            interpolation="nearest",
            extent=(x, x + grid, y + grid, y),
            aspect="auto",
        )
        ax.hlines(y + edges, x, x + grid, color="0.45", linewidth=0.6)
        ax.vlines(x + edges, y, y + grid, color="0.45", linewidth=0.6)
        _write(ax, values, lo, hi, x, y, cell)
        titles.append((name, x + grid / 2, y - 0.12))
    words, xs, ys = zip(*titles, strict=True)
    plotting.cell_texts(ax, list(zip(xs, ys, strict=True)), list(words), 9, "black")
    return ax.figure


def plot_channels(image: ArrayLike) -> Figure:
    """The colour image, then each of its three channels drawn as its own grayscale image."""
    arr = _validate.image("image", image)
    if arr.ndim != 3:
        raise _validate.fail(
            "image", f"<array of shape {arr.shape}>", "plot_channels needs a colour image (H, W, 3)"
        )
    lo, hi = value_range(arr)
    height, width = arr.shape[:2]
    fig = plotting.canvas((4 * 1.9 * width / height + 0.4, 1.9 + 0.6))
    axes = fig.subplots(1, 4)
    for ax in axes:
        ax.set_axis_off()
    _show(axes[0], arr, lo, hi)
    axes[0].set_title(f"colour: shape {arr.shape}", fontsize=9)
    for ax, (name, i) in zip(axes[1:], CHANNEL_INDEX.items(), strict=True):
        _show(ax, arr[..., i], lo, hi)
        ax.set_title(f"{name}: image[:, :, {i}]", fontsize=9)
    return fig


def plot_param_counts(counts: Mapping[str, int]) -> Any:
    """Horizontal bars (log scale) of parameter counts, each labelled with its number."""
    if not isinstance(counts, Mapping) or not counts:
        raise _validate.fail(
            "counts", counts, "counts must be a non-empty dict {label: parameter count}"
        )
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
