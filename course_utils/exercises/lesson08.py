"""Exercises for lesson 08 · What the network learned.

In the notebook: ``from course_utils.exercises import lesson08 as ex`` then
``ex.q1.check(answer)``, ``ex.q1.hint()``, ``ex.q1.solution()``.
"""

from __future__ import annotations

from course_utils import shapes
from course_utils.exercises import Exercise, Mistake

SETUP = "from course_utils import shapes\n"

# The lesson's model: conv 3×3 → max-pool 2 → conv 3×3 → max-pool 2, all 'valid'.
_MODEL_SPECS = [(3, 1), (2, 2), (3, 1), (2, 2)]


# ---------------------------------------------------------------- 1: three stacked 3×3 kernels

q1 = Exercise(
    name="Exercise 1",
    question=(
        "Three Conv2D layers with 3×3 kernels, stride 1 and padding='valid' are stacked. "
        "How many input pixels wide is the receptive field of one unit of the third layer?"
    ),
    expected=shapes.receptive_field([(3, 1)] * 3)[-1].size,
    solution_code=(
        "answer = 1 + 3 * (3 - 1)  # each 3×3 layer with jump 1 adds k − 1 = 2 pixels: 3, 5, 7\n"
        "# or: shapes.receptive_field([(3, 1)] * 3)[-1].size"
    ),
    hints=[
        "Start from one pixel. A unit of the first layer sees 3 pixels. A unit of the second "
        "layer sees 3 neighbouring units of the first layer: how many pixels do they cover "
        "together?",
        "Neighbouring first-layer units are 1 pixel apart, so every extra 3×3 layer adds "
        "k − 1 = 2 pixels: 3 → 5 → …",
    ],
    mistakes=[
        Mistake(
            "3·3 = 9 multiplies the kernel sizes, but neighbouring windows overlap: two "
            "neighbouring first-layer units share 2 of their 3 pixels. Each layer only adds "
            "k − 1 = 2 new pixels.",
            value=9,
        ),
        Mistake(
            "3³ = 27 would be true only if the windows did not overlap at all. With stride 1 "
            "each new 3×3 layer adds k − 1 = 2 pixels to the field.",
            value=27,
        ),
        Mistake(
            "5 is the field after TWO layers (3 → 5). The third layer adds 2 more pixels.",
            value=5,
        ),
        Mistake(
            "3 is the field of the first layer only. A unit of the second layer combines 3 "
            "first-layer units that each see 3 pixels, 1 pixel apart.",
            value=3,
        ),
    ],
    kind="a whole number (pixels along one side)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 2: predict: strides grow fields

_STRIDED = [(3, 2, "same")] * 3

q2 = Exercise(
    name="Exercise 2",
    question=(
        "Predict before you run: lesson 04's strided model has three "
        "Conv2D(32, 3, strides=2, padding='same') layers on a 28×28 image. How many pixels "
        "wide is the receptive field of one unit of the third convolution?"
    ),
    expected=shapes.receptive_field(_STRIDED, input_size=28)[-1].size,
    solution_code=(
        "size, jump = 1, 1\n"
        "for k, s in [(3, 2), (3, 2), (3, 2)]:\n"
        "    size = size + (k - 1) * jump  # 3, then 3 + 2·2 = 7, then 7 + 2·4 = 15\n"
        "    jump = jump * s  # 2, 4, 8\n"
        "answer = size\n"
        "# or: shapes.receptive_field([(3, 2, 'same')] * 3, input_size=28)[-1].size"
    ),
    hints=[
        "Use the rule r ← r + (k − 1)·j, then j ← j·s, layer by layer, starting from r = 1, "
        "j = 1. Padding moves the field; it does not change its size.",
        "After the first layer r = 3 and j = 2. The second layer adds (3 − 1)·2 = 4 pixels.",
    ],
    mistakes=[
        Mistake(
            "7 is the answer for stride 1. Here every layer's stride multiplies the jump "
            "between neighbouring units (1, 2, 4), so deeper 3×3 kernels add more pixels: "
            "r ← r + (k − 1)·j.",
            value=7,
        ),
        Mistake(
            "You used a jump of 2 for every layer. Jumps multiply: after two stride-2 layers "
            "neighbouring units are 2·2 = 4 pixels apart, so the third layer adds (3 − 1)·4.",
            value=11,
        ),
        Mistake(
            "27 = 3³ treats the windows as if they never overlap. With stride 2 and k = 3 "
            "neighbouring windows share a pixel; follow r ← r + (k − 1)·j, j ← j·s.",
            value=27,
        ),
        Mistake(
            "8 is the jump after three stride-2 layers (the distance between neighbouring "
            "units of the third layer, in input pixels), not the size of the field.",
            value=8,
        ),
    ],
    kind="a whole number (pixels along one side)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 3: which rows a unit sees

_POOL_2 = shapes.receptive_field(_MODEL_SPECS)[-1]
_FIRST = _POOL_2.start + 1 * _POOL_2.jump

q3 = Exercise(
    name="Exercise 3",
    question=(
        "In this lesson's model, pool_2 has a receptive field of size 10, jump 4 and start 0. "
        "Which input rows does a pool_2 unit in row 1 (the second row) see? "
        "Answer (first row, last row), both included."
    ),
    expected=(_FIRST, _FIRST + _POOL_2.size - 1),
    solution_code=(
        "fields = shapes.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)])\n"
        "pool_2 = fields[-1]  # size 10, jump 4, start 0\n"
        "first = pool_2.start + 1 * pool_2.jump  # row 1 → 0 + 1·4 = 4\n"
        "answer = (first, first + pool_2.size - 1)  # rows 4 … 13"
    ),
    hints=[
        "Unit i starts at start + i·jump: neighbouring pool_2 units are `jump` pixels apart.",
        "The first row is 0 + 1·4 = 4; the field is 10 rows tall, counting the first one.",
    ],
    mistakes=[
        Mistake(
            "That is where unit 1 would start with a jump of 1. Neighbouring pool_2 units are "
            "4 input pixels apart (the jump), so unit 1 starts at 0 + 1·4 = 4.",
            value=(1, 10),
        ),
        Mistake(
            "Off by one at the end: a field of 10 rows that starts at row 4 ends at row "
            "4 + 10 − 1 = 13.",
            value=(4, 14),
        ),
        Mistake(
            "A jump of 2 is pool_1's (and conv_2's). pool_2 strides by 2 again, so its units "
            "are 2·2 = 4 pixels apart: unit 1 starts at row 4.",
            value=(2, 11),
        ),
        Mistake(
            "(0, 9) is unit 0, the first row of units. The question asks for row 1, the second.",
            value=(0, 9),
        ),
    ],
    kind="a tuple (first row, last row)",
    setup_code=SETUP,
)


# ---------------------------------------------------------------- 4: the cost of an occlusion map

_PER_AXIS = shapes.conv_output_size(28, 6, strides=4, padding="valid")

q4 = Exercise(
    name="Exercise 4",
    question=(
        "An occlusion map slides a 6×6 grey patch over a 28×28 digit in jumps of 4 pixels "
        "(down and across), keeping the whole patch inside the image. How many occluded "
        "images does the model have to classify?"
    ),
    expected=_PER_AXIS * _PER_AXIS,
    solution_code=(
        "per_axis = (28 - 6) // 4 + 1  # patch positions along one axis: 0, 4, …, 20 → 6\n"
        "answer = per_axis * per_axis  # every row position with every column position\n"
        "# or: shapes.conv_output_size(28, 6, strides=4, padding='valid') ** 2"
    ),
    hints=[
        "The patch moves like a 6×6 kernel with stride 4 and 'valid' padding: lesson 04's "
        "⌊(n − k)/s⌋ + 1 positions along each axis.",
        "Count the positions along one axis, then remember the patch moves down AND across.",
    ],
    mistakes=[
        Mistake(
            "That is the number of positions along ONE axis. The patch also moves down: "
            "multiply the positions across by the positions down.",
            value=_PER_AXIS,
        ),
        Mistake(
            "28/4 = 7 positions per axis would let the last patch hang over the edge. It must "
            "fit: ⌊(28 − 6)/4⌋ + 1 per axis.",
            value=49,
        ),
        Mistake(
            "That is stride 1 ((28 − 6 + 1)² = 529). The patch jumps 4 pixels at a time.",
            value=529,
        ),
        Mistake(
            "36 + 1 also counts the untouched image, which is classified once for the "
            "baseline; the question asks for the occluded copies only.",
            value=37,
        ),
    ],
    kind="a whole number (a count of images)",
    setup_code=SETUP,
)

__all__ = ["q1", "q2", "q3", "q4"]
