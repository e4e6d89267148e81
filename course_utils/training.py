"""Training tools of lesson 10: data augmentation by hand, learning-rate schedules, batches.

``augment`` shifts and mirrors one image with NumPy (what ``keras.layers.RandomTranslation``
with ``fill_mode="constant"`` and ``RandomFlip("horizontal")`` do, with the amounts chosen
instead of drawn at random); ``lr_schedule`` gives the learning rate per epoch for the
schedules the lesson compares; ``batches`` feeds ``model.fit`` shuffled batches without
tf.data's autotuning. Importing this module imports no TensorFlow (``batches`` does).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate
from course_utils._runtime import import_keras

SCHEDULES = ("constant", "step", "cosine")


class Augmented(NamedTuple):
    """An augmented image and how much of the original's ink it kept."""

    image: np.ndarray  # same (height, width) as the input
    ink_kept: float  # fraction of the original's total brightness still inside the frame
    changed: float  # fraction of pixels whose value changed


def _shifts(img: np.ndarray, shift_x: object, shift_y: object) -> tuple[int, int]:
    """The shifts checked: whole numbers of pixels, at most the image's width/height."""
    h, w = img.shape
    return (
        _validate.int_range("shift_x", shift_x, -w, w, "pixels, at most the image's width"),
        _validate.int_range("shift_y", shift_y, -h, h, "pixels, at most the image's height"),
    )


def _shifted(img: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """The picture moved dx pixels right and dy down; zeros fill what comes in."""
    h, w = img.shape
    out = np.zeros_like(img)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    out[max(0, dy) : h + min(0, dy), max(0, dx) : w + min(0, dx)] = img[
        max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)
    ]
    return out


def augment(image: Any, shift_x: int = 0, shift_y: int = 0, flip: bool = False) -> Augmented:
    """Mirror left-right (if flip), then move shift_x pixels right and shift_y down (zeros
    fill what comes in); returns the image and what was lost."""
    img = _validate.image("image", image, colour=False)
    dx, dy = _shifts(img, shift_x, shift_y)
    out = _shifted(img[:, ::-1] if _validate.boolean("flip", flip) else img, dx, dy)
    total = float(np.abs(img).sum())
    ink_kept = float(np.abs(out).sum()) / total if total > 0 else 1.0
    changed = float(np.mean(~np.isclose(out, img)))
    return Augmented(out, ink_kept, changed)


def lr_schedule(
    kind: str,
    epochs: int,
    base_lr: float = 1e-3,
    final_fraction: float = 0.05,
    drop_every: int = 2,
    drop_factor: float = 0.5,
) -> np.ndarray:
    """The learning rate at the start of each epoch, for a constant, step or cosine schedule.

    cosine follows ``keras.optimizers.schedules.CosineDecay(base_lr, epochs, alpha=
    final_fraction)`` evaluated once per epoch; step multiplies by drop_factor every
    drop_every epochs. A schedule only lowers the rate: both fractions are at most 1.
    """
    kind = _validate.choice("kind", kind, SCHEDULES)
    n = _validate.positive_int("epochs", epochs)
    lr = _validate.real("base_lr", base_lr, 0, low_open=True)
    alpha = _validate.real("final_fraction", final_fraction, 0, 1)
    every = _validate.positive_int("drop_every", drop_every)
    factor = _validate.real("drop_factor", drop_factor, 0, 1, low_open=True)
    t = np.arange(n, dtype=float)
    if kind == "constant":
        return np.full(n, lr)
    if kind == "step":
        return lr * factor ** np.floor(t / every)
    cosine = 0.5 * (1 + np.cos(np.pi * t / n))
    return lr * ((1 - alpha) * cosine + alpha)


def batches(
    x: Any, y: Any, batch_size: int = 128, shuffle: bool = True, seed: int | None = None
) -> Any:
    """A ``tf.data.Dataset`` of (images, labels) batches to train with ``model.fit``.

    Batches like those of ``model.fit(x, y, batch_size=batch_size)``: batch_size images at a
    time, the last batch smaller if they do not divide evenly, in a new random order every
    epoch (in the given order if shuffle is False). Pass it as fit's only data argument, with
    ``shuffle=False`` (fit cannot reshuffle ready-made batches; Keras warns if asked):
    ``model.fit(batches(x, y), epochs=5, shuffle=False)``. A seed gives the same sequence of
    orders on every run; seed=None takes it from the global seed
    (``keras.utils.set_random_seed``). The pipeline holds its own copy of x and y.

    The main difference from fit's own batches: tf.data's autotuning is off. Fed NumPy arrays,
    ``fit`` builds a pipeline that tunes itself, and on a 2-core machine some of its epochs
    waited for seconds with only one core busy; through these batches none did
    (benchmarks/RESULTS.md).
    """
    images, labels = _validate.samples("x", x), _validate.samples("y", y)
    if len(labels) != len(images):
        raise _validate.fail(
            "y", labels, f"x has {len(images)} images but y has {len(labels)} labels"
        )
    size = _validate.positive_int("batch_size", batch_size)
    mix = _validate.boolean("shuffle", shuffle)
    if seed is not None:
        seed = _validate.non_negative_int("seed", seed)
    import_keras()  # TensorFlow, without its start-up log lines
    import tensorflow as tf

    order = tf.data.Dataset.range(len(images))  # the positions 0, 1, ..., shuffled, batched
    if mix:
        order = order.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    # The arrays go in once, as the pipeline's own data (a tensor held by Python here would
    # stay in memory as long as the trained model), and each batch gathers its rows from them.
    whole = tf.data.Dataset.from_tensors((images, labels)).repeat()
    dataset = tf.data.Dataset.zip((order.batch(size), whole)).map(
        lambda i, data: (tf.gather(data[0], i), tf.gather(data[1], i))
    )
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.prefetch(2).with_options(options)
