"""course_utils.figures.softmax: lesson 06's pictures draw what they say, and refuse bad input."""

from __future__ import annotations

import re

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_utils import layers_numpy
from course_utils.figures import softmax as figures
from course_utils.widgets._core import new_figure


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


LOGITS = [2.0, 1.0, 0.5, -1.0, 0.0]


def test_plot_softmax_shows_logits_and_probabilities():
    fig = figures.plot_softmax(LOGITS, 1.0, 1, figures.CLASS_NAMES)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    p = layers_numpy.softmax(np.array(LOGITS))
    heights = [bar.get_height() for bar in fig.axes[1].patches]
    np.testing.assert_allclose(heights, p)
    colours = [bar.get_facecolor() for bar in fig.axes[1].patches]
    assert colours[0] != colours[1] != colours[2]  # largest, true class, the rest
    text = _text(fig)
    assert "0.56" in text and "-1.0" in text and "bee" in text
    assert "softmax(logits)" in text and fig._suptitle is None  # the caption has the numbers
    figures.plot_softmax(LOGITS, 0.5)
    assert "softmax(logits / 0.5)" in _text(plt.gcf())


def test_softmax_state_gives_the_true_class_loss_only_when_there_is_one():
    state = figures.softmax_state(LOGITS, 2.0, 3)
    np.testing.assert_allclose(state.probs, layers_numpy.softmax(np.array(LOGITS) / 2))
    assert state.true_class == 3 and state.loss == pytest.approx(-np.log(state.probs[3]))
    assert figures.softmax_state(LOGITS).loss is None


def test_draw_softmax_redraws_in_place_and_starts_over_for_other_classes():
    fig = new_figure()
    figures.draw_softmax(figures.softmax_state(LOGITS), fig)
    axes = list(fig.axes)
    figures.draw_softmax(figures.softmax_state([9.0, 1, 0, 0, 0], 2.0, 3), fig)
    assert fig.axes == axes  # the same axes, only the bars and numbers changed
    assert fig.axes[0].patches[0].get_height() == 9.0
    assert fig.axes[0].get_ylim()[1] > 9.0
    figures.draw_softmax(figures.softmax_state([1.0, 2.0], class_names=["a", "b"]), fig)
    assert fig.axes != axes and len(fig.axes) == 2 and len(fig.axes[1].patches) == 2


def test_other_pictures_draw_what_they_say():
    fig = figures.plot_temperatures([2.0, 1.0, 0.0], (0.5, 1, 5))
    assert len(fig.axes) == 3 and "T = 0.5" in _text(fig)
    fig = figures.plot_threshold_and_relu(1.0)
    assert "threshold 1" in _text(fig)
    fig = figures.plot_neuron([0.5, 1.0, 0.2], [0.8, -0.4, 1.5], 0.1)
    text = _text(fig)
    assert "z = 0.8·0.5 − 0.4·1 + 1.5·0.2 + 0.1 = 0.40" in text
    assert "output = max(0, z) = 0.40" in text
    fig = figures.plot_flatten((2, 2, 3))
    assert "(2, 2, 3) → (12,)" in _text(fig)
    ax = figures.plot_cross_entropy((0.5,))
    assert isinstance(ax, Axes) and "p = 0.5: 0.69" in _text(ax.figure)
    fig = figures.plot_outputs(
        {"relu": np.zeros((2, 10)), "softmax": np.full((2, 10), 0.1)}, np.array([3, 7])
    )
    assert len(fig.axes) == 4 and "true 3: sum = 0.00" in _text(fig)


def test_flatten_order_is_keras_order():
    """The numbers in plot_flatten's stack are the positions Keras's Flatten gives them."""
    stack = np.arange(2 * 3 * 4).reshape(1, 2, 3, 4)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(stack))[0]
    np.testing.assert_array_equal(flat, np.arange(24))


def test_plot_outputs_says_so_when_all_outputs_are_0():
    outputs = {"relu": np.zeros((2, 10)), "softmax": np.full((2, 10), 0.1)}
    fig = figures.plot_outputs(outputs, labels=[3, 7])
    relu_row, softmax_row = fig.axes[:2], fig.axes[2:]
    for ax in relu_row:
        assert any(t.get_text() == "all 10 outputs\nare 0" for t in ax.texts)
    for ax in softmax_row:
        assert not ax.texts


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: figures.plot_softmax([1.0]), "len(logits)=1 is not allowed"),
        (lambda: figures.plot_softmax("abc"), "logits=<str> is not allowed"),
        (lambda: figures.plot_softmax([1.0, float("nan")]), "logits[1]=nan"),
        (lambda: figures.plot_softmax([[1.0, 2.0]]), "logits=<array of shape (1, 2)>"),
        (lambda: figures.plot_softmax([1.0, 2.0], 0), "temperature=0"),
        (lambda: figures.plot_softmax([1.0, 2.0], True), "temperature=True"),
        (lambda: figures.plot_softmax([1.0, 2.0], 1, 2), "true_class=2"),
        (lambda: figures.plot_softmax([1.0, 2.0], class_names=["a"]), "2 different names"),
        (lambda: figures.plot_softmax([1.0, 2.0], class_names=["a", "a"]), "2 different names"),
        (lambda: figures.plot_temperatures([1.0, 2.0], ()), "len(temperatures)=0"),
        (lambda: figures.plot_temperatures([1.0, 2.0], (1, -1)), "temperature=-1.0"),
        (lambda: figures.plot_threshold_and_relu("x"), "threshold='x'"),
        (lambda: figures.plot_neuron([1, 2], [1], 0.0), "one weight per input (2)"),
        (lambda: figures.plot_neuron([1, 2], [1, 2], None), "bias=None"),
        (lambda: figures.plot_flatten((2, 2)), "shape=(2, 2)"),
        (lambda: figures.plot_flatten((4, 4, 3)), "h·w·c=48 is not allowed"),
        (lambda: figures.plot_cross_entropy((0.0, 0.5)), "marked[0]=0.0"),
        (lambda: figures.plot_outputs({}, [0]), "outputs=<dict> is not allowed"),
        (lambda: figures.plot_outputs({"a": np.zeros((2, 3))}, [0]), "labels=<1 labels>"),
        (lambda: figures.plot_outputs({"a": np.zeros((1, 3))}, [3]), "labels[0]=3"),
    ],
)
def test_bad_arguments_raise_value_error(call, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        call()
