"""Exercises for lesson 06 · Fully connected layers and softmax.

In the notebook: ``from course_utils.exercises import lesson06 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_utils import layers_numpy, shapes
from course_utils.exercises import Exercise, Mistake

SETUP = "import numpy as np\nfrom course_utils import layers_numpy, shapes\n"


# ---------------------------------------------------------------- 1: a Dense layer's parameters

_FLAT = 5 * 5 * 32  # the source notes' pooling model: Flatten after a (5, 5, 32) stack

q1 = Exercise(
    name="Exercise 1",
    question=(
        "A model ends its convolutions with feature maps of shape (5, 5, 32), then Flatten, "
        "then Dense(128). How many parameters does Dense(128) have?"
    ),
    expected=shapes.dense_params(_FLAT, 128),
    solution_code=(
        "n_in = 5 * 5 * 32  # what Flatten passes on: 800 numbers\n"
        "answer = n_in * 128 + 128  # one weight per input for each neuron, plus one bias each\n"
        "# or: shapes.dense_params(5 * 5 * 32, 128)"
    ),
    hints=[
        "First count what Flatten passes on: height × width × channels numbers.",
        "Each of the 128 neurons has one weight per input number and one bias: in × out + out.",
    ],
    mistakes=[
        Mistake(
            f"{_FLAT * 128:,} counts the weights only: each of the 128 neurons also has a bias, "
            "so add 128.",
            value=_FLAT * 128,
        ),
        Mistake(
            f"{_FLAT} is how many numbers Flatten passes on. Dense(128) has 128 neurons, each "
            f"with {_FLAT} weights and 1 bias.",
            value=_FLAT,
        ),
        Mistake(
            "That is (5·5 + 1)·128: Flatten keeps all 32 channels, so each neuron sees "
            "5·5·32 = 800 numbers, not 25.",
            value=(5 * 5 + 1) * 128,
        ),
        Mistake(
            "That counts one bias per input. A Dense layer has one bias per neuron (per output): "
            "in × out + out.",
            value=_FLAT * 128 + _FLAT,
        ),
        Mistake(
            "That is a 3×3 Conv2D's count ((3·3·32 + 1)·128). A Dense neuron is connected to "
            "every one of the 800 flattened numbers, not to a 3×3 window.",
            value=shapes.conv2d_params(3, 32, 128),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict: shifting the logits

_SHIFTED = [1001.0, 1002.0, 1003.0]
_P_LAST = float(layers_numpy.softmax(np.array(_SHIFTED))[-1])

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: what probability does a (stable) softmax give the last "
        "class for the logits [1001, 1002, 1003]? Round to 3 decimals."
    ),
    expected=_P_LAST,
    rtol=2e-3,
    solution_code=(
        "# Adding the same number to every logit changes nothing: this is softmax([1, 2, 3]).\n"
        "# Subtract the largest logit: [−2, −1, 0] → e^0 / (e^−2 + e^−1 + e^0)\n"
        "answer = 1 / (np.exp(-2) + np.exp(-1) + 1)  # ≈ 0.665"
    ),
    hints=[
        "What happens to softmax when you add 1000 to every logit? Write e^(z + c) as "
        "e^z · e^c and cancel.",
        "So it is the same as softmax([1, 2, 3]), or softmax([−2, −1, 0]): "
        "e^0 / (e^−2 + e^−1 + e^0).",
    ],
    mistakes=[
        Mistake(
            "Big logits do not make a probability 1: only the DIFFERENCES between the logits "
            "matter, and here the last one is only 1 and 2 ahead. e^(z + c) = e^z · e^c, and "
            "the e^c cancels.",
            when=lambda a: abs(float(a) - 1.0) < 1e-3,
            example=1.0,
        ),
        Mistake(
            "nan (or inf) is what the naive formula gives: e^1003 overflows. A stable softmax "
            "first subtracts the largest logit, so it computes e^−2, e^−1 and e^0 instead.",
            when=lambda a: not math.isfinite(float(a)),
            example=float("nan"),
        ),
        Mistake(
            "1003 / (1001 + 1002 + 1003) divides the logits themselves. Softmax divides "
            "e to the power of each logit by the sum of those powers.",
            when=lambda a: abs(float(a) - 1003 / 3006) < 4e-4,  # 0.334 but not 0.333
            example=round(1003 / 3006, 3),
        ),
        Mistake(
            "1/3 would be right if the three logits were equal. They differ by 1 and 2, and "
            "softmax turns a difference d into a ratio e^d between probabilities.",
            when=lambda a: abs(float(a) - 1 / 3) < 5e-4,
            example=0.333,
        ),
    ],
    kind="a number between 0 and 1",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: the loss of one prediction

_LOGITS_3 = np.array([2.0, 1.0, 0.1])
_P3 = layers_numpy.softmax(_LOGITS_3)

q3 = Exercise(
    name="Exercise 3",
    question=(
        "A model's last layer gives the logits [2.0, 1.0, 0.1] for an image whose true class "
        "is 0. What is the cross-entropy loss? (Use the natural log, like Keras.)"
    ),
    expected=float(-np.log(_P3[0])),
    rtol=2e-3,
    solution_code=(
        "probs = layers_numpy.softmax(np.array([2.0, 1.0, 0.1]))  # first the probabilities\n"
        "answer = -np.log(probs[0])  # then −ln(probability of the true class) ≈ 0.417"
    ),
    hints=[
        "Two steps: turn the logits into probabilities with softmax, then take −ln of the "
        "probability of the true class (class 0).",
        "np.log is the natural log. The loss is a positive number: −ln p with p < 1.",
    ],
    mistakes=[
        Mistake(
            "Right size, wrong sign: ln p is negative for p < 1, and the loss is −ln p, so it "
            "is positive.",
            value=float(np.log(_P3[0])),
        ),
        Mistake(
            "That uses log base 10. Cross-entropy in Keras (and in this lesson) uses the "
            "natural log: np.log, not np.log10.",
            value=float(-np.log10(_P3[0])),
        ),
        Mistake(
            f"{_P3[0]:.3f} is the probability of class 0, not the loss. The loss is −ln of "
            "that probability.",
            value=float(_P3[0]),
        ),
        Mistake(
            "That is 1 − p. Cross-entropy is −ln p: it grows without limit as p goes to 0, "
            "which is what punishes confident mistakes.",
            value=float(1 - _P3[0]),
        ),
        Mistake(
            "That skips softmax: −ln of a logit is not a loss. First turn the logits into "
            "probabilities.",
            value=float(-np.log(2.0)),
        ),
    ],
    kind="a number (the loss)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: a stable softmax function

_TESTS = [
    np.array([1.0, 2.0, 3.0]),
    np.array([1000.0, 999.0, 998.0]),
    np.array([-1000.0, -1001.0, -1002.0]),
    np.array([0.5, -0.5, 2.0, 0.0]),
]


def _call(fn: Any, z: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):  # a naive try overflows: no warning in the learner's face
        return np.asarray(fn(z.copy()), dtype=float)


def _naive_overflows(answer: Any) -> bool:
    if not callable(answer):
        return False
    small = _call(answer, _TESTS[0])
    big = _call(answer, _TESTS[1])
    ok_small = small.shape == (3,) and np.allclose(small, layers_numpy.softmax(_TESTS[0]))
    return bool(ok_small and not np.all(np.isfinite(big)))


def _no_normalising(answer: Any) -> bool:
    if not callable(answer):
        return False
    out = _call(answer, _TESTS[0])
    return out.shape == (3,) and np.allclose(out, np.exp(_TESTS[0] - _TESTS[0].max()))


def _test_softmax(answer: Any) -> str | None:
    if not callable(answer):
        return (
            f"Expected a function (answer = stable_softmax, without brackets), got "
            f"{type(answer).__name__}."
        )
    for z in _TESTS:
        out = _call(answer, z)
        want = layers_numpy.softmax(z)
        if out.shape != want.shape:
            return (
                f"For logits {z.tolist()} your function returned shape {out.shape}, "
                f"not {want.shape}."
            )
        if not np.all(np.isfinite(out)):
            return f"For logits {z.tolist()} your function returned {out.tolist()}: not finite."
        if not np.allclose(out, want, atol=1e-9):
            return (
                f"For logits {z.tolist()} your function returned {np.round(out, 4).tolist()}, "
                f"but softmax gives {np.round(want, 4).tolist()}."
            )
    return None


q4 = Exercise(
    name="Exercise 4",
    question=(
        "Write a function stable_softmax(z) that takes a 1-D NumPy array of logits and "
        "returns their softmax probabilities without overflowing for logits like "
        "[1000, 999, 998]. Then set answer = stable_softmax (the function itself)."
    ),
    expected=None,
    test=_test_softmax,
    solution_code=(
        "def stable_softmax(z):\n"
        "    shifted = z - np.max(z)  # the largest logit becomes 0: e^0 = 1, nothing overflows\n"
        "    e = np.exp(shifted)\n"
        "    return e / np.sum(e)\n"
        "\n"
        "\n"
        "answer = stable_softmax"
    ),
    hints=[
        "Start from the naive version: np.exp(z) / np.sum(np.exp(z)). Which logits make "
        "np.exp overflow?",
        "Subtracting the same number from every logit does not change softmax. Which number "
        "makes the largest exponent exactly 0?",
    ],
    mistakes=[
        Mistake(
            "Your function works for small logits, but gives inf or nan for [1000, 999, 998]: "
            "np.exp(1000) overflows. Subtract np.max(z) from the logits before np.exp.",
            when=_naive_overflows,
            example=lambda z: np.exp(z) / np.sum(np.exp(z)),
        ),
        Mistake(
            "You subtracted the maximum and took np.exp, but forgot to divide by the sum: the "
            "probabilities must add up to 1.",
            when=_no_normalising,
            example=lambda z: np.exp(z - np.max(z)),
        ),
    ],
    kind="a function",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4"]
