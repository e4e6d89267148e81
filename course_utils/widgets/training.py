"""The prediction explorer: step through a trained model's test images (all, its mistakes,
the ones it was least sure of) with its ten probabilities for each."""

from __future__ import annotations

import html
from functools import partial
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from course_utils import _validate, predictions
from course_utils.figures import training as figures
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int

__all__ = ["prediction_explorer"]

STATIC = {"show": "confident mistakes", "rank": 8}  # past the figure's ranks 0 … 7


class PredictionState(NamedTuple):
    show: str
    rank: int
    count: int  # how many images the list holds
    image: np.ndarray
    probs: np.ndarray
    facts: dict[str, Any]  # predictions.describe's answer


def compute(
    orders: dict[str, np.ndarray],
    images: np.ndarray,
    labels: np.ndarray,
    probs: np.ndarray,
    values: dict[str, Any],
) -> PredictionState:
    """The image at `rank` in the chosen list, its probabilities and what they say."""
    order = orders[values["show"]]
    if len(order) == 0:
        raise _validate.fail(
            "show", values["show"], "this list is empty: the model made no mistakes"
        )
    i = int(order[values["rank"]])
    facts = predictions.describe(i, labels, probs)
    return PredictionState(values["show"], values["rank"], len(order), images[i], probs[i], facts)


def limits(orders: dict[str, np.ndarray], values: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {"rank": (0, max(len(orders[values["show"]]) - 1, 0))}


def caption(s: PredictionState) -> str:
    """Which image, what the model said, and this image's loss."""
    d = s.facts
    verdict = (
        "<span style='color:#009E73'>right</span>"
        if d["correct"]
        else "<span style='color:#D55E00'>wrong</span>"
    )
    return (
        f"<b>test image {d['index']}</b> ({html.escape(s.show)}: rank {s.rank} of 0 … "
        f"{s.count - 1}) · true label <b>{d['true']}</b> · the model says "
        f"<b>{d['predicted']}</b> with probability {d['p_predicted']:.2f} ({verdict})<br>"
        "probability of the true class "
        f"{d['p_true']:.3f} → this image's loss −ln({d['p_true']:.3f}) = {d['loss']:.2f}<br>"
        "bars: blue the model's answer, orange the true class"
    )


def draw(s: PredictionState, fig: Any) -> Any:
    return figures.draw_prediction(s.image, s.probs, s.facts["true"], fig)


def declaration(images: np.ndarray, labels: np.ndarray, probs: np.ndarray) -> Explorer:
    """The explorer over checked arrays: a list to show and a rank in it."""
    orders = {name: predictions.prediction_order(labels, probs, name) for name in predictions.SHOW}
    return Explorer(
        title="Test images: pick a list, then drag 'rank' (0 = the first in that list)",
        controls={
            "show": Choice("show", predictions.SHOW, dropdown=True),
            "rank": Int("rank", 0, len(labels) - 1),
        },
        compute=partial(compute, orders, images, labels, probs),
        draw=draw,
        caption=caption,
        limits=partial(limits, orders),
        static=STATIC,
    )


def prediction_explorer(
    images: ArrayLike,
    labels: ArrayLike,
    probs: ArrayLike,
    show: str = "confident mistakes",
    rank: int = 0,
) -> ExplorerView:
    """Explorer: step through the test images (all, mistakes, ...) with their probabilities."""
    y, p = predictions.check_predictions(labels, probs)
    explorer = declaration(predictions.check_images(images, len(y)), y, p)
    return explorer.show(show=show, rank=rank)
