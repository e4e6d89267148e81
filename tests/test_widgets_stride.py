"""course_utils.widgets.stride: positions and sizes against shapes and real Keras; the explorer."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from course_utils import shapes
from course_utils.widgets import stride


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the layout of one axis


@pytest.mark.parametrize("padding", ["valid", "same", 0, 1, 2])
def test_output_size_and_zeros_match_shapes(padding):
    for n in range(1, 21):
        for k in range(1, 8):
            for s in range(1, 5):
                try:
                    expected = shapes.conv_output_size(n, k, s, padding)
                except ValueError:
                    with pytest.raises(ValueError):
                        stride.stride_layout(n, k, s, padding)
                    continue
                layout = stride.stride_layout(n, k, s, padding)
                assert layout.output_size == expected, (n, k, s, padding)
                if padding == "same":
                    assert (layout.pad_before, layout.pad_after) == shapes.same_padding(n, k, s)


def test_counting_positions_gives_the_floor_formula():
    # ⌊(n + 2p − k)/s⌋ + 1, written out, for every size a lesson could draw
    for n in range(3, 17):
        for k in range(1, n + 1):
            for s in range(1, 5):
                for p in (0, 1, 2):
                    layout = stride.stride_layout(n, k, s, p)
                    assert layout.output_size == (n + 2 * p - k) // s + 1
                    assert layout.starts == tuple(i * s for i in range(layout.output_size))


def _keras_conv(x, kernel, strides, padding):
    layer = keras.layers.Conv2D(1, kernel.shape, strides=strides, padding=padding, use_bias=False)
    layer.build((1, *x.shape, 1))
    layer.set_weights([kernel[:, :, None, None].astype("float32")])
    y = layer(x[None, :, :, None].astype("float32"))
    return keras.ops.convert_to_numpy(y)[0, :, :, 0]


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", [1, 2, 3])
def test_kernel_positions_reproduce_keras_conv2d(padding, strides):
    """Summing the windows at our positions (in our padded input) gives Keras's numbers."""
    rng = np.random.default_rng(strides)
    for n, k in [(7, 3), (8, 3), (8, 2), (9, 4), (5, 1), (6, 5)]:
        x = rng.normal(size=(n, n))
        kernel = rng.normal(size=(k, k))
        layout = stride.stride_layout(n, k, strides, padding)
        xp = np.pad(x, [(layout.pad_before, layout.pad_after)] * 2)
        positions = stride.kernel_positions(n, k, strides, padding)
        ours = np.array([np.sum(xp[r : r + k, c : c + k] * kernel) for r, c in positions])
        expected = _keras_conv(x, kernel, strides, padding)
        assert expected.shape == (layout.output_size, layout.output_size)
        np.testing.assert_allclose(ours.reshape(expected.shape), expected, atol=1e-4)


def test_the_lesson_examples():
    valid = stride.stride_layout(8, 3, 2, "valid")
    assert valid.starts == (0, 2, 4) and valid.output_size == 3 and valid.unused == (7,)
    same = stride.stride_layout(8, 3, 2, "same")
    assert (same.pad_before, same.pad_after) == (0, 1) and same.output_size == 4
    assert same.padded_size == 9 and same.unused == () and same.covered.all()
    assert stride.stride_layout(28, 3, 2, "same")[4:6] == (0, 1)
    assert stride.stride_layout(7, 3, 2, "same")[4:6] == (1, 1)
    sizes = [28]
    for _ in range(3):
        sizes.append(stride.stride_layout(sizes[-1], 3, 2, "same").output_size)
    assert sizes == [28, 14, 7, 4]
    # a stride larger than the kernel skips pixels in the middle too
    assert stride.stride_layout(12, 3, 4, "valid").unused == (3, 7, 11)
    # ... and 'same' does not help when the stride is larger than the kernel: TensorFlow
    # adds P = max(0, (2 − 1)·4 + 3 − 8) = 0 zeros, and pixels 3 and 7 stay uncovered
    gap = stride.stride_layout(8, 3, 4, "same")
    assert (gap.pad_before, gap.pad_after) == (0, 0) and gap.starts == (0, 4)
    assert gap.unused == (3, 7)
    assert stride.stride_layout(8, 4, 4, "same").unused == ()  # s = k: every pixel once
    assert stride.kernel_positions(8, 3, 2) == [(r, c) for r in (0, 2, 4) for c in (0, 2, 4)]


def test_formula_text_shows_the_numbers():
    assert stride.formula_text(stride.stride_layout(8, 3, 2)) == (
        "⌊(8 − 3)/2⌋ + 1 = ⌊5/2⌋ + 1 = 2 + 1 = 3"
    )
    same = stride.formula_text(stride.stride_layout(7, 3, 2, "same"))
    assert same.startswith("⌈7/2⌉ = 4") and "⌊(7 + 2 − 3)/2⌋ + 1" in same
    assert "⌊(8 + 2·1 − 3)/2⌋ + 1 = ⌊7/2⌋ + 1 = 3 + 1 = 4" == stride.formula_text(
        stride.stride_layout(8, 3, 2, 1)
    )


@pytest.mark.parametrize(
    "args, words",
    [
        ((3, 5, 1, "valid"), "kernel_size=5 does not fit"),
        ((8, 3, 0, "valid"), "strides=0"),
        ((8, 0, 1, "valid"), "kernel_size=0"),
        ((2.5, 3, 1, "valid"), "input_size=2.5"),
        ((8, 3, 2, "full"), "padding='full'"),
        ((8, 3, 2, "sane"), "did you mean 'same'"),
        ((8, 3, 2, -1), "padding=-1"),
        ((8, 3, 2, True), "padding=True"),
    ],
)
def test_bad_combinations_raise_value_error(args, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        stride.stride_layout(*args)
    with pytest.raises(ValueError):
        stride.plot_stride(*args)


# ---------------------------------------------------------------- the pictures


def _text(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))


def test_plot_stride_titles_tell_the_story():
    fig = stride.plot_stride(8, 3, 2, "valid", step=4)
    assert isinstance(fig, Figure)
    title = fig._suptitle.get_text()
    assert "n = 8, k = 3, s = 2, padding = 'valid': output 3×3" in title
    assert "⌊(8 − 3)/2⌋ + 1" in title
    assert "position 4 of 0–8" in title and "output (1, 1)" in title
    assert "rows 2–4, columns 2–4" in title
    assert "7 never covered" in title
    assert "never covered" in _text(fig)  # the legend names the marked cells
    fig = stride.plot_stride(8, 3, 2, "same")
    title = fig._suptitle.get_text()
    assert "all 16 kernel positions" in title and "every input pixel is covered" in title
    assert "zero padding" in _text(fig) and "8×8 + zeros → 9×9" in _text(fig)


def test_plot_stride_marks_every_position_with_a_dot():
    fig = stride.plot_stride(8, 3, 2, "valid", step=4)  # positions 0–4 reached, 5–8 ahead
    dots = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    reached, ahead = (d.get_offsets() for d in dots)
    corners = stride.kernel_positions(8, 3, 2)
    assert [(int(r), int(c)) for c, r in reached] == corners[:5]
    assert [(int(r), int(c)) for c, r in ahead] == corners[5:]


def test_figures_count_from_zero():
    """Positions, output cells, rows and columns are numbered from 0, as in NumPy."""
    fig = stride.plot_stride(8, 3, 2, "valid")  # all 9 positions
    ax_in, ax_out = fig.axes
    out_numbers = [t.get_text() for t in ax_out.texts if (t.get_position()[0] >= 0)]
    assert [str(i) for i in range(9)] == [t for t in out_numbers if t.isdigit()][:9]
    in_labels = {t.get_text() for t in ax_in.texts}
    assert "0" in in_labels and "7" in in_labels and "8" not in in_labels
    fig = stride.plot_stride(8, 3, 2, "valid", step=0)
    assert "position 0 of 0–8: rows 0–2, columns 0–2 → output (0, 0)" in fig._suptitle.get_text()
    fig = stride.plot_jumps(8, 3, (2,))
    bars = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("position")]
    assert bars == ["position 0", "position 1", "position 2"]


def test_plot_stride_reuses_a_figure_and_checks_step():
    fig = plt.figure()
    assert stride.plot_stride(8, 3, 2, step=8, fig=fig) is fig
    for bad in (-1, 9, 2.0, "1"):
        with pytest.raises(ValueError, match="step="):
            stride.plot_stride(8, 3, 2, step=bad)
    with pytest.raises(ValueError, match="too large to draw"):
        stride.plot_stride(64, 3, 2)


def test_plot_jumps_and_cost_comparison():
    fig = stride.plot_jumps(8, 3, (1, 2, 3))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[0].startswith("stride 1: the kernel jumps 1 pixel → 6 positions")
    assert titles[1].endswith("3 positions; pixel 7 never covered")
    assert titles[2].endswith("2 positions; pixels 6, 7 never covered")
    with pytest.raises(ValueError, match="strides="):
        stride.plot_jumps(8, 3, "2")
    costs = {
        "a": [("conv", 320, 1000), ("dense", 10, 10)],
        "b": [("conv", 320, 500), ("dense", 10, 10)],
    }
    fig = stride.plot_cost_comparison(costs)
    assert "330 vs 330 in total" in fig.axes[0].get_title()
    assert "1,010 vs 510 in total" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="same layers"):
        stride.plot_cost_comparison({"a": costs["a"], "b": costs["b"][:1]})
    with pytest.raises(ValueError, match="costs"):
        stride.plot_cost_comparison([])


# ---------------------------------------------------------------- the explorer


def test_explorer_builds_and_updates():
    explorer = stride.stride_explorer()
    assert "output 3×3" in explorer.caption.value
    assert "position 0 of 0–8" in explorer.caption.value
    assert explorer.controls["step"].min == 0 and explorer.play.min == 0
    first_image = bytes(explorer.image.value)
    assert first_image.startswith(b"\x89PNG")
    explorer.set(step=5)
    assert "position 5 of 0–8" in explorer.caption.value
    assert bytes(explorer.image.value) != first_image
    explorer.set(padding="same")
    assert "output 4×4" in explorer.caption.value and "0 before, 1 after" in explorer.caption.value
    assert explorer.controls["step"].max == 15 and explorer.play.max == 15
    explorer.set(input_size=5, kernel_size=3, strides=2, padding="valid")  # 2×2 = 4 positions
    assert explorer.controls["step"].max == 3 and explorer.values["step"] <= 3
    assert "output 2×2" in explorer.caption.value
    assert explorer.play in explorer.widget.children[2].children  # Play sits by its slider


def test_explorer_shows_bad_combinations_as_a_warning():
    explorer = stride.stride_explorer(input_size=4, kernel_size=3, strides=1)
    picture = bytes(explorer.image.value)
    explorer.set(kernel_size=6)  # does not fit a 4×4 input without padding
    assert "⚠" in explorer.caption.value and "does not fit" in explorer.caption.value
    assert bytes(explorer.image.value) == picture  # the last good picture stays
    explorer.set(padding="same")  # 'same' pads enough zeros: fine again
    assert "⚠" not in explorer.caption.value and "output 4×4" in explorer.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"input_size": 20}, "input_size=20"),
        ({"strides": 0}, "strides=0"),
        ({"padding": "full"}, "padding='full'"),
        ({"step": 9}, "step=9"),
        ({"step": -1}, "step=-1"),
        ({"input_size": 4, "kernel_size": 5}, "does not fit"),
    ],
)
def test_explorer_refuses_bad_starting_values(kwargs, words):
    with pytest.raises(ValueError, match=words):
        stride.stride_explorer(**kwargs)
