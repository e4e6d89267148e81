"""Lesson 07's figures of a trained model's test predictions: the surest mistakes, and one
image with its ten probabilities (the prediction explorer's picture, redrawn in its Figure)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from numpy.typing import ArrayLike

from course_utils import _validate, plotting, predictions
from course_utils.figures.softmax import BarPanel, bar_panel, show_bars

__all__ = ["draw_prediction", "plot_mistakes"]

MAX_MISTAKES_DRAWN = 12


def _colors(probs: np.ndarray, true: int) -> list[str]:
    """The model's answer blue, the true class orange (when different), the rest grey."""
    colors = [plotting.OTHER_COLOR] * probs.size
    colors[true] = plotting.TRUE_COLOR
    colors[int(probs.argmax())] = plotting.PREDICTED_COLOR
    return colors


def _prediction_parts(
    shape: tuple[int, int], classes: int, fig: Figure | None
) -> tuple[Figure, AxesImage, BarPanel]:
    """The image and the bars: reused when `fig` already shows an image of this shape and
    this many classes (an explorer's redraw then only swaps numbers), else drawn anew."""
    fig, parts = plotting.reused(
        fig, ("prediction", shape, classes), lambda f: _build_parts(shape, classes, f)
    )
    return fig, *parts


def _build_parts(shape: tuple[int, int], classes: int, fig: Figure | None) -> tuple[Figure, tuple]:
    # Fixed margins in inches (no layout engine): fast enough for an explorer.
    fig = plotting.canvas((6.0, 2.3), fig, layout=None)
    ax_img = fig.add_axes((0.02, 0.06, 0.27, 0.88))
    ax_img.set_axis_off()
    shown = ax_img.imshow(
        np.zeros(shape), cmap=plotting.IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest"
    )
    panel = bar_panel(fig.add_axes((0.36, 0.12, 0.62, 0.76)), [str(i) for i in range(classes)])
    panel.ax.set_title("probability of each class", fontsize=9, loc="left", y=1.0)
    return fig, (shown, panel)


def draw_prediction(
    image: np.ndarray, probs: np.ndarray, true_label: int, fig: Figure | None = None
) -> Figure:
    """One grey image (H, W) next to the model's probabilities for it (blue: its answer,
    orange: the true class when different), those two probabilities written on their bars.

    It draws what it is given: the explorer checked the arrays once, when it was built.
    """
    true = int(true_label)
    fig, shown, panel = _prediction_parts(image.shape, probs.size, fig)
    low, high = float(image.min()), float(image.max())
    shown.set_data(image)
    shown.set_clim(low, high if high > low else low + 1)
    marked = {true, int(probs.argmax())}
    texts = [f"{v:.2f}" if i in marked else "" for i, v in enumerate(probs)]
    show_bars(panel, probs, _colors(probs, true), texts, (0, 1.12))
    return fig


def plot_mistakes(
    images: ArrayLike, labels: ArrayLike, probs: ArrayLike, indices: Sequence[int] | None = None
) -> Figure:
    """Wrong predictions as images with their probability bars below (default: 8 surest)."""
    y, p = predictions.check_predictions(labels, probs)
    imgs = predictions.check_images(images, len(y))
    if indices is None:
        idx = predictions.most_confident_mistakes(y, p, 8)
    else:
        _validate.array("indices", indices, ndims=(1,))
        idx = np.array(
            [
                _validate.int_range(f"indices[{j}]", i, 0, len(y) - 1, f"there are {len(y)} images")
                for j, i in enumerate(np.asarray(indices).tolist())
            ],
            dtype=int,
        )
    if idx.size == 0:
        raise _validate.fail(
            "indices",
            "<no images>",
            "there are no mistakes to show: the model got every image right",
        )
    _validate.int_range(
        "len(indices)", idx.size, 1, MAX_MISTAKES_DRAWN, "pass a slice such as indices[:8]"
    )
    n = int(idx.size)
    fig = plotting.canvas((1.2 * n + 0.4, 2.9))
    axes = fig.subplots(2, n, squeeze=False, height_ratios=(1.15, 1.0))
    for col, i in enumerate(idx):
        predicted = int(p[i].argmax())
        ax_img, ax_bar = axes[0, col], axes[1, col]
        ax_img.imshow(imgs[i], cmap=plotting.IMAGE_CMAP, interpolation="nearest")
        ax_img.set_axis_off()
        ax_img.set_title(
            f"#{i}: true {int(y[i])}\nsaid {predicted} ({p[i, predicted]:.2f})", fontsize=8
        )
        panel = bar_panel(ax_bar, [str(c) for c in range(p.shape[1])], fontsize=6)
        show_bars(panel, p[i], _colors(p[i], int(y[i])), [""] * p.shape[1], (0, 1))
    return fig
