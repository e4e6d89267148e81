"""Exercises for lesson 04 · Stride.

In the notebook: ``from course_utils.exercises import lesson04 as ex``; each exercise has
its own answer name (``output_rows = None  # your code here``), then ``ex.q1.check()``,
``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from course_utils.exercises import Exercise, Mistake

# ---------------------------------------------------------------- 1: the floor formula

q1 = Exercise(
    name="Exercise 1",
    answer_name="output_rows",
    expected=(32 - 5) // 2 + 1,
    solution_code="output_rows = (32 - 5) // 2 + 1  # ⌊(n − k)/s⌋ + 1 = ⌊27/2⌋ + 1",
    hints=[
        "The first window starts at row 0. Each jump moves it 2 rows down. "
        "Where can the last window start so that all 5 of its rows are still inside?",
        "The last start is at most 32 − 5 = 27. Count the starts 0, 2, 4, … that are <= 27.",
        "⌊(n − k)/s⌋ + 1 with n = 32, k = 5, s = 2. In Python, ⌊a/b⌋ is a // b.",
    ],
    mistakes=[
        Mistake(
            "You rounded (32 − 5)/2 = 13.5 up. Half a jump is not a position: the 5×5 "
            "window must fit completely inside the image, so round down (floor), then add 1.",
            value=15,
        ),
        Mistake(
            "⌊27/2⌋ = 13 counts the jumps, not the positions. The kernel also sits at its "
            "starting place before the first jump: add 1.",
            value=13,
        ),
        Mistake(
            "16 = ⌈32/2⌉ is the size for padding='same'. With 'valid' there are no zeros, so "
            "the kernel's own width is used up first: ⌊(32 − 5)/2⌋ + 1.",
            value=16,
        ),
        Mistake(
            "28 = 32 − 5 + 1 is the answer for stride 1. With stride 2 the kernel moves two "
            "rows per jump, so divide the free room (32 − 5) by 2 before adding 1.",
            value=28,
        ),
        Mistake(
            "32 is the input size. A 'valid' convolution never keeps the size, and a stride of "
            "2 roughly halves it.",
            value=32,
        ),
    ],
    kind="a whole number (the number of output rows)",
)


# ---------------------------------------------------------------- 2: predict 'same' at stride 3

q2 = Exercise(
    name="Exercise 2",
    answer_name="same_shape",
    expected=(5, 5, 8),  # ⌈13/3⌉ = 5 rows and columns, one channel per filter
    solution_code=(
        "# 'same' gives ⌈n/s⌉ = ⌈13/3⌉ = 5 rows and 5 columns; each of the 8 filters\n"
        "# makes one output channel.\n"
        "same_shape = (5, 5, 8)"
    ),
    hints=[
        "With padding='same', the output size depends only on n and the stride, not on k.",
        "'same' gives ⌈n/s⌉: divide and round UP. The channels are the number of filters.",
    ],
    mistakes=[
        Mistake(
            "4 rows is what padding='valid' gives (⌊(13 − 3)/3⌋ + 1 = 4), or 13/3 rounded "
            "down. 'same' adds zeros so that a last, partly filled jump still counts: round "
            "up, ⌈13/3⌉.",
            value=(4, 4, 8),
        ),
        Mistake(
            "'same' keeps the size only at stride 1. At stride 3 the kernel stops on every "
            "third pixel, so the output is about a third as wide: ⌈13/3⌉.",
            value=(13, 13, 8),
        ),
        Mistake(
            "The height and width are right, but each of the 8 filters makes its own output "
            "channel: the last number is the number of filters, not the input's 1 channel.",
            value=(5, 5, 1),
        ),
        Mistake(
            "Right numbers, but the question asks for the shape without the batch axis: "
            "(height, width, channels).",
            value=(1, 5, 5, 8),
        ),
    ],
    kind="a tuple (height, width, channels)",
)


# ---------------------------------------------------------------- 3: pixels the floor drops

q3 = Exercise(
    name="Exercise 3",
    answer_name="columns_never_covered",
    expected=2,  # the windows start at 0, 3, 6 and cover 0–8: columns 9 and 10 are left
    solution_code=(
        "starts = list(range(0, 11 - 3 + 1, 3))  # the windows start at columns 0, 3, 6\n"
        "last_covered = starts[-1] + 3 - 1  # the last window ends at column 8\n"
        "columns_never_covered = 11 - (last_covered + 1)  # columns 9 and 10 are left over"
    ),
    hints=[
        "List the columns where a window starts: 0, 3, … as long as the whole window fits.",
        "The last window starts at column 6 and covers columns 6, 7 and 8. "
        "The image has columns 0 to 10.",
    ],
    mistakes=[
        Mistake(
            "The floor in ⌊(11 − 3)/3⌋ + 1 hides them: (11 − 3)/3 = 2.67 is rounded down to 2, "
            "so the windows start at 0, 3 and 6 and the last one ends at column 8. "
            "Which columns come after it?",
            value=0,
        ),
        Mistake(
            "3 is the number of kernel positions in a row (the output width). The question "
            "asks for the input columns that no window reaches.",
            value=3,
        ),
        Mistake(
            "9 columns (0 to 8) are covered. The question asks for the ones left over.",
            value=9,
        ),
    ],
    kind="a whole number (a count of columns)",
)


# ---------------------------------------------------------------- 4: where the extra zero goes

q4 = Exercise(
    name="Exercise 4",
    answer_name="zeros_before_after",
    expected=(1, 2),  # o = ⌈10/2⌉ = 5, P = (5 − 1)·2 + 5 − 10 = 3: ⌊3/2⌋ before, the rest after
    solution_code=(
        "o = math.ceil(10 / 2)  # 'same': 5 windows\n"
        "total = max(0, (o - 1) * 2 + 5 - 10)  # they span 13 rows: 3 zeros are needed\n"
        "zeros_before_after = (total // 2, total - total // 2)  # the odd one goes after"
    ),
    hints=[
        "First the total: 'same' gives ⌈10/2⌉ windows. How many rows do they span with "
        "stride 2 and k = 5? The zeros make up the difference to 10.",
        "Total P = (o − 1)·s + k − n. TensorFlow puts ⌊P/2⌋ before and the rest after.",
    ],
    mistakes=[
        Mistake(
            "Right amount, wrong side. When the total is odd, TensorFlow puts the extra zero "
            "AFTER the image (at the bottom and on the right).",
            value=(2, 1),
        ),
        Mistake(
            "(2, 2) is 'same' at stride 1 (k − 1 = 4 zeros). At stride 2 there are only "
            "⌈10/2⌉ = 5 windows, and they span (5 − 1)·2 + 5 = 13 rows: 3 more than 10.",
            value=(2, 2),
        ),
        Mistake(
            "Zeros come in whole pixels, so a total of 3 cannot be split in half: one side "
            "gets 1 and the other 2. Which side gets more?",
            value=(1.5, 1.5),
        ),
        Mistake(
            "With no zeros there are only ⌊(10 − 5)/2⌋ + 1 = 3 windows, but 'same' promises "
            "⌈10/2⌉ = 5: the last windows need zeros.",
            value=(0, 0),
        ),
        Mistake(
            "The total of 3 is right, but TensorFlow splits it: ⌊3/2⌋ before the image and "
            "the rest after it.",
            value=(0, 3),
        ),
    ],
    kind="a tuple (before, after)",
)


# ---------------------------------------------------------------- 5: a strided model's Dense


def _dense_after(side: int) -> int:
    return (side * side * 32 + 1) * 128


q5 = Exercise(
    name="Exercise 5",
    answer_name="dense_param_count",
    expected=(7 * 7 * 32 + 1) * 128,  # 50 → 25 → 13 → 7, then 7·7·32 numbers into Dense
    solution_code=(
        "side = 50\n"
        "for _ in range(3):  # three 'same' convolutions with stride 2: round UP each time\n"
        "    side = math.ceil(side / 2)  # 25, 13, 7\n"
        "dense_param_count = (side * side * 32 + 1) * 128  # a weight per number, plus a bias"
    ),
    hints=[
        "First follow the size: 50 → ⌈50/2⌉ → … three times, rounding UP each time. "
        "Flatten then passes on height·width·32 numbers.",
        "Each of the 128 neurons of Dense(128) has one weight per number Flatten passes on, "
        "plus one bias.",
    ],
    mistakes=[
        Mistake(
            "That counts the weights only: each of the 128 neurons also has a bias, so add 128.",
            value=7 * 7 * 32 * 128,
        ),
        Mistake(
            "That is how many numbers Flatten passes on. Dense(128) has 128 neurons, each "
            "with one weight per number and 1 bias.",
            value=7 * 7 * 32,
        ),
        Mistake(
            "That is a 6×6×32 input: a half was rounded down (25/2 or 13/2). 'same' rounds "
            "UP: ⌈25/2⌉ = 13 and then ⌈13/2⌉ = 7.",
            value=_dense_after(6),
        ),
        Mistake(
            "That is a 13×13×32 input, the size after the SECOND convolution. There are three "
            "stride-2 convolutions before Flatten.",
            value=_dense_after(13),
        ),
        Mistake(
            "That is the Dense(128) of this lesson's model on 28×28 digits (4·4·32 numbers). "
            "Here the input is 50×50.",
            value=_dense_after(4),
        ),
        Mistake(
            "That is padding='valid' (50 → 24 → 11 → 5). The layers use padding='same', "
            "which gives ⌈n/2⌉ each time.",
            value=_dense_after(5),
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 6: write output_size

# (n, kernel_size, padding, strides) -> the size Keras gives, written out by hand:
# 'valid' is ⌊(n − k)/s⌋ + 1, 'same' is ⌈n/s⌉.
OUTPUT_SIZE_CASES = (
    ((28, 3, "valid", 1), 26),  # lesson 03
    ((8, 3, "valid", 2), 3),  # (8 − 3)/2 = 2.5: one pixel left over
    ((11, 3, "valid", 3), 3),  # (11 − 3)/3 = 2.67: two pixels left over
    ((5, 5, "valid", 2), 1),  # the kernel fits exactly once
    ((227, 11, "valid", 4), 55),  # AlexNet's first layer
    ((28, 3, "same", 1), 28),  # stride 1: the same size
    ((28, 3, "same", 2), 14),
    ((7, 3, "same", 2), 4),  # 3.5 rounded up
    ((9, 3, "same", 4), 3),  # 2.25 rounded up
    ((10, 4, "same", 3), 4),  # an even kernel: 'same' still gives ⌈n/s⌉, whatever k is
    ((224, 7, "same", 2), 112),  # ResNet's first layer
)


def _output_size_test(fn: Any) -> str | None:
    """None when `fn(n, kernel_size, padding, strides)` gives every case's size; else a message."""
    if not callable(fn):
        return f"`output_size` should be a function (a `def`), not {type(fn).__name__}."
    for (n, k, padding, s), want in OUTPUT_SIZE_CASES:
        call = f"output_size({n}, {k}, {padding!r}, {s})"
        try:
            got = fn(n, k, padding, s)
        except Exception as err:  # the learner's function raised: say so, do not crash
            detail = f": {err}" if str(err) else ""
            return f"{call} raised {type(err).__name__}{detail}"
        if got is None:
            return f"{call} returned None: did you forget `return`?"
        if isinstance(got, bool) or not isinstance(got, numbers.Real):
            return f"{call} returned {got!r}; it should return a whole number."
        try:
            whole = float(got).is_integer()
        except (TypeError, ValueError, OverflowError):
            whole = False
        if not whole:
            return (
                f"{call} returned {got!r}: an output has whole pixels. Round down for "
                "'valid' (`//`) and up for 'same' (`math.ceil`)."
            )
        if got == want:
            continue
        message = f"{call} returned {got!r}, but Keras gives {want}."
        if padding == "same" and s > 1 and got == n:
            message += " 'same' keeps the size only at stride 1: it gives ⌈n/s⌉."
        elif padding == "same" and got == n // s:
            message += " 'same' rounds UP: ⌈n/s⌉ (`math.ceil(n / s)`)."
        elif padding == "same" and got == (n - k) // s + 1:
            message += " That is the 'valid' size: check which padding the function was given."
        elif padding == "same":
            message += " With 'same' the size depends only on n and the stride: ⌈n/s⌉."
        elif padding == "valid" and got == math.ceil((n - k) / s) + 1:
            message += " 'valid' rounds DOWN: the last window must fit inside the image (`//`)."
        elif padding == "valid" and got == (n - k) // s:
            message += " Count the first window too: ⌊(n − k)/s⌋ + 1."
        return message
    return None


q6 = Exercise(
    name="Exercise 6",
    answer_name="output_size",
    expected=None,
    solution_code=(
        "def output_size(n, kernel_size, padding, strides):\n"
        "    if padding == 'same':\n"
        "        return math.ceil(n / strides)  # enough zeros for ⌈n/s⌉ windows\n"
        "    return (n - kernel_size) // strides + 1  # 'valid': the windows that fit"
    ),
    hints=[
        "Two cases: `if padding == 'same': ...`, otherwise 'valid'.",
        "'valid': ⌊(n − k)/s⌋ + 1, with `//` for the floor. 'same': ⌈n/s⌉, with "
        "`math.ceil(n / strides)` (or `-(-n // strides)`).",
    ],
    kind="a function output_size(n, kernel_size, padding, strides)",
    test=_output_size_test,
)


# ---------------------------------------------------------------- 7: interpret the cost table

q7 = Exercise(
    name="Exercise 7",
    answer_name="why_savings_grow",
    expected="C",
    solution_code=(
        "# conv_1 gets the 28×28 input in both models; its output is 14×14 instead of 26×26.\n"
        "# conv_2 works on a map already shrunk once and makes 7×7 instead of 24×24;\n"
        "# conv_3 makes 4×4 instead of 22×22. Each stride-2 layer quarters the map again,\n"
        "# so the savings multiply from layer to layer.\n"
        'why_savings_grow = "C"'
    ),
    hints=[
        "Compare the two models layer by layer: the parameters, the strides and the size "
        "of each layer's output (28 → 26 → 24 → 22 in lesson 03's model, "
        "28 → 14 → 7 → 4 in this one).",
        "A layer's work is (output height · width · filters) · (k · k · C_in). What in that "
        "product differs between the models, and by how much, for conv_1 and for conv_3?",
    ],
    mistakes=[
        Mistake(
            "The parameters are the same in both models (320, 9,248, 9,248: see the table), "
            "so they cannot explain a saving. The work depends on how often those weights "
            "are used: once per output position.",
            value="A",
        ),
        Mistake(
            "All three convolutions use strides=2 (look at the model's code). The stride is "
            "the same; something else changes from layer to layer.",
            value="B",
        ),
        Mistake(
            "Keras multiplies the zeros like any other number, so they are not free; and the "
            "lesson 03 model has no zeros at all. Look at the sizes of the outputs instead.",
            value="D",
        ),
    ],
    kind='one letter: "A", "B", "C" or "D"',
)

SAVINGS_CHOICES = {
    "A": "Later layers have more parameters, so a stride saves them more.",
    "B": "Later layers use larger strides than conv_1.",
    "C": "The strides add up: each later layer works on a map that earlier strides shrank.",
    "D": "The zeros that padding='same' adds cost no multiply-adds.",
}

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "OUTPUT_SIZE_CASES", "SAVINGS_CHOICES"]
