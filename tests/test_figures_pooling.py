"""course_utils.figures.pooling: the windows and pooled values against real Keras; the pictures."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.figure import Figure

from course_utils import layers_numpy, plotting
from course_utils.figures import pooling


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the pictures


def _texts(fig):
    """What the figure writes outside the grids: titles under the panels and the key's
    labels (glyph outlines)."""
    titles = [c for ax in fig.axes for c in ax.collections if c.get_gid() == plotting.BELOW]
    key = [a for a in fig.artists if isinstance(a, PathCollection)]
    return " | ".join(a.get_label() for a in titles + key)


def _written(ax):
    """The numbers written in a panel's cells, as one glyph collection each."""
    return [c for c in ax.collections if isinstance(c, PathCollection) and c.get_gid() is None]


def test_plot_pooling_marks_the_window_and_its_result():
    fig = pooling.plot_pooling(step=3)
    assert isinstance(fig, Figure)
    ax_in, ax_out, _bar = fig.axes
    assert "input 4×4" in _texts(fig) and "max pooled 2×2" in _texts(fig)
    *numbers, dots = _written(ax_in)
    assert len(dots.get_offsets()) == 4  # one dot per window
    assert numbers[0].get_label() == "1 3 2 0 4 8 5 1 3 1 6 2 0 0 1 3"
    (frame,) = ax_in.patches
    assert frame.get_xy() == (1.5, 1.5) and (frame.get_width(), frame.get_height()) == (2, 2)
    written = [c.get_label() for c in _written(ax_out)]
    assert written == ["8 5 3 6"]
    fig = pooling.plot_pooling(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    assert "input 5×5 + padding → 6×6" in _texts(fig)
    assert len(fig.axes[0].patches) == 9  # step=None: every window outlined
    assert "padding (ignored)" in _texts(fig) and "window now" not in _texts(fig)


def test_plot_pooling_shares_one_scale_with_a_colour_bar():
    fig = pooling.plot_pooling(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    ax_in, ax_out, bar = fig.axes
    mesh_in, mesh_out = (
        next(c for c in ax.collections if isinstance(c, QuadMesh)) for ax in (ax_in, ax_out)
    )
    assert mesh_in.norm is mesh_out.norm and mesh_in.get_clim() == (0, 24)
    assert bar.get_ylim() == (0, 24) and "both panels" in bar.get_ylabel()


def test_plot_pooling_redraws_a_figure_in_place_and_refuses_huge_maps():
    fig = pooling.plot_pooling(step=0)
    axes = list(fig.axes)
    pooled = layers_numpy.pool_windows(np.arange(36.0).reshape(6, 6), 3, 1)
    assert pooling.draw_pooling(pooled, 2, fig=fig) is fig
    assert fig.axes == axes, "the axes and the colour bar are kept, not rebuilt"
    assert fig.axes[2].get_ylim() == (0, 35)
    assert _texts(fig).count("window corners") == 1, "one key, not one per redraw"
    assert "input 6×6" in _texts(fig) and "input 4×4" not in _texts(fig)
    other = plt.figure()
    other.add_subplot().plot([0, 1])
    foreign = pooling.draw_pooling(layers_numpy.pool_windows(pooling.EXAMPLE_GRID), 0, fig=other)
    assert len(foreign.axes[0].lines) == 0  # a foreign figure: cleared
    with pytest.raises(ValueError, match="at most 40"):  # 64 cells across
        pooling.plot_pooling(np.zeros((64, 64)))
    with pytest.raises(ValueError, match="step=4"):
        pooling.plot_pooling(step=4)


def test_plot_pooling_by_hand_writes_both_results():
    fig = pooling.plot_pooling_by_hand()
    texts = [[t.get_text() for t in ax.texts] for ax in fig.axes]
    assert texts[1] == ["8", "5", "3", "6"] and texts[2] == ["4", "2", "1", "3"]
    assert [ax.get_title() for ax in fig.axes][1:] == ["max of each", "average of each"]
    with pytest.raises(ValueError, match="windows"):
        pooling.plot_pooling_by_hand(np.zeros((20, 20)), 2)


def test_show_maps_one_scale_one_colour_bar():
    a, b = np.array([[0.0, 2.0], [1.0, 0.5]]), np.array([[0.5]])
    fig = pooling.show_maps([a, b], titles=["a", "b"], image=np.eye(3), image_title="img")
    *panels, bar = fig.axes
    assert [ax.get_title() for ax in panels] == ["img", "a", "b"]
    assert panels[0].images[0].get_cmap().name == "gray"
    assert panels[0].images[0].get_clim() == (0, 1)
    assert panels[1].images[0].get_clim() == panels[2].images[0].get_clim() == (0, 2)
    assert bar.get_ylabel() == "value"
    assert len(pooling.show_maps([a]).axes) == 2
    with pytest.raises(ValueError, match="negative"):
        pooling.show_maps([a - 1])
    with pytest.raises(ValueError, match="one title each"):
        pooling.show_maps([a, b], titles=["a"])
    with pytest.raises(ValueError, match="maps"):
        pooling.show_maps([])


def test_values_are_written_as_plotting_writes_numbers():
    assert [plotting.number(v) for v in (3.0, 2.5, 1 / 3, -0.001)] == ["3", "2.5", "0.33", "0"]
