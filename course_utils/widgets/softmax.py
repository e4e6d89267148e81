"""The softmax explorer: a slider per logit and a temperature → probability bars and the loss."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from functools import partial
from typing import Any

from course_utils import _validate
from course_utils.figures import softmax as figures
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Float

__all__ = ["softmax_explorer"]

EXPLORER_LOGITS = (2.0, 1.0, 0.5, -1.0, 0.0)
MAX_SLIDERS = 6
STATIC_TEMPERATURE = 0.5  # the static picture: the same logits, sharper, so a mistake costs more


def compute(names: list[str], values: dict[str, Any]) -> figures.SoftmaxState:
    """Probabilities and the loss for the sliders' logits, temperature and true class."""
    z = [values[f"z{i}"] for i in range(len(names))]
    k = names.index(values["true_class"])
    return figures.softmax_state(z, values["temperature"], k, names)


def caption(s: figures.SoftmaxState) -> str:
    """The sum, the winner and the loss, with the formula."""
    top, k, n = int(s.probs.argmax()), s.true_class, s.probs.size
    verdict = "right" if k == top else "wrong"
    return (
        f"<b>probabilities add up to {s.probs.sum():.3f}</b> · largest (blue): "
        f"{html.escape(s.names[top])}, p = {s.probs[top]:.3f} · temperature T = "
        f"{s.temperature:g}: softmax of logits / T<br>true class (orange) "
        f"{html.escape(s.names[k])}: cross-entropy loss = −ln {s.probs[k]:.3f} = "
        f"{s.loss:.3f}, the prediction is {verdict}<br>a guess that knows nothing "
        f"(p = 1/{n} each) has loss ln {n} = {math.log(n):.3f}"
    )


def declaration(logits: Sequence[float], names: list[str], true_class: int) -> Explorer:
    """The explorer for these classes; its static picture: `logits`, sharper (T = 0.5)."""
    sliders = {f"z{i}": Float(f"logit {name}", -5.0, 10.0) for i, name in enumerate(names)}
    slider_names = list(sliders)
    return Explorer(
        title="Softmax: move the logits and the temperature, watch the bars",
        controls={
            **sliders,
            "temperature": Float("temperature T", 0.1, 5.0),
            "true_class": Choice("true class", names, dropdown=True),
        },
        compute=partial(compute, names),
        draw=figures.draw_softmax,
        caption=caption,
        layout=[
            *(slider_names[i : i + 3] for i in range(0, len(names), 3)),
            ["temperature", "true_class"],
        ],
        static={
            **{name: float(v) for name, v in zip(sliders, logits, strict=True)},
            "temperature": STATIC_TEMPERATURE,
            "true_class": names[true_class],
        },
    )


def softmax_explorer(
    logits: Sequence[float] = EXPLORER_LOGITS,
    temperature: float = 1.0,
    true_class: int = 0,
    class_names: Sequence[str] = figures.CLASS_NAMES,
) -> ExplorerView:
    """Explorer: one slider per logit and a temperature slider → probability bars and loss."""
    z = _validate.array("logits", logits, ndims=(1,))
    _validate.int_range("len(logits)", z.size, 2, MAX_SLIDERS, "one slider per logit")
    names = figures.class_names_for(class_names, z.size)
    k = _validate.int_range("true_class", true_class, 0, z.size - 1, "a class index")
    explorer = declaration(z, names, k)
    start = {f"z{i}": float(v) for i, v in enumerate(z)}
    return explorer.show(**start, temperature=temperature, true_class=names[k])
