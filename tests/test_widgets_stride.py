"""course_utils.widgets.stride: the declaration without widgets, then the live explorer."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from course_utils.widgets import stride


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


DEFAULT = {"input_size": 8, "kernel_size": 3, "strides": 2, "padding": "valid", "step": 0}


# ---------------------------------------------------------------- the declaration


def test_caption_gives_the_formula_with_its_working_and_the_pixels_left_out():
    caption = stride.caption(stride.compute({**DEFAULT, "step": 4}))
    assert "output 3×3</b> = ⌊(8 − 3)/2⌋ + 1 = ⌊5/2⌋ + 1 = 2 + 1 = 3" in caption
    assert "position 4 of 0–8: rows 2–4, columns 2–4 → output (1, 1)" in caption
    assert "row and column 7 never covered" in caption
    same = stride.caption(stride.compute({**DEFAULT, "padding": "same"}))
    assert "⌈8/2⌉ = 4; with the zeros: ⌊(8 + (0 + 1) − 3)/2⌋ + 1" in same
    assert "zeros: 0 before, 1 after" in same and "every input pixel is covered" in same
    gaps = stride.caption(stride.compute({**DEFAULT, "strides": 4, "padding": "same"}))
    assert "rows and columns 3, 7 never covered" in gaps


def test_limits_number_the_positions_and_settle_clamps_the_step():
    assert stride.limits(DEFAULT) == {"step": (0, 8)}
    values, limits = stride.EXPLORER.settle({**DEFAULT, "input_size": 5, "step": 8})
    assert limits == {"step": (0, 3)} and values["step"] == 3  # 2×2 positions left
    with pytest.raises(ValueError, match="kernel_size=6"):
        stride.compute({**DEFAULT, "input_size": 4, "kernel_size": 6})


def test_the_static_view_is_mid_walk_and_not_the_default():
    static = stride.EXPLORER.static
    assert dict(static) != DEFAULT
    state = stride.EXPLORER.state()
    assert 0 < state.step < state.layout.output_size**2 - 1


# ---------------------------------------------------------------- the live explorer


def test_every_control_redraws_once_even_when_it_moves_the_step():
    view = stride.stride_explorer(step=8)  # the last of 3×3 positions
    assert view.renders == 1 and view.play is not None
    assert view.controls["step"].max == 8 and view.play.max == 8
    for name, value in [
        ("padding", "same"),  # 4×4 positions: the range grows
        ("input_size", 5),  # 3×3 with 'same': the step is clamped to 8
        ("kernel_size", 2),
        ("strides", 3),  # 2×2: clamped to 3
        ("step", 1),
    ]:
        renders = view.renders
        view.controls[name].value = value
        assert view.renders == renders + 1, name
        last = view.controls["step"].max
        assert view.play.max == last and view.values["step"] <= last
        assert int(view.image.width) <= 960, name
    assert "output 2×2" in view.caption.value and "position 1 of 0–3" in view.caption.value


def test_an_impossible_combination_is_a_warning_and_keeps_the_picture():
    view = stride.stride_explorer(input_size=4, kernel_size=3, strides=1)
    picture = bytes(view.image.value)
    view.set(kernel_size=6)  # does not fit a 4×4 input without padding
    assert "⚠" in view.caption.value and "kernel_size=6" in view.caption.value
    assert bytes(view.image.value) == picture  # the last good picture stays
    view.set(padding="same")  # 'same' pads enough zeros: fine again
    assert "⚠" not in view.caption.value and "output 4×4" in view.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"input_size": 20}, "input_size=20"),
        ({"strides": 0}, "strides=0"),
        ({"padding": "full"}, "padding='full'"),
        ({"step": -1}, "step=-1"),
        ({"input_size": 4, "kernel_size": 5}, "kernel_size=5"),
    ],
)
def test_explorer_refuses_bad_starting_values(kwargs, words):
    with pytest.raises(ValueError, match=words):
        stride.stride_explorer(**kwargs)


def test_a_starting_position_past_the_last_one_is_moved_to_the_last():
    assert stride.stride_explorer(step=9).values["step"] == 8  # 3×3 positions
