"""course_utils.figures.training: one prediction and the most confident mistakes, drawn."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils.figures import training as figures
from course_utils.widgets._core import new_figure


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def made_up():
    """Six images; the model is wrong at 4 (sure: 0.95), 1 (0.9) and 3 (0.6)."""
    answers = [(0, 0.99), (7, 0.9), (2, 0.5), (8, 0.6), (9, 0.95), (5, 0.7)]
    probs = np.array([np.where(np.arange(10) == c, p, (1 - p) / 9) for c, p in answers])
    return np.random.default_rng(0).random((6, 28, 28)), np.arange(6), probs


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


def test_draw_prediction_shows_image_and_bars(made_up):
    images, y, p = made_up
    fig = figures.draw_prediction(images[1], p[1], int(y[1]))
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    bars = fig.axes[1].patches
    assert len(bars) == 10 and bars[7].get_height() == pytest.approx(0.9)
    assert bars[7].get_facecolor() != bars[1].get_facecolor() != bars[0].get_facecolor()
    written = _texts(fig)
    assert "0.90" in written and "0.01" in written  # the answer's and the true class's p only
    assert sum(t.startswith("0.") for t in written) == 2
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), images[1])


def test_draw_prediction_redraws_in_place(made_up):
    images, y, p = made_up
    fig = new_figure()
    figures.draw_prediction(images[1], p[1], 1, fig)
    axes = list(fig.axes)
    assert figures.draw_prediction(images[0], p[0], 0, fig) is fig
    assert fig.axes == axes and fig.axes[1].patches[0].get_height() == pytest.approx(0.99)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), images[0])


def test_plot_mistakes_default_is_the_surest_mistakes(made_up):
    images, y, p = made_up
    fig = figures.plot_mistakes(images[..., None], y, p)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [
        "#4: true 4\nsaid 9 (0.95)",
        "#1: true 1\nsaid 7 (0.90)",
        "#3: true 3\nsaid 8 (0.60)",
    ]
    assert len(fig.axes) == 6
    fig = figures.plot_mistakes(images, y, p, indices=np.array([3]))
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["#3: true 3\nsaid 8 (0.60)"]


def test_bad_arguments_raise_value_error(made_up):
    images, y, p = made_up
    with pytest.raises(ValueError, match=re.escape("images=<array of shape (5, 28, 28)>")):
        figures.plot_mistakes(images[:5], y, p)
    with pytest.raises(ValueError, match=re.escape("len(indices)=13 is not allowed")):
        figures.plot_mistakes(
            np.zeros((20, 28, 28)), np.zeros(20, int), np.eye(10)[[0] * 20], indices=list(range(13))
        )
    with pytest.raises(ValueError, match="no mistakes to show"):
        figures.plot_mistakes(images[:1], y[:1], p[:1])
    with pytest.raises(ValueError, match=re.escape("indices[0]=6 is not allowed")):
        figures.plot_mistakes(images, y, p, indices=[6])
