"""Lesson 01's explorer: move a window over an image and read its pixel values.

The window and its numbers are `figures.images.zoom`, drawn by `figures.images.draw_zoom`;
here are the limits that keep the window inside the image, and the caption.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from course_utils import _validate, plotting
from course_utils.figures import images as figures
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int

__all__ = ["pixel_text", "caption", "images_explorer"]

SIZES = (2, 8)  # the window sides the size slider offers
# Where no widgets run: the edge of a white and a red stripe of the flag in the sample
# photo, alike in the red channel, told apart by green and blue.
STATIC = {"row": 362, "col": 62, "size": 8, "channel": "all"}


def pixel_text(state: figures.Zoom) -> str:
    """The window's top-left pixel in words: 'pixel (3, 5) = 253' or
    'pixel (3, 5) = (R, G, B) = (253, 0, 12)'."""
    where = f"pixel ({state.row}, {state.col})"
    values = state.image[state.row, state.col]
    if np.ndim(values) == 0:
        return f"{where} = {plotting.number(values)}"
    r, g, b = (plotting.number(v) for v in values)
    return f"{where} = (R, G, B) = ({r}, {g}, {b})"


def caption(state: figures.Zoom) -> str:
    """The window as NumPy code, its numbers' range, and its top-left pixel."""
    image, row, col, size, channel, grids, (lo, hi) = state
    where = f"image[{row}:{row + size}, {col}:{col + size}"
    if channel != "all":
        where += f", {figures.CHANNEL_INDEX[channel]}"
    numbers = np.stack(list(grids.values()))
    kind = "grayscale (H, W)" if image.ndim == 2 else "colour (H, W, C)"
    return (
        f"<b>{html.escape(where)}]</b>: {size}×{size} pixels of a {kind} image, "
        f"{numbers.size} numbers from {plotting.number(numbers.min())} to "
        f"{plotting.number(numbers.max())} ({plotting.number(lo)} = dark, "
        f"{plotting.number(hi)} = bright)<br>{html.escape(pixel_text(state))}"
    )


def _declare(arrays: dict[str, np.ndarray]) -> Explorer:
    greys = {name: figures.grey_range(image) for name, image in arrays.items()}

    def compute(v: dict[str, Any]) -> figures.Zoom:
        image = arrays[v["image"]]
        channel = v["channel"] if image.ndim == 3 else "all"
        return figures.zoom(image, v["row"], v["col"], v["size"], channel, greys[v["image"]])

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
        draw=figures.draw_zoom,
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
    images = _validate.mapping("images", images, "{name: image}")
    arrays = {str(name): _validate.image(f"images[{name!r}]", im) for name, im in images.items()}
    return _declare(arrays).show(
        image=next(iter(arrays)) if image is None else image,
        row=row,
        col=col,
        size=size,
        channel=channel,
    )
