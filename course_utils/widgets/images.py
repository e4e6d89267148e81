"""Images as numbers: zoom into a window of a picture and read its pixel values.

The pure functions cut a window out of a grayscale (H, W) or colour (H, W, 3) image, describe
its pixels in words and draw the picture next to the window's numbers (one grid per colour
channel); `images_explorer()` wires them to a dropdown and sliders. Importing this module
imports neither TensorFlow, ipywidgets nor pyplot, and changes no matplotlib setting.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from course_utils import _validate
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO
from course_utils.widgets._base import pyplot

__all__ = [
    "CHANNELS",
    "as_image",
    "crop",
    "pixel_text",
    "caption_html",
    "plot_zoom",
    "plot_channels",
    "plot_param_counts",
    "images_explorer",
]

CHANNELS = ("all", "red", "green", "blue")  # what the zoom shows of a colour image
CHANNEL_INDEX = {"red": 0, "green": 1, "blue": 2}
EXPLORER_SIZES = (2, 8)  # the window side the explorer's slider allows
MAX_WINDOW = 12  # a bigger window has too many numbers to read

_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
_IMAGE_RULE = "image must be grayscale (H, W) or (H, W, 1), or colour (H, W, 3)"


# ---------------------------------------------------------------- numbers


def as_image(image: ArrayLike) -> np.ndarray:
    """`image` as an (H, W) grayscale or (H, W, 3) colour array of real numbers (no copy)."""
    try:
        arr = np.asarray(image)
    except (TypeError, ValueError):  # ragged nested lists
        arr = None
    if arr is None or not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
        raise ValueError(
            f"image={type(image).__name__} is not allowed: image must be an array of real "
            f"numbers ({_IMAGE_RULE})"
        )
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if not (arr.ndim == 2 or (arr.ndim == 3 and arr.shape[-1] == 3)):
        raise ValueError(f"image has shape {arr.shape} ({arr.ndim} dimensions): {_IMAGE_RULE}")
    if min(arr.shape[:2]) == 0:
        raise ValueError(f"image has shape {arr.shape}: an image needs at least one pixel")
    return arr


def _index(name: str, value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name}={value!r} is not allowed: {name} must be a whole number >= 0")
    return _validate.non_negative_int(name, value)


def _window(arr: np.ndarray, row: object, col: object, size: object) -> tuple[int, int, int]:
    """Check that the size×size window with top-left corner (row, col) fits in `arr`."""
    row, col = _index("row", row), _index("col", col)
    size = _validate.positive_int("size", size)
    if size > MAX_WINDOW:
        raise ValueError(
            f"size={size!r} is not allowed: size must be at most {MAX_WINDOW} "
            "(more numbers than that are hard to read)"
        )
    height, width = arr.shape[:2]
    if row + size > height or col + size > width:
        raise ValueError(
            f"row={row}, col={col}, size={size} is not allowed: the window must fit inside "
            f"the {height}×{width} image (row + size <= {height}, col + size <= {width})"
        )
    return row, col, size


def crop(image: ArrayLike, row: int, col: int, size: int) -> np.ndarray:
    """The size×size window whose top-left pixel is (row, col), as a copy."""
    arr = as_image(image)
    row, col, size = _window(arr, row, col, size)
    return arr[row : row + size, col : col + size].copy()


def _channel(arr: np.ndarray, channel: object) -> str:
    channel = _validate.choice("channel", channel, CHANNELS)
    if arr.ndim == 2 and channel != "all":
        raise ValueError(
            f"channel={channel!r} is not allowed: this image is grayscale (one number per "
            "pixel, no colour channels), so channel must be 'all'"
        )
    return channel


def _value(v: float) -> str:
    """A pixel value as the lessons write it: whole numbers plain, others to 2 decimals."""
    v = float(v)
    return f"{v:.0f}" if v == round(v) else f"{v:.2f}"


def pixel_text(image: ArrayLike, row: int, col: int) -> str:
    """One pixel in words, e.g. 'pixel (3, 5) = 253' or 'pixel (3, 5) = (R, G, B) = (…)'."""
    arr = as_image(image)
    row, col, _ = _window(arr, row, col, 1)
    if arr.ndim == 2:
        return f"pixel ({row}, {col}) = {_value(arr[row, col])}"
    r, g, b = (_value(v) for v in arr[row, col])
    return f"pixel ({row}, {col}) = (R, G, B) = ({r}, {g}, {b})"


def _shape_text(arr: np.ndarray) -> str:
    if arr.ndim == 2:
        return f"{arr.shape[0]}×{arr.shape[1]} grayscale: shape {arr.shape} (H, W)"
    return f"{arr.shape[0]}×{arr.shape[1]} colour: shape {arr.shape} (H, W, C)"


def _scale(arr: np.ndarray) -> tuple[float, float]:
    """The value range to draw: 0–255 for whole-number pixels or values above 1, else 0–1."""
    if np.issubdtype(arr.dtype, np.integer) or float(np.nanmax(arr)) > 1.0:
        return 0.0, 255.0
    return 0.0, 1.0


def caption_html(image: ArrayLike, row: int, col: int, size: int, channel: str = "all") -> str:
    """The explorer's caption: the image's shape, the window, its top-left pixel and range."""
    arr = as_image(image)
    row, col, size = _window(arr, row, col, size)
    channel = _channel(arr, channel)
    window = arr[row : row + size, col : col + size]
    if channel != "all":
        window = window[..., CHANNEL_INDEX[channel]]
        what = f"{channel} channel, image[{row}:{row + size}, {col}:{col + size}, "
        what += f"{CHANNEL_INDEX[channel]}]"
    else:
        what = f"image[{row}:{row + size}, {col}:{col + size}]"
    lo, hi = _scale(arr)
    return (
        f"<b>{html.escape(_shape_text(arr))}</b> · values from {_value(lo)} (dark) to "
        f"{_value(hi)} (bright)<br>"
        f"window {html.escape(what)}: {size}×{size} pixels, "
        f"{window.size} numbers from {_value(window.min())} to {_value(window.max())}<br>"
        f"{html.escape(pixel_text(arr, row, col))}"
    )


# ---------------------------------------------------------------- pictures


def _fontsize(cell_pt: float, texts: list[str]) -> float:
    """A font size at which the widest text fits into a cell `cell_pt` points wide."""
    widest = max((sum(0.32 if c in ".," else 0.62 for c in t) for t in texts), default=1.0)
    return max(5.0, min(11.0, 0.42 * cell_pt, 0.82 * cell_pt / max(widest, 1.0)))


def _number_grid(ax: Any, values: np.ndarray, lo: float, hi: float, cell_pt: float) -> None:
    """Cells shaded like the pixels (dark = low) with each value written in its cell."""
    ax.imshow(values, cmap=IMAGE_CMAP, vmin=lo, vmax=hi, interpolation="nearest")
    rows, cols = values.shape
    line = {"color": "0.55", "linewidth": 0.6}
    ax.hlines(np.arange(rows + 1) - 0.5, -0.5, cols - 0.5, **line)
    ax.vlines(np.arange(cols + 1) - 0.5, -0.5, rows - 0.5, **line)
    texts = [[_value(v) for v in r] for r in values.tolist()]
    size = _fontsize(cell_pt, sum(texts, []))
    middle = (lo + hi) / 2
    for i in range(rows):
        for j in range(cols):
            colour = "black" if values[i, j] > middle else "white"
            ax.text(j, i, texts[i][j], ha="center", va="center", fontsize=size, color=colour)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _show(ax: Any, arr: np.ndarray, lo: float, hi: float, max_side: int | None = None) -> None:
    """Draw an image with its true value range (no stretching), in pixel coordinates.

    With `max_side`, only every n-th pixel is drawn so the longer side has at most
    `max_side` pixels (a small panel cannot show more; drawing is faster).
    """
    height, width = arr.shape[:2]
    step = 1 if max_side is None else max(1, math.ceil(max(height, width) / max_side))
    shown = arr[::step, ::step]
    extent = (-0.5, width - 0.5, height - 0.5, -0.5)  # axes keep the full image's pixel numbers
    if arr.ndim == 2:
        ax.imshow(shown, cmap=IMAGE_CMAP, vmin=lo, vmax=hi, interpolation="nearest", extent=extent)
    else:
        rgb = np.clip((shown.astype(float) - lo) / (hi - lo), 0, 1)
        ax.imshow(rgb, interpolation="nearest", extent=extent)


def plot_zoom(
    image: ArrayLike,
    row: int,
    col: int,
    size: int,
    channel: str = "all",
    fig: Any = None,
) -> Any:
    """Draw the image with the window framed, then the window's numbers (per channel)."""
    from matplotlib.patches import ConnectionPatch, Rectangle

    arr = as_image(image)
    row, col, size = _window(arr, row, col, size)
    channel = _channel(arr, channel)
    lo, hi = _scale(arr)
    window = arr[row : row + size, col : col + size]
    height, width = arr.shape[:2]
    if arr.ndim == 2:
        grids = [("the numbers", window)]
    elif channel == "all":
        grids = [(f"{name} channel", window[..., i]) for name, i in CHANNEL_INDEX.items()]
    else:
        grids = [(f"{channel} channel", window[..., CHANNEL_INDEX[channel]])]
    zoom = arr.ndim == 3  # a colour window also gets a zoomed picture of itself

    # Fixed sizes in inches (no layout engine: fast enough for an explorer).
    cell = 0.34 if size <= 5 else 0.27 if size <= 8 else 0.2
    grid_in = cell * size
    panel_h = max(grid_in, 2.3)
    image_w = panel_h * width / height
    left, gap, top, bottom = 0.1, 0.45, 0.75, 0.3
    panels = [image_w] + [grid_in] * (len(grids) + zoom)
    fig_w = left + sum(panels) + gap * (len(panels) - 1) + 0.1
    fig_h = bottom + panel_h + top
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(fig_w, fig_h))
    else:
        fig.clear()
        fig.set_size_inches(fig_w, fig_h)
    axes, x = [], left
    for i, w in enumerate(panels):
        h = panel_h if i == 0 else grid_in
        y = bottom + (panel_h - h) / 2
        axes.append(fig.add_axes((x / fig_w, y / fig_h, w / fig_w, h / fig_h)))
        x += w + gap

    ax_img = axes[0]
    _show(ax_img, arr, lo, hi, max_side=300)
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    ax_img.set_title(f"{height}×{width} image", fontsize=9)
    # The frame stays visible even around one pixel of a big photo.
    box = Rectangle((col - 0.5, row - 0.5), size, size, fill=False, edgecolor=_VERMILLION)
    ax_img.add_patch(box).set(linewidth=2.0, zorder=3)
    pad = max(height, width) / 60
    if size < 3 * pad:
        ring = Rectangle(
            (col - 0.5 - pad, row - 0.5 - pad), size + 2 * pad, size + 2 * pad, fill=False
        )
        ax_img.add_patch(ring).set(edgecolor=_VERMILLION, linewidth=1.0, linestyle="--")

    rest = axes[1:]
    if zoom:
        ax_zoom = rest.pop(0)
        _show(ax_zoom, window, lo, hi)
        ax_zoom.set_xticks([])
        ax_zoom.set_yticks([])
        ax_zoom.set_title("the window, zoomed", fontsize=9)
        for spine in ax_zoom.spines.values():
            spine.set(edgecolor=_VERMILLION, linewidth=2.0)
    cell_pt = 72 * cell
    for ax, (title, values) in zip(rest, grids, strict=True):
        _number_grid(ax, values, lo, hi, cell_pt)
        ax.set_title(title, fontsize=9)
    first = axes[1]
    arrow = ConnectionPatch(
        xyA=(col + size - 0.5, row + (size - 1) / 2),
        coordsA=ax_img.transData,
        xyB=(0, 0.5),
        coordsB=first.transAxes,
        arrowstyle="->",
        color=_VERMILLION,
        linewidth=1.2,
    )
    fig.add_artist(arrow)
    where = f"rows {row}–{row + size - 1}, columns {col}–{col + size - 1}"
    fig.suptitle(
        f"{_shape_text(arr)}\nwindow: {where} · {pixel_text(arr, row, col)}",
        fontsize=9,
        x=left / fig_w,
        y=1 - 0.08 / fig_h,
        ha="left",
        va="top",
    )
    return fig


def plot_channels(image: ArrayLike, fig: Any = None, figsize: Any = None) -> Any:
    """The colour image, then each of its three channels drawn as its own grayscale image."""
    arr = as_image(image)
    if arr.ndim != 3:
        raise ValueError(
            f"image has shape {arr.shape}: plot_channels needs a colour image (H, W, 3)"
        )
    lo, hi = _scale(arr)
    height, width = arr.shape[:2]
    if figsize is None:
        panel = 1.9
        figsize = (4 * panel * width / height + 0.4, panel + 0.6)
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
    else:
        fig.clear()
        fig.set_size_inches(*figsize)
    axes = fig.subplots(1, 4)
    _show(axes[0], arr, lo, hi)
    axes[0].set_title(f"colour: shape {arr.shape}", fontsize=9)
    for ax, (name, i) in zip(axes[1:], CHANNEL_INDEX.items(), strict=True):
        _show(ax, arr[..., i], lo, hi)
        ax.set_title(f"{name}: image[:, :, {i}]", fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def plot_param_counts(counts: Mapping[str, int], ax: Any = None) -> Any:
    """Horizontal bars (log scale) of parameter counts, each labelled with its number."""
    ok = isinstance(counts, Mapping) and len(counts) > 0
    if ok:
        values = list(counts.values())
        ok = all(
            isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)) and v > 0
            for v in values
        )
    if not ok:
        raise ValueError(
            f"counts={counts!r} is not allowed: counts must be a non-empty dict "
            "{label: parameter count}, each count a whole number > 0"
        )
    names = [str(k) for k in counts]
    values = [int(v) for v in counts.values()]
    if ax is None:
        _, ax = pyplot().subplots(figsize=(6.4, 0.55 * len(names) + 0.9), layout="constrained")
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(names))]
    y = np.arange(len(names))[::-1]
    ax.barh(y, values, color=colours, height=0.6)
    ax.set_xscale("log")
    ax.set_yticks(y, labels=names)
    top = math.log10(max(values))
    ax.set_xlim(1, 10 ** (math.ceil(top) + 1.2))  # room for the labels on the right
    for yi, v in zip(y, values, strict=True):
        ax.text(v * 1.3, yi, f"{v:,}", va="center", fontsize=9)
    ax.set_xlabel("parameters (log scale)")
    ax.xaxis.grid(True, color="0.88", linewidth=0.8)
    ax.set_axisbelow(True)
    return ax


# ---------------------------------------------------------------- the explorer


def _default_images() -> dict[str, np.ndarray]:
    from course_utils import data

    photo = np.round(data.sample_image() * 255).astype(np.uint8)
    return {"photo": photo}


def images_explorer(
    images: Mapping[str, ArrayLike] | None = None,
    image: str | None = None,
    row: int = 0,
    col: int = 0,
    size: int = 6,
    channel: str = "all",
) -> Any:
    """Explorer: pick an image and a window, and read the window's pixel values."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    if images is None:
        images = _default_images()
    if not isinstance(images, Mapping) or not images:
        raise ValueError(
            f"images={type(images).__name__} is not allowed: images must be a non-empty dict "
            "{name: image}"
        )
    arrays = {str(name): as_image(im) for name, im in images.items()}
    names = list(arrays)
    name = names[0] if image is None else _validate.choice("image", image, names)
    low, high = EXPLORER_SIZES
    size = _validate.positive_int("size", size)
    if not low <= size <= high:
        raise ValueError(
            f"size={size!r} is not allowed: the explorer's size slider goes from {low} to {high}"
        )
    _window(arrays[name], row, col, size)  # a clear ValueError before any widget is made
    _channel(arrays[name], channel)
    style = {"description_width": "initial"}

    def limits(arr: np.ndarray, side: int) -> tuple[int, int]:
        return arr.shape[0] - side, arr.shape[1] - side

    max_row, max_col = limits(arrays[name], size)
    image_menu = widgets.Dropdown(options=names, value=name, description="image", style=style)
    row_slider = widgets.IntSlider(value=row, min=0, max=max_row, description="row", style=style)
    col_slider = widgets.IntSlider(value=col, min=0, max=max_col, description="col", style=style)
    size_slider = widgets.IntSlider(value=size, min=low, max=high, description="size", style=style)
    channel_buttons = widgets.ToggleButtons(
        options=list(CHANNELS), value=channel, description="channel", style=style
    )

    def render(image: str, row: int, col: int, size: int, channel: str):
        arr = arrays[image]
        if arr.ndim == 2:
            channel = "all"  # a grayscale image has one number per pixel: nothing to pick
        return plot_zoom(arr, row, col, size, channel), caption_html(arr, row, col, size, channel)

    explorer = Explorer(
        {
            "image": image_menu,
            "row": row_slider,
            "col": col_slider,
            "size": size_slider,
            "channel": channel_buttons,
        },
        render,
        title="Images as numbers: move the window and read its pixel values",
    )

    def update_range(_change: Any) -> None:
        top_row, top_col = limits(arrays[image_menu.value], size_slider.value)
        # Lower the values before the maxima, so no impossible window is ever drawn.
        row_slider.value = min(row_slider.value, top_row)
        col_slider.value = min(col_slider.value, top_col)
        row_slider.max, col_slider.max = top_row, top_col

    for control in (image_menu, size_slider):
        control.observe(update_range, names="value")
    return explorer
