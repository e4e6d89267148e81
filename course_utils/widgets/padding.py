"""The padding explorer: input size, kernel size and padding → the padded grid and the output.

A declaration over `shapes.axis_layout` (the layout), `layers_numpy.white_image_means`
(the 'values' view) and lesson 03's pictures in `course_utils.figures.padding`; the
caption carries `shapes.output_formula` with the numbers.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

import numpy as np

from course_utils import layers_numpy, shapes
from course_utils.figures import padding as figures
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int

VIEWS = ("windows", "windows per pixel", "values")


class State(NamedTuple):
    layout: shapes.AxisLayout
    view: str
    white: tuple[np.ndarray, np.ndarray] | None  # the 'values' view: (white image, its means)


def compute(values: dict[str, Any]) -> State:
    """The stride-1 layout (ValueError if the kernel does not fit), the view and, for the
    'values' view, the padded white image with its window means."""
    layout = shapes.axis_layout(values["input_size"], values["kernel_size"], 1, values["padding"])
    white = layers_numpy.white_image_means(layout) if values["view"] == "values" else None
    return State(layout, values["view"], white)


def draw(state: State, fig: Any) -> Any:
    if state.white is not None:
        return figures.draw_padding_values(state.layout, *state.white, fig=fig)
    return figures.draw_padding(state.layout, counts=state.view != "windows", fig=fig)


def _zeros_text(layout: shapes.AxisLayout) -> str:
    before, after = layout.pad_before, layout.pad_after
    if before == after:
        return f"{before} zero{'s' if before != 1 else ''} on each side"
    return f"{before} zero(s) before (top, left), {after} after (bottom, right)"


def _last_line(state: State) -> str:
    """Coverage of the corner and the best-covered pixel, or the white image's corner value."""
    layout, k = state.layout, state.layout.kernel_size
    if state.white is None:
        along = layout.coverage[layout.pad_before : layout.pad_before + layout.input_size]
        return (
            f"windows covering the corner pixel: {along[0] ** 2}; "
            f"the best-covered pixel: {max(along) ** 2}"
        )
    corner = state.white[1][0, 0]
    real = round(corner * k * k)
    if real == k * k:
        return f"white image (every pixel 1), mean of each {k}×{k} window: every output is 1.00"
    return (
        f"white image (every pixel 1), mean of each {k}×{k} window: windows that reach into "
        f"the zeros come out darker; corner: {real}/{k * k} = {corner:.2f}"
    )


def caption(state: State) -> str:
    """Output size, the formula with the numbers, the zeros, and the view's key number."""
    layout = state.layout
    out, n, size = layout.output_size, layout.input_size, layout.padded_size
    change = "the same size as" if out == n else ("smaller than" if out < n else "larger than")
    return (
        f"<b>output {out}×{out}</b> ({change} the {n}×{n} input) · o = n + 2p − k + 1 = "
        f"{html.escape(shapes.output_formula(layout))}<br>padding={layout.padding!r}: "
        f"{_zeros_text(layout)} → padded input {size}×{size}<br>{html.escape(_last_line(state))}"
    )


EXPLORER = Explorer(
    title="Padding: change n, k and the padding, and watch the output size",
    controls={
        "input_size": Int("input n", 3, 12),
        "kernel_size": Int("kernel k", 1, 7),
        "padding": Choice("padding", shapes.CONV_PADDINGS),
        "view": Choice("show", VIEWS),
    },
    compute=compute,
    draw=draw,
    caption=caption,
    layout=[["input_size", "kernel_size"], ["padding"], ["view"]],
    static={"input_size": 6, "kernel_size": 4, "padding": "same", "view": "windows"},
)


def padding_explorer(
    input_size: int = 5, kernel_size: int = 3, padding: str = "valid", view: str = "windows"
) -> ExplorerView:
    """Explorer: input size, kernel size and padding → the padded grid, output size, formula.

    view: 'windows' (where the kernel stops), 'windows per pixel' (the coverage counts) or
    'values' (a white image averaged over every window).
    """
    return EXPLORER.show(input_size=input_size, kernel_size=kernel_size, padding=padding, view=view)
