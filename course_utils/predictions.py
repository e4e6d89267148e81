"""A trained model's test predictions: which were wrong, how sure it was, what each one cost.

Plain arrays in: the true `labels` (N,) and the model's `probs` (N, classes) from
``model.predict``; so everything here is tested without TensorFlow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from course_utils import _validate, layers_numpy

__all__ = [
    "SHOW",
    "check_predictions",
    "check_images",
    "prediction_order",
    "most_confident_mistakes",
    "describe",
]

# The lists of test images a learner can step through, in the order a menu shows them.
SHOW = ("confident mistakes", "mistakes", "least sure", "all")


def check_predictions(labels: ArrayLike, probs: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """`labels` as ints (N,) and `probs` as floats (N, classes), or a ValueError saying why."""
    p = _validate.array("probs", probs, ndims=(2,))
    layers_numpy.cross_entropy(labels, p)  # the one check of probabilities and their labels
    return np.asarray(labels).astype(int), p


def check_images(images: ArrayLike, count: int) -> np.ndarray:
    """`images` (N, H, W) or (N, H, W, 1) as floats (N, H, W), one per prediction."""
    arr = _validate.array("images", images, ndims=(3, 4))
    grey = arr[..., 0] if arr.ndim == 4 and arr.shape[-1] == 1 else arr
    if grey.ndim != 3 or len(grey) != count:
        raise _validate.fail(
            "images",
            arr,
            f"images must be {count} grey images (N, height, width), one per row of probs",
        )
    return grey


def prediction_order(labels: ArrayLike, probs: ArrayLike, show: str = "all") -> np.ndarray:
    """Indices of the images to show, in order.

    show: "all" (test order), "mistakes" (wrong predictions, test order), "confident
    mistakes" (wrong predictions, most confident first) or "least sure" (every image,
    lowest top probability first).
    """
    y, p = check_predictions(labels, probs)
    show = _validate.choice("show", show, SHOW)
    confidence = p.max(axis=1)
    if show == "all":
        return np.arange(len(y))
    if show == "least sure":
        return np.argsort(confidence, kind="stable")
    wrong = np.flatnonzero(p.argmax(axis=1) != y)
    if show == "mistakes":
        return wrong
    return wrong[np.argsort(-confidence[wrong], kind="stable")]


def most_confident_mistakes(labels: ArrayLike, probs: ArrayLike, n: int = 8) -> np.ndarray:
    """Indices of the (at most) `n` wrong predictions the model was surest about."""
    n = _validate.positive_int("n", n)
    return prediction_order(labels, probs, "confident mistakes")[:n]


def describe(index: int, labels: ArrayLike, probs: ArrayLike) -> dict[str, Any]:
    """One image's true label, prediction, their probabilities and the image's loss."""
    y, p = check_predictions(labels, probs)
    i = _validate.int_range("index", index, 0, len(y) - 1, f"there are {len(y)} images")
    predicted, true = int(p[i].argmax()), int(y[i])
    return {
        "index": i,
        "true": true,
        "predicted": predicted,
        "correct": predicted == true,
        "p_predicted": float(p[i, predicted]),
        "p_true": float(p[i, true]),
        "loss": layers_numpy.cross_entropy(true, p[i]),
    }
