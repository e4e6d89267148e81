"""NumPy reference layers: padding, convolution, pooling, ReLU, softmax and cross-entropy.

Keras conventions throughout: channels-last images (H, W, C) or batches (N, H, W, C),
kernels (kh, kw, C_in, C_out), padding "valid"/"same" exactly as TensorFlow places it.
float32 input stays float32 (like Keras); anything else is computed in float64.
Pure NumPy: importing this module does not import TensorFlow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from course_utils import _validate
from course_utils.shapes import (
    POOL_PADDINGS,
    AxisLayout,
    axis_layout,
    axis_padding,
    same_padding,
)

__all__ = [
    "pad2d",
    "conv2d_naive",
    "conv2d",
    "max_pool2d",
    "avg_pool2d",
    "POOL_MODES",
    "Pooled",
    "pool_windows",
    "brightest_window",
    "white_image_means",
    "relu",
    "softmax",
    "cross_entropy",
]

IMAGE_RULE = "x must be an image (H, W) or (H, W, C), or a batch (N, H, W, C)"

Pads = tuple[tuple[int, int], tuple[int, int]]


# ---------------------------------------------------------------- argument checks


def _float_array(name: str, value: object, ndims: Sequence[int], rule: str) -> np.ndarray:
    """`value` as a float array: float32 stays float32 (no copy), anything else float64."""
    if isinstance(value, np.ndarray) and value.dtype == np.float32:
        arr = value
    else:
        arr = _validate.array(name, value, ndims=range(65))
    if arr.ndim not in ndims:
        raise _validate.fail(name, arr, rule)
    return arr


def _no_empty_axis(name: str, arr: np.ndarray) -> None:
    if 0 in arr.shape:
        raise _validate.fail(name, arr, f"every dimension of {name} must be at least 1")


def _image_batch(x: object) -> tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]:
    """x (H, W), (H, W, C) or (N, H, W, C) as a batch (N, H, W, C), and the way back."""
    x = _float_array("x", x, (2, 3, 4), IMAGE_RULE)
    _no_empty_axis("x", x)
    if x.ndim == 2:
        return x[None, :, :, None], lambda out: out[0, :, :, 0]
    if x.ndim == 3:
        return x[None], lambda out: out[0]
    return x, lambda out: out


def _hw(shape: Sequence[int]) -> str:
    return f"{shape[0]}×{shape[1]}"


def _pad_spec(padding: object) -> Pads:
    """((top, bottom), (left, right)) from p, (ph, pw) or ((top, bottom), (left, right))."""
    rule = (
        "padding must be a whole number p >= 0, a pair (ph, pw) "
        "or a pair of pairs ((top, bottom), (left, right))"
    )
    if isinstance(padding, Sequence) and not isinstance(padding, str):
        if len(padding) == 2 and all(
            isinstance(p, Sequence) and not isinstance(p, str) for p in padding
        ):
            pads = []
            for i, side in enumerate(padding):
                if len(side) != 2:
                    raise _validate.fail("padding", padding, rule)
                pads.append(
                    (
                        _validate.non_negative_int(f"padding[{i}][0]", side[0]),
                        _validate.non_negative_int(f"padding[{i}][1]", side[1]),
                    )
                )
            return pads[0], pads[1]
        if len(padding) != 2:
            raise _validate.fail("padding", padding, rule)
        ph, pw = _validate.pair("padding", padding, low=0)
        return (ph, ph), (pw, pw)
    if not _validate.is_whole(padding):
        raise _validate.fail("padding", padding, rule)
    p = _validate.non_negative_int("padding", padding)
    return (p, p), (p, p)


# ---------------------------------------------------------------- padding


def pad2d(x: ArrayLike, padding: int | Sequence, value: float = 0.0) -> np.ndarray:
    """Pad the height and width axes of (H, W), (H, W, C) or (N, H, W, C) with `value`."""
    arr = _float_array("x", x, (2, 3, 4), IMAGE_RULE)
    (top, bottom), (left, right) = _pad_spec(padding)
    if not _validate.is_real(value):
        raise _validate.fail("value", value, "value must be a number")
    widths = [(0, 0)] * arr.ndim
    h_axis = 1 if arr.ndim == 4 else 0
    widths[h_axis] = (top, bottom)
    widths[h_axis + 1] = (left, right)
    return np.pad(arr, widths, mode="constant", constant_values=value)


# ---------------------------------------------------------------- convolution


def _conv_pads(
    padding: object, size: tuple[int, int], kernel_size: tuple[int, int], strides: tuple[int, int]
) -> Pads:
    """Zeros ((top, bottom), (left, right)) for a conv padding name or int p."""
    return (
        axis_padding(size[0], kernel_size[0], strides[0], padding),  # type: ignore[arg-type]
        axis_padding(size[1], kernel_size[1], strides[1], padding),  # type: ignore[arg-type]
    )


def _conv_inputs(
    x: object, kernel: object, bias: object, strides: object, padding: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int], Callable]:
    """Check conv2d's arguments; return padded x (N, H, W, C_in), kernel, bias, strides, undo."""
    x_in = _float_array("x", x, (2, 3, 4), IMAGE_RULE)
    k = _float_array(
        "kernel", kernel, (2, 4), "kernel must be (kh, kw, C_in, C_out), or (kh, kw) for x (H, W)"
    )
    _no_empty_axis("kernel", k)
    if x_in.ndim == 2 and k.ndim != 2:
        raise _validate.fail(
            "kernel",
            k,
            f"x has shape {x_in.shape}: a 2-D image x (H, W) takes a 2-D kernel (kh, kw); "
            f"for several filters give x a channel axis, e.g. x[..., None] with shape "
            f"{(*x_in.shape, 1)}",
        )
    if x_in.ndim > 2 and k.ndim == 2:
        raise _validate.fail(
            "kernel",
            k,
            f"x has shape {x_in.shape}: for x with a channel axis, kernel must have shape "
            f"(kh, kw, C_in, C_out) = ({k.shape[0]}, {k.shape[1]}, {x_in.shape[-1]}, filters)",
        )
    xb, undo = _image_batch(x_in)
    if k.ndim == 2:
        k = k[:, :, None, None]
    if k.shape[2] != xb.shape[3]:
        raise _validate.fail(
            "kernel",
            k,
            f"x has {xb.shape[3]} channels: kernel.shape[2] must equal the number of input "
            "channels",
        )
    filters = k.shape[3]
    if bias is None:
        b = np.zeros(filters, dtype=np.result_type(xb, k))
    else:
        b = _float_array("bias", bias, (0, 1), "bias must have shape (C_out,)")
        if b.ndim == 0 and filters == 1:
            b = b.reshape(1)
        if b.shape != (filters,):
            raise _validate.fail(
                "bias",
                b,
                f"kernel has {filters} filters: bias must have shape (C_out,) = ({filters},)",
            )
    dtype = np.result_type(xb, k, b)
    sh, sw = _validate.pair("strides", strides)
    kh, kw = k.shape[:2]
    h, w = xb.shape[1:3]
    pads = _conv_pads(padding, (h, w), (kh, kw), (sh, sw))
    padded = (h + sum(pads[0]), w + sum(pads[1]))
    if kh > padded[0] or kw > padded[1]:
        raise _validate.fail(
            "kernel",
            k,
            f"a {_hw((kh, kw))} kernel does not fit in x of size {_hw((h, w))} (height×width), "
            f"which is {_hw(padded)} after padding={padding!r}: the kernel's height and width "
            "must be at most the padded input's",
        )
    xp = pad2d(xb, pads) if pads != ((0, 0), (0, 0)) else xb
    x_out, k_out, b_out = (a.astype(dtype, copy=False) for a in (xp, k, b))
    return x_out, k_out, b_out, (sh, sw), undo


def conv2d_naive(
    x: ArrayLike,
    kernel: ArrayLike,
    bias: ArrayLike | None = None,
    strides: int | Sequence[int] = 1,
    padding: str | int = "valid",
) -> np.ndarray:
    """Conv2D (cross-correlation, like Keras) with plain loops: slow, every step visible."""
    # Check the arguments, add the padding zeros, and make x a batch (N, H, W, C_in).
    x, kernel, bias, (stride_h, stride_w), undo_batch = _conv_inputs(
        x, kernel, bias, strides, padding
    )
    n_images, height, width, _ = x.shape
    kh, kw, _, filters = kernel.shape
    out_h = (height - kh) // stride_h + 1
    out_w = (width - kw) // stride_w + 1

    out = np.zeros((n_images, out_h, out_w, filters), dtype=x.dtype)
    for b in range(n_images):  # every image in the batch
        for i in range(out_h):  # every output row
            for j in range(out_w):  # every output column
                top, left = i * stride_h, j * stride_w
                patch = x[b, top : top + kh, left : left + kw, :]  # (kh, kw, C_in)
                for f in range(filters):  # every filter = every output channel
                    weights = kernel[:, :, :, f]  # (kh, kw, C_in), same shape as patch
                    out[b, i, j, f] = np.sum(patch * weights) + bias[f]
    return undo_batch(out)


def conv2d(
    x: ArrayLike,
    kernel: ArrayLike,
    bias: ArrayLike | None = None,
    strides: int | Sequence[int] = 1,
    padding: str | int = "valid",
) -> np.ndarray:
    """Conv2D computed as one matrix product: the same numbers as conv2d_naive, much faster."""
    x, kernel, bias, (stride_h, stride_w), undo_batch = _conv_inputs(
        x, kernel, bias, strides, padding
    )
    kh, kw, c_in, filters = kernel.shape
    # Every kh×kw window, as a view (no copy): (N, out_h, out_w, C_in, kh, kw).
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::stride_h, ::stride_w]
    n_images, out_h, out_w = windows.shape[:3]
    # One row per window, in the kernel's (kh, kw, C_in) order ("im2col"), times the
    # kernel as a (kh·kw·C_in, filters) matrix. Faster here than tensordot or einsum.
    rows = windows.transpose(0, 1, 2, 4, 5, 3).reshape(-1, kh * kw * c_in)
    out = rows @ kernel.reshape(kh * kw * c_in, filters) + bias
    return undo_batch(out.reshape(n_images, out_h, out_w, filters))


# ---------------------------------------------------------------- pooling


def _pool_inputs(
    x: object, pool_size: object, strides: object, padding: object
) -> tuple[np.ndarray, tuple[int, int], tuple[int, int], Pads, Callable]:
    """Check a pooling layer's arguments; return x (N, H, W, C), pool, strides, pads, undo."""
    xb, undo = _image_batch(x)
    pool = _validate.pair("pool_size", pool_size)
    steps = pool if strides is None else _validate.pair("strides", strides)
    padding = _validate.choice("padding", padding, POOL_PADDINGS)
    h, w = xb.shape[1:3]
    if padding == "valid" and (pool[0] > h or pool[1] > w):
        raise _validate.fail(
            "pool_size",
            pool_size,
            f"a {_hw(pool)} pool does not fit in x of size {_hw((h, w))} (height×width) with "
            "padding='valid': the pool's height and width must be at most the input's "
            "(or use padding='same')",
        )
    if padding == "valid":
        return xb, pool, steps, ((0, 0), (0, 0)), undo
    pads = same_padding(h, pool[0], steps[0]), same_padding(w, pool[1], steps[1])
    return xb, pool, steps, pads, undo


def _windows(x: np.ndarray, pool: tuple[int, int], steps: tuple[int, int]) -> np.ndarray:
    """Every pooling window of a batch, as a view: (N, out_h, out_w, C, ph, pw)."""
    return sliding_window_view(x, pool, axis=(1, 2))[:, :: steps[0], :: steps[1]]


def max_pool2d(
    x: ArrayLike,
    pool_size: int | Sequence[int] = 2,
    strides: int | Sequence[int] | None = None,
    padding: str = "valid",
) -> np.ndarray:
    """MaxPooling2D: the largest value in each window (padding cells never win)."""
    x, pool, steps, pads, undo_batch = _pool_inputs(x, pool_size, strides, padding)
    x = pad2d(x, pads, value=-np.inf)  # -inf is smaller than every real value
    return undo_batch(_windows(x, pool, steps).max(axis=(-2, -1)))


def avg_pool2d(
    x: ArrayLike,
    pool_size: int | Sequence[int] = 2,
    strides: int | Sequence[int] | None = None,
    padding: str = "valid",
) -> np.ndarray:
    """AveragePooling2D: the mean of the real (non-padded) values in each window."""
    x, pool, steps, pads, undo_batch = _pool_inputs(x, pool_size, strides, padding)
    sums = _windows(pad2d(x, pads), pool, steps).sum(axis=(-2, -1))
    # How many real pixels each window covers: the same windows over a padded mask of ones.
    real = pad2d(np.ones((1, *x.shape[1:3], 1), dtype=x.dtype), pads)
    counts = _windows(real, pool, steps).sum(axis=(-2, -1))
    return undo_batch(sums / counts)


POOL_MODES = ("max", "average")  # MaxPooling2D, AveragePooling2D


class Pooled(NamedTuple):
    """A 2-D map pooled as Keras pools it, with the windows along each axis (lesson 05)."""

    x: np.ndarray
    mode: str  # 'max' or 'average'
    rows: AxisLayout
    cols: AxisLayout
    out: np.ndarray  # the pooled map

    @property
    def n_windows(self) -> int:
        """How many windows = how many numbers the pooled map holds."""
        return self.out.size

    def corners(self) -> np.ndarray:
        """(top, left) of every window in padded coordinates, row by row: (n_windows, 2)."""
        return np.array([(r, c) for r in self.rows.starts for c in self.cols.starts])

    def padded(self) -> np.ndarray:
        """x with NaN in the padding cells (padding is not a value: pooling skips it)."""
        pads = (
            (self.rows.pad_before, self.rows.pad_after),
            (self.cols.pad_before, self.cols.pad_after),
        )
        return np.pad(self.x, pads, constant_values=np.nan)

    def window(self, step: int) -> tuple[int, int, np.ndarray]:
        """Window `step` (0 = top left, row by row): its output (row, col) and its cells
        (NaN where it covers padding)."""
        out_row, out_col = divmod(step, self.cols.output_size)
        top, left = self.rows.starts[out_row], self.cols.starts[out_col]
        height, width = self.rows.kernel_size, self.cols.kernel_size
        return out_row, out_col, self.padded()[top : top + height, left : left + width]


def pool_windows(
    x: ArrayLike,
    pool_size: int | Sequence[int] = 2,
    strides: int | Sequence[int] | None = None,
    padding: str = "valid",
    mode: str = "max",
) -> Pooled:
    """x (H, W) pooled by MaxPooling2D ('max') or AveragePooling2D ('average'), with its
    windows along each axis from `shapes.axis_layout`."""
    arr = _validate.array("x", x, ndims=(2,))
    mode = _validate.choice("mode", mode, POOL_MODES)
    pool = max_pool2d if mode == "max" else avg_pool2d
    out = pool(arr, pool_size, strides, padding)  # checks pool_size, strides and padding
    ph, pw = _validate.pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else _validate.pair("strides", strides)
    rows = axis_layout(arr.shape[0], ph, sh, padding)
    cols = axis_layout(arr.shape[1], pw, sw, padding)
    return Pooled(arr, mode, rows, cols, out)


def brightest_window(
    x: ArrayLike,
    pool_size: int | Sequence[int] = 2,
    strides: int | Sequence[int] | None = None,
    padding: str = "valid",
) -> int:
    """The number (0 = top left, row by row) of the first window that holds x's largest value."""
    top = max_pool2d(x, pool_size, strides, padding)
    return int(np.argmax(top == top.max()))


def white_image_means(layout: AxisLayout) -> tuple[np.ndarray, np.ndarray]:
    """(padded white image, k×k mean of every window) for a square input laid out as `layout`
    (lesson 03): an output is (real pixels under the window) / k², 1 inside, less at the border."""
    n, k = layout.input_size, layout.kernel_size
    pads = (layout.pad_before, layout.pad_after)
    padded = pad2d(np.ones((n, n)), (pads, pads))
    return padded, conv2d(padded, np.full((k, k), 1 / k**2))


# ---------------------------------------------------------------- activations


def relu(x: ArrayLike) -> np.ndarray:
    """max(0, x), elementwise."""
    arr = _float_array("x", x, range(65), "")
    return np.maximum(arr, 0.0)


def softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """exp(x / T) / sum(exp(x / T)) along `axis`, computed stably (the max is subtracted first)."""
    arr = _float_array("x", x, range(1, 65), "x must have at least 1 dimension")
    axis = _validate.int_range(
        "axis", axis, -arr.ndim, arr.ndim - 1, f"x has {arr.ndim} dimension(s)"
    )
    t = _validate.real("temperature", temperature, 0, low_open=True)
    scaled = arr / t if t != 1 else arr
    shifted = scaled - scaled.max(axis=axis, keepdims=True)  # largest becomes 0: no overflow
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


# ---------------------------------------------------------------- the loss


def cross_entropy(labels: ArrayLike, probs: ArrayLike) -> float | np.ndarray:
    """−ln(probability of the true class), like Keras's sparse categorical cross-entropy
    without its clipping: one number for one row of probabilities, one per row for a batch.

    Also the one check that `probs` are probabilities (every row from 0 to 1, adding up to
    1) with one whole-number class label per row; p = 0 gives inf (infinitely surprised).
    """
    p = _validate.array("probs", probs, ndims=(1, 2))
    rows = p.reshape(-1, p.shape[-1])
    rule = (
        "probs must be probabilities (numbers from 0 to 1, each row adding up to 1), "
        "at least 2 classes, one row per image as model.predict returns them; apply "
        "softmax to logits first"
    )
    if rows.shape[0] == 0 or rows.shape[1] < 2 or not np.isfinite(rows).all():
        raise _validate.fail("probs", f"<array of shape {p.shape}>", rule)
    if rows.min() < -1e-6 or rows.max() > 1 + 1e-6:
        raise _validate.fail("probs", f"<values from {rows.min():.3g} to {rows.max():.3g}>", rule)
    sums = rows.sum(axis=1)
    worst = int(np.argmax(np.abs(sums - 1)))
    if abs(sums[worst] - 1) > 1e-3:
        raise _validate.fail(f"probs[{worst}]", f"<a row adding up to {sums[worst]:.3g}>", rule)
    classes = rows.shape[1]
    if p.ndim == 1:
        y = np.array([_validate.int_range("labels", labels, 0, classes - 1, "a class index")])
    else:
        y = _validate.array("labels", labels, ndims=(1,))
        if (
            y.size != rows.shape[0]
            or y.size
            and (np.any(y != np.round(y)) or y.min() < 0 or y.max() >= classes)
        ):
            raise _validate.fail(
                "labels",
                f"<{y.size} labels from {y.min():g} to {y.max():g}>" if y.size else "<no labels>",
                f"labels must be one whole number from 0 to {classes - 1} per row of probs "
                f"({rows.shape[0]} rows)",
            )
        y = y.astype(int)
    with np.errstate(divide="ignore"):
        losses = -np.log(rows[np.arange(len(y)), y])
    return float(losses[0]) if p.ndim == 1 else losses
