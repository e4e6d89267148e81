"""Part 5: `import course_utils` in a fresh interpreter, and whether TensorFlow came along."""

from __future__ import annotations

import statistics
import subprocess
import sys

from benchmarks import config
from benchmarks.common import default_threads_env

# Each probe runs in a new interpreter and prints "<seconds> <tensorflow imported?>".
# The time goal (config.IMPORT_GOAL_MS) is for the first probe; every probe must skip TF.
PROBES = {
    "`import course_utils`": "import course_utils",
    "`import course_utils` + every submodule": (
        "import importlib, pkgutil, course_utils; "
        "[importlib.import_module(m.name) for m in "
        "pkgutil.walk_packages(course_utils.__path__, 'course_utils.') "
        "if not m.name.rsplit('.', 1)[-1].startswith('__')]"
    ),
}
TEMPLATE = "import time, sys; t = time.perf_counter(); {code}; " + (
    "print(time.perf_counter() - t, 'tensorflow' in sys.modules)"
)


def bench(repeats: int, quick: bool = False) -> dict[str, object]:
    """Median seconds of each probe and whether any run imported TensorFlow."""
    rows = []
    for label, code in PROBES.items():
        times, pulled_tf = [], False
        for _ in range(max(1, repeats)):
            out = subprocess.run(
                [sys.executable, "-c", TEMPLATE.format(code=code)],
                capture_output=True,
                text=True,
                check=True,
                env=default_threads_env(),
            )
            seconds, tf_flag = out.stdout.split()[-2:]
            times.append(float(seconds))
            pulled_tf = pulled_tf or tf_flag == "True"
        rows.append({"what": label, "ms": statistics.median(times) * 1000, "tensorflow": pulled_tf})
    return {"rows": rows, "repeats": repeats}


def render(result: dict[str, object]) -> list[str]:
    """Markdown lines for RESULTS.md."""
    lines = [
        f"Fresh interpreter each time; median of {result['repeats']} runs. "
        f"Goals: `import course_utils` under {config.IMPORT_GOAL_MS:.0f} ms; no TensorFlow "
        "in any (the second row imports matplotlib and ipywidgets: it has no time goal).",
        "",
        "| what | median | goal | TensorFlow imported? |",
        "|---|---|---|---|",
    ]
    for i, r in enumerate(result["rows"]):  # type: ignore[union-attr]
        goal = "-"
        if i == 0:
            mark = "✓" if r["ms"] <= config.IMPORT_GOAL_MS else "✗ over"
            goal = f"≤ {config.IMPORT_GOAL_MS:.0f} ms {mark}"
        tf = "yes ✗" if r["tensorflow"] else "no ✓"
        lines.append(f"| {r['what']} | {r['ms']:.0f} ms | {goal} | {tf} |")
    return lines


def misses(result: dict[str, object]) -> list[str]:
    """Plain sentences for every goal this part missed."""
    out = []
    for i, r in enumerate(result["rows"]):  # type: ignore[union-attr]
        if r["tensorflow"]:
            out.append(f"{r['what']} imported TensorFlow (it must not).")
        if i == 0 and r["ms"] > config.IMPORT_GOAL_MS:
            out.append(
                f"{r['what']} took {r['ms']:.0f} ms, over the {config.IMPORT_GOAL_MS:.0f} ms goal."
            )
    return out
