"""Famous architectures, as numbers: the timeline, a Keras model's facts, LeNet-5's C3 table,
the 1×1 bottleneck's parameter counts.

Lesson 09's arithmetic, with no drawing: `course_utils.figures.architectures` draws it and
`course_utils.widgets.architectures` explores the bottleneck. Importing this module imports
no TensorFlow (a model is passed in, already built).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, shapes

__all__ = [
    "Milestone",
    "MILESTONES",
    "milestones_text",
    "ModelFacts",
    "WEIGHT_LAYER_TYPES",
    "weight_layers",
    "model_facts",
    "facts_rows",
    "facts_table",
    "lenet5_c3_table",
    "Bottleneck",
    "bottleneck_params",
]


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


def milestones_text(sources: bool = False) -> str:
    """The timeline as plain text: year, name, ImageNet top-5 error (or why none), what it added."""
    width = max(len(m.name) for m in MILESTONES)
    lines = []
    for m in MILESTONES:
        error = "   —  " if m.top5_error is None else f"{m.top5_error:5.2f}%"
        lines.append(f"{m.year}  {m.name:<{width}}  {error}  {m.added}")
        if sources:
            lines.append(f"{'':6}{'':<{width}}  {'':6}  figure: {m.figure_note}")
            lines.append(f"{'':6}{'':<{width}}  {'':6}  source: {m.source}")
    return "\n".join(lines)


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
    return [
        layer
        for layer in _all_layers(_validate.keras_model("model", model))
        if type(layer).__name__ in WEIGHT_LAYER_TYPES
    ]


def model_facts(model: Any, name: str | None = None) -> ModelFacts:
    """Parameters, depth (weight layers), input/output shapes and last feature-map shape."""
    last_map = None
    for layer in _all_layers(_validate.keras_model("model", model)):
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


def facts_rows(rows: object) -> list[ModelFacts]:
    """`rows` as a list, if it is a non-empty sequence of ModelFacts (else ValueError)."""
    return _validate.items("rows", rows, ModelFacts)


def _shape(shape: tuple[int, ...] | None) -> str:
    return "—" if shape is None else "×".join(str(d) for d in shape)


def facts_table(rows: Sequence[ModelFacts]) -> str:
    """The comparison table as plain text (deterministic, for checked outputs)."""
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
        for r in facts_rows(rows)
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
    w = _validate.int_range("width", width, 1, c, "a bottleneck is no wider than its channels")
    k = _validate.positive_int("kernel_size", kernel_size)
    return Bottleneck(
        c,
        w,
        k,
        direct=shapes.conv2d_params(k, c, c),
        reduce=shapes.conv2d_params(1, c, w),
        middle=shapes.conv2d_params(k, w, w),
        expand=shapes.conv2d_params(1, w, c),
    )
