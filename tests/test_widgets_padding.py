"""course_utils.widgets.padding: sizes and zeros against shapes and real Keras; the explorer."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from course_utils import layers_numpy, shapes
from course_utils.widgets import padding


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- the layout of one axis


@pytest.mark.parametrize("mode", ["valid", "same", "full", 0, 1, 2])
def test_output_size_and_zeros_match_shapes(mode):
    for n in range(1, 21):
        for k in range(1, 8):
            try:
                expected = shapes.conv_output_size(n, k, 1, mode)
            except ValueError:
                with pytest.raises(ValueError):
                    padding.padding_layout(n, k, mode)
                continue
            layout = padding.padding_layout(n, k, mode)
            assert layout.output_size == expected, (n, k, mode)
            assert len(layout.starts) == expected
            if mode == "same":
                assert (layout.pad_before, layout.pad_after) == shapes.same_padding(n, k, 1)
                assert layout.output_size == n
            if mode == "full":
                assert layout.output_size == n + k - 1


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
def test_windows_in_our_padded_input_reproduce_keras(mode):
    rng = np.random.default_rng(3)
    for n, k in [(5, 3), (6, 4), (7, 2), (4, 1), (6, 5)]:
        x = rng.normal(size=(n, n))
        kernel = rng.normal(size=(k, k))
        layout = padding.padding_layout(n, k, mode)
        xp = np.pad(x, [(layout.pad_before, layout.pad_after)] * 2)
        ours = np.array(
            [[np.sum(xp[r : r + k, c : c + k] * kernel) for c in layout.starts]
             for r in layout.starts]
        )  # fmt: skip
        np.testing.assert_allclose(ours, _keras_conv(x, kernel, mode), atol=1e-4)
        np.testing.assert_allclose(ours, layers_numpy.conv2d(x, kernel, padding=mode), atol=1e-9)


@pytest.mark.parametrize("mode", ["valid", "same", "full", 1])
def test_coverage_counts_match_a_convolution_of_ones(mode):
    # each output position adds 1 to the pixels under its window
    for n, k in [(6, 3), (5, 4), (7, 1), (8, 5)]:
        layout = padding.padding_layout(n, k, mode)
        expected = np.zeros((layout.padded_size,) * 2, dtype=int)
        for r in layout.starts:
            for c in layout.starts:
                expected[r : r + k, c : c + k] += 1
        b = layout.pad_before
        counts = padding.coverage_counts(n, k, mode)
        np.testing.assert_array_equal(counts, expected[b : b + n, b : b + n])


def test_the_lesson_examples():
    valid = padding.coverage_counts(6, 3, "valid")
    assert valid[0, 0] == 1 and valid[0, 1] == 2 and valid[2, 2] == 9 and valid.sum() == 16 * 9
    same = padding.coverage_counts(6, 3, "same")
    assert same[0, 0] == 4 and same[0, 2] == 6 and same[2, 2] == 9
    assert (padding.coverage_counts(6, 3, "full") == 9).all()
    even = padding.padding_layout(6, 4, "same")
    assert (even.pad_before, even.pad_after) == (1, 2) and not even.symmetric
    sizes = [28]
    for _ in range(3):
        sizes.append(padding.padding_layout(sizes[-1], 3, "valid").output_size)
    assert sizes == [28, 26, 24, 22]
    assert padding.padding_layout(28, 3, "same").output_size == 28


def test_formula_and_caption_show_the_numbers():
    assert padding.formula_text(padding.padding_layout(5, 3, "valid")) == "5 + 2·0 − 3 + 1 = 3"
    assert padding.formula_text(padding.padding_layout(5, 3, "same")) == "5 + 2·1 − 3 + 1 = 5"
    assert padding.formula_text(padding.padding_layout(5, 3, "full")) == "5 + 2·2 − 3 + 1 = 7"
    assert padding.formula_text(padding.padding_layout(6, 4, "same")) == ("6 + 1 + 2 − 4 + 1 = 6")
    caption = padding.caption_html(padding.padding_layout(5, 3, "full"))
    assert "output 7×7" in caption and "larger" in caption and "2 zeros on each side" in caption
    caption = padding.caption_html(padding.padding_layout(5, 3, "valid"))
    assert "smaller" in caption and "corner pixel: 1;" in caption


@pytest.mark.parametrize(
    "args, words",
    [
        ((3, 5, "valid"), "kernel_size=5 does not fit"),
        ((8, 0, "valid"), "kernel_size=0"),
        ((2.5, 3, "valid"), "input_size=2.5"),
        ((8, 3, "ful"), "did you mean 'full'"),
        ((8, 3, -1), "padding=-1"),
        ((8, 3, True), "padding=True"),
    ],
)
def test_bad_arguments_raise_value_error(args, words):
    with pytest.raises(ValueError, match=words):
        padding.padding_layout(*args)
    with pytest.raises(ValueError):
        padding.plot_padding(*args)
    with pytest.raises(ValueError):
        padding.coverage_counts(*args)


# ---------------------------------------------------------------- the pictures


def test_plot_padding_tells_the_story():
    fig = padding.plot_padding(5, 3, "same")
    assert isinstance(fig, Figure)
    title = fig._suptitle.get_text()
    assert "n = 5, k = 3, padding='same': 1 zero on each side" in title
    assert "5 + 2·1 − 3 + 1 = 5" in title
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "input 5×5 + zeros → 7×7" in texts and "output 5×5" in texts
    assert texts.count("0") == 24 - 0  # the ring of 24 zeros (no centre dot sits on them)
    counted = padding.plot_padding(4, 3, "valid", show_counts=True)
    texts = [t.get_text() for t in counted.axes[0].texts]
    assert sorted(texts) == sorted(str(v) for v in padding.coverage_counts(4, 3).ravel())


def test_plot_padding_reuses_a_figure_and_refuses_what_it_cannot_draw():
    fig = plt.figure()
    assert padding.plot_padding(5, 3, "full", fig=fig) is fig
    with pytest.raises(ValueError, match="too large to draw"):
        padding.plot_padding(40, 3, "same")
    with pytest.raises(ValueError, match="show_counts"):
        padding.plot_padding(5, 3, show_counts="yes")


def test_plot_padding_modes_and_coverage():
    fig = padding.plot_padding_modes(5, 3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "'valid': 5×5 → 3×3\n5 + 2·0 − 3 + 1 = 3",
        "'same': 5×5 → 5×5\n5 + 2·1 − 3 + 1 = 5",
        "'full': 5×5 → 7×7\n5 + 2·2 − 3 + 1 = 7",
    ]
    dots = [
        next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
        for ax in fig.axes
    ]
    assert [len(d) for d in dots] == [9, 25, 49]  # one dot per output number
    fig = padding.plot_coverage(6, 3)
    assert fig.axes[0].get_title() == "'valid'\ncorner 1×, centre 9×"
    assert fig.axes[1].get_title() == "'same'\ncorner 4×, centre 9×"
    assert len(fig.axes[0].texts) == 36
    assert len(padding.plot_coverage(6, 3, "same").axes) == 2  # one panel + the colour bar
    with pytest.raises(ValueError, match="paddings="):
        padding.plot_coverage(6, 3, [])
    with pytest.raises(ValueError, match="padding='sane'"):
        padding.plot_padding_modes(5, 3, ["valid", "sane"])


# ---------------------------------------------------------------- the explorer


def test_explorer_builds_and_updates():
    explorer = padding.padding_explorer()
    assert (
        "output 3×3" in explorer.caption.value and "5 + 2·0 − 3 + 1 = 3" in explorer.caption.value
    )
    first = bytes(explorer.image.value)
    assert first.startswith(b"\x89PNG")
    explorer.set(padding="same")
    assert "output 5×5" in explorer.caption.value and "the same size as" in explorer.caption.value
    assert bytes(explorer.image.value) != first
    explorer.set(padding="full", kernel_size=5)
    assert (
        "output 9×9" in explorer.caption.value and "5 + 2·4 − 5 + 1 = 9" in explorer.caption.value
    )
    explorer.set(view="windows per pixel")
    assert "corner pixel: 25;" in explorer.caption.value
    counted = bytes(explorer.image.value)
    explorer.set(view="values")
    assert "corner: 1/25 = 0.04" in explorer.caption.value
    assert bytes(explorer.image.value) != counted
    explorer.set(kernel_size=4, padding="same")
    assert "1 zero(s) before" in explorer.caption.value and "2 after" in explorer.caption.value


def test_explorer_shows_bad_combinations_as_a_warning():
    explorer = padding.padding_explorer(input_size=4, kernel_size=3)
    picture = bytes(explorer.image.value)
    explorer.set(kernel_size=6)  # does not fit a 4×4 input without zeros
    assert "⚠" in explorer.caption.value and "does not fit" in explorer.caption.value
    assert bytes(explorer.image.value) == picture
    explorer.set(padding="same")
    assert "⚠" not in explorer.caption.value and "output 4×4" in explorer.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"input_size": 20}, "input_size=20"),
        ({"kernel_size": 0}, "kernel_size=0"),
        ({"padding": "causal"}, "padding='causal'"),
        ({"show_counts": 1}, "show_counts=1"),
        ({"view": "numbers"}, "view='numbers'"),
        ({"show_counts": True, "view": "values"}, "view='values'"),
        ({"input_size": 4, "kernel_size": 5}, "does not fit"),
    ],
)
def test_explorer_refuses_bad_starting_values(kwargs, words):
    with pytest.raises(ValueError, match=words):
        padding.padding_explorer(**kwargs)


def test_explorer_starts_on_any_view():
    counted = padding.padding_explorer(show_counts=True)
    assert counted.values["view"] == "windows per pixel"
    values = padding.padding_explorer(input_size=6, padding="same", view="values")
    assert "corner: 4/9 = 0.44" in values.caption.value
    assert values.values["view"] == "values"


# ---------------------------------------------------------------- values next to the zeros


@pytest.mark.parametrize("mode", ["valid", "same", "full", 1])
def test_white_image_average_is_a_blur_with_zero_padding(mode):
    for n, k in [(6, 3), (5, 4), (4, 1), (7, 5)]:
        padded, out = padding.white_image_average(n, k, mode)
        layout = padding.padding_layout(n, k, mode)
        assert padded.shape == (layout.padded_size,) * 2 and padded.sum() == n * n
        expected = layers_numpy.conv2d(padded, np.full((k, k), 1 / k**2), padding="valid")
        np.testing.assert_allclose(out, expected, atol=1e-12)
        # the value is the share of real pixels under the window: coverage in disguise
        real = np.outer(*[np.convolve(padded[layout.pad_before], np.ones(k), "valid")] * 2)
        np.testing.assert_allclose(out * k * k, real, atol=1e-9)
    _, same = padding.white_image_average(6, 3, "same")
    assert same[0, 0] == pytest.approx(4 / 9) and same[0, 2] == pytest.approx(6 / 9)
    assert same[2, 2] == 1.0
    assert (padding.white_image_average(6, 3, "valid")[1] == 1).all()


def test_plot_padding_values_shares_one_grey_scale_with_a_colour_bar():
    fig = padding.plot_padding_values(6, 3, "same")
    ax_in, ax_out, bar = fig.axes
    assert [im.get_clim() for im in (ax_in.images[0], ax_out.images[0])] == [(0, 1), (0, 1)]
    assert ax_in.images[0].get_cmap().name == "gray"
    assert "brightness" in bar.get_ylabel()
    texts = [t.get_text() for t in ax_out.texts]
    assert texts.count("0.44") == 4 and texts.count("0.67") == 16 and texts.count("1.00") == 16
    assert [t.get_text() for t in ax_in.texts].count("0") == 8 * 8 - 6 * 6
    title = fig._suptitle.get_text()
    assert "padding='same': 1 zero on each side" in title and "corner: 4/9 = 0.44" in title
    assert "every output is 1.00" in padding.plot_padding_values(5, 3, "valid")._suptitle.get_text()
    big = padding.plot_padding_values(12, 7, "full")
    assert not big.axes[1].texts  # too many cells to write in
    with pytest.raises(ValueError, match="too large to draw"):
        padding.plot_padding_values(40, 3, "same")
