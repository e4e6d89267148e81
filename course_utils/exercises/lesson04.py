"""Exercises for lesson 04 · Stride.

In the notebook: ``from course_utils.exercises import lesson04 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from course_utils import shapes
from course_utils.exercises import Exercise, Mistake, swapped
from course_utils.widgets import stride

SETUP = "from course_utils import shapes\nfrom course_utils.widgets import stride\n"


# ---------------------------------------------------------------- 1: the floor formula

q1 = Exercise(
    name="Exercise 1",
    question=(
        "A 5×5 kernel slides over a 32×32 image with strides=2 and padding='valid'. "
        "How many rows does the output have?"
    ),
    expected=shapes.conv_output_size(32, 5, strides=2, padding="valid"),
    solution_code=(
        "answer = (32 - 5) // 2 + 1  # ⌊(n − k)/s⌋ + 1 = ⌊27/2⌋ + 1 = 13 + 1\n"
        "# or: shapes.conv_output_size(32, 5, strides=2, padding='valid')"
    ),
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
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict 'same' at stride 2

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: keras.layers.Conv2D(8, 3, strides=2, padding='same') is "
        "applied to one 7×7 grayscale image (shape (7, 7, 1)). What is the output shape "
        "(height, width, channels), without the batch axis?"
    ),
    expected=shapes.conv2d_output_shape((7, 7, 1), 8, 3, strides=2, padding="same"),
    solution_code=(
        "answer = shapes.conv2d_output_shape((7, 7, 1), filters=8, kernel_size=3, strides=2, "
        "padding='same')\n"
        "# ⌈7/2⌉ = 4 rows and 4 columns, and one channel per filter: (4, 4, 8)"
    ),
    hints=[
        "With padding='same', the output size depends only on n and the stride, not on k.",
        "'same' gives ⌈n/s⌉: divide and round UP. The channels are the number of filters.",
    ],
    mistakes=[
        Mistake(
            "3 rows is what padding='valid' gives (⌊(7 − 3)/2⌋ + 1 = 3), or 7/2 rounded down. "
            "'same' adds zeros so that a last, partly filled jump still counts: round up, "
            "⌈7/2⌉ = 4.",
            value=(3, 3, 8),
        ),
        Mistake(
            "'same' keeps the size only at stride 1. At stride 2 the kernel stops on every "
            "second pixel, so the output is about half as wide: ⌈7/2⌉ = 4.",
            value=(7, 7, 8),
        ),
        Mistake(
            "An output has whole pixels: 7/2 = 3.5 cannot be a size. 'same' rounds up, ⌈7/2⌉ = 4.",
            value=(3.5, 3.5, 8),
        ),
        Mistake(
            "The height and width are right, but each of the 8 filters makes its own output "
            "channel: the last number is the number of filters, not the input's 1 channel.",
            value=(4, 4, 1),
        ),
    ],
    kind="a tuple (height, width, channels)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: pixels the floor drops

q3 = Exercise(
    name="Exercise 3",
    question=(
        "A 3×3 kernel slides over an 11×11 image with strides=3 and padding='valid'. "
        "How many columns of the image are never under the kernel at all?"
    ),
    expected=len(stride.stride_layout(11, 3, strides=3, padding="valid").unused),
    solution_code=(
        "starts = list(range(0, 11 - 3 + 1, 3))  # the windows start at columns 0, 3, 6\n"
        "last_covered = starts[-1] + 3 - 1  # the last window ends at column 8\n"
        "answer = 11 - (last_covered + 1)  # columns 9 and 10 are left over\n"
        "# or: len(stride.stride_layout(11, 3, strides=3, padding='valid').unused)"
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
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: where the extra zero goes

_PADS = shapes.same_padding(28, 3, strides=2)

q4 = Exercise(
    name="Exercise 4",
    question=(
        "Conv2D(32, 3, strides=2, padding='same') on a 28×28 image: how many zeros does "
        "TensorFlow add before (top) and after (bottom) the image? Answer (before, after)."
    ),
    expected=_PADS,
    solution_code=(
        "answer = shapes.same_padding(28, 3, strides=2)\n"
        "# 14 windows need (14 − 1)·2 + 3 = 29 rows: P = 29 − 28 = 1 zero, ⌊1/2⌋ = 0 before, "
        "1 after"
    ),
    hints=[
        "First the total: 'same' gives ⌈28/2⌉ = 14 windows. How many rows do 14 windows "
        "with stride 2 and k = 3 need? The zeros make up the difference.",
        "Total P = (14 − 1)·2 + 3 − 28. TensorFlow puts ⌊P/2⌋ before and the rest after.",
    ],
    mistakes=[
        Mistake(
            "Right amount, wrong side. When the total is odd, TensorFlow puts the extra zero "
            "AFTER the image (at the bottom and on the right): ⌊1/2⌋ = 0 before, 1 after.",
            value=swapped(_PADS),
        ),
        Mistake(
            "(1, 1) is 'same' at stride 1 (k − 1 = 2 zeros). At stride 2 the 14 windows "
            "only need (14 − 1)·2 + 3 = 29 rows, one more than 28: the total is 1 zero.",
            value=(1, 1),
        ),
        Mistake(
            "Zeros come in whole pixels, so a total of 1 cannot be split in half: "
            "one side gets 0 and the other 1. Which side?",
            value=(0.5, 0.5),
        ),
        Mistake(
            "With no zeros there are only ⌊(28 − 3)/2⌋ + 1 = 13 windows, but 'same' promises "
            "⌈28/2⌉ = 14: the 14th window needs one extra row of zeros.",
            value=(0, 0),
        ),
    ],
    kind="a tuple (before, after)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 5: the strided model's Dense

_side = 28
for _ in range(3):  # three Conv2D(32, 3, strides=2, padding='same') layers
    _side = shapes.conv_output_size(_side, 3, strides=2, padding="same")
_FLAT = _side * _side * 32  # 4·4·32 = 512
_DENSE = shapes.dense_params(_FLAT, 128)


def _params_after(side: int) -> int:
    return shapes.dense_params(side * side * 32, 128)


q5 = Exercise(
    name="Exercise 5",
    question=(
        "The strided model: three Conv2D(32, 3, strides=2, padding='same') on a 28×28×1 "
        "image, then Flatten, then Dense(128). How many parameters does Dense(128) have?"
    ),
    expected=_DENSE,
    solution_code=(
        "side = 28\n"
        "for _ in range(3):  # three 'same' convolutions with stride 2: 28 → 14 → 7 → 4\n"
        "    side = shapes.conv_output_size(side, 3, strides=2, padding='same')\n"
        "answer = shapes.dense_params(side * side * 32, 128)  # (4·4·32 + 1)·128"
    ),
    hints=[
        "First follow the size: 28 → ⌈28/2⌉ → … three times. Flatten then passes on "
        "height·width·32 numbers.",
        "Flatten gives 4·4·32 = 512 numbers. Each of the 128 neurons has one weight per "
        "input number, plus one bias.",
    ],
    mistakes=[
        Mistake(
            f"{_FLAT}·128 counts the weights only: each of the 128 neurons also has a bias, "
            f"so add 128.",
            value=_FLAT * 128,
        ),
        Mistake(
            f"{_FLAT} is how many numbers Flatten passes on. Dense(128) has 128 neurons, "
            f"each with {_FLAT} weights and 1 bias.",
            value=_FLAT,
        ),
        Mistake(
            "That is a 3×3×32 input: 7/2 was rounded down. 'same' rounds up, so after "
            "the third convolution the maps are ⌈7/2⌉ = 4 wide.",
            value=_params_after(3),
        ),
        Mistake(
            "That is a 7×7×32 input, the size after the SECOND convolution. There are three "
            "stride-2 convolutions before Flatten: 28 → 14 → 7 → 4.",
            value=_params_after(7),
        ),
        Mistake(
            "That is the Dense(128) of lesson 03's model without strides, whose Flatten "
            "passes on 22·22·32 = 15,488 numbers. Here the strides shrink the maps to 4×4.",
            value=_params_after(22),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]
