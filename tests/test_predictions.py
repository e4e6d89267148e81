"""course_utils.predictions: ordering a model's test predictions, its mistakes, one image's loss."""

from __future__ import annotations

import re

import numpy as np
import pytest

from course_utils import layers_numpy, predictions


@pytest.fixture
def made_up():
    """Six images; the model is wrong at 4 (sure: 0.95), 1 (0.9) and 3 (0.6)."""
    answers = [(0, 0.99), (7, 0.9), (2, 0.5), (8, 0.6), (9, 0.95), (5, 0.7)]
    probs = np.array([np.where(np.arange(10) == c, p, (1 - p) / 9) for c, p in answers])
    return np.arange(6), probs


def test_prediction_order_lists(made_up):
    y, p = made_up
    assert predictions.prediction_order(y, p, "all").tolist() == [0, 1, 2, 3, 4, 5]
    assert predictions.prediction_order(y, p, "mistakes").tolist() == [1, 3, 4]
    assert predictions.prediction_order(y, p, "confident mistakes").tolist() == [4, 1, 3]
    assert predictions.prediction_order(y, p, "least sure").tolist() == [2, 3, 5, 1, 4, 0]
    assert predictions.most_confident_mistakes(y, p, n=2).tolist() == [4, 1]
    assert predictions.most_confident_mistakes(y, p, n=50).tolist() == [4, 1, 3]


def test_mistakes_agree_with_argmax_on_random_data():
    rng = np.random.default_rng(1)
    p = layers_numpy.softmax(rng.normal(size=(300, 10)) * 3)
    y = rng.integers(0, 10, size=300)
    wrong = predictions.prediction_order(y, p, "confident mistakes")
    assert set(wrong.tolist()) == set(np.flatnonzero(p.argmax(1) != y).tolist())
    assert np.all(np.diff(p.max(axis=1)[wrong]) <= 0), "most confident first"
    assert sorted(predictions.prediction_order(y, p, "least sure").tolist()) == list(range(300))


def test_describe_gives_the_loss_of_one_image(made_up):
    y, p = made_up
    d = predictions.describe(1, y, p)
    assert d["true"] == 1 and d["predicted"] == 7 and not d["correct"]
    assert d["p_predicted"] == pytest.approx(0.9)
    assert d["p_true"] == pytest.approx(0.1 / 9)
    assert d["loss"] == pytest.approx(-np.log(0.1 / 9))
    assert predictions.describe(0, y, p)["correct"]


def test_loss_matches_keras_crossentropy():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(2)
    p = layers_numpy.softmax(rng.normal(size=(20, 10))).astype("float32")
    y = rng.integers(0, 10, size=20)
    ours = np.mean([predictions.describe(i, y, p)["loss"] for i in range(20)])
    loss = keras.losses.SparseCategoricalCrossentropy()(y, p)
    assert ours == pytest.approx(float(keras.ops.convert_to_numpy(loss)), rel=1e-5)


@pytest.mark.parametrize(
    "labels, probs, words",
    [
        ([0, 1], np.full((1, 10), 0.1), "one whole number from 0 to 9 per row of probs (1 rows)"),
        ([0], np.full((1, 10), 0.2), "probs[0]=<a row adding up to 2>"),
        ([0], np.full((1, 10), -0.1), "probs=<values from -0.1 to -0.1>"),
        ([0], np.full(10, 0.1), "probs=<array of shape (10,)>"),
        ([12], np.full((1, 10), 0.1), "labels=<1 labels from 12 to 12>"),
        ([0.5], np.full((1, 10), 0.1), "whole number"),
        ("ab", np.full((1, 10), 0.1), "labels must be an array of numbers"),
        ([0], "probs", "probs must be an array of numbers"),
    ],
)
def test_bad_arrays_raise_value_error(labels, probs, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        predictions.prediction_order(labels, probs)


def test_bad_choices_raise_value_error(made_up):
    y, p = made_up
    with pytest.raises(ValueError, match="show='mistake' is not allowed.*did you mean 'mistakes'"):
        predictions.prediction_order(y, p, "mistake")
    with pytest.raises(ValueError, match=re.escape("index=6 is not allowed")):
        predictions.describe(6, y, p)
    with pytest.raises(ValueError, match="n=0"):
        predictions.most_confident_mistakes(y, p, n=0)
    with pytest.raises(ValueError, match=re.escape("images=<array of shape (5, 28, 28)>")):
        predictions.check_images(np.zeros((5, 28, 28)), 6)
    assert predictions.check_images(np.zeros((6, 28, 28, 1)), 6).shape == (6, 28, 28)
