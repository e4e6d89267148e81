"""Exercises for lesson 06 · Fully connected layers and softmax.

In the notebook: ``from course_utils.exercises import lesson06 as ex``; each exercise has
its own answer name (``dense_params = None``), checked by ``ex.q1.check()``; then
``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake

SETUP = "import numpy as np\n"


# ---------------------------------------------------------------- 1: a Dense layer's parameters

_FLAT = 6 * 6 * 32  # Flatten after a (6, 6, 32) stack

q1 = Exercise(
    name="Exercise 1",
    answer_name="dense_params",
    expected=6 * 6 * 32 * 64 + 64,
    solution_code=(
        "n_in = 6 * 6 * 32  # what Flatten passes on\n"
        "dense_params = n_in * 64 + 64  # one weight per input for each neuron, plus one bias each"
    ),
    hints=[
        "First count what Flatten passes on: height × width × channels numbers.",
        "Each of the 64 neurons has one weight per input number and one bias: in × out + out.",
    ],
    mistakes=[
        Mistake(
            "That counts the weights only: each of the 64 neurons also has a bias, so add 64.",
            value=_FLAT * 64,
        ),
        Mistake(
            "That is how many numbers Flatten passes on. Dense(64) has 64 neurons, each "
            "with one weight per flattened number and 1 bias.",
            value=_FLAT,
        ),
        Mistake(
            "That is (6·6 + 1)·64: Flatten keeps all 32 channels, so each neuron sees "
            "6·6·32 numbers, not 36.",
            value=(6 * 6 + 1) * 64,
        ),
        Mistake(
            "That counts one bias per input. A Dense layer has one bias per neuron (per output): "
            "in × out + out.",
            value=_FLAT * 64 + _FLAT,
        ),
        Mistake(
            "That is a 3×3 Conv2D's count ((3·3·32 + 1)·64). A Dense neuron is connected to "
            "every one of the flattened numbers, not to a 3×3 window.",
            value=(3 * 3 * 32 + 1) * 64,
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict: shifting the logits


def _number(a: Any) -> float | None:
    """`a` as a float, or None when it is not a number (a predicate must never raise)."""
    try:
        return float(a)
    except (TypeError, ValueError, OverflowError):
        return None


def _near(a: Any, value: float, tol: float) -> bool:
    x = _number(a)
    return x is not None and math.isfinite(x) and abs(x - value) < tol


q2 = Exercise(
    name="Exercise 2",
    answer_name="p_last",
    expected=1 / (math.exp(-3) + math.exp(-1) + 1),  # softmax of [998, 1000, 1001], last class
    rtol=2e-3,
    solution_code=(
        "# Subtracting the same number from every logit changes nothing:\n"
        "# subtract the largest, 1001: [−3, −1, 0] → e^0 / (e^−3 + e^−1 + e^0)\n"
        "p_last = 1 / (np.exp(-3) + np.exp(-1) + 1)"
    ),
    hints=[
        "What happens to softmax when you subtract 1001 from every logit? Write e^(z − c) as "
        "e^z / e^c and cancel.",
        "So it is the same as softmax([−3, −1, 0]): e^0 / (e^−3 + e^−1 + e^0).",
    ],
    mistakes=[
        Mistake(
            "Big logits do not make a probability 1: only the DIFFERENCES between the logits "
            "matter, and here the last one is only 1 and 3 ahead. e^(z + c) = e^z · e^c, and "
            "the e^c cancels.",
            when=lambda a: _near(a, 1.0, 1e-3),
            example=1.0,
        ),
        Mistake(
            "nan (or inf) is what the naive formula gives: e^1001 overflows. A stable softmax "
            "first subtracts the largest logit, so it computes e^−3, e^−1 and e^0 instead.",
            when=lambda a: _number(a) is not None and not math.isfinite(_number(a)),
            example=float("nan"),
        ),
        Mistake(
            "1001 / (998 + 1000 + 1001) divides the logits themselves. Softmax divides "
            "e to the power of each logit by the sum of those powers.",
            when=lambda a: _near(a, 1001 / 2999, 4e-4),
            example=round(1001 / 2999, 3),
        ),
        Mistake(
            "1/3 would be right if the three logits were equal. They differ, and softmax "
            "turns a difference d into a ratio e^d between probabilities.",
            when=lambda a: _near(a, 1 / 3, 3e-4),
            example=0.3333,
        ),
        Mistake(
            "That is the probability of the FIRST class (the smallest logit). The question "
            "asks for the last one, 1001, the largest.",
            when=lambda a: _near(a, math.exp(-3) / (math.exp(-3) + math.exp(-1) + 1), 1e-3),
            example=0.035,
        ),
    ],
    kind="a number between 0 and 1",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: the loss of one prediction

_Z3 = (0.5, 2.5, -1.0)  # logits; the true class is 0
_LOSS3 = math.log(sum(math.exp(z) for z in _Z3)) - _Z3[0]  # −ln p_0 = ln Σ e^z − z_0
_P3_0 = math.exp(_Z3[0]) / sum(math.exp(z) for z in _Z3)

q3 = Exercise(
    name="Exercise 3",
    answer_name="loss_class0",
    expected=_LOSS3,
    rtol=2e-3,
    solution_code=(
        "logits = np.array([0.5, 2.5, -1.0])\n"
        "probs = np.exp(logits) / np.exp(logits).sum()  # first the probabilities\n"
        "loss_class0 = -np.log(probs[0])  # then −ln(probability of the true class)"
    ),
    hints=[
        "Two steps: turn the logits into probabilities with softmax, then take −ln of the "
        "probability of the true class (class 0).",
        "np.log is the natural log. The loss is a positive number: −ln p with p < 1. Here "
        "the model favours class 1, so expect a loss well above ln 2.",
    ],
    mistakes=[
        Mistake(
            "Right size, wrong sign: ln p is negative for p < 1, and the loss is −ln p, so it "
            "is positive.",
            when=lambda a: _near(a, -_LOSS3, 2e-3),
            example=-_LOSS3,
        ),
        Mistake(
            "That uses log base 10. Cross-entropy in Keras (and in this lesson) uses the "
            "natural log: np.log, not np.log10.",
            when=lambda a: _near(a, -math.log10(_P3_0), 2e-3),
            example=-math.log10(_P3_0),
        ),
        Mistake(
            "That is the probability of class 0, not the loss. The loss is −ln of that "
            "probability.",
            when=lambda a: _near(a, _P3_0, 1e-3),
            example=_P3_0,
        ),
        Mistake(
            "That is 1 − p. Cross-entropy is −ln p: it grows without limit as p goes to 0, "
            "which is what punishes confident mistakes.",
            when=lambda a: _near(a, 1 - _P3_0, 1e-3),
            example=1 - _P3_0,
        ),
        Mistake(
            "That is the loss for class 1, the class the model favours. The true class here "
            "is class 0.",
            when=lambda a: _near(a, math.log(sum(math.exp(z) for z in _Z3)) - _Z3[1], 2e-3),
            example=math.log(sum(math.exp(z) for z in _Z3)) - _Z3[1],
        ),
    ],
    kind="a number (the loss)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: a stable softmax function

# (logits, softmax written out): literal values, not computed by the course's own softmax.
_CASES: tuple[tuple[list[float], list[float]], ...] = (
    ([1.0, 2.0, 3.0], [0.09003057, 0.24472847, 0.66524096]),
    ([1000.0, 999.0, 998.0], [0.66524096, 0.24472847, 0.09003057]),
    ([-1000.0, -1001.0, -1002.0], [0.66524096, 0.24472847, 0.09003057]),
    ([0.5, -0.5, 2.0, 0.0], [0.15489229, 0.05698169, 0.69417909, 0.09394692]),
    ([1000.0, 0.0], [1.0, 0.0]),
)


def _outputs(fn: Any, z: list[float]) -> tuple[np.ndarray | None, str | None]:
    """(fn's result as a float array, None) or (None, what went wrong)."""
    shown = f"stable_softmax(np.array({z}))"
    try:
        with np.errstate(all="ignore"):  # a naive try overflows: no warning in the face
            result = fn(np.array(z))
    except Exception as err:  # the learner's function raised: say so, do not crash
        return None, f"{shown} raised {type(err).__name__}: {err}"
    if result is None:
        return None, f"{shown} returned None: did you forget `return`?"
    try:
        return np.asarray(result, dtype=float), None
    except Exception:
        return None, f"{shown} returned {type(result).__name__}, not an array of numbers."


def _naive_overflows(answer: Any) -> bool:
    if not callable(answer):
        return False
    small, problem_small = _outputs(answer, _CASES[0][0])
    big, problem_big = _outputs(answer, _CASES[1][0])
    if problem_small or problem_big or small.shape != (3,) or big.shape != (3,):
        return False
    return bool(np.allclose(small, _CASES[0][1], atol=1e-6) and not np.all(np.isfinite(big)))


def _no_normalising(answer: Any) -> bool:
    if not callable(answer):
        return False
    out, problem = _outputs(answer, [1.0, 2.0, 3.0])
    if problem or out.shape != (3,):
        return False
    return bool(np.allclose(out, [np.exp(-2.0), np.exp(-1.0), 1.0], atol=1e-6))


def _test_softmax(answer: Any) -> str | None:
    if not callable(answer):
        return (
            f"`stable_softmax` should be a function (a `def`), not {type(answer).__name__}."
        )
    for z, want in _CASES:
        out, problem = _outputs(answer, z)
        if problem:
            return problem
        want = np.array(want)
        if out.shape != want.shape:
            return (
                f"For logits {z} your function returned shape {out.shape}, not {want.shape}."
            )
        if not np.all(np.isfinite(out)):
            return f"For logits {z} your function returned {out.tolist()}: not finite."
        if not np.allclose(out, want, atol=1e-6):
            return (
                f"For logits {z} your function returned {np.round(out, 4).tolist()}, "
                f"but softmax gives {np.round(want, 4).tolist()}."
            )
    return None


q4 = Exercise(
    name="Exercise 4",
    answer_name="stable_softmax",
    expected=None,
    test=_test_softmax,
    solution_code=(
        "def stable_softmax(z):\n"
        "    shifted = z - np.max(z)  # the largest logit becomes 0: e^0 = 1, nothing overflows\n"
        "    e = np.exp(shifted)\n"
        "    return e / np.sum(e)"
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


# ---------------------------------------------------------------- 5: interpretation: dead outputs

DEAD_CHOICES = {
    "A": "it does come back: its weights keep changing, because the loss is still high",
    "B": "it does come back: Adam, the optimiser, pushes it above 0 after a few more epochs",
    "C": "its pre-activation z is below 0 for every image, where ReLU has slope 0: no "
    "gradient reaches its weights, so they stop changing and the output stays 0",
    "D": "the clipping in the loss turns the 0 into 10^-7, and that small value slowly grows",
}

q5 = Exercise(
    name="Exercise 5",
    answer_name="why_dead",
    expected="C",
    solution_code=(
        "# ReLU(z) = 0 for z < 0 with slope 0 there: the gradient through that output is 0\n"
        "# for every image, so its weights get no update and z stays below 0.\n"
        'why_dead = "C"'
    ),
    hints=[
        "Training changes a weight by an amount proportional to its gradient. What is the "
        "slope of ReLU where its input is below 0?",
        "If the gradient is 0 for every image, how much do the weights behind that output "
        "change in the next step, and the step after?",
    ],
    mistakes=[
        Mistake(
            "A high loss changes a weight only through its gradient, and the gradient through "
            "a ReLU whose input is below 0 is 0, for every image.",
            value="A",
        ),
        Mistake(
            "Adam scales and smooths gradients, but a gradient of exactly 0, image after "
            "image, gives it nothing to work with.",
            value="B",
        ),
        Mistake(
            "Clipping changes the value the loss sees, but `clip` passes no gradient back for "
            "values it clipped, and the 0 itself comes from ReLU, which has slope 0 there.",
            value="D",
        ),
    ],
    kind='one letter: "A", "B", "C" or "D"',
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "DEAD_CHOICES"]
