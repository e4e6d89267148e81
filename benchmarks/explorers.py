"""Part 4: one update of every explorer (pure core + figure + PNG), found automatically.

Every public function of a `course_utils/widgets/<topic>.py` module annotated
`-> ExplorerView` is timed: for each of its controls, one change as a learner makes it
(`view.set(name=value)`, which applies the limits, recomputes, draws and encodes once),
median over the repeats; the number of renders per change is recorded too. Explorers whose
arguments have no defaults get the example values below, by parameter name; an explorer
with an unknown required parameter is listed as skipped.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
import statistics
import time
from typing import Any

from benchmarks import config


def _examples() -> dict[str, Any]:
    """Example values for explorer parameters that have no default, by parameter name."""
    import numpy as np

    from course_utils import shapes

    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(10) * 0.3, size=32)
    labels = rng.integers(0, 10, size=32)
    labels[:8] = probs[:8].argmax(axis=1)  # a few right answers, the rest mostly mistakes
    names = ["conv_1", "pool_1", "conv_2", "pool_2"]
    fields = shapes.receptive_field([(3, 1), (2, 2), (3, 1), (2, 2)])
    return {
        "images": rng.random((32, 28, 28)),
        "labels": labels,
        "probs": probs,
        "image": rng.random((28, 28)),
        "maps": {n: rng.random((s, s, 8)) for n, s in zip(names, (26, 13, 11, 5), strict=True)},
        "fields": [f._replace(name=n) for f, n in zip(fields, names, strict=True)],
    }


def discover() -> list[tuple[str, Any]]:
    """(name, factory) for every explorer factory in course_utils.widgets, sorted by module."""
    import course_utils.widgets as pkg

    found = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"course_utils.widgets.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            returns = getattr(fn, "__annotations__", {}).get("return")
            if (
                not name.startswith("_")
                and fn.__module__ == module.__name__
                and returns in ("ExplorerView", "_core.ExplorerView")
            ):
                found.append((f"{info.name}.{name}", fn))
    return found


def _next_values(control: Any) -> list[Any]:
    """Different valid values for a control, as one click or slider step would give them,
    the preferred first (the other direction is the fallback)."""
    value = control.value
    if isinstance(value, bool):
        return [not value]
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        if value in values and len(values) > 1:
            i = values.index(value)
            return [values[(i + 1) % len(values)], values[i - 1]]
        return values[:1]
    if hasattr(control, "max") and hasattr(control, "min") and hasattr(control, "step"):
        step = control.step or 1
        return [v for v in (value + step, value - step) if control.min <= v <= control.max]
    return []  # text boxes and the like: not timed


def _change(explorer: Any, name: str, control: Any) -> float | None:
    """Seconds for one change of control `name`, or None if no change is allowed.

    Some controls limit each other (a bottleneck's width must stay below its channels):
    a value the explorer refuses (ValueError, or the view's ⚠ caption, which skips the
    redraw) is undone and the next one tried, so only real redraws are timed.
    """
    for new in _next_values(control):
        if new == control.value:
            continue
        old = control.value
        start = time.perf_counter()
        try:
            explorer.set(**{name: new})
            seconds = time.perf_counter() - start
            refused = "⚠" in explorer.caption.value  # the view's "impossible" caption
        except ValueError:
            refused = True
        if not refused:
            return seconds
        with contextlib.suppress(ValueError):
            control.value = old
    return None


def time_explorer(builder: Any, repeats: int, examples: dict[str, Any]) -> dict[str, Any]:
    """Median ms of one control change, per control and overall; renders per change; and
    the split of one update at the final state into compute + draw and PNG encoding."""
    from course_utils.widgets._core import live_png

    kwargs = {}
    for pname, p in inspect.signature(builder).parameters.items():
        if p.default is inspect.Parameter.empty:
            if pname not in examples:
                return {"skipped": f"needs an example value for `{pname}`"}
            kwargs[pname] = examples[pname]
    view = builder(**kwargs)
    per_control: dict[str, float] = {}
    all_times: list[float] = []
    most_renders = 0
    for cname, control in view.controls.items():
        times = []
        for _ in range(max(1, repeats)):
            before = view.renders
            seconds = _change(view, cname, control)
            if seconds is None:
                break
            most_renders = max(most_renders, view.renders - before)
            times.append(seconds)
        if times:
            per_control[cname] = statistics.median(times) * 1000
            all_times += times
    render_t, png_t = [], []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        values, _limits = view.explorer.settle(view.values)
        view.explorer.draw(view.explorer.compute(values), view.figure)
        mid = time.perf_counter()
        live_png(view.figure)
        render_t.append(mid - start)
        png_t.append(time.perf_counter() - mid)
    slowest = max(per_control, key=per_control.get) if per_control else "-"
    median_ms = statistics.median(all_times) * 1000 if all_times else float("nan")
    return {
        "median_ms": median_ms,
        "slowest_control": slowest,
        "slowest_ms": per_control.get(slowest, float("nan")),
        "per_control_ms": {k: round(v) for k, v in per_control.items()},
        "renders_per_change": most_renders,
        "render_ms": statistics.median(render_t) * 1000,
        "png_ms": statistics.median(png_t) * 1000,
        "controls": len(per_control),
    }


def time_one(name: str, repeats: int = 5) -> dict[str, Any]:
    """Time one explorer by "module.factory" (e.g. "stride.stride_explorer")."""
    import matplotlib

    matplotlib.use("Agg")
    module_name, factory = name.split(".")
    module = importlib.import_module(f"course_utils.widgets.{module_name}")
    return time_explorer(getattr(module, factory), repeats, _examples())


def bench(repeats: int, quick: bool = False) -> dict[str, object]:
    """Time every explorer found (the Agg backend, as in a test run)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    examples = _examples()
    rows = []
    for name, builder in discover():
        try:
            row = time_explorer(builder, repeats, examples)
        except Exception as err:  # one broken explorer must not hide the others
            row = {"skipped": f"failed: {type(err).__name__}: {str(err)[:120]}"}
        row["name"] = name
        rows.append(row)
        plt.close("all")
    return {"rows": rows, "repeats": repeats}


def _ok(row: dict) -> bool:
    return (
        "skipped" not in row
        and row["slowest_ms"] <= config.EXPLORER_BUDGET_MS
        and row["renders_per_change"] <= 1
    )


def render(result: dict) -> list[str]:
    """Markdown lines for RESULTS.md."""
    budget, goal = config.EXPLORER_BUDGET_MS, config.EXPLORER_GOAL_MS
    lines = [
        f"One control change (`view.set(...)`: limits, compute, draw, encode the PNG), median "
        f"of {result['repeats']} changes per control; budget ≤ {budget:.0f} ms for every "
        f'control (goal {goal:.0f} ms), one render per change. "compute + draw" and '
        '"PNG" (`live_png`: Agg draws the artists at 2× and the PNG is encoded) split one '
        "update at the final state.",
        "",
        "| explorer | each control's median | renders per change | compute + draw | PNG | budget |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        if "skipped" in r:
            lines.append(f"| `{r['name']}` | skipped: {r['skipped']} | | | | |")
            continue
        mark = "✓" if _ok(r) else "✗ over"
        if _ok(r) and r["slowest_ms"] <= goal:
            mark = "✓ (goal too)"
        controls = ", ".join(f"{c} {ms} ms" for c, ms in r["per_control_ms"].items())
        lines.append(
            f"| `{r['name']}` | {controls} | {r['renders_per_change']} | "
            f"{r['render_ms']:.0f} ms | {r['png_ms']:.0f} ms | {mark} |"
        )
    return lines


def misses(result: dict) -> list[str]:
    """Plain sentences for every budget this part missed."""
    out = []
    for r in result["rows"]:
        if "skipped" in r:
            out.append(f"Explorer `{r['name']}` was not timed ({r['skipped']}).")
            continue
        if r["renders_per_change"] > 1:
            out.append(
                f"Explorer `{r['name']}` drew its picture {r['renders_per_change']} times for "
                "one change."
            )
        if r["slowest_ms"] > config.EXPLORER_BUDGET_MS:
            part = (
                "compute + draw"
                if r["render_ms"] >= r["png_ms"]
                else "the PNG (Agg drawing + encoding)"
            )
            out.append(
                f"Explorer `{r['name']}`: changing `{r['slowest_control']}` takes "
                f"{r['slowest_ms']:.0f} ms, over the {config.EXPLORER_BUDGET_MS:.0f} ms "
                f"budget; {part} dominates ({r['render_ms']:.0f} ms compute + draw, "
                f"{r['png_ms']:.0f} ms PNG)."
            )
    return out
