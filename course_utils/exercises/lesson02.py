"""Exercises for lesson 02 · Convolution.

In the notebook: ``from course_utils.exercises import lesson02 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

import numpy as np

from course_utils import layers_numpy, shapes
from course_utils.exercises import Exercise, Mistake
from course_utils.widgets import convolution


def _readonly(values: list[list[int]]) -> np.ndarray:
    arr = np.array(values, dtype=float)
    arr.flags.writeable = False
    return arr


def _written_out(patch: np.ndarray, kernel: np.ndarray) -> str:
    """'3*1 + 1*0 + 0*(-1) + …': the nine products as Python code."""

    def num(v: float) -> str:
        text = str(int(v)) if v == int(v) else str(v)
        return f"({text})" if v < 0 else text

    return " + ".join(
        f"{num(p)}*{num(k)}" for p, k in zip(patch.ravel(), kernel.ravel(), strict=True)
    )


# ---------------------------------------------------------------- 1: one output value by hand

Q1_PATCH = _readonly([[3, 1, 0], [4, 2, 1], [2, 2, 0]])
Q1_KERNEL = _readonly([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
_q1 = float(layers_numpy.conv2d(Q1_PATCH, Q1_KERNEL)[0, 0])

q1 = Exercise(
    name="Exercise 1",
    question=(
        "Predict before you run: the 3×3 kernel `q1_kernel` sits on the 3×3 window `q1_patch`. "
        "Work out by hand the number it writes into the feature map (no bias)."
    ),
    expected=_q1,
    solution_code=(
        f"answer = {_written_out(Q1_PATCH, Q1_KERNEL)}  # = {_q1:g}\n"
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
            "products are subtracted. Adding them as positive numbers gives 15.",
            value=float(np.sum(np.abs(Q1_PATCH * Q1_KERNEL))),
        ),
        Mistake(
            "The sign is reversed. Keras does not flip the kernel: the left column of the "
            "window meets the left column of the kernel (+1, +2, +1), so bright pixels on the "
            "left give a positive result.",
            value=float(np.sum(Q1_PATCH * Q1_KERNEL[:, ::-1])),
        ),
        Mistake(
            "0 is what the centre pixel alone gives (its weight is 0), and also what a matrix "
            "product q1_patch @ q1_kernel adds up to. A convolution multiplies each of the 9 "
            "pixels by the weight at the same place, then adds all 9 products.",
            value=0.0,
        ),
        Mistake(
            "Those are the 9 products: you are one step away. The feature map gets ONE number "
            "here, their sum.",
            when=lambda a: np.shape(a) == (3, 3),
            example=Q1_PATCH * Q1_KERNEL,
        ),
    ],
    kind="a number (the sum of the 9 products)",
    setup_code=(
        "import numpy as np\n"
        "from course_utils.exercises import lesson02 as ex\n"
        "q1_patch, q1_kernel = ex.Q1_PATCH, ex.Q1_KERNEL\n"
    ),
)


# ---------------------------------------------------------------- 2: the output size

q2 = Exercise(
    name="Exercise 2",
    question=(
        "A 3×3 kernel slides over a 28×28 MNIST digit, one pixel at a time, and only where it "
        "fits completely inside (padding='valid'). How many rows does the feature map have?"
    ),
    expected=shapes.conv_output_size(28, 3, strides=1, padding="valid"),
    solution_code=(
        "answer = 28 - 3 + 1  # the kernel's top row can start at rows 0, 1, …, 25\n"
        "# or: shapes.conv_output_size(28, 3, padding='valid')"
    ),
    hints=[
        "On the 5×5 example the 3×3 kernel fitted in 3 places per row. Count the same way.",
        "The kernel's top row can start at row 0, and at most at row 28 − 3 = 25. "
        "How many numbers are there from 0 to 25?",
        "n − k + 1",
    ],
    mistakes=[
        Mistake(
            "You forgot the +1. 28 − 3 = 25 is the LAST row where the kernel can start, but "
            "it also starts at row 0: the rows 0, 1, …, 25 are 26 positions.",
            value=25,
        ),
        Mistake(
            "A 'valid' convolution cannot keep the size: the 3×3 kernel does not fit with its "
            "centre on the border pixels, so one row is lost at the top and one at the bottom. "
            "(Keeping 28 needs padding, the topic of lesson 03.)",
            value=28,
        ),
        Mistake(
            "The kernel loses only ONE row at the top and one at the bottom (its centre cannot "
            "sit on the border), not two on each side: 28 − 2 = 26.",
            value=24,
        ),
        Mistake(
            "27 would mean only one row is lost. A 3×3 kernel's centre cannot sit on the top "
            "row nor on the bottom row: two rows are lost in total.",
            value=27,
        ),
        Mistake(
            "A convolution without padding never makes the image larger. 30 = 28 + 3 − 1 is "
            "the size with k − 1 extra zeros on each side ('full' padding, lesson 03).",
            value=30,
        ),
    ],
    kind="a whole number (the number of rows)",
    setup_code="from course_utils import shapes\n",
)


# ---------------------------------------------------------------- 3: the vertical-edge kernel

KERNEL_CHOICES = {
    letter: convolution.preset_kernel(name)
    for letter, name in zip(
        "ABCD", ("horizontal edge", "sharpen", "vertical edge", "blur"), strict=True
    )
}
for _k in KERNEL_CHOICES.values():
    _k.flags.writeable = False


def _letter_of(name: str) -> str:
    return next(
        letter for letter, k in KERNEL_CHOICES.items() if convolution.match_preset(k) == name
    )


_VERTICAL = _letter_of("vertical edge")

q3 = Exercise(
    name="Exercise 3",
    question=(
        "Which of the kernels A, B, C and D (shown above) responds most strongly to a "
        "vertical edge, like the side of a door where a bright wall meets a dark door? "
        'Answer with the letter as a string, e.g. "A".'
    ),
    expected=_VERTICAL,
    solution_code=(
        f'answer = "{_VERTICAL}"  # +1 in the left column, −1 in the right: '
        "it compares left with right"
    ),
    hints=[
        "A vertical edge is a line going up and down. Crossing it from left to right, the "
        "brightness jumps.",
        "Look for a kernel whose LEFT and RIGHT columns have opposite signs, so that it "
        "computes 'left minus right'.",
    ],
    mistakes=[
        Mistake(
            f"Kernel {_letter_of('horizontal edge')} has +1s in the top row and −1s in the "
            "bottom row: it compares the top with the bottom, so it finds horizontal edges "
            "(like a horizon). For a vertical edge, left and right must differ.",
            value=_letter_of("horizontal edge"),
        ),
        Mistake(
            f"Kernel {_letter_of('sharpen')} sharpens: its weights add up to 1, so it keeps "
            "the picture and makes every edge, in every direction, stronger. It does not pick "
            "out vertical edges.",
            value=_letter_of("sharpen"),
        ),
        Mistake(
            f"Kernel {_letter_of('blur')} averages the 9 pixels: it smooths edges away "
            "instead of finding them.",
            value=_letter_of("blur"),
        ),
    ],
    kind='a string with one letter, e.g. "A"',
    setup_code="",
)


# ---------------------------------------------------------------- 4: how many weights?

q4 = Exercise(
    name="Exercise 4",
    question=(
        "keras.layers.Conv2D(16, kernel_size=3) is applied to 32×32 RGB images "
        "(shape (32, 32, 3)). How many trainable parameters (weights and biases) does the "
        "layer have?"
    ),
    expected=shapes.conv2d_params(3, in_channels=3, filters=16),
    solution_code=(
        "answer = (3 * 3 * 3 + 1) * 16  # 27 weights + 1 bias per filter, 16 filters\n"
        "# or: shapes.conv2d_params(3, in_channels=3, filters=16)"
    ),
    hints=[
        "Each filter looks at a 3×3 window in EVERY input channel at once.",
        "One filter has 3·3·3 = 27 weights, plus one bias. How many filters are there?",
    ],
    mistakes=[
        Mistake(
            "You forgot the biases: each of the 16 filters adds one bias to its sum, so add 16.",
            value=shapes.conv2d_params(3, 3, 16, use_bias=False),
        ),
        Mistake(
            "The input has 3 channels (red, green, blue), so each filter is 3×3×3 = 27 "
            "weights, not 9: it looks at all three colours at once.",
            value=shapes.conv2d_params(3, 1, 16),
        ),
        Mistake(
            "The input has 3 channels, so each filter is 3×3×3 = 27 weights, not 9. "
            "And each of the 16 filters also has a bias.",
            value=shapes.conv2d_params(3, 1, 16, use_bias=False),
        ),
        Mistake(
            "That is one filter (27 weights, + 1 bias). The layer has 16 filters, each with "
            "its own weights and bias.",
            when=lambda a: a in (27, 28),
            example=28,
        ),
        Mistake(
            "The number of weights does not depend on the image size: the same 3×3×3 kernel is "
            "reused at every position (parameter sharing). Count kernel weights and biases only.",
            when=lambda a: a >= 10_000,
            example=30 * 30 * shapes.conv2d_params(3, 3, 16),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code="from course_utils import shapes\n",
)


# ---------------------------------------------------------------- 5: one position in NumPy

Q5_IMAGE = _readonly(
    [
        [1, 0, 2, 3, 1, 0],
        [0, 1, 3, 2, 0, 1],
        [2, 1, 0, 1, 3, 2],
        [1, 3, 1, 0, 2, 1],
        [0, 2, 2, 1, 1, 0],
        [3, 1, 0, 2, 1, 1],
    ]
)
Q5_KERNEL = _readonly([[-1, -1, 2], [2, 2, 1], [2, 0, 0]])
_q5_map = layers_numpy.conv2d(Q5_IMAGE, Q5_KERNEL)

q5 = Exercise(
    name="Exercise 5",
    question=(
        "Write NumPy code that computes output[1, 2] of the 'valid' convolution of "
        "`q5_image` (6×6) with `q5_kernel` (3×3): cut out the right window, multiply, add."
    ),
    expected=float(_q5_map[1, 2]),
    solution_code=(
        "window = q5_image[1:4, 2:5]  # rows 1, 2, 3 and columns 2, 3, 4\n"
        "answer = np.sum(window * q5_kernel)"
    ),
    hints=[
        "output[i, j] comes from the window whose TOP-LEFT corner is pixel (i, j).",
        "A 3×3 window starting at row 1 and column 2 is q5_image[1:4, 2:5] "
        "(a slice stops just before its end).",
        "Multiply elementwise with *, then add everything with np.sum(...).",
    ],
    mistakes=[
        Mistake(
            "That is output[2, 1]: rows and columns are swapped. The first index is the row "
            "(down), the second the column (across): q5_image[1:4, 2:5].",
            value=float(_q5_map[2, 1]),
        ),
        Mistake(
            "You centred the window on pixel (1, 2). In a 'valid' convolution output[i, j] "
            "comes from the window whose TOP-LEFT corner is pixel (i, j): rows 1–3, "
            "columns 2–4.",
            value=float(_q5_map[0, 1]),
        ),
        Mistake(
            "You flipped the kernel, as the mathematical convolution does. Keras (and this "
            "course) does not flip: multiply the window by q5_kernel as it is.",
            value=float(layers_numpy.conv2d(Q5_IMAGE, Q5_KERNEL[::-1, ::-1])[1, 2]),
        ),
        Mistake(
            "That is a matrix product (@), which multiplies rows by columns. A convolution "
            "multiplies elementwise (*): each pixel by the weight at the same place.",
            value=float(np.sum(Q5_IMAGE[1:4, 2:5] @ Q5_KERNEL)),
        ),
        Mistake(
            "You have the 9 products (or the window): now add them up with np.sum(...) to get "
            "the one number that goes into the feature map.",
            when=lambda a: np.shape(a) == (3, 3),
            example=Q5_IMAGE[1:4, 2:5] * Q5_KERNEL,
        ),
    ],
    kind="a number (one output value: multiply elementwise with *, then add with np.sum)",
    setup_code=(
        "import numpy as np\n"
        "from course_utils.exercises import lesson02 as ex\n"
        "q5_image, q5_kernel = ex.Q5_IMAGE, ex.Q5_KERNEL\n"
    ),
)

__all__ = [
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "Q1_PATCH",
    "Q1_KERNEL",
    "KERNEL_CHOICES",
    "Q5_IMAGE",
    "Q5_KERNEL",
]
