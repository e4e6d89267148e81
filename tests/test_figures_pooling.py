"""course_utils.figures.pooling: the windows and pooled values against real Keras; the pictures."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.figure import Figure

from course_utils import plotting
from course_utils.figures import pooling


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the windows


def _keras_pool(x, mode, pool_size, strides, padding):
    layer_type = keras.layers.MaxPooling2D if mode == "max" else keras.layers.AveragePooling2D
    layer = layer_type(pool_size, strides=strides, padding=padding)
    y = layer(x[None, :, :, None].astype("float32"))
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_windows_reproduce_keras(mode, padding):
    """The pooled map, and max/mean of the real cells of every drawn window, equal Keras's."""
    rng = np.random.default_rng(3)
    cases = [((4, 4), 2, 2), ((5, 5), 2, 2), ((7, 6), 3, 2), ((6, 6), 2, 1), ((5, 7), 3, 3)]
    for shape, k, s in cases:
        x = rng.normal(size=shape)
        expected = _keras_pool(x, mode, k, s, padding)
        p = pooling.pool_windows(x, k, s, padding, mode)
        np.testing.assert_allclose(p.out, expected, atol=1e-5)
        assert (p.rows.output_size, p.cols.output_size) == expected.shape
        reduce = np.nanmax if mode == "max" else np.nanmean
        by_window = [reduce(p.window(i)[2]) for i in range(p.n_windows)]
        np.testing.assert_allclose(np.reshape(by_window, expected.shape), expected, atol=1e-5)


def test_the_layout_counts_as_many_windows_as_the_pooled_map_has_cells():
    for n in range(1, 9):
        for k in range(1, 5):
            for s in [None, 1, 2, 3]:
                for padding in ["valid", "same"]:
                    if padding == "valid" and k > n:
                        continue
                    p = pooling.pool_windows(np.zeros((n, n + 1)), k, s, padding)
                    assert p.out.shape == (p.rows.output_size, p.cols.output_size)
                    assert len(p.corners()) == p.n_windows


def test_the_lesson_example_by_hand():
    grid = pooling.EXAMPLE_GRID
    np.testing.assert_array_equal(pooling.pool_windows(grid).out, [[8, 5], [3, 6]])
    np.testing.assert_array_equal(pooling.pool_windows(grid, mode="average").out, [[4, 2], [1, 3]])
    p = pooling.pool_windows(grid, 2)
    assert p.corners().tolist() == [[0, 0], [0, 2], [2, 0], [2, 2]]
    out_row, out_col, cells = p.window(3)
    assert (out_row, out_col) == (1, 1) and cells.tolist() == [[6, 2], [1, 3]]


def test_same_padding_cells_are_nan_and_skipped():
    p = pooling.pool_windows(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    assert p.out.shape == (3, 3) and (p.rows.padded_size, p.cols.padded_size) == (6, 6)
    _, _, corner = p.window(8)
    assert np.isnan(corner).sum() == 3 and p.out[2, 2] == 24.0
    assert p.out[0, 2] == pytest.approx((4 + 9) / 2)
    # max never picks a padding cell, even when every real value is negative
    assert pooling.pool_windows(-np.arange(25.0).reshape(5, 5) - 1, 2, 2, "same").out[2, 2] == -25


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"x": np.zeros((3, 3)), "pool_size": 4}, "does not fit"),
        ({"pool_size": 0}, "pool_size=0"),
        ({"strides": 0}, "strides=0"),
        ({"padding": "full"}, "padding='full'"),
        ({"padding": "sam"}, "did you mean 'same'"),
        ({"mode": "min"}, "mode='min'"),
        ({"x": np.zeros((2, 2, 2))}, "x has 3 dimensions"),
        ({"x": "abc"}, "x must be an array"),
    ],
)
def test_bad_arguments_raise_value_error(kwargs, words):
    kwargs = {"x": pooling.EXAMPLE_GRID, **kwargs}
    with pytest.raises(ValueError, match=words):
        pooling.pool_windows(**kwargs)


# ---------------------------------------------------------------- the pictures


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_plot_pooling_marks_the_window_and_its_result():
    fig = pooling.plot_pooling(step=3)
    assert isinstance(fig, Figure)
    ax_in, ax_out, _bar = fig.axes
    assert "input 4×4" in _texts(fig) and "max pooled 2×2" in _texts(fig)
    dots = [c for c in ax_in.collections if isinstance(c, PathCollection)]
    assert len(dots[0].get_offsets()) == 4  # one dot per window
    (frame,) = ax_in.patches
    assert frame.get_xy() == (1.5, 1.5) and (frame.get_width(), frame.get_height()) == (2, 2)
    assert [t.get_text() for t in ax_out.texts][:4] == ["8", "5", "3", "6"]
    fig = pooling.plot_pooling(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    assert "input 5×5 + padding → 6×6" in _texts(fig)
    assert len(fig.axes[0].patches) == 9  # step=None: every window outlined
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "padding (ignored)" in labels and "window now" not in labels


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
    assert pooling.plot_pooling(np.arange(36.0).reshape(6, 6), 3, 1, step=2, fig=fig) is fig
    assert fig.axes == axes, "the axes and the colour bar are kept, not rebuilt"
    assert len(fig.legends) == 1 and fig.axes[2].get_ylim() == (0, 35)
    assert "input 6×6" in _texts(fig) and "input 4×4" not in _texts(fig)
    other = plt.figure()
    other.add_subplot().plot([0, 1])
    assert len(pooling.plot_pooling(fig=other).axes[0].lines) == 0  # a foreign figure: cleared
    with pytest.raises(ValueError, match="at most 40"):
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
