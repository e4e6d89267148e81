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
)


# ---------------------------------------------------------------- 4: the loss straight from logits

# (logits, true class, −ln p_true): literal values worked out to 12 digits with 30-digit
# arithmetic, not computed by the course's own code.
_CASES: tuple[tuple[list[float], int, float], ...] = (
    ([2.0, 1.0, 0.1], 0, 0.417030016278),
    ([0.5, -0.5, 2.0, 0.0], 3, 2.36502529194),
    ([1000.0, 999.0, 998.0], 2, 2.40760596444),
    ([-1000.0, -1001.0, -1002.0], 0, 0.407605964444),
    ([1000.0, 0.0], 1, 1000.0),
    ([1000.0, 0.0], 0, 0.0),
)


def _loss(fn: Any, z: list[float], true_class: int) -> tuple[float | None, str | None]:
    """(fn's loss as a float, None) or (None, what went wrong): never raises."""
    shown = f"loss_from_logits(np.array({z}), {true_class})"
    try:
        with np.errstate(all="ignore"):  # a naive try overflows: no warning in the face
            result = fn(np.array(z), true_class)
    except Exception as err:  # the learner's function raised: say so, do not crash
        return None, f"{shown} raised {type(err).__name__}: {err}"
    if result is None:
        return None, f"{shown} returned None: did you forget `return`?"
    try:
        arr = np.asarray(result, dtype=float)
    except Exception:
        return None, f"{shown} returned {type(result).__name__}, not a number."
    if arr.size != 1:
        return None, f"{shown} returned {arr.size} numbers: the loss is one number."
    return float(arr.reshape(())), None


def _losses(answer: Any) -> list[float] | None:
    """The function's loss for every case, or None when it is not a working function."""
    if not callable(answer):
        return None
    out = []
    for z, t, _ in _CASES:
        value, problem = _loss(answer, z, t)
        if problem:
            return None
        out.append(value)
    return out


def _through_probabilities(answer: Any) -> bool:
    """Right on small logits, infinite where a probability underflows to 0."""
    got = _losses(answer)
    if got is None:
        return False
    small_ok = all(
        abs(g - want) < 1e-6 for g, (_, _, want) in zip(got[:2], _CASES[:2], strict=True)
    )
    return small_ok and not all(np.isfinite(got))


def _max_left_out(answer: Any) -> bool:
    """ln Σ e^(z − m) − z_t: the largest logit m was subtracted but not added back."""
    got = _losses(answer)
    if got is None:
        return False
    return all(
        np.isfinite(g) and abs(g - (want - max(z))) < 1e-6
        for g, (z, _, want) in zip(got, _CASES, strict=True)
    )


def _test_loss(answer: Any) -> str | None:
    if not callable(answer):
        return f"`loss_from_logits` should be a function (a `def`), not {type(answer).__name__}."
    for z, t, want in _CASES:
        value, problem = _loss(answer, z, t)
        if problem:
            return problem
        if not np.isfinite(value):
            return f"For logits {z} and true class {t} your function returned {value}: not finite."
        if want != 0 and abs(value + want) < 1e-6 * abs(want):
            return (
                f"For logits {z} and true class {t} your function returned {value:.4f}: right "
                "size, wrong sign. The loss is −ln p, a positive number."
            )
        if abs(value - want) > 1e-6 * max(1.0, abs(want)):
            return (
                f"For logits {z} and true class {t} your function returned {value:.4f}, "
                f"but the loss is {want:.4f}."
            )
    return None


q4 = Exercise(
    name="Exercise 4",
    answer_name="loss_from_logits",
    expected=None,
    test=_test_loss,
    solution_code=(
        "def loss_from_logits(z, true_class):\n"
        "    m = np.max(z)  # pull the largest logit out: e^(z − m) is at most 1\n"
        "    log_sum = m + np.log(np.sum(np.exp(z - m)))  # ln(e^z1 + ... + e^zK)\n"
        "    return log_sum - z[true_class]  # −ln p_true = ln(e^z1 + ... + e^zK) − z_true"
    ),
    hints=[
        "Write the loss with the logits instead of the probability: −ln p_t = "
        "−ln(e^z_t / (e^z1 + ... + e^zK)) = ln(e^z1 + ... + e^zK) − z_t. No probability, "
        "so nothing can underflow to 0.",
        "ln(e^z1 + ... + e^zK) still overflows for z = 1000. Pull the largest logit m out: "
        "e^z1 + ... + e^zK = e^m · (e^(z1 − m) + ... + e^(zK − m)), so its ln is "
        "m + ln(e^(z1 − m) + ... + e^(zK − m)).",
    ],
    mistakes=[
        Mistake(
            "Your function is right for small logits but gives inf for logits like "
            "[1000, 0] with true class 1: it goes through the probability, which is "
            "e^−1000 / (1 + e^−1000), too small even for a float64, so it becomes 0.0 and "
            "−ln 0 = inf. Write the loss with the logits instead: −ln p_t = "
            "ln(e^z1 + ... + e^zK) − z_t.",
            when=_through_probabilities,
            example=lambda z, t: -np.log(np.exp(z - np.max(z))[t] / np.sum(np.exp(z - np.max(z)))),
        ),
        Mistake(
            "You subtracted the largest logit m inside the sum but did not add it back: "
            "ln(e^z1 + ... + e^zK) = m + ln(e^(z1 − m) + ... + e^(zK − m)).",
            when=_max_left_out,
            example=lambda z, t: np.log(np.sum(np.exp(z - np.max(z)))) - z[t],
        ),
    ],
    kind="a function",
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
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "DEAD_CHOICES"]
