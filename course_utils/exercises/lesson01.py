"""Exercises for lesson 01 · Images as numbers.

In the notebook: ``from course_utils.exercises import lesson01 as ex``; each exercise has
its own answer name (``numbers_in_image = None  # your code here``), then ``ex.q1.check()``,
``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake

# ---------------------------------------------------------------- 1: numbers in one image

q1 = Exercise(
    name="Exercise 1",
    answer_name="numbers_in_image",
    expected=240 * 320 * 3,
    solution_code="numbers_in_image = 240 * 320 * 3  # height · width · channels",
    hints=[
        "An (H, W, C) array holds H·W·C numbers: one per pixel and per channel.",
        "A colour pixel is three numbers (red, green, blue): 240·320 pixels, 3 numbers each.",
    ],
    mistakes=[
        Mistake(
            "240·320 = 76,800 counts the pixels. Each colour pixel is THREE numbers "
            "(red, green, blue): multiply by the 3 channels.",
            value=240 * 320,
        ),
        Mistake(
            "240 + 320 + 3 adds the sizes. The numbers fill a grid: multiply height, width "
            "and channels.",
            value=240 + 320 + 3,
        ),
        Mistake(
            "320·3 = 960 is one row of the image. There are 240 rows.",
            value=320 * 3,
        ),
    ],
    kind="a whole number (a count of numbers)",
)


# ---------------------------------------------------------------- 2: predict a batch shape

q2 = Exercise(
    name="Exercise 2",
    answer_name="gray_batch_shape",
    expected=(8, 32, 48, 1),
    solution_code=(
        "# The batch is (N, H, W, C) = (8, 32, 48, 3); grayscale keeps N, H and W and\n"
        "# turns the 3 colour channels into 1 (Keras keeps the channel axis).\n"
        "gray_batch_shape = (8, 32, 48, 1)"
    ),
    hints=[
        "First write the batch's shape in the order (N, H, W, C): images, height, width, channels.",
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
            value=(8, 32, 48, 3),
        ),
        Mistake(
            "Height comes before width: 32 rows (tall), 48 columns (wide).",
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
)


# ---------------------------------------------------------------- 3: a Dense layer on pixels

q3 = Exercise(
    name="Exercise 3",
    answer_name="dense_param_count",
    expected=(32 * 32 * 3 + 1) * 64,
    solution_code=(
        "inputs = 32 * 32 * 3  # numbers after Flatten\n"
        "dense_param_count = (inputs + 1) * 64  # a weight per input, plus a bias, per neuron"
    ),
    hints=[
        "After Flatten, the Dense layer sees every number of the image: 32·32·3 of them.",
        "Each of the 64 neurons has one weight per input number, plus one bias.",
    ],
    mistakes=[
        Mistake(
            "32·32·3·64 counts the weights only: each of the 64 neurons also has a bias, so "
            "add 64.",
            value=32 * 32 * 3 * 64,
        ),
        Mistake(
            "That counts 32·32 = 1,024 inputs: an RGB image has 3 numbers per pixel, so the "
            "Dense layer sees 32·32·3 of them.",
            value=(32 * 32 + 1) * 64,
        ),
        Mistake(
            "That is how many numbers go in. Each of the 64 neurons has a weight for every "
            "one of them, plus a bias.",
            value=32 * 32 * 3,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 4: a Conv2D layer on pixels

q4 = Exercise(
    name="Exercise 4",
    answer_name="conv_param_count",
    expected=(5 * 5 * 3 + 1) * 64,
    solution_code="conv_param_count = (5 * 5 * 3 + 1) * 64  # weights and a bias per filter",
    hints=[
        "One filter looks at a 5×5 window through all 3 colour channels: 5·5·3 weights, "
        "plus one bias. The image size does not appear.",
        "64 filters, each with 5·5·3 + 1 numbers.",
    ],
    mistakes=[
        Mistake(
            "5·5·3·64 counts the weights only: each of the 64 filters also has one bias.",
            value=5 * 5 * 3 * 64,
        ),
        Mistake(
            "(5·5 + 1)·64 forgets the channels: a filter on an RGB image has a 5×5 patch of "
            "weights for EACH of the 3 channels.",
            value=(5 * 5 + 1) * 64,
        ),
        Mistake(
            "5·5·64 counts a 5×5 window per filter, but each filter covers all 3 channels "
            "and has a bias.",
            value=5 * 5 * 64,
        ),
        Mistake(
            "That is the Dense layer of Exercise 3. A filter only looks at a 5×5 window and "
            "uses the same weights everywhere, so the image size does not matter.",
            value=(32 * 32 * 3 + 1) * 64,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 5: the work of a Conv2D

q5 = Exercise(
    name="Exercise 5",
    answer_name="conv_multiply_adds",
    expected=32 * 32 * 64 * (5 * 5 * 3),
    solution_code=(
        "outputs = 32 * 32 * 64  # output numbers: height · width · filters\n"
        "conv_multiply_adds = outputs * (5 * 5 * 3)  # 75 multiply-adds for each of them"
    ),
    hints=[
        "First count the output numbers: 32·32 positions, one number per filter at each.",
        "Each output number needs 5·5·3 = 75 multiply-adds (the bias is one addition more, "
        "not counted here).",
    ],
    mistakes=[
        Mistake(
            "That is 32·32·75, the work of ONE filter. There are 64 filters, each with its "
            "own output number at every position.",
            value=32 * 32 * 75,
        ),
        Mistake(
            "32·32·64 counts the output numbers. Each one is a sum of 5·5·3 = 75 products.",
            value=32 * 32 * 64,
        ),
        Mistake(
            "That is the layer's parameter count. The same weights are used again at every "
            "one of the 32·32 positions, so the work is much larger than the weights.",
            value=(5 * 5 * 3 + 1) * 64,
        ),
        Mistake(
            "5·5 multiply-adds per output forgets the channels: the window has 5·5 pixels "
            "with 3 numbers each, so 75 products.",
            value=32 * 32 * 64 * 25,
        ),
        Mistake(
            "A 28×28 output is what `padding='valid'` would give. With `padding='same'` the "
            "output keeps the input's 32×32 positions.",
            value=28 * 28 * 64 * 75,
        ),
    ],
    kind="a whole number (a count of multiply-adds)",
)


# ---------------------------------------------------------------- 6: interpret a picture


def mystery_photo(photo: Any) -> np.ndarray:
    """The photo after one of Exercise 6's changes (which one is the exercise)."""
    return np.asarray(photo)[:, :, ::-1].copy()


MYSTERY_CHOICES = {
    "A": "every value v was replaced by 255 − v",
    "B": "the green channel was set to 0 everywhere",
    "C": "the red and the blue channel were swapped",
    "D": "the rows were put in the opposite order",
}

q6 = Exercise(
    name="Exercise 6",
    answer_name="what_happened",
    expected="C",
    solution_code=(
        "# The face, red in the photo, is now bluish; the flag's blue corner is now\n"
        "# brownish red; white stays white and black stays black; green things keep\n"
        "# their green. Only red and blue traded places.\n"
        'what_happened = "C"'
    ),
    hints=[
        "Look at three things: something white (the shirt), something that was red (the "
        "face, the flag's stripes) and something that was blue (the background).",
        "Is the picture upside down? Did white become black? If white is still white and "
        "only some colours changed, which channels must have changed places?",
    ],
    mistakes=[
        Mistake(
            "255 − v would turn the white shirt black and the dark uniform white, like a "
            "photo negative. Here the shirt is still white.",
            value="A",
        ),
        Mistake(
            "Without green, white (255, 255, 255) would become (255, 0, 255), magenta. Here "
            "the shirt is still white.",
            value="B",
        ),
        Mistake(
            "Putting the rows in the opposite order turns the picture upside down, with the "
            "colours unchanged. Here the face is still at the top.",
            value="D",
        ),
    ],
    kind='one letter: "A", "B", "C" or "D"',
)


# ---------------------------------------------------------------- 7: write code: channels first

_TEST_SHAPE = (2, 3, 4, 5)  # N, H, W, C: all different, so a mix-up shows


def _channels_first_test(fn: Any) -> str | None:
    """None when `fn` turns (N, H, W, C) batches into (N, C, H, W); else a message."""
    if not callable(fn):
        return f"`to_channels_first` should be a function (a `def`), not {type(fn).__name__}."
    n, h, w, c = _TEST_SHAPE
    batch = np.arange(n * h * w * c).reshape(_TEST_SHAPE)
    original = batch.copy()
    try:
        result = fn(batch)
    except Exception as err:  # the learner's function raised: say so, do not crash
        return (
            f"to_channels_first(batch) raised {type(err).__name__}: {err} "
            f"(batch had shape {_TEST_SHAPE})."
        )
    if result is None:
        return "to_channels_first(batch) returned None: did you forget `return`?"
    try:
        out = np.asarray(result)
    except Exception:
        return f"to_channels_first(batch) returned {type(result).__name__}, not an array."
    if not np.issubdtype(out.dtype, np.number):
        return (
            f"to_channels_first(batch) returned {type(result).__name__}, not an array of "
            "numbers: return the batch's numbers with their axes in the new order."
        )
    if not np.array_equal(batch, original):
        return "to_channels_first changed the batch it was given: return a new array instead."
    want = (n, c, h, w)
    if out.shape != want:
        return (
            f"For a batch of shape {_TEST_SHAPE} (N, H, W, C) the result should have shape "
            f"(N, C, H, W) = {want}; yours has shape {out.shape}."
        )
    for i in range(n):
        for ch in range(c):
            for row in range(h):
                for col in range(w):
                    try:
                        same = bool(out[i, ch, row, col] == batch[i, row, col, ch])
                    except Exception:
                        same = False
                    if not same:
                        return (
                            "The shape is right but the numbers are in the wrong places: "
                            f"result[{i}, {ch}, {row}, {col}] should be "
                            f"batch[{i}, {row}, {col}, {ch}]. `reshape` keeps the numbers in "
                            "their old order and only cuts them up differently; moving an "
                            "axis needs `np.transpose` (or `np.moveaxis`)."
                        )
    return None


q7 = Exercise(
    name="Exercise 7",
    answer_name="to_channels_first",
    expected=None,
    solution_code=(
        "def to_channels_first(batch):\n"
        "    # (N, H, W, C) -> (N, C, H, W): the new axes are old axes 0, 3, 1, 2\n"
        "    return np.transpose(batch, (0, 3, 1, 2))"
    ),
    hints=[
        "The numbers stay the same; only the order of the axes changes: axis 3 (C) moves "
        "to position 1.",
        "`np.transpose(array, order)` puts the axes in a new order: the result's axis i is "
        "the input's axis order[i]. (`reshape` would keep the right sizes but mix up the "
        "numbers.)",
    ],
    kind="a function",
    test=_channels_first_test,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "mystery_photo", "MYSTERY_CHOICES"]
