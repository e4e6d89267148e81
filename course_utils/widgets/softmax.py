"""Softmax: from a layer's raw scores (logits) to class probabilities, and the loss on them.

The pure functions compute softmax with a temperature and the cross-entropy loss, and draw
the lesson's pictures (Flatten's order, one neuron, threshold vs ReLU, logits → probabilities,
temperature, the loss curve); `softmax_explorer()` wires logit and temperature sliders to
them. Importing this module imports neither TensorFlow nor ipywidgets nor pyplot, and
changes no matplotlib setting.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from course_utils import _validate, layers_numpy
from course_utils.plotting import OKABE_ITO
from course_utils.widgets._base import pyplot

__all__ = [
    "softmax",
    "cross_entropy",
    "caption_html",
    "plot_softmax",
    "plot_temperatures",
    "plot_threshold_and_relu",
    "plot_neuron",
    "plot_flatten",
    "plot_cross_entropy",
    "plot_outputs",
    "softmax_explorer",
]

CLASS_NAMES = ("cat", "dog", "fox", "owl", "bee")
EXPLORER_LOGITS = (2.0, 1.0, 0.5, -1.0, 0.0)
LOGIT_RANGE = (-5.0, 10.0)
TEMPERATURE_RANGE = (0.1, 5.0)
MAX_CLASSES = 12

_BLUE, _VERMILLION, _GREEN, _ORANGE = OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], OKABE_ITO[3]
_GREY = "#bbbbbb"
_CHANNEL_COLORS = ("#c6e3f7", "#f6c9a9", "#bfe6d6", "#f7e0a6", "#e7b6d3", "#dddddd")


# ---------------------------------------------------------------- arguments


def _logits(logits: object, name: str = "logits") -> np.ndarray:
    """A 1-D array of 2 … MAX_CLASSES finite numbers."""
    rule = f"{name} must be a list of 2 to {MAX_CLASSES} finite numbers (one score per class)"
    if isinstance(logits, (str, bytes)):
        raise ValueError(f"{name}={logits!r} is not allowed: {rule}")
    try:
        arr = np.asarray(logits, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={logits!r} is not allowed: {rule}") from None
    if arr.ndim != 1 or not 2 <= arr.size <= MAX_CLASSES or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}={logits!r} is not allowed: {rule}")
    return arr


def _temperature(temperature: object) -> float:
    ok = isinstance(temperature, numbers.Real) and not isinstance(temperature, (bool, np.bool_))
    if not ok or not math.isfinite(float(temperature)) or float(temperature) <= 0:
        raise ValueError(
            f"temperature={temperature!r} is not allowed: temperature must be a number > 0"
        )
    return float(temperature)


def _class_index(true_class: object, n: int) -> int:
    if (
        isinstance(true_class, (bool, np.bool_))
        or not isinstance(true_class, numbers.Integral)
        or not 0 <= int(true_class) < n
    ):
        raise ValueError(
            f"true_class={true_class!r} is not allowed: true_class must be a class index "
            f"from 0 to {n - 1}"
        )
    return int(true_class)


def _names(class_names: object, n: int) -> list[str]:
    if class_names is None:
        return [str(i) for i in range(n)]
    if isinstance(class_names, str) or not isinstance(class_names, (Sequence, np.ndarray)):
        raise ValueError(
            f"class_names={class_names!r} is not allowed: class_names must be a list of "
            f"{n} names, one per class"
        )
    names = [str(c) for c in class_names]
    if len(names) != n:
        raise ValueError(
            f"class_names has {len(names)} names and there are {n} classes: class_names "
            f"must have one name per class"
        )
    return names


# ---------------------------------------------------------------- the numbers


def softmax(logits: object, temperature: float = 1.0) -> np.ndarray:
    """softmax(logits / temperature) for one list of scores, computed stably."""
    z = _logits(logits)
    return layers_numpy.softmax(z / _temperature(temperature))


def cross_entropy(probs: object, true_class: int) -> float:
    """Cross-entropy loss of one prediction: −ln(probability given to the true class)."""
    try:
        p = np.asarray(probs, dtype=float)
    except (TypeError, ValueError):
        p = np.array([np.nan])
    if (
        p.ndim != 1
        or p.size < 2
        or not np.all(np.isfinite(p))
        or p.min() < 0
        or abs(p.sum() - 1) > 1e-6
    ):
        raise ValueError(
            f"probs={probs!r} is not allowed: probs must be 2 or more probabilities "
            f"(numbers >= 0 that add up to 1); apply softmax to logits first"
        )
    k = _class_index(true_class, p.size)
    with np.errstate(divide="ignore"):
        return float(-np.log(p[k]))  # p = 0 gives inf: infinitely surprised


def _new_fig(fig: Any, size: tuple[float, float], layout: str | None = "constrained") -> Any:
    if fig is None:
        return pyplot().figure(figsize=size, layout=layout)
    fig.clear()
    fig.set_size_inches(size)
    return fig


# ---------------------------------------------------------------- logits → probabilities


def _caption_numbers(
    logits: object, temperature: float, true_class: int | None, class_names: object
) -> tuple[np.ndarray, np.ndarray, list[str], int, int | None, float | None]:
    z = _logits(logits)
    p = softmax(z, temperature)
    names = _names(class_names, z.size)
    top = int(np.argmax(p))
    k = None if true_class is None else _class_index(true_class, z.size)
    loss = None if k is None else cross_entropy(p, k)
    return z, p, names, top, k, loss


def caption_html(
    logits: object,
    temperature: float = 1.0,
    true_class: int | None = None,
    class_names: object = None,
) -> str:
    """The explorer's caption: the sum of the probabilities, the winner and the loss, as HTML."""
    z, p, names, top, k, loss = _caption_numbers(logits, temperature, true_class, class_names)
    lines = [
        f"<b>probabilities add up to {p.sum():.3f}</b> · largest: "
        f"{html.escape(names[top])} with p = {p[top]:.3f} · temperature T = {temperature:g} "
        f"(logits divided by T before softmax)"
    ]
    if k is not None:
        lines.append(
            f"if the true class is {html.escape(names[k])}: cross-entropy loss = "
            f"−ln {p[k]:.3f} = {loss:.3f}"
            + (" (the prediction is right)" if k == top else " (the prediction is wrong)")
        )
    lines.append(
        f"a guess that knows nothing (p = 1/{z.size} each) has loss ln {z.size} = "
        f"{math.log(z.size):.3f}"
    )
    return "<br>".join(lines)


def _bars(ax: Any, values: np.ndarray, names: list[str], colors: list[str], fmt: str) -> None:
    x = np.arange(values.size)
    ax.bar(x, values, color=colors, width=0.7)
    ax.set_xticks(x, labels=names)
    ax.tick_params(axis="x", length=0)
    ax.yaxis.grid(True, color="0.88", linewidth=0.8)
    ax.set_axisbelow(True)
    low, high = ax.get_ylim()
    pad = 0.02 * (high - low)
    for i, v in enumerate(values):
        ax.text(
            i,
            v + pad if v >= 0 else v - pad,
            format(v, fmt),
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=8,
        )


def plot_softmax(
    logits: object,
    temperature: float = 1.0,
    true_class: int | None = None,
    class_names: object = None,
    fig: Any = None,
) -> Any:
    """Logits as bars (left) and softmax(logits / T) as probability bars (right)."""
    z, p, names, top, k, loss = _caption_numbers(logits, temperature, true_class, class_names)
    panel = min(0.42 * z.size + 0.5, 3.6)
    width, height = 2 * panel + 1.6, 2.9
    # Fixed margins in inches, no layout engine: fast enough for an explorer.
    fig = _new_fig(fig, (width, height), layout=None)
    ax_z = fig.add_axes((0.45 / width, 0.35 / height, panel / width, 1.95 / height))
    ax_p = fig.add_axes(((panel + 1.3) / width, 0.35 / height, panel / width, 1.95 / height))
    span = max(1.0, float(np.abs(z).max()))
    ax_z.set_ylim(min(0.0, float(z.min())) - 0.25 * span, max(0.0, float(z.max())) + 0.25 * span)
    _bars(ax_z, z, names, [_BLUE if v >= 0 else _VERMILLION for v in z], ".1f")
    ax_z.axhline(0, color="0.3", linewidth=0.8)
    ax_z.set_title("logits (any real numbers)", fontsize=9)
    ax_p.set_ylim(0, 1.12)
    colors = [_GREY] * z.size
    if k is not None:
        colors[k] = _ORANGE
    colors[top] = _BLUE
    _bars(ax_p, p, names, colors, ".2f")
    divided = "logits" if temperature == 1 else f"logits / {temperature:g}"
    ax_p.set_title(f"softmax({divided}): sum = {p.sum():.2f}", fontsize=9)
    ax_p.set_ylabel("probability", fontsize=9)
    title = f"largest: {names[top]} (p = {p[top]:.2f})"
    if k is not None:
        title += f" · true class {names[k]}: loss = −ln {p[k]:.2f} = {loss:.2f}"
    fig.suptitle(title, fontsize=9, y=1 - 0.1 / height, va="top")
    return fig


def plot_temperatures(
    logits: object,
    temperatures: Sequence[float] = (0.5, 1.0, 2.0, 5.0),
    class_names: object = None,
    fig: Any = None,
) -> Any:
    """One panel of probability bars per temperature, for the same logits."""
    z = _logits(logits)
    if isinstance(temperatures, numbers.Real):
        temperatures = (temperatures,)
    if isinstance(temperatures, str) or not isinstance(temperatures, Sequence) or not temperatures:
        raise ValueError(
            f"temperatures={temperatures!r} is not allowed: temperatures must be a list of "
            f"numbers > 0"
        )
    temps = [_temperature(t) for t in temperatures]
    names = _names(class_names, z.size)
    panel = 0.3 * z.size + 0.9
    fig = _new_fig(fig, (min(10.0, panel * len(temps) + 0.4), 2.5))
    axes = fig.subplots(1, len(temps), sharey=True, squeeze=False)[0]
    for ax, t in zip(axes, temps, strict=True):
        p = softmax(z, t)
        colors = [_GREY] * z.size
        colors[int(np.argmax(p))] = _BLUE
        ax.set_ylim(0, 1.15)
        _bars(ax, p, names, colors, ".2f")
        ax.set_title(f"T = {t:g}: largest p = {p.max():.2f}", fontsize=9)
    axes[0].set_ylabel("probability")
    return fig


# ---------------------------------------------------------------- the neuron and its activation


def plot_threshold_and_relu(threshold: float = 1.0, fig: Any = None) -> Any:
    """The old 'fires above a threshold' step next to ReLU, both against the weighted sum."""
    if not isinstance(threshold, numbers.Real) or not math.isfinite(float(threshold)):
        raise ValueError(f"threshold={threshold!r} is not allowed: threshold must be a number")
    theta = float(threshold)
    fig = _new_fig(fig, (7.0, 2.6))
    ax_step, ax_relu = fig.subplots(1, 2)
    s = np.linspace(theta - 3, theta + 3, 601)
    step = (s > theta).astype(float)
    ax_step.plot(s[s <= theta], step[s <= theta], color=_BLUE, linewidth=2)
    ax_step.plot(s[s > theta], step[s > theta], color=_BLUE, linewidth=2)
    ax_step.plot([theta], [0], "o", color=_BLUE, markersize=5)
    ax_step.plot([theta], [1], "o", color=_BLUE, markersize=5, markerfacecolor="white")
    ax_step.axvline(theta, color=_VERMILLION, linestyle="--", linewidth=1)
    ax_step.text(theta + 0.1, 0.45, f"threshold {theta:g}", color=_VERMILLION, fontsize=8)
    ax_step.set_title("old picture: fire (1) above a threshold, else 0", fontsize=9)
    ax_step.set_xlabel("weighted sum  w·x")
    ax_step.set_ylim(-0.2, 1.3)
    z = np.linspace(-3, 3, 601)
    ax_relu.plot(z, np.maximum(z, 0), color=_BLUE, linewidth=2)
    ax_relu.axvline(0, color=_VERMILLION, linestyle="--", linewidth=1)
    ax_relu.text(0.1, 2.2, "threshold 0\n(the bias shifts it)", color=_VERMILLION, fontsize=8)
    ax_relu.set_title("ReLU: 0 below the threshold, then how much above", fontsize=9)
    ax_relu.set_xlabel("z = w·x + b")
    for ax in (ax_step, ax_relu):
        ax.grid(True, color="0.88", linewidth=0.8)
        ax.set_ylabel("output")
    return fig


def plot_neuron(
    inputs: Sequence[float], weights: Sequence[float], bias: float, fig: Any = None
) -> Any:
    """One neuron drawn out: inputs, weights on the arrows, the sum with its bias, then ReLU."""
    from matplotlib.patches import Circle, FancyArrowPatch

    x = _validate.array("inputs", inputs, ndims=(1,))
    w = _validate.array("weights", weights, ndims=(1,))
    if x.size != w.size or not 1 <= x.size <= 6:
        raise ValueError(
            f"inputs has {x.size} values and weights has {w.size}: they must have the same "
            f"length, from 1 to 6 (one weight per input)"
        )
    if not isinstance(bias, numbers.Real) or not math.isfinite(float(bias)):
        raise ValueError(f"bias={bias!r} is not allowed: bias must be a number")
    z = float(x @ w + bias)
    a = max(z, 0.0)
    n = x.size
    fig = _new_fig(fig, (7.0, 0.55 * n + 1.3), layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.9, n + 0.1)
    ax.set_axis_off()
    ys = np.arange(n)[::-1] + 0.3
    mid = float(ys.mean())
    for xi, wi, y in zip(x, w, ys, strict=True):
        ax.add_patch(Circle((0.8, y), 0.22, facecolor="#c6e3f7", edgecolor=_BLUE))
        ax.text(0.8, y, f"{xi:g}", ha="center", va="center", fontsize=8)
        ax.add_patch(
            FancyArrowPatch(
                (1.05, y),
                (4.3, mid),
                arrowstyle="-|>",
                mutation_scale=10,
                color=_BLUE if wi >= 0 else _VERMILLION,
                linewidth=0.6 + min(abs(wi), 3),
            )
        )
        ax.text(2.3, y + 0.5 * (mid - y) / max(n, 1) + 0.08, f"×{wi:g}", fontsize=8, ha="center")
    ax.text(0.8, -0.55, "inputs x", ha="center", fontsize=8)
    ax.add_patch(Circle((4.8, mid), 0.5, facecolor="#f7e0a6", edgecolor=_ORANGE))
    ax.text(4.8, mid, "Σ + b", ha="center", va="center", fontsize=9)
    ax.text(4.8, mid - 0.75, f"b = {float(bias):g}\nz = {z:.2f}", ha="center", va="top", fontsize=8)
    ax.add_patch(
        FancyArrowPatch((5.3, mid), (6.6, mid), arrowstyle="-|>", mutation_scale=10, color="0.3")
    )
    ax.text(7.3, mid, "ReLU", ha="center", va="center", fontsize=9, color=_GREEN)
    ax.add_patch(
        FancyArrowPatch((7.85, mid), (8.7, mid), arrowstyle="-|>", mutation_scale=10, color="0.3")
    )
    ax.text(9.3, mid, f"{a:.2f}", ha="center", va="center", fontsize=10, weight="bold")
    terms = ""  # signed terms: "0.8·0.5 − 0.4·1 + 1.5·0.2 + 0.1"
    for i, value in enumerate(
        [f"{wi:g}·{xi:g}" for xi, wi in zip(x, w, strict=True)] + [f"{float(bias):g}"]
    ):
        if i == 0:
            terms = value.replace("-", "−")
        elif value.startswith("-"):
            terms += " − " + value[1:]
        else:
            terms += " + " + value
    ax.text(0.2, -0.85, f"z = {terms} = {z:.2f};  output = max(0, z) = {a:.2f}", fontsize=8)
    return fig


# ---------------------------------------------------------------- Flatten


def plot_flatten(shape: Sequence[int] = (2, 2, 3), fig: Any = None) -> Any:
    """A small (H, W, C) stack numbered in memory order, and the vector Flatten makes of it."""
    from matplotlib.patches import Rectangle

    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or len(shape) != 3:
        raise ValueError(f"shape={shape!r} is not allowed: shape must be (height, width, channels)")
    h, w, c = (_validate.positive_int(f"shape[{i}]", v) for i, v in enumerate(shape))
    if h * w * c > 24 or c > len(_CHANNEL_COLORS):
        raise ValueError(
            f"shape={tuple(shape)!r} is too large to draw: at most 24 numbers and "
            f"{len(_CHANNEL_COLORS)} channels"
        )
    values = np.arange(h * w * c).reshape(h, w, c)  # the number is the position after Flatten
    total = h * w * c
    cell = 0.38
    width = max(total * cell + 0.6, c * (w + 1) * cell + 0.6)
    fig = _new_fig(fig, (width, (h + 3.2) * cell + 0.5), layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.3, width / cell - 0.3)
    ax.set_ylim(-(h + 3.6), 1.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    for ch in range(c):
        x0 = ch * (w + 1)
        ax.text(x0 + w / 2, 0.35, f"channel {ch}", ha="center", fontsize=8)
        for r in range(h):
            for col in range(w):
                ax.add_patch(
                    Rectangle(
                        (x0 + col, -r - 1),
                        1,
                        1,
                        facecolor=_CHANNEL_COLORS[ch],
                        edgecolor="0.4",
                    )
                )
                ax.text(
                    x0 + col + 0.5,
                    -r - 0.5,
                    str(values[r, col, ch]),
                    ha="center",
                    va="center",
                    fontsize=8,
                )
    y0 = -(h + 2.6)
    flat = values.reshape(-1)
    for i, v in enumerate(flat):
        ch = int(v % c)
        ax.add_patch(Rectangle((i, y0), 1, 1, facecolor=_CHANNEL_COLORS[ch], edgecolor="0.4"))
        ax.text(i + 0.5, y0 + 0.5, str(v), ha="center", va="center", fontsize=8)
    ax.text(
        0,
        y0 + 1.25,
        f"Flatten: ({h}, {w}, {c}) → ({total},)   row by row, and inside each pixel channel "
        f"by channel",
        fontsize=8,
    )
    return fig


# ---------------------------------------------------------------- the loss


def plot_cross_entropy(marked: Sequence[float] = (0.9, 0.5, 0.1, 0.01), ax: Any = None) -> Any:
    """The loss −ln p against the probability p given to the true class, a few points marked."""
    try:
        pts = np.asarray(marked, dtype=float).ravel()
    except (TypeError, ValueError):
        pts = np.array([np.nan])
    if pts.size == 0 or not np.all((pts > 0) & (pts <= 1)):
        raise ValueError(
            f"marked={marked!r} is not allowed: marked must be probabilities in (0, 1]"
        )
    if ax is None:
        ax = pyplot().figure(figsize=(4.6, 2.8), layout="constrained").add_subplot()
    p = np.linspace(0.005, 1, 400)
    ax.plot(p, -np.log(p), color=_BLUE, linewidth=2)
    for q in pts:
        ax.plot([q], [-np.log(q)], "o", color=_VERMILLION, markersize=5)
        ax.annotate(
            f"p = {q:g}: {-np.log(q):.2f}",
            (q, -np.log(q)),
            xytext=(8, 4),
            textcoords="offset points",
            fontsize=8,
        )
    ax.set_xlabel("probability given to the true class")
    ax.set_ylabel("loss = −ln p")
    ax.set_xlim(0, 1.05)
    ax.grid(True, color="0.88", linewidth=0.8)
    ax.set_title("cross-entropy: cheap when right and sure, costly when wrong and sure", fontsize=9)
    return ax


# ---------------------------------------------------------------- trained models' outputs


def plot_outputs(outputs: Mapping[str, object], labels: Sequence[int], fig: Any = None) -> Any:
    """One row of bar charts per model: its last layer's outputs for the same few images.

    `outputs` maps a model's name to an array (images, classes); `labels` are the true classes.
    """
    if not isinstance(outputs, Mapping) or not outputs:
        raise ValueError("outputs must be a dict {model name: array (images, classes)}")
    arrays = {
        name: _validate.array(f"outputs[{name!r}]", v, ndims=(2,)) for name, v in outputs.items()
    }
    shapes_seen = {a.shape for a in arrays.values()}
    if len(shapes_seen) != 1:
        raise ValueError(
            f"every array in outputs must have the same shape (images, classes), got "
            f"{sorted(shapes_seen)}"
        )
    n_images, n_classes = next(iter(shapes_seen))
    y = _validate.array("labels", labels, ndims=(1,))
    if y.size != n_images or not 1 <= n_images <= 6:
        raise ValueError(
            f"labels has {y.size} values for {n_images} images: give one true class per "
            f"image, 1 to 6 images"
        )
    ks = [_class_index(int(v) if float(v).is_integer() else v, n_classes) for v in y]
    fig = _new_fig(fig, (min(10.0, 2.1 * n_images + 0.6), 1.9 * len(arrays) + 0.3))
    axes = fig.subplots(len(arrays), n_images, squeeze=False, sharey="row")
    for row, (name, arr) in zip(axes, arrays.items(), strict=True):
        top = max(1.05, float(arr.max()) * 1.1)
        for j, (ax, k) in enumerate(zip(row, ks, strict=True)):
            colors = [_GREY] * n_classes
            colors[k] = _ORANGE
            ax.bar(range(n_classes), arr[j], color=colors, width=0.75)
            ax.set_ylim(0, top)
            ax.set_xticks(range(n_classes))
            ax.tick_params(axis="x", labelsize=7, length=0)
            ax.yaxis.grid(True, color="0.88", linewidth=0.8)
            ax.set_axisbelow(True)
            ax.set_title(f"true {k}: sum = {arr[j].sum():.2f}", fontsize=8)
            if not np.any(arr[j]):  # nothing to draw: say so instead of an empty panel
                ax.text(
                    0.5,
                    0.5,
                    f"all {n_classes} outputs\nare 0",
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    fontsize=9,
                    color=_VERMILLION,
                )
        row[0].set_ylabel(name, fontsize=8)
    fig.suptitle("last-layer outputs for the same test images (orange: the true class)", fontsize=9)
    return fig


# ---------------------------------------------------------------- the explorer


def softmax_explorer(
    logits: Sequence[float] = EXPLORER_LOGITS,
    temperature: float = 1.0,
    true_class: int = 0,
    class_names: Sequence[str] = CLASS_NAMES,
) -> Any:
    """Explorer: one slider per logit and a temperature slider → probability bars and loss."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    z = _logits(logits)
    names = _names(class_names, z.size)
    if z.size > 6:
        raise ValueError(f"logits has {z.size} values: the explorer has at most 6 logit sliders")
    low, high = LOGIT_RANGE
    if z.min() < low or z.max() > high:
        raise ValueError(
            f"logits={logits!r} is not allowed: the explorer's logit sliders go from {low:g} "
            f"to {high:g}"
        )
    t = _temperature(temperature)
    t_low, t_high = TEMPERATURE_RANGE
    if not t_low <= t <= t_high:
        raise ValueError(
            f"temperature={temperature!r} is not allowed: the temperature slider goes from "
            f"{t_low:g} to {t_high:g}"
        )
    k = _class_index(true_class, z.size)
    style = {"description_width": "initial"}
    controls: dict[str, Any] = {}
    for i, (name, value) in enumerate(zip(names, z, strict=True)):
        controls[f"z{i}"] = widgets.FloatSlider(
            value=float(value),
            min=low,
            max=high,
            step=0.1,
            description=f"logit {name}",
            style=style,
            continuous_update=True,
        )
    controls["temperature"] = widgets.FloatSlider(
        value=t, min=t_low, max=t_high, step=0.1, description="temperature T", style=style
    )
    controls["true_class"] = widgets.Dropdown(
        options=[(name, i) for i, name in enumerate(names)],
        value=k,
        description="true class",
        style=style,
    )

    def render(temperature: float, true_class: int, **zs: float):
        values = [zs[f"z{i}"] for i in range(len(names))]
        fig = plot_softmax(values, temperature, true_class, names)
        return fig, caption_html(values, temperature, true_class, names)

    explorer = Explorer(
        controls, render, title="Softmax: move the logits and the temperature, watch the bars"
    )
    # Three sliders per row, the temperature and the true class on a row of their own.
    logit_sliders = [controls[f"z{i}"] for i in range(len(names))]
    rows = [widgets.HBox(logit_sliders[i : i + 3]) for i in range(0, len(logit_sliders), 3)]
    rows.append(widgets.HBox([controls["temperature"], controls["true_class"]]))
    children = list(explorer.widget.children)
    header = children[:1] if isinstance(children[0], widgets.HTML) else []
    explorer.widget.children = (*header, *rows, explorer.caption, explorer.image)
    return explorer
