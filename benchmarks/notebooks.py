"""Part 1: each notebook's Restart & Run All wall time in a fresh kernel, and its peak memory.

Notebooks run exactly as `tools/run_notebooks.py` runs them (nbclient, the `python3`
kernel, the notebook's folder as working directory, QUIET_ENV) plus CI mode
(`config.CI_ENV`), and nothing is written back. The time is from starting the kernel to
the last cell's reply; the peak memory is the kernel process's VmHWM (Linux) after the
last cell. Outputs are checked with the runner's own `output_problems`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import config
from benchmarks.common import ROOT

NOTEBOOKS = ROOT / "notebooks"


def _runner() -> ModuleType:
    """tools/run_notebooks.py, loaded by path (tools/ is scripts, not a package)."""
    path = ROOT / "tools" / "run_notebooks.py"
    spec = importlib.util.spec_from_file_location("_course_run_notebooks", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """os.environ updated for the block (the kernel inherits it), then restored."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _vm_hwm_mb(pid: int | None) -> float | None:
    """Peak resident memory (VmHWM) of process `pid` in MB, or None where unknown."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _kernel_pid(client: Any) -> int | None:
    """The kernel's process id, from jupyter_client's local provisioner."""
    provisioner = getattr(client.km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    pid = getattr(process, "pid", None) or getattr(provisioner, "pid", None)
    return int(pid) if pid else None


def run_once(path: Path, runner: ModuleType) -> dict[str, Any]:
    """Execute one notebook in a fresh kernel: seconds, per-cell seconds, peak MB, problems."""
    import nbformat
    from nbclient import NotebookClient

    from course_utils._runtime import QUIET_ENV

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    cell_start: dict[int, float] = {}
    cell_seconds: dict[int, float] = {}
    peak: list[float] = []
    first_cell: list[float] = []

    def on_cell_execute(cell: Any, cell_index: int) -> None:
        now = time.perf_counter()
        cell_start[cell_index] = now
        if not first_cell:
            first_cell.append(now)

    def on_cell_executed(cell: Any, cell_index: int, execute_reply: Any) -> None:
        cell_seconds[cell_index] = time.perf_counter() - cell_start.get(cell_index, 0.0)
        mb = _vm_hwm_mb(_kernel_pid(client))
        if mb is not None:
            peak.append(mb)

    client = NotebookClient(
        nb,
        timeout=config.NOTEBOOK_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        allow_errors=True,
        on_cell_execute=on_cell_execute,
        on_cell_executed=on_cell_executed,
    )
    with _environ({**QUIET_ENV, **config.CI_ENV}):
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "startup": (first_cell[0] - start) if first_cell else seconds,
        "cells": cell_seconds,
        "sources": {i: _first_line(nb.cells[i].source) for i in cell_seconds},
        "peak_mb": max(peak) if peak else None,
        "problems": runner.output_problems(nb),
    }


def _first_line(source: str) -> str:
    lines = [ln for ln in source.splitlines() if ln.strip()]
    text = lines[0].strip() if lines else ""
    return text if len(text) <= 50 else text[:47] + "..."


def _tiny_notebook(folder: Path) -> Path:
    """The quick mode's notebook: proves the machinery (kernel, env, memory) in seconds."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import os\n\nimport numpy as np"),
        nbformat.v4.new_code_cell("print(os.environ['COURSE_OFFLINE'], np.ones(3).sum())"),
    ]
    path = folder / "00_smoke.ipynb"
    nbformat.write(nb, path)
    return path


def select(names: list[str] | None) -> list[Path]:
    """The lesson notebooks in notebooks/, optionally only those whose name starts with one of
    `names` (e.g. ["04", "07_training"])."""
    paths = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if config.is_lesson(p.name))
    if names:
        paths = [p for p in paths if any(p.name.startswith(n) for n in names)]
    return paths


def bench(repeats: int, quick: bool = False, names: list[str] | None = None) -> dict[str, Any]:
    """Median run time of each notebook over `repeats` fresh kernels, with budgets."""
    runner = _runner()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = [_tiny_notebook(Path(tmp))] if quick else select(names)
        for path in paths:
            runs = []
            for _ in range(max(1, repeats)):
                runs.append(run_once(path, runner))
                print(f"  {path.stem}: {runs[-1]['seconds']:.1f} s", file=sys.stderr, flush=True)
            cells: dict[int, float] = {
                i: statistics.median(r["cells"].get(i, 0.0) for r in runs) for i in runs[0]["cells"]
            }
            top = sorted(cells, key=cells.get, reverse=True)[:3]  # a miss names these three
            slowest = top[0] if top else None
            peaks = [r["peak_mb"] for r in runs if r["peak_mb"] is not None]
            seconds = statistics.median(r["seconds"] for r in runs)
            budget = config.notebook_budget(path.name)
            rows.append(
                {
                    "name": path.stem,
                    "seconds": seconds,
                    "budget": budget,
                    "ok": seconds <= budget,
                    "memory_ok": not peaks or max(peaks) <= config.NOTEBOOK_MEMORY_BUDGET_MB,
                    "startup": statistics.median(r["startup"] for r in runs),
                    "slowest_cell": slowest,
                    "slowest_source": runs[0]["sources"].get(slowest, "") if cells else "",
                    "slowest_seconds": cells.get(slowest, 0.0) if cells else 0.0,
                    "top_cells": [[i, runs[0]["sources"].get(i, ""), cells[i]] for i in top],
                    "peak_mb": max(peaks) if peaks else None,
                    "problems": runs[-1]["problems"][:3],
                }
            )
    total = sum(r["seconds"] for r in rows)
    present = {r["name"][:2] for r in rows}
    missing = [f"{i:02d}" for i in range(1, 11) if f"{i:02d}" not in present]
    return {
        "rows": rows,
        "total": total,
        "course_ok": total <= config.COURSE_BUDGET_S,
        "repeats": repeats,
        "ci_env": config.CI_ENV,
        "missing": [] if quick or names else missing,
        "quick": quick,
    }


def render(result: dict[str, Any]) -> list[str]:
    """Markdown lines for RESULTS.md."""
    env = ", ".join(f"`{k}={v}`" for k, v in result["ci_env"].items())
    lines = [
        f"Restart & Run All in a fresh `python3` kernel with nbclient, as `tools/run_notebooks.py` "
        f"runs them (QUIET_ENV: one thread, offline) in CI mode ({env}); median of "
        f"{result['repeats']} run(s). Time = kernel start to the last cell's reply. Peak memory = "
        "the kernel process's VmHWM. Budgets (benchmarks/config.py): concept lessons "
        f"≤ {config.CONCEPT_LESSON_BUDGET_S:.0f} s, "
        + "".join(f"{p}… ≤ {b:.0f} s, " for p, b in config.NOTEBOOK_BUDGETS_S.items())
        + f"the whole course ≤ {config.COURSE_BUDGET_S / 60:.0f} min "
        f"(goal {config.COURSE_GOAL_S / 60:.0f} min); peak memory ≤ "
        f"{config.NOTEBOOK_MEMORY_BUDGET_MB:,.0f} MB per lesson "
        f"(goal {config.NOTEBOOK_MEMORY_GOAL_MB:,.0f} MB).",
        "",
        "| notebook | run time | budget | kernel start | slowest cell | peak memory | outputs |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        mark = "✓" if r["ok"] else "✗ over"
        peak = f"{r['peak_mb']:,.0f} MB" if r["peak_mb"] is not None else "?"
        peak += "" if r.get("memory_ok", True) else " ✗ over"
        cell = (
            f"#{r['slowest_cell']} `{r['slowest_source']}` {r['slowest_seconds']:.1f} s"
            if r["slowest_cell"] is not None
            else "-"
        )
        problems = "clean" if not r["problems"] else "✗ " + "; ".join(r["problems"])[:120]
        lines.append(
            f"| {r['name']} | {r['seconds']:.1f} s | ≤ {r['budget']:.0f} s {mark} | "
            f"{r['startup']:.1f} s | {cell} | {peak} | {problems} |"
        )
    course = "✓" if result["course_ok"] else "✗ over"
    lines.append(
        f"| **whole course** | **{result['total']:.0f} s** | "
        f"≤ {config.COURSE_BUDGET_S:.0f} s {course} | | | | |"
    )
    if result["missing"]:
        lines += ["", f"Not measured (notebook not written yet): {', '.join(result['missing'])}."]
    return lines


def misses(result: dict[str, Any]) -> list[str]:
    """Plain sentences for every budget this part missed."""
    out = []
    for r in result["rows"]:
        if not r["ok"]:
            slowest = [r["slowest_cell"], r["slowest_source"], r["slowest_seconds"]]
            top = r.get("top_cells") or [slowest]  # results written before top_cells existed
            cells = "; ".join(f"#{i} `{source}` {seconds:.1f} s" for i, source, seconds in top)
            out.append(
                f"Notebook {r['name']} took {r['seconds']:.1f} s, over its {r['budget']:.0f} s "
                f"budget; its slowest cells: {cells}; starting the kernel took "
                f"{r['startup']:.1f} s."
            )
        if not r.get("memory_ok", True):
            out.append(
                f"Notebook {r['name']} peaked at {r['peak_mb']:,.0f} MB, over the "
                f"{config.NOTEBOOK_MEMORY_BUDGET_MB:,.0f} MB memory budget."
            )
        if r["problems"]:
            out.append(f"Notebook {r['name']} produced errors or stderr: {r['problems'][0]}")
    if not result["course_ok"]:
        top = sorted(result["rows"], key=lambda r: -r["seconds"])[:3]
        out.append(
            f"The whole course took {result['total']:.0f} s, over the "
            f"{config.COURSE_BUDGET_S:.0f} s budget; the slowest notebooks: "
            + ", ".join(f"{r['name']} {r['seconds']:.0f} s" for r in top)
            + "."
        )
    if result["missing"]:
        out.append(f"Notebooks {', '.join(result['missing'])} do not exist yet: not measured.")
    return out
