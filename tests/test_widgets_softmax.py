"""course_utils.widgets.softmax: the softmax explorer's declaration, then the live view."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from course_utils import layers_numpy
from course_utils.figures import softmax as figures
from course_utils.widgets import softmax

NAMES = list(figures.CLASS_NAMES)
LOGITS = [1.0, 3.0, 0.0, -2.0, 0.5]  # the notebook's start: "dog" far ahead, the true class "cat"
EXPLORER = softmax.declaration(LOGITS, NAMES, 0)
START = {**{f"z{i}": v for i, v in enumerate(LOGITS)}, "temperature": 1.0, "true_class": "cat"}


# ---------------------------------------------------------------- without ipywidgets


def test_compute_gives_probabilities_and_the_loss():
    state = EXPLORER.compute({**START, "temperature": 2.0, "true_class": "fox"})
    np.testing.assert_allclose(state.probs, layers_numpy.softmax(np.array(LOGITS) / 2))
    assert state.true_class == 2 and state.loss == pytest.approx(-math.log(state.probs[2]))


def test_caption_says_sum_winner_loss_and_the_know_nothing_loss():
    state = EXPLORER.compute(START)
    text = softmax.caption(state)
    p = state.probs
    assert "add up to 1.000" in text and f"dog, p = {p[1]:.3f}" in text
    assert f"−ln {p[0]:.3f} = {-np.log(p[0]):.3f}" in text and "wrong" in text
    assert "ln 5 = 1.609" in text
    odd = softmax.declaration([1.0, 2.0], ["<script>", "b"], 0)
    assert "<script" not in softmax.caption(odd.state())


def test_static_state_is_sharper_than_the_notebooks_start():
    assert EXPLORER.static != START
    state = EXPLORER.state()  # what a reader without widgets sees
    assert state.temperature == softmax.STATIC_TEMPERATURE
    assert state.loss > EXPLORER.compute(START).loss  # a confident mistake costs more


def test_controls_refuse_what_the_sliders_cannot_show():
    with pytest.raises(ValueError, match=re.escape("z0=20.0 is not allowed")):
        EXPLORER.check({"z0": 20.0})
    with pytest.raises(ValueError, match=re.escape("temperature=9 is not allowed")):
        EXPLORER.check({"temperature": 9})
    with pytest.raises(ValueError, match="true_class='cow' is not allowed"):
        EXPLORER.check({"true_class": "cow"})
    assert EXPLORER.settle(START) == (START, {})  # no slider limits another


def test_layout_puts_three_logits_to_a_row():
    assert EXPLORER.rows() == [["z0", "z1", "z2"], ["z3", "z4"], ["temperature", "true_class"]]
    two = softmax.declaration([1.0, 2.0], ["a", "b"], 1)
    assert two.rows() == [["z0", "z1"], ["temperature", "true_class"]]


# ---------------------------------------------------------------- the live view


def test_every_control_redraws_once_per_change():
    pytest.importorskip("ipywidgets")
    view = softmax.softmax_explorer(logits=LOGITS, true_class=0)
    assert "dog, p" in view.caption.value and view.renders == 1
    changes = {"z4": 9.0, "temperature": 5.0, "true_class": "fox"}
    for name in [f"z{i}" for i in range(4)]:
        changes[name] = 2.5
    for name, value in changes.items():
        before, picture = view.renders, view.image.value
        view.set(**{name: value})
        assert view.renders == before + 1, name
        assert view.image.value != picture, name
    assert "T = 5" in view.caption.value and "true class (orange) fox" in view.caption.value
    assert "image/png" in view._repr_mimebundle_()


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"temperature": 9}, "temperature=9 is not allowed"),
        ({"logits": [20.0, 0.0], "class_names": ["a", "b"]}, "z0=20.0 is not allowed"),
        ({"logits": list(range(7))}, "len(logits)=7 is not allowed"),
        ({"true_class": 5}, "true_class=5 is not allowed"),
        ({"class_names": ["a", "b"]}, "5 different names"),
    ],
)
def test_factory_refuses_bad_arguments(kwargs, words):
    pytest.importorskip("ipywidgets")
    with pytest.raises(ValueError, match=re.escape(words)):
        softmax.softmax_explorer(**kwargs)
