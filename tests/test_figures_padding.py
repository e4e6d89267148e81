"""course_utils.figures.padding: lesson 03's pictures, drawn from shapes.axis_layout and
checked against real Keras where they show numbers a layer computes."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from course_utils import layers_numpy, shapes
from course_utils.figures import padding as figures


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _keras_conv(x, kernel, mode):
    """Keras Conv2D (one filter, no bias); 'full' as ZeroPadding2D(k − 1) + 'valid'."""
    k = kernel.shape[0]
    conv = keras.layers.Conv2D(1, k, padding="valid" if mode == "full" else mode, use_bias=False)
    inputs = x[None, :, :, None].astype("float32")
    if mode == "full":
        inputs = keras.layers.ZeroPadding2D(k - 1)(inputs)
    conv.build(inputs.shape)
    conv.set_weights([kernel[:, :, None, None].astype("float32")])
    return keras.ops.convert_to_numpy(conv(inputs))[0, :, :, 0]


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_the_windows_the_pictures_draw_reproduce_keras(mode):
    rng = np.random.default_rng(3)
    for n, k in [(5, 3), (6, 4), (7, 2), (4, 1), (6, 5)]:
        x, kernel = rng.normal(size=(n, n)), rng.normal(size=(k, k))
        layout = shapes.axis_layout(n, k, 1, mode)
        xp = np.pad(x, [(layout.pad_before, layout.pad_after)] * 2)
        rows = [
            [np.sum(xp[r : r + k, c : c + k] * kernel) for c in layout.starts]
            for r in layout.starts
        ]
        ours = np.array(rows)
        np.testing.assert_allclose(ours, _keras_conv(x, kernel, mode), atol=1e-4)


def _numbers(ax):
    """How many texts (cell_texts) or dots (scatter) each collection of an axes draws."""
    return [len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)]


def test_draw_padding_draws_the_zeros_windows_and_counts():
    fig = figures.draw_padding(shapes.axis_layout(5, 3, 1, "same"), counts=False)
    assert isinstance(fig, Figure) and fig._suptitle is None  # the explorer's caption says it
    ax_in = fig.axes[0]
    assert 24 in _numbers(ax_in)  # a '0' in each of the 24 zeros of the 7×7 grid
    assert 25 in _numbers(ax_in)  # a dot on each window's centre
    counted = figures.draw_padding(shapes.axis_layout(4, 3, 1, "valid"), counts=True)
    assert 16 in _numbers(counted.axes[0])  # one count per pixel
    assert fig.get_size_inches()[0] <= 12 and counted.get_size_inches()[0] <= 12
    mine = plt.figure()
    assert figures.draw_padding(shapes.axis_layout(5, 3, 1, "full"), False, fig=mine) is mine


@pytest.mark.parametrize(
    "args, words",
    [
        ((3, 5, "valid"), "kernel_size=5"),
        ((8, 0, "valid"), "kernel_size=0"),
        ((2.5, 3, "valid"), "input_size=2.5"),
        ((8, 3, "ful"), "did you mean 'full'"),
        ((8, 3, -1), "padding=-1"),
        ((8, 3, True), "padding=True"),
        ((40, 3, "same"), "at most 40"),
    ],
)
def test_bad_arguments_raise_value_error(args, words):
    with pytest.raises(ValueError, match=words):
        figures.plot_padding_values(*args)
    with pytest.raises(ValueError, match=words):
        figures.plot_padding_modes(*args[:2], [args[2]])


def test_plot_padding_modes_and_coverage():
    fig = figures.plot_padding_modes(5, 3)
    assert [ax.get_title() for ax in fig.axes] == [
        "'valid': 5×5 → 3×3\n5 − 3 + 1 = 3",
        "'same': 5×5 → 5×5\n5 + 2·1 − 3 + 1 = 5",
        "'full': 5×5 → 7×7\n5 + 2·2 − 3 + 1 = 7",
    ]
    dots = [_numbers(ax)[-1] for ax in fig.axes]
    assert dots == [9, 25, 49]  # one dot per output number
    fig = figures.plot_coverage(6, 3)
    assert fig.axes[0].get_title() == "'valid'\ncorner 1×, centre 9×"
    assert fig.axes[1].get_title() == "'same'\ncorner 4×, centre 9×"
    assert fig.axes[2].get_title() == "'full'\ncorner 9×, centre 9×"
    assert _numbers(fig.axes[0]) == [36]
    assert len(figures.plot_coverage(6, 3, "same").axes) == 2  # one panel + the colour bar
    with pytest.raises(ValueError, match="paddings="):
        figures.plot_coverage(6, 3, [])
    with pytest.raises(ValueError, match="padding='sane'"):
        figures.plot_padding_modes(5, 3, ["valid", "sane"])


def test_plot_padding_values_shares_one_grey_scale_with_a_colour_bar():
    fig = figures.plot_padding_values(6, 3, "same")
    ax_in, ax_out, bar = fig.axes
    cells = [ax.collections[0] for ax in (ax_in, ax_out)]  # a mesh of cells each (cheap)
    assert [mesh.get_clim() for mesh in cells] == [(0, 1), (0, 1)]
    assert cells[0].get_cmap().name == "gray" and cells[0].get_array().shape == (8, 8)
    assert "brightness" in bar.get_ylabel()
    assert _numbers(ax_in) == [64] and _numbers(ax_out) == [36]
    assert not _numbers(figures.plot_padding_values(12, 7, "full").axes[1])  # too many to write
    layout = shapes.axis_layout(6, 3, 1, "same")
    mine = plt.figure()
    drawn = figures.draw_padding_values(layout, *layers_numpy.white_image_means(layout), fig=mine)
    assert drawn is mine
    axes = list(mine.axes)  # a redraw keeps the axes and replaces what is drawn on them
    figures.draw_padding(shapes.axis_layout(4, 3, 1, "valid"), counts=True, fig=mine)
    assert mine.axes == axes and not axes[2].get_visible()  # colour bar hidden
    assert _numbers(axes[0]) == [16]
