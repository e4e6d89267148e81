"""course_utils.figures.architectures: what each of lesson 09's figures draws."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import models
from course_utils.figures import architectures as figures


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_timeline_draws_the_published_errors_with_the_zfnet_paper_label():
    fig = figures.plot_timeline()
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    early, late = fig.axes
    ys = np.concatenate([c.get_offsets()[:, 1] for c in late.collections])
    assert sorted(ys.tolist()) == sorted([15.3, 14.8, 7.3, 6.67, 3.57])
    assert "ZFNet (paper) 14.8%" in [t.get_text() for t in late.texts]
    assert len(early.texts) == 3  # the neocognitron, the zip-code network, LeNet-5


def test_plot_model_comparison_draws_parameters_and_depth():
    rows = [
        models.ModelFacts("A", 61_706, 5, (32, 32, 1), (10,), (1, 1, 120)),
        models.ModelFacts("B", 138_357_544, 16, (224, 224, 3), (1000,), (7, 7, 512)),
    ]
    fig = figures.plot_model_comparison(rows)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert [p.get_height() for p in fig.axes[0].patches] == [61_706, 138_357_544]
    assert [p.get_height() for p in fig.axes[1].patches] == [5, 16]
    assert [t.get_text() for t in fig.axes[0].texts] == ["62 k", "138.4 M"]


def test_plot_model_comparison_rejects_bad_rows():
    with pytest.raises(ValueError, match="rows="):
        figures.plot_model_comparison([1])


def test_residual_diagram_draws():
    ax = figures.plot_residual_block()
    texts = [t.get_text() for t in ax.texts]
    assert "+" in texts and "x" in texts and "y" in texts


def test_channel_mix_draws_brightness_in_grey_and_signed_values_centred():
    rng = np.random.default_rng(0)
    photo = rng.uniform(size=(6, 8, 3))
    mix = np.array([[0.299, 1.0], [0.587, 0.0], [0.114, -1.0]])
    fig = figures.plot_channel_mix(photo, photo @ mix, titles=["photo", "grey", "r - b"])
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["photo", "grey", "r - b"]
    grey, signed = panels[1].images[0], panels[2].images[0]
    assert grey.get_cmap().name == "gray" and grey.get_clim() == (0, 1)
    low, high = signed.get_clim()
    assert signed.get_cmap().name == "RdBu_r" and high > 0 and low == -high
    assert len(fig.axes) == 4  # three panels and the signed panel's colour bar


@pytest.mark.parametrize(
    "photo, mixed, titles, words",
    [
        (np.zeros((4, 4, 2)), np.zeros((4, 4, 1)), None, "photo="),
        (np.zeros((4, 4, 3)), np.zeros((5, 4, 1)), None, "mixed=.*height and width"),
        (np.zeros((4, 4, 3)), np.zeros((4, 4)), ["a"], "titles="),
    ],
)
def test_channel_mix_rejects_mismatched_arguments(photo, mixed, titles, words):
    with pytest.raises(ValueError, match=words):
        figures.plot_channel_mix(photo, mixed, titles=titles)
