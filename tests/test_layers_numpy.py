"""course_utils.layers_numpy against the real Keras layers."""

from __future__ import annotations

import itertools
import re
import zlib

import keras
import numpy as np
import pytest

from course_utils import layers_numpy as ln
from course_utils.shapes import axis_layout

ATOL = 1e-5

# (channels, input shape) triples: 1, 3 and 4 channels; odd, even and non-square sizes;
# single images (H, W, C) and batches (N, H, W, C).
CONV_INPUTS = [
    (1, (7, 7, 1)),
    (3, (2, 8, 6, 3)),
    (4, (9, 10, 4)),
]
KERNEL_SIZES = [1, 2, 3, 5, (2, 3)]
STRIDES = [1, 2, 3, (1, 2)]


def _rng(*key: object) -> np.random.Generator:
    """A generator seeded from the test case, so every case has its own fixed numbers."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _pair(v: int | tuple[int, int]) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else v


def _weights(rng, kernel_size, channels, filters, use_bias):
    """Kernel scaled like Keras initialisers (outputs stay about 1), and maybe a bias."""
    kh, kw = _pair(kernel_size)
    scale = 1 / np.sqrt(kh * kw * channels)
    kernel = (scale * rng.normal(size=(kh, kw, channels, filters))).astype("float32")
    bias = rng.normal(size=filters).astype("float32") if use_bias else None
    return kernel, bias


def _keras_conv(x, kernel, bias, strides=1, padding="valid"):
    """Keras Conv2D with the given weights on x (H, W, C) or (N, H, W, C)."""
    batch = x if x.ndim == 4 else x[None]
    layer = keras.layers.Conv2D(
        kernel.shape[-1],
        kernel.shape[:2],
        strides=strides,
        padding=padding,
        use_bias=bias is not None,
    )
    layer.build(batch.shape)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    out = keras.ops.convert_to_numpy(layer(batch))
    return out if x.ndim == 4 else out[0]


def _close(ours, theirs):
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs.astype(ours.dtype), atol=ATOL, rtol=0)


# ---------------------------------------------------------------- convolution


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", STRIDES)
@pytest.mark.parametrize("kernel_size", KERNEL_SIZES)
def test_conv2d_matches_keras(kernel_size, strides, padding):
    for i, (channels, shape) in enumerate(CONV_INPUTS):
        rng = _rng(kernel_size, strides, padding, i)
        x = rng.normal(size=shape).astype("float32")
        kernel, bias = _weights(rng, kernel_size, channels, 3, use_bias=i != 1)
        expected = _keras_conv(x, kernel, bias, strides, padding)
        _close(ln.conv2d(x, kernel, bias, strides, padding), expected)
        # float64 input gives the same numbers, computed in float64
        ours64 = ln.conv2d(x.astype("float64"), kernel, bias, strides=strides, padding=padding)
        assert ours64.dtype == np.float64
        _close(ours64, expected)


@pytest.mark.parametrize(
    ("kernel_size", "strides", "padding"),
    list(itertools.product([1, 3, (2, 3)], [1, 2, (1, 2)], ["valid", "same"])),
)
def test_conv2d_naive_matches_keras(kernel_size, strides, padding):
    rng = _rng("naive", kernel_size, strides, padding)
    for shape, use_bias in [((5, 6, 3), True), ((2, 4, 5, 1), False)]:
        x = rng.normal(size=shape).astype("float32")
        kernel, bias = _weights(rng, kernel_size, shape[-1], 2, use_bias)
        expected = _keras_conv(x, kernel, bias, strides, padding)
        _close(ln.conv2d_naive(x, kernel, bias, strides, padding), expected)


@pytest.mark.parametrize("padding", ["full", 0, 1, 2])
@pytest.mark.parametrize("strides", [1, 2])
@pytest.mark.parametrize("kernel_size", [3, (2, 3)])
def test_full_and_int_padding_match_zero_padding_then_valid(kernel_size, strides, padding):
    rng = _rng("pad", kernel_size, strides, padding)
    x = rng.normal(size=(2, 6, 7, 3)).astype("float32")
    kernel, bias = _weights(rng, kernel_size, 3, 4, use_bias=True)
    kh, kw = _pair(kernel_size)
    pads = ((kh - 1,) * 2, (kw - 1,) * 2) if padding == "full" else padding
    padded = keras.ops.convert_to_numpy(keras.layers.ZeroPadding2D(pads)(x))
    expected = _keras_conv(padded, kernel, bias, strides, "valid")
    _close(ln.conv2d(x, kernel, bias, strides, padding), expected)
    _close(ln.conv2d_naive(x[:1], kernel, bias, strides, padding), expected[:1])


def test_conv2d_and_naive_agree_on_a_larger_case():
    rng = _rng("agree")
    x = rng.normal(size=(2, 11, 9, 4))
    kernel = rng.normal(size=(3, 2, 4, 5))
    bias = rng.normal(size=5)
    for strides, padding in [(1, "same"), ((2, 1), "valid"), (3, "full"), (2, 1)]:
        fast = ln.conv2d(x, kernel, bias, strides, padding)
        slow = ln.conv2d_naive(x, kernel, bias, strides, padding)
        np.testing.assert_allclose(fast, slow, atol=1e-12)


@pytest.mark.parametrize("conv", [ln.conv2d, ln.conv2d_naive])
def test_conv2d_on_a_grayscale_image_with_a_2d_kernel(conv):
    rng = _rng("2d")
    image = rng.normal(size=(6, 7)).astype("float32")
    kernel = rng.normal(size=(3, 2)).astype("float32")
    ours = conv(image, kernel, bias=0.5, strides=(1, 2), padding="same")
    expected = _keras_conv(
        image[..., None], kernel[..., None, None], np.array([0.5], "float32"), (1, 2), "same"
    )
    assert ours.shape == expected.shape[:2]
    _close(ours, expected[..., 0])


def test_conv2d_is_cross_correlation_by_hand():
    x = np.arange(9.0).reshape(3, 3)  # 0..8
    kernel = np.array([[1.0, 0.0], [0.0, -1.0]])  # top-left minus bottom-right, no flip
    expected = np.array([[0 - 4, 1 - 5], [3 - 7, 4 - 8]], dtype=float)
    np.testing.assert_array_equal(ln.conv2d(x, kernel), expected)
    np.testing.assert_array_equal(ln.conv2d_naive(x, kernel), expected)


def test_conv2d_dtypes():
    x = np.ones((4, 4, 1), dtype="float32")
    k32 = np.ones((2, 2, 1, 1), dtype="float32")
    assert ln.conv2d(x, k32).dtype == np.float32  # float32 stays float32, like Keras
    assert ln.conv2d(x, k32.astype("float64")).dtype == np.float64
    assert ln.conv2d(np.ones((4, 4, 1), dtype=int), [[[[1]]]]).dtype == np.float64
    assert ln.conv2d_naive(x.tolist(), k32).dtype == np.float64


# ---------------------------------------------------------------- padding


def test_pad2d_forms_and_layouts():
    x = np.arange(6.0).reshape(2, 3)
    assert ln.pad2d(x, 1).shape == (4, 5)
    assert ln.pad2d(x, (1, 2)).shape == (4, 7)
    out = ln.pad2d(x, ((1, 0), (0, 2)), value=-1.0)
    np.testing.assert_array_equal(out[1:, :3], x)
    assert out.shape == (3, 5) and (out[0] == -1).all() and (out[:, 3:] == -1).all()
    assert ln.pad2d(np.ones((2, 3, 4)), 2).shape == (6, 7, 4)
    assert ln.pad2d(np.ones((5, 2, 3, 4)), (0, 1)).shape == (5, 2, 5, 4)


def test_pad2d_matches_zero_padding2d():
    x = _rng("pad2d").normal(size=(2, 3, 4, 2)).astype("float32")
    pads = ((1, 2), (3, 0))
    expected = keras.ops.convert_to_numpy(keras.layers.ZeroPadding2D(pads)(x))
    np.testing.assert_array_equal(ln.pad2d(x, pads), expected)


# ---------------------------------------------------------------- pooling

POOL_CASES = list(itertools.product([1, 2, 3, 4], [None, 1, 2, 3], ["valid", "same"]))


@pytest.mark.parametrize(
    ("ours", "keras_layer"),
    [(ln.max_pool2d, keras.layers.MaxPooling2D), (ln.avg_pool2d, keras.layers.AveragePooling2D)],
    ids=["max", "avg"],
)
def test_pooling_matches_keras(ours, keras_layer):
    rng = _rng("pool", keras_layer.__name__)
    x = rng.normal(size=(2, 7, 10, 3)).astype("float32")  # 7 and 10: "same" pads at borders
    padded_somewhere = False
    for pool_size, strides, padding in POOL_CASES:
        expected = keras.ops.convert_to_numpy(keras_layer(pool_size, strides, padding)(x))
        _close(ours(x, pool_size, strides, padding), expected)
        _close(ours(x[0], pool_size, strides, padding), expected[0])  # one image
        _close(ours(x[0, :, :, 0], pool_size, strides, padding), expected[0, :, :, 0])  # (H, W)
        step = pool_size if strides is None else strides
        padded_somewhere |= padding == "same" and (pool_size - 1 - 6 % step) > 0
    assert padded_somewhere
    # non-square pool and strides
    expected = keras.ops.convert_to_numpy(keras_layer((2, 3), (1, 2), "same")(x))
    _close(ours(x, (2, 3), (1, 2), "same"), expected)


def test_average_pooling_same_divides_by_real_values_only():
    x = np.ones((1, 3, 3, 1), dtype="float32")
    expected = keras.ops.convert_to_numpy(keras.layers.AveragePooling2D(2, padding="same")(x))
    ours = ln.avg_pool2d(x, 2, padding="same")
    np.testing.assert_array_equal(ours, np.ones((1, 2, 2, 1)))  # zeros counted would give 0.5
    _close(ours, expected)


def test_max_pooling_same_ignores_padding_for_negative_inputs():
    x = -np.ones((3, 3))
    np.testing.assert_array_equal(ln.max_pool2d(x, 2, padding="same"), -np.ones((2, 2)))


# ---------------------------------------------------------------- pooling windows (lesson 05)


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
        p = ln.pool_windows(x, k, s, padding, mode)
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
                    p = ln.pool_windows(np.zeros((n, n + 1)), k, s, padding)
                    assert p.out.shape == (p.rows.output_size, p.cols.output_size)
                    assert len(p.corners()) == p.n_windows


def test_the_lesson_example_by_hand():
    grid = np.array([[1, 3, 2, 0], [4, 8, 5, 1], [3, 1, 6, 2], [0, 0, 1, 3]], dtype=float)
    np.testing.assert_array_equal(ln.pool_windows(grid).out, [[8, 5], [3, 6]])
    np.testing.assert_array_equal(ln.pool_windows(grid, mode="average").out, [[4, 2], [1, 3]])
    p = ln.pool_windows(grid, 2)
    assert p.corners().tolist() == [[0, 0], [0, 2], [2, 0], [2, 2]]
    out_row, out_col, cells = p.window(3)
    assert (out_row, out_col) == (1, 1) and cells.tolist() == [[6, 2], [1, 3]]


def test_same_padding_cells_are_nan_and_skipped():
    p = ln.pool_windows(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    assert p.out.shape == (3, 3) and (p.rows.padded_size, p.cols.padded_size) == (6, 6)
    _, _, corner = p.window(8)
    assert np.isnan(corner).sum() == 3 and p.out[2, 2] == 24.0
    assert p.out[0, 2] == pytest.approx((4 + 9) / 2)
    # max never picks a padding cell, even when every real value is negative
    assert ln.pool_windows(-np.arange(25.0).reshape(5, 5) - 1, 2, 2, "same").out[2, 2] == -25


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
def test_pool_windows_bad_arguments_raise_value_error(kwargs, words):
    kwargs = {"x": np.zeros((4, 4)), **kwargs}
    with pytest.raises(ValueError, match=words):
        ln.pool_windows(**kwargs)


def test_brightest_window_holds_the_largest_value():
    x = np.zeros((6, 6))
    x[3, 4] = 5.0
    assert ln.brightest_window(x) == 5  # row 1 of windows, column 2: 1·3 + 2
    assert ln.brightest_window(x, 3, 1) == 1 * 4 + 2  # the first window reaching (3, 4)
    y = np.arange(25.0).reshape(5, 5)
    assert ln.brightest_window(y, 2, padding="same") == 8  # the lone 24 at the corner


@pytest.mark.parametrize("mode", ["valid", "same", "full", 1])
def test_white_image_means_are_the_share_of_real_pixels_under_each_window(mode):
    for n, k in [(6, 3), (5, 4), (4, 1), (7, 5)]:
        layout = axis_layout(n, k, 1, mode)
        padded, out = ln.white_image_means(layout)
        assert padded.shape == (layout.padded_size,) * 2 and padded.sum() == n * n
        real = np.convolve(padded[layout.pad_before], np.ones(k), "valid")
        np.testing.assert_allclose(out * k * k, np.outer(real, real), atol=1e-9)
    _, same = ln.white_image_means(axis_layout(6, 3, 1, "same"))
    assert same[0, 0] == pytest.approx(4 / 9) and same[0, 2] == pytest.approx(6 / 9)
    assert same[2, 2] == pytest.approx(1.0)


# ---------------------------------------------------------------- activations


def test_relu_matches_keras():
    x = _rng("relu").normal(size=(4, 5, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras.activations.relu(x))
    _close(ln.relu(x), expected)
    np.testing.assert_array_equal(ln.relu([-2, 0, 3]), [0.0, 0.0, 3.0])


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_matches_keras(axis):
    x = _rng("softmax", axis).normal(size=(4, 5, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras.activations.softmax(x, axis=axis))
    ours = ln.softmax(x, axis=axis)
    _close(ours, expected)
    np.testing.assert_allclose(ours.sum(axis=axis), 1.0, atol=1e-6)


def test_softmax_huge_logits_do_not_overflow():
    with np.errstate(over="raise", invalid="raise"):  # overflow or inf - inf fails the test
        out = ln.softmax(np.array([[1000.0, 1001.0], [-1000.0, -1001.0], [1e308, 0.0]]))
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out.sum(axis=-1), 1.0)
    np.testing.assert_allclose(out[0], [0.26894142, 0.73105858])
    np.testing.assert_allclose(out[1], [0.73105858, 0.26894142])
    np.testing.assert_array_equal(out[2], [1.0, 0.0])


@pytest.mark.parametrize("temperature", [0.1, 0.5, 2.0, 5.0])
def test_softmax_with_temperature_matches_keras(temperature):
    z = _rng("temperature", temperature).normal(scale=3, size=(5, 7))
    expected = keras.ops.convert_to_numpy(
        keras.activations.softmax((z / temperature).astype("float32"))
    )
    ours = ln.softmax(z, temperature=temperature)
    np.testing.assert_allclose(ours, expected, atol=1e-6)
    np.testing.assert_allclose(ours.sum(axis=-1), 1.0, atol=1e-12)


def test_softmax_properties_lesson_06_states():
    z = np.array([2.0, 1.0, 0.5, -1.0, 0.0])
    p = ln.softmax(z)
    np.testing.assert_allclose(ln.softmax(z + 1000), p, atol=1e-12)  # shifting: no change
    assert p[0] / p[1] == pytest.approx(np.e, rel=1e-12)  # a difference of 1 is a ratio of e
    maxima = [ln.softmax(z, temperature=t).max() for t in (0.5, 1, 2, 5, 100)]
    assert maxima == sorted(maxima, reverse=True)  # hotter: flatter
    assert all(ln.softmax(z, temperature=t).argmax() == 0 for t in (0.1, 1, 10))  # same winner
    np.testing.assert_allclose(ln.softmax(z, temperature=1e6), np.full(5, 0.2), atol=1e-5)


def test_cross_entropy_matches_keras():
    z = _rng("cross_entropy").normal(size=(6, 4)).astype("float32")
    labels = np.array([0, 1, 2, 3, 0, 1])
    expected = keras.ops.convert_to_numpy(
        keras.losses.sparse_categorical_crossentropy(labels, z, from_logits=True)
    )
    ours = ln.cross_entropy(labels, ln.softmax(z.astype(float)))
    np.testing.assert_allclose(ours, expected, rtol=1e-5)
    one = ln.cross_entropy(2, ln.softmax(z[2].astype(float)))
    assert isinstance(one, float) and one == pytest.approx(float(expected[2]), rel=1e-5)
    assert ln.cross_entropy(3, np.full(10, 0.1)) == pytest.approx(np.log(10))
    assert ln.cross_entropy(1, [1.0, 0.0]) == np.inf  # p = 0: infinitely surprised


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: ln.softmax([1.0, 2.0], temperature=0), "temperature=0 is not allowed"),
        (lambda: ln.softmax([1.0, 2.0], temperature=True), "temperature=True"),
        (lambda: ln.softmax([1.0, 2.0], axis=1), "axis=1 is not allowed"),
        (lambda: ln.cross_entropy(0, [0.5, 0.6]), "probs[0]=<a row adding up to 1.1>"),
        (lambda: ln.cross_entropy(0, [[0.5, 1.5]]), "probs=<values from 0.5 to 1.5>"),
        (lambda: ln.cross_entropy(0, [1.0]), "at least 2 classes"),
        (lambda: ln.cross_entropy(2, [0.5, 0.5]), "labels=2 is not allowed"),
        (lambda: ln.cross_entropy(1.0, [0.5, 0.5]), "labels=1.0"),
        (lambda: ln.cross_entropy([0], [[0.5, 0.5]] * 2), "one whole number from 0 to 1 per row"),
        (lambda: ln.cross_entropy([0.5], [[0.5, 0.5]]), "labels=<1 labels from 0.5 to 0.5>"),
        (lambda: ln.cross_entropy("ab", [[0.5, 0.5]]), "labels must be an array of numbers"),
    ],
)
def test_softmax_and_cross_entropy_say_what_is_wrong(call, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        call()


# ---------------------------------------------------------------- bad input

X = np.zeros((5, 5, 3))
K = np.zeros((3, 3, 3, 2))

CONV_ERRORS = [
    ({"x": np.zeros(5)}, r"x=<array of shape \(5,\)> .* or a batch \(N, H, W, C\)"),
    ({"x": np.zeros((1, 2, 5, 5, 3), dtype="float32")}, r"x=<array of shape \(1, 2, 5, 5, 3\)>"),
    ({"x": [["a", "b"]]}, r"x must be an array of numbers"),
    ({"x": np.zeros((0, 5, 3))}, r"x=<array of shape \(0, 5, 3\)>"),
    ({"kernel": np.zeros((3, 3, 2, 8))}, r"x has 3 channels: kernel\.shape\[2\] must equal"),
    ({"kernel": np.zeros((3, 3, 3))}, r"kernel=<array of shape \(3, 3, 3\)> .* \(kh, kw, C_in"),
    ({"kernel": np.zeros((3, 3))}, r"kernel=<array of shape \(3, 3\)>.*\(kh, kw, C_in, C_out\)"),
    ({"x": np.zeros((5, 5)), "kernel": K}, r"kernel=<array of shape .* 2-D kernel"),
    ({"kernel": np.zeros((3, 3, 3, 0))}, r"kernel=<array of shape"),
    ({"bias": np.zeros(3)}, r"bias=<array of shape \(3,\)> .* must have shape \(C_out,\) = \(2,\)"),
    ({"bias": 1.0}, r"bias=<array of shape \(\)>"),
    ({"strides": 0}, r"strides=0 .* whole number >= 1"),
    ({"strides": (1, 2, 3)}, r"strides=\(1, 2, 3\)"),
    ({"strides": 1.5}, r"strides=1\.5"),
    ({"padding": "sme"}, r"padding='sme' .* \(did you mean 'same'\?\)"),
    ({"padding": -1}, r"padding=-1 .* whole number >= 0"),
    ({"padding": True}, r"padding=True"),
    ({"kernel": np.zeros((6, 3, 3, 2))}, r"a 6×3 kernel does not fit in x of size 5×5 .*'valid'"),
    ({"kernel": np.zeros((8, 8, 3, 2)), "padding": 1}, r"a 8×8 kernel .* 7×7 after padding=1"),
]


@pytest.mark.parametrize(("kwargs", "match"), CONV_ERRORS)
@pytest.mark.parametrize("conv", [ln.conv2d, ln.conv2d_naive], ids=["fast", "naive"])
def test_conv2d_bad_input(conv, kwargs, match):
    args = {"x": X, "kernel": K, **kwargs}
    with pytest.raises(ValueError, match=match):
        conv(**args)


POOL_ERRORS = [
    ({"x": np.zeros(5)}, r"x=<array of shape \(5,\)>"),
    ({"pool_size": 0}, r"pool_size=0 .* whole number >= 1"),
    ({"pool_size": (2, 2, 2)}, r"pool_size=\(2, 2, 2\)"),
    ({"strides": -1}, r"strides=-1"),
    ({"padding": "full"}, r"padding='full' .* one of 'valid', 'same'"),
    ({"pool_size": 6}, r"pool_size=6 is not allowed: a 6×6 pool does not fit in x of size 5×5"),
]


@pytest.mark.parametrize(("kwargs", "match"), POOL_ERRORS)
@pytest.mark.parametrize("pool", [ln.max_pool2d, ln.avg_pool2d], ids=["max", "avg"])
def test_pooling_bad_input(pool, kwargs, match):
    with pytest.raises(ValueError, match=match):
        pool(**{"x": X, **kwargs})


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ln.pad2d(X, -1), r"padding=-1"),
        (lambda: ln.pad2d(X, (1, 2, 3)), r"padding=\(1, 2, 3\)"),
        (lambda: ln.pad2d(X, ((1, 2), (3,))), r"padding=\(\(1, 2\), \(3,\)\)"),
        (lambda: ln.pad2d(X, ((1, -2), (3, 0))), r"padding\[0\]\[1\]=-2"),
        (lambda: ln.pad2d(X, "same"), r"padding='same'"),
        (lambda: ln.pad2d(np.zeros(4), 1), r"x=<array of shape \(4,\)>"),
        (lambda: ln.pad2d(X, 1, value="zero"), r"value='zero'"),
        (lambda: ln.relu("abc"), r"x must be an array of numbers"),
        (lambda: ln.softmax(np.zeros((2, 3)), axis=2), r"axis=2 .* from -2 to 1"),
        (lambda: ln.softmax(np.zeros(3), axis=1.0), r"axis=1\.0"),
        (lambda: ln.softmax(3.0), r"x=<array of shape \(\)>"),
    ],
)
def test_other_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
