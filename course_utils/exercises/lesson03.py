"""Exercises for lesson 03 · Padding.

In the notebook: ``from course_utils.exercises import lesson03 as ex``; each exercise
has its own answer name (``output_rows = None  # your code here``), then
``ex.q1.check()``, ``ex.q1.hint()``, ``ex.q1.solution()``. The questions are in the
notebook; expected values are written out here, independently of ``shapes``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake

# ---------------------------------------------------------------- 1: valid shrinks

q1 = Exercise(
    name="Exercise 1",
    answer_name="output_rows",
    expected=40 - 7 + 1,
    solution_code="output_rows = 40 + 2 * 0 - 7 + 1  # n + 2p − k + 1 with p = 0 ('valid')",
    hints=[
        "'valid' adds no zeros, so p = 0. The kernel must fit completely inside the image.",
        "o = n + 2p − k + 1 with n = 40, k = 7, p = 0.",
    ],
    mistakes=[
        Mistake(
            "40 − 7 = 33 counts the steps the kernel takes, not its positions: it also sits "
            "at its starting place before the first step. Add 1.",
            value=33,
        ),
        Mistake(
            "40 is what padding='same' keeps. 'valid' adds no zeros, so the output loses "
            "k − 1 = 6 rows.",
            value=40,
        ),
        Mistake(
            "46 = 40 + 7 − 1 is the size for 'full' padding (k − 1 = 6 zeros on each side). "
            "'valid' adds none.",
            value=46,
        ),
        Mistake(
            "38 would be a 3×3 kernel. A 7×7 kernel reaches 3 pixels beyond its centre on "
            "each side, so the output loses 3 rows at the top and 3 at the bottom.",
            value=38,
        ),
    ],
    kind="a whole number (the number of output rows)",
)


# ---------------------------------------------------------------- 2: predict 'same'

q2 = Exercise(
    name="Exercise 2",
    answer_name="same_shape",
    expected=(32, 32, 16),
    solution_code=(
        "same_shape = (32, 32, 16)  # 'same' at stride 1 keeps 32×32; one map per filter"
    ),
    hints=[
        "At stride 1, 'same' adds exactly enough zeros to keep the height and width.",
        "The number of channels of a Conv2D output is its number of filters, whatever the "
        "number of input channels.",
    ],
    mistakes=[
        Mistake(
            "28×28 is what padding='valid' gives (32 − 5 + 1). 'same' adds 2 zeros on each "
            "side, so the 5×5 kernel can centre on every pixel: 32 + 2·2 − 5 + 1 = 32.",
            value=(28, 28, 16),
        ),
        Mistake(
            "36×36 is 'full' padding (4 zeros on each side). 'same' adds only half of that, "
            "2 on each side, and keeps 32.",
            value=(36, 36, 16),
        ),
        Mistake(
            "Height and width are right, but each of the 16 filters makes its own feature "
            "map: the last number is the number of filters, not the input's 3 colours.",
            value=(32, 32, 3),
        ),
        Mistake(
            "Each filter reads all 3 colour channels at once and sums them into ONE map, so "
            "16 filters make 16 maps, not 3·16.",
            value=(32, 32, 48),
        ),
    ],
    kind="a tuple (height, width, channels)",
)


# ---------------------------------------------------------------- 3: zeros for 'same'

q3 = Exercise(
    name="Exercise 3",
    answer_name="zeros_per_side",
    expected=(9 - 1) // 2,
    solution_code=(
        "zeros_per_side = (9 - 1) // 2  # 'same' at stride 1 needs k − 1 = 8 zeros in all"
    ),
    hints=[
        "For the output to stay 28, n + 2p − k + 1 must equal n. Solve for p.",
        "2p − 9 + 1 = 0, so 2p = 8.",
    ],
    mistakes=[
        Mistake(
            "8 = k − 1 is the total number of zeros along one axis, split between the two "
            "sides: half before and half after.",
            value=8,
        ),
        Mistake(
            "9 is the kernel size. How many pixels does a 9×9 kernel reach beyond its "
            "centre on each side? That is how many zeros it needs to centre on an edge pixel.",
            value=9,
        ),
        Mistake(
            "3 zeros per side are enough for a 7×7 kernel, not a 9×9 one: 28 + 2·3 − 9 + 1 "
            "= 26, so the output would still shrink.",
            value=3,
        ),
        Mistake(
            "One zero on each side is enough for a 3×3 kernel, not a 9×9 one: 28 + 2·1 − 9 + 1 "
            "= 22, so the output would still shrink.",
            value=1,
        ),
    ],
    kind="a whole number (zeros on one side)",
)


# ---------------------------------------------------------------- 4: coverage at the edge

q4 = Exercise(
    name="Exercise 4",
    answer_name="window_counts",
    # 'same' with k = 5 on n = 8: 2 zeros per side. Along one axis pixel 0 is under the
    # windows starting at padded cells 0, 1, 2 (3 of them), pixel 3 under 5 of them.
    expected=(3 * 3, 3 * 5),
    solution_code=(
        "layout = shapes.axis_layout(8, 5, padding='same')  # 2 zeros on each side\n"
        "along = layout.coverage[layout.pad_before :]  # windows over pixel 0, 1, … of a row\n"
        "window_counts = (along[0] * along[0], along[0] * along[3])\n"
        "# by hand: along one axis pixel 0 is under 3 windows, pixel 3 under 5;\n"
        "# a pixel's count is the row count times the column count: (3·3, 3·5)"
    ),
    hints=[
        "Count along one axis first. 'same' with k = 5 adds 2 zeros on each side, and a "
        "window covers pixel i when it starts at most 4 cells before it.",
        "Along one axis, pixel 0 is under 3 windows and pixel 3 under 5. A pixel's count in "
        "2-D is (windows along its row) × (windows along its column).",
    ],
    mistakes=[
        Mistake(
            "(1, 4) is what 'valid' gives: only the first window reaches the corner. With "
            "'same' the kernel's centre visits every pixel, so more windows reach the border.",
            value=(1, 4),
        ),
        Mistake(
            "(4, 6) are the counts of the lesson's 3×3 kernel. A 5×5 kernel is wider, so "
            "more windows overlap each pixel.",
            value=(4, 6),
        ),
        Mistake(
            "Those are the counts along one axis only. In 2-D a window is a (row start, "
            "column start) pair: multiply the row count by the column count.",
            value=(3, 5),
        ),
        Mistake(
            "25 is a pixel in the middle, under all 5·5 placements. Pixels in row 0 are "
            "reached by only 3 window rows.",
            when=lambda a: isinstance(a, (tuple, list)) and len(a) == 2 and 25 in tuple(a),
            example=(25, 25),
        ),
    ],
    kind="a tuple (corner, edge)",
)


# ---------------------------------------------------------------- 5: the model on 32×32×3

q5 = Exercise(
    name="Exercise 5",
    answer_name="dense_128_params",
    expected=(26 * 26 * 32 + 1) * 128,  # 32 → 30 → 28 → 26, 32 filters, plus one bias each
    solution_code=(
        "side = 32\n"
        "for _ in range(3):  # three 'valid' 3×3 convolutions: 32 → 30 → 28 → 26\n"
        "    side = side - 3 + 1\n"
        "dense_128_params = (side * side * 32 + 1) * 128  # one weight per number, plus a bias"
    ),
    hints=[
        "Follow the size: each 'valid' 3×3 convolution takes 2 off. Flatten then passes on "
        "height·width·32 numbers (32 filters; the input's 3 colours do not reach it).",
        "Flatten gives 26·26·32 numbers. Each of the 128 neurons has one weight per number, "
        "plus one bias.",
    ],
    mistakes=[
        Mistake(
            "That counts the weights only: each of the 128 neurons also has a bias, so add 128.",
            value=26 * 26 * 32 * 128,
        ),
        Mistake(
            "That is the 28×28 input of the lesson's model. Here the image is 32×32: "
            "32 → 30 → 28 → 26.",
            value=(22 * 22 * 32 + 1) * 128,
        ),
        Mistake(
            "That is a 32×32 map, as if the convolutions used padding='same'. 'valid' takes "
            "k − 1 = 2 off the size in every layer.",
            value=(32 * 32 * 32 + 1) * 128,
        ),
        Mistake(
            "The colour channels do not reach Flatten: after a Conv2D the depth is its "
            "number of filters (32), so Flatten passes on 26·26·32 numbers, not 26·26·32·3.",
            value=(26 * 26 * 32 * 3 + 1) * 128,
        ),
        Mistake(
            "That is 30×30, the size after ONE convolution. There are three before Flatten: "
            "32 → 30 → 28 → 26.",
            value=(30 * 30 * 32 + 1) * 128,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 6: why edges at the border?

BORDER_CHOICES = {
    "A": "Keras makes the kernel's weights smaller near the border.",
    "B": "The padding zeros are dark next to the white image, so the windows at the left and "
    "right border see a step between dark and bright, which is what the kernel measures.",
    "C": "float32 rounding errors pile up at the border.",
    "D": "'same' copies the border pixels outwards, and the copies differ from the originals.",
}

q6 = Exercise(
    name="Exercise 6",
    answer_name="border_reason",
    expected="B",
    solution_code=(
        "# Inside, each window sees three 1s on the left and three 1s on the right: 3 − 3 = 0.\n"
        "# At the left border the window's left column lies on zeros: 0 − 3 = −3; at the\n"
        "# right border its right column does: 3 − 0 = 3. The zeros are an edge.\n"
        'border_reason = "B"'
    ),
    hints=[
        "Work out one window by hand: a window centred on pixel (2, 0) of the white image. "
        "Which of its three columns lies on the padding?",
        "The kernel computes (left column sum) − (right column sum). What is that when the "
        "left column holds zeros and the right column holds ones?",
    ],
    mistakes=[
        Mistake(
            "A layer's weights are the same at every position (that is the point of a "
            "convolution); only the numbers under the window change.",
            value="A",
        ),
        Mistake(
            "The values are whole numbers (0 − 3 = −3), far from any rounding error: the "
            "window at the border really sees different numbers.",
            value="C",
        ),
        Mistake(
            "Keras's 'same' pads with zeros, not copies. With copies of the border pixels "
            "(NumPy's np.pad(..., mode='edge')) the white image would stay white and the "
            "output would be 0 everywhere.",
            value="D",
        ),
        Mistake(
            'Answer with one letter, e.g. border_reason = "A".',
            when=lambda a: isinstance(a, str) and a.strip().upper() not in BORDER_CHOICES,
            example="E",
        ),
    ],
    kind='one letter, "A", "B", "C" or "D"',
)


# ---------------------------------------------------------------- 7: write 'same' yourself

# (image, kernel, expected) with the expected numbers worked out by hand and written down.
_CASES = [
    (
        [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
        [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
        [[12, 21, 16], [27, 45, 33], [24, 39, 28]],
    ),
    (
        [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
        [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
        [[-7, -4, 7], [-15, -6, 15], [-13, -4, 13]],
    ),
    (  # a 5×5 kernel that reads only its top-left cell: needs 2 zeros on each side
        [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]],
        [[1, 0, 0, 0, 0]] + [[0, 0, 0, 0, 0]] * 4,
        [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 4, 5]],
    ),
    (  # not square: 2 rows, 3 columns
        [[1, -2, 3], [0, 4, -1]],
        [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        [[-6, 16, -15], [5, -19, 11]],
    ),
]


def _test_conv_same(fn: Any) -> str | None:
    """None when `fn(image, kernel)` gives Keras's 'same' numbers on every case, else why not."""
    if not callable(fn):
        return f"conv_same must be a function (a `def`), not {type(fn).__name__}."
    for image, kernel, expected in _CASES:
        image_arr, kernel_arr = np.array(image, dtype=float), np.array(kernel, dtype=float)
        want = np.array(expected, dtype=float)
        call = f"conv_same(np.array({image}), np.array({kernel}))"
        try:
            got = fn(image_arr.copy(), kernel_arr.copy())
        except Exception as err:  # a learner's bug: say which call failed and how
            return f"{call} raised {type(err).__name__}: {err}"
        if got is None:
            return f"{call} returned None: end the function with `return` and the output array."
        try:
            got = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return f"{call} returned {type(got).__name__}, not an array of numbers."
        if got.shape != want.shape:
            if got.ndim == 2 and got.shape[0] < want.shape[0]:
                return (
                    f"{call} has shape {got.shape}, smaller than the image {want.shape}: that "
                    "is 'valid'. Pad (k − 1)//2 zeros on every side before sliding the kernel."
                )
            return f"{call} has shape {got.shape}; 'same' keeps the image's shape {want.shape}."
        if np.allclose(got, want, atol=1e-6):
            continue
        flipped = kernel_arr[::-1, ::-1]
        if not np.allclose(flipped, kernel_arr) and np.allclose(got, -want, atol=1e-6):
            return (
                f"{call} gives the right numbers with the opposite sign: the kernel was "
                "flipped (np.convolve-style). A CNN layer slides the kernel as it is."
            )
        return f"{call} gave {got.tolist()}, but Keras's 'same' gives {want.tolist()}."
    return None


q7 = Exercise(
    name="Exercise 7",
    answer_name="conv_same",
    expected=None,
    test=_test_conv_same,
    solution_code=(
        "def conv_same(image, kernel):\n"
        "    k = kernel.shape[0]\n"
        "    p = (k - 1) // 2  # 'same' at stride 1: (k − 1)/2 zeros on every side\n"
        "    padded = np.pad(image, p)  # zeros around the image\n"
        "    out = np.zeros(image.shape)\n"
        "    for i in range(image.shape[0]):  # every output row\n"
        "        for j in range(image.shape[1]):  # every output column\n"
        "            out[i, j] = np.sum(padded[i : i + k, j : j + k] * kernel)\n"
        "    return out"
    ),
    hints=[
        "Two steps: pad, then a 'valid' convolution. The kernel is k×k with k odd, so "
        "p = (k − 1) // 2 zeros go on every side: `np.pad(image, p)`.",
        "The output has the image's shape. For each output (i, j), multiply the k×k window "
        "padded[i : i + k, j : j + k] by the kernel, cell by cell, and add up.",
    ],
    kind="a function conv_same(image, kernel)",
)

__all__ = ["BORDER_CHOICES", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]
