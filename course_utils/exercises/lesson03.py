"""Exercises for lesson 03 · Padding.

In the notebook: ``from course_utils.exercises import lesson03 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from course_utils import shapes
from course_utils.exercises import Exercise, Mistake
from course_utils.widgets import padding

SETUP = "from course_utils import shapes\nfrom course_utils.widgets import padding\n"


# ---------------------------------------------------------------- 1: valid shrinks

q1 = Exercise(
    name="Exercise 1",
    question=(
        "A 5×5 kernel slides over a 32×32 image with padding='valid' (stride 1). "
        "How many rows does the output have?"
    ),
    expected=shapes.conv_output_size(32, 5, padding="valid"),
    solution_code=(
        "answer = 32 + 2 * 0 - 5 + 1  # n + 2p − k + 1 with p = 0\n"
        "# or: shapes.conv_output_size(32, 5, padding='valid')"
    ),
    hints=[
        "'valid' adds no zeros, so p = 0. The kernel must fit completely inside the image.",
        "o = n + 2p − k + 1 with n = 32, k = 5, p = 0.",
    ],
    mistakes=[
        Mistake(
            "32 − 5 = 27 counts the steps the kernel takes, not its positions: it also sits "
            "at its starting place before the first step. Add 1.",
            value=27,
        ),
        Mistake(
            "32 is what padding='same' keeps. 'valid' adds no zeros, so the output loses "
            "k − 1 = 4 rows.",
            value=32,
        ),
        Mistake(
            "36 = 32 + 5 − 1 is the size for 'full' padding (k − 1 = 4 zeros on each side). "
            "'valid' adds none.",
            value=36,
        ),
        Mistake(
            "30 would be a 3×3 kernel. A 5×5 kernel reaches 2 pixels beyond its centre on "
            "each side, so the output loses 2 rows at the top and 2 at the bottom.",
            value=30,
        ),
    ],
    kind="a whole number (the number of output rows)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict 'same'

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: keras.layers.Conv2D(16, 5, padding='same') is applied to "
        "one 28×28 grayscale image (shape (28, 28, 1)). What is the output shape "
        "(height, width, channels), without the batch axis?"
    ),
    expected=shapes.conv2d_output_shape((28, 28, 1), 16, 5, padding="same"),
    solution_code=(
        "answer = shapes.conv2d_output_shape((28, 28, 1), filters=16, kernel_size=5, "
        "padding='same')\n"
        "# 'same' at stride 1 keeps 28×28; one channel per filter: (28, 28, 16)"
    ),
    hints=[
        "At stride 1, 'same' adds exactly enough zeros to keep the height and width.",
        "The number of channels of a Conv2D output is its number of filters.",
    ],
    mistakes=[
        Mistake(
            "24×24 is what padding='valid' gives (28 − 5 + 1). 'same' adds 2 zeros on each "
            "side, so the 5×5 kernel can centre on every pixel: 28 + 2·2 − 5 + 1 = 28.",
            value=(24, 24, 16),
        ),
        Mistake(
            "32×32 is 'full' padding (4 zeros on each side). 'same' adds only half of that, "
            "2 on each side, and keeps 28.",
            value=(32, 32, 16),
        ),
        Mistake(
            "Height and width are right, but each of the 16 filters makes its own feature "
            "map: the last number is the number of filters, not the input's 1 channel.",
            value=(28, 28, 1),
        ),
    ],
    kind="a tuple (height, width, channels)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: zeros for 'same'

_SAME_7 = shapes.same_padding(28, 7)

q3 = Exercise(
    name="Exercise 3",
    question=(
        "Conv2D(8, 7, padding='same') on a 28×28 image: how many zeros does Keras add on "
        "each side of the image (top, bottom, left and right each get the same number)?"
    ),
    expected=_SAME_7[0],
    solution_code=(
        "answer = (7 - 1) // 2  # 'same' at stride 1 needs k − 1 = 6 zeros in all, 3 per side\n"
        "# or: shapes.same_padding(28, 7)[0]"
    ),
    hints=[
        "For the output to stay 28, n + 2p − k + 1 must equal n. Solve for p.",
        "2p − 7 + 1 = 0, so 2p = 6.",
    ],
    mistakes=[
        Mistake(
            "6 = k − 1 is the total number of zeros along one axis, split between the two "
            "sides: 3 before and 3 after.",
            value=6,
        ),
        Mistake(
            "7 is the kernel size. A 7×7 kernel reaches 3 pixels beyond its centre on each "
            "side, so 3 zeros are enough for it to centre on the edge pixels.",
            value=7,
        ),
        Mistake(
            "One zero on each side is enough for a 3×3 kernel, not a 7×7 one: 28 + 2·1 − 7 + 1 "
            "= 24, so the output would still shrink.",
            value=1,
        ),
    ],
    kind="a whole number (zeros on one side)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: coverage at the edge

_COUNTS = padding.coverage_counts(6, 3, "valid")

q4 = Exercise(
    name="Exercise 4",
    question=(
        "A 3×3 kernel slides over a 6×6 image with padding='valid'. How many of its windows "
        "cover the top-left corner pixel (0, 0), and how many cover pixel (2, 2)? Answer "
        "(corner, inner)."
    ),
    expected=(int(_COUNTS[0, 0]), int(_COUNTS[2, 2])),
    solution_code=(
        "counts = padding.coverage_counts(6, 3, 'valid')\n"
        "answer = (counts[0, 0], counts[2, 2])  # only the first window reaches the corner\n"
        "# by hand: a window covers (i, j) when it starts at most 2 rows and columns before it"
    ),
    hints=[
        "A window covers pixel (i, j) if its top-left corner (r, c) has r <= i <= r + 2 and "
        "c <= j <= c + 2. Windows start at rows and columns 0 to 3.",
        "For the corner only r = 0 and c = 0 work. For (2, 2), r and c can each be 0, 1 or 2.",
    ],
    mistakes=[
        Mistake(
            "9 windows cover an inner pixel, but the corner is not inner: a window that "
            "covers (0, 0) must start at (0, 0), so only one does. That is why 'valid' "
            "under-uses the edges.",
            value=(9, 9),
        ),
        Mistake(
            "(4, 9) is what 'same' padding gives: with a ring of zeros, 4 windows reach the "
            "corner. With 'valid' only the first window does.",
            value=(4, 9),
        ),
        Mistake(
            "Right for the corner, but (2, 2) is under every window that starts at rows 0–2 "
            "and columns 0–2: 3·3 of them.",
            value=(1, 3),
        ),
    ],
    kind="a tuple (corner, inner)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 5: the model on 32×32×3

_side = 32
for _ in range(3):  # three Conv2D(32, 3, padding='valid') layers
    _side = shapes.conv_output_size(_side, 3, padding="valid")
_FLAT = _side * _side * 32  # 26·26·32


def _dense_after(side: int) -> int:
    return shapes.dense_params(side * side * 32, 128)


q5 = Exercise(
    name="Exercise 5",
    question=(
        "The lesson's 'valid' model is fed colour images of 32×32×3 instead of 28×28×1: "
        "three Conv2D(32, 3, padding='valid'), Flatten, Dense(128). How many parameters "
        "does Dense(128) have?"
    ),
    expected=shapes.dense_params(_FLAT, 128),
    solution_code=(
        "side = 32\n"
        "for _ in range(3):  # three 'valid' 3×3 convolutions: 32 → 30 → 28 → 26\n"
        "    side = shapes.conv_output_size(side, 3, padding='valid')\n"
        "answer = shapes.dense_params(side * side * 32, 128)  # (26·26·32 + 1)·128"
    ),
    hints=[
        "Follow the size: each 'valid' 3×3 convolution takes 2 off. Flatten then passes on "
        "height·width·32 numbers (32 filters; the input's 3 colours do not reach it).",
        "Flatten gives 26·26·32 = 21,632 numbers. Each of the 128 neurons has one weight per "
        "number, plus one bias.",
    ],
    mistakes=[
        Mistake(
            f"{_FLAT:,}·128 counts the weights only: each of the 128 neurons also has a bias, "
            "so add 128.",
            value=_FLAT * 128,
        ),
        Mistake(
            "That is the 28×28 input of the lesson's model. Here the image is 32×32: "
            "32 → 30 → 28 → 26.",
            value=_dense_after(22),
        ),
        Mistake(
            "That is a 32×32 map, as if the convolutions used padding='same'. 'valid' takes "
            "k − 1 = 2 off the size in every layer.",
            value=_dense_after(32),
        ),
        Mistake(
            "The colour channels do not reach Flatten: after a Conv2D the depth is its "
            "number of filters (32), so Flatten passes on 26·26·32 numbers, not 26·26·32·3.",
            value=shapes.dense_params(_FLAT * 3, 128),
        ),
        Mistake(
            "That is 30×30, the size after ONE convolution. There are three before Flatten: "
            "32 → 30 → 28 → 26.",
            value=_dense_after(30),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]
