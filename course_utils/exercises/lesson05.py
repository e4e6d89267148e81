"""Exercises for lesson 05 · Pooling.

In the notebook: ``from course_utils.exercises import lesson05 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``. The grids the
questions use are ``ex.GRID_1`` and ``ex.GRID_4``.
"""

from __future__ import annotations

import numpy as np

from course_utils import layers_numpy, shapes
from course_utils.exercises import Exercise, Mistake

SETUP = (
    "import numpy as np\n"
    "from course_utils import layers_numpy, shapes\n"
    "from course_utils.exercises import lesson05 as ex\n"
)

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

_MAX_1 = layers_numpy.max_pool2d(GRID_1, 2)
_STRIDE_1 = layers_numpy.max_pool2d(GRID_1, 2, strides=1)

q1 = Exercise(
    name="Exercise 1",
    question=(
        "Max-pool the 4×4 grid ex.GRID_1 with pool_size=2 (strides 2, padding 'valid'). "
        "Answer with the 2×2 result as a NumPy array or a list of rows."
    ),
    expected=_MAX_1,
    solution_code=(
        "answer = np.array([[5, 4], [7, 6]])  # the largest number of each 2×2 block\n"
        "# or: layers_numpy.max_pool2d(ex.GRID_1, pool_size=2)"
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
            value=layers_numpy.avg_pool2d(GRID_1, 2),
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
            value=_STRIDE_1,
        ),
        Mistake(
            "7 is the largest number of the whole grid. Pooling keeps one number PER WINDOW: "
            "four windows, four numbers.",
            value=7,
        ),
    ],
    kind="a 2×2 array (a list of 2 rows of 2 numbers)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict the shape

_SHAPE_2 = shapes.pool2d_output_shape((13, 13, 64), 3, strides=2, padding="valid")

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: keras.layers.MaxPooling2D(pool_size=3, strides=2) on a "
        "13×13×64 feature map. What is the output shape (height, width, channels)?"
    ),
    expected=_SHAPE_2,
    solution_code=(
        "answer = shapes.pool2d_output_shape((13, 13, 64), pool_size=3, strides=2)\n"
        "# ⌊(13 − 3)/2⌋ + 1 = 6 rows and columns; pooling keeps every channel: (6, 6, 64)"
    ),
    hints=[
        "Pooling windows move like a convolution's kernel: the same size formula, with the "
        "pool size in place of the kernel size. The default padding is 'valid'.",
        "⌊(n − k)/s⌋ + 1 with n = 13, k = 3, s = 2. And how many channels does pooling make?",
    ],
    mistakes=[
        Mistake(
            "⌊(13 − 3)/2⌋ = 5 counts the jumps, not the windows: add 1 for the window at the "
            "start.",
            value=(5, 5, 64),
        ),
        Mistake(
            "That would be strides=3 (the default, equal to the pool size). Here strides=2 "
            "is given: ⌊(13 − 3)/2⌋ + 1.",
            value=(4, 4, 64),
        ),
        Mistake(
            "⌈13/2⌉ = 7 is padding='same'. The default padding is 'valid': the 3×3 window "
            "must fit inside the map, so ⌊(13 − 3)/2⌋ + 1.",
            value=(7, 7, 64),
        ),
        Mistake(
            "13 − 3 + 1 = 11 is a stride of 1. With strides=2 the window jumps two cells.",
            value=(11, 11, 64),
        ),
        Mistake(
            "The height and width are right, but pooling works on each channel separately: "
            "64 channels in, 64 channels out.",
            when=lambda a: len(a) == 3 and tuple(a[:2]) == _SHAPE_2[:2] and a[2] != 64,
            example=(6, 6, 1),
        ),
    ],
    kind="a tuple (height, width, channels)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: the model without pooling

_side = 28
for _ in range(2):  # two Conv2D(32, 3, padding='valid') with no pooling: 28 → 26 → 24
    _side = shapes.conv_output_size(_side, 3)
_FLAT = _side * _side * 32
_DENSE = shapes.dense_params(_FLAT, 128)

q3 = Exercise(
    name="Exercise 3",
    question=(
        "Take the lesson's model and remove both MaxPooling2D layers: Conv2D(32, 3) → "
        "Conv2D(32, 3) → Flatten → Dense(128) → Dense(10) on 28×28×1 ('valid' padding). "
        "How many parameters does Dense(128) have now?"
    ),
    expected=_DENSE,
    solution_code=(
        "side = 28\n"
        "for _ in range(2):  # two 'valid' 3×3 convolutions and no pooling: 28 → 26 → 24\n"
        "    side = shapes.conv_output_size(side, 3)\n"
        "answer = shapes.dense_params(side * side * 32, 128)  # (24·24·32 + 1)·128"
    ),
    hints=[
        "Follow the size without pooling: each 'valid' 3×3 convolution takes 2 off the "
        "height and the width.",
        "Flatten passes on 24·24·32 numbers; each of the 128 neurons has one weight per "
        "number plus one bias.",
    ],
    mistakes=[
        Mistake(
            f"{_FLAT:,}·128 counts the weights only: each of the 128 neurons also has a "
            "bias, so add 128.",
            value=_FLAT * 128,
        ),
        Mistake(
            f"{_FLAT:,} is how many numbers Flatten passes on. Dense(128) has 128 neurons, "
            f"each with {_FLAT:,} weights and 1 bias.",
            value=_FLAT,
        ),
        Mistake(
            "That is the Dense(128) of the model WITH pooling (5·5·32 = 800 inputs). Without "
            "pooling the maps stay 24×24.",
            value=shapes.dense_params(800, 128),
        ),
        Mistake(
            "That is a 26×26×32 input, the size after the FIRST convolution. The second "
            "'valid' 3×3 convolution shrinks it to 24×24.",
            value=shapes.dense_params(26 * 26 * 32, 128),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: average pooling with 'same'

_AVG_4 = layers_numpy.avg_pool2d(GRID_4, 2, padding="same")
# The same windows, but dividing by 4 as if the padding cells were zeros that count.
_ZEROS_4 = layers_numpy.conv2d(GRID_4, np.full((2, 2), 0.25), strides=2, padding="same")

q4 = Exercise(
    name="Exercise 4",
    question=(
        "AveragePooling2D(pool_size=2, padding='same') on the 3×3 grid ex.GRID_4 "
        "(strides 2). Answer with the 2×2 result."
    ),
    expected=_AVG_4,
    solution_code=(
        "answer = np.array([[(4 + 2 + 0 + 2) / 4, (6 + 3) / 2], [(5 + 1) / 2, 9 / 1]])\n"
        "# or: layers_numpy.avg_pool2d(ex.GRID_4, pool_size=2, padding='same')"
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
            "Average pooling with 'same' divides by the number of real values in the window: "
            "the top-right window is (6 + 3)/2.",
            value=_ZEROS_4,
        ),
        Mistake(
            "Those are the largest values: this is AVERAGE pooling.",
            value=layers_numpy.max_pool2d(GRID_4, 2, padding="same"),
        ),
        Mistake(
            "That is padding='valid': only one 2×2 window fits. With 'same' there are "
            "⌈3/2⌉ = 2 windows per row and column.",
            when=lambda a: np.shape(a) in ((1, 1), (1,), ()) and float(np.ravel(a)[0]) == 2.0,
            example=[[2.0]],
        ),
    ],
    kind="a 2×2 array (a list of 2 rows of 2 numbers)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 5: global average pooling

_GAP = shapes.dense_params(64, 10)

q5 = Exercise(
    name="Exercise 5",
    question=(
        "A 7×7×64 feature map goes through GlobalAveragePooling2D, then Dense(10, "
        "activation='softmax'). How many parameters does the Dense layer have?"
    ),
    expected=_GAP,
    solution_code=(
        "answer = shapes.dense_params(64, 10)  # global average pooling: one number per "
        "channel, (64 + 1)·10"
    ),
    hints=[
        "Global average pooling keeps one number per channel: how many numbers reach Dense?",
        "64 numbers in, 10 neurons, each with 64 weights and 1 bias.",
    ],
    mistakes=[
        Mistake(
            "That is Flatten's count (7·7·64 numbers in). Global average pooling averages "
            "each 7×7 map to ONE number, so only 64 numbers reach the Dense layer.",
            value=shapes.dense_params(7 * 7 * 64, 10),
        ),
        Mistake("64·10 counts the weights only: each of the 10 neurons has a bias too.", value=640),
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
    setup_code=SETUP,
)

__all__ = ["GRID_1", "GRID_4", "q1", "q2", "q3", "q4", "q5"]
