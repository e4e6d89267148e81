"""course_utils.training: shifts and flips against Keras' layers, schedules against Keras."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils import training


def _item() -> np.ndarray:
    img = np.zeros((28, 28))
    img[8:20, 10:18] = np.linspace(0.2, 1.0, 8)  # a block with a left-right gradient
    return img


# ---------------------------------------------------------------- shifting and mirroring


@pytest.mark.parametrize("dx, dy", [(0, 0), (3, 0), (-2, 5), (7, -7), (27, 0), (0, -28)])
def test_shift_matches_keras_translation(dx, dy):
    img = np.arange(28 * 28, dtype="float32").reshape(28, 28)
    ours = training.augment(img, dx, dy).image
    # Keras: RandomTranslation with a fixed factor moves by exactly factor × size.
    layer = keras.layers.RandomTranslation(
        (dy / 28, dy / 28), (dx / 28, dx / 28), fill_mode="constant", interpolation="nearest"
    )
    theirs = keras.ops.convert_to_numpy(layer(img[None, :, :, None], training=True))[0, :, :, 0]
    np.testing.assert_allclose(ours, theirs)


def test_flip_matches_keras_and_keeps_ink():
    img = _item()
    result = training.augment(img, flip=True)
    np.testing.assert_array_equal(result.image, img[:, ::-1])
    layer = keras.layers.RandomFlip("horizontal", seed=0)
    flipped = keras.ops.convert_to_numpy(
        layer(np.stack([img] * 8)[..., None].astype("float32"), training=True)
    )[..., 0]
    assert any(np.allclose(f, img[:, ::-1]) for f in flipped)  # Keras flips some at random
    assert result.ink_kept == pytest.approx(1.0)
    assert result.changed > 0


def test_ink_kept_and_changed():
    img = _item()
    same = training.augment(img)
    assert same.ink_kept == 1.0 and same.changed == 0.0
    np.testing.assert_array_equal(same.image, img)
    assert training.augment(img, shift_x=20).ink_kept == 0.0
    half = training.augment(img, shift_x=14)  # columns 10..17 move to 24..31: 4 of 8 stay
    assert half.ink_kept == pytest.approx(img[:, 10:14].sum() / img.sum())
    assert training.augment(np.zeros((4, 4)), 1, 1).ink_kept == 1.0
    assert not training.augment(img, 0, -28).image.any()  # shifted up out of the frame


def test_mirror_comes_before_the_shift():
    img = _item()
    both = training.augment(img, shift_x=2, flip=True).image
    np.testing.assert_array_equal(both, training.augment(img[:, ::-1], 2, 0).image)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"image": np.zeros((2, 3, 3))}, "image=<array of shape"),
        ({"image": "cat"}, "image"),
        ({"image": np.zeros((3, 3)), "shift_x": 1.5}, "shift_x=1.5 is not allowed"),
        ({"image": np.zeros((3, 3)), "shift_y": True}, "shift_y=True is not allowed"),
        ({"image": np.zeros((3, 3)), "shift_x": 4}, "from -3 to 3"),
        ({"image": np.zeros((3, 3)), "flip": "yes"}, "flip='yes' is not allowed"),
        ({"image": np.full((3, 3), np.nan)}, "finite"),
    ],
)
def test_bad_input_names_the_argument(kwargs, words):
    with pytest.raises(ValueError, match=words):
        training.augment(**kwargs)


# ---------------------------------------------------------------- learning-rate schedules


def test_cosine_matches_keras():
    epochs, lr = 6, 2e-3
    keras_schedule = keras.optimizers.schedules.CosineDecay(lr, decay_steps=epochs, alpha=0.05)
    theirs = [float(keras_schedule(step)) for step in range(epochs)]
    np.testing.assert_allclose(training.lr_schedule("cosine", epochs, lr), theirs, rtol=1e-5)


def test_step_and_constant():
    np.testing.assert_allclose(training.lr_schedule("constant", 3, 0.1), [0.1] * 3)
    np.testing.assert_allclose(
        training.lr_schedule("step", 5, 1.0, drop_every=2, drop_factor=0.5),
        [1, 1, 0.5, 0.5, 0.25],
    )


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"kind": "linear", "epochs": 3}, "kind='linear' is not allowed"),
        ({"kind": "cosin", "epochs": 3}, "did you mean 'cosine'"),
        ({"kind": "step", "epochs": 0}, "epochs=0"),
        ({"kind": "step", "epochs": 3, "base_lr": -1.0}, "base_lr=-1.0"),
        ({"kind": "step", "epochs": 3, "base_lr": 0.0}, "base_lr=0.0"),
        ({"kind": "step", "epochs": 3, "drop_factor": 2.0}, "drop_factor=2.0 .* <= 1"),
        ({"kind": "cosine", "epochs": 3, "final_fraction": 1.5}, "final_fraction=1.5"),
    ],
)
def test_schedule_validation(kwargs, words):
    with pytest.raises(ValueError, match=words):
        training.lr_schedule(**kwargs)


# ---------------------------------------------------------------- batches for model.fit


def _epoch(dataset) -> tuple[list[int], np.ndarray, np.ndarray]:
    """One pass: the batch sizes, then every image and label in the order they came."""
    parts = [(x.numpy(), y.numpy()) for x, y in dataset]
    return (
        [len(x) for x, _ in parts],
        np.concatenate([x for x, _ in parts]),
        np.concatenate([y for _, y in parts]),
    )


def test_batches_without_shuffle_keep_the_order():
    x = np.arange(50, dtype="float32").reshape(50, 1, 1, 1)
    sizes, xs, ys = _epoch(training.batches(x, np.arange(50), batch_size=16, shuffle=False))
    assert sizes == [16, 16, 16, 2]  # as fit(x, y, batch_size=16): the last batch is smaller
    np.testing.assert_array_equal(xs, x)
    np.testing.assert_array_equal(ys, np.arange(50))
    assert xs.dtype == np.float32 and ys.dtype == np.int64  # the dtypes are kept


def test_batches_reshuffle_every_epoch_and_keep_pairs():
    x = np.arange(200, dtype="float32")[:, None] * 10  # image i holds 10 * i
    dataset = training.batches(x, np.arange(200), batch_size=32, seed=3)
    (sizes, xs1, ys1), (_, xs2, ys2) = _epoch(dataset), _epoch(dataset)
    assert sizes == [32] * 6 + [8]
    for xs, ys in [(xs1, ys1), (xs2, ys2)]:
        np.testing.assert_array_equal(np.sort(ys), np.arange(200))  # each image once
        np.testing.assert_array_equal(xs[:, 0], ys * 10)  # every image with its own label
    assert not np.array_equal(ys1, np.arange(200)) and not np.array_equal(ys1, ys2)
    again = _epoch(training.batches(x, np.arange(200), batch_size=32, seed=3))[2]
    np.testing.assert_array_equal(again, ys1)  # the same seed, the same order


def test_batches_follow_the_global_seed():
    x, y = np.zeros((100, 2), "float32"), np.arange(100)
    orders = []
    for _ in range(2):
        keras.utils.set_random_seed(7)
        orders.append(_epoch(training.batches(x, y, batch_size=10))[2])
    np.testing.assert_array_equal(*orders)


def test_batches_switch_autotuning_off_and_train_a_model():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4, 4, 1)).astype("float32")
    y = (x.mean(axis=(1, 2, 3)) > 0).astype("int64")
    dataset = training.batches(x, y, batch_size=16)
    assert dataset.options().autotune.enabled is False
    model = keras.Sequential(
        [keras.Input(shape=(4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(2, "softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    validation = training.batches(x, y, batch_size=32, shuffle=False)
    history = model.fit(dataset, epochs=2, shuffle=False, validation_data=validation, verbose=0)
    assert len(history.history["loss"]) == 2 and len(history.history["val_loss"]) == 2


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"x": "cat"}, "x=<str> is not allowed: x must be an array of real numbers"),
        ({"x": np.float32(1.0)}, "x=<array of shape \\(\\)> is not allowed: .*at least one"),
        ({"x": np.zeros((0, 2))}, "at least one sample"),
        ({"y": np.arange(3)}, "y=<array of shape \\(3,\\)> .*: x has 4 images but y has 3 labels"),
        ({"batch_size": 0}, "batch_size=0 is not allowed"),
        ({"batch_size": 2.5}, "batch_size=2.5 is not allowed"),
        ({"shuffle": "yes"}, "shuffle='yes' is not allowed"),
        ({"seed": -1}, "seed=-1 is not allowed"),
    ],
)
def test_batches_bad_input_names_the_argument(kwargs, words):
    args = {"x": np.zeros((4, 2)), "y": np.arange(4), **kwargs}
    with pytest.raises(ValueError, match=words):
        training.batches(**args)
