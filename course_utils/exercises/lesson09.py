"""Exercises for lesson 09 · Famous architectures.

In the notebook: ``from course_utils.exercises import lesson09 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from course_utils import shapes
from course_utils.exercises import Exercise, Mistake
from course_utils.widgets import architectures

SETUP = "from course_utils import shapes\nfrom course_utils.widgets import architectures\n"


# ---------------------------------------------------------------- 1: LeNet-5's first layer

_C1 = shapes.conv2d_params(5, 1, 6)

q1 = Exercise(
    name="Exercise 1",
    question=(
        "LeNet-5's first layer C1 is Conv2D(6, 5) on a 32×32×1 image. How many parameters "
        "does it have?"
    ),
    expected=_C1,
    solution_code=(
        "answer = (5 * 5 * 1 + 1) * 6  # each of the 6 filters: 25 weights and 1 bias\n"
        "# or: shapes.conv2d_params(5, in_channels=1, filters=6)"
    ),
    hints=[
        "A filter has one weight per cell of its 5×5 window, for each input channel, plus one "
        "bias.",
        "(k·k·C_in + 1)·filters with k = 5, C_in = 1, filters = 6.",
    ],
    mistakes=[
        Mistake(
            "150 = 5·5·6 counts the weights only: each of the 6 filters also has a bias.",
            value=5 * 5 * 6,
        ),
        Mistake(
            "26 is one filter (25 weights + 1 bias). C1 has 6 filters.",
            value=26,
        ),
        Mistake(
            "The parameters do not depend on the image size: the same 5×5 filter is reused at "
            "every position (weight sharing). 28·28·6 is the number of output values.",
            value=28 * 28 * 6,
        ),
        Mistake(
            "That counts 3 input channels: LeNet-5 reads a grayscale image, C_in = 1.",
            value=shapes.conv2d_params(5, 3, 6),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict a 1×1 convolution

_Q2 = shapes.conv2d_output_shape((28, 28, 64), 16, 1)

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: keras.layers.Conv2D(16, 1) is applied to a feature map of "
        "shape (28, 28, 64). What is the output shape (height, width, channels), without the "
        "batch axis?"
    ),
    expected=_Q2,
    solution_code=(
        "answer = (28, 28, 16)  # a 1×1 window fits everywhere: size kept; 16 filters → 16 "
        "channels\n"
        "# or: shapes.conv2d_output_shape((28, 28, 64), filters=16, kernel_size=1)"
    ),
    hints=[
        "With k = 1, what does ⌊(n − k)/s⌋ + 1 give for n = 28 and s = 1?",
        "The height and width stay; the number of channels becomes the number of filters.",
    ],
    mistakes=[
        Mistake(
            "A 1×1 convolution keeps the height and width but not the channels: each of the 16 "
            "filters makes one output channel.",
            value=(28, 28, 64),
        ),
        Mistake(
            "A 1×1 convolution is not a global pooling: it is applied at every pixel, so the "
            "28×28 grid stays.",
            value=(1, 1, 16),
        ),
        Mistake(
            "27 = 28 − 2 + 1 would be a 2×2 kernel. With k = 1: 28 − 1 + 1 = 28.",
            value=(27, 27, 16),
        ),
        Mistake(
            "26 = 28 − 3 + 1 is a 3×3 kernel. With k = 1: 28 − 1 + 1 = 28.",
            value=(26, 26, 16),
        ),
    ],
    kind="a tuple (height, width, channels)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: the bottleneck's cost

_B = architectures.bottleneck_params(256, 64, 3)

q3 = Exercise(
    name="Exercise 3",
    question=(
        "A ResNet-50 bottleneck turns 256 channels into 256 channels with three layers: "
        "Conv2D(64, 1), then Conv2D(64, 3, padding='same'), then Conv2D(256, 1), all with "
        "biases. How many parameters do the three layers have together?"
    ),
    expected=_B.bottleneck,
    solution_code=(
        "reduce = shapes.conv2d_params(1, 256, 64)  # (1·1·256 + 1)·64\n"
        "middle = shapes.conv2d_params(3, 64, 64)  # (3·3·64 + 1)·64\n"
        "expand = shapes.conv2d_params(1, 64, 256)  # (1·1·64 + 1)·256\n"
        "answer = reduce + middle + expand\n"
        "# or: architectures.bottleneck_params(256, 64, 3).bottleneck"
    ),
    hints=[
        "Use (k·k·C_in + 1)·filters for each layer. The input channels of a layer are the "
        "filters of the layer before it.",
        "1×1: 256 → 64; 3×3: 64 → 64; 1×1: 64 → 256. Add the three counts.",
    ],
    mistakes=[
        Mistake(
            "That is a single Conv2D(256, 3) from 256 channels to 256 channels, the layer the "
            "bottleneck replaces. Count the three narrow layers instead.",
            value=_B.direct,
        ),
        Mistake(
            "Close: that counts the weights only. Each layer also has one bias per filter: "
            "64 + 64 + 256 more.",
            value=_B.bottleneck - (64 + 64 + 256),
        ),
        Mistake(
            "That is only the 3×3 layer in the middle. Add the two 1×1 layers around it.",
            value=_B.middle,
        ),
        Mistake(
            "The middle 3×3 layer reads the 64 channels the first 1×1 layer made, not 256.",
            value=_B.reduce + shapes.conv2d_params(3, 256, 64) + _B.expand,
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: the projection shortcut

_PROJ = shapes.conv2d_params(1, 32, 64)

q4 = Exercise(
    name="Exercise 4",
    question=(
        "In a residual block the input x has shape (8, 8, 32) and F(x) has shape (8, 8, 64), so "
        "F(x) + x does not fit. ResNet then sends x through a 1×1 convolution with 64 filters "
        "(with a bias) on the skip path. How many parameters does that 1×1 convolution have?"
    ),
    expected=_PROJ,
    solution_code=(
        "answer = shapes.conv2d_params(1, in_channels=32, filters=64)  # (1·1·32 + 1)·64"
    ),
    hints=[
        "It is an ordinary Conv2D with kernel_size=1: (k·k·C_in + 1)·filters.",
        "k = 1, C_in = 32 (the channels of x), filters = 64 (the channels of F(x)).",
    ],
    mistakes=[
        Mistake(
            "32·64 counts the weights only: each of the 64 filters has a bias too.",
            value=32 * 64,
        ),
        Mistake(
            "A plain skip connection has 0 parameters, but here the channels differ (32 vs 64): "
            "the 1×1 convolution that matches them has weights.",
            value=0,
        ),
        Mistake(
            "That is a 3×3 kernel. The projection shortcut is 1×1: (1·1·32 + 1)·64.",
            value=shapes.conv2d_params(3, 32, 64),
        ),
        Mistake(
            "The filters read the 32 channels of x, not 64: (1·1·32 + 1)·64.",
            value=shapes.conv2d_params(1, 64, 64),
        ),
    ],
    kind="a whole number (a parameter count)",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4"]
