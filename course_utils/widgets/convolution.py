"""Lesson 02's explorers: walk a kernel over a grid of numbers; try kernels on a picture.

`convolution_stepper()` shows one position of a 'valid', stride-1 convolution at a time
(Play walks through all of them); `kernel_playground()` applies a preset or a typed 3×3
kernel to an image, computed by `figures.convolution.filter_state` and drawn by its
`draw_filtered`. The pure functions behind them: `step_state` (one position),
`step_formula`, `parse_kernel`, `kernel_to_text`, `match_preset` and the two captions.
Importing this module imports neither TensorFlow nor ipywidgets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, layers_numpy, plotting, shapes
from course_utils.figures.convolution import (
    PRESETS,
    FilterState,
    bare_panels,
    draw_filtered,
    filter_state,
    glyph_matrix,
    shows_as_photo,
    update_matrix,
)
from course_utils.plotting import DIVERGING_CMAP, show_matrix
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Step, Text, Toggle

__all__ = [
    "PRESETS",
    "EXAMPLE_INPUT",
    "match_preset",
    "parse_kernel",
    "kernel_to_text",
    "StepState",
    "step_state",
    "step_formula",
    "stepper_caption",
    "draw_step",
    "convolution_stepper",
    "playground_caption",
    "kernel_playground",
]

# The lesson's worked example: a bright vertical stripe (the stepper starts with the
# vertical-edge kernel on it).
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

MAX_STEPPER_SIZE = 12  # rows or columns of a grid the stepper can still write numbers into
MAX_IMAGE_SIDE = 400  # pixels: larger photos make the playground slow; downscale them
CUSTOM = "custom"  # match_preset's name for a kernel that is no preset
YOURS = "your kernel"  # the stepper's menu entry for a kernel given as an array
TYPED = "typed"  # the playground's menu entry that reads the text box
_NOT_YET = "#f2f2f2"  # output cells still to come
_IMAGE_SIDES = "the kernel needs 3 pixels; downscale a larger image: it makes the playground slow"
_PLAY_MS = 1200  # Play's time per position: long enough to read the sum


def _factor(value: float) -> str:
    """A number inside a product: negative ones in brackets, e.g. '(−1)'."""
    text = plotting.number(value)
    return f"({text})" if text.startswith("\N{MINUS SIGN}") else text


# ---------------------------------------------------------------- kernels as text


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
        raise _validate.fail(f"row {row}", token, "it divides by zero")
    raise _validate.fail(
        f"row {row}",
        token,
        "it is not a number: write numbers such as 1, -0.5 or 1/9, separated by spaces or commas",
    )


def parse_kernel(text: str, size: int = 3) -> np.ndarray:
    """A size×size kernel from text: one row per line, numbers (or fractions like 1/9)."""
    if not isinstance(text, str):
        raise _validate.fail("text", text, f"text must be a string of {size} lines")
    size = _validate.positive_int("size", size)
    cleaned = text.replace("\N{MINUS SIGN}", "-").replace("[", " ").replace("]", " ")
    lines = [line for line in cleaned.splitlines() if line.strip(" ,\t")]
    if len(lines) != size:
        rule = f"write {size} rows, one per line, each with {size} numbers"
        raise _validate.fail("rows", len(lines), rule)
    rows = []
    for i, line in enumerate(lines, start=1):
        tokens = [t for t in re.split(r"[\s,;]+", line.strip()) if t]
        if len(tokens) != size:
            raise _validate.fail(
                f"row {i}", line.strip(), f"it has {len(tokens)} numbers: each row needs {size}"
            )
        rows.append([_parse_number(t, i) for t in tokens])
    kernel = np.array(rows, dtype=float)
    if not np.isfinite(kernel).all():
        raise _validate.fail("kernel", kernel, "every entry must be a finite number, not 1e999")
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


def _kernel_argument(kernel: Any) -> tuple[str, np.ndarray]:
    """(name, array) from a preset name or a 2-D array of finite numbers."""
    if isinstance(kernel, str):
        name = _validate.choice("kernel", kernel, tuple(PRESETS))
        return name, PRESETS[name]
    k = _validate.image("kernel", kernel, colour=False)  # 2-D, finite, at least 1×1
    return match_preset(k), k


# ---------------------------------------------------------------- the stepper


class StepState(NamedTuple):
    """One position of the stepper's walk and everything its picture shows."""

    grid: np.ndarray
    kernel: np.ndarray
    position: int  # 0, 1, … in reading order
    row: int
    col: int
    patch: np.ndarray  # the window under the kernel
    products: np.ndarray  # patch × kernel, elementwise
    output: np.ndarray  # the whole feature map
    name: str = "the kernel"  # what the caption calls it

    @property
    def count(self) -> int:
        """How many positions the walk has."""
        return self.output.size

    @property
    def total(self) -> float:
        """The value written at this position: the products' sum."""
        return float(self.output[self.row, self.col])


def _positions(grid: np.ndarray, kernel: np.ndarray) -> tuple[int, int]:
    """The output's (rows, columns): where a kernel of this shape fits ('valid')."""
    return (
        shapes.conv_output_size(grid.shape[0], kernel.shape[0]),
        shapes.conv_output_size(grid.shape[1], kernel.shape[1]),
    )


def _count(grid: np.ndarray, kernel: np.ndarray) -> int:
    """How many positions the kernel visits."""
    rows, cols = _positions(grid, kernel)
    return rows * cols


def step_state(grid: Any, kernel: Any, position: int, name: str = "the kernel") -> StepState:
    """Position `position` (0, 1, … along each row, then down) of a 'valid' convolution."""
    grid = _validate.image("x", grid, colour=False)
    k = _validate.image("kernel", kernel, colour=False)
    for axis, what in ((0, "rows"), (1, "columns")):
        _validate.int_range(
            f"kernel {what}", k.shape[axis], 1, grid.shape[axis], "the kernel must fit inside x"
        )
    out_h, out_w = _positions(grid, k)
    position = _validate.step("position", position, out_h * out_w)
    row, col = divmod(position, out_w)
    patch = grid[row : row + k.shape[0], col : col + k.shape[1]]
    output = layers_numpy.conv2d(grid, k)
    return StepState(grid, k, position, row, col, patch, patch * k, output, name)


def step_formula(patch: Any, kernel: Any) -> str:
    """The sum written out, e.g. '0·1 + 1·0 + 3·(−1) + … = −8' (every term shown)."""
    p = np.asarray(patch, dtype=float).ravel()
    k = np.asarray(kernel, dtype=float).ravel()
    terms = " + ".join(f"{_factor(a)}·{_factor(b)}" for a, b in zip(p, k, strict=True))
    return f"{terms} = {plotting.number(np.sum(p * k))}"


def stepper_caption(s: StepState) -> str:
    """Where the window is and the sum it makes, term by term (HTML)."""
    kh, kw = s.kernel.shape
    return (
        f"<b>{html.escape(s.name)}</b> at position {s.position} of 0–{s.count - 1}: "
        f"the window at rows {s.row}–{s.row + kh - 1}, columns {s.col}–{s.col + kw - 1}<br>"
        f"<b>output[{s.row}, {s.col}]</b> = {html.escape(step_formula(s.patch, s.kernel))}"
    )


def _lay_out_step(s: StepState, fig: Any) -> tuple[Any, list[Any]]:
    """The stepper's four panels for this grid and kernel shape, at fixed places."""
    kh, kw = s.kernel.shape
    (h, w), (out_h, out_w) = s.grid.shape, s.output.shape
    cell = min(0.36, 2.2 / max(h, w))  # input and output share a cell size: see it shrink
    kcell = min(0.36, 1.3 / max(kh, kw))
    panels = [  # (width, height) of each panel in inches
        (w * cell, h * cell),
        (kw * kcell, kh * kcell),
        (kw * kcell, kh * kcell),
        (out_w * cell, out_h * cell),
    ]
    gap, left, bottom, top = 0.45, 0.1, 0.12, 0.32
    middle = max(ph for _, ph in panels)
    width = left + sum(pw for pw, _ in panels) + 3 * gap + 0.1
    height = middle + bottom + top
    fig = plotting.canvas((width, height), fig, layout=None)
    axes, x0 = [], left
    for panel_w, panel_h in panels:  # fixed places, no layout engine: fast to redraw
        y0 = bottom + (middle - panel_h) / 2
        axes.append(fig.add_axes((x0 / width, y0 / height, panel_w / width, panel_h / height)))
        x0 += panel_w + gap
    font = 9.0 if cell >= 0.3 else 7.0
    glyph_matrix(show_matrix(s.grid, ax=axes[0], highlight=(0, 0, kh, kw), fontsize=font))
    for ax, values, size in zip(
        axes[1:], (s.kernel, s.products, s.output), (9, 9, font), strict=True
    ):
        show_matrix(
            values,
            ax=ax,
            cmap=DIVERGING_CMAP,
            fontsize=size,
            highlight=(0, 0, 1, 1) if ax is axes[3] else None,
        )
    axes[3].images[0].set_cmap(axes[3].images[0].cmap.with_extremes(bad=_NOT_YET))
    titles = (f"input {h}×{w}", "kernel", "window × kernel", f"feature map {out_h}×{out_w}")
    for ax, title in zip(axes, titles, strict=True):
        plotting.glyph_label(ax, title)
    bare_panels(*axes)
    # the operators between the panels, at inches from the bottom left: glyphs, not Texts
    xs = [
        (a.get_position().x1 + b.get_position().x0) / 2 * width
        for a, b in zip(axes[:3], axes[1:], strict=True)
    ]
    y = bottom + middle / 2
    plotting.cell_texts(fig, [(x, y) for x in xs], ["×", "=", "Σ →"], 14, "0.35", clip_on=False)
    return fig, axes


def draw_step(s: StepState, fig: Any = None) -> Any:
    """Input with the window outlined, kernel, products, and the feature map so far.

    Redrawn in place: the panels are laid out once per input and kernel shape, and a new
    position only changes numbers, colours and where the two frames are.
    """
    key = (s.grid.shape, s.grid.tobytes(), s.kernel.shape)  # the input's numbers stay
    fig, (ax_in, ax_k, ax_p, ax_out) = plotting.reused(fig, key, lambda f: _lay_out_step(s, f))
    ax_in.patches[-1].set_xy((s.col - 0.5, s.row - 0.5))
    ax_out.patches[-1].set_xy((s.col - 0.5, s.row - 0.5))
    update_matrix(ax_k, s.kernel)
    update_matrix(ax_p, s.products)
    # the cells after this position, in reading order, are still to come: grey, no number
    update_matrix(ax_out, s.output, (np.arange(s.count) > s.position).reshape(s.output.shape))
    return fig


def convolution_stepper(
    x: Any = None, kernel: Any = "vertical edge", position: int = 0
) -> ExplorerView:
    """Explorer: walk the kernel over a small grid, one output value per position (Play)."""
    grid = _validate.image("x", EXAMPLE_INPUT if x is None else x, colour=False)
    _validate.drawable("x", grid, max(grid.shape), MAX_STEPPER_SIZE)
    name, first = _kernel_argument(kernel)
    kernels = {YOURS: first, **PRESETS} if name == CUSTOM else dict(PRESETS)
    explorer = Explorer(
        title="Convolution step by step: press ▶, or drag the position",
        controls={
            "position": Step("position", _PLAY_MS),
            "kernel": Choice("kernel", tuple(kernels), dropdown=True),
        },
        compute=lambda v: step_state(grid, kernels[v["kernel"]], v["position"], v["kernel"]),
        limits=lambda v: {"position": (0, _count(grid, kernels[v["kernel"]]) - 1)},
        draw=draw_step,
        caption=stepper_caption,
        layout=[["position", "kernel"]],
        # another kernel on the same stripe: the horizontal-edge kernel barely answers
        static={"position": 4, "kernel": "horizontal edge"},
    )
    return explorer.show(position=position, kernel=YOURS if name == CUSTOM else name)


# ---------------------------------------------------------------- the playground


def playground_caption(s: FilterState) -> str:
    """The playground's caption (HTML): kernel name, sizes, value range, how it is drawn."""
    (h, w), (fh, fw) = s.image.shape, s.fmap.shape
    total = plotting.number(s.kernel.sum())
    if shows_as_photo(s.kernel):
        how = (
            f"a flat area comes out {total} × as bright, so the map is a photo on the image's scale"
        )
    else:
        flat = "0" if abs(float(s.kernel.sum())) < 1e-6 else "a negative number"
        how = f"a flat area gives {flat}, so the map is drawn signed"
    relu = (
        f"; ReLU turned the {s.negative:.0%} of values that were negative into 0" if s.relu else ""
    )
    low, high = plotting.number(s.fmap.min()), plotting.number(s.fmap.max())
    return (
        f"<b>{html.escape(match_preset(s.kernel))} kernel</b> on a {h}×{w} image → "
        f"feature map {fh}×{fw} ('valid': {s.kernel.shape[0] - 1} pixels smaller)<br>"
        f"values {html.escape(low)} … {html.escape(high)}{relu}<br>"
        f"its weights add up to {html.escape(total)}: {html.escape(how)}"
    )


def _image_choices(images: Any) -> dict[str, np.ndarray]:
    """{name: grey image} from None (the sample photo), one image or a dict of them."""
    if images is None:
        from course_utils import data

        images = {"photo": data.sample_image(gray=True, downscale=4)}
    if not isinstance(images, Mapping):
        images = {"image": images}
    choices = {}
    for name, image in _validate.mapping("images", images, "{name: image}").items():
        choices[str(name)] = img = _validate.image(f"images[{name!r}]", image, colour=False)
        for side in img.shape:
            _validate.int_range(f"images[{name!r}] side", side, 3, MAX_IMAGE_SIDE, _IMAGE_SIDES)
    return choices


def kernel_playground(
    images: Any = None, kernel: Any = "vertical edge", relu: bool = False
) -> ExplorerView:
    """Explorer: pick a preset kernel or type your own 3×3, and see what it does to an image.

    `images` is one grayscale image (H, W), a dict {name: image} to choose from, or None
    for the sample photo. A `kernel` given as an array starts the menu on 'typed'.
    """
    choices = _image_choices(images)
    first_image = next(iter(choices))
    menu = {"image": Choice("image", tuple(choices))} if len(choices) > 1 else {}
    name, first = _kernel_argument(kernel)
    start = {"kernel": TYPED if name == CUSTOM else name, "weights": kernel_to_text(first)}
    start.update(relu=relu, **{control: first_image for control in menu})

    def compute(v: dict[str, Any]) -> FilterState:
        k = parse_kernel(v["weights"]) if v["kernel"] == TYPED else PRESETS[v["kernel"]]
        return filter_state(choices[v.get("image", first_image)], k, v["relu"])

    explorer = Explorer(
        title="Kernel playground: pick a preset, or pick 'typed' and type 3 rows of 3 numbers "
        "(fractions like 1/9 are fine)",
        controls={
            "kernel": Choice("kernel", (*PRESETS, TYPED), dropdown=True),
            "weights": Text("typed kernel", rows=3),
            "relu": Toggle("ReLU after"),
            **menu,
        },
        compute=compute,
        draw=draw_filtered,
        caption=playground_caption,
        layout=[["kernel", "relu", *menu], ["weights"]],
        # ReLU keeps only the edges that are bright above and dark below
        static={**start, "kernel": "horizontal edge", "relu": True},
    )
    return explorer.show(**start)
