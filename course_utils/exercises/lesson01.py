"""Exercises for lesson 01 · Images as numbers.

In the notebook: ``from course_utils.exercises import lesson01 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from course_utils import shapes
from course_utils.exercises import Exercise, Mistake

SETUP = "import numpy as np\n\nfrom course_utils import shapes\n"


# ---------------------------------------------------------------- 1: numbers in one image

q1 = Exercise(
    name="Exercise 1",
    question="How many numbers does one 224×224 colour (RGB) image hold?",
    expected=224 * 224 * 3,
    solution_code="answer = 224 * 224 * 3  # height · width · channels",
    hints=[
        "An (H, W, C) array holds H·W·C numbers: one per pixel and per channel.",
        "A colour pixel is three numbers (red, green, blue): 224·224 pixels, 3 numbers each.",
    ],
    mistakes=[
        Mistake(
            "224·224 = 50,176 counts the pixels. Each colour pixel is THREE numbers "
            "(red, green, blue): multiply by the 3 channels.",
            value=224 * 224,
        ),
        Mistake(
            "224 + 224 + 3 adds the sizes. The numbers fill a grid: multiply height, width "
            "and channels.",
            value=224 + 224 + 3,
        ),
        Mistake(
            "224·3 = 672 is one row of the image. There are 224 rows.",
            value=224 * 3,
        ),
    ],
    kind="a whole number (a count of numbers)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict a batch shape

_BATCH = (8, 32, 48, 3)
_GRAY = (8, 32, 48, 1)

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: `batch` holds 8 colour images, each 32 pixels tall and 48 "
        "wide, as Keras wants them. What shape does "
        "keras.ops.image.rgb_to_grayscale(batch) return?"
    ),
    expected=_GRAY,
    solution_code=(
        "# The batch is (N, H, W, C) = (8, 32, 48, 3); grayscale keeps N, H and W and\n"
        "# turns the 3 colour channels into 1 (Keras keeps the channel axis).\n"
        "answer = (8, 32, 48, 1)"
    ),
    hints=[
        "First write the batch's shape in the order (N, H, W, C): images, height, width, "
        "channels.",
        "Turning colour into gray changes only the channels: three numbers per pixel become "
        "one. Keras keeps the channel axis, with size 1.",
    ],
    mistakes=[
        Mistake(
            "Keras keeps the channel axis: a grayscale image is (H, W, 1) in Keras, so that "
            "every layer can count on a last axis for the channels.",
            value=(8, 32, 48),
        ),
        Mistake(
            "That is the colour batch. Grayscale has one number per pixel: the last axis, "
            "the channels, goes from 3 to 1.",
            value=_BATCH,
        ),
        Mistake(
            "Height comes before width: 32 rows (tall), 48 columns (wide), so (8, 32, 48, 1).",
            value=(8, 48, 32, 1),
        ),
        Mistake(
            "Keras puts the channels LAST (channels_last): (N, H, W, C), not (N, C, H, W).",
            value=(8, 1, 32, 48),
        ),
        Mistake(
            "The 8 images are still there: the batch axis N comes first.",
            value=(32, 48, 1),
        ),
    ],
    kind="a tuple (N, H, W, C)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: a Dense layer on pixels

_PIXELS = 64 * 64 * 3
_DENSE = shapes.dense_params(_PIXELS, 100)

q3 = Exercise(
    name="Exercise 3",
    question=(
        "A 64×64 RGB image is flattened and fed to Dense(100). How many parameters does the "
        "Dense layer have?"
    ),
    expected=_DENSE,
    solution_code=(
        "inputs = 64 * 64 * 3  # 12,288 numbers after Flatten\n"
        "answer = shapes.dense_params(inputs, 100)  # (12,288 + 1)·100: weights and biases"
    ),
    hints=[
        "After Flatten, the Dense layer sees every number of the image: 64·64·3 of them.",
        "Each of the 100 neurons has one weight per input number, plus one bias.",
    ],
    mistakes=[
        Mistake(
            f"{_PIXELS:,}·100 counts the weights only: each of the 100 neurons also has a "
            "bias, so add 100.",
            value=_PIXELS * 100,
        ),
        Mistake(
            "That counts 64·64 = 4,096 inputs: an RGB image has 3 numbers per pixel, so the "
            "Dense layer sees 64·64·3 = 12,288.",
            value=shapes.dense_params(64 * 64, 100),
        ),
        Mistake(
            f"{_PIXELS:,} is how many numbers go in. Each of the 100 neurons has a weight for "
            "every one of them, plus a bias.",
            value=_PIXELS,
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: a Conv2D layer on pixels

_CONV = shapes.conv2d_params(3, 3, 100)

q4 = Exercise(
    name="Exercise 4",
    question=(
        "The same 64×64 RGB image goes into Conv2D(100, 3) instead: 100 filters of size "
        "3×3. How many parameters does the Conv2D layer have?"
    ),
    expected=_CONV,
    solution_code=(
        "answer = shapes.conv2d_params(3, in_channels=3, filters=100)  # (3·3·3 + 1)·100"
    ),
    hints=[
        "One filter looks at a 3×3 window through all 3 colour channels: 3·3·3 weights, "
        "plus one bias. The image size does not appear.",
        "100 filters, each with 3·3·3 + 1 numbers.",
    ],
    mistakes=[
        Mistake(
            "3·3·3·100 = 2,700 counts the weights only: each of the 100 filters also has "
            "one bias.",
            value=3 * 3 * 3 * 100,
        ),
        Mistake(
            "(3·3 + 1)·100 forgets the channels: a filter on an RGB image has a 3×3 patch of "
            "weights for EACH of the 3 channels.",
            value=(3 * 3 + 1) * 100,
        ),
        Mistake(
            "3·3·100 counts a 3×3 window per filter, but each filter covers all 3 channels "
            "and has a bias: (3·3·3 + 1)·100.",
            value=3 * 3 * 100,
        ),
        Mistake(
            "That is the Dense layer of Exercise 3. A filter only looks at a 3×3 window and "
            "uses the same weights everywhere, so the image size does not matter.",
            value=_DENSE,
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 5: the work of a Conv2D

_MACS = 64 * 64 * 100 * (3 * 3 * 3)

q5 = Exercise(
    name="Exercise 5",
    question=(
        "Conv2D(100, 3, padding='same') on one 64×64 RGB image gives a 64×64×100 output. "
        "Every output number is a sum of 3·3·3 products. How many multiply-adds is that "
        "for one image?"
    ),
    expected=_MACS,
    solution_code=(
        "outputs = 64 * 64 * 100  # output numbers: height · width · filters\n"
        "answer = outputs * (3 * 3 * 3)  # 27 multiply-adds for each of them"
    ),
    hints=[
        "First count the output numbers: 64·64 positions, one number per filter at each.",
        "Each output number needs 3·3·3 = 27 multiply-adds (the bias is one addition more, "
        "not counted here).",
    ],
    mistakes=[
        Mistake(
            "That is 64·64·27, the work of ONE filter. There are 100 filters, each with its "
            "own output number at every position.",
            value=64 * 64 * 27,
        ),
        Mistake(
            "64·64·100 counts the output numbers. Each one is a sum of 3·3·3 = 27 products.",
            value=64 * 64 * 100,
        ),
        Mistake(
            "That is the layer's parameter count. The same weights are used again at every "
            "one of the 64·64 positions, so the work is much larger than the weights.",
            value=_CONV,
        ),
        Mistake(
            "3·3 multiply-adds per output forgets the channels: the window has 3·3 pixels "
            "with 3 numbers each, so 27 products.",
            value=64 * 64 * 100 * 9,
        ),
    ],
    kind="a whole number (a count of multiply-adds)",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]
