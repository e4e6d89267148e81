"""Exercises for lesson 05 · Pooling.

In the notebook: ``from course_utils.exercises import lesson05 as ex``; each exercise
has its own answer name (``max_pooled = None  # your code here``), then
``ex.q1.check()``, ``ex.q1.hint()``, ``ex.q1.solution()``. The grids the questions use
are ``ex.GRID_1`` and ``ex.GRID_4``; expected values are written out here, independently
of ``layers_numpy`` and ``shapes``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake

GRID_1 = np.array(
    [
        [2, 0, 1, 4],
        [5, 3, 2, 2],
        [1, 1, 0, 6],
        [7, 0, 3, 1],
    ],
    dtype=float,
)
GRID_4 = np.array(
    [
        [4, 2, 6],
        [0, 2, 3],
        [5, 1, 9],
    ],
    dtype=float,
)


# ---------------------------------------------------------------- 1: max pooling by hand

_MAX_1 = np.array([[5, 4], [7, 6]], dtype=float)  # the largest number of each 2×2 block

q1 = Exercise(
    name="Exercise 1",
    answer_name="max_pooled",
    expected=_MAX_1,
    solution_code=(
        "max_pooled = np.array([[5, 4], [7, 6]])  # the largest number of each 2×2 block"
    ),
    hints=[
        "Cut the grid into four 2×2 blocks: top-left, top-right, bottom-left, bottom-right.",
        "Keep the largest number of each block, in the same place: the top-left block "
        "[[2, 0], [5, 3]] gives 5.",
    ],
    mistakes=[
        Mistake(
            "Those are the averages of the blocks. Max pooling keeps the LARGEST number of "
            "each 2×2 block, e.g. 5 for [[2, 0], [5, 3]].",
            value=np.array([[2.5, 2.25], [2.25, 2.5]]),
        ),
        Mistake(
            "Right numbers, wrong places: the result of the top-right block goes in the top "
            "row, right column (you swapped rows and columns).",
            value=_MAX_1.T,
        ),
        Mistake(
            "That is a 3×3 result: you moved the window one cell at a time (strides=1). "
            "By default a pooling layer's stride equals its pool size, so the 2×2 windows do "
            "not overlap and the result is 2×2.",
            value=np.array([[5, 3, 4], [5, 3, 6], [7, 3, 6]], dtype=float),
        ),
        Mistake(
            "7 is the largest number of the whole grid. Pooling keeps one number PER WINDOW: "
            "four windows, four numbers.",
            value=7,
        ),
    ],
    kind="a 2×2 array (a list of 2 rows of 2 numbers)",
)


# ---------------------------------------------------------------- 2: predict the shape

q2 = Exercise(
    name="Exercise 2",
    answer_name="pooled_shape",
    expected=((17 - 3) // 2 + 1, (17 - 3) // 2 + 1, 48),
    solution_code=(
        "side = (17 - 3) // 2 + 1  # ⌊(n − k)/s⌋ + 1: the default padding is 'valid'\n"
        "pooled_shape = (side, side, 48)  # pooling keeps every channel"
    ),
    hints=[
        "Pooling windows move like a convolution's kernel: the same size formula, with the "
        "pool size in place of the kernel size. The default padding is 'valid'.",
        "⌊(n − k)/s⌋ + 1 with n = 17, k = 3, s = 2. And how many channels does pooling make?",
    ],
    mistakes=[
        Mistake(
            "⌊(17 − 3)/2⌋ = 7 counts the jumps, not the windows: add 1 for the window at the "
            "start.",
            value=(7, 7, 48),
        ),
        Mistake(
            "That would be strides=3 (the default, equal to the pool size). Here strides=2 "
            "is given: ⌊(17 − 3)/2⌋ + 1.",
            value=(5, 5, 48),
        ),
        Mistake(
            "⌈17/2⌉ = 9 is padding='same'. The default padding is 'valid': the 3×3 window "
            "must fit inside the map, so ⌊(17 − 3)/2⌋ + 1.",
            value=(9, 9, 48),
        ),
        Mistake(
            "17 − 3 + 1 = 15 is a stride of 1. With strides=2 the window jumps two cells.",
            value=(15, 15, 48),
        ),
        Mistake(
            "The height and width are right, but pooling works on each channel separately: "
            "48 channels in, 48 channels out.",
            when=lambda a: (
                isinstance(a, (tuple, list))
                and len(a) == 3
                and tuple(a[:2]) == (8, 8)
                and a[2] != 48
            ),
            example=(8, 8, 1),
        ),
    ],
    kind="a tuple (height, width, channels)",
)


# ---------------------------------------------------------------- 3: the model without pool_2

q3 = Exercise(
    name="Exercise 3",
    answer_name="dense_128_params",
    expected=(11 * 11 * 32 + 1) * 128,  # 28 → 26 → 13 → 11, no second pool, 32 filters
    solution_code=(
        "side = 28 - 3 + 1  # conv_1: 26\n"
        "side = (side - 2) // 2 + 1  # pool_1: 13\n"
        "side = side - 3 + 1  # conv_2: 11, and no pool_2 after it\n"
        "dense_128_params = (side * side * 32 + 1) * 128  # one weight per number, plus a bias"
    ),
    hints=[
        "Follow the size: 28 → conv_1 → pool_1 → conv_2, and then Flatten (no pool_2).",
        "Flatten passes on 11·11·32 numbers; each of the 128 neurons has one weight per "
        "number plus one bias.",
    ],
    mistakes=[
        Mistake(
            "That counts the weights only: each of the 128 neurons also has a bias, so add 128.",
            value=11 * 11 * 32 * 128,
        ),
        Mistake(
            "That is how many numbers Flatten passes on. Dense(128) has 128 neurons, each with "
            "one weight per number and 1 bias.",
            value=11 * 11 * 32,
        ),
        Mistake(
            "That is the Dense(128) of the model WITH pool_2 (5·5·32 = 800 inputs). Without "
            "pool_2 the maps stay 11×11.",
            value=(5 * 5 * 32 + 1) * 128,
        ),
        Mistake(
            "That is a model without EITHER pool (24×24 maps). pool_1 is still there: "
            "28 → 26 → 13 → 11.",
            value=(24 * 24 * 32 + 1) * 128,
        ),
        Mistake(
            "That is 13×13, the size after pool_1. conv_2 still comes before Flatten and takes "
            "2 off: 13 → 11.",
            value=(13 * 13 * 32 + 1) * 128,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 4: average pooling with 'same'


def _single_two(answer: Any) -> bool:
    """True for a single 2 ([[2]], [2] or 2.0): the one 'valid' window. Never raises."""
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    return arr.size == 1 and arr.ndim >= 1 and float(arr.ravel()[0]) == 2.0


_AVG_4 = np.array([[(4 + 2 + 0 + 2) / 4, (6 + 3) / 2], [(5 + 1) / 2, 9 / 1]])

q4 = Exercise(
    name="Exercise 4",
    answer_name="average_pooled",
    expected=_AVG_4,
    solution_code=(
        "average_pooled = np.array([[(4 + 2 + 0 + 2) / 4, (6 + 3) / 2], [(5 + 1) / 2, 9 / 1]])\n"
        "# each window divides by its number of REAL values"
    ),
    hints=[
        "⌈3/2⌉ = 2 windows per row and column, so one column of padding goes on the right "
        "and one row at the bottom (TensorFlow puts the odd one after).",
        "Average only the REAL numbers in each window: the top-right window holds just 6 "
        "and 3, so it gives (6 + 3)/2.",
    ],
    mistakes=[
        Mistake(
            "You divided every window by 4, as if the padding cells were zeros that count. "
            "Keras's average pooling with 'same' divides by the number of real values in the "
            "window: the top-right window is (6 + 3)/2.",
            value=np.array([[2.0, 2.25], [1.5, 2.25]]),
        ),
        Mistake(
            "Those are the largest values: this is AVERAGE pooling.",
            value=np.array([[4.0, 6.0], [5.0, 9.0]]),
        ),
        Mistake(
            "That is padding='valid': only one 2×2 window fits. With 'same' there are "
            "⌈3/2⌉ = 2 windows per row and column.",
            when=lambda a: _single_two(a),
            example=[[2.0]],
        ),
    ],
    kind="a 2×2 array (a list of 2 rows of 2 numbers)",
)


# ---------------------------------------------------------------- 5: global average pooling

q5 = Exercise(
    name="Exercise 5",
    answer_name="gap_dense_params",
    expected=(64 + 1) * 10,  # one number per channel reaches Dense(10)
    solution_code=(
        "gap_dense_params = (64 + 1) * 10  # global average pooling: one number per channel"
    ),
    hints=[
        "Global average pooling keeps one number per channel: how many numbers reach Dense?",
        "64 numbers in, 10 neurons, each with 64 weights and 1 bias.",
    ],
    mistakes=[
        Mistake(
            "That is Flatten's count (7·7·64 numbers in). Global average pooling averages "
            "each 7×7 map to ONE number, so only 64 numbers reach the Dense layer.",
            value=(7 * 7 * 64 + 1) * 10,
        ),
        Mistake(
            "64·10 counts the weights only: each of the 10 neurons has a bias too.",
            value=64 * 10,
        ),
        Mistake(
            "64 is how many numbers global average pooling passes on (one per channel). "
            "The question asks for the Dense layer's parameters.",
            value=64,
        ),
        Mistake(
            "The pooling layer has 0 parameters, but the Dense layer after it has weights.",
            value=0,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 6: why is the average dimmer?

DIM_CHOICES = {
    "A": "Average pooling multiplies every value by 1/4.",
    "B": "The average of a window is never larger than its largest value, and a thin bright "
    "edge shares its window with darker cells, so its average is lower than its maximum.",
    "C": "Average pooling pads the map with zeros, which pull the values down.",
    "D": "The average-pooled panel is drawn on its own, smaller colour scale.",
}

q6 = Exercise(
    name="Exercise 6",
    answer_name="why_dimmer",
    expected="B",
    solution_code=(
        "# max ≥ mean in every window; they are equal only where all four values are equal.\n"
        "# An edge one or two pixels wide is averaged with the dark cells next to it.\n"
        'why_dimmer = "B"'
    ),
    hints=[
        "Take one window holding [3, 0, 0, 1]: what do max pooling and average pooling keep?",
        "When would the average of a window equal its maximum? Is that true for a thin edge?",
    ],
    mistakes=[
        Mistake(
            "A window whose four values are all 2 keeps 2 under average pooling: the mean of "
            "four numbers is not a quarter of each. Averages come out lower only where the "
            "window mixes bright and dark cells.",
            value="A",
        ),
        Mistake(
            "Here the padding is 'valid': there is no padding at all. (And with 'same', Keras's "
            "average pooling ignores the padding cells.)",
            value="C",
        ),
        Mistake(
            "All four panels share one colour scale, with the one colour bar on the right: "
            "the same colour means the same value in every panel.",
            value="D",
        ),
        Mistake(
            'Answer with one letter, e.g. why_dimmer = "A".',
            when=lambda a: isinstance(a, str) and a.strip().upper() not in DIM_CHOICES,
            example="E",
        ),
    ],
    kind='one letter, "A", "B", "C" or "D"',
)


# ---------------------------------------------------------------- 7: write the max-pool loop

# (x, pool_size, strides, expected), the expected numbers worked out by hand.
_CASES = [
    (
        [[1, -2, 3, 0], [4, 5, -6, 2], [-1, 0, 2, 8], [3, 3, -4, 1]],
        2,
        None,
        [[5, 3], [3, 8]],
    ),
    (  # every value negative, and overlapping windows
        [[-3, -1, -4], [-1, -5, -9], [-2, -6, -5]],
        2,
        1,
        [[-1, -1], [-1, -5]],
    ),
    (  # 3 rows, 5 columns: the last row and column are not read
        [[0, 7, 1, 3, 2], [4, 2, 9, 1, 1], [5, 3, 0, 6, 2]],
        2,
        None,
        [[7, 9]],
    ),
    (
        [[1, -2, 3, 0], [4, 5, -6, 2], [-1, 0, 2, 8], [3, 3, -4, 1]],
        3,
        1,
        [[5, 8], [5, 8]],
    ),
]


def _test_max_pool(fn: Any) -> str | None:
    """None when `fn(x, pool_size, strides)` gives MaxPooling2D's 'valid' numbers, else why not."""
    if not callable(fn):
        return f"max_pool must be a function (a `def`), not {type(fn).__name__}."
    for x, k, s, expected in _CASES:
        want = np.array(expected, dtype=float)
        args = (np.array(x, dtype=float), k) if s is None else (np.array(x, dtype=float), k, s)
        call = f"max_pool(np.array({x}), {k}" + ("" if s is None else f", {s}") + ")"
        try:
            got = fn(*args)
        except Exception as err:  # a learner's bug: say which call failed and how
            return f"{call} raised {type(err).__name__}: {err}"
        if got is None:
            return f"{call} returned None: end the function with `return` and the pooled array."
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return f"{call} returned {type(got).__name__}, not an array of numbers."
        if got.shape != want.shape:
            return (
                f"{call} has shape {got.shape}, but MaxPooling2D gives {want.shape}: "
                "⌊(n − k)/s⌋ + 1 rows and columns, with s = pool_size when strides is None."
            )
        if np.allclose(got, want):
            continue
        if np.all(np.asarray(x) < 0) and np.all(got == 0):
            return (
                f"{call} gave {got.tolist()}: a maximum that starts at 0 never drops below it. "
                f"Start from the window's own values (np.max of the window), not from 0."
            )
        return f"{call} gave {got.tolist()}, but MaxPooling2D gives {want.tolist()}."
    return None


q7 = Exercise(
    name="Exercise 7",
    answer_name="max_pool",
    expected=None,
    test=_test_max_pool,
    solution_code=(
        "def max_pool(x, pool_size=2, strides=None):\n"
        "    strides = pool_size if strides is None else strides  # Keras's default\n"
        "    out_h = (x.shape[0] - pool_size) // strides + 1\n"
        "    out_w = (x.shape[1] - pool_size) // strides + 1\n"
        "    out = np.zeros((out_h, out_w))\n"
        "    for i in range(out_h):\n"
        "        for j in range(out_w):\n"
        "            top, left = i * strides, j * strides\n"
        "            out[i, j] = np.max(x[top : top + pool_size, left : left + pool_size])\n"
        "    return out"
    ),
    hints=[
        "Work out the output size first: ⌊(n − k)/s⌋ + 1 rows and columns, with s = "
        "pool_size when strides is None. Then loop over every output row i and column j.",
        "Window (i, j) starts at row i·s and column j·s and is pool_size cells wide: "
        "x[i*s : i*s + pool_size, j*s : j*s + pool_size]. Keep its np.max.",
    ],
    kind="a function max_pool(x, pool_size=2, strides=None)",
)

__all__ = ["DIM_CHOICES", "GRID_1", "GRID_4", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]
