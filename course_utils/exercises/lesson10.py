"""Exercises for lesson 10 · Capstone: Fashion-MNIST.

In the notebook: ``from course_utils.exercises import lesson10 as ex``; each exercise has
its own answer name (``flatten_size = None``), checked by ``ex.q1.check()``; then
``ex.q1.hint()``, ``ex.q1.solution()``.

Exercise 3's answer is a compiled Keras model (``my_model``); Exercise 4's is that model
after training (``trained_model``). Exercise 4's check measures accuracy on the validation
set (the last ``N_VALIDATION`` training images, which the notebook never trains on), never
on the test set: the notebook measures the test set once, at the end.

The reference solution (``REFERENCE_MODEL_CODE`` and ``REFERENCE_TRAIN_CODE``, shown by
``ex.q3.solution()`` and ``ex.q4.solution()``) is the one definition of the model and its
training settings, fixed in advance (``REFERENCE_EPOCHS``, ``REFERENCE_BATCH_SIZE``) and
chosen on the validation set. The tests run that code; the notebook's fallback and
``benchmarks/training.py`` build the same model with ``build_reference_model`` and train it
on the same batches, without watching the validation set.

Exercise 4's bar, ``target(train_size)``: ``TARGET`` validation accuracy when the model
trains on all training images; a run on fewer than ``FULL_TRAIN_SIZE`` of them (the
notebook's ``x_train``, which its ``course_utils.settings(train_size=...)`` call sizes) is
held to ``FEW_IMAGES_TARGET``, and the check says which bar it applied. The notebook
prints the bar before the exercise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_utils._runtime import settings
from course_utils.exercises import Exercise, Mistake

N_VALIDATION = 5_000  # the last training images, kept aside to compare designs
TARGET = 0.90  # Exercise 4: validation accuracy to reach, training on all the images
FEW_IMAGES_TARGET = 0.85  # ... when the settings train on fewer than FULL_TRAIN_SIZE images
FULL_TRAIN_SIZE = 50_000
REFERENCE_EPOCHS = 5  # the reference's epochs: its cosine schedule ends after them
REFERENCE_BATCH_SIZE = 128


def target(train_size: int | None = None) -> float:
    """The validation accuracy Exercise 4 asks for after training on `train_size` images.

    None means all the training images (everything but the validation set).
    """
    if train_size is None or train_size >= FULL_TRAIN_SIZE:
        return TARGET
    return FEW_IMAGES_TARGET


def _current_target() -> tuple[float, int | None]:
    """(the bar, training images) for the run being checked.

    The training images are the notebook's `x_train` when the check was called from the
    notebook; otherwise this session's `train_size` setting (what the notebook's
    settings call returns too).
    """
    x_train = _checked_from.get("x_train")
    try:
        train_size = len(x_train) if x_train is not None else settings(train_size=None)
    except TypeError:
        train_size = settings(train_size=None)
    return target(train_size), train_size


_checked_from: dict[str, Any] = {}  # the namespace the last Exercise 4 check was called from


class _TrainingExercise(Exercise):
    """An Exercise that also notes the namespace it is checked from (for `x_train`)."""

    def _answer(self, args: tuple[Any, ...], namespace: dict[str, Any]) -> Any:
        _checked_from.clear()
        _checked_from.update(x_train=namespace.get("x_train"))
        return super()._answer(args, namespace)


# What the notebook has defined before Exercises 3 and 4 (its settings and data cells).
REFERENCE_MODEL_CODE = f"""\
layers = keras.layers
my_model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, use_bias=False),  # 28 -> 26; BatchNormalization supplies the bias
        layers.MaxPooling2D(2),  # 26 -> 13; pooling first: BN and ReLU see 4 times fewer numbers
        layers.BatchNormalization(momentum=0.9),
        layers.Activation("relu"),
        layers.Conv2D(32, 3, use_bias=False),  # 13 -> 11
        layers.MaxPooling2D(2),  # 11 -> 5
        layers.BatchNormalization(momentum=0.9),
        layers.Activation("relu"),
        layers.Flatten(),
        layers.Dense(64, use_bias=False),
        layers.BatchNormalization(momentum=0.9),
        layers.Activation("relu"),
        layers.Dropout(0.3),  # after the last BatchNormalization, not before it
        layers.Dense(10, activation="softmax"),  # 10 probabilities that add up to 1
    ],
    name="my_cnn",
)
# Cosine schedule over the whole run: big steps first, small ones to settle at the end.
batches_per_epoch = int(np.ceil(len(x_train) / {REFERENCE_BATCH_SIZE}))
schedule = keras.optimizers.schedules.CosineDecay(
    3e-3, decay_steps=EPOCHS * batches_per_epoch, alpha=0.05
)
my_model.compile(
    optimizer=keras.optimizers.Adam(schedule),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
"""

_REFERENCE_BATCHES = f"training.batches(x_train, y_train, batch_size={REFERENCE_BATCH_SIZE})"
REFERENCE_TRAIN_CODE = f"""\
history = my_model.fit(
    {_REFERENCE_BATCHES},  # a new order every epoch
    epochs=EPOCHS,
    shuffle=False,  # the shuffling is done by training.batches, every epoch
    validation_data=(x_val, y_val),  # watched after every epoch, never trained on
    verbose=2,
)
fig = plotting.plot_history(history)  # training and validation curves, side by side
trained_model = my_model
"""


def build_reference_model(x_train: Any, epochs: int = REFERENCE_EPOCHS, keras: Any = None) -> Any:
    """The compiled model of Exercise 3's solution, its schedule sized for `epochs` on `x_train`.

    Runs REFERENCE_MODEL_CODE (what ``ex.q3.solution()`` shows) as it stands.
    """
    ns = {"keras": keras or _keras(), "np": np, "EPOCHS": epochs, "x_train": x_train}
    exec(REFERENCE_MODEL_CODE, ns)  # noqa: S102 - our own solution text
    return ns["my_model"]


# ---------------------------------------------------------------- 1: predict the Flatten size

q1 = Exercise(
    name="Exercise 1",
    answer_name="flatten_size",
    expected=5 * 5 * 64,
    solution_code=(
        "# 28 → conv 3×3 → 26 → pool → 13 → conv 3×3 → 11 → pool → 5 (⌊11/2⌋), 64 channels\n"
        "flatten_size = 5 * 5 * 64"
    ),
    hints=[
        "Follow the height (and width) layer by layer: a 'valid' 3×3 convolution takes 2 "
        "away, a 2×2 max-pooling halves and rounds down (lessons 03 and 05).",
        "28 → 26 → 13 → 11 → 5. Flatten then lines up height × width × channels numbers.",
        "5 × 5 × 64: the last convolution has 64 filters, so 64 channels.",
    ],
    mistakes=[
        Mistake(
            "7 × 7 × 64 is what you get with padding='same' (28 → 14 → 7). The baseline "
            "uses 'valid': each 3×3 convolution takes 2 pixels away first.",
            value=7 * 7 * 64,
        ),
        Mistake(
            "6 × 6 × 64: you rounded 11 / 2 = 5.5 up. Max-pooling with the default "
            "padding='valid' drops the last odd row and column, so ⌊11/2⌋ = 5.",
            value=6 * 6 * 64,
        ),
        Mistake(
            "11 × 11 × 64 is the size before the second pooling layer. Flatten comes after "
            "it: halve once more (rounding down).",
            value=11 * 11 * 64,
        ),
        Mistake(
            "5 × 5 = 25 is one feature map. Flatten passes on every channel: multiply by the "
            "64 filters of the last convolution.",
            value=25,
        ),
        Mistake(
            "5 × 5 × 32: the last convolution has 64 filters, so there are 64 channels, not 32.",
            value=5 * 5 * 32,
        ),
    ],
    kind="a whole number (how many numbers Flatten outputs)",
)


# ---------------------------------------------------------------- 2: which tool first?

_AGAINST_OVERFITTING = {"dropout", "augmentation", "data augmentation"}


def _tool_problem(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return (
            "Answer with one of the four names as text, in quotes: 'batch normalisation', "
            "'dropout', 'augmentation' or 'schedule'."
        )
    if answer.strip().lower() in _AGAINST_OVERFITTING:
        return None
    return (
        f"{answer!r} is not one of the four tools: 'batch normalisation', 'dropout', "
        "'augmentation' or 'schedule'."
    )


q2 = Exercise(
    name="Exercise 2",
    answer_name="first_tool",
    expected=None,
    solution_code=(
        'first_tool = "dropout"  # or "augmentation": both fight overfitting, the 10-point gap'
    ),
    hints=[
        "What does a 99% training accuracy next to an 89% validation accuracy mean? Lesson "
        "07 named it.",
        "The model learns the training pictures by heart (overfitting). Which two tools make "
        "memorising harder?",
    ],
    mistakes=[
        Mistake(
            "Batch normalisation makes training faster and steadier, but the problem here is "
            "the 10-point gap between training and validation: overfitting. Which tool makes "
            "memorising the training pictures harder?",
            when=lambda a: (
                isinstance(a, str)
                and a.strip().lower()
                in {"batch normalisation", "batch normalization", "batchnormalization", "bn"}
            ),
            example="batch normalisation",
        ),
        Mistake(
            "A learning-rate schedule helps the last epochs settle, but the training accuracy "
            "is already 99%: training works. The gap to validation is overfitting, which a "
            "schedule does not target.",
            when=lambda a: (
                isinstance(a, str)
                and a.strip().lower() in {"schedule", "learning-rate schedule", "cosine"}
            ),
            example="schedule",
        ),
    ],
    kind="one of the four names, as text",
    test=_tool_problem,
    praise=(
        "Yes: a 10-point gap between training and validation accuracy is overfitting, and "
        "dropout and augmentation both make memorising the training pictures harder."
    ),
)


# ---------------------------------------------------------------- 3: design a model


def _keras() -> Any:
    from course_utils._runtime import import_keras

    return import_keras()


def _is_model(answer: Any) -> bool:
    return isinstance(answer, _keras().Model)


def _last_activation(model: Any) -> str:
    last = model.layers[-1]
    if type(last).__name__ == "Softmax":
        return "softmax"
    activation = getattr(last, "activation", None)
    name = getattr(activation, "__name__", "")
    if type(last).__name__ == "Activation":
        name = getattr(last.activation, "__name__", name)
    return name


def _output_shape(model: Any) -> tuple:
    return tuple(model.outputs[0].shape)


def _input_shape(model: Any) -> tuple:
    return tuple(model.inputs[0].shape)


def _is_compiled(model: Any) -> bool:
    return bool(getattr(model, "compiled", False)) and getattr(model, "optimizer", None) is not None


def _model_problem(answer: Any) -> str | None:
    """A message when `answer` is not a compiled 28×28×1 → 10-softmax Keras model."""
    keras = _keras()
    if not isinstance(answer, keras.Model):
        return (
            f"Expected a Keras model (keras.Sequential([...]) or keras.Model), got "
            f"{type(answer).__name__}."
        )
    if not answer.inputs:
        return "Your model has no input yet: start it with keras.Input(shape=(28, 28, 1))."
    if _input_shape(answer)[1:] != (28, 28, 1):
        return (
            f"Your model takes inputs of shape {_input_shape(answer)[1:]}; the images are "
            "(28, 28, 1): start with keras.Input(shape=(28, 28, 1))."
        )
    if _output_shape(answer)[1:] != (10,):
        return (
            f"Your model outputs shape {_output_shape(answer)[1:]}; it must give 10 numbers "
            "per image, one per class: end with Dense(10, activation='softmax')."
        )
    if _last_activation(answer) != "softmax":
        return "The last layer must use softmax, so the 10 outputs are probabilities."
    if not _is_compiled(answer):
        return (
            "Your model is not compiled yet: call my_model.compile(optimizer=..., "
            "loss='sparse_categorical_crossentropy', metrics=['accuracy'])."
        )
    probs = np.asarray(answer(np.zeros((2, 28, 28, 1), dtype="float32"), training=False))
    if probs.shape != (2, 10) or not np.allclose(probs.sum(axis=1), 1, atol=1e-4):
        return "Your model's 10 outputs do not add up to 1 for each image: check the last layer."
    return None


def _all_layers(model: Any) -> list[Any]:
    """Every layer of `model`, also those inside nested models."""
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        if hasattr(layer, "layers"):
            found += _all_layers(layer)
    return found


def _has_layer(model: Any, kind: str) -> bool:
    return any(type(layer).__name__ == kind for layer in _all_layers(model))


def _has_schedule(model: Any) -> bool:
    """True when the optimizer's learning rate is a schedule (changes with the step)."""
    keras = _keras()
    rate = getattr(getattr(model, "optimizer", None), "_learning_rate", None)
    return isinstance(rate, keras.optimizers.schedules.LearningRateSchedule) or callable(rate)


def _design_problem(answer: Any) -> str | None:
    """Exercise 3: a valid model that has the three things the exercise asks for."""
    problem = _model_problem(answer)
    if problem:
        return problem
    missing = []
    if not _has_layer(answer, "BatchNormalization"):
        missing.append("a BatchNormalization layer (between a Conv2D and its ReLU)")
    if not _has_layer(answer, "Dropout"):
        missing.append("a Dropout layer (after the last BatchNormalization)")
    if not _has_schedule(answer):
        missing.append(
            "a learning-rate schedule in the optimizer, e.g. keras.optimizers.Adam("
            "keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=...))"
        )
    if missing:
        return "A valid model, but it still lacks " + "; ".join(missing) + "."
    return None


@dataclass(frozen=True)
class _BuiltMistake(Mistake):
    """A mistake whose example answer is built on demand (a Keras model), not at import."""

    build: Callable[[], Any] | None = None

    def sample(self) -> Any:
        """A wrong answer built fresh (so importing this module needs no TensorFlow)."""
        return self.build() if self.build is not None else self.example


def _small_model(
    last_activation: str | None = "softmax",
    units: int = 10,
    compiled: bool = True,
    input_shape: tuple = (28, 28, 1),
    bn: bool = True,
    dropout: bool = True,
    schedule: bool = True,
) -> Any:
    """A tiny model with or without each of the things Exercise 3 asks for."""
    keras = _keras()
    layers = [keras.Input(shape=input_shape), keras.layers.Flatten()]
    if bn:
        layers.append(keras.layers.BatchNormalization())
    if dropout:
        layers.append(keras.layers.Dropout(0.5))
    layers.append(keras.layers.Dense(units, activation=last_activation))
    model = keras.Sequential(layers)
    if compiled:
        rate = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=100) if schedule else 1e-3
        model.compile(optimizer=keras.optimizers.Adam(rate), loss="sparse_categorical_crossentropy")
    return model


def _last_is(name: str) -> Callable[[Any], bool]:
    return lambda a: _is_model(a) and bool(a.outputs) and _last_activation(a) == name


_MODEL_MISTAKES = [
    _BuiltMistake(
        "The last layer uses ReLU. ReLU outputs are not probabilities (they need not add "
        "up to 1, and they can all be 0, which stops learning): use "
        "Dense(10, activation='softmax').",
        when=_last_is("relu"),
        build=lambda: _small_model("relu"),
    ),
    _BuiltMistake(
        "The last layer has no activation, so it gives raw scores (logits), not "
        "probabilities. Use Dense(10, activation='softmax') (or keep the logits and "
        "compile with from_logits=True, but this lesson's checks want probabilities).",
        when=_last_is("linear"),
        build=lambda: _small_model(None),
    ),
    _BuiltMistake(
        "Your model is built but not compiled: call my_model.compile(optimizer=..., "
        "loss='sparse_categorical_crossentropy', metrics=['accuracy']) after building it.",
        when=lambda a: _is_model(a) and bool(a.inputs) and not _is_compiled(a),
        build=lambda: _small_model(compiled=False),
    ),
    _BuiltMistake(
        "Your input has no channel axis: the images are (28, 28, 1) after the "
        "preparation cell, so use keras.Input(shape=(28, 28, 1)).",
        when=lambda a: _is_model(a) and bool(a.inputs) and _input_shape(a)[1:] == (28, 28),
        build=lambda: _small_model(input_shape=(28, 28)),
    ),
    Mistake(
        "That is a function, not a model: call it (my_model = build_model()) so the "
        "answer is the model it builds.",
        when=lambda a: callable(a) and not _is_model(a) and not isinstance(a, type),
        example=_small_model,  # a function that builds a model
    ),
]

q3 = Exercise(
    name="Exercise 3",
    answer_name="my_model",
    expected=None,
    solution_code=REFERENCE_MODEL_CODE,
    hints=[
        "Start from the baseline: keras.Sequential([keras.Input(shape=(28, 28, 1)), ...]). "
        "Keep the last layer Dense(10, activation='softmax') and compile with "
        "loss='sparse_categorical_crossentropy' (the labels are whole numbers 0–9).",
        "Put BatchNormalization between each Conv2D and its ReLU: Conv2D(..., "
        "use_bias=False), then BatchNormalization(momentum=0.9), then Activation('relu'). "
        "momentum=0.9 lets the running averages used for predictions keep up in a short run "
        "(the default 0.99 lags behind).",
        "Add a small Dense layer (with BatchNormalization and ReLU) before the output, and "
        "Dropout just before the last layer against overfitting: after the last "
        "BatchNormalization, because dropout before it changes the statistics BN learns.",
        "Adam with a CosineDecay learning-rate schedule (start at 3e-3, decay over EPOCHS × "
        "batches per epoch) lets the last epoch settle. Keep it small: every extra filter "
        "costs time in every epoch, and a 2×2 max-pooling right after a convolution leaves "
        "its BatchNormalization and ReLU a quarter of the numbers to work on.",
    ],
    mistakes=[
        *_MODEL_MISTAKES,
        _BuiltMistake(
            "A valid model, but it still lacks a BatchNormalization layer (between a Conv2D "
            "and its ReLU).",
            when=lambda a: (
                _is_model(a)
                and _model_problem(a) is None
                and not _has_layer(a, "BatchNormalization")
            ),
            build=lambda: _small_model(bn=False),
        ),
    ],
    kind="a compiled Keras model",
    test=_design_problem,
    praise=(
        "A valid design with batch normalisation, dropout and a learning-rate schedule: "
        "28×28×1 in, 10 softmax probabilities out, compiled. Now train it in Exercise 4."
    ),
)


# ---------------------------------------------------------------- 4: train it, reach the target


@functools.lru_cache(maxsize=1)
def _validation_set() -> tuple[np.ndarray, np.ndarray]:
    """The last N_VALIDATION training images (as the notebook's x_val, y_val)."""
    from course_utils import data

    (x_all, y_all), _ = data.load_fashion_mnist(verbose=False)
    x_val = (x_all[-N_VALIDATION:] / 255.0).astype("float32")[..., np.newaxis]
    return x_val, y_all[-N_VALIDATION:].astype("int64")


@functools.lru_cache(maxsize=1)
def _test_set() -> tuple[np.ndarray, np.ndarray]:
    from course_utils import data

    _, (x_test, y_test) = data.load_fashion_mnist(verbose=False)
    return (x_test / 255.0).astype("float32")[..., np.newaxis], y_test.astype("int64")


def _accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    probs = model.predict(x, batch_size=1000, verbose=0)
    return float(np.mean(np.argmax(probs, axis=1) == y))


def validation_accuracy(model: Any) -> float:
    """Accuracy of `model` on the validation set: the last 5,000 training images."""
    return _accuracy(model, *_validation_set())


def test_accuracy(model: Any) -> float:
    """Accuracy of `model` on all 10,000 Fashion-MNIST test images (use once, at the end)."""
    return _accuracy(model, *_test_set())


def _trained_problem(answer: Any) -> str | None:
    problem = _model_problem(answer)
    if problem:
        return problem
    accuracy = validation_accuracy(answer)
    bar, train_size = _current_target()
    if accuracy >= bar:
        return None
    if accuracy < 0.2:
        return (
            f"Validation accuracy {accuracy:.1%}: about a random guess (10%). Did you call "
            "my_model.fit(...) on x_train (scaled to 0 … 1), and hand in my_model?"
        )
    which = (
        "training on all the training images"
        if train_size is None
        else f"training on {train_size:,} images"
    )
    return (
        f"Validation accuracy {accuracy:.1%}: not yet the {bar:.0%} this exercise asks for "
        f"({which}). Compare your training and validation curves, change your design in "
        "Exercise 3 (ex.q3.hint() and ex.q4.hint()) and train again: the validation set is "
        "there for exactly this."
    )


def _is_history(answer: Any) -> bool:
    return isinstance(answer, _keras().callbacks.History)


q4 = _TrainingExercise(
    name="Exercise 4",
    answer_name="trained_model",
    expected=None,
    solution_code=REFERENCE_TRAIN_CODE,
    hints=[
        "Train it as the baseline was trained (copy its fit call): history = my_model.fit("
        f"{_REFERENCE_BATCHES}, "
        "epochs=EPOCHS, shuffle=False, validation_data=(x_val, y_val), verbose=2); then "
        "trained_model = my_model. plotting.plot_history(history) draws the curves.",
        "Validation accuracy still rising at the last epoch? Train longer (and size the "
        "schedule for the new number of epochs). Training accuracy far above validation "
        "accuracy? More dropout, or augmentation (keras.layers.RandomTranslation(0.1, 0.1) "
        "as the first layer after the Input).",
        "Run ex.q3.solution() to see the reference design, and compare it with yours "
        "layer by layer.",
    ],
    mistakes=[
        _BuiltMistake(
            "model.fit(...) returns a History (the curves), not the model. Train with "
            "my_model.fit(...), then hand in the model itself: trained_model = my_model.",
            when=_is_history,
            build=lambda: _keras().callbacks.History(),
        ),
        Mistake(
            "That is a number. Hand in the trained model itself (trained_model = my_model): "
            "the check measures it on the validation set, so nobody has to trust a number.",
            when=lambda a: isinstance(a, (float, np.floating)) and 0 <= float(a) <= 100,
            example=0.91,
        ),
    ],
    kind="a trained Keras model",
    test=_trained_problem,
    praise=(
        "Your model reaches the target on the 5,000 validation images. The test set comes "
        "once, at the end of the lesson."
    ),
)
