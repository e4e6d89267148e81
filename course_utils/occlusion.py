"""Occlusion maps: cover part of an image with a patch and see how much the true class's
probability drops.

Pure NumPy: the model comes in as a `predict` function, so importing this module imports
no TensorFlow, and the tests run it with a fake model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate

GREY = 0.5  # the default patch's value on a 0 … 1 image


class Occlusion(NamedTuple):
    """Result of sliding a patch over an image: the drop in the true class's probability."""

    drops: np.ndarray  # (rows, cols): baseline − probability with the patch at that position
    row_starts: tuple[int, ...]  # top pixel of each patch position
    col_starts: tuple[int, ...]  # left pixel of each patch position
    patch_size: int
    baseline: float  # the true class's probability without any patch
    label: int
    fill: float = GREY  # the patch's value on a 0 … 1 image (0.5 grey, 0 black)

    def worst(self) -> tuple[int, int, float]:
        """(top, left, probability) of the patch position that lowers the probability most."""
        i, j = np.unravel_index(int(np.argmax(self.drops)), self.drops.shape)
        return self.row_starts[i], self.col_starts[j], self.baseline - float(self.drops[i, j])


def cover(image: np.ndarray, top: int, left: int, size: int, fill: float) -> np.ndarray:
    """A copy of `image` with the size × size square whose top-left pixel is (top, left)
    set to `fill`."""
    covered = np.array(image, dtype=float)
    covered[top : top + size, left : left + size] = fill
    return covered


def occlusion_map(
    predict: Callable[[np.ndarray], Any],
    image: np.ndarray,
    label: int,
    patch_size: int = 8,
    strides: int = 2,
    fill: float = GREY,
) -> Occlusion:
    """Slide a `fill` patch over `image`; record how much the probability of `label` drops.

    `predict` maps a batch (N, H, W, 1) of float32 images to class probabilities (N, classes),
    e.g. ``lambda x: model.predict(x, verbose=0)``; it is called once with every position.
    """
    img = _validate.image("image", image, colour=False)
    label = _validate.non_negative_int("label", label)
    k = _validate.positive_int("patch_size", patch_size)
    s = _validate.positive_int("strides", strides)
    fill = _validate.real("fill", fill)
    h, w = img.shape
    if k > min(h, w):
        raise _validate.fail("patch_size", k, f"the patch must fit inside the {h}×{w} image")
    if not callable(predict):
        raise _validate.fail("predict", predict, "predict must be a function")
    rows = list(range(0, h - k + 1, s))
    cols = list(range(0, w - k + 1, s))
    batch = np.stack([img] + [cover(img, r, c, k, fill) for r in rows for c in cols])
    probs = np.asarray(predict(batch[..., None].astype("float32")), dtype=float)
    if probs.ndim != 2 or probs.shape[0] != len(batch) or label >= probs.shape[1]:
        raise _validate.fail(
            "predict",
            predict,
            f"it returned shape {probs.shape}; it must give (N, classes) probabilities for the "
            f"N = {len(batch)} images it was given, with label={label} < classes",
        )
    drops = (probs[0, label] - probs[1:, label]).reshape(len(rows), len(cols))
    return Occlusion(drops, tuple(rows), tuple(cols), k, float(probs[0, label]), label, fill)


def occlusion_heatmap(occlusion: Occlusion, image_shape: tuple[int, int]) -> np.ndarray:
    """Per-pixel mean drop over the patch positions that cover it (NaN where none does)."""
    h, w = _validate.pair("image_shape", image_shape)
    total, count = np.zeros((h, w)), np.zeros((h, w))
    k = occlusion.patch_size
    for i, r in enumerate(occlusion.row_starts):
        for j, c in enumerate(occlusion.col_starts):
            total[r : r + k, c : c + k] += occlusion.drops[i, j]
            count[r : r + k, c : c + k] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)
