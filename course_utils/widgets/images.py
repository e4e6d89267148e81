"""Lesson 01's explorer: move a window over an image and read its pixel values.

The picture is `figures.images.plot_zoom`; here are the pure pieces around it: the
state of a window, the limits that keep it inside the image, and the caption.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from course_utils import _validate, plotting
from course_utils.figures import images as figures
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int

__all__ = ["Window", "pixel_text", "caption", "images_explorer"]

SIZES = (2, 8)  # the window sides the size slider offers
# Where no widgets run: the edge of a white and a red stripe of the flag in the sample
# photo, alike in the red channel, told apart by green and blue.
STATIC = {"row": 362, "col": 62, "size": 8, "channel": "all"}


class Window(NamedTuple):
    """One state of the explorer: a size×size window of `image` at (row, col)."""

    image: np.ndarray
    row: int
    col: int
    size: int
    channel: str  # "all" or one colour channel; always "all" for a grayscale image


def pixel_text(image: ArrayLike, row: int, col: int) -> str:
    """One pixel in words, e.g. 'pixel (3, 5) = 253' or 'pixel (3, 5) = (R, G, B) = (…)'."""
    values = figures.crop(image, row, col, 1)[0, 0]
    if np.ndim(values) == 0:
        return f"pixel ({row}, {col}) = {plotting.number(values)}"
    r, g, b = (plotting.number(v) for v in values)
    return f"pixel ({row}, {col}) = (R, G, B) = ({r}, {g}, {b})"


def caption(state: Window) -> str:
    """The window as NumPy code, its numbers' range, and its top-left pixel."""
    image, row, col, size, channel = state
    window = figures.crop(image, row, col, size)
    where = f"image[{row}:{row + size}, {col}:{col + size}"
    if channel != "all":
        window = window[..., figures.CHANNEL_INDEX[channel]]
        where += f", {figures.CHANNEL_INDEX[channel]}"
    lo, hi = (plotting.number(v) for v in figures.value_range(image))
    kind = "grayscale (H, W)" if image.ndim == 2 else "colour (H, W, C)"
    return (
        f"<b>{html.escape(where)}]</b>: {size}×{size} pixels of a {kind} image, "
        f"{window.size} numbers from {plotting.number(window.min())} to "
        f"{plotting.number(window.max())} ({lo} = dark, {hi} = bright)<br>"
        f"{html.escape(pixel_text(image, row, col))}"
    )


def _declare(arrays: dict[str, np.ndarray]) -> Explorer:
    def compute(v: dict[str, Any]) -> Window:
        image = arrays[v["image"]]
        figures.crop(image, v["row"], v["col"], v["size"])  # a window outside: ValueError
        channel = v["channel"] if image.ndim == 3 else "all"
        return Window(image, v["row"], v["col"], v["size"], channel)

    def limits(v: dict[str, Any]) -> dict[str, tuple[int, int]]:
        height, width = arrays[v["image"]].shape[:2]
        low, high = (min(s, height, width) for s in SIZES)
        size = min(max(v["size"], low), high)
        return {"size": (low, high), "row": (0, height - size), "col": (0, width - size)}

    tallest, widest = (max(a.shape[i] for a in arrays.values()) for i in (0, 1))
    return Explorer(
        title="Images as numbers: move the window and read its pixel values",
        controls={
            "image": Choice("image", list(arrays), dropdown=True),
            "row": Int("row", 0, tallest - 1),
            "col": Int("col", 0, widest - 1),
            "size": Int("size", *SIZES),
            "channel": Choice("channel", figures.CHANNELS),
        },
        compute=compute,
        draw=lambda state, fig: figures.plot_zoom(*state, fig=fig),
        caption=caption,
        limits=limits,
        layout=[["image", "channel"], ["row", "col", "size"]],
        static={"image": "photo" if "photo" in arrays else next(iter(arrays)), **STATIC},
    )


def images_explorer(
    images: Mapping[str, ArrayLike] | None = None,
    image: str | None = None,
    row: int = 0,
    col: int = 0,
    size: int = 6,
    channel: str = "all",
) -> ExplorerView:
    """Explorer: pick an image and a window, and read the window's pixel values."""
    if images is None:
        from course_utils import data

        images = {"photo": np.round(data.sample_image() * 255).astype(np.uint8)}
    if not isinstance(images, Mapping) or not images:
        raise _validate.fail(
            "images", f"<{type(images).__name__}>", "images must be a non-empty dict {name: image}"
        )
    arrays = {str(name): _validate.image(f"images[{name!r}]", im) for name, im in images.items()}
    explorer = _declare(arrays)
    start = explorer.check(
        {
            "image": next(iter(arrays)) if image is None else image,
            "row": row,
            "col": col,
            "size": size,
            "channel": channel,
        }
    )
    explorer.compute(start)  # a window outside the image: a clear ValueError, no widgets
    return explorer.show(**start)
