"""Lesson 10 (capstone): data augmentation by hand, learning-rate schedules, and an explorer.

``augment`` shifts and mirrors one image with NumPy (what ``keras.layers.RandomTranslation``
with ``fill_mode="constant"`` and ``RandomFlip("horizontal")`` do, with the amounts chosen
instead of drawn at random); ``lr_schedule`` gives the learning rate per epoch for the
schedules the lesson compares; ``augmentation_explorer`` shows an augmented Fashion-MNIST
item next to the original. Importing this module imports no TensorFlow and no pyplot.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO
from course_utils.widgets._base import pyplot

SCHEDULES = ("constant", "step", "cosine")
MAX_SHIFT = 8  # the explorer's sliders go from -MAX_SHIFT to MAX_SHIFT pixels


class Augmented(NamedTuple):
    """An augmented image and how much of the original's ink it kept."""

    image: np.ndarray  # same shape as the input
    ink_kept: float  # fraction of the original's total brightness still inside the frame
    changed: float  # fraction of pixels whose value changed


def _image(name: str, value: object) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r} is not allowed: {name} must be a 2-D array of numbers "
            f"(height, width)"
        ) from None
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(
            f"{name} with shape {arr.shape} is not allowed: {name} must be one 2-D "
            f"grayscale image (height, width)"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} is not allowed: {name} must hold only finite numbers")
    return arr


def _shift(name: str, value: object) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(
            f"{name}={value!r} is not allowed: {name} must be a whole number of pixels"
        )
    return int(value)


def shift_image(image: Any, shift_x: int = 0, shift_y: int = 0) -> np.ndarray:
    """Move the picture shift_x pixels right and shift_y down; zeros fill what comes in."""
    img = _image("image", image)
    dx, dy = _shift("shift_x", shift_x), _shift("shift_y", shift_y)
    h, w = img.shape
    out = np.zeros_like(img)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    src_rows = slice(max(0, -dy), h - max(0, dy))
    dst_rows = slice(max(0, dy), h - max(0, -dy))
    src_cols = slice(max(0, -dx), w - max(0, dx))
    dst_cols = slice(max(0, dx), w - max(0, -dx))
    out[dst_rows, dst_cols] = img[src_rows, src_cols]
    return out


def augment(image: Any, shift_x: int = 0, shift_y: int = 0, flip: bool = False) -> Augmented:
    """Mirror left-right (if flip), then shift; returns the image and what was lost."""
    img = _image("image", image)
    if not isinstance(flip, (bool, np.bool_)):
        raise ValueError(f"flip={flip!r} is not allowed: flip must be True or False")
    out = img[:, ::-1] if flip else img
    out = shift_image(out, shift_x, shift_y)
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
    drop_every epochs.
    """
    if kind not in SCHEDULES:
        raise ValueError(f"kind={kind!r} is not allowed: kind must be one of {SCHEDULES}")
    n = _validate.positive_int("epochs", epochs)
    lr = _positive("base_lr", base_lr)
    every = _validate.positive_int("drop_every", drop_every)
    factor = _positive("drop_factor", drop_factor)
    alpha = _positive("final_fraction", final_fraction, allow_zero=True)
    if alpha > 1 or factor > 1:
        raise ValueError(
            f"final_fraction={final_fraction!r}, drop_factor={drop_factor!r} are not allowed: "
            "both must be at most 1 (a schedule only lowers the learning rate)"
        )
    t = np.arange(n, dtype=float)
    if kind == "constant":
        return np.full(n, lr)
    if kind == "step":
        return lr * factor ** np.floor(t / every)
    cosine = 0.5 * (1 + np.cos(np.pi * t / n))
    return lr * ((1 - alpha) * cosine + alpha)


def _positive(name: str, value: object, allow_zero: bool = False) -> float:
    ok = (
        isinstance(value, numbers.Real)
        and not isinstance(value, (bool, np.bool_))
        and math.isfinite(float(value))
        and (float(value) >= 0 if allow_zero else float(value) > 0)
    )
    if not ok:
        rule = "a number >= 0" if allow_zero else "a number > 0"
        raise ValueError(f"{name}={value!r} is not allowed: {name} must be {rule}")
    return float(value)


# ---------------------------------------------------------------- pictures


def plot_lr_schedules(
    epochs: int = 10,
    base_lr: float = 1e-3,
    kinds: Sequence[str] = SCHEDULES,
    ax: Any = None,
    final_fraction: float = 0.05,
) -> Any:
    """Learning rate per epoch for each schedule in kinds; returns the Axes.

    final_fraction is the cosine schedule's alpha (see `lr_schedule`).
    """
    if isinstance(kinds, str) or not all(k in SCHEDULES for k in kinds):
        raise ValueError(
            f"kinds={kinds!r} is not allowed: kinds must be a list of names from {SCHEDULES}"
        )
    if ax is None:
        _, ax = pyplot().subplots(figsize=(5.5, 2.8))
    styles = {"constant": ("-", "o"), "step": ("--", "s"), "cosine": ("-.", "^")}
    x = np.arange(1, _validate.positive_int("epochs", epochs) + 1)
    for i, kind in enumerate(kinds):
        line, marker = styles[kind]
        ax.plot(
            x,
            lr_schedule(kind, epochs, base_lr, final_fraction=final_fraction),
            line,
            marker=marker,
            color=OKABE_ITO[i % len(OKABE_ITO)],
            label=kind,
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_xticks(x)
    ax.set_ylim(0, base_lr * 1.1)
    ax.legend(frameon=False)
    ax.set_title("Learning-rate schedules: big steps first, small steps at the end")
    return ax


def plot_channel_stats(before: Any, after: Any, fig: Any = None) -> Any:
    """Mean and spread of each channel (last axis), before and after; returns the Figure."""
    arrays = []
    for name, value in (("before", before), ("after", after)):
        arr = np.asarray(value, dtype=float)
        if arr.ndim < 2:
            raise ValueError(
                f"{name} with shape {arr.shape} is not allowed: {name} must have a channel "
                "axis last, e.g. (batch, height, width, channels)"
            )
        arrays.append(arr.reshape(-1, arr.shape[-1]))
    if arrays[0].shape[1] != arrays[1].shape[1]:
        raise ValueError(
            f"before has {arrays[0].shape[1]} channels and after has {arrays[1].shape[1]}: "
            "they must have the same number"
        )
    if fig is None:
        fig = pyplot().figure(figsize=(7.0, 2.6))
    axes = fig.subplots(1, 2)
    channels = np.arange(arrays[0].shape[1])
    width = 0.4
    for ax, stat, title in zip(
        axes, (np.mean, np.std), ("mean", "standard deviation"), strict=True
    ):
        for i, (arr, label) in enumerate(zip(arrays, ("before", "after"), strict=True)):
            ax.bar(
                channels + (i - 0.5) * width,
                stat(arr, axis=0),
                width,
                label=label,
                color=OKABE_ITO[i],
            )
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(channels)
        ax.set_xlabel("channel")
        ax.set_title(f"{title} per channel", fontsize=10)
    axes[0].legend(frameon=False)
    return fig


def plot_dropout(image: Any, dropped: Any, rate: float, fig: Any = None) -> Any:
    """An image before and after dropout on one grey scale with a colour bar; returns the Figure.

    The scale runs from 0 to the largest value after dropout (1/(1 - rate) for an image in
    0 … 1), so the surviving pixels show brighter than in the input, as they are.
    """
    before, after = _image("image", image), _image("dropped", dropped)
    if before.shape != after.shape:
        raise ValueError(
            f"dropped with shape {after.shape} is not allowed: it must have the image's "
            f"shape {before.shape}"
        )
    r = _positive("rate", rate)
    if r >= 1:
        raise ValueError(f"rate={rate!r} is not allowed: rate must be below 1")
    if fig is None:
        fig = pyplot().figure(figsize=(5.0, 2.6))
    axes = fig.subplots(1, 2)
    vmax = max(float(before.max()), float(after.max()), 1e-12)
    for ax, im, title in zip(
        axes, (before, after), ("input", f"after Dropout({r:g})"), strict=True
    ):
        shown = ax.imshow(im, cmap=IMAGE_CMAP, vmin=0, vmax=vmax, interpolation="nearest")
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(shown, ax=list(axes), shrink=0.8, aspect=30, pad=0.03)
    return fig


def plot_augmented(
    image: Any,
    shift_x: int = 0,
    shift_y: int = 0,
    flip: bool = False,
    label: str = "",
    fig: Any = None,
) -> Any:
    """The original and the augmented image side by side, with what was kept; returns the Figure."""
    result = augment(image, shift_x, shift_y, flip)
    img = _image("image", image)
    if fig is None:
        fig = pyplot().figure(figsize=(5.0, 2.7))
    axes = fig.subplots(1, 2)
    vmax = max(float(img.max()), 1e-12)
    what = []
    if flip:
        what.append("mirrored")
    if shift_x or shift_y:
        what.append(f"shifted ({shift_x:+d}, {shift_y:+d})")
    titles = [f"original {label}".strip(), ", ".join(what) or "unchanged"]
    for ax, im, title in zip(axes, [img, result.image], titles, strict=True):
        ax.imshow(im, cmap=IMAGE_CMAP, vmin=0, vmax=vmax)
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"ink kept: {result.ink_kept:.0%}", fontsize=10)
    return fig


def caption_html(image: Any, shift_x: int, shift_y: int, flip: bool, label: str = "") -> str:
    """The explorer's caption: what changed, and whether the label still fits."""
    result = augment(image, shift_x, shift_y, flip)
    name = html.escape(label) if label else "the item"
    verdict = (
        f"still clearly {name}: a fair extra training example"
        if result.ink_kept >= 0.9
        else f"part of {name} has left the frame: too strong an augmentation"
    )
    return (
        f"{result.changed:.0%} of the pixels changed, {result.ink_kept:.0%} of the ink is "
        f"kept: {verdict}. The label stays the same; only the picture moves."
    )


def augmentation_explorer(
    images: Any,
    labels: Sequence[str] | None = None,
    index: int = 0,
    shift_x: int = 0,
    shift_y: int = 0,
    flip: bool = False,
) -> Any:
    """Explorer: shift and mirror one of `images` and see what a model would be shown.

    index, shift_x, shift_y and flip set where the controls start (and what the static
    picture shows where there are no live widgets).
    """
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    stack = np.asarray(images, dtype=float)
    if stack.ndim != 3 or len(stack) == 0:
        raise ValueError(
            f"images with shape {stack.shape} is not allowed: images must be a stack of "
            f"grayscale images (n, height, width)"
        )
    if labels is not None and len(labels) != len(stack):
        raise ValueError(
            f"labels has {len(labels)} names for {len(stack)} images: it must have one per image"
        )
    index = _validate.non_negative_int("index", index)
    if index >= len(stack):
        raise ValueError(f"index={index!r} is not allowed: index must be below {len(stack)}")
    for name, value in (("shift_x", shift_x), ("shift_y", shift_y)):
        if abs(_shift(name, value)) > MAX_SHIFT:
            raise ValueError(
                f"{name}={value!r} is not allowed: {name} must be between {-MAX_SHIFT} and "
                f"{MAX_SHIFT} pixels"
            )
    if not isinstance(flip, (bool, np.bool_)):
        raise ValueError(f"flip={flip!r} is not allowed: flip must be True or False")
    style = {"description_width": "initial"}
    controls = {
        "index": widgets.IntSlider(
            value=index, min=0, max=len(stack) - 1, description="image", style=style
        ),
        "shift_x": widgets.IntSlider(
            value=int(shift_x),
            min=-MAX_SHIFT,
            max=MAX_SHIFT,
            description="shift right",
            style=style,
        ),
        "shift_y": widgets.IntSlider(
            value=int(shift_y), min=-MAX_SHIFT, max=MAX_SHIFT, description="shift down", style=style
        ),
        "flip": widgets.Checkbox(value=bool(flip), description="mirror left-right"),
    }

    def render(index: int, shift_x: int, shift_y: int, flip: bool):
        label = labels[index] if labels is not None else ""
        fig = plot_augmented(stack[index], shift_x, shift_y, flip, label=label)
        return fig, caption_html(stack[index], shift_x, shift_y, flip, label)

    return Explorer(controls, render, title="Augmentation: the same item, moved and mirrored")
