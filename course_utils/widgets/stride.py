"""The stride explorer: walk the kernel over the (padded) input, position by position, with Play.

A declaration over `shapes.axis_layout` (zeros, window starts, pixels never covered) and
lesson 04's picture `course_utils.figures.stride.draw_stride`; the caption carries
`shapes.output_formula` with its working.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

from course_utils import _validate, shapes
from course_utils.figures import stride as figures
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int, Step


class State(NamedTuple):
    layout: shapes.AxisLayout
    step: int


def _layout(values: dict[str, Any]) -> shapes.AxisLayout:
    return shapes.axis_layout(
        values["input_size"], values["kernel_size"], values["strides"], values["padding"]
    )


def compute(values: dict[str, Any]) -> State:
    """The layout (ValueError if the kernel does not fit) and the kernel position shown."""
    return State(_layout(values), values["step"])


def limits(values: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """The positions are numbered 0 … o² − 1."""
    return {"step": (0, _layout(values).output_size ** 2 - 1)}


def draw(state: State, fig: Any) -> Any:
    return figures.draw_stride(state.layout, state.step, fig)


def caption(state: State) -> str:
    """The formula, the zeros, the current position and the pixels never covered."""
    lay, step = state.layout, state.step
    out, k, total = lay.output_size, lay.kernel_size, lay.output_size**2
    zeros = f"zeros: {lay.pad_before} before, {lay.pad_after} after"
    if lay.padding == "valid":
        zeros = "no zeros"
    out_r, out_c = divmod(step, out)
    r0, c0 = lay.starts[out_r], lay.starts[out_c]
    unused = ", ".join(str(i + lay.pad_before) for i in lay.unused)
    what = "row and column" if len(lay.unused) == 1 else "rows and columns"
    return (
        f"<b>output {out}×{out}</b> = {html.escape(shapes.output_formula(lay, steps=True))}<br>"
        f"padding={lay.padding!r} ({zeros}) · position {step} of 0–{total - 1}: "
        f"rows {r0}–{r0 + k - 1}, columns {c0}–{c0 + k - 1} → output ({out_r}, {out_c})<br>"
        + (f"{what} {unused} never covered" if unused else "every input pixel is covered")
    )


EXPLORER = Explorer(
    title="Stride: press ▶ to walk the kernel over the input, or drag 'position'",
    controls={
        "input_size": Int("input n", 3, 16),
        "kernel_size": Int("kernel k", 1, 7),
        "strides": Int("stride s", 1, 4),
        "padding": Choice("padding", _validate.PADDINGS),
        "step": Step("position"),
    },
    compute=compute,
    draw=draw,
    caption=caption,
    limits=limits,
    layout=[["input_size", "kernel_size", "strides"], ["padding", "step"]],
    # For readers without widgets: a stride wider than the kernel skips pixels 3, 7 and 8.
    static={"input_size": 9, "kernel_size": 3, "strides": 4, "padding": "valid", "step": 1},
)


def stride_explorer(
    input_size: int = 8,
    kernel_size: int = 3,
    strides: int = 2,
    padding: str = "valid",
    step: int = 0,
) -> ExplorerView:
    """Explorer: walk the kernel over the (padded) input position by position, with Play.

    `step` is the kernel position to start on, counted from 0.
    """
    return EXPLORER.show(
        input_size=input_size, kernel_size=kernel_size, strides=strides, padding=padding, step=step
    )
