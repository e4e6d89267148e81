"""Famous architectures: the timeline, model facts (parameters, depth, shapes), the 1×1 bottleneck.

The pure functions hold the milestones with their published ImageNet figures and
sources, count a Keras model's weight layers, lay out LeNet-5's 1998 C3 connection
table, count the parameters of a 1×1 bottleneck, and draw all of it; `bottleneck_explorer()`
wires the bottleneck count to sliders. Importing this module imports neither TensorFlow
nor ipywidgets and changes no matplotlib setting.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, shapes
from course_utils.plotting import DIVERGING_CMAP, IMAGE_CMAP, OKABE_ITO
from course_utils.widgets._base import pyplot

__all__ = [
    "Milestone",
    "MILESTONES",
    "milestones_text",
    "plot_timeline",
    "ModelFacts",
    "WEIGHT_LAYER_TYPES",
    "weight_layers",
    "model_facts",
    "facts_table",
    "plot_model_comparison",
    "lenet5_c3_table",
    "plot_residual_block",
    "plot_channel_mix",
    "Bottleneck",
    "bottleneck_params",
    "bottleneck_caption_html",
    "plot_bottleneck",
    "bottleneck_explorer",
]

_BLUE, _VERMILLION, _GREEN, _ORANGE, _SKY, _PURPLE, _BLACK = OKABE_ITO[:7]


# ---------------------------------------------------------------- the timeline


class Milestone(NamedTuple):
    """One step of the timeline: what it added, and the figure its paper reported."""

    year: int
    name: str
    added: str
    top5_error: float | None  # % top-5 error on ImageNet, as published; None: no ImageNet figure
    figure_note: str  # which number it is (test/validation, single model/ensemble, ILSVRC year)
    source: str  # authors, title, venue, year
    label: str = ""  # the name shown in the timeline plot (default: name)


MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        1980,
        "Neocognitron",
        "layers of local feature detectors (S-cells) and shift-tolerant pooling (C-cells)",
        None,
        "no ImageNet figure: shown on small sets of hand-drawn digit-like patterns; "
        "its filters learned without labels (unsupervised self-organisation), "
        "without backpropagation",
        "K. Fukushima, 'Neocognitron: a self-organizing neural network model for a "
        "mechanism of pattern recognition unaffected by shift in position', "
        "Biological Cybernetics 36, 1980",
    ),
    Milestone(
        1989,
        "Zip-code network",
        "shared-weight convolutions trained end to end with backpropagation",
        None,
        "no ImageNet figure: handwritten zip-code digits from the US Postal Service",
        "Y. LeCun et al., 'Backpropagation applied to handwritten zip code recognition', "
        "Neural Computation 1(4), 1989",
    ),
    Milestone(
        1998,
        "LeNet-5",
        "the conv → subsample → conv → subsample → fully connected recipe, 32×32 input",
        None,
        "no ImageNet figure: 0.95% test error on MNIST (0.8% with distorted training images)",
        "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, 'Gradient-based learning applied to "
        "document recognition', Proceedings of the IEEE 86(11), 1998",
    ),
    Milestone(
        2012,
        "AlexNet",
        "a big, deep convnet on GPUs: ReLU, dropout, data augmentation, 1.2 M training images",
        15.3,
        "top-5 test error, ILSVRC-2012 winning entry (an ensemble)",
        "A. Krizhevsky, I. Sutskever, G. E. Hinton, 'ImageNet classification with deep "
        "convolutional neural networks', NIPS 2012",
    ),
    Milestone(
        2013,
        "ZFNet",
        "pictures of what each layer responds to, used to tune AlexNet: 7×7 stride-2 first layer",
        14.8,
        "top-5 test error on the ImageNet 2012 test set, ensemble of 6 nets (the paper's "
        "best); the ILSVRC-2013 winning entry, Clarifai (M. Zeiler), reached about 11.7%",
        "M. D. Zeiler, R. Fergus, 'Visualizing and understanding convolutional networks', "
        "ECCV 2014",
        "ZFNet (paper)",
    ),
    Milestone(
        2014,
        "VGG",
        "depth from one simple part: stacks of 3×3 convolutions, 16–19 weight layers",
        7.3,
        "top-5 test error, ILSVRC-2014 submission (ensemble of 7; 6.8% after the contest)",
        "K. Simonyan, A. Zisserman, 'Very deep convolutional networks for large-scale image "
        "recognition', ICLR 2015",
    ),
    Milestone(
        2014,
        "GoogLeNet",
        "Inception modules: parallel 1×1/3×3/5×5 branches, 1×1 convolutions to cut cost",
        6.67,
        "top-5 test error, ILSVRC-2014 winning entry (ensemble of 7)",
        "C. Szegedy et al., 'Going deeper with convolutions', CVPR 2015",
    ),
    Milestone(
        2015,
        "ResNet",
        "residual blocks y = F(x) + x: skip connections and batch normalisation make 152 "
        "layers trainable",
        3.57,
        "top-5 test error, ILSVRC-2015 winning entry (ensemble)",
        "K. He, X. Zhang, S. Ren, J. Sun, 'Deep residual learning for image recognition', "
        "CVPR 2016",
    ),
)


def _milestones(milestones: object) -> tuple[Milestone, ...]:
    if milestones is None:
        return MILESTONES
    if not isinstance(milestones, Sequence) or isinstance(milestones, str) or not milestones:
        raise ValueError(
            f"milestones={milestones!r} is not allowed: milestones must be a non-empty "
            "sequence of Milestone"
        )
    for m in milestones:
        if not isinstance(m, Milestone):
            raise ValueError(f"milestones contains {m!r}: every entry must be a Milestone")
        if m.top5_error is not None and not 0 < m.top5_error < 100:
            raise ValueError(
                f"top5_error={m.top5_error!r} of {m.name!r} is not allowed: it must be a "
                "percentage between 0 and 100, or None"
            )
    return tuple(milestones)


def milestones_text(milestones: Sequence[Milestone] | None = None, sources: bool = False) -> str:
    """The timeline as plain text: year, name, ImageNet top-5 error (or why none), what it added."""
    rows = _milestones(milestones)
    width = max(len(m.name) for m in rows)
    lines = []
    for m in rows:
        error = "   —  " if m.top5_error is None else f"{m.top5_error:5.2f}%"
        lines.append(f"{m.year}  {m.name:<{width}}  {error}  {m.added}")
        if sources:
            lines.append(f"{'':6}{'':<{width}}  {'':6}  figure: {m.figure_note}")
            lines.append(f"{'':6}{'':<{width}}  {'':6}  source: {m.source}")
    return "\n".join(lines)


def plot_timeline(milestones: Sequence[Milestone] | None = None, fig: Any = None) -> Any:
    """Two panels: the steps before ImageNet (no error figure), then top-5 error (%) by year."""
    rows = _milestones(milestones)
    plt = pyplot()
    early = [m for m in rows if m.top5_error is None]
    late = [m for m in rows if m.top5_error is not None]
    if fig is None:
        fig = plt.figure(figsize=(8.5, 3.4), layout="constrained")
    else:
        fig.clear()
    panels = [p for p in (early, late) if p]
    axes = fig.subplots(
        1,
        len(panels),
        width_ratios=[1, 1.4][: len(panels)] if len(panels) == 2 else None,
        squeeze=False,
    )[0]
    ax_early = axes[0] if early else None
    ax_late = axes[-1] if late else None
    if ax_early is not None:
        for i, m in enumerate(early):
            ax_early.scatter([m.year], [0], marker="s", s=50, color=_VERMILLION, zorder=2)
            ax_early.annotate(
                f"{m.year}\n{m.name}",
                (m.year, 0),
                xytext=(0, 14 if i % 2 == 0 else -30),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
        years = [m.year for m in early]
        ax_early.axhline(0, color="0.75", zorder=1)
        ax_early.set_xlim(min(years) - 5, max(years) + 5)
        ax_early.set_ylim(-1, 1)
        ax_early.set_yticks([])
        ax_early.set_xlabel("year")
        ax_early.set_title("before ImageNet: judged on digits", fontsize=10)
    if ax_late is not None:
        years = [m.year for m in late]
        errors = [m.top5_error for m in late]
        ax_late.plot(years, errors, "-", color="0.75", zorder=1)
        ax_late.scatter(years, errors, s=45, color=_BLUE, zorder=2)
        seen: dict[int, int] = {}
        for m in late:
            k = seen.get(m.year, 0)  # a second entry in the same year goes on the left
            seen[m.year] = k + 1
            ax_late.annotate(
                f"{m.label or m.name} {m.top5_error:g}%",
                (m.year, m.top5_error),
                xytext=(8 if k == 0 else -8, 2),
                textcoords="offset points",
                ha="left" if k == 0 else "right",
                va="bottom",
                fontsize=8,
            )
        ax_late.set_xlim(min(years) - 1, max(years) + 1.2)
        ax_late.set_xticks(sorted(set(years)))
        ax_late.set_ylim(0, max(errors) * 1.2)
        ax_late.set_xlabel("year")
        ax_late.set_ylabel("top-5 error (%)")
        ax_late.set_title("ImageNet top-5 error each paper reported", fontsize=10)
        ax_late.yaxis.grid(True, color="0.9")
        ax_late.set_axisbelow(True)
    return fig


# ---------------------------------------------------------------- facts about a Keras model

WEIGHT_LAYER_TYPES = ("Conv2D", "DepthwiseConv2D", "Dense")


class ModelFacts(NamedTuple):
    """What the comparison table shows for one model."""

    name: str
    params: int
    depth: int  # layers with weights: Conv2D, DepthwiseConv2D, Dense (see weight_layers)
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    last_feature_map: tuple[int, ...] | None  # the last (height, width, channels) output


def _check_model(model: object) -> Any:
    if not hasattr(model, "layers") or not hasattr(model, "inputs"):
        raise ValueError(
            f"model={type(model).__name__} is not allowed: model must be a built Keras model"
        )
    return model


def _all_layers(model: Any) -> list[Any]:
    """Every layer inside `model`, nested models opened up, in order."""
    out = []
    for layer in model.layers:
        if hasattr(layer, "layers"):  # a nested model: count what is inside it
            out.extend(_all_layers(layer))
        else:
            out.append(layer)
    return out


def weight_layers(model: Any) -> list[Any]:
    """The model's Conv2D, DepthwiseConv2D and Dense layers (what 'depth' counts), in order."""
    _check_model(model)
    return [layer for layer in _all_layers(model) if type(layer).__name__ in WEIGHT_LAYER_TYPES]


def model_facts(model: Any, name: str | None = None) -> ModelFacts:
    """Parameters, depth (weight layers), input/output shapes and last feature-map shape."""
    _check_model(model)
    last_map = None
    for layer in _all_layers(model):
        shape = tuple(layer.output.shape[1:])
        if len(shape) == 3:
            last_map = shape
    return ModelFacts(
        name=name or model.name,
        params=int(model.count_params()),
        depth=len(weight_layers(model)),
        input_shape=tuple(model.inputs[0].shape[1:]),
        output_shape=tuple(model.outputs[0].shape[1:]),
        last_feature_map=last_map,
    )


def _facts(rows: object) -> list[ModelFacts]:
    if not isinstance(rows, Sequence) or isinstance(rows, str) or not rows:
        raise ValueError(
            f"rows={rows!r} is not allowed: rows must be a non-empty list of ModelFacts"
        )
    for r in rows:
        if not isinstance(r, ModelFacts):
            raise ValueError(f"rows contains {r!r}: every row must be a ModelFacts")
    return list(rows)


def _shape(shape: tuple[int, ...] | None) -> str:
    return "—" if shape is None else "×".join(str(d) for d in shape)


def facts_table(rows: Sequence[ModelFacts]) -> str:
    """The comparison table as plain text (deterministic, for checked outputs)."""
    rows = _facts(rows)
    head = ("model", "parameters", "depth", "input", "last feature map", "output")
    cells = [head] + [
        (
            r.name,
            f"{r.params:,}",
            str(r.depth),
            _shape(r.input_shape),
            _shape(r.last_feature_map),
            _shape(r.output_shape),
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    right = {1, 2}  # numbers line up on the right
    lines = []
    for j, row in enumerate(cells):
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def plot_model_comparison(rows: Sequence[ModelFacts], fig: Any = None) -> Any:
    """Two panels: parameters (log scale) and depth (weight layers), one bar per model."""
    rows = _facts(rows)
    plt = pyplot()
    size = (min(9.5, 2.0 + 1.2 * len(rows)), 3.2)
    if fig is None:
        fig = plt.figure(figsize=size, layout="constrained")
    else:
        fig.clear()
        fig.set_size_inches(size)
    ax_p, ax_d = fig.subplots(1, 2)
    names = [r.name for r in rows]
    x = np.arange(len(rows))
    colors = [OKABE_ITO[i % 7] for i in range(len(rows))]
    params = [r.params for r in rows]
    ax_p.bar(x, params, color=colors)
    ax_p.set_yscale("log")
    ax_p.set_title("parameters (log scale)", fontsize=10)
    for i, p in enumerate(params):
        text = f"{p / 1e6:.1f} M" if p >= 1e6 else f"{p / 1e3:.0f} k"
        ax_p.text(i, p * 1.15, text, ha="center", va="bottom", fontsize=8)
    ax_p.set_ylim(min(params) / 3, max(params) * 6)
    depths = [r.depth for r in rows]
    ax_d.bar(x, depths, color=colors)
    ax_d.set_title("depth (layers with weights)", fontsize=10)
    for i, d in enumerate(depths):
        ax_d.text(i, d + max(depths) * 0.02, str(d), ha="center", va="bottom", fontsize=8)
    ax_d.set_ylim(0, max(depths) * 1.15)
    for ax in (ax_p, ax_d):
        ax.set_xticks(x, labels=names, rotation=30, ha="right", rotation_mode="anchor", fontsize=8)
        ax.yaxis.grid(True, color="0.9")
        ax.set_axisbelow(True)
    return fig


# ---------------------------------------------------------------- LeNet-5's C3 table (1998)

# Which of the 6 S2 maps each of the 16 C3 maps reads, from Table I of LeCun et al. (1998).
_C3_INPUTS = (
    (0, 1, 2),
    (1, 2, 3),
    (2, 3, 4),
    (3, 4, 5),
    (4, 5, 0),
    (5, 0, 1),
    (0, 1, 2, 3),
    (1, 2, 3, 4),
    (2, 3, 4, 5),
    (3, 4, 5, 0),
    (4, 5, 0, 1),
    (5, 0, 1, 2),
    (0, 1, 3, 4),
    (1, 2, 4, 5),
    (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)


def lenet5_c3_table() -> np.ndarray:
    """LeNet-5's 1998 C3 connections: a (6, 16) bool array, True where S2 map i feeds C3 map j."""
    table = np.zeros((6, 16), dtype=bool)
    for j, inputs in enumerate(_C3_INPUTS):
        table[list(inputs), j] = True
    return table


# ---------------------------------------------------------------- a residual block, drawn


def plot_residual_block(ax: Any = None) -> Any:
    """A diagram: x → conv → ReLU → conv → (+) → ReLU → y, with the skip connection around."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 2.2), layout="constrained")
    boxes = [
        (0.0, "x", "white"),
        (1.5, "conv 3×3", "#c6e3f7"),
        (3.0, "ReLU", "#eeeeee"),
        (4.5, "conv 3×3", "#c6e3f7"),
        (6.0, "+", "#f6c9a9"),
        (7.5, "ReLU", "#eeeeee"),
        (9.0, "y", "white"),
    ]
    for x, label, color in boxes:
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.55, -0.3),
                1.1,
                0.6,
                boxstyle="round,pad=0.05",
                facecolor=color,
                edgecolor="0.3",
            )
        )
        ax.text(x, 0, label, ha="center", va="center", fontsize=10)
    for (x0, _, _), (x1, _, _) in zip(boxes[:-1], boxes[1:], strict=True):
        ax.add_patch(
            FancyArrowPatch(
                (x0 + 0.6, 0), (x1 - 0.6, 0), arrowstyle="-|>", mutation_scale=12, color="0.3"
            )
        )
    ax.add_patch(
        FancyArrowPatch(
            (0.0, 0.36),
            (6.0, 0.36),
            connectionstyle="arc3,rad=-0.25",
            arrowstyle="-|>",
            mutation_scale=14,
            color=_VERMILLION,
            linewidth=2,
        )
    )
    ax.text(
        3.0,
        1.25,
        "skip connection: x is added unchanged (0 parameters)",
        ha="center",
        color=_VERMILLION,
        fontsize=9,
    )
    ax.text(3.0, -0.6, "F(x): the part that learns", ha="center", fontsize=9, color=_BLUE)
    ax.set_xlim(-0.8, 9.8)
    ax.set_ylim(-0.85, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


# ---------------------------------------------------------------- channel mixing, drawn


def plot_channel_mix(
    photo: Any, mixed: Any, titles: Sequence[str] | None = None, fig: Any = None
) -> Any:
    """The photo, then each channel a 1×1 convolution made from it, in the course's colours.

    A channel whose values all lie in 0 … 1 is a brightness: grey, 0 black and 1 white. A
    channel with negative values is signed: the diverging map, centred on 0, with a colour bar.
    """
    photo = np.asarray(photo, dtype=float)
    mixed = np.asarray(mixed, dtype=float)
    if photo.ndim != 3 or photo.shape[-1] != 3:
        raise ValueError(
            f"photo has shape {photo.shape}: it must be a colour image (height, width, 3)"
        )
    if mixed.ndim == 2:
        mixed = mixed[..., np.newaxis]
    if mixed.ndim != 3 or mixed.shape[:2] != photo.shape[:2]:
        raise ValueError(
            f"mixed has shape {mixed.shape}: it must be (height, width, channels) with the "
            f"photo's height and width {photo.shape[:2]}"
        )
    n = 1 + mixed.shape[-1]
    if titles is not None and (isinstance(titles, str) or len(titles) != n):
        raise ValueError(f"titles={titles!r} is not allowed: give {n} titles, one per panel")
    plt = pyplot()
    aspect = photo.shape[0] / photo.shape[1]
    if fig is None:
        fig = plt.figure(figsize=(2.3 * n + 0.6, 2.3 * aspect + 0.5), layout="constrained")
    else:
        fig.clear()
    axes = fig.subplots(1, n, squeeze=False)[0]
    axes[0].imshow(np.clip(photo, 0, 1), interpolation="nearest")
    for i, ax in enumerate(axes[1:]):
        channel = mixed[..., i]
        if channel.min() < 0:  # signed: one diverging scale, symmetric around 0
            m = float(np.max(np.abs(channel))) or 1.0
            image = ax.imshow(
                channel, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest"
            )
            bar = fig.colorbar(image, ax=ax, shrink=0.8, aspect=20, pad=0.02)
            bar.ax.tick_params(labelsize=7)
        else:  # a brightness: grey on the fixed 0 … 1 scale
            ax.imshow(channel, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest")
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    return fig


# ---------------------------------------------------------------- the 1×1 bottleneck


class Bottleneck(NamedTuple):
    """Parameters of a direct k×k convolution vs 1×1 reduce → k×k → 1×1 expand (with biases)."""

    channels: int
    width: int
    kernel_size: int
    direct: int
    reduce: int
    middle: int
    expand: int

    @property
    def bottleneck(self) -> int:
        """Total parameters of the three-layer bottleneck."""
        return self.reduce + self.middle + self.expand

    @property
    def ratio(self) -> float:
        """How many times fewer parameters the bottleneck needs than the direct convolution."""
        return self.direct / self.bottleneck


def bottleneck_params(channels: int, width: int, kernel_size: int = 3) -> Bottleneck:
    """Count a direct k×k conv (channels → channels) and a 1×1/k×k/1×1 bottleneck of `width`."""
    c = _validate.positive_int("channels", channels)
    w = _validate.positive_int("width", width)
    k = _validate.positive_int("kernel_size", kernel_size)
    if w > c:
        raise ValueError(
            f"width={w} is not allowed: a bottleneck is narrower than its input, so width must "
            f"be <= channels = {c}"
        )
    return Bottleneck(
        c,
        w,
        k,
        direct=shapes.conv2d_params(k, c, c),
        reduce=shapes.conv2d_params(1, c, w),
        middle=shapes.conv2d_params(k, w, w),
        expand=shapes.conv2d_params(1, w, c),
    )


def bottleneck_caption_html(b: Bottleneck) -> str:
    """The counts behind the explorer's picture, as HTML."""
    c, w, k = b.channels, b.width, b.kernel_size
    return (
        f"<b>direct {k}×{k}</b>, {c} → {c} channels: ({k}·{k}·{c} + 1)·{c} = "
        f"<b>{b.direct:,}</b> parameters<br>"
        f"<b>bottleneck</b>: 1×1 {c} → {w} ({b.reduce:,}) + {k}×{k} {w} → {w} ({b.middle:,}) "
        f"+ 1×1 {w} → {c} ({b.expand:,}) = <b>{b.bottleneck:,}</b> parameters<br>"
        f"{html.escape(f'{b.ratio:.1f}')}× fewer; both turn an H×W×{c} input into H×W×{c}"
    )


def plot_bottleneck(channels: int, width: int, kernel_size: int = 3, ax: Any = None) -> Any:
    """Stacked bar: the direct k×k convolution next to the 1×1 → k×k → 1×1 bottleneck."""
    from matplotlib.ticker import EngFormatter

    b = bottleneck_params(channels, width, kernel_size)
    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 2.6), layout="constrained")
    k = b.kernel_size
    ax.barh([1], [b.direct], color=_VERMILLION, label=f"{k}×{k} conv")
    left = 0
    for value, color, label in (
        (b.reduce, _BLUE, "1×1 reduce"),
        (b.middle, _SKY, f"{k}×{k} (narrow)"),
        (b.expand, _GREEN, "1×1 expand"),
    ):
        ax.barh([0], [value], left=left, color=color, label=label)
        left += value
    ax.set_yticks([0, 1], labels=["bottleneck", "direct"])
    ax.set_xlabel("parameters")
    ax.xaxis.set_major_formatter(EngFormatter(sep=" "))  # 1.5 M, not 1.5 with "1e6" aside
    ax.set_xlim(0, max(b.direct, b.bottleneck) * 1.05)
    ax.set_title(
        f"{b.channels} channels, width {b.width}: {b.direct:,} vs {b.bottleneck:,} "
        f"({b.ratio:.1f}× fewer)",
        fontsize=10,
    )
    ax.legend(fontsize=8, loc="lower right")
    ax.xaxis.grid(True, color="0.9")
    ax.set_axisbelow(True)
    return ax


EXPLORER_CHANNELS = (16, 32, 64, 128, 256, 512, 1024)


def bottleneck_explorer(channels: int = 256, width: int = 64, kernel_size: int = 3) -> Any:
    """Explorer: how a 1×1 'reduce' and 'expand' shrink the cost of a k×k convolution."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    if channels not in EXPLORER_CHANNELS:
        raise ValueError(
            f"channels={channels!r} is not allowed: the explorer offers {EXPLORER_CHANNELS}"
        )
    if kernel_size not in (1, 3, 5, 7):
        raise ValueError(
            f"kernel_size={kernel_size!r} is not allowed: the explorer offers 1, 3, 5 or 7"
        )
    bottleneck_params(channels, width, kernel_size)  # validates width
    style = {"description_width": "initial"}
    c_box = widgets.Dropdown(
        options=list(EXPLORER_CHANNELS), value=channels, description="channels", style=style
    )
    w_slider = widgets.IntSlider(
        value=width, min=1, max=256, description="bottleneck width", style=style
    )
    k_buttons = widgets.ToggleButtons(
        options=[1, 3, 5, 7], value=kernel_size, description="kernel k", style=style
    )

    def render(channels: int, width: int, kernel_size: int):
        b = bottleneck_params(channels, width, kernel_size)
        ax = plot_bottleneck(channels, width, kernel_size)
        return ax.figure, bottleneck_caption_html(b)

    return Explorer(
        {"channels": c_box, "width": w_slider, "kernel_size": k_buttons},
        render,
        title="1×1 bottleneck: drag the width, change the channels",
    )
