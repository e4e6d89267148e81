"""course_utils.figures.stride: lesson 04's pictures, drawn from shapes.axis_layout; the
positions they draw reproduce real Keras."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from course_utils import shapes
from course_utils.figures import stride as figures


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _keras_conv(x, kernel, strides, padding):
    layer = keras.layers.Conv2D(1, kernel.shape, strides=strides, padding=padding, use_bias=False)
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None].astype("float32")])
    y = layer(x[None, :, :, None].astype("float32"))
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", [1, 2, 3])
def test_the_positions_the_pictures_draw_reproduce_keras_conv2d(padding, strides):
    """Summing the windows at the drawn positions (in the padded input) gives Keras's numbers."""
    rng = np.random.default_rng(strides)
    for n, k in [(7, 3), (8, 3), (8, 2), (9, 4), (5, 1), (6, 5)]:
        x, kernel = rng.normal(size=(n, n)), rng.normal(size=(k, k))
        layout = shapes.axis_layout(n, k, strides, padding)
        xp = np.pad(x, [(layout.pad_before, layout.pad_after)] * 2)
        ours = [
            [np.sum(xp[r : r + k, c : c + k] * kernel) for c in layout.starts]
            for r in layout.starts
        ]
        np.testing.assert_allclose(ours, _keras_conv(x, kernel, strides, padding), atol=1e-4)


def _counts(ax):
    """How many texts (cell_texts) or dots (scatter) each collection of an axes draws."""
    return [len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)]


def test_plot_stride_marks_every_position_and_counts_from_zero():
    fig = figures.plot_stride(8, 3, 2, "valid", step=4)  # positions 0–4 reached, 5–8 ahead
    assert isinstance(fig, Figure) and fig._suptitle is None  # the explorer's caption says it
    assert fig.get_size_inches()[0] <= 12
    ax_in, ax_out = fig.axes
    reached, ahead = (c.get_offsets() for c in ax_in.collections[-2:])
    corners = [(r, c) for r in (0, 2, 4) for c in (0, 2, 4)]
    assert [(int(r), int(c)) for c, r in reached] == corners[:5]
    assert [(int(r), int(c)) for c, r in ahead] == corners[5:]
    assert 16 in _counts(ax_in)  # rows and columns 0–7 numbered
    assert 5 in _counts(ax_out)  # output cells 0–4 made so far
    same = figures.plot_stride(8, 3, 2, "same")  # 9×9 with a row and a column of zeros
    assert 17 in _counts(same.axes[0])  # a "0" in each of the 17 zeros (no corner lies there)
    mine = plt.figure()
    assert figures.draw_stride(shapes.axis_layout(16, 7, 1, "same"), 255, fig=mine) is mine
    assert mine.get_size_inches()[0] <= 12


@pytest.mark.parametrize(
    "args, words",
    [
        ((3, 5, 1, "valid"), "kernel_size=5"),
        ((8, 3, 0, "valid"), "strides=0"),
        ((2.5, 3, 1, "valid"), "input_size=2.5"),
        ((8, 3, 2, "sane"), "did you mean 'same'"),
        ((8, 3, 2, True), "padding=True"),
        ((64, 3, 2), "at most 40"),
        ((8, 3, 2, "valid", 9), "step=9"),
        ((8, 3, 2, "valid", -1), "step=-1"),
        ((8, 3, 2, "valid", 2.0), "step=2.0"),
    ],
)
def test_plot_stride_refuses_bad_arguments(args, words):
    with pytest.raises(ValueError, match=words):
        figures.plot_stride(*args)


def test_plot_jumps_and_cost_comparison():
    fig = figures.plot_jumps(8, 3, (1, 2, 3))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0].startswith("stride 1: the kernel jumps 1 pixel → 6 positions")
    assert titles[1].endswith("3 positions; pixel 7 never covered")
    assert titles[2].endswith("2 positions; pixels 6, 7 never covered")
    bars = [t.get_text() for t in figures.plot_jumps(8, 3, 2).axes[0].texts]
    assert [b for b in bars if b.startswith("position")] == [f"position {i}" for i in range(3)]
    with pytest.raises(ValueError, match="strides="):
        figures.plot_jumps(8, 3, "2")
    costs = {
        "a": [("conv", 320, 1000), ("dense", 10, 10)],
        "b": [("conv", 320, 500), ("dense", 10, 10)],
    }
    fig = figures.plot_cost_comparison(costs)
    assert "330 vs 330 in total" in fig.axes[0].get_title()
    assert "1,010 vs 510 in total" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="same layers"):
        figures.plot_cost_comparison({"a": costs["a"], "b": costs["b"][:1]})
    with pytest.raises(ValueError, match="costs"):
        figures.plot_cost_comparison([])
