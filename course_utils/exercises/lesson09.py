"""Exercises for lesson 09 · Famous architectures.

In the notebook: ``from course_utils.exercises import lesson09 as ex``; each exercise has
its own answer name (``c1_colour_params = None``), checked by ``ex.q1.check()``; then
``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.exercises import Exercise, Mistake

# ---------------------------------------------------------------- 1: LeNet-5's C1 on colour

q1 = Exercise(
    name="Exercise 1",
    answer_name="c1_colour_params",
    expected=(5 * 5 * 3 + 1) * 6,
    solution_code=(
        "c1_colour_params = (5 * 5 * 3 + 1) * 6  # each of the 6 filters: 5·5·3 weights, 1 bias"
    ),
    hints=[
        "A filter has one weight per cell of its 5×5 window for each input channel, plus one "
        "bias. A colour image has 3 channels.",
        "(k·k·C_in + 1)·filters with k = 5, C_in = 3, filters = 6.",
    ],
    mistakes=[
        Mistake(
            "That is C1 on a grayscale image (C_in = 1). A colour image has 3 channels, and "
            "each filter has a 5×5 window on every one of them.",
            value=(5 * 5 * 1 + 1) * 6,
        ),
        Mistake(
            "5·5·3·6 counts the weights only: each of the 6 filters also has a bias.",
            value=5 * 5 * 3 * 6,
        ),
        Mistake(
            "That is one filter (5·5·3 weights + 1 bias). C1 has 6 filters.",
            value=5 * 5 * 3 + 1,
        ),
        Mistake(
            "The parameters do not depend on the image size: the same 5×5×3 filter is reused "
            "at every position (weight sharing). 28·28·6 is the number of output values.",
            value=28 * 28 * 6,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 2: predict a 1×1 convolution

q2 = Exercise(
    name="Exercise 2",
    answer_name="conv1x1_shape",
    expected=(28, 28, 16),
    solution_code=(
        "conv1x1_shape = (28, 28, 16)  # a 1×1 window fits everywhere: 28 − 1 + 1 = 28; "
        "16 filters → 16 channels"
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
        Mistake(
            "Keras puts the channels last: give (height, width, channels).",
            value=(16, 28, 28),
        ),
        Mistake(
            "Leave out the batch axis: give (height, width, channels).",
            when=lambda a: isinstance(a, tuple) and len(a) == 4 and a[1:] == (28, 28, 16),
            example=(1, 28, 28, 16),
        ),
    ],
    kind="a tuple (height, width, channels)",
)


# ---------------------------------------------------------------- 3: the projection shortcut

q3 = Exercise(
    name="Exercise 3",
    answer_name="projection_params",
    expected=(1 * 1 * 32 + 1) * 64,
    solution_code="projection_params = (1 * 1 * 32 + 1) * 64  # (k·k·C_in + 1)·filters",
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
            value=(3 * 3 * 32 + 1) * 64,
        ),
        Mistake(
            "The filters read the 32 channels of x, not 64: (1·1·32 + 1)·64.",
            value=(1 * 1 * 64 + 1) * 64,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 4: a stage-2 bottleneck

_REDUCE = (1 * 1 * 512 + 1) * 128
_MIDDLE = (3 * 3 * 128 + 1) * 128
_EXPAND = (1 * 1 * 128 + 1) * 512

q4 = Exercise(
    name="Exercise 4",
    answer_name="bottleneck_total",
    expected=_REDUCE + _MIDDLE + _EXPAND,
    solution_code=(
        "reduce = (1 * 1 * 512 + 1) * 128  # 1×1: 512 → 128 channels\n"
        "middle = (3 * 3 * 128 + 1) * 128  # 3×3 on the 128 narrow channels\n"
        "expand = (1 * 1 * 128 + 1) * 512  # 1×1: 128 → 512 channels\n"
        "bottleneck_total = reduce + middle + expand"
    ),
    hints=[
        "Use (k·k·C_in + 1)·filters for each layer. The input channels of a layer are the "
        "filters of the layer before it.",
        "1×1: 512 → 128; 3×3: 128 → 128; 1×1: 128 → 512. Add the three counts.",
    ],
    mistakes=[
        Mistake(
            "That is a single Conv2D(512, 3) from 512 channels to 512 channels, the layer the "
            "bottleneck replaces. Count the three narrow layers instead.",
            value=(3 * 3 * 512 + 1) * 512,
        ),
        Mistake(
            "Close: that counts the weights only. Each layer also has one bias per filter: "
            "128 + 128 + 512 more.",
            value=_REDUCE + _MIDDLE + _EXPAND - (128 + 128 + 512),
        ),
        Mistake(
            "That is only the 3×3 layer in the middle. Add the two 1×1 layers around it.",
            value=_MIDDLE,
        ),
        Mistake(
            "The middle 3×3 layer reads the 128 channels the first 1×1 layer made, not 512.",
            value=_REDUCE + (3 * 3 * 512 + 1) * 128 + _EXPAND,
        ),
        Mistake(
            "That is the first stage's bottleneck (256 → 64 → 256), the one printed in the "
            "lesson. This one is 512 → 128 → 512.",
            value=(256 + 1) * 64 + (9 * 64 + 1) * 64 + (64 + 1) * 256,
        ),
    ],
    kind="a whole number (a parameter count)",
)


# ---------------------------------------------------------------- 5: write code: sparse tables

# (table, kernel_size, parameters): expected counts written out by hand, 25 or 9 or 1 weights
# per connection plus one bias per filter (column).
_TABLE_CASES: tuple[tuple[list[list[int]], int, int], ...] = (
    ([[1, 0, 1], [0, 1, 1]], 1, 4 * 1 + 3),  # 4 connections, 3 filters, 1×1 kernels
    ([[1, 1, 1, 1]] * 3, 3, 12 * 9 + 4),  # fully connected: 3 maps, 4 filters, 3×3
    ([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], 5, 4 * 25 + 4),
    ([[1, 1, 0, 0, 1], [0, 1, 1, 0, 1]], 5, 6 * 25 + 5),
)


def _table_test(fn: Any) -> str | None:
    """None when `fn(table, kernel_size)` counts a sparse convolution's parameters; else why."""
    if not callable(fn):
        return f"`table_conv_params` should be a function (a `def`), not {type(fn).__name__}."
    for rows, k, want in _TABLE_CASES:
        table = np.array(rows, dtype=bool)
        shown = f"table_conv_params(np.array({rows}, dtype=bool), kernel_size={k})"
        try:
            got = fn(table.copy(), k)
        except Exception as err:  # the learner's function raised: say so, do not crash
            return f"{shown} raised {type(err).__name__}: {err}"
        if got is None:
            return f"{shown} returned None: did you forget `return`?"
        try:
            right = bool(got == want)
        except Exception:
            right = False
        if not right:
            connections = int(table.sum())
            filters = table.shape[1]
            return (
                f"{shown} returned {got!r}. That table has {connections} connections "
                f"(True entries) and {filters} filters (columns): count {k}·{k} weights per "
                "connection and one bias per filter."
            )
    return None


q5 = Exercise(
    name="Exercise 5",
    answer_name="table_conv_params",
    expected=None,
    solution_code=(
        "def table_conv_params(table, kernel_size):\n"
        "    connections = int(np.sum(table))  # True entries: map i feeds filter j\n"
        "    filters = table.shape[1]  # one column per filter\n"
        "    return connections * kernel_size * kernel_size + filters  # + one bias each"
    ),
    hints=[
        "Each True entry is one input map read by one filter: a kernel_size × kernel_size "
        "window of weights. Each filter (a column) also has one bias.",
        "`np.sum(table)` counts the True entries; `table.shape[1]` is the number of filters.",
    ],
    kind="a function",
    test=_table_test,
)


# ---------------------------------------------------------------- 6: interpretation

RELU_CHOICES = {
    "A": "the biases were not set to 0, so F(x) was not really 0",
    "B": "the block's last ReLU comes after the addition: y = ReLU(0 + x), so x's negative "
    "values become 0",
    "C": "the skip connection has weights of its own, and they were set to 0 too",
    "D": "float32 rounding changes the small values of x",
}

q6 = Exercise(
    name="Exercise 6",
    answer_name="why_relu_x",
    expected="B",
    solution_code=(
        "# With every weight and bias 0, F(x) = 0, so y = ReLU(F(x) + x) = ReLU(x):\n"
        "# the input passes, but the final ReLU sets its negative values to 0.\n"
        'why_relu_x = "B"'
    ),
    hints=[
        "Write the block's output with F(x) = 0: y = ReLU(F(x) + x) = ?",
        "x came from rng.normal, so about half its values are negative. What does ReLU do to them?",
    ],
    mistakes=[
        Mistake(
            "`set_weights` got zeros for every array the block has, kernels and biases "
            "alike, so F(x) is exactly 0.",
            value="A",
        ),
        Mistake(
            "The skip connection has no parameters (the cell printed 'skip connection 0'): "
            "it is just `+ x`.",
            value="C",
        ),
        Mistake(
            "Rounding would change the last digits, not turn values into exact zeros; and "
            "the output matched ReLU(x), whose zeros are exactly where x is negative.",
            value="D",
        ),
    ],
    kind='one letter: "A", "B", "C" or "D"',
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "RELU_CHOICES"]
