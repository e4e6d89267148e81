"""course_utils.widgets.training: ordering predictions, finding mistakes, pictures, the explorer."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils.widgets import training


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.fixture
def made_up():
    """Six 'images', their labels and probabilities: mistakes at 1 (p=0.9), 3 (0.6), 4 (0.95)."""
    labels = np.array([0, 1, 2, 3, 4, 5])
    probs = np.full((6, 10), 0.0)
    said = {0: (0, 0.99), 1: (7, 0.9), 2: (2, 0.5), 3: (8, 0.6), 4: (9, 0.95), 5: (5, 0.7)}
    for i, (cls, p) in said.items():
        probs[i, cls] = p
        rest = [c for c in range(10) if c != cls]
        probs[i, rest] = (1 - p) / 9
    images = np.random.default_rng(0).random((6, 28, 28))
    return images, labels, probs


# ---------------------------------------------------------------- which images


def test_prediction_order_lists(made_up):
    _, y, p = made_up
    assert training.prediction_order(y, p, "all").tolist() == [0, 1, 2, 3, 4, 5]
    assert training.prediction_order(y, p, "mistakes").tolist() == [1, 3, 4]
    assert training.prediction_order(y, p, "confident mistakes").tolist() == [4, 1, 3]
    assert training.prediction_order(y, p, "least sure").tolist() == [2, 3, 5, 1, 4, 0]
    assert training.most_confident_mistakes(y, p, n=2).tolist() == [4, 1]
    assert training.most_confident_mistakes(y, p, n=50).tolist() == [4, 1, 3]


def test_mistakes_agree_with_argmax_on_random_data():
    rng = np.random.default_rng(1)
    p = _softmax(rng.normal(size=(300, 10)) * 3)
    y = rng.integers(0, 10, size=300)
    wrong = training.prediction_order(y, p, "confident mistakes")
    assert set(wrong.tolist()) == set(np.flatnonzero(p.argmax(1) != y).tolist())
    conf = p.max(axis=1)[wrong]
    assert np.all(np.diff(conf) <= 0), "most confident first"
    assert sorted(training.prediction_order(y, p, "least sure").tolist()) == list(range(300))


def test_describe_gives_the_loss_of_one_image(made_up):
    _, y, p = made_up
    d = training.describe(1, y, p)
    assert d["true"] == 1 and d["predicted"] == 7 and not d["correct"]
    assert d["p_predicted"] == pytest.approx(0.9)
    assert d["p_true"] == pytest.approx(0.1 / 9)
    assert d["loss"] == pytest.approx(-np.log(0.1 / 9))
    assert training.describe(0, y, p)["correct"]


def test_loss_matches_keras_crossentropy():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(2)
    p = _softmax(rng.normal(size=(20, 10))).astype("float32")
    y = rng.integers(0, 10, size=20)
    ours = np.mean([training.describe(i, y, p)["loss"] for i in range(20)])
    loss = keras.losses.SparseCategoricalCrossentropy()(y, p)
    assert ours == pytest.approx(float(keras.ops.convert_to_numpy(loss)), rel=1e-5)


def test_caption_names_image_prediction_and_loss(made_up):
    _, y, p = made_up
    text = training.caption_html(4, y, p, "confident mistakes", 0)
    assert "test image 4" in text and "confident mistakes: 1 of 3" in text
    assert "true label <b>4</b>" in text and "says <b>9</b>" in text and "wrong" in text
    assert "−ln(" in text


@pytest.mark.parametrize(
    "labels, probs, words",
    [
        ([0, 1], np.full((2, 10), 0.1)[:1], "labels has 2 entries and probs has 1 rows"),
        ([0], np.full((1, 10), 0.2), "adds up to 2"),
        ([0], np.full((1, 10), -0.1), "between 0 and 1"),
        ([0], np.full(10, 0.1), r"probs has shape \(10,\)"),
        ([12], np.full((1, 10), 0.1), "from 0 to 9"),
        ([0.5], np.full((1, 10), 0.1), "whole numbers"),
        ("ab", np.full((1, 10), 0.1), "labels must be a 1-D array"),
        ([0], "probs", "probs must be an array of numbers"),
    ],
)
def test_bad_arrays_raise_value_error(labels, probs, words):
    with pytest.raises(ValueError, match=words):
        training.prediction_order(labels, probs)


def test_bad_choices_raise_value_error(made_up):
    images, y, p = made_up
    with pytest.raises(ValueError, match="show='mistake'"):
        training.prediction_order(y, p, "mistake")
    with pytest.raises(ValueError, match="index=6"):
        training.describe(6, y, p)
    with pytest.raises(ValueError, match="n=0"):
        training.most_confident_mistakes(y, p, n=0)
    with pytest.raises(ValueError, match="images has 5 images"):
        training.plot_mistakes(images[:5], y, p)
    with pytest.raises(ValueError, match="at most 12"):
        training.plot_mistakes(
            np.zeros((20, 28, 28)), np.zeros(20, int), np.eye(10)[[0] * 20], indices=list(range(13))
        )
    with pytest.raises(ValueError, match="no mistakes"):
        training.plot_mistakes(images[:1], y[:1], p[:1])


# ---------------------------------------------------------------- pictures


def _text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def test_plot_prediction_shows_image_and_bars(made_up):
    images, y, p = made_up
    fig = training.plot_prediction(images[1][..., None], p[1], int(y[1]))
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    text = _text(fig)
    assert "true label: 1" in text and "the model says 7 (p = 0.90): wrong" in text
    assert "true class" in text  # the legend appears only for a mistake
    bars = fig.axes[1].patches
    assert len(bars) == 10 and bars[7].get_height() == pytest.approx(0.9)
    fig2 = training.plot_prediction(images[0], p[0], 0, fig=fig)
    assert fig2 is fig and "right" in _text(fig)


def test_plot_mistakes_default_is_the_surest_mistakes(made_up):
    images, y, p = made_up
    fig = training.plot_mistakes(images[..., None], y, p)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [
        "#4: true 4\nsaid 9 (0.95)",
        "#1: true 1\nsaid 7 (0.90)",
        "#3: true 3\nsaid 8 (0.60)",
    ]
    assert len(fig.axes) == 6


# ---------------------------------------------------------------- the explorer


def test_explorer_steps_through_lists(made_up):
    pytest.importorskip("ipywidgets")
    images, y, p = made_up
    explorer = training.prediction_explorer(images, y, p)
    assert "test image 4" in explorer.caption.value
    assert explorer.controls["rank"].max == 2
    explorer.set(rank=1)
    assert "test image 1" in explorer.caption.value
    explorer.set(show="all")
    assert explorer.controls["rank"].max == 5
    assert "test image 1" in explorer.caption.value and "all: 2 of 6" in explorer.caption.value
    assert explorer.image.value[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="rank=3"):
        training.prediction_explorer(images, y, p, rank=3)
