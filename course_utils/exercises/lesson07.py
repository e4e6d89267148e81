"""Exercises for lesson 07 · Training on MNIST.

In the notebook: ``from course_utils.exercises import lesson07 as ex``, the learner's
cell (``steps_per_epoch = None  # your code here``) and then ``ex.q1.check()``;
``ex.q1.hint()`` and ``ex.q1.solution()`` help.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake


def _near(value: float, tol: float = 0.02) -> Any:
    """A `when` predicate: the answer is a number within `tol` of `value`."""

    def test(answer: Any) -> bool:
        return _is_number(answer) and abs(float(answer) - value) <= tol

    return test


def _is_number(answer: Any) -> bool:
    """True for a plain number (int, float, NumPy scalar), not a bool, array or text."""
    return isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(
        answer, (bool, np.bool_)
    )


# ---------------------------------------------------------------- 1: steps per epoch

# Other numbers than the lesson's own run (whose steps per epoch the progress line prints).
_IMAGES, _SPLIT, _BATCH = 5000, 0.1, 128
_FIT = 4500  # 5,000 − 10% kept for validation

q1 = Exercise(
    name="Exercise 1",
    answer_name="steps_per_epoch",
    expected=math.ceil(4500 / 128),
    solution_code=(
        "import math\n\n"
        "images_trained_on = 5000 - 5000 // 10  # validation_split=0.1 keeps 500 aside\n"
        "steps_per_epoch = math.ceil(images_trained_on / 128)  # 35 full batches + 1 smaller\n"
        "# in plain Python without math: (4500 + 128 - 1) // 128"
    ),
    hints=[
        "First: how many of the 5,000 images does fit() train on, once validation_split=0.1 "
        "has kept its share aside? Then: one weight update per batch of 128.",
        "It trains on 4,500 images. 4500 / 128 = 35.16: 35 full batches and some images "
        "left over. Are they skipped?",
    ],
    mistakes=[
        Mistake(
            "35 full batches use 35·128 = 4,480 images. The 20 left over are not thrown away: "
            "they make a last, smaller batch, which is one more update. Round up.",
            value=_FIT // _BATCH,
        ),
        Mistake(
            "An update happens once per batch, so the count is a whole number: 35.16 batches "
            "means 35 full ones plus one smaller batch.",
            when=lambda a: _is_number(a) and abs(float(a) - _FIT / _BATCH) < 0.01,
            example=_FIT / _BATCH,
        ),
        Mistake(
            "That counts all 5,000 images. validation_split=0.1 keeps 500 of them aside: the "
            "model never trains on those, so only 4,500 are cut into batches.",
            when=lambda a: _is_number(a) and a in (math.ceil(_IMAGES / _BATCH), _IMAGES // _BATCH),
            example=math.ceil(_IMAGES / _BATCH),
        ),
        Mistake(
            "That is the number of images trained on. The weights are updated once per batch "
            "of 128 images, not once per image.",
            value=_FIT,
        ),
        Mistake(
            "128 is the batch size: how many images go into one update. The question asks how "
            "many updates (batches) one pass over the data takes.",
            value=_BATCH,
        ),
        Mistake(
            "That is the number of validation batches (500 images). The progress line counts "
            "the training batches: the other 4,500 images.",
            value=math.ceil(500 / _BATCH),
        ),
    ],
    kind="a whole number (a count of updates)",
)


# ---------------------------------------------------------------- 2: the loss before training

q2 = Exercise(
    name="Exercise 2",
    answer_name="untrained_loss",
    expected=-math.log(1 / 10),
    rtol=0.03,
    solution_code=(
        "untrained_loss = -np.log(1 / 10)  # every true class gets about 0.1: −ln(0.1) = ln(10)"
    ),
    hints=[
        "The loss of one image is −ln(p), where p is the probability the model gives the "
        "true class. What is p for a model that spreads its bets evenly over 10 classes?",
        "p ≈ 0.1 for every image, so the average is −ln(0.1). np.log is the natural log, ln.",
    ],
    mistakes=[
        Mistake(
            "0.1 is the probability of the true class, not the loss. The loss is −ln of it, "
            "which is large when the probability is small.",
            when=_near(0.1, 0.005),
            example=0.1,
        ),
        Mistake(
            "That is log base 10: log10(10) = 1. Cross-entropy in Keras uses the natural "
            "logarithm (np.log), and ln(10) ≈ 2.30.",
            when=_near(1.0, 0.005),
            example=1.0,
        ),
        Mistake(
            "Right size, wrong sign: ln(0.1) is negative, and the loss puts a minus in front "
            "so that it is positive and gets smaller as the model gets better.",
            when=_near(-2.303, 0.05),
            example=-2.3,
        ),
        Mistake(
            "A loss of 0 would mean the true class gets probability 1 every time: a perfect "
            "model. An untrained one is far from that.",
            value=0,
        ),
        Mistake(
            "10 is the number of classes. The loss is −ln(1/10), the log of that number.",
            value=10,
        ),
        Mistake(
            "0.9 is how likely an even guess is to be wrong (9 of 10 classes miss). The loss "
            "looks at the probability of the true class instead: −ln(0.1).",
            when=_near(0.9, 0.005),
            example=0.9,
        ),
    ],
    kind="a number (the loss)",
)


# ---------------------------------------------------------------- 3: one image's loss

_P_TRUE = 0.2

q3 = Exercise(
    name="Exercise 3",
    answer_name="image_loss",
    expected=-math.log(0.2),
    rtol=0.01,
    solution_code="image_loss = -np.log(0.2)  # only the true class's probability counts",
    hints=[
        "The cross-entropy of one image is −ln(probability of the TRUE class).",
        "The true class is 7, so the probability that counts is 0.2. Use np.log.",
    ],
    mistakes=[
        Mistake(
            "−ln(0.8) uses the probability of the predicted class (1). The loss always looks "
            "at the TRUE class, 7, which got 0.2.",
            when=_near(float(-np.log(0.8)), 0.005),
            example=float(-np.log(0.8)),
        ),
        Mistake(
            "That is log base 10. Keras's cross-entropy uses the natural log: np.log.",
            when=_near(float(-np.log10(_P_TRUE)), 0.005),
            example=float(-np.log10(_P_TRUE)),
        ),
        Mistake(
            "ln(0.2) is negative; the loss is −ln(0.2), a positive number.",
            when=_near(float(np.log(_P_TRUE)), 0.01),
            example=float(np.log(_P_TRUE)),
        ),
        Mistake(
            "0.2 is the probability itself. The loss is −ln of it: the smaller the "
            "probability of the true class, the larger the loss.",
            value=_P_TRUE,
        ),
        Mistake(
            "1 − 0.2 = 0.8 measures how much probability went elsewhere, but cross-entropy "
            "is −ln(0.2): it grows without limit as the probability of the true class goes "
            "to 0.",
            value=1 - _P_TRUE,
        ),
    ],
    kind="a number (the loss)",
)


# ---------------------------------------------------------------- 4: accuracy from the matrix

_MATRICES = [
    np.array([[50, 2, 0], [3, 40, 5], [0, 1, 47]]),
    np.array([[9, 1], [4, 6]]),
    np.diag([5, 7, 3, 2]),
    np.array([[0, 3], [2, 0]]),
]


def _accuracy(cm: np.ndarray) -> float:
    return float(np.trace(cm) / cm.sum())


def _all_give(fn: Any, want: Any) -> bool:
    """True when `fn(cm)` is close to `want(cm)` for every test matrix (False if it fails)."""
    if not callable(fn):
        return False
    try:
        for cm in _MATRICES:
            got = np.asarray(fn(cm.copy()), dtype=float)
            if got.shape != () or not np.isclose(float(got), float(want(cm)), atol=1e-6):
                return False
    except Exception:  # a learner's function may raise or return text
        return False
    return True


def _test_accuracy_fn(fn: Any) -> str | None:
    if not callable(fn):
        return (
            f"Expected a function that takes a confusion matrix and returns a number, got "
            f"{type(fn).__name__}. Define it with `def accuracy_from(cm):` and a body that "
            "returns the accuracy."
        )
    for cm in _MATRICES:
        try:
            got = fn(cm.copy())
        except Exception as err:  # a learner's function may fail: say so, no traceback
            return f"Your function raised {type(err).__name__}: {err} for cm = {cm.tolist()}."
        if got is None:
            return (
                "Your function returned None: it computes something but gives nothing back. "
                "End it with `return ...` and the accuracy."
            )
        if isinstance(got, str):
            return (
                f"For cm = {cm.tolist()} your function returned the text {got!r}: return the "
                "number itself, not text."
            )
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return (
                f"For cm = {cm.tolist()} your function returned {got!r}: it must return one "
                "number, the accuracy over all images."
            )
        if arr.shape != ():
            return (
                f"For cm = {cm.tolist()} your function returned {np.round(arr, 3).tolist()}: "
                "it must return one number, the accuracy over all images."
            )
        if not np.isclose(float(arr), _accuracy(cm), atol=1e-6):
            return (
                f"For cm = {cm.tolist()} your function returned {float(arr):.4g}, but "
                f"{int(np.trace(cm))} of the {int(cm.sum())} images are right: "
                f"{_accuracy(cm):.4g}."
            )
    return None


q4 = Exercise(
    name="Exercise 4",
    answer_name="accuracy_from",
    expected=None,
    test=_test_accuracy_fn,
    solution_code=(
        "def accuracy_from(cm):\n"
        "    cm = np.asarray(cm)\n"
        "    return np.trace(cm) / cm.sum()  # the diagonal holds the right answers\n"
    ),
    hints=[
        "Which cells of the matrix count the images the model got right? (True class = "
        "predicted class.)",
        "The diagonal: np.trace(cm) adds it up. Divide by the number of all images, cm.sum().",
    ],
    mistakes=[
        Mistake(
            "Your function returns how many images are right (the diagonal's sum). The "
            "accuracy is that count divided by the number of all images, cm.sum().",
            when=lambda fn: _all_give(fn, lambda cm: np.trace(cm)),
            example=np.trace,
        ),
        Mistake(
            "Your function returns the error rate, the fraction of mistakes (1 − accuracy). "
            "The accuracy counts the diagonal: the images whose prediction equals the truth.",
            when=lambda fn: _all_give(fn, lambda cm: 1 - _accuracy(cm)),
            example=lambda cm: 1 - np.trace(cm) / cm.sum(),
        ),
        Mistake(
            "Your function averages the accuracy of each digit (each row's diagonal cell over "
            "the row's sum). That equals the accuracy when every digit has the same number of "
            "images, but not in general. The accuracy is all right answers over all images: "
            "np.trace(cm) / cm.sum().",
            when=lambda fn: _all_give(fn, lambda cm: np.mean(np.diag(cm) / cm.sum(axis=1))),
            example=lambda cm: np.mean(np.diag(cm) / cm.sum(axis=1)),
        ),
        Mistake(
            "Your function divides by the number of digits (classes). The accuracy divides the "
            "right answers by the number of images: cm.sum().",
            when=lambda fn: _all_give(fn, lambda cm: np.trace(cm) / len(cm)),
            example=lambda cm: np.trace(cm) / len(cm),
        ),
        Mistake(
            "`accuracy_from` holds a number, not a function: you may have assigned the result "
            "of calling it (`accuracy_from = accuracy_from(cm)`). Define it with "
            "`def accuracy_from(cm):` and run that cell again.",
            when=lambda a: isinstance(a, (float, np.floating)) and 0 <= a <= 1,
            example=0.5,
        ),
    ],
    kind="a function cm → accuracy",
)


# ---------------------------------------------------------------- 5: read the curves

# A made-up run (not the lesson's), shown as a table in the notebook.
RUN_TRAINING_LOSS = (0.90, 0.38, 0.27, 0.20, 0.15, 0.11, 0.08, 0.06)
RUN_VALIDATION_LOSS = (0.41, 0.30, 0.25, 0.22, 0.21, 0.23, 0.26, 0.30)

q5 = Exercise(
    name="Exercise 5",
    answer_name="best_epoch",
    expected=5,
    solution_code=(
        "validation_loss = [0.41, 0.30, 0.25, 0.22, 0.21, 0.23, 0.26, 0.30]\n"
        "# the lowest validation loss; + 1 because Keras counts epochs from 1\n"
        "best_epoch = int(np.argmin(validation_loss)) + 1\n"
        "# after it, training loss keeps falling but validation loss rises: overfitting"
    ),
    hints=[
        "Training loss almost always keeps falling: it is measured on the images the model "
        "learns from. Which row tells you how the model does on images it does NOT learn from?",
        "Find the epoch with the lowest validation loss. Count epochs as Keras prints them, "
        "from 1 (np.argmin gives a position counted from 0).",
    ],
    mistakes=[
        Mistake(
            "Epoch 8 has the lowest TRAINING loss, but from epoch 6 on the validation loss "
            "rises: the model fits its own training images better and new images worse "
            "(overfitting). Keep the weights where the validation loss is lowest.",
            value=8,
        ),
        Mistake(
            "That is the position counted from 0 (what np.argmin returns). Keras prints the "
            "first epoch as `Epoch 1/8`: add 1.",
            value=4,
        ),
        Mistake(
            "Epoch 6 is the first epoch whose validation loss is HIGHER than the epoch before: "
            "its weights are already a little worse. Keep the weights from the epoch before.",
            value=6,
        ),
        Mistake(
            "In epoch 1 the validation loss is below the training loss only because the "
            "training loss is averaged over the epoch while the weights were still poor. "
            "Look for the LOWEST validation loss.",
            value=1,
        ),
    ],
    kind="a whole number (an epoch, counted from 1 as Keras prints it)",
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]
