"""Lesson 06's figures: Flatten's order, one neuron, threshold vs ReLU, logits →
probabilities, temperature, the cross-entropy curve, and trained models' last-layer outputs.

`plot_softmax` computes a `SoftmaxState` and draws it with `draw_softmax`, which the softmax
explorer also calls with the state its sliders made (and its Figure, to redraw in place).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.text import Text
from numpy.typing import ArrayLike

from course_utils import _validate, layers_numpy, plotting

__all__ = [
    "CLASS_NAMES",
    "class_names_for",
    "bar_panel",
    "show_bars",
    "SoftmaxState",
    "softmax_state",
    "draw_softmax",
    "plot_softmax",
    "plot_temperatures",
    "plot_threshold_and_relu",
    "plot_neuron",
    "plot_flatten",
    "plot_cross_entropy",
    "plot_outputs",
]

CLASS_NAMES = ("cat", "dog", "fox", "owl", "bee")
MAX_CLASSES = 12  # bars a panel can label legibly

_BLUE, _VERMILLION, _GREEN, _ORANGE = plotting.OKABE_ITO[:4]  # diagrams and signs
_CHANNEL_COLORS = ("#c6e3f7", "#f6c9a9", "#bfe6d6", "#f7e0a6", "#e7b6d3", "#dddddd")


def _logits(logits: object) -> np.ndarray:
    """A 1-D array of 2 … MAX_CLASSES finite numbers, one score per class."""
    z = _validate.array("logits", logits, ndims=(1,))
    _validate.int_range("len(logits)", z.size, 2, MAX_CLASSES, "one score per class")
    for i, v in enumerate(z.tolist()):
        _validate.real(f"logits[{i}]", v)
    return z


def class_names_for(class_names: Sequence[str] | None, n: int) -> list[str]:
    """The names of `n` classes: `class_names` (n distinct names) or "0", "1", … if None."""
    if class_names is None:
        return [str(i) for i in range(n)]
    names = [] if isinstance(class_names, str) else [str(c) for c in class_names]
    if len(names) != n or len(set(names)) != n:
        raise _validate.fail(
            "class_names", class_names, f"class_names must be {n} different names, one per class"
        )
    return names


class BarPanel(NamedTuple):
    """A row of named bars with a text over each, set (again) by `show_bars`."""

    ax: Axes
    bars: BarContainer
    labels: list[Text]


def bar_panel(ax: Axes, names: Sequence[str], fontsize: float = 9) -> BarPanel:
    """Bars named underneath, with room for their values, and no frame or ticks: every text
    costs drawing time, and the values written on the bars say more than a y-axis would."""
    x = np.arange(len(names))
    bars = ax.bar(x, np.zeros(len(names)), width=0.7)
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_axis_off()
    ax.axhline(0, color="0.3", linewidth=0.8)  # the baseline
    under = ax.get_xaxis_transform()  # x in data, y in axes units
    for i, name in enumerate(names):
        ax.text(i, -0.03, name, transform=under, ha="center", va="top", fontsize=fontsize)
    labels = [ax.text(i, 0, "", ha="center", fontsize=fontsize - 1) for i in x]
    return BarPanel(ax, bars, labels)


def show_bars(
    panel: BarPanel,
    values: np.ndarray,
    colors: Sequence[str],
    texts: Sequence[str],
    ylim: tuple[float, float],
) -> None:
    """Set the bars' heights, colours and written texts (over a bar, under a negative one)."""
    panel.ax.set_ylim(ylim)
    pad = 0.02 * (ylim[1] - ylim[0])
    for i, (bar, label, v, color, text) in enumerate(
        zip(panel.bars, panel.labels, values, colors, texts, strict=True)
    ):
        bar.set_height(v)
        bar.set_color(color)
        label.set_position((i, v + pad if v >= 0 else v - pad))
        label.set_verticalalignment("bottom" if v >= 0 else "top")
        label.set_text(text)


# ---------------------------------------------------------------- logits → probabilities


def _softmax_panels(names: list[str], fig: Figure | None) -> tuple[Figure, BarPanel, BarPanel]:
    """The figure's two bar panels: reused when `fig` already shows these classes (an
    explorer's redraw then only moves bars and numbers), else drawn anew."""
    fig, panels = plotting.reused(fig, ("softmax", *names), lambda f: _build_panels(names, f))
    return fig, *panels


def _build_panels(names: list[str], fig: Figure | None) -> tuple[Figure, tuple]:
    panel = min(0.42 * len(names) + 0.5, 3.6)
    width, height = 2 * panel + 1.6, 2.6
    # Fixed margins in inches, no layout engine: fast enough for an explorer.
    fig = plotting.canvas((width, height), fig, layout=None)
    ax_z = fig.add_axes((0.45 / width, 0.35 / height, panel / width, 1.95 / height))
    ax_p = fig.add_axes(((panel + 1.3) / width, 0.35 / height, panel / width, 1.95 / height))
    ax_z.set_title("logits (any real numbers)", fontsize=9, y=1.01)  # y: no title layout pass
    return fig, (bar_panel(ax_z, names), bar_panel(ax_p, names))


class SoftmaxState(NamedTuple):
    """Logits, their softmax at a temperature, and the true class with its loss (if given)."""

    logits: np.ndarray
    temperature: float
    probs: np.ndarray
    names: list[str]
    true_class: int | None
    loss: float | None  # −ln p(true class)


def softmax_state(
    logits: Sequence[float],
    temperature: float = 1.0,
    true_class: int | None = None,
    class_names: Sequence[str] | None = None,
) -> SoftmaxState:
    """The checked logits, softmax(logits / temperature) and the true class's loss."""
    z = _logits(logits)
    p = layers_numpy.softmax(z, temperature=temperature)
    names = class_names_for(class_names, z.size)
    if true_class is None:
        return SoftmaxState(z, float(temperature), p, names, None, None)
    k = _validate.int_range("true_class", true_class, 0, z.size - 1, "a class index")
    return SoftmaxState(z, float(temperature), p, names, k, layers_numpy.cross_entropy(k, p))


def draw_softmax(state: SoftmaxState, fig: Figure | None = None) -> Figure:
    """Logits as bars (left, blue ≥ 0, vermillion < 0) and the probabilities (right): the
    largest blue, the true class (if given) orange, the others grey."""
    z, p = state.logits, state.probs
    colors = [plotting.OTHER_COLOR] * z.size
    if state.true_class is not None:
        colors[state.true_class] = plotting.TRUE_COLOR
    colors[int(np.argmax(p))] = plotting.PREDICTED_COLOR
    fig, logit_bars, prob_bars = _softmax_panels(state.names, fig)
    span = max(1.0, float(np.abs(z).max()))
    low, high = min(0.0, float(z.min())) - 0.25 * span, max(0.0, float(z.max())) + 0.25 * span
    logit_colors = [_BLUE if v >= 0 else _VERMILLION for v in z]
    show_bars(logit_bars, z, logit_colors, [f"{v:.1f}" for v in z], (low, high))
    show_bars(prob_bars, p, colors, [f"{v:.2f}" for v in p], (0, 1.12))
    t = state.temperature
    divided = "logits" if t == 1 else f"logits / {t:g}"
    prob_bars.ax.set_title(f"probabilities: softmax({divided})", fontsize=9, y=1.01)
    return fig


def plot_softmax(
    logits: Sequence[float],
    temperature: float = 1.0,
    true_class: int | None = None,
    class_names: Sequence[str] | None = None,
) -> Figure:
    """Logits as bars (left) and softmax(logits / T) as probability bars (right): the
    largest blue, the true class (if given) orange."""
    return draw_softmax(softmax_state(logits, temperature, true_class, class_names))


def plot_temperatures(
    logits: Sequence[float],
    temperatures: Sequence[float] = (0.5, 1.0, 2.0, 5.0),
    class_names: Sequence[str] | None = None,
) -> Figure:
    """One panel of probability bars per temperature, for the same logits."""
    z = _logits(logits)
    temps = _validate.array("temperatures", temperatures, ndims=(0, 1)).reshape(-1)
    _validate.int_range("len(temperatures)", temps.size, 1, 6, "one panel per temperature")
    names = class_names_for(class_names, z.size)
    panel = 0.3 * z.size + 0.9
    fig = plotting.canvas((min(10.0, panel * temps.size + 0.4), 2.5))
    axes = fig.subplots(1, temps.size, squeeze=False)[0]
    for ax, t in zip(axes, temps, strict=True):
        p = layers_numpy.softmax(z, temperature=float(t))
        colors = [plotting.OTHER_COLOR] * z.size
        colors[int(np.argmax(p))] = plotting.PREDICTED_COLOR
        show_bars(bar_panel(ax, names), p, colors, [f"{v:.2f}" for v in p], (0, 1.15))
        ax.set_title(f"T = {t:g}: largest p = {p.max():.2f}", fontsize=9)
    return fig


# ---------------------------------------------------------------- the neuron and its activation


def plot_threshold_and_relu(threshold: float = 1.0) -> Figure:
    """The old 'fires above a threshold' step next to ReLU, both against the weighted sum."""
    theta = _validate.real("threshold", threshold)
    fig = plotting.canvas((7.0, 2.6))
    ax_step, ax_relu = fig.subplots(1, 2)
    s = np.linspace(theta - 3, theta + 3, 601)
    below = s <= theta
    ax_step.plot(s[below], np.zeros(below.sum()), color=_BLUE, linewidth=2)
    ax_step.plot(s[~below], np.ones((~below).sum()), color=_BLUE, linewidth=2)
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


def _signed_sum(terms: list[str]) -> str:
    """'0.8·0.5', '-0.4·1', '0.1' → '0.8·0.5 − 0.4·1 + 0.1'."""
    text = terms[0].replace("-", "−", 1) if terms[0].startswith("-") else terms[0]
    for term in terms[1:]:
        text += f" − {term[1:]}" if term.startswith("-") else f" + {term}"
    return text


def plot_neuron(inputs: Sequence[float], weights: Sequence[float], bias: float) -> Figure:
    """One neuron drawn out: inputs, weights on the arrows, the sum with its bias, then ReLU."""
    from matplotlib.patches import Circle, FancyArrowPatch

    x = _validate.array("inputs", inputs, ndims=(1,))
    w = _validate.array("weights", weights, ndims=(1,))
    _validate.int_range("len(inputs)", x.size, 1, 6, "at most 6 inputs fit the picture")
    if w.size != x.size:
        raise _validate.fail(
            "weights", f"<{w.size} weights>", f"weights must have one weight per input ({x.size})"
        )
    b = _validate.real("bias", bias)
    z = float(x @ w + b)
    a = max(z, 0.0)
    n = x.size
    fig = plotting.canvas((7.0, 0.55 * n + 1.3), layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.9, n + 0.1)
    ax.set_axis_off()
    ys = np.arange(n)[::-1] + 0.3
    mid = float(ys.mean())
    arrow = {"arrowstyle": "-|>", "mutation_scale": 10}
    for xi, wi, y in zip(x, w, ys, strict=True):
        ax.add_patch(Circle((0.8, y), 0.22, facecolor="#c6e3f7", edgecolor=_BLUE))
        ax.text(0.8, y, f"{xi:g}", ha="center", va="center", fontsize=8)
        ax.add_patch(
            FancyArrowPatch(
                (1.05, y),
                (4.3, mid),
                **arrow,
                color=_BLUE if wi >= 0 else _VERMILLION,
                linewidth=0.6 + min(abs(wi), 3),
            )
        )
        ax.text(2.3, y + 0.5 * (mid - y) / n + 0.08, f"×{wi:g}", fontsize=8, ha="center")
    ax.text(0.8, -0.55, "inputs x", ha="center", fontsize=8)
    ax.add_patch(Circle((4.8, mid), 0.5, facecolor="#f7e0a6", edgecolor=_ORANGE))
    ax.text(4.8, mid, "Σ + b", ha="center", va="center", fontsize=9)
    ax.text(4.8, mid - 0.75, f"b = {b:g}\nz = {z:.2f}", ha="center", va="top", fontsize=8)
    ax.add_patch(FancyArrowPatch((5.3, mid), (6.6, mid), **arrow, color="0.3"))
    ax.text(7.3, mid, "ReLU", ha="center", va="center", fontsize=9, color=_GREEN)
    ax.add_patch(FancyArrowPatch((7.85, mid), (8.7, mid), **arrow, color="0.3"))
    ax.text(9.3, mid, f"{a:.2f}", ha="center", va="center", fontsize=10, weight="bold")
    terms = _signed_sum([f"{wi:g}·{xi:g}" for xi, wi in zip(x, w, strict=True)] + [f"{b:g}"])
    ax.text(0.2, -0.85, f"z = {terms} = {z:.2f};  output = max(0, z) = {a:.2f}", fontsize=8)
    return fig


# ---------------------------------------------------------------- Flatten


def plot_flatten(shape: Sequence[int] = (2, 2, 3)) -> Figure:
    """A small (H, W, C) stack numbered in memory order, and the vector Flatten makes of it."""
    from matplotlib.patches import Rectangle

    dims = _validate.array("shape", shape, ndims=(1,))
    if dims.size != 3:
        raise _validate.fail("shape", shape, "shape must be (height, width, channels)")
    h, w, c = (_validate.positive_int(f"shape[{i}]", v) for i, v in enumerate(shape))
    total = h * w * c
    _validate.int_range("h·w·c", total, 1, 24, "at most 24 numbers fit the picture")
    _validate.int_range("shape[2]", c, 1, len(_CHANNEL_COLORS), "one colour per channel")
    values = np.arange(total).reshape(h, w, c)  # the number is the position after Flatten
    cell = 0.38
    width = max(total * cell + 0.6, c * (w + 1) * cell + 0.6)
    fig = plotting.canvas((width, (h + 3.2) * cell + 0.5), layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.3, width / cell - 0.3)
    ax.set_ylim(-(h + 3.6), 1.2)
    ax.set_aspect("equal")
    ax.set_axis_off()

    def cell_at(x0: float, y0: float, v: int) -> None:
        ax.add_patch(Rectangle((x0, y0), 1, 1, facecolor=_CHANNEL_COLORS[v % c], edgecolor="0.4"))
        ax.text(x0 + 0.5, y0 + 0.5, str(v), ha="center", va="center", fontsize=8)

    for ch in range(c):
        x0 = ch * (w + 1)
        ax.text(x0 + w / 2, 0.35, f"channel {ch}", ha="center", fontsize=8)
        for r in range(h):
            for col in range(w):
                cell_at(x0 + col, -r - 1, int(values[r, col, ch]))
    y0 = -(h + 2.6)
    for i in range(total):
        cell_at(i, y0, i)
    ax.text(
        0,
        y0 + 1.25,
        f"Flatten: ({h}, {w}, {c}) → ({total},)   row by row, and inside "
        f"each pixel channel by channel",
        fontsize=8,
    )
    return fig


# ---------------------------------------------------------------- the loss


def plot_cross_entropy(
    marked: Sequence[float] = (0.9, 0.5, 0.1, 0.01), ax: Axes | None = None
) -> Axes:
    """The loss −ln p against the probability p given to the true class, a few points marked."""
    pts = _validate.array("marked", marked, ndims=(0, 1)).reshape(-1)
    for i, q in enumerate(pts.tolist()):
        _validate.real(f"marked[{i}]", q, 0, 1, low_open=True)
    if ax is None:
        ax = plotting.canvas((4.6, 2.8)).add_subplot()
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


def plot_outputs(outputs: Mapping[str, ArrayLike], labels: Sequence[int]) -> Figure:
    """One row of bar charts per model: its last layer's outputs for the same few images.

    `outputs` maps a model's name to an array (images, classes); `labels` are the true classes.
    """
    outputs = _validate.mapping("outputs", outputs, "{model name: array (images, classes)}")
    arrays = {
        name: _validate.array(f"outputs[{name!r}]", v, ndims=(2,)) for name, v in outputs.items()
    }
    n_images, n_classes = next(iter(arrays.values())).shape
    for name, arr in arrays.items():
        if arr.shape != (n_images, n_classes):
            raise _validate.fail(
                f"outputs[{name!r}]",
                arr,
                f"every array must have the same shape ({n_images}, {n_classes})",
            )
    y = _validate.array("labels", labels, ndims=(1,))
    _validate.int_range("len(labels)", y.size, 1, 6, "one true class per image, 1 to 6 images")
    if y.size != n_images:
        raise _validate.fail(
            "labels",
            f"<{y.size} labels>",
            f"labels must give one true class per image ({n_images})",
        )
    ks = [
        _validate.int_range(f"labels[{j}]", v, 0, n_classes - 1, "a class index")
        for j, v in enumerate(np.asarray(labels).tolist())
    ]
    fig = plotting.canvas((min(10.0, 2.1 * n_images + 0.6), 1.9 * len(arrays) + 0.3))
    axes = fig.subplots(len(arrays), n_images, squeeze=False, sharey="row")
    for row, (name, arr) in zip(axes, arrays.items(), strict=True):
        top = max(1.05, float(arr.max()) * 1.1)
        for j, (ax, k) in enumerate(zip(row, ks, strict=True)):
            colors = [plotting.OTHER_COLOR] * n_classes
            colors[k] = plotting.TRUE_COLOR
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
