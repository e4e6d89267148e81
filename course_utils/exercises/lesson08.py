"""Exercises for lesson 08 · What the network learned.

In the notebook: ``from course_utils.exercises import lesson08 as ex``, the learner's
cell (``third_layer_field = None  # your code here``) and then ``ex.q1.check()``;
``ex.q1.hint()`` and ``ex.q1.solution()`` help.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import occlusion
from course_utils.exercises import Exercise, Mistake

# ---------------------------------------------------------------- 1: three stacked 3×3 kernels

q1 = Exercise(
    name="Exercise 1",
    answer_name="third_layer_field",
    expected=1 + 3 * (3 - 1),
    solution_code=(
        "# each 3×3 layer with jump 1 adds k − 1 = 2 pixels to the field: 3, 5, 7\n"
        "third_layer_field = 1 + 3 * (3 - 1)\n"
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
)


# ---------------------------------------------------------------- 2: predict: strides grow fields

q2 = Exercise(
    name="Exercise 2",
    answer_name="strided_field",
    expected=5 + (5 - 1) * 2 + (5 - 1) * 4,
    solution_code=(
        "size, jump = 1, 1\n"
        "for k, s in [(5, 2), (5, 2), (5, 2)]:\n"
        "    size = size + (k - 1) * jump  # 5, then 5 + 4·2, then + 4·4\n"
        "    jump = jump * s  # 2, 4, 8\n"
        "strided_field = size\n"
        "# or: shapes.receptive_field([(5, 2, 'same')] * 3, input_size=28)[-1].size"
    ),
    hints=[
        "Use the rule r ← r + (k − 1)·j, then j ← j·s, layer by layer, starting from r = 1, "
        "j = 1. Padding moves the field; it does not change its size.",
        "After the first layer r = 5 and j = 2. The second layer adds (5 − 1)·2 = 8 pixels.",
    ],
    mistakes=[
        Mistake(
            "13 is the answer for stride 1 (5 → 9 → 13), or for only two of the three "
            "layers. Here every layer's stride multiplies the jump between neighbouring units "
            "(1, 2, 4), so deeper kernels add more pixels: r ← r + (k − 1)·j.",
            value=13,
        ),
        Mistake(
            "You used a jump of 2 for every layer. Jumps multiply: after two stride-2 layers "
            "neighbouring units are 2·2 = 4 pixels apart, so the third layer adds (5 − 1)·4.",
            value=21,
        ),
        Mistake(
            "125 = 5³ treats the windows as if they never overlap. With stride 2 and k = 5 "
            "neighbouring windows share pixels; follow r ← r + (k − 1)·j, j ← j·s.",
            value=125,
        ),
        Mistake(
            "8 is the jump after three stride-2 layers (the distance between neighbouring "
            "units of the third layer, in input pixels), not the size of the field.",
            value=8,
        ),
        Mistake(
            "A field cannot be cut at the image's border: it counts every position the "
            "unit's window covers, padding included, so it may be wider than the 28-pixel "
            "image. Follow r ← r + (k − 1)·j, j ← j·s without stopping at 28.",
            value=28,
        ),
    ],
    kind="a whole number (pixels along one side)",
)


# ---------------------------------------------------------------- 3: which rows a unit sees

q3 = Exercise(
    name="Exercise 3",
    answer_name="pool_2_rows",
    expected=(0 + 1 * 4, 0 + 1 * 4 + 10 - 1),
    solution_code=(
        "start, jump, size = 0, 4, 10  # pool_2's field\n"
        "first = start + 1 * jump  # unit 1 starts one jump further down\n"
        "pool_2_rows = (first, first + size - 1)"
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
)


# ---------------------------------------------------------------- 4: the cost of an occlusion map

_PER_AXIS = (28 - 6) // 4 + 1

q4 = Exercise(
    name="Exercise 4",
    answer_name="occluded_images",
    expected=((28 - 6) // 4 + 1) ** 2,
    solution_code=(
        "per_axis = (28 - 6) // 4 + 1  # patch positions along one axis: 0, 4, …, 20\n"
        "occluded_images = per_axis * per_axis  # every row position with every column position\n"
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
)


# ---------------------------------------------------------------- 5: write code: one occlusion


def _digit_like() -> np.ndarray:
    img = np.zeros((10, 12))
    img[2:8, 5:7] = 1.0
    return img


_OCCLUDE_CASES = [  # (top, left, size, fill)
    (0, 0, 3, 0.5),
    (2, 4, 4, 0.0),
    (6, 9, 3, 0.25),
    (1, 1, 1, 1.0),
]


def _test_occlude(fn: Any) -> str | None:
    if not callable(fn):
        return (
            f"Expected a function occlude(image, top, left, size, fill), got "
            f"{type(fn).__name__}. Define it with `def occlude(image, top, left, size, fill):`."
        )
    for top, left, size, fill in _OCCLUDE_CASES:
        image = _digit_like()
        before = image.copy()
        call = f"occlude(image, top={top}, left={left}, size={size}, fill={fill})"
        try:
            got = fn(image, top, left, size, fill)
        except Exception as err:  # a learner's function may fail: say so, no traceback
            return f"{call} raised {type(err).__name__}: {err}."
        if not np.array_equal(image, before):
            return (
                f"{call} changed the image it was given. Work on a copy (image.copy()), so "
                "that every patch position starts from the untouched digit."
            )
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return f"{call} returned {got!r}: it must return the covered image, an array."
        if got is None:
            return f"{call} returned None: return the covered copy of the image."
        if arr.shape != image.shape:
            return (
                f"{call} returned shape {arr.shape}: it must return the whole image "
                f"{image.shape} with the square covered, not only the square."
            )
        want = occlusion.cover(image, top, left, size, fill)
        if not np.allclose(arr, want):
            wrong = np.argwhere(~np.isclose(arr, want))[0]
            return (
                f"{call}: pixel (row {wrong[0]}, column {wrong[1]}) is {arr[tuple(wrong)]:g} but "
                f"should be {want[tuple(wrong)]:g}. The square covers rows top … top + size − 1 "
                "and columns left … left + size − 1 (counted from 0)."
            )
    return None


q5 = Exercise(
    name="Exercise 5",
    answer_name="occlude",
    expected=None,
    test=_test_occlude,
    solution_code=(
        "def occlude(image, top, left, size, fill):\n"
        "    covered = image.copy()  # never change the original digit\n"
        "    covered[top : top + size, left : left + size] = fill\n"
        "    return covered\n"
    ),
    hints=[
        "Start from a copy of the image (image.copy()), so the original digit stays as it was "
        "for the next patch position.",
        "NumPy slicing sets a whole square at once: covered[top : top + size, left : left + "
        "size] = fill.",
    ],
    mistakes=[
        Mistake(
            "Your function changes the image it was given (and returns it). Every patch "
            "position must start from the untouched digit: cover a copy, image.copy().",
            when=lambda fn: _changes_its_input(fn),
            example=lambda image, top, left, size, fill: _cover_in_place(
                image, top, left, size, fill
            ),
        ),
    ],
    kind="a function occlude(image, top, left, size, fill) → covered copy",
)


def _cover_in_place(image: np.ndarray, top: int, left: int, size: int, fill: float) -> Any:
    image[top : top + size, left : left + size] = fill
    return image


def _changes_its_input(fn: Any) -> bool:
    """True when `fn` returns the right picture but changes the image it was given."""
    if not callable(fn):
        return False
    try:
        image = _digit_like()
        got = np.asarray(fn(image, 2, 4, 4, 0.0), dtype=float)
        return got.shape == image.shape and not np.array_equal(image, _digit_like())
    except Exception:
        return False


# ---------------------------------------------------------------- 6: which layer sees a part

q6 = Exercise(
    name="Exercise 6",
    answer_name="first_layer_to_see_it",
    expected="pool_2",
    solution_code=(
        "# fields: conv_1 3, pool_1 4, conv_2 8, pool_2 10 pixels wide\n"
        "first_layer_to_see_it = 'pool_2'  # the first field at least 9 pixels wide"
    ),
    hints=[
        "One unit can only react to a pattern that fits inside its receptive field. The table "
        "of fields above gives each layer's width.",
        "Go through the layers in order and stop at the first whose field is at least 9 "
        "pixels wide.",
    ],
    mistakes=[
        Mistake(
            "conv_2's units see 8×8 pixels: one pixel too few for a 9-pixel loop. A single "
            "conv_2 unit can find part of the loop, not all of it.",
            value="conv_2",
        ),
        Mistake(
            "A conv_1 unit sees only 3×3 pixels (and pool_1 4×4): enough for a bit of edge, "
            "far too little for a whole loop.",
            when=lambda a: isinstance(a, str) and a.strip().lower() in ("conv_1", "pool_1"),
            example="conv_1",
        ),
        Mistake(
            "dense_64 sees the whole image, so it sees the loop too, but it is not the FIRST "
            "layer that can. Look at the fields of the four layers before Flatten.",
            when=lambda a: isinstance(a, str) and a.strip().lower() in ("dense_64", "dense_10"),
            example="dense_64",
        ),
    ],
    kind="a layer name, as text (for example 'conv_1')",
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]
