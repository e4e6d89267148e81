"""course_utils.figures.features: lesson 08's fields, gradient check and occlusion maps."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from course_utils import occlusion, shapes
from course_utils.figures import features as figures

NAMES = ["conv_1", "pool_1", "conv_2", "pool_2"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def digit() -> np.ndarray:
    img = np.zeros((28, 28))
    img[6:22, 12:16] = 1.0  # a "1"
    return img


def _occlusion(fill: float) -> occlusion.Occlusion:
    """A made-up 6×6 map of an 8×8 patch moved 4 pixels at a time: worst at (8, 12)."""
    drops = np.zeros((6, 6))
    drops[2, 3] = 0.7
    starts = (0, 4, 8, 12, 16, 20)
    return occlusion.Occlusion(drops, starts, starts, 8, 0.9, 1, fill)


def _fields():
    rows = shapes.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)])
    return [f._replace(name=n) for f, n in zip(rows, NAMES, strict=True)]


def test_plot_fields_draws_one_labelled_square_per_layer():
    fig = figures.plot_fields(digit(), _fields())
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == [
        "conv_1: 3×3 pixels",
        "pool_1: 4×4 pixels",
        "conv_2: 8×8 pixels",
        "pool_2: 10×10 pixels",
    ]
    boxes = fig.axes[0].patches
    assert [(b.get_width(), b.get_height()) for b in boxes] == [(3, 3), (4, 4), (8, 8), (10, 10)]
    assert boxes[-1].get_xy() == (7.5, 7.5)  # unit (2, 2) of pool_2 starts at pixel 8
    with pytest.raises(ValueError, match="labels=<1 entries> is not allowed"):
        figures.plot_fields(digit(), _fields(), labels=["a"])
    with pytest.raises(ValueError, match="output_sizes=\\[1, 2\\] is not allowed"):
        figures.plot_fields(digit(), _fields(), output_sizes=[1, 2])
    with pytest.raises(ValueError, match="field="):
        figures.plot_fields(digit(), [(3, 1)])


def test_plot_gradient_check_counts_inside_and_outside():
    mask = shapes.field_mask(_fields()[-1], 2, 2, (28, 28))
    inside = np.where(mask, 1.0, 0.0)
    leaky = inside.copy()
    leaky[0, 0] = 0.3
    fig = figures.plot_gradient_check({"a": inside, "b": leaky}, mask)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].endswith("100 of 100 in the field, 0 outside")
    assert titles[1].endswith("100 of 100 in the field, 1 outside")
    with pytest.raises(ValueError, match="its shape must be the mask's"):
        figures.plot_gradient_check({"a": np.zeros((5, 5))}, mask)


def test_plot_gradient_check_can_draw_the_digit_underneath():
    mask = shapes.field_mask(_fields()[-1], 2, 2, (28, 28))
    fig = figures.plot_gradient_check({"a": np.where(mask, 1.0, 0.0)}, mask, image=digit())
    assert len(fig.axes[0].images) == 2  # the digit, then the gradient on top
    texts = [t.get_text() for t in fig.findobj(Text)]  # (get_suptitle needs Matplotlib 3.8)
    assert any("grey: the digit" in t for t in texts)
    with pytest.raises(ValueError, match="image="):
        figures.plot_gradient_check({"a": np.zeros((28, 28))}, mask, image=np.zeros((5, 5)))


def test_plot_occlusions_share_one_colour_scale_and_mark_the_patch():
    occ = {
        "grey patch": _occlusion(0.5),
        "black patch": _occlusion(0.0),
    }
    fig = figures.plot_occlusions(digit(), occ)
    maps = [ax.images[0] for ax in fig.axes if ax.get_title().endswith("mean drop per pixel")]
    assert len(maps) == 2
    assert maps[0].get_clim() == maps[1].get_clim()
    low, high = maps[0].get_clim()
    assert low == -high > -np.inf
    assert any("one scale" in ax.get_ylabel() for ax in fig.axes)  # the shared colour bar
    patch_axes = [ax for ax in fig.axes if "worst position" in ax.get_title()]
    assert all(len(ax.patches) == 1 for ax in patch_axes)  # the patch is outlined
    assert patch_axes[0].patches[0].get_xy() == (11.5, 7.5)  # the worst position
    assert patch_axes[0].get_title().endswith("p(1) 0.90 → 0.20")
    with pytest.raises(ValueError, match="occlusions\\['a'\\]"):
        figures.plot_occlusions(digit(), {"a": (1, 2)})
