"""Exercises for lesson 02 · Convolution.

In the notebook: ``from course_utils.exercises import lesson02 as ex``; each exercise has
its own answer name (``output_value = None  # your code here``), then ``ex.q1.check()``,
``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import _validate
from course_utils.exercises import Exercise, Mistake


def _is_grid(answer: Any) -> bool:
    """True when `answer` is a 3×3 grid of numbers (never raises)."""
    try:
        return np.asarray(answer, dtype=float).shape == (3, 3)
    except (TypeError, ValueError):
        return False


def _readonly(values: list[list[float]]) -> np.ndarray:
    arr = np.array(values, dtype=float)
    arr.flags.writeable = False
    return arr


# ---------------------------------------------------------------- 1: one output value by hand

Q1_PATCH = _readonly([[3, 1, 0], [4, 2, 1], [2, 2, 0]])
Q1_KERNEL = _readonly([[1, 0, -1], [2, 0, -2], [1, 0, -1]])

q1 = Exercise(
    name="Exercise 1",
    answer_name="output_value",
    # left column: 3·1 + 4·2 + 2·1 = 13; right column: 0·(−1) + 1·(−2) + 0·(−1) = −2
    expected=13.0 - 2.0,
    solution_code=(
        "output_value = 3*1 + 1*0 + 0*(-1) + 4*2 + 2*0 + 1*(-2) + 2*1 + 2*0 + 0*(-1)\n"
        "# the same in NumPy: np.sum(q1_patch * q1_kernel)"
    ),
    hints=[
        "Multiply each pixel by the kernel weight at the same place (top-left by top-left, …), "
        "then add the 9 products.",
        "The middle column of the kernel is 0, so only the left and right columns count: "
        "(3·1 + 4·2 + 2·1) from the left, plus the right column's products, which are negative.",
    ],
    mistakes=[
        Mistake(
            "The minus signs matter: the right column of the kernel is −1, −2, −1, so those "
            "products are subtracted, not added.",
            value=13.0 + 2.0,
        ),
        Mistake(
            "The sign is reversed. Keras does not flip the kernel: the left column of the "
            "window meets the left column of the kernel (+1, +2, +1), so bright pixels on the "
            "left give a positive result.",
            value=-(13.0 - 2.0),
        ),
        Mistake(
            "0 is what the centre pixel alone gives (its weight is 0). A convolution multiplies "
            "each of the 9 pixels by the weight at the same place, then adds all 9 products.",
            value=0.0,
        ),
        Mistake(
            "Those are the 9 products: you are one step away. The feature map gets ONE number "
            "here, their sum.",
            when=_is_grid,
            example=Q1_PATCH * Q1_KERNEL,
        ),
    ],
    kind="a number (the sum of the 9 products)",
)


# ---------------------------------------------------------------- 2: the output size

q2 = Exercise(
    name="Exercise 2",
    answer_name="output_rows",
    expected=48 - 5 + 1,
    solution_code="output_rows = 48 - 5 + 1  # the kernel's top row can start at rows 0 … 43",
    hints=[
        "On the 5×5 example a 3×3 kernel fitted in 5 − 3 + 1 = 3 places per row. "
        "Count the same way.",
        "The kernel's top row can start at row 0, and at most at row 48 − 5. "
        "How many whole numbers are there from 0 to that row?",
        "n − k + 1",
    ],
    mistakes=[
        Mistake(
            "You forgot the +1. 48 − 5 is the LAST row where the kernel's top row can start, "
            "but it also starts at row 0: count both ends.",
            value=48 - 5,
        ),
        Mistake(
            "A 'valid' convolution cannot keep the size: the 5×5 kernel does not fit with its "
            "centre on the border rows. (Keeping the size needs padding, lesson 03.)",
            value=48,
        ),
        Mistake(
            "That is what a 3×3 kernel loses (one row at the top, one at the bottom). A 5×5 "
            "kernel's centre is 2 rows from its edge, so it loses 2 rows at the top and 2 at "
            "the bottom.",
            value=48 - 2,
        ),
        Mistake(
            "You took away the kernel's size on BOTH sides. It loses only k − 1 = 4 rows in "
            "total: 2 at the top and 2 at the bottom.",
            value=48 - 2 * 5,
        ),
        Mistake(
            "A convolution without padding never makes the image larger. n + k − 1 is the "
            "size with k − 1 extra zeros on each side ('full' padding, lesson 03).",
            value=48 + 5 - 1,
        ),
    ],
    kind="a whole number (the number of rows)",
)


# ---------------------------------------------------------------- 3: which kernel finds the door?

# A bright wall (1) on the left, a dark door (0) on the right: one vertical edge.
DOOR = _readonly([[1, 1, 1, 0, 0, 0]] * 6)
DOOR_KERNELS = {
    "A": _readonly([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
    "B": _readonly([[0, 1, -1], [0, 1, -1], [0, 1, -1]]),
    "C": _readonly([[2, 2, 2], [-1, -1, -1], [-1, -1, -1]]),
    "D": _readonly([[1, 0, 0], [1, 0, 0], [1, 0, 0]]),
}

q3 = Exercise(
    name="Exercise 3",
    answer_name="door_kernel",
    expected="B",
    solution_code=(
        'door_kernel = "B"  # middle column minus right column: positive where the bright\n'
        "# wall meets the dark door, and its weights add up to 0, so flat areas give 0"
    ),
    hints=[
        "Two things to check for each kernel: what does it give on a flat area (all pixels "
        "the same)? And what sign does it give where bright (left) meets dark (right)?",
        "On a flat area of brightness v, a kernel gives v × (the sum of its weights). Which "
        "kernels add up to 0?",
        "Of the kernels that add up to 0, which one has + where the window sees the wall and "
        "− where it sees the door, with the edge running up and down?",
    ],
    mistakes=[
        Mistake(
            "Kernel A has −1 on the left and +1 on the right: it computes 'right minus left'. "
            "At this edge the left is bright and the right dark, so A gives a NEGATIVE number "
            "there (A finds the opposite kind of edge: dark on the left, bright on the right).",
            value="A",
        ),
        Mistake(
            "Kernel C compares its top row with the rows below it: it finds HORIZONTAL edges. "
            "Here every row of the picture is the same, so C gives 0 everywhere, edge or not.",
            value="C",
        ),
        Mistake(
            "Kernel D does give a positive number at the edge, but its weights add up to 3, so "
            "on the flat wall (all 1s) it gives 3 as well: it cannot tell the edge from the "
            "wall. An edge detector's weights add up to 0.",
            value="D",
        ),
    ],
    kind='a string with one letter, e.g. "A"',
)


# ---------------------------------------------------------------- 4: how many weights?

q4 = Exercise(
    name="Exercise 4",
    answer_name="conv_params",
    expected=(5 * 5 * 3 + 1) * 16,
    solution_code=(
        "conv_params = (5 * 5 * 3 + 1) * 16  # 5·5·3 weights + 1 bias per filter, 16 filters"
    ),
    hints=[
        "Each filter looks at a 5×5 window in EVERY input channel at once.",
        "One filter has 5·5·3 weights, plus one bias. How many filters are there?",
    ],
    mistakes=[
        Mistake(
            "You forgot the biases: each of the 16 filters adds one bias to its sum, so add 16.",
            value=5 * 5 * 3 * 16,
        ),
        Mistake(
            "The input has 3 channels (red, green, blue), so each filter is 5×5×3 weights, "
            "not 5×5: it looks at all three colours at once.",
            value=(5 * 5 + 1) * 16,
        ),
        Mistake(
            "The input has 3 channels, so each filter is 5×5×3 weights, not 5×5. "
            "And each of the 16 filters also has a bias.",
            value=5 * 5 * 16,
        ),
        Mistake(
            "That is one filter (its weights, + 1 bias). The layer has 16 filters, each with "
            "its own weights and bias.",
            when=lambda a: _validate.is_real(a) and a in (5 * 5 * 3, 5 * 5 * 3 + 1),
            example=5 * 5 * 3 + 1,
        ),
        Mistake(
            "You used a 3×3 kernel: kernel_size=5 means 5×5 weights per channel.",
            value=(3 * 3 * 3 + 1) * 16,
        ),
        Mistake(
            "The number of weights does not depend on the image size: the same 5×5×3 kernel is "
            "reused at every position (parameter sharing). Count kernel weights and biases only.",
            when=lambda a: _validate.is_real(a) and a >= 10_000,
            example=28 * 28 * (5 * 5 * 3 + 1) * 16,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 5: a diagonal-edge kernel

_N = 8
_rows, _cols = np.indices((_N, _N))
# Bright (1) upper-left, dark (0) lower-right: the edge runs up to the right, like "/".
DIAGONAL_EDGE = _readonly((_rows + _cols < _N - 1).astype(float).tolist())
_VERTICAL_EDGE = (_cols < _N // 2).astype(float)  # bright left half
_HORIZONTAL_EDGE = (_rows < _N // 2).astype(float)  # bright top half


def _responses(kernel: np.ndarray, image: np.ndarray) -> np.ndarray:
    """'valid' cross-correlation, written here independently of course_utils.layers_numpy."""
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
    return np.einsum("ijmn,mn->ij", windows, kernel)


def _q5_test(answer: Any) -> str | None:
    try:
        kernel = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return (
            "Give a 3×3 grid of numbers, e.g. np.array([[a, b, c], [d, e, f], [g, h, i]]) "
            "with numbers in place of the letters."
        )
    if kernel.shape != (3, 3):
        return f"Your kernel has shape {kernel.shape}: give 3 rows of 3 numbers."
    if not np.all(np.isfinite(kernel)):
        return "Your kernel holds nan or inf: use ordinary numbers."
    if not np.any(kernel):
        return "All 9 weights are 0: that kernel gives 0 everywhere, edge or not."
    flat = float(kernel.sum())
    if abs(flat) > 1e-6:
        return (
            f"On a flat area of brightness 1 your kernel gives {flat:.3g}, not 0: it would "
            "light up on flat areas too. An edge detector's weights add up to 0."
        )
    diagonal = _responses(kernel, DIAGONAL_EDGE)
    best = float(diagonal.max())
    if best <= 1e-9:
        return (
            "On the diagonal edge (bright upper-left, dark lower-right) your kernel never gives "
            "a positive number. Put positive weights towards the upper-left corner and "
            "negative ones towards the lower-right."
        )
    straight = max(
        float(np.abs(_responses(kernel, _VERTICAL_EDGE)).max()),
        float(np.abs(_responses(kernel, _HORIZONTAL_EDGE)).max()),
    )
    if best <= 1.1 * straight:
        return (
            f"Your kernel's strongest response to the diagonal edge is {best:.3g}, but it "
            f"answers a vertical or horizontal edge of the same contrast with {straight:.3g}: "
            "it does not single out diagonals. Make the positive and the negative weights "
            "meet along the diagonal from bottom-left to top-right."
        )
    return None


q5 = Exercise(
    name="Exercise 5",
    answer_name="diagonal_kernel",
    expected=None,
    solution_code=(
        "diagonal_kernel = np.array(\n"
        "    [\n"
        "        [1, 1, 0],  # + towards the upper-left (the bright side)\n"
        "        [1, 0, -1],  # 0 on the diagonal itself\n"
        "        [0, -1, -1],  # − towards the lower-right (the dark side)\n"
        "    ]\n"
        ")  # the weights add up to 0: flat areas give 0\n"
    ),
    hints=[
        "Start from the vertical-edge kernel: + on the bright side, − on the dark side, "
        "weights adding up to 0. Here the bright side is the upper-left corner.",
        "Put +1s in the three cells above-left of the diagonal that runs from the bottom-left "
        "cell to the top-right cell, −1s in the three cells below-right of it, and 0s on it.",
        "Test your idea: layers_numpy.conv2d(ex.DIAGONAL_EDGE, diagonal_kernel) should be "
        "largest along the edge and 0 on the flat parts.",
    ],
    mistakes=[
        Mistake(
            "That is the vertical-edge kernel: it answers a vertical edge as strongly as the "
            "diagonal one (or more). Make + and − meet along the diagonal instead.",
            when=lambda a: (
                _is_grid(a)
                and np.allclose(np.asarray(a, dtype=float), [[1, 0, -1], [1, 0, -1], [1, 0, -1]])
            ),
            example=np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]]),
        ),
        Mistake(
            "That kernel finds the diagonal the other way round: it is positive where the "
            "lower-right is brighter than the upper-left. Swap the signs.",
            when=lambda a: (
                _is_grid(a)
                and float(np.sum(np.asarray(a, dtype=float))) == 0
                and _q5_test(-np.asarray(a, dtype=float)) is None
            ),
            example=np.array([[-1, -1, 0], [-1, 0, 1], [0, 1, 1]]),
        ),
    ],
    kind="a 3×3 NumPy array (your kernel)",
    test=_q5_test,
)

__all__ = [
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "Q1_PATCH",
    "Q1_KERNEL",
    "DOOR",
    "DOOR_KERNELS",
    "DIAGONAL_EDGE",
]
