"""Figures for the lessons: images, number grids, convolution steps, feature maps, training curves.

Importing this module changes no matplotlib setting, selects no backend and creates no figure;
call `set_style()` once per notebook. Every plot function returns what it drew and writes no
file; `save_fig()` is the only function that writes one.
"""

from __future__ import annotations

import math
import os
import weakref
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, QuadMesh
from matplotlib.figure import Figure, FigureBase
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, Bbox, BboxTransformFrom, ScaledTranslation, Transform
from numpy.typing import ArrayLike

from course_utils import _validate

__all__ = [
    "OKABE_ITO",
    "SEQUENTIAL_CMAP",
    "DIVERGING_CMAP",
    "IMAGE_CMAP",
    "PREDICTED_COLOR",
    "TRUE_COLOR",
    "OTHER_COLOR",
    "set_style",
    "canvas",
    "reused",
    "grid_lines",
    "frame",
    "cell_texts",
    "glyph_label",
    "key",
    "number",
    "text_color",
    "symmetric_limit",
    "brightness_range",
    "show_images",
    "show_matrix",
    "show_convolution_step",
    "show_feature_maps",
    "show_filters",
    "plot_history",
    "confusion_matrix",
    "plot_confusion_matrix",
    "save_fig",
]

# Okabe & Ito (2008) colour-blind-safe palette, ordered for lines on white (yellow last).
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#F0E442",  # yellow
)
SEQUENTIAL_CMAP = "viridis"  # intensities: pixel values, activations after ReLU, counts
DIVERGING_CMAP = "RdBu_r"  # signed values centred at 0: kernels, feature maps, products
IMAGE_CMAP = "gray"  # grayscale images, so digits look like digits
CONFUSION_CMAP = "Blues"  # light when 0, so the eye goes to the mistakes

MAX_PANELS = 256  # more panels than this is almost always a slicing mistake
# What each colour means, everywhere in the course:
PREDICTED_COLOR = OKABE_ITO[0]  # blue: the class the network predicts (and training curves)
TRUE_COLOR = OKABE_ITO[3]  # orange: the true class
OTHER_COLOR = "#BBBBBB"  # grey: every other class
_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
_DEFAULT_METRICS = ("loss", "accuracy")
_SAVE_FORMATS = (".png", ".pdf", ".svg")

_STYLE = {
    "figure.figsize": (6.0, 4.0),
    "figure.dpi": 90,  # small PNGs in committed notebooks
    "figure.facecolor": "white",  # readable in dark-themed Jupyter and Colab too
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,  # off for images; line plots here switch on a light grid themselves
    "grid.color": "0.88",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "lines.linewidth": 2.0,
    "lines.markersize": 5,
    "image.cmap": SEQUENTIAL_CMAP,
    "image.interpolation": "nearest",  # show pixels as sharp squares
}


def set_style() -> None:
    """Apply the course's plot style (clean, small, colour-blind-safe) to matplotlib."""
    from cycler import cycler

    _pyplot()  # load pyplot (and the notebook backend's defaults) first, so ours win

    matplotlib.rcParams.update(_STYLE)
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=list(OKABE_ITO))


# ---------------------------------------------------------------- plumbing


def _pyplot():
    """matplotlib.pyplot, imported on first use so importing this module selects no backend."""
    import matplotlib.pyplot as plt

    return plt


def canvas(
    figsize: tuple[float, float], fig: Figure | None = None, layout: str | None = "constrained"
) -> Figure:
    """The figure to draw into: a new one of `figsize`, or `fig` emptied and resized.

    The one home of figure reuse: an explorer passes the Figure it keeps and redraws in
    place; a lesson passes nothing and gets a new pyplot figure (shown inline).
    """
    if fig is None:
        return _pyplot().figure(figsize=figsize, layout=layout)
    if not isinstance(fig, Figure):
        raise _validate.fail("fig", fig, "fig must be a matplotlib Figure or None for a new one")
    for ax in list(fig.axes):  # removed whole: clear() would first empty each one, for nothing
        fig.delaxes(ax)
    fig.clear()
    fig.set_size_inches(figsize)
    fig.set_layout_engine(layout)
    return fig


_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Figure -> (key, axes, parts)


def reused(
    fig: Figure | None, key: Hashable, build: Callable[[Figure | None], tuple[Figure, Any]]
) -> tuple[Figure, Any]:
    """(figure, parts) an explorer redraws in place: `build(fig)` makes them (a canvas, its
    axes and artists) the first time, or when `key` (what their layout depends on) changed
    or the figure was cleared since; later calls return the same parts, so a redraw only
    moves data and texts (`set_data`, `set_height`, `set_text`)."""
    if fig is not None:
        entry = _KEPT.get(fig)
        if entry is not None and entry[0] == key and entry[1] == tuple(fig.axes):
            return fig, entry[2]
    fig, parts = build(fig)
    _KEPT[fig] = (key, tuple(fig.axes), parts)
    return fig, parts


def grid_lines(ax: Axes, rows: int, cols: int, width: float = 0.6, clip_on: bool = True) -> None:
    """Thin grey lines around every cell of a rows × cols grid drawn with imshow: one line
    collection, added without changing the axes' limits (cheap on every redraw)."""
    x, y = np.arange(cols + 1) - 0.5, np.arange(rows + 1) - 0.5
    lines = [((-0.5, v), (cols - 0.5, v)) for v in y] + [((v, -0.5), (v, rows - 0.5)) for v in x]
    grid = LineCollection(lines, colors="0.45", linewidths=width, zorder=2)
    ax.add_collection(grid, autolim=False).set_clip_on(clip_on)


def cells(
    ax: Axes,
    values: np.ndarray,
    extent: tuple[float, float, float, float] | None = None,
    lines: bool = False,
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
) -> QuadMesh:
    """`values` (rows × cols, coloured by `cmap` from `vmin` to `vmax`, or RGB(A) rows × cols
    × 3 or 4) as flat square cells over `extent` (left, right, bottom, top as in imshow;
    default: centred on whole x, y), with thin grey lines around each if `lines`. The same
    picture as `imshow`, far cheaper for Agg to draw than an image enlarged to a PNG's
    pixels."""
    rows, cols = values.shape[:2]
    left, right, bottom, top = extent or (-0.5, cols - 0.5, rows - 0.5, -0.5)
    x, y = np.meshgrid(np.linspace(left, right, cols + 1), np.linspace(top, bottom, rows + 1))
    edges = {"edgecolors": "0.45", "linewidth": 0.6} if lines else {}
    mesh = QuadMesh(np.dstack([x, y]), antialiased=False, zorder=0, **edges)
    if values.ndim == 2:
        mesh.set_array(values)
        mesh.set_cmap(cmap)
        mesh.set_clim(vmin, vmax)
    else:
        mesh.set_facecolor(values.reshape(-1, values.shape[2]))
    return ax.add_collection(mesh, autolim=False)


def inches(fig: Figure) -> Transform:
    """Inches from the figure's bottom-left corner, for artists placed on the figure itself.
    Unlike `fig.dpi_scale_trans`, it follows the figure when a tight crop (the notebook's
    inline pictures) moves the origin, and when the figure is resized."""
    return BboxTransformFrom(fig.bbox_inches) + fig.transFigure


# ---------------------------------------------------------------- many texts, drawn cheaply


@lru_cache(maxsize=512)
def _glyphs(text: str, fontsize: float, left: bool) -> Any:
    """The outline of `text` in points, centred on (0, 0); or, if `left`, starting there
    with its capital letters centred on y = 0, so labels side by side share one baseline
    (a "p" or a bracket that reaches lower does not lift its label)."""
    path = TextPath((0, 0), text, size=fontsize)
    if left:
        capital = TextPath((0, 0), "H", size=fontsize).get_extents()
        return path.transformed(Affine2D().translate(0, -capital.y1 / 2))
    box = path.get_extents()
    return path.transformed(Affine2D().translate(-box.x0 - box.width / 2, -box.y0 - box.height / 2))


class _Glyphs(PathCollection):
    """Glyph outlines placed at offsets, with their true extent (a PathCollection measures
    none when its offsets are not in data coordinates, so a tight crop would cut it off)."""

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        offsets = self.get_offset_transform().transform(self.get_offsets())
        transform = self.get_transform()
        boxes = [
            Bbox(path.get_extents(transform).get_points() + offset)
            for path, offset in zip(self.get_paths(), offsets, strict=True)
        ]
        return Bbox.union(boxes) if boxes else Bbox.null()


def cell_texts(
    where: Axes | Figure,
    xy: Any,
    texts: Sequence[str],
    fontsize: float,
    colors: Any = "0.25",
    clip_on: bool = True,
    left: bool = False,
) -> PathCollection:
    """Short texts centred on points (x, y) (or starting there, if `left`), drawn as one
    collection of glyph outlines: as sharp as `ax.text` at any resolution, and far cheaper
    to draw than a Text each. `where` is an Axes (xy in data coordinates) or a Figure
    (xy in inches from its bottom left)."""
    fig = where if isinstance(where, Figure) else where.figure
    paths = _Glyphs(
        [_glyphs(t, fontsize, left) for t in texts],
        offsets=np.asarray(xy, dtype=float).reshape(-1, 2),
        offset_transform=inches(fig) if where is fig else where.transData,
        transform=Affine2D().scale(1 / 72) + fig.dpi_scale_trans,  # points -> pixels
        facecolors=colors,
        edgecolors="none",
        zorder=5,
    )
    paths.set_clip_on(clip_on)
    paths.set_label(" ".join(texts))  # what it writes, for tests and screen readers
    if where is fig:
        return fig.add_artist(paths)
    return where.add_collection(paths, autolim=False)


TITLE, BELOW = "title", "below"  # gids of `glyph_label`'s line above and line under a panel


@lru_cache(maxsize=256)
def _ink_heights(text: str, fontsize: float) -> tuple[float, float]:
    """(lowest, highest) ink of `text` in points above its baseline: where `cell_texts`
    centres it (measuring outlines is slow: once per text)."""
    box = TextPath((0, 0), text, size=fontsize).get_extents()
    return box.y0, box.y1


def glyph_label(ax: Axes, text: str, gid: str = TITLE, fontsize: float = 9.0) -> None:
    """A panel's title (or, with gid=BELOW, a line under it) as one glyph collection where
    `ax.set_title` (`ax.set_xlabel`) would write it; replaces the one written before. The
    collection's label is the text (tests and screen readers read it there)."""
    for old in [c for c in ax.collections if c.get_gid() == gid]:
        old.remove()
    low, high = _ink_heights(text, fontsize)  # points above the baseline
    if gid == TITLE:  # the baseline `titlepad` points above the axes
        dy = matplotlib.rcParams["axes.titlepad"] + (low + high) / 2
    else:  # the top of the letters `labelpad` points below the axes
        dy = -(matplotlib.rcParams["axes.labelpad"] + (high - low) / 2)
    words = cell_texts(ax, [(0.5, 1.0 if gid == TITLE else 0.0)], [text], fontsize, "black")
    words.set_clip_on(False)
    words.set_offset_transform(
        ax.transAxes + ScaledTranslation(0, dy / 72, ax.figure.dpi_scale_trans)
    )
    words.set_gid(gid)


def key(
    fig: Figure, x: float, y: float, entries: Sequence[tuple[str, dict]], across: bool = False
) -> None:
    """A legend whose top-left corner is (x, y) inches from the figure's bottom left: a row
    per (label, style) (or, if `across`, one row of them side by side), the style a
    Rectangle's (facecolor, edgecolor, linestyle) or, with "marker", a dot's. Cheaper to
    draw than `fig.legend`, which lays out a Text per entry."""
    placed = inches(fig)
    labels = [label for label, _ in entries]
    if across:  # each entry as wide as its swatch, its label and a gap
        widths = [np.ptp(_glyphs(label, 8.0, True).vertices[:, 0]) / 72 for label in labels]
        lefts = x + np.cumsum([0.0] + [0.32 + w + 0.25 for w in widths[:-1]])
        places = [(left, y - 0.11) for left in lefts]
    else:
        places = [(x, y - 0.22 * (i + 0.5)) for i in range(len(entries))]
    for (left, middle), (_, style) in zip(places, entries, strict=True):
        if "marker" in style:
            swatch = Line2D([left + 0.12], [middle], linestyle="none", markersize=6, **style)
        else:
            swatch = Rectangle((left + 0.02, middle - 0.055), 0.2, 0.11, **style)
        fig.add_artist(swatch).set_transform(placed)
    cell_texts(fig, [(left + 0.32, m) for left, m in places], labels, 8.0, "black", left=True)


def _root_figure(artist: object) -> Figure | None:
    """The top-level Figure of an Axes, SubFigure or Figure (None for anything else)."""
    while not isinstance(artist, Figure) and isinstance(artist, (Axes, FigureBase)):
        artist = artist.figure
    return artist if isinstance(artist, Figure) else None


def _axes(ax: object, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        return canvas(figsize).add_subplot()
    if not isinstance(ax, Axes):
        raise _validate.fail(
            "ax",
            ax,
            "ax must be a matplotlib Axes (e.g. from plt.subplots()) or None for a new figure",
        )
    return ax


def _too_many(name: str, n: int, hint: str) -> None:
    if n > MAX_PANELS:
        raise _validate.fail(
            name, f"<{n} panels>", f"show at most {MAX_PANELS} panels at once ({hint})"
        )


def _grid_shape(n: int, ncols: int | None) -> tuple[int, int]:
    if ncols is None:
        ncols = n if n <= 10 else min(10, math.ceil(math.sqrt(n)))
    ncols = min(ncols, n)
    return math.ceil(n / ncols), ncols


def frame(ax: Axes) -> Axes:
    """An image panel's frame: no ticks, a thin grey line on all four sides."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set(visible=True, color="0.7", linewidth=0.6)
    return ax


def _panel_grid(fig: FigureBase, n: int, ncols: int) -> list[Axes]:
    """`n` framed axes on a grid `ncols` wide; unused grid cells are removed."""
    nrows = math.ceil(n / ncols)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.remove()
    return [frame(ax) for ax in axes[:n]]


def _grid_figsize(
    nrows: int, ncols: int, aspect: float, titled: bool, max_panel: float = 1.6
) -> tuple[float, float]:
    """Figure size for a grid of image panels, at most ~10 inches wide."""
    panel = min(max_panel, 10.0 / ncols)
    row = panel * min(aspect, 3.0) + (0.3 if titled else 0.08)
    return panel * ncols + 0.1, row * nrows + 0.1


def symmetric_limit(values: np.ndarray) -> float:
    """The largest |value| (1 if there is none): a diverging scale from -m to +m centres 0."""
    finite = values[np.isfinite(values)]
    m = float(np.max(np.abs(finite))) if finite.size else 0.0
    return m if m > 0 else 1.0


def text_color(rgba: Sequence[float]) -> str:
    """Black or white, whichever contrasts more with the colour `rgba` (WCAG luminance)."""
    r, g, b, a = (float(c) for c in rgba)
    rgb = [a * c + (1 - a) for c in (r, g, b)]  # transparent cells show the white background
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "white" if 1.05 / (lum + 0.05) > (lum + 0.05) / 0.05 else "black"


def _tidy(text: str) -> str:
    """Typographic minus signs, and no "−0" or "−0.00" for values that round to zero."""
    text = text.replace("-", "\N{MINUS SIGN}")
    if text.startswith("\N{MINUS SIGN}") and text[1:].strip("0.%") == "":
        return text[1:]
    return text


_CHAR_EM = {".": 0.32, ",": 0.32, " ": 0.32, "-": 0.36, "\N{MINUS SIGN}": 0.84, "%": 0.95}


def _fit_fontsize(cell_pt: float, texts: Sequence[str]) -> float:
    """A font size (points) at which every text fits into a square cell `cell_pt` wide."""
    widest = max((sum(_CHAR_EM.get(c, 0.64) for c in t) for t in texts), default=1.0)
    return max(5.0, min(12.0, 0.42 * cell_pt, 0.8 * cell_pt / max(widest, 1.0)))


def number(value: float) -> str:
    """A number for a label: ints as ints, other values rounded to 2 decimals."""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    if v == round(v):
        return _tidy(f"{v:.0f}")
    return _tidy(f"{v:.2f}".rstrip("0").rstrip("."))


def _cell_formatter(values: np.ndarray, fmt: str | None) -> Callable[[float], str]:
    """How to write each cell: `fmt`, or ints as ints and floats with 0-2 decimals."""
    if fmt is not None:
        if not isinstance(fmt, str):
            raise _validate.fail("fmt", fmt, "fmt must be a format such as '.2f' or '{:.1%}'")
        try:
            (fmt.format if "{" in fmt else lambda v: format(v, fmt))(1.5)
        except (ValueError, IndexError, KeyError) as err:
            raise _validate.fail(
                "fmt", fmt, f"fmt must be a format such as '.2f' or '{{:.1%}}' ({err})"
            ) from None
        if "{" in fmt:
            return lambda v: _tidy(fmt.format(v))
        return lambda v: _tidy(format(v, fmt))
    finite = values[np.isfinite(values)].astype(float)
    if finite.size == 0 or np.all(finite == np.round(finite)):
        return lambda v: _tidy(f"{v:.0f}") if math.isfinite(v) else str(v)
    biggest = float(np.max(np.abs(finite)))
    decimals = 2 if biggest < 10 else 1 if biggest < 100 else 0
    return lambda v: _tidy(f"{v:.{decimals}f}")


def _outlined(width: float) -> list:
    """Path effects that draw a white halo under a line, so it shows on any cell colour."""
    return [patheffects.Stroke(linewidth=width + 2.5, foreground="white"), patheffects.Normal()]


# ---------------------------------------------------------------- images


def _as_image_list(images: object) -> list[np.ndarray]:
    """Split `images` (one image, a list of them, or an (N, H, W[, C]) array) into images."""
    items: list[np.ndarray] | None = None
    if isinstance(images, (list, tuple)) and images:
        try:
            items = [_validate.real_array(f"images[{i}]", im) for i, im in enumerate(images)]
        except ValueError:  # ragged: fall through to the array check, which explains it
            items = None
        if items is not None and not all(im.ndim >= 2 for im in items):
            items = None  # a single image written as nested lists
    if items is not None:
        names = [f"images[{i}]" for i in range(len(items))]
    else:
        arr = _validate.real_array("images", images)
        if arr.ndim == 2 or (arr.ndim == 3 and arr.shape[-1] in (1, 3)):
            items, names = [arr], ["images"]
        elif arr.ndim in (3, 4) and arr.shape[0] > 0:
            items, names = list(arr), [f"images[{i}]" for i in range(arr.shape[0])]
        else:
            raise _validate.fail(
                "images",
                arr,
                "images must be one image (H, W) or (H, W, 3), or a batch (N, H, W) or "
                "(N, H, W, C)",
            )
    out = []
    for name, im in zip(names, items, strict=True):
        if im.ndim == 3 and im.shape[-1] == 1:
            im = im[..., 0]
        if not (im.ndim == 2 or (im.ndim == 3 and im.shape[-1] == 3)):
            raise _validate.fail(
                name, im, "each image must be (H, W) grayscale or (H, W, 3) colour"
            )
        if min(im.shape[:2]) == 0:
            raise _validate.fail(name, im, "an image needs at least one pixel")
        out.append(im)
    return out


def _displayable_rgb(im: np.ndarray) -> np.ndarray:
    """An RGB image scaled into [0, 1] for imshow: 0-255 values / 255, other ranges min-max."""
    if np.issubdtype(im.dtype, np.integer):
        return np.clip(im, 0, 255) / 255.0
    im = im.astype(float)
    finite = im[np.isfinite(im)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if lo >= 0 and hi <= 1:
        return np.nan_to_num(im)
    if lo >= 0 and hi <= 255:
        return np.nan_to_num(im / 255.0)
    return np.nan_to_num((im - lo) / (hi - lo)) if hi > lo else np.zeros_like(im)


def show_images(
    images: ArrayLike | Sequence[ArrayLike],
    titles: Sequence[object] | None = None,
    ncols: int | None = None,
    cmap: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Show images side by side on a grid, without ticks; returns the figure."""
    items = _as_image_list(images)
    n = len(items)
    _too_many("images", n, "pass a slice such as images[:16]")
    if ncols is not None:
        ncols = _validate.positive_int("ncols", ncols)
    labels = _validate.labels("titles", titles, n, "image")
    nrows, ncols = _grid_shape(n, ncols)
    aspect = max(im.shape[0] / im.shape[1] for im in items)
    size = _grid_figsize(nrows, ncols, aspect, labels is not None)
    fig = canvas(size if figsize is None else _validate.figsize(figsize))
    for i, (ax, im) in enumerate(zip(_panel_grid(fig, n, ncols), items, strict=True)):
        if im.ndim == 3:
            ax.imshow(_displayable_rgb(im), interpolation="nearest")
        else:
            low, high = brightness_range(im) if cmap is None else (None, None)
            ax.imshow(im, cmap=cmap or IMAGE_CMAP, vmin=low, vmax=high, interpolation="nearest")
        if labels is not None:
            ax.set_title(labels[i], fontsize=9)
    return fig


def brightness_range(image: np.ndarray) -> tuple[float | None, float | None]:
    """Grey on a fixed scale: 0 is black and 1 (or 255) white, so images compare honestly.

    Whole numbers up to 255 are 8-bit pixels; other non-negative values run from 0 (black)
    to their largest; a signed map shown in grey keeps matplotlib's own stretch.
    """
    finite = image[np.isfinite(image)]
    if finite.size == 0 or finite.min() < 0:
        return None, None
    if finite.max() <= 1:
        return 0.0, 1.0
    if finite.max() <= 255 and np.array_equal(finite, np.round(finite)):
        return 0.0, 255.0  # whole numbers: 8-bit pixel values
    return 0.0, float(finite.max())  # scaled images past 1 (dropout's 2×): 0 stays black


def _shared_scale(values: np.ndarray, cmap: str | None) -> tuple[str, float, float]:
    """One colour scale for panels that are compared: diverging around 0 if any value is < 0."""
    finite = values[np.isfinite(values)]
    if cmap is None and finite.size and finite.min() < 0:
        m = symmetric_limit(values)
        return DIVERGING_CMAP, -m, m
    high = float(finite.max()) if finite.size else 1.0
    low = min(0.0, float(finite.min())) if finite.size else 0.0
    return cmap or SEQUENTIAL_CMAP, low, high if high > low else low + 1.0


def _shared_colorbar(fig: FigureBase, image: object, axes: list[Axes]) -> None:
    """One colour bar for a grid of panels drawn on one scale."""
    bar = fig.colorbar(image, ax=axes, shrink=0.8, aspect=30, pad=0.02)
    bar.ax.tick_params(labelsize=7)


# ---------------------------------------------------------------- number grids


def _cell_points(ax: Axes, nrows: int, ncols: int) -> float:
    """Roughly how wide (in points) one cell of an equal-aspect grid in `ax` will be."""
    fig_w, fig_h = _root_figure(ax).get_size_inches()
    pos = ax.get_position()
    return 72 * min(pos.width * fig_w / ncols, pos.height * fig_h / nrows)


def _highlight(name: str, value: object, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    rule = "(row, col, height, width) of a window inside the matrix"
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 4:
        raise _validate.fail(name, value, f"{name} must be {rule}")
    row = _validate.non_negative_int(f"{name}[0] (row)", value[0])
    col = _validate.non_negative_int(f"{name}[1] (col)", value[1])
    height = _validate.positive_int(f"{name}[2] (height)", value[2])
    width = _validate.positive_int(f"{name}[3] (width)", value[3])
    if row + height > shape[0] or col + width > shape[1]:
        raise _validate.fail(
            name,
            tuple(value),
            f"the window must fit inside the {shape[0]}x{shape[1]} matrix "
            f"(row + height <= {shape[0]}, col + width <= {shape[1]})",
        )
    return row, col, height, width


def show_matrix(
    values: ArrayLike,
    ax: Axes | None = None,
    fmt: str | None = None,
    cmap: str | None = None,
    highlight: tuple[int, int, int, int] | None = None,
    title: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    fontsize: float | None = None,
) -> Axes:
    """Show a 2-D array as coloured cells with each value written in its cell; returns the Axes."""
    arr = _validate.real_array("values", values)
    if arr.ndim != 2:
        raise _validate.fail("values", arr, "values must have 2 dimensions (rows, columns)")
    if 0 in arr.shape:
        raise _validate.fail("values", arr, "values needs at least one row and one column")
    nrows, ncols = arr.shape
    data = arr.astype(float)
    window = None if highlight is None else _highlight("highlight", highlight, arr.shape)
    if vmin is not None:
        vmin = _validate.real("vmin", vmin)
    if vmax is not None:
        vmax = _validate.real("vmax", vmax)
    if fontsize is not None:
        _validate.real("fontsize", fontsize, 0, low_open=True)
    finite = data[np.isfinite(data)]
    if cmap is None:
        signed = finite.size > 0 and finite.min() < 0
        cmap = DIVERGING_CMAP if signed else SEQUENTIAL_CMAP
        if signed:
            m = symmetric_limit(data)
            vmin = -m if vmin is None else vmin
            vmax = m if vmax is None else vmax
    write = _cell_formatter(data if np.issubdtype(arr.dtype, np.floating) else arr, fmt)

    big = max(nrows, ncols) > 30
    cell = 0.3 if big else min(0.5, max(0.25, 7.0 / max(nrows, ncols)))
    cell = min(cell, 6.0 / max(nrows, ncols))
    if ax is None and fontsize is None:
        fontsize = _fit_fontsize(72 * cell, [write(v) for v in arr.ravel().tolist()])
    ax = _axes(ax, (cell * ncols + 0.35, cell * nrows + (0.6 if title else 0.3)))
    image = ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title is not None:
        ax.set_title(str(title))
    if not big:
        width = 0.8 if max(nrows, ncols) <= 16 else 0.4
        line = {"color": "0.35", "linewidth": width, "clip_on": False}
        ax.hlines(np.arange(nrows + 1) - 0.5, -0.5, ncols - 0.5, **line)
        ax.vlines(np.arange(ncols + 1) - 0.5, -0.5, nrows - 0.5, **line)
        texts = [[write(v) for v in row] for row in arr.tolist()]
        size = fontsize or _fit_fontsize(_cell_points(ax, nrows, ncols), sum(texts, []))
        rgba = image.cmap(image.norm(data))
        for i in range(nrows):
            for j in range(ncols):
                ax.text(
                    j,
                    i,
                    texts[i][j],
                    ha="center",
                    va="center",
                    fontsize=size,
                    color=text_color(rgba[i, j]),
                )
    if window is not None:
        row, col, height, width = window
        ax.add_patch(
            Rectangle(
                (col - 0.5, row - 0.5),
                width,
                height,
                fill=False,
                edgecolor=_VERMILLION,
                linewidth=3,
                clip_on=False,
                zorder=3,
                path_effects=_outlined(3),
            )
        )
    ax.set_xlim(-0.5, ncols - 0.5)
    ax.set_ylim(nrows - 0.5, -0.5)
    return ax


def show_convolution_step(
    patch: ArrayLike,
    kernel: ArrayLike,
    bias: float = 0.0,
) -> Figure:
    """Show patch, kernel and their elementwise products with the result; returns the figure."""
    p = _validate.real_array("patch", patch)
    k = _validate.real_array("kernel", kernel)
    if p.ndim != 2:
        raise _validate.fail("patch", p, "patch must have 2 dimensions (rows, columns)")
    if k.ndim != 2:
        raise _validate.fail("kernel", k, "kernel must have 2 dimensions (rows, columns)")
    if p.shape != k.shape:
        raise _validate.fail(
            "patch",
            p,
            f"patch must have the kernel's shape {k.shape} (it is the part of the input under "
            "the kernel)",
        )
    b = _validate.real("bias", bias)
    products = p * k
    total = float(np.sum(products))
    rows, cols = k.shape
    cell = min(0.5, max(0.3, 2.4 / max(rows, cols)))
    fig = canvas((3 * cell * cols + 1.6, cell * rows + 1.1))
    grid = fig.add_gridspec(1, 5, width_ratios=[1, 0.22, 1, 0.22, 1])
    panels = [fig.add_subplot(grid[0, i]) for i in (0, 2, 4)]
    texts = [_cell_formatter(a, None)(v) for a in (p, k, products) for v in a.ravel().tolist()]
    size = _fit_fontsize(72 * cell, texts)
    show_matrix(p, ax=panels[0], title="input patch", fontsize=size)
    for ax, values, title in ((panels[1], k, "kernel"), (panels[2], products, "patch × kernel")):
        m = symmetric_limit(values.astype(float))
        show_matrix(values, ax=ax, title=title, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, fontsize=size)
    for i, symbol in ((1, "×"), (3, "=")):
        op = fig.add_subplot(grid[0, i])
        op.set_axis_off()
        op.text(0.5, 0.5, symbol, ha="center", va="center", fontsize=20, color="0.3")
    result = f"sum = {number(total)}"
    if b != 0:
        result += f"\nsum + bias = {number(total + b)}"
    panels[2].set_xlabel(result, fontsize=12, fontweight="bold", labelpad=6)
    if b != 0:
        panels[1].set_xlabel(f"bias = {number(b)}", fontsize=11, labelpad=6)
    return fig


# ---------------------------------------------------------------- CNN insides


def show_feature_maps(
    maps: ArrayLike,
    ncols: int = 8,
    titles: Sequence[object] | None = None,
    max_maps: int | None = None,
    cmap: str | None = None,
) -> Figure:
    """Show each channel of (H, W, C) or (1, H, W, C) maps in its own panel; returns the figure."""
    arr = _validate.real_array("maps", maps)
    if arr.ndim == 4:
        if arr.shape[0] != 1:
            raise _validate.fail(
                "maps", arr, "pass the maps of one image: (H, W, C) or (1, H, W, C), e.g. maps[0]"
            )
        arr = arr[0]
    elif arr.ndim == 2:
        arr = arr[..., np.newaxis]
    if arr.ndim != 3:
        raise _validate.fail("maps", arr, "maps must be (H, W, C) or (1, H, W, C)")
    if 0 in arr.shape:
        raise _validate.fail("maps", arr, "maps needs at least one pixel and one channel")
    ncols = _validate.positive_int("ncols", ncols)
    channels = arr.shape[-1]
    n = channels
    if max_maps is not None:
        n = min(channels, _validate.positive_int("max_maps", max_maps))
    _too_many("maps", n, "pass max_maps=64 for example")
    labels = _validate.labels("titles", titles, n, "map")
    if labels is None:
        labels = [f"map {i}" for i in range(n)]
    nrows, ncols = _grid_shape(n, ncols)
    aspect = arr.shape[0] / arr.shape[1]
    fig = canvas(_grid_figsize(nrows, ncols, aspect, True, max_panel=1.4))
    data = arr.astype(float)[..., :n]
    scale_cmap, low, high = _shared_scale(data, cmap)  # one scale: the maps are compared
    axes = _panel_grid(fig, n, ncols)
    for i, ax in enumerate(axes):
        image = ax.imshow(
            data[..., i], cmap=scale_cmap, vmin=low, vmax=high, interpolation="nearest"
        )
        ax.set_title(labels[i], fontsize=8)
    _shared_colorbar(fig, image, axes)
    return fig


def show_filters(
    kernels: ArrayLike,
    ncols: int = 8,
    max_filters: int | None = None,
    titles: Sequence[object] | None = None,
    cmap: str | None = None,
) -> Figure:
    """Show Conv2D kernels (kh, kw, C_in, C_out), one panel per filter; returns the figure."""
    arr = _validate.real_array("kernels", kernels)
    if arr.ndim != 4:
        raise _validate.fail(
            "kernels",
            arr,
            "kernels must be (kernel_height, kernel_width, in_channels, filters) "
            "as in layer.get_weights()[0]",
        )
    if 0 in arr.shape:
        raise _validate.fail("kernels", arr, "every dimension of kernels must be at least 1")
    ncols = _validate.positive_int("ncols", ncols)
    in_channels, filters = arr.shape[2], arr.shape[3]
    n = (
        filters
        if max_filters is None
        else min(filters, _validate.positive_int("max_filters", max_filters))
    )
    _too_many("kernels", n, "pass max_filters=64 for example")
    labels = _validate.labels("titles", titles, n, "filter")
    if labels is None:
        labels = [f"filter {i}" for i in range(n)]
    nrows, ncols = _grid_shape(n, ncols)
    aspect = arr.shape[0] / arr.shape[1]
    fig = canvas(_grid_figsize(nrows, ncols, aspect, True, max_panel=1.0))
    data = arr.astype(float)
    m = symmetric_limit(data[..., 0, :n])  # one scale for every filter: they are compared
    axes = _panel_grid(fig, n, ncols)
    image = None
    for i, ax in enumerate(axes):
        if in_channels == 3:
            w = data[..., i]
            lo, hi = float(w.min()), float(w.max())
            rgb = (w - lo) / (hi - lo) if hi > lo else np.full_like(w, 0.5)
            ax.imshow(rgb, interpolation="nearest")
        else:
            w = data[..., 0, i]
            image = ax.imshow(
                w, cmap=cmap or DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest"
            )
        ax.set_title(labels[i], fontsize=8)
    if image is not None:
        _shared_colorbar(fig, image, axes)
    if in_channels not in (1, 3):
        fig.suptitle(f"input channel 0 of {in_channels}", fontsize=9)
    return fig


# ---------------------------------------------------------------- training


def plot_history(
    history: Any,
    metrics: str | Sequence[str] = _DEFAULT_METRICS,
) -> Figure:
    """Plot training and validation curves per metric against epochs; returns the figure."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise _validate.fail(
            "history",
            history,
            "history must be what model.fit() returns or a dict such as "
            "{'loss': [...], 'val_loss': [...]}",
        )
    wanted = [metrics] if isinstance(metrics, str) else metrics
    if not isinstance(wanted, Sequence) or not all(isinstance(m, str) for m in wanted):
        raise _validate.fail("metrics", metrics, "metrics must be a name or a list of names")
    available = sorted(str(k) for k in logs if not str(k).startswith("val_"))
    missing = [m for m in wanted if m not in logs]
    if metrics is _DEFAULT_METRICS:
        wanted = [m for m in wanted if m in logs]
        missing = [] if wanted else missing
    if missing or not wanted:
        raise _validate.fail(
            "metrics", metrics, f"{missing or 'nothing'} not in the history; it has {available}"
        )
    curves = {}
    for name in wanted:
        for key in (name, f"val_{name}"):
            if key in logs:
                values = _validate.real_array(f"history[{key!r}]", logs[key]).astype(float).ravel()
                if values.size == 0:
                    raise _validate.fail(
                        f"history[{key!r}]", values, "each history needs one value per epoch"
                    )
                curves[key] = values
    width = min(4.2 * len(wanted), 12.0)
    fig = canvas((width, 3.2))
    axes = fig.subplots(1, len(wanted), squeeze=False).ravel()
    for ax, name in zip(axes, wanted, strict=True):
        for key, label, color, style in (
            (name, "training", _BLUE, "-"),
            (f"val_{name}", "validation", _VERMILLION, "--"),
        ):
            if key in curves:
                y = curves[key]
                epochs = np.arange(1, y.size + 1)
                marker = "o" if y.size <= 30 else None
                ax.plot(epochs, y, style, color=color, marker=marker, markersize=4, label=label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.set_title(name)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(True, color="0.88", linewidth=0.8)
        ax.legend()
    return fig


def _labels(name: str, value: object) -> np.ndarray:
    """Class labels as a 1-D int array: from labels, an (N, 1) column or (N, K) scores."""
    arr = _validate.real_array(name, value)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    elif arr.ndim == 2:
        arr = np.argmax(arr, axis=1)
    if arr.ndim != 1:
        raise _validate.fail(
            name, arr, f"{name} must be class labels (N,) or one score per class (N, classes)"
        )
    if arr.size and (not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr))):
        raise _validate.fail(
            name, arr, f"{name} must hold whole-number class labels such as 0, 1, 2"
        )
    if arr.size and arr.min() < 0:
        raise _validate.fail(
            name, arr, f"{name} holds the label {int(arr.min())}: labels must be whole numbers >= 0"
        )
    return arr.astype(int)


def confusion_matrix(
    y_true: ArrayLike, y_pred: ArrayLike, num_classes: int | None = None
) -> np.ndarray:
    """Counts[i, j] of examples of true class i predicted as class j."""
    t = _labels("y_true", y_true)
    p = _labels("y_pred", y_pred)
    if t.size != p.size:
        raise _validate.fail(
            "y_pred", p, f"y_true has {t.size} labels and y_pred {p.size}: one per example each"
        )
    seen = int(max(t.max(), p.max())) + 1 if t.size else 0
    if num_classes is None:
        if seen == 0:
            raise _validate.fail("y_true", t, "y_true is empty: pass some labels or num_classes")
        k = seen
    else:
        k = _validate.positive_int("num_classes", num_classes)
        if seen > k:
            raise _validate.fail(
                "num_classes",
                num_classes,
                f"the labels go up to {seen - 1}, so num_classes must be at least {seen}",
            )
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def plot_confusion_matrix(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    class_names: Sequence[str] | None = None,
    ax: Axes | None = None,
    normalize: bool = False,
) -> Axes:
    """Show the confusion matrix (rows: true class, columns: predicted); returns the Axes."""
    normalize = _validate.boolean("normalize", normalize)
    names = None
    if class_names is not None:
        names = _validate.labels("class_names", class_names, len(class_names), "class")
    try:
        counts = confusion_matrix(y_true, y_pred, None if names is None else max(len(names), 1))
    except ValueError as err:
        if names is None or "num_classes" not in str(err):
            raise
        top = int(max(_labels("y_true", y_true).max(), _labels("y_pred", y_pred).max()))
        raise _validate.fail(
            "class_names",
            f"<{len(names)} names>",
            f"the labels go up to {top}: class_names needs one name per class",
        ) from None
    k = counts.shape[0]
    if normalize:
        rows = counts.sum(axis=1, keepdims=True)
        values = np.divide(counts, rows, out=np.zeros(counts.shape), where=rows > 0)
        fmt, vmax = ".2f", 1.0
    else:
        values, fmt, vmax = counts, None, max(int(counts.max()), 1)
    if ax is None:
        cell = min(0.45, max(0.25, 5.0 / k))
        ax = _axes(None, (cell * k + 1.4, cell * k + 1.2))
        size = _fit_fontsize(72 * cell, [_tidy(format(v, fmt or "d")) for v in values.ravel()])
    else:
        size = None
    show_matrix(values, ax=ax, fmt=fmt, cmap=CONFUSION_CMAP, vmin=0, vmax=vmax, fontsize=size)
    labels = names if names is not None else [str(i) for i in range(k)]
    ax.set_xticks(range(k), labels=labels)
    ax.set_yticks(range(k), labels=labels)
    ax.tick_params(length=0)
    if max(len(s) for s in labels) > 2:
        for label in ax.get_xticklabels():
            label.set(rotation=45, ha="right", rotation_mode="anchor")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax


OUTPUT_DIR = "course_output"  # the one git-ignored folder for saved figures and models


def save_fig(
    fig: FigureBase | Axes,
    name: str,
    folder: str | os.PathLike[str] | None = None,
    dpi: float = 150,
) -> Path:
    """Save `fig` as course_output/figures/<name> (PNG unless .pdf/.svg); returns the path."""
    figure = _root_figure(fig)
    if figure is None:
        raise _validate.fail("fig", fig, "fig must be a matplotlib Figure (or an Axes of one)")
    if not isinstance(name, str) or not name.strip(" ."):
        raise _validate.fail("name", name, "name must be a file name such as 'kernel.png'")
    separators = {"/", "\\", os.sep} | ({os.altsep} if os.altsep else set())
    if any(s in name for s in separators) or name.strip() != name:
        raise _validate.fail(
            "name",
            name,
            "name must be a plain file name without folders or surrounding spaces (use "
            "folder= to choose where it goes)",
        )
    suffix = Path(name).suffix.lower()
    if not suffix:
        name += ".png"
    elif suffix not in _SAVE_FORMATS:
        raise _validate.fail(
            "name", name, "name must end in .png, .pdf or .svg, or have no extension (PNG)"
        )
    dpi = _validate.real("dpi", dpi, 0, low_open=True)
    if folder is None:
        target = Path.cwd() / OUTPUT_DIR / "figures"
    else:
        try:
            target = Path(folder).expanduser()
        except TypeError:
            raise _validate.fail("folder", folder, "folder must be a path or None") from None
    target.mkdir(parents=True, exist_ok=True)
    path = target / name
    figure.savefig(path, dpi=dpi, bbox_inches="tight")
    return path
