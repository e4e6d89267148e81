"""Convolution: a small kernel slides over an image and makes one number at every position.

Pure functions give one step of the sliding dot product (`convolution_step`), read and
write 3×3 kernels as text (`parse_kernel`, `kernel_to_text`), filter an image with a kernel
(`filter_image`), draw all of it, and compare arrays on one shared colour scale
(`plot_on_one_scale`). Two explorers wire them to controls:
`convolution_stepper()` walks the kernel over a small grid of numbers, and
`kernel_playground()` applies preset or hand-typed kernels to a photo.
Importing this module imports neither TensorFlow nor ipywidgets and changes no
matplotlib setting.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from course_utils import _validate, layers_numpy, shapes
from course_utils.plotting import DIVERGING_CMAP, IMAGE_CMAP, OKABE_ITO, show_matrix
from course_utils.widgets._base import pyplot

__all__ = [
    "PRESETS",
    "EXAMPLE_INPUT",
    "EXAMPLE_KERNEL",
    "preset_kernel",
    "match_preset",
    "parse_kernel",
    "kernel_to_text",
    "convolution_step",
    "step_to_position",
    "step_formula",
    "plot_step",
    "filter_image",
    "shows_as_photo",
    "plot_filtered",
    "GALLERY",
    "plot_kernel_gallery",
    "plot_parameter_sharing",
    "plot_on_one_scale",
    "convolution_stepper",
    "kernel_playground",
    "stepper_caption",
    "playground_caption",
]

# Hand-made 3×3 kernels, as people designed them before CNNs learned their own.
PRESETS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    # left column minus right column: large where the left side is brighter than the right
    "vertical edge": np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float),
    # top row minus bottom row: large where the top is brighter than the bottom
    "horizontal edge": np.array([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], dtype=float),
    "blur": np.full((3, 3), 1 / 9),  # the average of the 9 pixels
    # 5 × the centre minus its 4 neighbours: pushes each pixel away from its surroundings
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
}
for _kernel in PRESETS.values():
    _kernel.flags.writeable = False
CUSTOM = "custom"

# The lesson's worked example: a bright vertical stripe, and the vertical-edge kernel.
EXAMPLE_INPUT = np.array(
    [
        [0, 1, 3, 1, 0],
        [0, 2, 3, 1, 0],
        [1, 2, 3, 0, 0],
        [0, 1, 3, 2, 1],
        [0, 1, 2, 1, 0],
    ],
    dtype=float,
)
EXAMPLE_INPUT.flags.writeable = False
EXAMPLE_KERNEL = PRESETS["vertical edge"]

MAX_STEPPER_SIZE = 12  # rows or columns of a grid the stepper can still write numbers into
MAX_IMAGE_SIDE = 400  # pixels: larger photos make the playground slow; downscale them
_BLUE, _VERMILLION = OKABE_ITO[0], OKABE_ITO[1]
_NOT_YET = "#f2f2f2"


# ---------------------------------------------------------------- numbers as text


def _fmt(value: float) -> str:
    """A number for a label: whole numbers as ints, others with up to 2 decimals, '−' minus."""
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    text = f"{v:.0f}" if v == round(v) else f"{v:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "\N{MINUS SIGN}")


def _factor(value: float) -> str:
    """A number inside a product: negative ones in brackets, e.g. '(−1)'."""
    text = _fmt(value)
    return f"({text})" if text.startswith("\N{MINUS SIGN}") else text


# ---------------------------------------------------------------- kernels


def preset_kernel(name: str) -> np.ndarray:
    """A copy of the preset kernel called `name` (see PRESETS)."""
    name = _validate.choice("name", name, tuple(PRESETS))
    return PRESETS[name].copy()


def match_preset(kernel: Any) -> str:
    """The name of the preset equal to `kernel`, or 'custom'."""
    k = np.asarray(kernel, dtype=float)
    for name, preset in PRESETS.items():
        if k.shape == preset.shape and np.allclose(k, preset, rtol=0, atol=1e-9):
            return name
    return CUSTOM


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _parse_number(token: str, row: int) -> float:
    """One kernel entry: a decimal number or a fraction such as 1/9."""
    parts = token.split("/")
    if len(parts) <= 2 and all(_NUMBER.match(p) for p in parts):
        if len(parts) == 1:
            return float(parts[0])
        top, bottom = float(parts[0]), float(parts[1])
        if bottom != 0:
            return top / bottom
        raise ValueError(f"{token!r} in row {row} divides by zero")
    raise ValueError(
        f"{token!r} in row {row} is not a number: write numbers such as 1, -0.5 or 1/9, "
        "separated by spaces or commas"
    )


def parse_kernel(text: str, size: int = 3) -> np.ndarray:
    """A size×size kernel from text: one row per line, numbers (or fractions like 1/9)."""
    if not isinstance(text, str):
        raise ValueError(
            f"text={text!r} is not allowed: text must be a string with {size} lines "
            f"of {size} numbers"
        )
    size = _validate.positive_int("size", size)
    cleaned = text.replace("\N{MINUS SIGN}", "-").replace("[", " ").replace("]", " ")
    lines = [line for line in cleaned.splitlines() if line.strip(" ,\t")]
    if len(lines) != size:
        raise ValueError(
            f"the kernel text has {len(lines)} row(s): write {size} rows, one per line, "
            f"each with {size} numbers"
        )
    rows = []
    for i, line in enumerate(lines, start=1):
        tokens = [t for t in re.split(r"[\s,;]+", line.strip()) if t]
        if len(tokens) != size:
            raise ValueError(
                f"row {i} of the kernel has {len(tokens)} number(s): each row needs {size}"
            )
        rows.append([_parse_number(t, i) for t in tokens])
    kernel = np.array(rows, dtype=float)
    if not np.all(np.isfinite(kernel)):
        raise ValueError("the kernel holds an infinite value: every entry must be a finite number")
    return kernel


def kernel_to_text(kernel: Any) -> str:
    """A 2-D kernel as text, one row per line: whole numbers as ints, ninths as 1/9."""
    k = _validate.array("kernel", kernel, ndims=(2,))

    def entry(v: float) -> str:
        if v == round(v):
            return str(int(round(v)))
        frac = Fraction(v).limit_denominator(16)
        if abs(float(frac) - v) < 1e-12:
            return f"{frac.numerator}/{frac.denominator}"
        return f"{v:.4g}"

    texts = [[entry(float(v)) for v in row] for row in k]
    width = max(len(t) for row in texts for t in row)
    return "\n".join(" ".join(t.rjust(width) for t in row) for row in texts)


# ---------------------------------------------------------------- one step of the stepper


def _grid_and_kernel(x: Any, kernel: Any) -> tuple[np.ndarray, np.ndarray]:
    grid = _validate.array("x", x, ndims=(2,))
    k = _validate.array("kernel", kernel, ndims=(2,))
    if 0 in grid.shape or 0 in k.shape:
        raise ValueError(f"x {grid.shape} and kernel {k.shape} need at least one row and column")
    if not (np.all(np.isfinite(grid)) and np.all(np.isfinite(k))):
        raise ValueError("x and kernel must hold finite numbers (no nan or inf)")
    if k.shape[0] > grid.shape[0] or k.shape[1] > grid.shape[1]:
        raise ValueError(
            f"kernel of shape {k.shape} does not fit in x of shape {grid.shape}: "
            "the kernel's height and width must be at most the input's"
        )
    return grid, k


def _output_shape(grid: np.ndarray, k: np.ndarray) -> tuple[int, int]:
    return (
        shapes.conv_output_size(grid.shape[0], k.shape[0]),
        shapes.conv_output_size(grid.shape[1], k.shape[1]),
    )


def convolution_step(x: Any, kernel: Any, row: int, col: int, bias: float = 0.0) -> dict[str, Any]:
    """One position of a 'valid', stride-1 convolution of a 2-D grid `x`.

    Returns patch (the window under the kernel), products (patch × kernel), total
    (their sum + bias), output (the whole feature map) and output_so_far (the map with
    the positions after (row, col), in reading order, set to nan).
    """
    grid, k = _grid_and_kernel(x, kernel)
    out_h, out_w = _output_shape(grid, k)
    for name, value, limit in (("row", row, out_h), ("col", col, out_w)):
        v = _validate.non_negative_int(name, value)
        if v >= limit:
            raise ValueError(
                f"{name}={value!r} is not allowed: the output has {out_h} rows and {out_w} "
                f"columns, so {name} must be from 0 to {limit - 1}"
            )
    if isinstance(bias, (bool, np.bool_)) or not isinstance(bias, numbers.Real):
        raise ValueError(f"bias={bias!r} is not allowed: bias must be a number")
    if not math.isfinite(bias):
        raise ValueError(f"bias={bias!r} is not allowed: bias must be a finite number")
    kh, kw = k.shape
    patch = grid[row : row + kh, col : col + kw].copy()
    products = patch * k
    output = layers_numpy.conv2d(grid, k) + float(bias)
    done = np.zeros(out_h * out_w, dtype=bool)
    done[: row * out_w + col + 1] = True
    so_far = np.where(done.reshape(out_h, out_w), output, np.nan)
    return {
        "patch": patch,
        "products": products,
        "total": float(products.sum() + bias),
        "output": output,
        "output_so_far": so_far,
    }


def step_to_position(step: int, output_shape: tuple[int, int]) -> tuple[int, int]:
    """(row, col) of the window at `step` (1, 2, …), going along each row, then down.

    Steps count 1 … n (a count); rows and columns count from 0 (positions, as NumPy does).
    """
    out_h, out_w = output_shape
    total = out_h * out_w
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, numbers.Integral):
        raise ValueError(f"step={step!r} is not allowed: step must be a whole number")
    if not 1 <= step <= total:
        raise ValueError(
            f"step={step!r} is not allowed: a {out_h}×{out_w} output has {total} positions, "
            f"so step must be from 1 to {total}"
        )
    return divmod(int(step) - 1, out_w)


def step_formula(patch: Any, kernel: Any, bias: float = 0.0) -> str:
    """The sum written out, e.g. '0·1 + 1·0 + 3·(−1) + … = −8' (every term shown)."""
    p = np.asarray(patch, dtype=float).ravel()
    k = np.asarray(kernel, dtype=float).ravel()
    terms = " + ".join(f"{_factor(a)}·{_factor(b)}" for a, b in zip(p, k, strict=True))
    total = float(np.sum(p * k))
    if bias:
        return f"{terms} + bias {_factor(bias)} = {_fmt(total + bias)}"
    return f"{terms} = {_fmt(total)}"


def _blank_cells(ax: Any, values: np.ndarray) -> None:
    """Grey out the nan cells that show_matrix drew (not computed yet) and remove their text."""
    from matplotlib.patches import Rectangle

    missing = {(int(i), int(j)) for i, j in zip(*np.nonzero(np.isnan(values)), strict=True)}
    for text in list(ax.texts):
        j, i = text.get_position()
        if (int(round(i)), int(round(j))) in missing:
            text.remove()
    for i, j in missing:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=_NOT_YET, zorder=1.5))


def _stepper_inputs(x: Any, kernel: Any, step: int, bias: float) -> tuple:
    """Checked (grid, kernel, output shape, row, col, step result) for the stepper."""
    grid, k = _grid_and_kernel(x, kernel)
    if max(grid.shape) > MAX_STEPPER_SIZE:
        raise ValueError(
            f"x has shape {grid.shape}: the stepper writes every number into its cell, so x "
            f"can have at most {MAX_STEPPER_SIZE} rows and columns"
        )
    out_shape = _output_shape(grid, k)
    row, col = step_to_position(step, out_shape)
    return grid, k, out_shape, row, col, convolution_step(grid, k, row, col, bias)


def plot_step(x: Any, kernel: Any, step: int, bias: float = 0.0, fig: Any = None) -> Any:
    """Draw step `step`: input with the window outlined, kernel, products, output so far."""
    grid, k, out_shape, row, col, result = _stepper_inputs(x, kernel, step, bias)
    kh, kw = k.shape
    (h, w), (out_h, out_w) = grid.shape, out_shape

    cell = min(0.36, 2.2 / max(h, w))  # input and output share a cell size: see it shrink
    kcell = min(0.36, 1.3 / max(kh, kw))
    panels = [  # (width, height) of each panel in inches
        (w * cell, h * cell),
        (kw * kcell, kh * kcell),
        (kw * kcell, kh * kcell),
        (out_w * cell, out_h * cell),
    ]
    gap, left, bottom, top = 0.45, 0.1, 0.45, 0.55
    middle = max(ph for _, ph in panels)
    height = middle + bottom + top
    width = left + sum(pw for pw, _ in panels) + 3 * gap + 0.1
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    else:
        fig.clear()
        fig.set_size_inches(width, height)
    axes, x0 = [], left
    for panel_w, panel_h in panels:  # fixed places, no layout engine: fast to redraw
        y0 = bottom + (middle - panel_h) / 2
        axes.append(fig.add_axes((x0 / width, y0 / height, panel_w / width, panel_h / height)))
        x0 += panel_w + gap
    ax_in, ax_k, ax_p, ax_out = axes

    font = 9.0 if cell >= 0.3 else 7.0
    show_matrix(grid, ax=ax_in, highlight=(row, col, kh, kw), fontsize=font)
    m_k = float(np.max(np.abs(k))) or 1.0
    show_matrix(k, ax=ax_k, cmap=DIVERGING_CMAP, vmin=-m_k, vmax=m_k, fontsize=9)
    products = result["products"]
    m_p = float(np.max(np.abs(products))) or 1.0
    show_matrix(products, ax=ax_p, cmap=DIVERGING_CMAP, vmin=-m_p, vmax=m_p, fontsize=9)
    output = result["output"]
    m_o = float(np.max(np.abs(output))) or 1.0
    show_matrix(
        output,
        ax=ax_out,
        cmap=DIVERGING_CMAP,
        vmin=-m_o,
        vmax=m_o,
        highlight=(row, col, 1, 1),
        fontsize=font,
    )
    _blank_cells(ax_out, result["output_so_far"])

    ax_in.set_title(f"input {h}×{w}", fontsize=9)
    ax_k.set_title("kernel", fontsize=9)
    ax_p.set_title("window × kernel", fontsize=9)
    ax_out.set_title(f"feature map {out_h}×{out_w}", fontsize=9)
    total = _fmt(result["total"])
    ax_p.set_xlabel(
        f"sum = {total}" if not bias else f"sum + bias = {total}",
        fontsize=10,
        fontweight="bold",
    )
    for a, b, symbol in ((ax_in, ax_k, "×"), (ax_k, ax_p, "="), (ax_p, ax_out, "→")):
        xa = a.get_position().x1
        xb = b.get_position().x0
        fig.text(
            (xa + xb) / 2,
            0.5 * (bottom + height - top) / height,
            symbol,
            ha="center",
            va="center",
            fontsize=16,
            color="0.35",
        )
    n = out_h * out_w
    fig.suptitle(
        f"step {step} of {n}: window at rows {row}–{row + kh - 1}, columns "
        f"{col}–{col + kw - 1} → output[{row}, {col}] = {total}",
        fontsize=9.5,
        x=left / width,
        ha="left",
        y=1 - 0.06 / height,
        va="top",
    )
    return fig


def stepper_caption(x: Any, kernel: Any, step: int, bias: float = 0.0) -> str:
    """The stepper's caption (HTML): the sum written out, term by term.

    Where the window is stands in the figure's title; the caption does not repeat it.
    """
    _, k, _, row, col, result = _stepper_inputs(x, kernel, step, bias)
    return f"<b>output[{row}, {col}]</b> = {html.escape(step_formula(result['patch'], k, bias))}"


# ---------------------------------------------------------------- kernels on a picture


def _image(name: str, image: Any) -> np.ndarray:
    img = _validate.array(name, image, ndims=(2,))
    if min(img.shape) < 3:
        raise ValueError(f"{name} has shape {img.shape}: it must be at least 3×3 pixels")
    if max(img.shape) > MAX_IMAGE_SIDE:
        raise ValueError(
            f"{name} has shape {img.shape}: at most {MAX_IMAGE_SIDE} pixels per side keeps "
            "the explorer fast (e.g. data.sample_image(gray=True, downscale=4))"
        )
    if not np.all(np.isfinite(img)):
        raise ValueError(f"{name} must hold finite numbers (no nan or inf)")
    return img


def filter_image(image: Any, kernel: Any, relu: bool = False) -> np.ndarray:
    """The feature map of a grayscale image (H, W) under a 2-D kernel ('valid'), opt. ReLU."""
    img = _image("image", image)
    k = _validate.array("kernel", kernel, ndims=(2,))
    if not np.all(np.isfinite(k)):
        raise ValueError("kernel must hold finite numbers (no nan or inf)")
    if not isinstance(relu, (bool, np.bool_)):
        raise ValueError(f"relu={relu!r} is not allowed: relu must be True or False")
    fmap = layers_numpy.conv2d(img, k)
    return layers_numpy.relu(fmap) if relu else fmap


def shows_as_photo(kernel: Any) -> bool:
    """True when the kernel's weights add up to more than 0: it gives a brightness back.

    On a flat area of brightness v the output is v · (sum of the weights): still a
    brightness when the sum is positive (1 keeps it, 2 doubles it, 1/2 halves it), so
    the map is drawn as a grey photo on the input's scale. A sum of 0 (edge kernels)
    or less gives signed values: drawn red/blue around 0.
    """
    return bool(float(np.sum(kernel)) > 1e-6)


def photo_range(image: Any) -> tuple[float, float]:
    """The grey scale an image and its photo-like maps share: 0…1 when it fits, else min…max."""
    img = np.asarray(image, dtype=float)
    lo, hi = float(np.min(img)), float(np.max(img))
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    return (lo, hi) if hi > lo else (lo - 0.5, lo + 0.5)


def _signed_limit(*maps: np.ndarray) -> float:
    """Full colour at the 99th percentile of |value| over all `maps`.

    A few extreme pixels (a frame, a flag) would otherwise wash every other edge out.
    """
    values = np.abs(np.concatenate([np.ravel(m) for m in maps]))
    return float(np.percentile(values, 99)) or float(np.max(values)) or 1.0


def _extend(norm: Any, *maps: np.ndarray) -> str:
    """The colour bar's arrow ends: 'min', 'max' or 'both' where `maps` go beyond its scale.

    Values beyond the scale are drawn in the end colour (clipped); the arrow says so.
    """
    values = np.concatenate([np.ravel(m) for m in maps])
    below = bool(np.min(values) < norm.vmin - 1e-9)
    above = bool(np.max(values) > norm.vmax + 1e-9)
    return {(True, True): "both", (True, False): "min", (False, True): "max"}.get(
        (below, above), "neither"
    )


def _show_map(
    ax: Any, fmap: np.ndarray, as_photo: bool, scale: tuple[float, float], m: float | None = None
) -> Any:
    """Draw a feature map: a grey photo on `scale` (clipped), or red/blue within ±m."""
    if as_photo:
        lo, hi = scale
        return ax.imshow(
            np.clip(fmap, lo, hi), cmap=IMAGE_CMAP, vmin=lo, vmax=hi, interpolation="nearest"
        )
    m = _signed_limit(fmap) if m is None else m
    return ax.imshow(fmap, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest")


def _colour_note(as_photo: bool, scale: tuple[float, float], image: Any = None) -> str:
    if as_photo:
        lo, hi = scale
        return f"grey as the image: {_fmt(lo)} black, {_fmt(hi)} white (clipped)"
    return "red > 0, blue < 0, white = 0"


def _plain(ax: Any) -> None:
    """No ticks, a thin grey frame on all four sides (the course style hides two)."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set(visible=True, color="0.7", linewidth=0.6)


def plot_filtered(
    image: Any, kernel: Any, relu: bool = False, name: str | None = None, fig: Any = None
) -> Any:
    """The image, the kernel as a small matrix, and the feature map, side by side."""
    img = _image("image", image)
    fmap = filter_image(img, kernel, relu)
    k = np.asarray(kernel, dtype=float)
    name = name or match_preset(k)
    h, w = img.shape
    panel = 2.3
    img_w, img_h = panel * min(1.0, w / h), panel * min(1.0, h / w)
    kside = min(1.25, 0.42 * max(k.shape))
    gap, left, bottom, top = 0.4, 0.08, 0.3, 0.55
    bar_gap, bar_w, bar_room = 0.08, 0.1, 0.45  # the colour bar and its tick labels
    width = left + 2 * img_w + kside + 2 * gap + bar_gap + bar_w + bar_room
    height = img_h + bottom + top
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(width, height))
    else:
        fig.clear()
        fig.set_size_inches(width, height)
    ax_img = fig.add_axes((left / width, bottom / height, img_w / width, img_h / height))
    kx = left + img_w + gap
    ax_k = fig.add_axes(
        (kx / width, (bottom + (img_h - kside) / 2) / height, kside / width, kside / height)
    )
    ax_map = fig.add_axes(
        ((kx + kside + gap) / width, bottom / height, img_w / width, img_h / height)
    )
    scale = photo_range(img)
    ax_img.imshow(img, cmap=IMAGE_CMAP, vmin=scale[0], vmax=scale[1], interpolation="nearest")
    _plain(ax_img)
    ax_img.set_title(f"image {h}×{w}", fontsize=9)
    m = float(np.max(np.abs(k))) or 1.0
    show_matrix(k, ax=ax_k, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, fontsize=8)
    ax_k.set_title("kernel", fontsize=9)
    as_photo = shows_as_photo(k)
    shown = _show_map(ax_map, fmap, as_photo, scale)
    _plain(ax_map)
    map_x = kx + kside + gap
    ax_bar = fig.add_axes(
        ((map_x + img_w + bar_gap) / width, bottom / height, bar_w / width, img_h / height)
    )
    bar = fig.colorbar(shown, cax=ax_bar, extend=_extend(shown.norm, fmap))
    bar.ax.tick_params(labelsize=7)
    fh, fw = fmap.shape
    ax_map.set_title(f"feature map {fh}×{fw}" + (" after ReLU" if relu else ""), fontsize=9)
    ax_map.set_xlabel(_colour_note(as_photo, scale), fontsize=8)
    fig.suptitle(
        f"{name} kernel: values from {_fmt(fmap.min())} to {_fmt(fmap.max())}"
        + (f" ({_negatives_note(img, k)})" if relu else ""),
        fontsize=9.5,
        x=left / width,
        ha="left",
        y=1 - 0.06 / height,
        va="top",
    )
    return fig


def _negatives_note(img: np.ndarray, k: np.ndarray) -> str:
    before = layers_numpy.conv2d(img, k)
    share = float(np.mean(before < 0))
    return f"ReLU turned the {share:.0%} of values that were negative into 0"


def playground_caption(image: Any, kernel: Any, relu: bool = False) -> str:
    """The playground's caption (HTML): kernel name, sizes, value range, colour key."""
    img = _image("image", image)
    k = np.asarray(kernel, dtype=float)
    fmap = filter_image(img, k, relu)
    name = match_preset(k)
    total = _fmt(k.sum())
    lo, hi = photo_range(img)
    if shows_as_photo(k):
        how = (
            f"its weights add up to {total}: a flat area comes out {total} × as bright, so the "
            f"map is shown as a photo, in grey on the image's scale ({_fmt(lo)} black, "
            f"{_fmt(hi)} white; values beyond are clipped)"
        )
    else:
        flat = "0" if abs(float(k.sum())) < 1e-6 else "a negative number"
        how = (
            f"its weights add up to {total}: a flat area gives {flat}, so the map is shown as "
            "signed values: red > 0, blue < 0, white = 0"
        )
    relu_note = f"; {_negatives_note(img, k)}" if relu else ""
    return (
        f"<b>{html.escape(name)} kernel</b> on a {img.shape[0]}×{img.shape[1]} image → "
        f"feature map {fmap.shape[0]}×{fmap.shape[1]} ('valid': {k.shape[0] - 1} pixels "
        f"smaller), values "
        f"{html.escape(_fmt(fmap.min()))} … {html.escape(_fmt(fmap.max()))}{relu_note}<br>"
        f"{html.escape(how)}"
    )


GALLERY = ("vertical edge", "horizontal edge", "blur", "sharpen")  # identity = the original


def plot_kernel_gallery(
    image: Any,
    names: Any = GALLERY,
    relu: bool = False,
    fig: Any = None,
) -> Any:
    """One column per preset kernel: the kernel on top, the image it makes below.

    Photo-like maps share the original's grey scale; signed maps share one red/blue
    scale; each scale gets a colour bar on the right.
    """
    img = _image("image", image)
    if isinstance(names, str):
        names = (names,)
    kernels = [preset_kernel(n) for n in names]
    if not kernels:
        raise ValueError("names is empty: give at least one preset name")
    maps = [filter_image(img, k, relu) for k in kernels]
    photo = [shows_as_photo(k) for k in kernels]
    scale = photo_range(img)
    signed = [fmap for fmap, p in zip(maps, photo, strict=True) if not p]
    m = _signed_limit(*signed) if signed else 1.0
    n = len(kernels) + 1
    h, w = img.shape
    panel = min(1.35, 9.5 / n)  # inches per column
    gap, top, middle, bottom = 0.12, 0.45, 0.25, 0.05
    bar_w, bar_room = 0.09, 0.42  # a colour bar and its tick labels
    bars = 1 + (1 if signed else 0)
    k_h, img_h = panel * 0.62, panel * h / w
    size = (
        n * panel + (n - 1) * gap + bars * (gap + bar_w + bar_room),
        bottom + img_h + middle + k_h + top,
    )
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=size)
    else:
        fig.clear()
        fig.set_size_inches(size)
    W, H = size

    def place(col: int, y: float, height: float, width: float) -> Any:
        x = col * (panel + gap) + (panel - width) / 2  # centred in its column
        return fig.add_axes((x / W, y / H, width / W, height / H))

    # Fixed places instead of a layout engine: several times faster to draw.
    ax = place(0, bottom, img_h, panel)
    grey = ax.imshow(img, cmap=IMAGE_CMAP, vmin=scale[0], vmax=scale[1], interpolation="nearest")
    ax.set_title("original", fontsize=9)
    _plain(ax)
    red_blue = None
    for j, (name, k, fmap, as_photo) in enumerate(
        zip(names, kernels, maps, photo, strict=True), start=1
    ):
        ax_k = place(j, bottom + img_h + middle, k_h, k_h)
        mk = float(np.max(np.abs(k)))
        show_matrix(k, ax=ax_k, cmap=DIVERGING_CMAP, vmin=-mk, vmax=mk, fontsize=7)
        ax_k.set_title(name, fontsize=9)
        ax_m = place(j, bottom, img_h, panel)
        shown = _show_map(ax_m, fmap, as_photo, scale, m)
        if not as_photo:
            red_blue = shown
        _plain(ax_m)
    x = n * (panel + gap)
    photo_maps = [img] + [fmap for fmap, p in zip(maps, photo, strict=True) if p]
    for shown, drawn in ((grey, photo_maps), (red_blue, signed)):
        if shown is None:
            continue
        cax = fig.add_axes((x / W, bottom / H, bar_w / W, img_h / H))
        extend = _extend(shown.norm, *drawn)
        fig.colorbar(shown, cax=cax, extend=extend).ax.tick_params(labelsize=7)
        x += bar_w + bar_room + gap
    fig.suptitle(
        "hand-made kernels"
        + (" (then ReLU)" if relu else "")
        + ": grey photo when the weights add up to more than 0 (one scale with the original), "
        "else red > 0, blue < 0 (one scale for all)",
        fontsize=9,
        y=1 - 0.05 / H,
        va="top",
    )
    return fig


def plot_on_one_scale(
    arrays: Any,
    titles: Any,
    numbers: bool = False,
    fmt: str | None = None,
    figsize: tuple[float, float] | None = None,
    label: str = "value",
) -> Any:
    """Panels that are compared: one red/blue scale centred on 0 for all, one colour bar.

    `arrays` is a list of 2-D arrays (or an (H, W, C) stack, one panel per channel);
    `numbers=True` writes each value in its cell (for small arrays such as kernels).
    """
    if isinstance(arrays, np.ndarray) and arrays.ndim == 3:
        arrays = [arrays[..., c] for c in range(arrays.shape[-1])]
    panels = [_validate.array(f"arrays[{i}]", a, ndims=(2,)) for i, a in enumerate(arrays)]
    if not panels:
        raise ValueError("arrays is empty: give at least one 2-D array")
    labels = [str(t) for t in titles]
    if len(labels) != len(panels):
        raise ValueError(
            f"titles has {len(labels)} entries for {len(panels)} arrays: give one title each"
        )
    finite = np.concatenate([p[np.isfinite(p)].ravel() for p in panels])
    m = float(np.max(np.abs(finite))) if finite.size else 0.0
    m = m if m > 0 else 1.0
    h, w = panels[0].shape
    n = len(panels)
    if figsize is None:
        panel = min(1.6, 8.0 / n)
        figsize = (n * panel + 0.9, panel * min(1.5, h / w) + 0.55)
    plt = pyplot()
    fig = plt.figure(figsize=figsize)
    grid = fig.add_gridspec(1, n + 1, width_ratios=[*([1.0] * n), 0.07], wspace=0.15)
    shown = None
    for i, (values, title) in enumerate(zip(panels, labels, strict=True)):
        ax = fig.add_subplot(grid[0, i])
        if numbers:
            show_matrix(values, ax=ax, fmt=fmt, cmap=DIVERGING_CMAP, vmin=-m, vmax=m)
            shown = ax.images[0]
        else:
            shown = ax.imshow(values, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest")
            _plain(ax)
        ax.set_title(title, fontsize=9)
    cax = fig.add_subplot(grid[0, n])
    bar = fig.colorbar(shown, cax=cax)
    bar.ax.tick_params(labelsize=7)
    bar.set_label(label, fontsize=8)
    return fig


def _plain_number(value: float, _pos: Any = None) -> str:
    """A tick label such as '1', '100' or '10,000': no mathtext (slow to lay out)."""
    return f"{value:,.0f}" if value >= 1 else ""


def plot_parameter_sharing(input_size: int = 28, kernel_size: int = 3, fig: Any = None) -> Any:
    """Weights needed to make one feature map: shared kernel, one kernel per position, Dense."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    n = _validate.positive_int("input_size", input_size)
    k = _validate.positive_int("kernel_size", kernel_size)
    out = shapes.conv_output_size(n, k)
    shared = shapes.conv2d_params(k, 1, 1, use_bias=False)
    per_position = out * out * shared
    dense = shapes.dense_params(n * n, out * out, use_bias=False)
    labels = [
        f"Conv2D: one {k}×{k} kernel\nshared by all {out * out:,} positions",
        f"a separate {k}×{k} kernel\nat each of the {out * out:,} positions",
        f"Dense: every one of {n * n:,} pixels\nto each of {out * out:,} outputs",
    ]
    values = [shared, per_position, dense]
    plt = pyplot()
    if fig is None:
        fig = plt.figure(figsize=(6.4, 2.4))
    else:
        fig.clear()
        fig.set_size_inches(6.4, 2.4)
    ax = fig.add_axes((0.36, 0.2, 0.6, 0.66))  # fixed place: no layout engine (fast)
    bars = ax.barh(range(3), values, color=[_BLUE, OKABE_ITO[3], _VERMILLION], height=0.6)
    ax.set_xscale("log")
    ax.set_xlim(1, dense * 30)
    ax.xaxis.set_major_locator(LogLocator(base=100))
    ax.xaxis.set_major_formatter(FuncFormatter(_plain_number))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.set_yticks(range(3), labels=labels, fontsize=8)
    ax.invert_yaxis()
    for bar, v in zip(bars, values, strict=True):
        ax.text(
            v * 1.3, bar.get_y() + bar.get_height() / 2, f"{v:,} weights", va="center", fontsize=8
        )
    ax.set_xlabel("weights (log scale)", fontsize=9)
    ax.set_title(
        f"one {out}×{out} feature map of a {n}×{n} image: {shared:,} vs {per_position:,} vs "
        f"{dense:,} weights",
        fontsize=9,
    )
    return fig


# ---------------------------------------------------------------- the explorers


def _kernel_argument(kernel: Any) -> tuple[str, np.ndarray]:
    """(name, array) from a preset name or a 2-D array."""
    if isinstance(kernel, str):
        return kernel, preset_kernel(kernel)
    k = _validate.array("kernel", kernel, ndims=(2,))
    return match_preset(k), k


def convolution_stepper(
    x: Any = None,
    kernel: Any = "vertical edge",
    bias: float = 0.0,
    step: int = 1,
    interval_ms: int = 1200,
) -> Any:
    """Explorer: walk the kernel over a small grid, one output value per step (with Play)."""
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    grid = EXAMPLE_INPUT if x is None else x
    first_name, first_kernel = _kernel_argument(kernel)
    kernels = {name: PRESETS[name] for name in PRESETS}
    if first_name == CUSTOM:
        first_name = "your kernel"
        kernels = {first_name: first_kernel, **kernels}
    grid_arr, k_arr = _stepper_inputs(grid, first_kernel, step, bias)[:2]  # bad values raise
    interval_ms = _validate.positive_int("interval_ms", interval_ms)
    style = {"description_width": "initial"}

    def positions(k: np.ndarray) -> int:
        out_h, out_w = _output_shape(grid_arr, k)
        return out_h * out_w

    total = positions(k_arr)
    step_slider = widgets.IntSlider(value=step, min=1, max=total, description="step", style=style)
    play = widgets.Play(value=step, min=1, max=total, step=1, interval=interval_ms)
    widgets.jslink((play, "value"), (step_slider, "value"))
    kernel_menu = widgets.Dropdown(
        options=list(kernels), value=first_name, description="kernel", style=style
    )

    def render(step: int, kernel: str) -> tuple[Any, str]:
        k = kernels[kernel]
        step = min(step, positions(k))
        fig = plot_step(grid_arr, k, step, bias)
        return fig, stepper_caption(grid_arr, k, step, bias)

    explorer = Explorer(
        {"step": step_slider, "kernel": kernel_menu},
        render,
        title="Convolution step by step: press ▶, or drag 'step'",
    )

    def update_range(change: Any) -> None:  # a kernel of another size has another count
        count = positions(kernels[change["new"]])
        play.max = count
        step_slider.max = count

    kernel_menu.observe(update_range, names="value")
    for row in explorer.widget.children:  # the Play button goes in front of its slider
        if isinstance(row, widgets.HBox) and step_slider in row.children:
            row.children = (play, step_slider, kernel_menu)
    explorer.play = play
    return explorer


def _image_choices(images: Any) -> dict[str, np.ndarray]:
    if images is None:
        from course_utils import data

        return {"photo": data.sample_image(gray=True, downscale=4)}
    if isinstance(images, Mapping):
        if not images:
            raise ValueError("images is empty: give at least one {name: image}")
        return {str(name): _image(f"images[{name!r}]", im) for name, im in images.items()}
    return {"image": _image("images", images)}


def kernel_playground(images: Any = None, kernel: Any = "vertical edge", relu: bool = False) -> Any:
    """Explorer: pick a preset kernel or type your own, and see what it does to an image.

    `images` is one grayscale image (H, W), a dict {name: image} to choose from, or None
    for the sample photo.
    """
    import ipywidgets as widgets

    from course_utils.widgets._base import Explorer

    choices = _image_choices(images)
    name, k = _kernel_argument(kernel)
    if k.shape != (3, 3):
        raise ValueError(f"kernel has shape {k.shape}: the playground edits 3×3 kernels")
    first_image = next(iter(choices))
    playground_caption(choices[first_image], k, relu)  # checks the arguments: bad values raise
    style = {"description_width": "initial"}

    preset_menu = widgets.Dropdown(
        options=[*PRESETS, CUSTOM], value=name, description="preset", style=style
    )
    text = widgets.Textarea(
        value=kernel_to_text(k),
        rows=3,
        description="kernel",
        placeholder="3 rows of 3 numbers, e.g.\n1 0 -1\n1 0 -1\n1 0 -1",
        layout=widgets.Layout(width="16em"),
        style=style,
    )
    relu_box = widgets.Checkbox(value=bool(relu), description="ReLU after")
    image_menu = widgets.Dropdown(
        options=list(choices), value=first_image, description="image", style=style
    )

    def render(kernel_text: str, relu: bool, image: str = first_image) -> tuple[Any, str]:
        kernel = parse_kernel(kernel_text)
        img = choices[image]
        return plot_filtered(img, kernel, relu), playground_caption(img, kernel, relu)

    controls = {"kernel_text": text, "relu": relu_box}
    if len(choices) > 1:
        controls["image"] = image_menu
    explorer = Explorer(
        controls,
        render,
        title="Kernel playground: choose a preset, or type your own 3×3 kernel "
        "(one row per line; fractions like 1/9 are fine)",
    )

    # The preset menu only fills in the text box (which redraws the picture);
    # typing in the box selects the preset it equals, else 'custom'.
    def on_preset(change: Any) -> None:
        if change["new"] == CUSTOM:
            return
        try:
            if match_preset(parse_kernel(text.value)) == change["new"]:
                return
        except ValueError:
            pass
        text.value = kernel_to_text(PRESETS[change["new"]])

    def on_text(change: Any) -> None:
        try:
            preset_menu.value = match_preset(parse_kernel(change["new"]))
        except ValueError:
            preset_menu.value = CUSTOM

    preset_menu.observe(on_preset, names="value")
    text.observe(on_text, names="value")
    side = [preset_menu, relu_box] + ([image_menu] if len(choices) > 1 else [])
    for row in explorer.widget.children:
        if isinstance(row, widgets.HBox) and text in row.children:
            row.children = (widgets.VBox(side), text)
    explorer.preset = preset_menu
    return explorer
