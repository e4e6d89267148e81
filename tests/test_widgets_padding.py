"""course_utils.widgets.padding: the declaration without widgets, then the live explorer."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from course_utils.widgets import padding


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


DEFAULT = {"input_size": 5, "kernel_size": 3, "padding": "valid", "view": "windows"}


def _caption(**changes):
    return padding.caption(padding.compute({**DEFAULT, **changes}))


# ---------------------------------------------------------------- the declaration


def test_caption_gives_the_size_the_formula_the_zeros_and_the_view_number():
    assert "output 3×3" in _caption() and "5 − 3 + 1 = 3" in _caption()
    assert "smaller than" in _caption() and "corner pixel: 1;" in _caption()
    full = _caption(padding="full")
    assert "output 7×7" in full and "larger than" in full and "2 zeros on each side" in full
    same = _caption(padding="same", view="windows per pixel")
    assert "the same size as" in same and "corner pixel: 4; the best-covered pixel: 9" in same
    even = _caption(input_size=6, kernel_size=4, padding="same")
    assert "1 zero(s) before (top, left), 2 after (bottom, right)" in even
    assert "corner: 4/9 = 0.44" in _caption(input_size=6, padding="same", view="values")
    assert "every output is 1.00" in _caption(view="values")


def test_compute_refuses_a_kernel_that_does_not_fit():
    with pytest.raises(ValueError, match="kernel_size=6"):
        padding.compute({**DEFAULT, "input_size": 4, "kernel_size": 6})
    assert padding.compute({**DEFAULT, "input_size": 4, "kernel_size": 6, "padding": "same"})


def test_nothing_to_clamp_and_the_static_view_is_its_own_state():
    values, limits = padding.EXPLORER.settle(DEFAULT)
    assert values == DEFAULT and limits == {}
    static = padding.EXPLORER.static
    assert dict(static) != DEFAULT
    assert "1 zero(s) before" in padding.caption(padding.EXPLORER.state())  # the odd zero


# ---------------------------------------------------------------- the live explorer


def test_every_control_redraws_the_picture_once():
    view = padding.padding_explorer()
    assert view.renders == 1 and "output 3×3" in view.caption.value
    for name, value in [
        ("padding", "same"),
        ("kernel_size", 4),
        ("input_size", 7),
        ("view", "windows per pixel"),
        ("view", "values"),
    ]:
        picture, renders = bytes(view.image.value), view.renders
        view.controls[name].value = value
        assert view.renders == renders + 1, name
        assert bytes(view.image.value) != picture, name
        assert int(view.image.width) <= 960, name


def test_an_impossible_combination_is_a_warning_and_keeps_the_picture():
    view = padding.padding_explorer(input_size=4, kernel_size=3)
    picture = bytes(view.image.value)
    view.set(kernel_size=6)  # does not fit a 4×4 input without zeros
    assert "⚠" in view.caption.value and "kernel_size=6" in view.caption.value
    assert bytes(view.image.value) == picture
    view.set(padding="same")
    assert "⚠" not in view.caption.value and "output 4×4" in view.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"input_size": 20}, "input_size=20"),
        ({"kernel_size": 0}, "kernel_size=0"),
        ({"padding": "causal"}, "padding='causal'"),
        ({"view": "numbers"}, "view='numbers'"),
        ({"input_size": 4, "kernel_size": 5}, "kernel_size=5"),
    ],
)
def test_explorer_refuses_bad_starting_values(kwargs, words):
    with pytest.raises(ValueError, match=words):
        padding.padding_explorer(**kwargs)


def test_explorer_starts_on_any_view():
    assert padding.padding_explorer(view="windows per pixel").values["view"] == "windows per pixel"
    values = padding.padding_explorer(input_size=6, padding="same", view="values")
    assert "corner: 4/9 = 0.44" in values.caption.value
