"""Lesson 10 (capstone): learning-rate schedules, batch normalisation's channels, dropout."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import _validate, plotting
from course_utils.training import SCHEDULES, lr_schedule

_STYLES = {"constant": ("-", "o"), "step": ("--", "s"), "cosine": ("-.", "^")}


def plot_lr_schedules(epochs: int = 10, base_lr: float = 1e-3, final_fraction: float = 0.05) -> Any:
    """Learning rate per epoch for each schedule (`training.lr_schedule`); returns the Axes."""
    rates = {kind: lr_schedule(kind, epochs, base_lr, final_fraction) for kind in SCHEDULES}
    ax = plotting.canvas((5.5, 2.8)).add_subplot()
    x = np.arange(1, len(rates["constant"]) + 1)
    for colour, (kind, rate) in zip(plotting.OKABE_ITO, rates.items(), strict=False):
        line, marker = _STYLES[kind]
        ax.plot(x, rate, line, marker=marker, color=colour, label=kind)
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_xticks(x)
    ax.set_ylim(0, base_lr * 1.1)
    ax.legend(frameon=False)
    ax.set_title("Learning-rate schedules: big steps first, small steps at the end")
    return ax


def plot_channel_stats(before: Any, after: Any) -> Any:
    """Mean and spread of each channel (last axis), before and after; returns the Figure."""
    arrays = [
        _validate.array(name, value, ndims=(2, 3, 4))
        for name, value in (("before", before), ("after", after))
    ]
    channels = arrays[0].shape[-1]
    if arrays[1].shape[-1] != channels:
        raise _validate.fail(
            "after",
            arrays[1],
            f"after must have as many channels (last axis) as before: {channels}",
        )
    rows = [arr.reshape(-1, channels) for arr in arrays]
    fig = plotting.canvas((7.0, 2.6))
    index, width = np.arange(channels), 0.4
    for ax, stat, title in zip(
        fig.subplots(1, 2), (np.mean, np.std), ("mean", "standard deviation"), strict=True
    ):
        for i, (arr, label) in enumerate(zip(rows, ("before", "after"), strict=True)):
            ax.bar(
                index + (i - 0.5) * width,
                stat(arr, axis=0),
                width,
                label=label,
                color=plotting.OKABE_ITO[i],
            )
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(index)
        ax.set_xlabel("channel")
        ax.set_title(f"{title} per channel", fontsize=10)
    fig.axes[0].legend(frameon=False)
    return fig


def plot_dropout(image: Any, dropped: Any, rate: float) -> Any:
    """An image before and after dropout on one grey scale with a colour bar; returns the Figure.

    The scale runs from 0 to the largest value after dropout (1/(1 - rate) for an image in
    0 … 1), so the surviving pixels show brighter than in the input, as they are.
    """
    before = _validate.image("image", image, colour=False)
    after = _validate.image("dropped", dropped, colour=False)
    if before.shape != after.shape:
        raise _validate.fail(
            "dropped",
            after,
            f"dropped must have the image's shape {before.shape}",
        )
    r = _validate.real("rate", rate, 0, 1, high_open=True)
    fig = plotting.canvas((5.0, 2.6))
    axes = fig.subplots(1, 2)
    vmax = max(float(before.max()), float(after.max()), 1e-12)
    for ax, im, title in zip(
        axes, (before, after), ("input", f"after Dropout({r:g})"), strict=True
    ):
        shown = ax.imshow(im, cmap=plotting.IMAGE_CMAP, vmin=0, vmax=vmax, interpolation="nearest")
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(shown, ax=list(axes), shrink=0.8, aspect=30, pad=0.03)
    return fig
