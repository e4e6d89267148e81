"""course_utils.figures.capstone: the lesson's schedule, channel and dropout figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import training
from course_utils.figures import capstone as figures


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_schedule_plot_draws_every_schedule_with_the_given_alpha():
    ax = figures.plot_lr_schedules(epochs=4, base_lr=1.0, final_fraction=0.5)
    assert [line.get_label() for line in ax.lines] == list(training.SCHEDULES)
    np.testing.assert_allclose(
        ax.lines[2].get_ydata(), training.lr_schedule("cosine", 4, 1.0, final_fraction=0.5)
    )
    with pytest.raises(ValueError, match="epochs=0"):
        figures.plot_lr_schedules(epochs=0)


def test_channel_stats_before_and_after():
    rng = np.random.default_rng(0)
    before = rng.normal(3.0, 2.0, size=(4, 5, 5, 3))
    after = (before - before.mean(axis=(0, 1, 2))) / before.std(axis=(0, 1, 2))
    fig = figures.plot_channel_stats(before, after)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    means = [bar.get_height() for bar in fig.axes[0].patches]
    np.testing.assert_allclose(means[:3], before.mean(axis=(0, 1, 2)))
    np.testing.assert_allclose(means[3:], 0, atol=1e-12)
    with pytest.raises(ValueError, match="after=<array of shape .* as many channels"):
        figures.plot_channel_stats(before, after[..., :2])
    with pytest.raises(ValueError, match="before"):
        figures.plot_channel_stats(np.zeros(3), after)


def test_dropout_plot_shares_one_scale_up_to_the_scaled_survivors():
    img = np.zeros((28, 28))
    img[8:20, 10:18] = np.linspace(0.2, 1.0, 8)
    dropped = np.where(np.arange(img.size).reshape(img.shape) % 2 == 0, img / 0.5, 0.0)
    fig = figures.plot_dropout(img, dropped, 0.5)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 2
    assert all(im.get_clim() == (0.0, pytest.approx(dropped.max())) for im in images)
    assert len(fig.axes) == 3  # two panels and their shared colour bar
    with pytest.raises(ValueError, match="dropped=<array of shape"):
        figures.plot_dropout(img, dropped[:3], 0.5)
    with pytest.raises(ValueError, match="rate=1.0"):
        figures.plot_dropout(img, dropped, 1.0)
    assert figures.plot_dropout(img, img, 0) is not None  # Dropout(0) keeps everything
