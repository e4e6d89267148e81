"""Training results: a trained model's test predictions, its mistakes, and an explorer over them.

The pure functions take plain arrays (the test images, their true labels and the model's
probabilities from ``model.predict``), so they are tested without TensorFlow;
`prediction_explorer()` wires them to a menu and a slider. Importing this module imports
neither TensorFlow nor ipywidgets nor pyplot, and changes no matplotlib setting.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np

from course_utils import _validate
from course_utils.plotting import IMAGE_CMAP, OKABE_ITO
from course_utils.widgets._base import pyplot

__all__ = [
    "SHOW",
    "check_predictions",
    "prediction_order",
    "most_confident_mistakes",
    "describe",
    "caption_html",
    "plot_prediction",
    "plot_mistakes",
    "prediction_explorer",
]

# What the explorer can list, in the order its menu shows them.
SHOW = ("confident mistakes", "mistakes", "least sure", "all")
MAX_MISTAKES_DRAWN = 12
_BLUE, _VERMILLION, _ORANGE, _GREY = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[3], "#BBBBBB"


# ---------------------------------------------------------------- checking the arrays


def check_predictions(labels: Any, probs: Any) -> tuple[np.ndarray, np.ndarray]:
    """`labels` as ints (N,) and `probs` as floats (N, classes), or a ValueError saying why."""
    try:
        p = np.asarray(probs, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"probs must be an array of numbers (N, classes), got {type(probs).__name__}"
        ) from None
    if p.ndim != 2 or p.shape[0] == 0 or p.shape[1] < 2:
        raise ValueError(
            f"probs has shape {p.shape}: it must be (N, classes) with N >= 1 and at least 2 "
            "classes, one row of probabilities per image, as model.predict(x) returns"
        )
    if not np.all(np.isfinite(p)) or p.min() < -1e-6 or p.max() > 1 + 1e-6:
        raise ValueError(
            f"probs goes from {np.nanmin(p):.3g} to {np.nanmax(p):.3g}: probabilities must be "
            "between 0 and 1 (end the model with softmax)"
        )
    sums = p.sum(axis=1)
    if np.max(np.abs(sums - 1)) > 1e-3:
        worst = int(np.argmax(np.abs(sums - 1)))
        raise ValueError(
            f"probs row {worst} adds up to {sums[worst]:.3g}: each row must add up to 1 "
            "(end the model with softmax)"
        )
    try:
        y = np.asarray(labels)
    except (TypeError, ValueError):
        y = None
    if y is None or y.dtype.kind not in "iuf" or y.ndim != 1:
        raise ValueError(
            "labels must be a 1-D array of whole-number class labels (N,), got "
            f"{type(labels).__name__}" + (f" with shape {y.shape}" if y is not None else "")
        )
    if len(y) != len(p):
        raise ValueError(
            f"labels has {len(y)} entries and probs has {len(p)} rows: they must have one per "
            "image each"
        )
    if np.any(y != np.round(y)) or y.min() < 0 or y.max() >= p.shape[1]:
        raise ValueError(
            f"labels goes from {y.min()} to {y.max()}: labels must be whole numbers from 0 to "
            f"{p.shape[1] - 1} (one per class in probs)"
        )
    return y.astype(int), p


def _images(images: Any, n: int) -> np.ndarray:
    """Images as (N, H, W) floats: (N, H, W, 1) loses its channel axis."""
    try:
        arr = np.asarray(images, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"images must be an array of numbers (N, height, width), got {type(images).__name__}"
        ) from None
    if arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim != 3:
        raise ValueError(
            f"images has shape {arr.shape}: it must be (N, height, width) or "
            "(N, height, width, 1) grayscale images"
        )
    if len(arr) != n:
        raise ValueError(
            f"images has {len(arr)} images and probs has {n} rows: they must have one per "
            "image each"
        )
    return arr


# ---------------------------------------------------------------- which images to show


def prediction_order(labels: Any, probs: Any, show: str = "all") -> np.ndarray:
    """Indices of the images to show, in order.

    show: "all" (test order), "mistakes" (wrong predictions, test order), "confident
    mistakes" (wrong predictions, most confident first) or "least sure" (every image,
    lowest top probability first).
    """
    y, p = check_predictions(labels, probs)
    show = _validate.choice("show", show, SHOW)
    predicted = p.argmax(axis=1)
    confidence = p.max(axis=1)
    if show == "all":
        return np.arange(len(y))
    if show == "least sure":
        return np.argsort(confidence, kind="stable")
    wrong = np.flatnonzero(predicted != y)
    if show == "mistakes":
        return wrong
    return wrong[np.argsort(-confidence[wrong], kind="stable")]


def most_confident_mistakes(labels: Any, probs: Any, n: int = 8) -> np.ndarray:
    """Indices of the (at most) `n` wrong predictions the model was surest about."""
    n = _validate.positive_int("n", n)
    return prediction_order(labels, probs, "confident mistakes")[:n]


def describe(index: int, labels: Any, probs: Any) -> dict[str, Any]:
    """One image's true label, prediction, its probability and the true class's probability."""
    y, p = check_predictions(labels, probs)
    i = _validate.non_negative_int("index", index)
    if i >= len(y):
        raise ValueError(
            f"index={index!r} is not allowed: index must be from 0 to {len(y) - 1} "
            f"(there are {len(y)} images)"
        )
    predicted = int(p[i].argmax())
    true = int(y[i])
    return {
        "index": i,
        "true": true,
        "predicted": predicted,
        "correct": predicted == true,
        "p_predicted": float(p[i, predicted]),
        "p_true": float(p[i, true]),
        "loss": float(-np.log(max(p[i, true], 1e-12))),
    }


def caption_html(index: int, labels: Any, probs: Any, show: str = "all", rank: int = 0) -> str:
    """The explorer's caption: which image, what the model said, and its loss, as HTML."""
    order = prediction_order(labels, probs, show)
    d = describe(index, labels, probs)
    verdict = (
        "<span style='color:#009E73'>right</span>"
        if d["correct"]
        else "<span style='color:#D55E00'>wrong</span>"
    )
    where = f"{html.escape(show)}: {rank + 1} of {len(order)}"
    return (
        f"<b>test image {d['index']}</b> ({where}) · true label <b>{d['true']}</b> · "
        f"the model says <b>{d['predicted']}</b> with probability {d['p_predicted']:.2f} "
        f"({verdict})<br>probability of the true class {d['p_true']:.3f} → this image's loss "
        f"−ln({d['p_true']:.3f}) = {d['loss']:.2f}"
    )


# ---------------------------------------------------------------- pictures


def _bars(ax: Any, probs: np.ndarray, true: int, fontsize: float = 8) -> None:
    """Probability bars: the prediction blue, the true class orange (when different)."""
    k = probs.size
    predicted = int(probs.argmax())
    colors = [_GREY] * k
    colors[true] = _ORANGE
    colors[predicted] = _BLUE
    ax.bar(range(k), probs, color=colors, width=0.75)
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.6, k - 0.4)
    ax.set_xticks(range(k), labels=[str(i) for i in range(k)], fontsize=fontsize)
    ax.tick_params(axis="x", length=0, pad=1)
    ax.tick_params(axis="y", labelsize=fontsize)
    ax.yaxis.grid(True, color="0.88", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def plot_prediction(image: Any, probs: Any, true_label: int, fig: Any = None) -> Any:
    """One image next to the model's 10 probabilities for it; returns the figure."""
    from matplotlib.patches import Patch

    p = np.asarray(probs, dtype=float).ravel()
    y, p2 = check_predictions([true_label], p[None, :])
    img = _images(np.asarray(image, dtype=float)[None], 1)[0]
    true, predicted = int(y[0]), int(p2[0].argmax())
    plt = pyplot()
    size = (6.4, 2.5)
    if fig is None:
        fig = plt.figure(figsize=size)
    else:
        fig.clear()
        fig.set_size_inches(size)
    # Fixed positions (no layout engine): fast enough for an explorer.
    ax_img = fig.add_axes((0.02, 0.1, 0.26, 0.72))
    ax_bar = fig.add_axes((0.38, 0.16, 0.6, 0.66))
    ax_img.imshow(img, cmap=IMAGE_CMAP, interpolation="nearest")
    ax_img.set_axis_off()
    ax_img.set_title(f"true label: {true}", fontsize=10)
    _bars(ax_bar, p2[0], true, fontsize=9)
    ax_bar.set_ylabel("probability", fontsize=9)
    for i in sorted({true, predicted}):
        inside = p2[0, i] > 0.88  # a tall bar: write the number inside it, in white
        ax_bar.text(
            i,
            p2[0, i] - 0.02 if inside else p2[0, i] + 0.02,
            f"{p2[0, i]:.2f}",
            ha="center",
            va="top" if inside else "bottom",
            fontsize=8,
            color="white" if inside else "black",
        )
    verdict = "right" if true == predicted else "wrong"
    ax_bar.set_title(
        f"the model says {predicted} (p = {p2[0, predicted]:.2f}): {verdict}", fontsize=10
    )
    handles = [Patch(color=_BLUE, label="prediction")]
    if true != predicted:
        handles.append(Patch(color=_ORANGE, label="true class"))
    ax_bar.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    return fig


def plot_mistakes(
    images: Any, labels: Any, probs: Any, indices: Sequence[int] | None = None, fig: Any = None
) -> Any:
    """Wrong predictions as images with their probability bars below (default: 8 surest)."""
    y, p = check_predictions(labels, probs)
    imgs = _images(images, len(y))
    if indices is None:
        idx = most_confident_mistakes(y, p, 8)
    else:
        idx = np.asarray(indices)
        if idx.ndim != 1 or idx.dtype.kind not in "iu":
            raise ValueError(f"indices={indices!r} is not allowed: it must be a list of indices")
        if idx.size and (idx.min() < 0 or idx.max() >= len(y)):
            raise ValueError(
                f"indices goes from {idx.min()} to {idx.max()}: every index must be from 0 to "
                f"{len(y) - 1}"
            )
    if idx.size == 0:
        raise ValueError("there are no mistakes to show: the model got every image right")
    if idx.size > MAX_MISTAKES_DRAWN:
        raise ValueError(
            f"indices has {idx.size} entries: show at most {MAX_MISTAKES_DRAWN} at once "
            "(pass a slice such as indices[:8])"
        )
    n = int(idx.size)
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(1.2 * n + 0.4, 2.9), layout="constrained")
    else:
        fig.clear()
    axes = fig.subplots(2, n, squeeze=False, height_ratios=(1.15, 1.0))
    for col, i in enumerate(idx):
        i = int(i)
        predicted = int(p[i].argmax())
        ax_img, ax_bar = axes[0, col], axes[1, col]
        ax_img.imshow(imgs[i], cmap=IMAGE_CMAP, interpolation="nearest")
        ax_img.set_axis_off()
        ax_img.set_title(
            f"#{i}: true {int(y[i])}\nsaid {predicted} ({p[i, predicted]:.2f})", fontsize=8
        )
        _bars(ax_bar, p[i], int(y[i]), fontsize=6)
        if col:
            ax_bar.set_yticklabels([])
    axes[1, 0].set_ylabel("probability", fontsize=7)
    return fig


# ---------------------------------------------------------------- the explorer


def prediction_explorer(
    images: Any, labels: Any, probs: Any, show: str = "confident mistakes", rank: int = 0
) -> Any:
    """Explorer: step through the test images (all, mistakes, ...) with their probabilities."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    y, p = check_predictions(labels, probs)
    imgs = _images(images, len(y))
    show = _validate.choice("show", show, SHOW)
    orders = {name: prediction_order(y, p, name) for name in SHOW}
    rank = _validate.non_negative_int("rank", rank)
    if rank >= max(len(orders[show]), 1):
        raise ValueError(
            f"rank={rank!r} is not allowed: '{show}' lists {len(orders[show])} images, so rank "
            f"must be from 0 to {max(len(orders[show]) - 1, 0)}"
        )
    style = {"description_width": "initial"}
    menu = widgets.Dropdown(options=list(SHOW), value=show, description="show", style=style)
    slider = widgets.IntSlider(
        value=rank,
        min=0,
        max=max(len(orders[show]) - 1, 0),
        description="rank",
        style=style,
    )

    def render(show: str, rank: int):
        order = orders[show]
        if len(order) == 0:
            raise ValueError(f"'{show}' lists no images: the model made no mistakes")
        rank = min(rank, len(order) - 1)  # the slider's range catches up just after
        i = int(order[rank])
        fig = plot_prediction(imgs[i], p[i], int(y[i]))
        return fig, caption_html(i, y, p, show, rank)

    explorer = Explorer(
        {"show": menu, "rank": slider},
        render,
        title="Test images: pick a list, then drag 'rank' (0 = the first in that list)",
    )

    def update_range(change: Any) -> None:
        slider.max = max(len(orders[change["new"]]) - 1, 0)

    menu.observe(update_range, names="value")
    return explorer
