"""course_utils.widgets.pooling: the explorer's pure functions, its declaration and its view."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.figures.pooling import EXAMPLE_GRID
from course_utils.layers_numpy import pool_windows
from course_utils.widgets import pooling


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- pure functions


def test_window_text():
    p = pool_windows(EXAMPLE_GRID, 2, mode="max")
    assert pooling.window_text(p, 0) == "max(1, 3, 4, 8) = 8"
    p = pool_windows(EXAMPLE_GRID, 2, mode="average")
    assert pooling.window_text(p, 0) == "(1 + 3 + 4 + 8)/4 = 4"
    corner = pool_windows(np.arange(25.0).reshape(5, 5), 2, 2, "same", "average")
    assert pooling.window_text(corner, 8) == "(24)/1 = 24 (the 3 padding cells not counted)"
    assert pooling.window_text(corner, 2) == "(4 + 9)/2 = 6.5 (the 2 padding cells not counted)"
    big = pool_windows(np.ones((8, 8)), 4, mode="max")
    assert pooling.window_text(big, 0) == "max(16 values) = 1"


def test_the_caption_gives_each_axis_its_formula_when_they_differ():
    view = pooling.pooling_explorer(np.zeros((6, 8)), pool_size=2, strides=2)
    assert "rows: ⌊(6 − 2)/2⌋ + 1 = 3; columns: ⌊(8 − 2)/2⌋ + 1 = 4" in view.caption.value
    view.set(padding="same", strides=3)
    assert "rows: ⌈6/3⌉ = 2; columns: ⌈8/3⌉ = 3" in view.caption.value


# ---------------------------------------------------------------- the declaration


def _declaration(x=None, **start):
    return pooling.pooling_explorer(x, **start).explorer


def test_limits_clamp_the_window_and_a_pool_too_large_for_valid():
    explorer = _declaration(np.zeros((3, 5)), pool_size=2, strides=1, step=0)
    values = {"pool_size": 2, "strides": 1, "mode": "max", "padding": "valid", "step": 7}
    settled, limits = explorer.settle(values)
    assert limits["step"] == (0, 7) and settled["step"] == 7  # 2×4 windows
    settled, limits = explorer.settle({**values, "strides": 2})
    assert limits["step"] == (0, 1) and settled["step"] == 1  # 1×2 windows now
    settled, limits = explorer.settle({**values, "pool_size": 4})
    assert limits["pool_size"] == (1, 3) and settled["pool_size"] == 3  # 'valid' on 3 rows
    assert limits["step"] == (0, 2) and settled["step"] == 2
    settled, limits = explorer.settle({**values, "pool_size": 4, "padding": "same"})
    assert limits["pool_size"] == (1, 4) and settled["pool_size"] == 4


def test_compute_refuses_impossible_combinations():
    explorer = _declaration(np.zeros((3, 3)), pool_size=2, strides=1)
    good = {"pool_size": 2, "strides": 1, "mode": "max", "padding": "valid", "step": 3}
    assert explorer.compute(good).pooled.n_windows == 4
    with pytest.raises(ValueError, match="does not fit"):
        explorer.compute({**good, "pool_size": 4})


def test_the_static_state_is_instructive_and_not_the_default():
    view = pooling.pooling_explorer()
    explorer = view.explorer
    assert dict(explorer.static) != view.values
    state = explorer.state()
    assert (state.pool_size, state.strides, state.mode, state.padding) == (3, 2, "average", "same")
    assert state.pooled.x.max() in state.pooled.window(state.step)[2]  # the brightest window
    assert ")/9 = " in pooling.caption(state)  # overlapping 3×3 windows, averaged


# ---------------------------------------------------------------- the live view


def test_explorer_builds_and_updates():
    rng = np.random.default_rng(0)
    fmap = np.maximum(rng.normal(size=(12, 12)), 0)
    view = pooling.pooling_explorer(fmap, step=0)
    assert "12×12 → 6×6" in view.caption.value
    assert "window 0 (of 36, from 0) → output (0, 0)" in view.caption.value
    first = bytes(view.image.value)
    assert first.startswith(b"\x89PNG")
    view.set(step=5)
    assert "window 5 (of 36" in view.caption.value and bytes(view.image.value) != first
    view.set(mode="average")
    assert "average pooling" in view.caption.value and ")/4 = " in view.caption.value
    view.set(pool_size=3, strides=3)
    assert "12×12 → 4×4" in view.caption.value
    assert view.controls["step"].max == 15 and view.play.max == 15
    view.set(padding="same", strides=4)
    assert "⌈12/4⌉ = 3" in view.caption.value and view.values["step"] == 5 <= 8
    assert view.play in view.widget.children[3].children  # Play sits by its slider


def test_every_control_redraws_once_also_when_it_clamps_the_window():
    view = pooling.pooling_explorer(step=3)  # the last of the 4×4 grid's four windows
    changes = [
        ("mode", "average"),
        ("pool_size", 3),
        ("strides", 3),
        ("padding", "same"),
        ("step", 0),
        ("strides", 1),
        ("step", 8),
        ("padding", "valid"),
    ]
    for name, value in changes:
        before = view.renders
        view.set(**{name: value})
        assert view.renders == before + 1, (name, value)
        assert "⚠" not in view.caption.value
    assert view.values["step"] == 3  # pool 3, stride 1, 'valid' on 4×4: 2×2 windows
    before = view.renders
    view.controls["strides"].value = 2  # as a learner drags it (clamps nothing here)
    assert view.renders == before + 1


def test_explorer_starts_on_the_brightest_window():
    x = np.zeros((8, 8))
    x[5, 6] = 1.0
    view = pooling.pooling_explorer(x)
    assert view.values["step"] == 2 * 4 + 3
    assert "output (2, 3): max(0, 0, 1, 0) = 1" in view.caption.value


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"pool_size": 5}, "pool_size=5"),
        ({"strides": 0}, "strides=0"),
        ({"mode": "min"}, "mode='min'"),
        ({"padding": "full"}, "padding='full'"),
        ({"step": -1}, "step=-1"),
        ({"x": np.zeros((50, 50))}, "53 cells across, and one shows at most 40"),
        ({"x": np.zeros((3, 3)), "pool_size": 4}, "does not fit"),
    ],
)
def test_explorer_refuses_bad_starting_values(kwargs, words):
    with pytest.raises(ValueError, match=words):
        pooling.pooling_explorer(**kwargs)


def test_a_starting_window_past_the_last_one_is_moved_to_the_last():
    assert pooling.pooling_explorer(step=4).values["step"] == 3  # the 4×4 grid: 4 windows
