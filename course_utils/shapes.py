"""Shape and parameter arithmetic for convolution, pooling and dense layers.

Pure Python: importing this module does not import TensorFlow. The formulas
match Keras/TensorFlow exactly (see tests/test_shapes.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from course_utils import _validate

CONV_PADDINGS = ("valid", "same", "full")
POOL_PADDINGS = ("valid", "same")


# ---------------------------------------------------------------- one axis


def _padding_amount(name: str, padding: object, kernel_size: int) -> tuple[str, int]:
    """Return (kind, zeros per side) for a padding given as a name or an int p."""
    p = _validate.padding(name, padding, CONV_PADDINGS)
    if isinstance(p, str):
        return p, {"valid": 0, "full": kernel_size - 1}.get(p, -1)
    return "int", p


def conv_output_size(
    input_size: int,
    kernel_size: int,
    strides: int = 1,
    padding: str | int = "valid",
    dilation_rate: int = 1,
) -> int:
    """Output length of a convolution along one axis."""
    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    s = _validate.positive_int("strides", strides)
    d = _validate.positive_int("dilation_rate", dilation_rate)
    k_eff = d * (k - 1) + 1
    kind, p = _padding_amount("padding", padding, k_eff)
    if kind == "same":
        return -(-n // s)  # ceil(n / s)
    if k_eff > n + 2 * p:
        rule = "kernel_size <= input_size" if p == 0 else f"kernel_size <= input_size + 2·{p}"
        spans = ""
        if d > 1:
            spans = f"with dilation_rate={d} it spans {k_eff} pixels, and "
            rule = rule.replace("kernel_size", "dilation_rate·(kernel_size − 1) + 1")
        raise _validate.fail(
            "kernel_size",
            k,
            f"{spans}it does not fit in input_size={n} with padding={padding!r} (need {rule})",
        )
    return (n + 2 * p - k_eff) // s + 1


def pool_output_size(
    input_size: int,
    pool_size: int,
    strides: int | None = None,
    padding: str = "valid",
) -> int:
    """Output length of a pooling layer along one axis (strides default to pool_size)."""
    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("pool_size", pool_size)
    s = k if strides is None else _validate.positive_int("strides", strides)
    padding = _validate.choice("padding", padding, POOL_PADDINGS)
    if padding == "same":
        return -(-n // s)
    if k > n:
        raise _validate.fail(
            "pool_size",
            k,
            f"it does not fit in input_size={n} with padding='valid' (need pool_size <= "
            "input_size)",
        )
    return (n - k) // s + 1


def same_padding(input_size: int, kernel_size: int, strides: int = 1) -> tuple[int, int]:
    """Zeros (before, after) that TensorFlow adds for padding='same' along one axis."""
    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    s = _validate.positive_int("strides", strides)
    out = -(-n // s)
    total = max(0, (out - 1) * s + k - n)
    return total // 2, total - total // 2


def axis_padding(
    input_size: int, kernel_size: int, strides: int = 1, padding: str | int = "valid"
) -> tuple[int, int]:
    """Zeros (before, after) a convolution adds along one axis: the one home of this rule.

    'valid' adds none, 'full' k − 1 on each side, an int p that many on each side, and
    'same' what TensorFlow adds (the odd zero goes after: bottom or right).
    """
    k = _validate.positive_int("kernel_size", kernel_size)
    kind, p = _padding_amount("padding", padding, k)
    if kind == "same":
        return same_padding(input_size, k, strides)
    _validate.positive_int("input_size", input_size)
    _validate.positive_int("strides", strides)
    return p, p


class AxisLayout(NamedTuple):
    """One axis of a convolution or pooling window walk, in padded coordinates.

    Cells 0 … pad_before − 1 are zeros, then the input_size real pixels, then pad_after
    zeros; `starts` are the first cells of the windows, `strides` apart.
    """

    input_size: int
    kernel_size: int
    strides: int
    padding: str | int
    pad_before: int
    pad_after: int
    starts: tuple[int, ...]

    @property
    def padded_size(self) -> int:
        """Length of the axis after the zeros are added."""
        return self.pad_before + self.input_size + self.pad_after

    @property
    def output_size(self) -> int:
        """Number of window positions along this axis = the output's length."""
        return len(self.starts)

    @property
    def coverage(self) -> list[int]:
        """How many windows cover each padded cell."""
        counts = [0] * self.padded_size
        for start in self.starts:
            for i in range(start, start + self.kernel_size):
                counts[i] += 1
        return counts

    @property
    def unused(self) -> tuple[int, ...]:
        """Real pixels (0 … input_size − 1, zeros not counted) that no window covers."""
        real = self.coverage[self.pad_before : self.pad_before + self.input_size]
        return tuple(i for i, c in enumerate(real) if c == 0)


def axis_layout(
    input_size: int, kernel_size: int, strides: int = 1, padding: str | int = "valid"
) -> AxisLayout:
    """Zeros before/after, window starts and output length along one axis, as TensorFlow
    does it: the one home of the padding-and-stride layout.

    The windows are counted, not taken from the formula: the last one must end inside
    the padded input. Raises ValueError if the kernel does not fit at all.
    """
    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    s = _validate.positive_int("strides", strides)
    before, after = axis_padding(n, k, s, padding)
    padded = before + n + after
    if k > padded:
        raise _validate.fail(
            "kernel_size",
            k,
            f"the kernel must fit inside the padded input: with input_size={n} and "
            f"padding={padding!r} that is {padded} cells, so kernel_size <= {padded}",
        )
    kind = padding if isinstance(padding, str) else int(padding)
    return AxisLayout(n, k, s, kind, before, after, tuple(range(0, padded - k + 1, s)))


# ---------------------------------------------------------------- (H, W, C)


def _hwc(name: str, shape: object) -> tuple[int, int, int]:
    if not isinstance(shape, Sequence) or isinstance(shape, str) or len(shape) != 3:
        raise _validate.fail(name, shape, f"{name} must be (height, width, channels)")
    h, w, c = shape
    return (
        _validate.positive_int(f"{name}[0] (height)", h),
        _validate.positive_int(f"{name}[1] (width)", w),
        _validate.positive_int(f"{name}[2] (channels)", c),
    )


def conv2d_output_shape(
    input_shape: Sequence[int],
    filters: int,
    kernel_size: int | Sequence[int],
    strides: int | Sequence[int] = 1,
    padding: str | int = "valid",
) -> tuple[int, int, int]:
    """(H, W, C) after a Conv2D layer; sizes may be ints or (h, w) pairs."""
    h, w, _ = _hwc("input_shape", input_shape)
    f = _validate.positive_int("filters", filters)
    kh, kw = _validate.pair("kernel_size", kernel_size)
    sh, sw = _validate.pair("strides", strides)
    return (
        conv_output_size(h, kh, sh, padding),
        conv_output_size(w, kw, sw, padding),
        f,
    )


def pool2d_output_shape(
    input_shape: Sequence[int],
    pool_size: int | Sequence[int],
    strides: int | Sequence[int] | None = None,
    padding: str = "valid",
) -> tuple[int, int, int]:
    """(H, W, C) after a MaxPooling2D or AveragePooling2D layer."""
    h, w, c = _hwc("input_shape", input_shape)
    ph, pw = _validate.pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else _validate.pair("strides", strides)
    return pool_output_size(h, ph, sh, padding), pool_output_size(w, pw, sw, padding), c


# ---------------------------------------------------------------- parameters


def conv2d_params(
    kernel_size: int | Sequence[int], in_channels: int, filters: int, use_bias: bool = True
) -> int:
    """Trainable parameters of a Conv2D layer: kh·kw·C_in·filters (+ filters biases)."""
    kh, kw = _validate.pair("kernel_size", kernel_size)
    c = _validate.positive_int("in_channels", in_channels)
    f = _validate.positive_int("filters", filters)
    _validate.boolean("use_bias", use_bias)
    return kh * kw * c * f + (f if use_bias else 0)


def dense_params(in_features: int, units: int, use_bias: bool = True) -> int:
    """Trainable parameters of a Dense layer: in·units (+ units biases)."""
    n = _validate.positive_int("in_features", in_features)
    u = _validate.positive_int("units", units)
    _validate.boolean("use_bias", use_bias)
    return n * u + (u if use_bias else 0)


# ---------------------------------------------------------------- explain_model


def _n(x: int) -> str:
    """A number with thousands separators, as the lessons print them."""
    return f"{x:,}"


def _shape_str(shape: Sequence[int | None]) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


class LayerRow(NamedTuple):
    """One row of explain_model: our arithmetic next to what Keras reports."""

    name: str
    kind: str
    output_shape: tuple[int, ...] | None
    shape_formula: str
    params: int | None
    params_formula: str
    keras_output_shape: tuple[int, ...]
    keras_params: int

    @property
    def covered(self) -> bool:
        """False for a layer type the course's arithmetic does not handle."""
        return self.params is not None

    @property
    def agrees(self) -> bool | None:
        """Whether our shape and parameter count equal Keras's (None when not covered)."""
        if not self.covered:
            return None
        return (
            tuple(self.output_shape) == tuple(self.keras_output_shape)
            and self.params == self.keras_params
        )


class ModelExplanation:
    """explain_model's result: a list of LayerRow, shown as HTML in Jupyter, text elsewhere."""

    def __init__(self, rows: list[LayerRow], input_shape: tuple[int, ...]):
        self.rows = rows
        self.input_shape = input_shape

    @property
    def total_params(self) -> int | None:
        """Sum of our parameter counts (None if any layer is not covered)."""
        if not all(r.covered for r in self.rows):
            return None
        return sum(r.params for r in self.rows)

    @property
    def all_agree(self) -> bool:
        """True when every row is covered and matches Keras."""
        return all(r.agrees for r in self.rows)

    def _cells(self) -> list[tuple[str, ...]]:
        out = []
        for r in self.rows:
            if not r.covered:
                out.append(
                    (
                        r.name,
                        r.kind,
                        "not covered",
                        "",
                        "not covered",
                        "the course's arithmetic does not handle this layer type",
                        f"Keras: {_shape_str(r.keras_output_shape)}, {_n(r.keras_params)}",
                    )
                )
                continue
            out.append(
                (
                    r.name,
                    r.kind,
                    _shape_str(r.output_shape),
                    r.shape_formula,
                    _n(r.params),
                    r.params_formula,
                    "✓"
                    if r.agrees
                    else f"✗ Keras: {_shape_str(r.keras_output_shape)}, {_n(r.keras_params)}",
                )
            )
        return out

    _HEAD = (
        "layer",
        "type",
        "output shape",
        "shape arithmetic",
        "params",
        "params arithmetic",
        "Keras agrees",
    )

    def _total_line(self) -> str:
        total = self.total_params
        keras_total = sum(r.keras_params for r in self.rows)
        if total is None:
            return f"Total: some layers not covered (Keras counts {_n(keras_total)})"
        mark = "✓" if total == keras_total else f"✗ Keras: {_n(keras_total)}"
        return f"Total parameters: {_n(total)} {mark}"

    def __str__(self) -> str:
        cells = [self._HEAD, *self._cells()]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self._HEAD))]
        lines = [f"Input: {_shape_str((None, *self.input_shape))}"]
        for j, row in enumerate(cells):
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            if j == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append(self._total_line())
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th>{html.escape(h)}</th>" for h in self._HEAD)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self._cells()
        )
        return (
            f"<p>Input: <code>{_shape_str((None, *self.input_shape))}</code></p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><b>{html.escape(self._total_line())}</b></p>"
        )


def output_formula(layout: AxisLayout, steps: bool = False) -> str:
    """The output-length formula with one axis's numbers: the one home of this text.

    '6 + 2·1 − 3 + 1 = 6' at stride 1 ('6 + (1 + 2) − 4 + 1 = 6' when the zeros before
    and after differ); '⌊(8 − 3)/2⌋ + 1 = 3' with a stride ('same' with a stride:
    '⌈7/2⌉ = 4'). With `steps`, the strided form shows its working
    ('⌊(8 − 3)/2⌋ + 1 = ⌊5/2⌋ + 1 = 2 + 1 = 3'), after the '⌈n/s⌉' shortcut for 'same'.
    """
    n, k, s, out = layout.input_size, layout.kernel_size, layout.strides, layout.output_size
    before, after = layout.pad_before, layout.pad_after
    if before == after == 0:
        inner = f"{n} − {k}"
    else:
        zeros = f"2·{before}" if before == after else f"({before} + {after})"  # 2p, split
        inner = f"{n} + {zeros} − {k}"
    if s == 1:
        return f"{inner} + 1 = {out}"
    top = n + before + after - k
    general = f"⌊({inner})/{s}⌋ + 1 = " + (f"⌊{top}/{s}⌋ + 1 = {top // s} + 1 = " if steps else "")
    general += str(out)
    if layout.padding == "same":
        return f"⌈{n}/{s}⌉ = {out}" + (f"; with the zeros: {general}" if steps else "")
    return general


def _spatial_formula(h: tuple, w: tuple, padding: object) -> str:
    """The formula for both axes ((size, kernel, stride) each), once if they agree."""
    fh = output_formula(axis_layout(*h, padding))
    fw = output_formula(axis_layout(*w, padding))
    return fh if fh == fw else f"H: {fh}; W: {fw}"


def _explain_layer(layer: Any, in_shape: tuple[int, ...]) -> tuple[tuple, str, int, str] | None:
    """Our (output shape, shape formula, params, params formula), or None if not covered."""
    kind = type(layer).__name__
    cfg = layer.get_config()
    if cfg.get("data_format", "channels_last") != "channels_last":
        return None
    if kind == "Conv2D":
        if len(in_shape) != 3 or cfg.get("groups", 1) != 1:
            return None
        h, w, c = in_shape
        (kh, kw), (sh, sw) = cfg["kernel_size"], cfg["strides"]
        dh, dw = cfg.get("dilation_rate", (1, 1))
        pad = cfg["padding"]
        out_h = conv_output_size(h, kh, sh, pad, dh)
        out_w = conv_output_size(w, kw, sw, pad, dw)
        f = cfg["filters"]
        params = conv2d_params((kh, kw), c, f, cfg["use_bias"])
        pf = f"({kh}·{kw}·{c} + 1)·{f}" if cfg["use_bias"] else f"{kh}·{kw}·{c}·{f}"
        sf = _spatial_formula((h, kh, sh), (w, kw, sw), pad)
        return (out_h, out_w, f), sf, params, f"{pf} = {_n(params)}"
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        if len(in_shape) != 3:
            return None
        h, w, c = in_shape
        (kh, kw), pad = cfg["pool_size"], cfg["padding"]
        sh, sw = cfg["strides"] or (kh, kw)
        out_h = pool_output_size(h, kh, sh, pad)
        out_w = pool_output_size(w, kw, sw, pad)
        sf = _spatial_formula((h, kh, sh), (w, kw, sw), pad)
        return (out_h, out_w, c), sf, 0, "no weights: 0"
    if kind in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
        if len(in_shape) != 3 or cfg.get("keepdims", False):
            return None
        return (in_shape[2],), f"one number per channel: {in_shape[2]}", 0, "no weights: 0"
    if kind == "Flatten":
        size = math.prod(in_shape)
        return (size,), "·".join(map(str, in_shape)) + f" = {_n(size)}", 0, "no weights: 0"
    if kind == "Dense":
        n, u = in_shape[-1], cfg["units"]
        params = dense_params(n, u, cfg["use_bias"])
        pf = f"({_n(n)} + 1)·{u}" if cfg["use_bias"] else f"{_n(n)}·{u}"
        return (*in_shape[:-1], u), f"{u} units", params, f"{pf} = {_n(params)}"
    if kind == "ZeroPadding2D":
        if len(in_shape) != 3:
            return None
        (top, bottom), (left, right) = cfg["padding"]
        h, w, c = in_shape
        out = (h + top + bottom, w + left + right, c)
        if top == bottom == left == right and h == w:
            sf = f"{h} + 2·{top} = {out[0]}"
        else:
            sf = f"H: {h} + {top} + {bottom} = {out[0]}; W: {w} + {left} + {right} = {out[1]}"
        return out, sf, 0, "no weights: 0"
    if kind == "BatchNormalization":
        axis = cfg["axis"]
        axes = axis if isinstance(axis, (list, tuple)) else [axis]
        if list(axes) not in ([-1], [len(in_shape)]):
            return None
        c = in_shape[-1]
        n_vec = int(cfg.get("center", True)) + int(cfg.get("scale", True)) + 2
        return in_shape, "unchanged", n_vec * c, f"{n_vec}·{c} (γ, β, mean, variance) = {n_vec * c}"
    if kind in ("Dropout", "Activation", "ReLU", "Softmax", "LeakyReLU"):
        return in_shape, "unchanged", 0, "no weights: 0"
    return None


def explain_model(model: Any) -> ModelExplanation:
    """Each layer's output shape and parameter count from the course's formulas, vs Keras."""
    layers = getattr(model, "layers", None)
    if layers is None or not hasattr(model, "inputs"):
        raise _validate.fail(
            "model",
            f"<{type(model).__name__}>",
            "model must be a built Keras model (e.g. keras.Sequential([keras.Input(shape=(28, "
            "28, 1)), ...]))",
        )
    try:
        in_shape = tuple(model.inputs[0].shape[1:])
    except (AttributeError, IndexError, TypeError, ValueError):
        raise _validate.fail(
            "model", "<a model without an input shape>", "start it with keras.Input(shape=...)"
        ) from None
    rows: list[LayerRow] = []
    shape: tuple[int, ...] | None = in_shape
    for layer in layers:
        keras_shape = tuple(layer.output.shape[1:])
        keras_params = int(layer.count_params())
        ours = _explain_layer(layer, shape) if shape is not None else None
        kind = type(layer).__name__
        if ours is None:
            rows.append(LayerRow(layer.name, kind, None, "", None, "", keras_shape, keras_params))
            shape = None  # we cannot follow the shapes past an unknown layer
            continue
        out, sf, params, pf = ours
        rows.append(
            LayerRow(layer.name, kind, tuple(out), sf, params, pf, keras_shape, keras_params)
        )
        shape = tuple(out)
    return ModelExplanation(rows, in_shape)


# ---------------------------------------------------------------- receptive field


class ReceptiveField(NamedTuple):
    """Receptive field after one layer, in input pixels along one axis.

    Output unit i of this layer sees input pixels start + i·jump ... start + i·jump + size − 1
    (start is negative where the window reaches into padding).
    """

    name: str
    kernel_size: int
    strides: int
    size: int
    jump: int
    start: int


def receptive_field(layers: Any, input_size: int | None = None) -> list[ReceptiveField]:
    """Receptive field size, jump and start of every layer (one spatial axis).

    `layers` is a list of (kernel_size, strides) or (kernel_size, strides, padding)
    tuples, or a Keras model (its Conv2D, pooling and ZeroPadding2D layers; the
    height axis is used). 'same' padding needs `input_size`.
    """
    specs = _rf_specs_from_model(layers) if hasattr(layers, "layers") else _rf_specs(layers)
    if hasattr(layers, "layers") and input_size is None:
        input_size = int(layers.inputs[0].shape[1])
    n = None if input_size is None else _validate.positive_int("input_size", input_size)
    size, jump, start = 1, 1, 0
    rows = []
    for name, k, s, padding in specs:
        if isinstance(padding, tuple):  # ZeroPadding2D: (top, bottom) zeros, no window
            before, after = padding
            next_n = None if n is None else n + before + after
        elif padding == "same":
            if n is None:
                raise _validate.fail(
                    "input_size",
                    None,
                    f"{name} uses padding='same': pass input_size= so the zeros can be placed",
                )
            before = same_padding(n, k, s)[0]
            next_n = conv_output_size(n, k, s, "same")
        else:
            before = {"valid": 0, "full": k - 1}.get(padding, padding)
            next_n = None if n is None else conv_output_size(n, k, s, padding)
        start = start - before * jump
        size = size + (k - 1) * jump
        jump = jump * s
        n = next_n
        rows.append(ReceptiveField(name, k, s, size, jump, start))
    return rows


def _rf_specs(layers: object) -> list[tuple[str, int, int, object]]:
    if not isinstance(layers, Sequence) or isinstance(layers, str) or not layers:
        raise _validate.fail(
            "layers",
            layers,
            "layers must be a non-empty list of (kernel_size, strides) or (kernel_size, "
            "strides, padding) tuples, or a Keras model",
        )
    specs = []
    for i, spec in enumerate(layers):
        if not isinstance(spec, Sequence) or isinstance(spec, str) or len(spec) not in (2, 3):
            raise _validate.fail(
                f"layers[{i}]",
                spec,
                "each layer must be (kernel_size, strides) or (kernel_size, strides, padding)",
            )
        k = _validate.positive_int(f"layers[{i}] kernel_size", spec[0])
        s = _validate.positive_int(f"layers[{i}] strides", spec[1])
        padding = spec[2] if len(spec) == 3 else "valid"
        kind, p = _padding_amount(f"layers[{i}] padding", padding, k)
        specs.append((f"layer {i + 1}", k, s, padding if kind != "int" else p))
    return specs


def _rf_specs_from_model(model: Any) -> list[tuple[str, int, int, object]]:
    specs = []
    for layer in model.layers:
        kind = type(layer).__name__
        cfg = layer.get_config()
        if kind == "Conv2D":
            d = cfg.get("dilation_rate", (1, 1))[0]
            k = d * (cfg["kernel_size"][0] - 1) + 1
            specs.append((layer.name, k, cfg["strides"][0], cfg["padding"]))
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            k = cfg["pool_size"][0]
            s = (cfg["strides"] or cfg["pool_size"])[0]
            specs.append((layer.name, k, s, cfg["padding"]))
        elif kind == "ZeroPadding2D":
            top, bottom = cfg["padding"][0]
            specs.append((layer.name, 1, 1, (top, bottom)))
        elif kind in ("Flatten", "Dense", "GlobalAveragePooling2D", "GlobalMaxPooling2D"):
            break
    if not specs:
        raise _validate.fail(
            "model", "<a model without Conv2D or pooling layers>", "there is nothing to compute"
        )
    return specs


# ---------------------------------------------------------------- one unit's window


def unit_window(field: ReceptiveField, index: int) -> tuple[int, int]:
    """First and last input pixel (inclusive, one axis) that unit `index` of a layer sees."""
    if not isinstance(field, ReceptiveField):
        raise _validate.fail("field", field, "field must be one row of shapes.receptive_field(...)")
    first = field.start + _validate.non_negative_int("index", index) * field.jump
    return first, first + field.size - 1


def field_mask(field: ReceptiveField, row: int, col: int, input_shape: tuple[int, int]) -> Any:
    """Bool (H, W) mask of the input pixels unit (row, col) sees (clipped to the image)."""
    import numpy as np

    h, w = _validate.pair("input_shape", input_shape)
    (r0, r1), (c0, c1) = unit_window(field, row), unit_window(field, col)
    mask = np.zeros((h, w), dtype=bool)
    mask[max(r0, 0) : max(r1 + 1, 0), max(c0, 0) : max(c1 + 1, 0)] = True
    return mask


def central_unit(field: ReceptiveField, input_size: int, output_size: int | None = None) -> int:
    """The unit whose window's centre is nearest the input's centre (one axis).

    Without `output_size`, only units whose whole window lies inside the input count.
    """
    n = _validate.positive_int("input_size", input_size)
    if output_size is None:
        first, _ = unit_window(field, 0)  # a window starting before pixel 0 moves the range
        windows = {i: unit_window(field, i) for i in range(n - min(first, 0))}
        windows = {i: (a, b) for i, (a, b) in windows.items() if a >= 0 and b < n}
        if not windows:
            raise _validate.fail(
                "field", field, f"no unit's window lies inside an input of {n} pixels"
            )
    else:
        count = _validate.positive_int("output_size", output_size)
        windows = {i: unit_window(field, i) for i in range(count)}
    return min(windows, key=lambda i: abs(sum(windows[i]) - (n - 1)))
