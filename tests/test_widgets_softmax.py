"""course_utils.widgets.softmax: probabilities and losses against real Keras; the pictures."""

from __future__ import annotations

import math
import re

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_utils.widgets import softmax


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the numbers


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 2.0, 5.0])
def test_softmax_with_temperature_matches_keras(temperature):
    rng = np.random.default_rng(1)
    for _ in range(5):
        z = rng.normal(scale=3, size=7)
        ours = softmax.softmax(z, temperature)
        scaled = (z / temperature).astype("float32")[None]
        expected = keras.ops.convert_to_numpy(keras.activations.softmax(scaled))[0]
        np.testing.assert_allclose(ours, expected, atol=1e-6)
        assert math.isclose(ours.sum(), 1.0, abs_tol=1e-12)


def test_softmax_properties_the_lesson_states():
    z = np.array([2.0, 1.0, 0.5, -1.0, 0.0])
    p = softmax.softmax(z)
    np.testing.assert_allclose(softmax.softmax(z + 1000), p, atol=1e-12)  # shifting: no change
    assert np.all(np.isfinite(softmax.softmax([1000.0, 999.0, 998.0])))  # no overflow
    ratio = p[0] / p[1]
    assert math.isclose(ratio, math.e, rel_tol=1e-12)  # a difference of 1 is a ratio of e
    maxima = [softmax.softmax(z, t).max() for t in (0.5, 1, 2, 5, 100)]
    assert maxima == sorted(maxima, reverse=True)  # hotter: flatter
    assert all(np.argmax(softmax.softmax(z, t)) == 0 for t in (0.1, 1, 10))  # same winner
    np.testing.assert_allclose(softmax.softmax(z, 1e6), np.full(5, 0.2), atol=1e-5)


def test_cross_entropy_matches_keras():
    rng = np.random.default_rng(2)
    for k in range(4):
        z = rng.normal(size=4).astype("float32")
        p = softmax.softmax(z)
        ours = softmax.cross_entropy(p, k)
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        expected = float(loss(np.array([k]), z[None]))
        assert math.isclose(ours, expected, rel_tol=1e-5)
    assert math.isclose(softmax.cross_entropy(np.full(10, 0.1), 3), math.log(10))
    assert softmax.cross_entropy([1.0, 0.0], 1) == math.inf


def test_the_keras_loss_on_relu_outputs_clips_then_shares():
    """What the lesson says Keras (TF backend) does with outputs that are not probabilities."""
    outputs = np.array(
        [[0.0, 2.0, 0.5, 0, 0, 0, 0, 0, 0, 0], [0.0] * 10, [0.3, 0.3] + [0.0] * 8],
        dtype="float32",
    )
    labels = np.array([1, 3, 0])
    keras_loss = keras.ops.convert_to_numpy(
        keras.losses.sparse_categorical_crossentropy(labels, outputs)
    )
    eps = keras.config.epsilon()
    clipped = np.clip(outputs, eps, 1 - eps)
    by_hand = -np.log(clipped[np.arange(3), labels] / clipped.sum(axis=1))
    np.testing.assert_allclose(keras_loss, by_hand, rtol=1e-5)
    assert math.isclose(float(keras_loss[1]), math.log(10), rel_tol=1e-5)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: softmax.softmax([1.0]), "logits=[1.0]"),
        (lambda: softmax.softmax("abc"), "logits='abc'"),
        (lambda: softmax.softmax([1.0, float("nan")]), "finite numbers"),
        (lambda: softmax.softmax([[1.0, 2.0]]), "one score per class"),
        (lambda: softmax.softmax([1.0, 2.0], 0), "temperature=0"),
        (lambda: softmax.softmax([1.0, 2.0], -1.0), "temperature=-1.0"),
        (lambda: softmax.softmax([1.0, 2.0], True), "temperature=True"),
        (lambda: softmax.cross_entropy([0.5, 0.6], 0), "add up to 1"),
        (lambda: softmax.cross_entropy([0.5, 0.5], 2), "true_class=2"),
        (lambda: softmax.cross_entropy([0.5, 0.5], 1.0), "true_class=1.0"),
        (lambda: softmax.plot_softmax([1.0, 2.0], class_names=["a"]), "class_names has 1"),
        (lambda: softmax.plot_temperatures([1.0, 2.0], ()), "temperatures=()"),
        (lambda: softmax.plot_threshold_and_relu("x"), "threshold='x'"),
        (lambda: softmax.plot_neuron([1, 2], [1], 0.0), "same length"),
        (lambda: softmax.plot_neuron([1, 2], [1, 2], None), "bias=None"),
        (lambda: softmax.plot_flatten((2, 2)), "shape=(2, 2)"),
        (lambda: softmax.plot_flatten((4, 4, 3)), "too large to draw"),
        (lambda: softmax.plot_cross_entropy((0.0, 0.5)), "marked="),
        (lambda: softmax.plot_outputs({}, [0]), "outputs must be a dict"),
        (lambda: softmax.plot_outputs({"a": np.zeros((2, 3))}, [0]), "labels has 1"),
    ],
)
def test_bad_arguments_raise_value_error(call, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        call()


# ---------------------------------------------------------------- the pictures


def _text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def test_plot_softmax_shows_logits_probabilities_and_loss():
    fig = softmax.plot_softmax([2.0, 1.0, 0.5, -1.0, 0.0], 1.0, 1, softmax.CLASS_NAMES)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    heights = [patch.get_height() for patch in fig.axes[1].patches]
    np.testing.assert_allclose(heights, softmax.softmax([2.0, 1.0, 0.5, -1.0, 0.0]))
    title = fig._suptitle.get_text()
    assert "largest: cat (p = 0.56)" in title and "true class dog" in title
    assert "sum = 1.00" in _text(fig)


def test_caption_html_says_sum_winner_and_loss():
    caption = softmax.caption_html([2.0, 1.0, 0.5, -1.0, 0.0], 1.0, 1, softmax.CLASS_NAMES)
    p = softmax.softmax([2.0, 1.0, 0.5, -1.0, 0.0])
    assert "add up to 1.000" in caption and f"cat with p = {p[0]:.3f}" in caption
    assert f"−ln {p[1]:.3f} = {-np.log(p[1]):.3f}" in caption and "wrong" in caption
    assert "ln 5 = 1.609" in caption
    assert "<script" not in softmax.caption_html([1, 2], class_names=["<script>", "b"])


def test_other_pictures_draw_what_they_say():
    fig = softmax.plot_temperatures([2.0, 1.0, 0.0], (0.5, 1, 5))
    assert len(fig.axes) == 3 and "T = 0.5" in _text(fig)
    fig = softmax.plot_threshold_and_relu(1.0)
    assert "threshold 1" in _text(fig)
    fig = softmax.plot_neuron([0.5, 1.0, 0.2], [0.8, -0.4, 1.5], 0.1)
    assert "output = max(0, z) = 0.40" in _text(fig)
    fig = softmax.plot_flatten((2, 2, 3))
    texts = _text(fig)
    assert "(2, 2, 3) → (12,)" in texts
    ax = softmax.plot_cross_entropy((0.5,))
    assert isinstance(ax, Axes) and "p = 0.5: 0.69" in _text(ax.figure)
    fig = softmax.plot_outputs(
        {"relu": np.zeros((2, 10)), "softmax": np.full((2, 10), 0.1)}, [3, 7]
    )
    assert len(fig.axes) == 4 and "true 3: sum = 0.00" in _text(fig)


def test_flatten_order_is_keras_order():
    """The numbers in plot_flatten's stack are the positions Keras's Flatten gives them."""
    stack = np.arange(2 * 3 * 4).reshape(1, 2, 3, 4)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(stack))[0]
    np.testing.assert_array_equal(flat, np.arange(24))


# ---------------------------------------------------------------- the explorer


def test_explorer_updates_caption_and_picture():
    pytest.importorskip("ipywidgets")
    explorer = softmax.softmax_explorer()
    first = explorer.image.value
    assert first and "cat with p" in explorer.caption.value
    explorer.set(z4=9.0)  # "bee" far ahead
    assert "bee with p" in explorer.caption.value and explorer.image.value != first
    explorer.set(temperature=5.0, true_class=2)
    assert "T = 5" in explorer.caption.value and "true class is fox" in explorer.caption.value
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle
    with pytest.raises(ValueError, match="temperature=9"):
        softmax.softmax_explorer(temperature=9)
    with pytest.raises(ValueError, match="logits="):
        softmax.softmax_explorer(logits=[20.0, 0.0], class_names=["a", "b"])


def test_plot_outputs_says_so_when_all_outputs_are_0():
    outputs = {"relu": np.zeros((2, 10)), "softmax": np.full((2, 10), 0.1)}
    fig = softmax.plot_outputs(outputs, labels=[3, 7])
    relu_row, softmax_row = fig.axes[:2], fig.axes[2:]
    for ax in relu_row:
        assert any(t.get_text() == "all 10 outputs\nare 0" for t in ax.texts)
    for ax in softmax_row:
        assert not ax.texts
