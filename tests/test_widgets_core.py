"""course_utils.widgets._core: the declarative explorer, first without ipywidgets, then live."""

from __future__ import annotations

import base64

import pytest

from course_utils import plotting, shapes
from course_utils.widgets import _core
from course_utils.widgets._core import Choice, Explorer, Float, Int, Step, Text, Toggle


def _compute(values):
    layout = shapes.axis_layout(values["n"], values["k"], values["s"], values["padding"])
    return layout, values["step"]


def _limits(values):
    layout = shapes.axis_layout(values["n"], values["k"], values["s"], values["padding"])
    return {"step": (0, layout.output_size - 1)}


def _draw(state, fig):
    fig = plotting.canvas((3.0, 1.5), fig, layout=None)
    ax = fig.add_axes((0.1, 0.2, 0.8, 0.7))
    ax.plot(state[0].starts, "o")
    return fig


def _caption(state):
    return f"<b>output {state[0].output_size}</b><br>position {state[1]} &amp; more"


WALK = Explorer(
    title="walk",
    controls={
        "n": Int("input n", 3, 16),
        "k": Int("kernel k", 1, 7),
        "s": Int("stride s", 1, 4),
        "padding": Choice("padding", ("valid", "same")),
        "step": Step(),
    },
    compute=_compute,
    draw=_draw,
    caption=_caption,
    limits=_limits,
    layout=(("n", "k", "s"), ("padding", "step")),
    static={"n": 8, "k": 3, "s": 2, "padding": "valid", "step": 2},
)
START = {"n": 8, "k": 3, "s": 1, "padding": "valid", "step": 5}


# ---------------------------------------------------------------- without ipywidgets


def test_settle_moves_a_value_into_its_limits_and_reports_them():
    values, limits = WALK.settle({**START, "s": 3})
    assert limits == {"step": (0, 1)}
    assert values["step"] == 1  # clamped to the last of 2 positions
    values, _ = WALK.settle(START)
    assert values == START  # nothing to move


def test_settle_repeats_until_limits_that_depend_on_each_other_agree():
    chained = Explorer(
        "chain",
        {"a": Int("a", 0, 10), "b": Int("b", 0, 10), "c": Int("c", 0, 10)},
        compute=dict,
        draw=_draw,
        caption=str,
        limits=lambda v: {"b": (0, v["a"]), "c": (0, v["b"])},
    )
    values, _ = chained.settle({"a": 2, "b": 9, "c": 9})
    assert values == {"a": 2, "b": 2, "c": 2}


def test_compute_refuses_an_impossible_combination():
    with pytest.raises(ValueError, match="kernel_size=7 is not allowed"):
        WALK.state(n=4, k=7, padding="valid")


def test_check_names_the_control_the_value_and_the_rule():
    with pytest.raises(
        ValueError, match=r"n=99 is not allowed: n must be a whole number from 3 to 16"
    ):
        WALK.check({"n": 99})
    with pytest.raises(ValueError, match="'same ' is not allowed"):
        WALK.check({"padding": "same "})
    with pytest.raises(ValueError, match="this explorer's controls are n, k, s, padding, step"):
        WALK.check({"size": 3})
    assert Float("t", 0.1, 5.0).check("t", 1) == 1.0
    assert Toggle("relu").check("relu", True) is True
    with pytest.raises(ValueError, match="relu=1 is not allowed"):
        Toggle("relu").check("relu", 1)
    with pytest.raises(ValueError, match="must be text"):
        Text("kernel").check("kernel", 3)


def test_rows_follow_the_layout_or_three_to_a_row():
    assert WALK.rows() == [["n", "k", "s"], ["padding", "step"]]
    plain = Explorer("p", {c: Int(c, 0, 1) for c in "abcd"}, dict, _draw, str)
    assert plain.rows() == [["a", "b", "c"], ["d"]]
    broken = Explorer("p", {"a": Int("a", 0, 1)}, dict, _draw, str, layout=(("a", "b"),))
    with pytest.raises(ValueError, match="must list every control once"):
        broken.rows()


def test_caption_text_is_the_caption_without_markup():
    assert _core.caption_text("<b>output 6</b><br>position 2 &amp; more") == (
        "output 6\nposition 2 & more"
    )


def test_the_static_picture_is_drawn_from_the_static_state_with_its_caption():
    png = _core.static_png(WALK)
    assert png.startswith(b"\x89PNG")
    assert _core._png_width(png) > 0


# ---------------------------------------------------------------- live, with ipywidgets


def test_the_view_draws_once_per_change_even_when_a_limit_moves_another_control():
    view = WALK.show(**START)
    assert view.renders == 1
    assert (view.controls["step"].max, view.play.max) == (5, 5)
    view.controls["s"].value = 3  # 2 positions now: the step slider is clamped to 1
    assert view.renders == 2
    assert view.values["step"] == 1
    assert (view.controls["step"].max, view.play.max, view.play.value) == (1, 1, 1)
    view.set(n=16, s=1)  # several controls at once: still one picture
    assert view.renders == 3
    assert view.controls["step"].max == 13


def test_an_impossible_combination_says_why_and_keeps_the_last_picture():
    view = WALK.show(**START)
    picture = view.image.value
    view.controls["n"].value = 4
    view.controls["k"].value = 7  # does not fit in 4 cells
    assert "⚠" in view.caption.value and "kernel_size=7" in view.caption.value
    assert view.image.value != b"" and view.renders == 2
    assert picture  # the first picture was there all along
    view.controls["k"].value = 3
    assert "⚠" not in view.caption.value and view.renders == 3


def test_the_picture_is_sharp_and_fits_the_output_area():
    view = WALK.show(**START)
    png = view.image.value
    assert int(view.image.width) * _core.DENSITY == _core._png_width(png)
    assert int(view.image.width) == round(3.0 * _core.CSS_PIXELS_PER_INCH)
    assert view.image.layout.max_width == "100%"


def test_the_live_picture_is_a_lossless_png_of_the_drawn_figure():
    import io

    import numpy as np
    from PIL import Image

    view = WALK.show(**START)
    drawn = np.asarray(view.figure.canvas.buffer_rgba())[..., :3]
    decoded = np.asarray(Image.open(io.BytesIO(view.image.value)).convert("RGB"))
    np.testing.assert_array_equal(decoded, drawn)  # what Agg drew, pixel for pixel
    rgb = np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8)
    again = np.asarray(Image.open(io.BytesIO(_core.rgb_png(rgb))))
    np.testing.assert_array_equal(again, rgb)
    for bad in (rgb.astype(float), rgb[..., :2], rgb[:0], rgb[0]):
        with pytest.raises(ValueError, match=r"rgb=.* is not allowed: an \(H, W, 3\) array"):
            _core.rgb_png(bad)


def test_without_a_front_end_the_static_state_is_shown():
    view = WALK.show(**START)
    bundle = view._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == _core.static_png(WALK)
    assert "text/html" not in bundle


def test_show_needs_every_starting_value():
    with pytest.raises(ValueError, match="needs a starting value for step"):
        WALK.show(n=8, k=3, s=1, padding="valid")


def test_an_explorer_that_cannot_start_says_why_at_once():
    with pytest.raises(ValueError, match="kernel_size=7 is not allowed"):
        WALK.show(n=4, k=7, s=1, padding="valid", step=0)


def test_the_static_picture_says_whether_it_is_the_start_the_code_asked_for():
    shown, _ = WALK.settle(WALK.static)
    (note,) = _core.static_figure(WALK, start=shown).texts
    assert note.get_text().splitlines()[0] == _core.START_NOTE
    (note,) = _core.static_figure(WALK, start=START).texts
    assert note.get_text().splitlines()[0] == _core.STATIC_NOTE
    view = WALK.show(**shown)
    assert base64.b64decode(view._repr_mimebundle_()["image/png"]) == _core.static_png(WALK, shown)


def test_the_static_picture_says_it_is_one_chosen_example():
    fig = _core.static_figure(WALK)
    (note,) = fig.texts
    assert note.get_text().splitlines() == [
        _core.STATIC_NOTE,
        "output 3",  # the static state: n=8, k=3, s=2, 'valid'
        "position 2 & more",
    ]
