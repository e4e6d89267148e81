"""Lesson 10's explorer: a training image shifted and mirrored, as augmentation shows it.

The arithmetic (`augment`) lives in course_utils.training; this module declares the
controls, the caption and the two-panel picture.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from typing import Any, NamedTuple

import matplotlib.colors
import numpy as np

from course_utils import _validate, plotting
from course_utils.training import Augmented, augment
from course_utils.widgets._core import Explorer, ExplorerView, Int, Toggle

MAX_SHIFT = 8  # the sliders go from -MAX_SHIFT to MAX_SHIFT pixels
FAIR = 0.9  # an augmentation that keeps at least this fraction of the ink is a fair example
GAP = 4  # white pixels between the two panels
ORANGE = np.array(matplotlib.colors.to_rgb(plotting.OKABE_ITO[3]))


class Augmentation(NamedTuple):
    """What the explorer shows: the augmented image's numbers and the picture of both."""

    result: Augmented
    label: str
    titles: tuple[str, str]  # the original's, and what was done to it
    picture: np.ndarray  # both panels as one RGB image (see `picture`)


def what_was_done(shift_x: int, shift_y: int, flip: bool) -> str:
    """'mirrored, shifted 3 right, 2 up' (or 'unchanged')."""
    moves = [
        f"{abs(d)} {more if d > 0 else less}"
        for d, less, more in ((shift_x, "left", "right"), (shift_y, "up", "down"))
        if d
    ]
    done = (["mirrored"] if flip else []) + ([f"shifted {', '.join(moves)}"] if moves else [])
    return ", ".join(done) or "unchanged"


def picture(
    original: np.ndarray, mirrored: np.ndarray, shifted: np.ndarray, dx: int, dy: int
) -> np.ndarray:
    """The original and the augmented image side by side as one RGB array on one grey scale;
    the augmented frame has MAX_SHIFT pixels of white around it, where the ink that the
    shift (dx, dy) pushed out of the frame shows in orange."""
    h, w = original.shape
    m, vmax = MAX_SHIFT, max(float(original.max()), 1e-12)
    out = np.ones((h + 2 * m, w + GAP + w + 2 * m, 3))
    out[m : m + h, :w] = np.clip(original / vmax, 0, 1)[..., None]
    left = w + GAP + m  # the augmented frame's first column
    ink = np.clip(mirrored / vmax, 0, 1)[..., None]
    out[m + dy : m + dy + h, left + dx : left + dx + w] = 1 - ink * (1 - ORANGE)
    out[m : m + h, left : left + w] = np.clip(shifted / vmax, 0, 1)[..., None]
    return out


def compute(images: np.ndarray, labels: Sequence[str] | None, values: dict) -> Augmentation:
    """The chosen image, mirrored and shifted as the controls say."""
    i, dx, dy, flip = values["index"], values["shift_x"], values["shift_y"], values["flip"]
    label = str(labels[i]) if labels is not None else ""
    result = augment(images[i], dx, dy, flip)
    mirrored = images[i][:, ::-1] if flip else images[i]
    titles = (f"original {label}".strip(), what_was_done(dx, dy, flip))
    return Augmentation(result, label, titles, picture(images[i], mirrored, result.image, dx, dy))


def caption(state: Augmentation) -> str:
    """What changed, and whether the label still fits."""
    name = f"the {html.escape(state.label)}" if state.label else "the item"
    verdict = (
        f"Still clearly {name}: a fair extra training example"
        if state.result.ink_kept >= FAIR
        else f"Part of {name} has left the frame: too strong an augmentation"
    )
    return (
        f"{state.result.changed:.0%} of the pixels changed, <b>{state.result.ink_kept:.0%} of "
        f"the ink kept</b> (orange: ink pushed out of the frame).<br>{verdict}; "
        "the label stays the same, only the picture moves."
    )


def draw(state: Augmentation, fig: Any) -> Any:
    """The picture, with a title over each panel; a figure drawn before changes in place."""
    fig, (image, titles) = plotting.reused(
        fig, state.picture.shape, lambda f: _build(f, state.picture.shape)
    )
    image.set_data(state.picture)
    for text, title in zip(titles, state.titles, strict=True):
        text.set_text(title)
    return fig


def _build(fig: Any, shape: tuple[int, ...]) -> tuple[Any, tuple[Any, list[Any]]]:
    """The canvas, the picture's image and its two (empty) panel titles."""
    fig = plotting.canvas((5.6, 3.5), fig, layout=None)
    ax = fig.add_axes((0.01, 0.0, 0.98, 0.92))
    image = ax.imshow(np.ones(shape), interpolation="nearest")
    ax.set_axis_off()
    width = shape[1]
    w = (width - GAP - 2 * MAX_SHIFT) // 2  # the frame's width
    titles = [
        ax.text(x - 0.5, -1, "", ha="center", va="bottom", fontsize=10)
        for x in (w / 2, width - (w + 2 * MAX_SHIFT) / 2)
    ]
    return fig, (image, titles)


def augmentation_explorer(
    images: Any,
    labels: Sequence[str] | None = None,
    index: int = 0,
    shift_x: int = 0,
    shift_y: int = 0,
    flip: bool = False,
) -> ExplorerView:
    """Explorer: shift and mirror one of `images` (n, height, width) and see what a model
    would be shown; index, shift_x, shift_y and flip set where the controls start."""
    stack = _validate.array("images", images, ndims=(3,))
    if len(stack) == 0:
        raise _validate.fail("images", stack, "images must hold an image")
    if labels is not None and len(labels) != len(stack):
        raise _validate.fail(
            "labels", f"<{len(labels)} names>", f"labels must name each of the {len(stack)} images"
        )
    explorer = Explorer(
        title="Augmentation: the same item, moved and mirrored",
        controls={
            "index": Int("image", 0, len(stack) - 1),
            "shift_x": Int("shift right", -MAX_SHIFT, MAX_SHIFT),
            "shift_y": Int("shift down", -MAX_SHIFT, MAX_SHIFT),
            "flip": Toggle("mirror left-right"),
        },
        compute=functools.partial(compute, stack, labels),
        draw=draw,
        caption=caption,
        layout=[["index", "flip"], ["shift_x", "shift_y"]],
        # Where no widgets run: a mirrored item pushed too far, most of the lesson in one picture.
        static={"index": index, "shift_x": MAX_SHIFT, "shift_y": 0, "flip": True},
    )
    return explorer.show(index=index, shift_x=shift_x, shift_y=shift_y, flip=flip)
