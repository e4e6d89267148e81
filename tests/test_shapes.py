"""course_utils.shapes against what real Keras layers do."""

from __future__ import annotations

import itertools
import subprocess
import sys

import keras
import numpy as np
import pytest

from course_utils import shapes

SIZES = range(1, 33)
KERNELS = range(1, 8)
STRIDES = range(1, 5)


def _keras_sizes(layer) -> dict[int, int | None]:
    """Output height of `layer` for every input size 1..32 (None where Keras refuses)."""
    out = {}
    for n in SIZES:
        try:
            y = layer(np.zeros((1, n, n, 1), dtype="float32"))
        except Exception:  # Keras refuses this combination (ValueError or a TF error)
            out[n] = None
            continue
        h, w = int(y.shape[1]), int(y.shape[2])
        assert h == w
        out[n] = h if h > 0 else None  # a 0-size output is not a usable layer
    return out


def _ours(fn, *args) -> int | None:
    try:
        return fn(*args)
    except ValueError:
        return None


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", STRIDES)
def test_conv_output_size_matches_keras_conv2d(padding, strides):
    mismatches = []
    for k in KERNELS:
        keras_out = _keras_sizes(keras.layers.Conv2D(1, k, strides=strides, padding=padding))
        for n, expected in keras_out.items():
            got = _ours(shapes.conv_output_size, n, k, strides, padding)
            if got != expected:
                mismatches.append((n, k, strides, padding, got, expected))
    assert mismatches == []


@pytest.mark.parametrize("layer_cls", [keras.layers.MaxPooling2D, keras.layers.AveragePooling2D])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", STRIDES)
def test_pool_output_size_matches_keras_pooling(layer_cls, padding, strides):
    mismatches = []
    for k in KERNELS:
        keras_out = _keras_sizes(layer_cls(pool_size=k, strides=strides, padding=padding))
        for n, expected in keras_out.items():
            got = _ours(shapes.pool_output_size, n, k, strides, padding)
            if got != expected:
                mismatches.append((n, k, strides, padding, got, expected))
    assert mismatches == []


def test_pool_strides_default_to_pool_size():
    layer = keras.layers.MaxPooling2D(pool_size=3)
    y = layer(np.zeros((1, 11, 11, 1), dtype="float32"))
    assert shapes.pool_output_size(11, 3) == y.shape[1] == 3


def test_dilation_matches_keras():
    for n, k, d in itertools.product([7, 10, 15], [2, 3], [1, 2, 3]):
        layer = keras.layers.Conv2D(1, k, dilation_rate=d)
        y = layer(np.zeros((1, n, n, 1), dtype="float32"))
        assert shapes.conv_output_size(n, k, dilation_rate=d) == y.shape[1]


def test_full_and_int_padding_match_zero_padding_then_valid():
    for n, k, s, p in itertools.product([5, 8], [1, 3, 4], [1, 2, 3], [0, 1, 2]):
        model = keras.Sequential(
            [keras.Input((n, n, 1)), keras.layers.ZeroPadding2D(p), keras.layers.Conv2D(1, k, s)]
        )
        assert shapes.conv_output_size(n, k, s, p) == model.output_shape[1]
    for n, k in itertools.product([1, 4, 7], [1, 2, 3, 5]):
        model = keras.Sequential(
            [keras.Input((n, n, 1)), keras.layers.ZeroPadding2D(k - 1), keras.layers.Conv2D(1, k)]
        )
        assert shapes.conv_output_size(n, k, 1, "full") == model.output_shape[1] == n + k - 1


@pytest.mark.parametrize("strides", STRIDES)
def test_same_padding_puts_zeros_where_tensorflow_does(strides):
    """Pad with our (before, after) then convolve 'valid': equal to Keras 'same'."""
    rng = np.random.default_rng(strides)
    for n, k in itertools.product(range(1, 13), KERNELS):
        x = rng.normal(size=(1, n, 1, 1)).astype("float32")
        kernel = rng.normal(size=(k, 1, 1, 1)).astype("float32")
        layer = keras.layers.Conv2D(1, (k, 1), strides=(strides, 1), padding="same", use_bias=False)
        layer.build(x.shape)
        layer.set_weights([kernel])
        expected = np.asarray(layer(x))[0, :, 0, 0]
        before, after = shapes.same_padding(n, k, strides)
        padded = np.pad(x[0, :, 0, 0], (before, after))
        ours = np.array(
            [
                padded[i * strides : i * strides + k] @ kernel[:, 0, 0, 0]
                for i in range(len(expected))
            ]
        )
        assert len(padded) == max(n, (len(expected) - 1) * strides + k), (n, k, strides)
        np.testing.assert_allclose(ours, expected, atol=1e-5, err_msg=str((n, k, strides)))


def test_same_padding_extra_zero_goes_after():
    assert shapes.same_padding(28, 2, 1) == (0, 1)
    assert shapes.same_padding(28, 3, 2) == (0, 1)
    assert shapes.same_padding(7, 3, 2) == (1, 1)
    assert shapes.same_padding(8, 1, 2) == (0, 0)


def test_2d_shapes_accept_ints_and_pairs():
    assert shapes.conv2d_output_shape((28, 28, 1), 32, 3) == (26, 26, 32)
    assert shapes.conv2d_output_shape((28, 20, 3), 8, (3, 5), (2, 1), "same") == (14, 20, 8)
    assert shapes.pool2d_output_shape((26, 26, 32), 2) == (13, 13, 32)
    assert shapes.pool2d_output_shape((11, 7, 4), (2, 3), (1, 2)) == (10, 3, 4)
    layer = keras.layers.Conv2D(8, (3, 5), strides=(2, 1), padding="same")
    assert layer.compute_output_shape((None, 28, 20, 3))[1:] == (14, 20, 8)


def test_parameter_counts_match_keras():
    for k, c, f, bias in itertools.product([1, 3, (3, 5)], [1, 3, 32], [1, 16], [True, False]):
        layer = keras.layers.Conv2D(f, k, use_bias=bias)
        layer.build((None, 9, 9, c))
        assert shapes.conv2d_params(k, c, f, bias) == layer.count_params()
    for n, u, bias in itertools.product([1, 800, 15488], [10, 128], [True, False]):
        layer = keras.layers.Dense(u, use_bias=bias)
        layer.build((None, n))
        assert shapes.dense_params(n, u, bias) == layer.count_params()


# ------------------------------------------------------------- the source notes' models


def _padding_model():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, (3, 3), padding="valid", activation="relu"),
            keras.layers.Conv2D(32, (3, 3), padding="valid", activation="relu"),
            keras.layers.Conv2D(32, (3, 3), padding="valid", activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _strides_model():
    conv = dict(kernel_size=(3, 3), padding="same", strides=(2, 2), activation="relu")
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, **conv),
            keras.layers.Conv2D(32, **conv),
            keras.layers.Conv2D(32, **conv),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def _pooling_model():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2), strides=(2, 2)),
            keras.layers.Conv2D(32, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2), strides=(2, 2)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


@pytest.mark.parametrize(
    "build, total, shapes_expected",
    [
        (_padding_model, 2_002_698, [(26, 26, 32), (24, 24, 32), (22, 22, 32), (15488,)]),
        (_strides_model, 85_770, [(14, 14, 32), (7, 7, 32), (4, 4, 32), (512,)]),
        (_pooling_model, 113_386, [(26, 26, 32), (13, 13, 32), (11, 11, 32), (5, 5, 32), (800,)]),
    ],
)
def test_explain_model_on_source_models(build, total, shapes_expected):
    model = build()
    table = shapes.explain_model(model)
    assert table.total_params == total == model.count_params()
    assert table.all_agree
    for row, layer in zip(table.rows, model.layers, strict=True):
        assert row.output_shape == tuple(layer.output.shape[1:])
        assert row.params == layer.count_params()
    assert [r.output_shape for r in table.rows[: len(shapes_expected)]] == shapes_expected


def test_explain_model_formulas_and_rendering():
    table = shapes.explain_model(_padding_model())
    first = table.rows[0]
    assert first.params_formula == "(3·3·1 + 1)·32 = 320"
    assert first.shape_formula == "28 − 3 + 1 = 26"
    assert table.rows[4].params_formula == "(15,488 + 1)·128 = 1,982,592"
    text = str(table)
    assert "Total parameters: 2,002,698 ✓" in text
    assert "<table>" in table._repr_html_()
    strided = shapes.explain_model(_strides_model())
    assert strided.rows[0].shape_formula == "⌈28/2⌉ = 14"


def test_explain_model_covers_the_other_layer_types():
    model = keras.Sequential(
        [
            keras.Input(shape=(32, 32, 3)),
            keras.layers.ZeroPadding2D(((1, 2), (0, 1))),
            keras.layers.Conv2D(8, 5, strides=2, use_bias=False),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.AveragePooling2D(3, strides=1, padding="same"),
            keras.layers.Dropout(0.2),
            keras.layers.Conv2D(16, 3, dilation_rate=2, activation="relu"),
            keras.layers.GlobalMaxPooling2D(),
            keras.layers.Dense(10),
            keras.layers.Softmax(),
        ]
    )
    table = shapes.explain_model(model)
    assert all(r.covered for r in table.rows)
    assert table.all_agree, str(table)
    assert table.total_params == model.count_params()
    gap = keras.Sequential(
        [
            keras.Input((8, 8, 4)),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Activation("relu"),
        ]
    )
    assert shapes.explain_model(gap).all_agree


def test_explain_model_marks_uncovered_layers_without_guessing():
    model = keras.Sequential(
        [
            keras.Input(shape=(16, 16, 3)),
            keras.layers.DepthwiseConv2D(3),
            keras.layers.Conv2D(4, 3),
            keras.layers.Flatten(),
            keras.layers.Dense(2),
        ]
    )
    table = shapes.explain_model(model)
    assert [r.covered for r in table.rows] == [False, False, False, False]
    assert table.total_params is None
    assert "not covered" in str(table)
    assert not table.all_agree


def test_explain_model_rejects_non_models():
    with pytest.raises(ValueError, match="model"):
        shapes.explain_model("not a model")


# ------------------------------------------------------------- receptive field


def _empirical_receptive_field(layers, n):
    """Input rows that reach output row 0 of a 1-D stack of real Keras layers."""
    model = keras.Sequential([keras.Input((n, 1, 1)), *layers])
    for layer in model.layers:
        if layer.weights:
            layer.set_weights(
                [np.ones(w.shape, dtype="float32") for w in layer.weights[:1]]
                + [np.zeros(w.shape, dtype="float32") for w in layer.weights[1:]]
            )
    reached = []
    for j in range(n):
        x = np.zeros((1, n, 1, 1), dtype="float32")
        x[0, j] = 1.0
        if np.asarray(model(x))[0, 0, 0, 0] > 0:
            reached.append(j)
    return reached


@pytest.mark.parametrize(
    "specs",
    [
        [(3, 1, "valid"), (3, 1, "valid"), (3, 1, "valid")],
        [(3, 1, "valid"), ("max", 2, 2, "valid"), (3, 1, "valid"), ("max", 2, 2, "valid")],
        [(3, 2, "same"), (3, 2, "same"), (3, 2, "same")],
        [(5, 1, "same"), ("avg", 3, 2, "same"), (2, 3, "valid")],
        [("zero", 2), (3, 2, "valid"), (4, 1, "same")],
    ],
)
def test_receptive_field_matches_keras(specs):
    n = 29
    layers = []
    for spec in specs:
        if spec[0] == "max":
            layers.append(keras.layers.MaxPooling2D((spec[1], 1), (spec[2], 1), spec[3]))
        elif spec[0] == "avg":
            layers.append(keras.layers.AveragePooling2D((spec[1], 1), (spec[2], 1), spec[3]))
        elif spec[0] == "zero":
            layers.append(keras.layers.ZeroPadding2D(((spec[1], spec[1]), (0, 0))))
        else:
            layers.append(keras.layers.Conv2D(1, (spec[0], 1), (spec[1], 1), spec[2]))
    model = keras.Sequential([keras.Input((n, 1, 1)), *layers])
    last = shapes.receptive_field(model)[-1]
    reached = _empirical_receptive_field(layers, n)
    window = [j for j in range(last.start, last.start + last.size) if 0 <= j < n]
    assert reached == window


def test_receptive_field_from_list():
    rows = shapes.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)])
    assert [(r.size, r.jump, r.start) for r in rows] == [
        (3, 1, 0),
        (4, 2, 0),
        (8, 2, 0),
        (10, 4, 0),
    ]
    rows = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)
    assert [(r.size, r.jump) for r in rows] == [(3, 2), (7, 4), (15, 8)]
    assert [r.start for r in rows] == [0, 0, -4]  # TF pads 28 and 14 only after
    with pytest.raises(ValueError, match="input_size"):
        shapes.receptive_field([(3, 1, "same")])


# ------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: shapes.conv_output_size(0, 3), r"input_size=0 .*>= 1"),
        (lambda: shapes.conv_output_size(-4, 3), r"input_size=-4"),
        (lambda: shapes.conv_output_size(28, 0), r"kernel_size=0"),
        (lambda: shapes.conv_output_size(28, 3, strides=0), r"strides=0"),
        (lambda: shapes.conv_output_size(28.0, 3), r"input_size=28.0 .*whole number"),
        (lambda: shapes.conv_output_size(True, 3), r"input_size=True"),
        (lambda: shapes.conv_output_size("28", 3), r"input_size='28'"),
        (lambda: shapes.conv_output_size(28, 3, padding=-1), r"padding=-1"),
        (lambda: shapes.conv_output_size(28, 3, padding=1.5), r"padding=1.5"),
        (lambda: shapes.conv_output_size(28, 3, padding="vaild"), r"did you mean 'valid'"),
        (lambda: shapes.conv_output_size(28, 3, padding="SAME"), r"did you mean 'same'"),
        (lambda: shapes.conv_output_size(28, 3, padding="ful"), r"did you mean 'full'"),
        (
            lambda: shapes.conv_output_size(3, 5),
            r"kernel_size=5 is not allowed: it does not fit in input_size=3 with "
            r"padding='valid' \(need kernel_size <= input_size\)",
        ),
        (lambda: shapes.conv_output_size(3, 9, padding=2), r"kernel_size=9 .*input_size \+ 2·2"),
        (lambda: shapes.conv_output_size(5, 3, dilation_rate=3), r"dilation_rate=3"),
        (lambda: shapes.pool_output_size(3, 4), r"pool_size=4 is not allowed: it does not fit in"),
        (lambda: shapes.pool_output_size(8, 2, padding="full"), r"padding='full'"),
        (lambda: shapes.pool_output_size(8, 2, strides=0), r"strides=0"),
        (lambda: shapes.same_padding(8, 0), r"kernel_size=0"),
        (lambda: shapes.conv2d_output_shape((28, 28), 32, 3), r"input_shape=\(28, 28\)"),
        (lambda: shapes.conv2d_output_shape((28, 28, 1), 0, 3), r"filters=0"),
        (lambda: shapes.conv2d_output_shape((28, 28, 1), 8, (3, 3, 3)), r"kernel_size="),
        (lambda: shapes.pool2d_output_shape((28, 28, 0), 2), r"channels"),
        (lambda: shapes.conv2d_params(3, 1, 32, use_bias="yes"), r"use_bias='yes'"),
        (lambda: shapes.dense_params(0, 10), r"in_features=0"),
        (lambda: shapes.dense_params(10, 2.5), r"units=2.5"),
        (lambda: shapes.receptive_field([]), r"layers=\[\]"),
        (lambda: shapes.receptive_field([(3,)]), r"layers\[0\]"),
    ],
)
def test_bad_input_raises_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_importing_shapes_does_not_import_tensorflow():
    code = (
        "import course_utils.shapes, sys; "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


# ------------------------------------------------------------------ axis_padding: the one home


@pytest.mark.parametrize(
    ("n", "k", "s", "padding", "expected"),
    [
        (5, 3, 1, "valid", (0, 0)),
        (5, 3, 1, "full", (2, 2)),
        (5, 3, 1, 4, (4, 4)),
        (28, 4, 1, "same", (1, 2)),  # the odd zero goes after
        (8, 3, 4, "same", (0, 0)),  # stride 4 > kernel 3: TensorFlow adds nothing
        (7, 3, 2, "same", (1, 1)),
    ],
)
def test_axis_padding_zeros_before_and_after(n, k, s, padding, expected):
    assert shapes.axis_padding(n, k, s, padding) == expected


def test_axis_padding_agrees_with_keras_same():
    keras = pytest.importorskip("keras")
    import numpy as np

    for n, k, s in [(8, 3, 4), (7, 4, 2), (9, 2, 3), (6, 5, 1)]:
        before, after = shapes.axis_padding(n, k, s, "same")
        x = np.arange(n, dtype="float32").reshape(1, n, 1, 1)
        kernel = np.zeros((k, 1, 1, 1), dtype="float32")
        kernel[0, 0, 0, 0] = 1.0  # picks the window's first row: shows where the zeros went
        layer = keras.layers.Conv2D(1, (k, 1), strides=(s, 1), padding="same", use_bias=False)
        layer.build((1, n, 1, 1))
        layer.set_weights([kernel])
        got = np.asarray(layer(x))[0, :, 0, 0]
        padded = np.concatenate([np.zeros(before), np.arange(n), np.zeros(after)])
        np.testing.assert_array_equal(got, padded[::s][: len(got)])


def test_axis_padding_refuses_bad_padding():
    with pytest.raises(ValueError, match="padding='sam' is not allowed"):
        shapes.axis_padding(5, 3, 1, "sam")
    with pytest.raises(ValueError, match="padding=-1 is not allowed"):
        shapes.axis_padding(5, 3, 1, -1)


def test_explain_model_shows_the_same_padding_arithmetic():
    keras = pytest.importorskip("keras")
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(4, 3, padding="same", name="odd"),
            keras.layers.Conv2D(4, 4, padding="same", name="even"),
            keras.layers.ZeroPadding2D(2, name="zeros"),
        ]
    )
    text = str(shapes.explain_model(model))
    assert "28 + 2·1 − 3 + 1 = 28" in text
    assert "28 + (1 + 2) − 4 + 1 = 28" in text  # the odd zero goes after
    assert "28 + 2·2 = 32" in text
    assert "shape arithmetic" in text and "params arithmetic" in text


# ------------------------------------------------------------- one unit's window (lesson 08)

LESSON_08_SPECS = [(3, 1), (2, 2), (3, 1), (2, 2)]  # conv 3 → pool 2 → conv 3 → pool 2


def test_unit_window_follows_start_plus_i_jump():
    pool_2 = shapes.receptive_field(LESSON_08_SPECS)[-1]
    assert (pool_2.size, pool_2.jump, pool_2.start) == (10, 4, 0)
    windows = [shapes.unit_window(pool_2, i) for i in range(5)]
    assert windows == [(0, 9), (4, 13), (8, 17), (12, 21), (16, 25)]
    same = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)[-1]
    assert shapes.unit_window(same, 0) == (-4, 10)  # reaches into the zeros
    with pytest.raises(ValueError, match="index=-1"):
        shapes.unit_window(pool_2, -1)
    with pytest.raises(ValueError, match=r"field=\(10, 4, 0\) is not allowed"):
        shapes.unit_window((10, 4, 0), 1)


def test_field_mask_is_the_window_clipped_to_the_image():
    pool_2 = shapes.receptive_field(LESSON_08_SPECS)[-1]
    mask = shapes.field_mask(pool_2, 2, 1, (28, 28))
    assert mask.sum() == 100 and mask[8:18, 4:14].all()
    same = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)[-1]
    corner = shapes.field_mask(same, 0, 0, (28, 28))
    assert corner.sum() == 11 * 11 and corner[:11, :11].all()


def test_central_unit():
    fields = shapes.receptive_field(LESSON_08_SPECS)
    assert [shapes.central_unit(f, 28) for f in fields] == [12, 6, 5, 2]
    outputs = (26, 13, 11, 5)
    centres = [shapes.central_unit(f, 28, n) for f, n in zip(fields, outputs, strict=True)]
    assert centres == [12, 6, 5, 2]
    same = shapes.receptive_field([(3, 2, "same")] * 3, input_size=28)[-1]
    assert shapes.central_unit(same, 28) == 1  # unit 0 reaches into the zeros
    with pytest.raises(ValueError, match="no unit's window lies inside an input of 8"):
        shapes.central_unit(fields[-1], 8)


def _lesson_08_model(activation, pool):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(4, 3, activation=activation, name="conv_1"),
            pool(2, name="pool_1"),
            keras.layers.Conv2D(4, 3, activation=activation, name="conv_2"),
            pool(2, name="pool_2"),
        ]
    )


def _input_gradient(model, x, layer, row, col, channel):
    import tensorflow as tf

    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    x = tf.constant(x[None, :, :, None].astype("float32"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        unit = sub(x)[0, row, col, channel]
    return tape.gradient(unit, x).numpy()[0, :, :, 0]


@pytest.mark.parametrize(
    "layer, units",
    [
        ("conv_1", [(0, 0), (12, 7)]),
        ("pool_1", [(3, 9)]),
        ("conv_2", [(0, 10), (5, 5)]),
        ("pool_2", [(2, 2), (4, 0)]),
    ],
)
def test_linear_gradients_cover_exactly_the_field_mask(layer, units):
    """Lesson 08's claim: in a linear copy, non-zero input gradients = the computed field."""
    keras.utils.set_random_seed(1)
    model = _lesson_08_model(None, keras.layers.AveragePooling2D)
    fields = {f.name: f for f in shapes.receptive_field(model)}
    x = np.random.default_rng(0).random((28, 28))
    for row, col in units:
        grad = _input_gradient(model, x, layer, row, col, channel=1)
        mask = shapes.field_mask(fields[layer], row, col, (28, 28))
        np.testing.assert_array_equal(grad != 0, mask)


def test_relu_and_max_pool_gradients_stay_inside_the_field_mask():
    keras.utils.set_random_seed(2)
    model = _lesson_08_model("relu", keras.layers.MaxPooling2D)
    field = shapes.receptive_field(model)[-1]
    x = np.random.default_rng(1).random((28, 28))
    mask = shapes.field_mask(field, 2, 2, (28, 28))
    grad = _input_gradient(model, x, "pool_2", 2, 2, channel=0)
    assert not ((grad != 0) & ~mask).any()
