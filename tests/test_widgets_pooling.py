"""course_utils.widgets.pooling: windows and values against shapes and real Keras; the explorer."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from course_utils import shapes
from course_utils.widgets import pooling


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the windows


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_shape_matches_shapes(padding):
    for n in range(1, 15):
        for k in range(1, 5):
            for s in [None, 1, 2, 3]:
                try:
                    expected = shapes.pool_output_size(n, k, s, padding)
                except ValueError:
                    with pytest.raises(ValueError, match="pool_size"):
                        pooling.pool_layout(n, k, s, padding)
                    continue
                layout = pooling.pool_layout((n, n + 1), k, s, padding) if n > 3 else None
                square = pooling.pool_layout(n, k, s, padding)
                assert square.output_shape == (expected, expected), (n, k, s, padding)
                assert square.n_windows == expected**2
                if layout is not None:
                    wide = shapes.pool_output_size(n + 1, k, s, padding)
                    assert layout.output_shape == (expected, wide)


def _keras_pool(x, mode, pool_size, strides, padding):
    layer_type = keras.layers.MaxPooling2D if mode == "max" else keras.layers.AveragePooling2D
    layer = layer_type(pool_size, strides=strides, padding=padding)
    y = layer(x[None, :, :, None].astype("float32"))
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_windows_and_pool_reproduce_keras(mode, padding):
    """Every window's result, and the whole pooled map, equal Keras's layer."""
    rng = np.random.default_rng(3)
    cases = [((4, 4), 2, 2), ((5, 5), 2, 2), ((7, 6), 3, 2), ((6, 6), 2, 1), ((5, 7), 3, 3)]
    for shape, k, s in cases:
        x = rng.normal(size=shape)
        expected = _keras_pool(x, mode, k, s, padding)
        ours = pooling.pool(x, k, s, padding, mode)
        np.testing.assert_allclose(ours, expected, atol=1e-5)
        layout = pooling.pool_layout(shape, k, s, padding)
        assert layout.output_shape == expected.shape
        by_window = [
            pooling.window_at(x, layout, i, mode).result for i in range(1, layout.n_windows + 1)
        ]
        np.testing.assert_allclose(np.reshape(by_window, expected.shape), expected, atol=1e-5)


def test_the_lesson_example_by_hand():
    grid = pooling.EXAMPLE_GRID
    np.testing.assert_array_equal(pooling.pool(grid, 2, mode="max"), [[8, 5], [3, 6]])
    np.testing.assert_array_equal(pooling.pool(grid, 2, mode="average"), [[4, 2], [1, 3]])
    np.testing.assert_array_equal(pooling.pool(grid, 2, mode="avg"), [[4, 2], [1, 3]])
    layout = pooling.pool_layout(grid.shape, 2)
    assert layout.corners() == [(0, 0), (0, 2), (2, 0), (2, 2)]
    win = pooling.window_at(grid, layout, 1, "max")
    assert pooling.window_text(win, "max") == "max(1, 3, 4, 8) = 8"
    assert pooling.window_text(pooling.window_at(grid, layout, 1, "average"), "average") == (
        "(1 + 3 + 4 + 8)/4 = 4"
    )


def test_same_padding_is_skipped_not_counted():
    x = np.arange(25.0).reshape(5, 5)
    layout = pooling.pool_layout(x.shape, 2, 2, "same")
    assert layout.output_shape == (3, 3) and layout.padded_shape == (6, 6)
    corner = pooling.window_at(x, layout, 9, "average")
    assert corner.result == 24.0 and np.isnan(corner.values).sum() == 3
    assert "padding cells not counted" in pooling.window_text(corner, "average")
    edge = pooling.window_at(x, layout, 3, "average")
    assert edge.result == pytest.approx((4 + 9) / 2)
    # max never picks a padding cell, even when every real value is negative
    assert pooling.window_at(-x - 1, layout, 9, "max").result == -25.0


def test_formula_text():
    assert pooling.formula_text(pooling.pool_layout(26, 2)) == "⌊(26 − 2)/2⌋ + 1 = 13"
    assert pooling.formula_text(pooling.pool_layout(11, 2)) == "⌊(11 − 2)/2⌋ + 1 = 5"
    assert pooling.formula_text(pooling.pool_layout(7, 2, padding="same")) == "⌈7/2⌉ = 4"
    both = pooling.formula_text(pooling.pool_layout((6, 8), 2, 2))
    assert both == "rows: ⌊(6 − 2)/2⌋ + 1 = 3; columns: ⌊(8 − 2)/2⌋ + 1 = 4"


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"input_shape": 3, "pool_size": 4}, "pool_size=4 does not fit"),
        ({"input_shape": 4, "pool_size": 0}, "pool_size=0"),
        ({"input_shape": 4, "strides": 0}, "strides=0"),
        ({"input_shape": 4, "padding": "full"}, "padding='full'"),
        ({"input_shape": 4, "padding": "sam"}, "did you mean 'same'"),
        ({"input_shape": 2.5}, "input_shape=2.5"),
    ],
)
def test_bad_layouts_raise_value_error(kwargs, words):
    with pytest.raises(ValueError, match=words):
        pooling.pool_layout(**kwargs)


def test_bad_maps_modes_and_steps_raise_value_error():
    with pytest.raises(ValueError, match="mode='min'"):
        pooling.pool(pooling.EXAMPLE_GRID, mode="min")
    with pytest.raises(ValueError, match="x has shape"):
        pooling.pool(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="x must be an array"):
        pooling.pool("abc")
    layout = pooling.pool_layout(4, 2)
    for bad in (0, 5, 1.0, True):
        with pytest.raises(ValueError, match="step="):
            pooling.window_at(pooling.EXAMPLE_GRID, layout, bad)
    with pytest.raises(ValueError, match="must match"):
        pooling.window_at(np.zeros((6, 6)), layout, 1)


# ---------------------------------------------------------------- the pictures


def test_plot_pooling_tells_the_story():
    fig = pooling.plot_pooling(step=4)
    assert isinstance(fig, Figure)
    title = fig._suptitle.get_text()
    assert "max pooling, pool 2×2, stride 2, padding 'valid': 4×4 → 2×2" in title
    assert "window 4 of 4: max(6, 2, 1, 3) = 6" in title
    dots = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert len(dots[0].get_offsets()) == 4  # one dot per window
    fig = pooling.plot_pooling(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    title = fig._suptitle.get_text()
    assert "5×5 → 3×3" in title and "⌈5/2⌉ = 3" in title and "all 9 windows" in title
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "padding (ignored)" in labels


def test_plot_pooling_shares_one_scale_with_a_colour_bar():
    x = np.arange(25.0).reshape(5, 5)
    fig = pooling.plot_pooling(x, 2, 2, "same", "average")
    ax_in, ax_out, bar = fig.axes
    assert ax_in.images[0].norm.vmin == ax_out.images[0].norm.vmin == 0
    assert ax_in.images[0].norm.vmax == ax_out.images[0].norm.vmax == 24
    assert bar.get_ylim() == (0, 24) and "both panels" in bar.get_ylabel()


def test_brightest_window_holds_the_largest_value():
    x = np.zeros((6, 6))
    x[3, 4] = 5.0
    assert pooling.brightest_window(x) == 6  # row 1 of windows, column 2: 1·3 + 2 + 1
    layout = pooling.pool_layout(x.shape, 2)
    assert pooling.window_at(x, layout, 6).result == 5.0
    assert pooling.brightest_window(x, 3, 1) == 1 * 4 + 2 + 1  # first window reaching (3, 4)
    y = np.arange(25.0).reshape(5, 5)
    assert pooling.brightest_window(y, 2, padding="same") == 9  # the lone 24 at the corner


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


def test_plot_pooling_reuses_a_figure_and_refuses_huge_maps():
    fig = plt.figure()
    assert pooling.plot_pooling(step=1, fig=fig) is fig
    with pytest.raises(ValueError, match="too large to draw"):
        pooling.plot_pooling(np.zeros((64, 64)))


def test_plot_pooling_by_hand_writes_both_results():
    fig = pooling.plot_pooling_by_hand()
    texts = [[t.get_text() for t in ax.texts] for ax in fig.axes]
    assert texts[1] == ["8", "5", "3", "6"] and texts[2] == ["4", "2", "1", "3"]
    assert [ax.get_title() for ax in fig.axes][1:] == ["max of each", "average of each"]
    with pytest.raises(ValueError, match="windows"):
        pooling.plot_pooling_by_hand(np.zeros((20, 20)), 2)


# ---------------------------------------------------------------- the explorer


def test_explorer_builds_and_updates():
    rng = np.random.default_rng(0)
    fmap = np.maximum(rng.normal(size=(12, 12)), 0)
    explorer = pooling.pooling_explorer(fmap)
    assert "12×12 → 6×6" in explorer.caption.value
    assert "window 1 of 36" in explorer.caption.value
    first = bytes(explorer.image.value)
    assert first.startswith(b"\x89PNG")
    explorer.set(step=5)
    assert "window 5 of 36" in explorer.caption.value and bytes(explorer.image.value) != first
    explorer.set(mode="average")
    assert "average pooling" in explorer.caption.value and ")/4 = " in explorer.caption.value
    explorer.set(pool_size=3, strides=3)
    assert "12×12 → 4×4" in explorer.caption.value
    assert explorer.controls["step"].max == 16 and explorer.play.max == 16
    assert explorer.values["step"] <= 16
    explorer.set(padding="same", strides=4)
    assert "⌈12/4⌉ = 3" in explorer.caption.value
    assert explorer.play in explorer.widget.children[2].children  # Play sits by its slider


def test_explorer_shows_bad_combinations_as_a_warning():
    explorer = pooling.pooling_explorer(pooling.EXAMPLE_GRID[:3, :3], pool_size=2, strides=1)
    picture = bytes(explorer.image.value)
    explorer.set(pool_size=4)  # does not fit a 3×3 map without padding
    assert "⚠" in explorer.caption.value and "does not fit" in explorer.caption.value
    assert bytes(explorer.image.value) == picture  # the last good picture stays
    explorer.set(padding="same")
    assert "⚠" not in explorer.caption.value and "3×3 → 3×3" in explorer.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"pool_size": 5}, "pool_size=5"),
        ({"strides": 0}, "strides=0"),
        ({"mode": "min"}, "mode='min'"),
        ({"padding": "full"}, "padding='full'"),
        ({"step": 5}, "step=5"),
        ({"x": np.zeros((50, 50))}, "too large"),
    ],
)
def test_explorer_refuses_bad_starting_values(kwargs, words):
    with pytest.raises(ValueError, match=words):
        pooling.pooling_explorer(**kwargs)
