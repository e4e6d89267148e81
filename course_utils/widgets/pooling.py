"""The pooling explorer: a pooling layer's windows walked over a feature map, one by one.

Pool size, stride, max/average and padding are controls; the `window` control (with its
Play button) walks the windows. The windows are `layers_numpy.pool_windows`, the picture
`figures.pooling.draw_pooling`; the caption carries `shapes.output_formula` and the
window's arithmetic.
"""

from __future__ import annotations

import html
from functools import partial
from typing import Any, NamedTuple

import numpy as np

from course_utils import _validate, layers_numpy, plotting, shapes
from course_utils.figures import pooling as figures
from course_utils.figures.padding import MAX_DRAWN
from course_utils.widgets._core import Choice, Explorer, ExplorerView, Int, Step

__all__ = ["window_text", "caption", "pooling_explorer"]

SIZES = (1, 4)  # the pool size and stride sliders' range
# The static picture: overlapping 3×3 windows, 'same' padding and averages, on the window
# that holds the map's largest value.
STATIC = {"pool_size": 3, "strides": 2, "mode": "average", "padding": "same"}


class State(NamedTuple):
    """What the explorer shows: the controls' values and the pooled map with its windows."""

    pool_size: int
    strides: int
    mode: str
    padding: str
    step: int
    pooled: layers_numpy.Pooled


def window_text(pooled: layers_numpy.Pooled, step: int) -> str:
    """Window `step`'s arithmetic, e.g. 'max(1, 3, 4, 8) = 8' or '(1 + 3 + 4 + 8)/4 = 4'."""
    out_row, out_col, cells = pooled.window(step)
    real = cells[~np.isnan(cells)]
    result = plotting.number(pooled.out[out_row, out_col])
    listed = [plotting.number(v) for v in real] if real.size <= 9 else None
    if pooled.mode == "max":
        return f"max({', '.join(listed) if listed else f'{real.size} values'}) = {result}"
    total = " + ".join(listed) if listed else f"sum of {real.size} values"
    skipped = cells.size - real.size
    note = f" (the {skipped} padding cell{'s' * (skipped > 1)} not counted)" if skipped else ""
    return f"({total})/{real.size} = {result}{note}"


def _size_formula(pooled: layers_numpy.Pooled) -> str:
    """The output-size formula with these numbers (one axis if both agree)."""
    rows, cols = shapes.output_formula(pooled.rows), shapes.output_formula(pooled.cols)
    return rows if rows == cols else f"rows: {rows}; columns: {cols}"


def caption(state: State) -> str:
    """The explorer's caption: setting and sizes, formula, and the window now."""
    p = state.pooled
    (h, w), (ho, wo) = p.x.shape, p.out.shape
    out_row, out_col, _ = p.window(state.step)
    k, s = state.pool_size, state.strides
    return "<br>".join(
        html.escape(line)
        for line in (
            f"{state.mode} pooling, pool {k}×{k}, stride {s}, padding '{state.padding}': "
            f"{h}×{w} → {ho}×{wo}",
            f"output size {_size_formula(p)} · {p.x.size:,} numbers → {p.n_windows:,} "
            f"({p.n_windows / p.x.size:.0%})",
            f"window {state.step} (of {p.n_windows}, from 0) → output ({out_row}, {out_col}): "
            f"{window_text(p, state.step)}",
        )
    )


def _compute(x: np.ndarray, values: dict[str, Any]) -> State:
    k, s, mode, padding = (values[name] for name in ("pool_size", "strides", "mode", "padding"))
    pooled = layers_numpy.pool_windows(x, k, s, padding, mode)
    return State(k, s, mode, padding, values["step"], pooled)


def _limits(shape: tuple[int, int], values: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """A 'valid' pool must fit in the map; the window walk has one position per output cell."""
    k_high = SIZES[1] if values["padding"] == "same" else min(SIZES[1], *shape)
    k, s, padding = min(values["pool_size"], k_high), values["strides"], values["padding"]
    n = shapes.pool_output_size(shape[0], k, s, padding)
    n *= shapes.pool_output_size(shape[1], k, s, padding)
    return {"pool_size": (SIZES[0], k_high), "step": (0, n - 1)}


def _draw(state: State, fig: Any) -> Any:
    return figures.draw_pooling(state.pooled, state.step, fig)


def pooling_explorer(
    x: Any = None,
    pool_size: int = 2,
    strides: int = 2,
    mode: str = "max",
    padding: str = "valid",
    step: int | None = None,
) -> ExplorerView:
    """Explorer: pool size, stride, max/average and padding over the 2-D map `x` (default:
    the lesson's 4×4 grid); walk its windows from `step` (None: the one with x's largest value)."""
    arr = figures.EXAMPLE_GRID if x is None else _validate.array("x", x, ndims=(2,))
    # The largest pool with 'same' padding adds SIZES[1] - 1 cells along each axis.
    _validate.drawable("x", arr, max(arr.shape) + SIZES[1] - 1, MAX_DRAWN)
    static_step = layers_numpy.brightest_window(
        arr, STATIC["pool_size"], STATIC["strides"], STATIC["padding"]
    )
    explorer = Explorer(
        title="Pooling: press ▶ to walk the window over the map, or drag 'window'",
        controls={
            "pool_size": Int("pool size", *SIZES),
            "strides": Int("stride", *SIZES),
            "mode": Choice("pooling", layers_numpy.POOL_MODES),
            "padding": Choice("padding", _validate.PADDINGS),
            "step": Step("window"),
        },
        compute=partial(_compute, arr),
        limits=partial(_limits, arr.shape),
        draw=_draw,
        caption=caption,
        layout=[["pool_size", "strides"], ["mode", "padding"], ["step"]],
        static={**STATIC, "step": static_step},
    )
    if step is None:
        step = layers_numpy.brightest_window(arr, pool_size, strides, padding)
    return explorer.show(
        pool_size=pool_size, strides=strides, mode=mode, padding=padding, step=step
    )
