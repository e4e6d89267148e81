"""Exercises for lesson 07 · Training on MNIST.

In the notebook: ``from course_utils.exercises import lesson07 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake

SETUP = "import math\n\nimport numpy as np\n"


def _near(value: float, tol: float = 0.02) -> Any:
    """A `when` predicate: the answer is a number within `tol` of `value`."""

    def test(answer: Any) -> bool:
        return not isinstance(answer, bool) and abs(float(answer) - value) <= tol

    return test


# ---------------------------------------------------------------- 1: steps per epoch

_TRAIN, _BATCH = 3600, 64

q1 = Exercise(
    name="Exercise 1",
    question=(
        "fit() trains on 3,600 images (the 4,000 training images minus the 10% kept for "
        "validation) with batch_size=64. How many times are the weights updated in one epoch "
        "(the number the progress bar counts up to)?"
    ),
    expected=math.ceil(_TRAIN / _BATCH),
    solution_code=(
        "import math\n\n"
        "answer = math.ceil(3600 / 64)  # 56 full batches of 64, then one last batch of 16\n"
        "# in plain Python without math: (3600 + 64 - 1) // 64"
    ),
    hints=[
        "One update per batch. How many batches of 64 does it take to go through 3,600 "
        "images once?",
        "3600 / 64 = 56.25: 56 full batches and some images left over. Are they skipped?",
    ],
    mistakes=[
        Mistake(
            "56 full batches use 56·64 = 3,584 images. The 16 left over are not thrown away: "
            "they make a last, smaller batch, which is one more update. Round up.",
            value=_TRAIN // _BATCH,
        ),
        Mistake(
            "An update happens once per batch, so the count is a whole number: 56.25 batches "
            "means 56 full ones plus one smaller batch.",
            value=_TRAIN / _BATCH,
        ),
        Mistake(
            "That counts all 4,000 training images. validation_split=0.1 keeps 400 of them "
            "aside: the model never trains on those, so only 3,600 are cut into batches.",
            when=lambda a: a in (math.ceil(4000 / _BATCH), 4000 // _BATCH),
            example=math.ceil(4000 / _BATCH),
        ),
        Mistake(
            "That is the number of images. The weights are updated once per batch of 64 "
            "images, not once per image.",
            value=_TRAIN,
        ),
        Mistake(
            "64 is the batch size: how many images go into one update. The question asks how "
            "many updates (batches) one pass over the data takes.",
            value=_BATCH,
        ),
    ],
    kind="a whole number (a count of updates)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: the loss before training

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: a freshly built model, before any training, gives each of "
        "the 10 digits a probability close to 1/10. What loss (sparse categorical "
        "cross-entropy, the average of −ln(probability of the true class)) will evaluate() "
        "report? Two decimals are enough."
    ),
    expected=float(np.log(10)),
    rtol=0.03,
    solution_code=(
        "answer = -np.log(1 / 10)  # every true class gets about 0.1: −ln(0.1) = ln(10) ≈ 2.30"
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
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: one image's loss

_P_TRUE = 0.2

q3 = Exercise(
    name="Exercise 3",
    question=(
        "For one test image of a 7 the model says: 0.2 for the digit 7 and 0.8 for the "
        "digit 1. What is this image's loss (cross-entropy)?"
    ),
    expected=float(-np.log(_P_TRUE)),
    rtol=0.01,
    solution_code="answer = -np.log(0.2)  # only the true class's probability counts: ≈ 1.61",
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
    setup_code=SETUP,
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
    """True when `fn(cm)` is close to `want(cm)` for every test matrix."""
    for cm in _MATRICES:
        got = np.asarray(fn(cm.copy()), dtype=float)
        if got.shape != () or not np.isclose(float(got), float(want(cm)), atol=1e-6):
            return False
    return True


def _test_accuracy_fn(fn: Any) -> str | None:
    if not callable(fn):
        return (
            f"Expected a function that takes a confusion matrix and returns a number, got "
            f"{type(fn).__name__}. Write `def accuracy_from(cm): ...` and then "
            "`answer = accuracy_from` (no parentheses)."
        )
    for cm in _MATRICES:
        try:
            got = fn(cm.copy())
        except Exception as err:  # a learner's function may fail: say so, no traceback
            return f"Your function raised {type(err).__name__}: {err} for cm = {cm.tolist()}."
        arr = np.asarray(got, dtype=float)
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
    question=(
        "Write a function that takes a confusion matrix cm (rows: true class, columns: "
        "predicted class, cm[i, j] = how many images of class i were predicted as j) and "
        "returns the accuracy, a number between 0 and 1. Assign the function to answer."
    ),
    expected=None,
    test=_test_accuracy_fn,
    solution_code=(
        "def accuracy_from(cm):\n"
        "    cm = np.asarray(cm)\n"
        "    return np.trace(cm) / cm.sum()  # the diagonal holds the right answers\n"
        "\n"
        "\n"
        "answer = accuracy_from"
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
            "Your function returns the result of calling it, not the function: write "
            "`answer = accuracy_from`, without parentheses.",
            when=lambda a: isinstance(a, (float, np.floating)) and 0 <= a <= 1,
            example=0.5,
        ),
    ],
    kind="a function cm → accuracy",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4"]
