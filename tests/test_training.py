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
