"""course_utils.widgets.capstone: shifts and flips, schedules against Keras, the explorer."""

from __future__ import annotations

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils.widgets import capstone


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _item() -> np.ndarray:
    img = np.zeros((28, 28))
    img[8:20, 10:18] = np.linspace(0.2, 1.0, 8)  # a block with a left-right gradient
    return img


# ---------------------------------------------------------------- shifting and mirroring


@pytest.mark.parametrize("dx, dy", [(0, 0), (3, 0), (-2, 5), (7, -7), (27, 0), (0, -28)])
def test_shift_matches_keras_translation(dx, dy):
    img = np.arange(28 * 28, dtype="float32").reshape(28, 28)
    ours = capstone.shift_image(img, dx, dy)
    # Keras: RandomTranslation with a fixed factor moves by exactly factor × size.
    layer = keras.layers.RandomTranslation(
        (dy / 28, dy / 28), (dx / 28, dx / 28), fill_mode="constant", interpolation="nearest"
    )
    theirs = keras.ops.convert_to_numpy(layer(img[None, :, :, None], training=True))[0, :, :, 0]
    np.testing.assert_allclose(ours, theirs)


def test_flip_matches_keras_and_keeps_ink():
    img = _item()
    result = capstone.augment(img, flip=True)
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
    same = capstone.augment(img)
    assert same.ink_kept == 1.0 and same.changed == 0.0
    np.testing.assert_array_equal(same.image, img)
    gone = capstone.augment(img, shift_x=20)
    assert gone.ink_kept == 0.0
    half = capstone.augment(img, shift_x=14)  # columns 10..17 move to 24..31: 4 of 8 stay
    assert half.ink_kept == pytest.approx(img[:, 10:14].sum() / img.sum())
    assert capstone.augment(np.zeros((4, 4)), 1, 1).ink_kept == 1.0
    assert not capstone.shift_image(img, 0, -30).any()  # shifted right out of the frame


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"image": np.zeros((2, 3, 3))}, "image"),
        ({"image": "cat"}, "image"),
        ({"image": np.zeros((3, 3)), "shift_x": 1.5}, "shift_x"),
        ({"image": np.zeros((3, 3)), "shift_y": True}, "shift_y"),
        ({"image": np.zeros((3, 3)), "flip": "yes"}, "flip"),
        ({"image": np.full((3, 3), np.nan)}, "finite"),
    ],
)
def test_bad_input_names_the_argument(kwargs, words):
    with pytest.raises(ValueError, match=words):
        capstone.augment(**kwargs)


# ---------------------------------------------------------------- learning-rate schedules


def test_cosine_matches_keras():
    epochs, lr = 6, 2e-3
    keras_schedule = keras.optimizers.schedules.CosineDecay(lr, decay_steps=epochs, alpha=0.05)
    theirs = [float(keras_schedule(step)) for step in range(epochs)]
    np.testing.assert_allclose(capstone.lr_schedule("cosine", epochs, lr), theirs, rtol=1e-5)


def test_step_and_constant():
    np.testing.assert_allclose(capstone.lr_schedule("constant", 3, 0.1), [0.1] * 3)
    np.testing.assert_allclose(
        capstone.lr_schedule("step", 5, 1.0, drop_every=2, drop_factor=0.5),
        [1, 1, 0.5, 0.5, 0.25],
    )


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"kind": "linear", "epochs": 3}, "kind"),
        ({"kind": "step", "epochs": 0}, "epochs"),
        ({"kind": "step", "epochs": 3, "base_lr": -1.0}, "base_lr"),
        ({"kind": "step", "epochs": 3, "drop_factor": 2.0}, "at most 1"),
    ],
)
def test_schedule_validation(kwargs, words):
    with pytest.raises(ValueError, match=words):
        capstone.lr_schedule(**kwargs)


# ---------------------------------------------------------------- pictures and the explorer


def test_plots_return_what_they_drew():
    ax = capstone.plot_lr_schedules(epochs=6)
    assert len(ax.lines) == 3
    fig = capstone.plot_augmented(_item(), 2, -1, flip=True, label="Bag")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "mirrored" in fig.axes[1].get_title()


def test_caption_says_when_too_much_is_lost():
    assert "fair extra" in capstone.caption_html(_item(), 1, 1, False, "Bag")
    assert "too strong" in capstone.caption_html(_item(), 14, 0, False, "Bag")


def test_explorer_updates_fast_enough():
    import time

    images = np.stack([_item(), _item()[::-1]])
    explorer = capstone.augmentation_explorer(images, ["Bag", "Shirt"])
    first = explorer.image.value
    start = time.perf_counter()
    explorer.set(shift_x=3, flip=True, index=1)
    per_update = (time.perf_counter() - start) / 3
    assert explorer.image.value != first
    assert "Shirt" in explorer.caption.value
    assert per_update < 0.5  # the goal is < 100 ms; generous for a loaded CI machine


def test_explorer_validation():
    with pytest.raises(ValueError, match="images"):
        capstone.augmentation_explorer(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="labels"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), ["Bag"])
    with pytest.raises(ValueError, match="index"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), index=2)


def test_explorer_can_start_shifted_and_mirrored():
    """The static picture (no widget front end) shows the start state: make it instructive."""
    explorer = capstone.augmentation_explorer(
        np.stack([_item(), _item()]), ["Bag", "Shirt"], index=1, shift_x=3, shift_y=-2, flip=True
    )
    assert explorer.controls["shift_x"].value == 3 and explorer.controls["flip"].value is True
    assert "mirrored" in explorer.caption.value or "Shirt" in explorer.caption.value
    with pytest.raises(ValueError, match="shift_x"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), shift_x=capstone.MAX_SHIFT + 1)
    with pytest.raises(ValueError, match="flip"):
        capstone.augmentation_explorer(np.zeros((2, 28, 28)), flip="yes")


def test_schedule_plot_uses_the_given_alpha():
    ax = capstone.plot_lr_schedules(epochs=4, base_lr=1.0, final_fraction=0.5)
    cosine = ax.lines[2].get_ydata()
    np.testing.assert_allclose(cosine, capstone.lr_schedule("cosine", 4, 1.0, final_fraction=0.5))


def test_dropout_plot_shares_one_scale_up_to_the_scaled_survivors():
    img = _item()
    dropped = np.where(np.arange(img.size).reshape(img.shape) % 2 == 0, img / 0.5, 0.0)
    fig = capstone.plot_dropout(img, dropped, 0.5)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 2
    assert all(im.get_clim() == (0.0, pytest.approx(dropped.max())) for im in images)
    assert len(fig.axes) == 3  # two panels and their shared colour bar
    with pytest.raises(ValueError, match="dropped"):
        capstone.plot_dropout(img, dropped[:3], 0.5)
    with pytest.raises(ValueError, match="rate"):
        capstone.plot_dropout(img, dropped, 1.0)
