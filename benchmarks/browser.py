"""Part 6: the browser test (tests/test_browser.py), timed as CI runs it.

JupyterLab on 127.0.0.1 + Debian's Chromium driven by Playwright: every lesson with an
explorer is opened, run top to bottom, and its controls moved. One pytest run, no xdist;
the time includes starting JupyterLab and the browser.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

from benchmarks.common import ROOT


def bench(repeats: int, quick: bool = False) -> dict[str, object]:
    """Wall seconds of one run of the browser test, and what pytest reported."""
    if quick:
        return {"skipped": "not run in quick mode (it opens every lesson in a browser)"}
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_browser.py", "-p", "no:xdist", "-q"]
        + ["-p", "no:cacheprovider", "--durations=0", "-o", "addopts="],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    lessons = [
        {"lesson": m.group(2), "seconds": float(m.group(1))}
        for m in re.finditer(r"^([\d.]+)s call\s+\S+\[(\S+)\]", run.stdout, re.M)
    ]
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-300:]
    return {"seconds": seconds, "summary": summary, "lessons": lessons, "ok": run.returncode == 0}


def render(result: dict[str, object]) -> list[str]:
    """Markdown lines for RESULTS.md."""
    if "skipped" in result:
        return [f"Browser test: {result['skipped']}."]
    lines = [
        f"One run of `python -m pytest tests/test_browser.py`: **{result['seconds']:.0f} s** in "
        f"all (pytest: {result['summary']}).",
        "",
        "| lesson | open, Run All, move the controls |",
        "|---|---|",
    ]
    for row in result["lessons"]:  # type: ignore[union-attr]
        lines.append(f"| {row['lesson']} | {row['seconds']:.0f} s |")
    return lines


def misses(result: dict[str, object]) -> list[str]:
    """Plain sentences for what went wrong (the browser test has no time budget)."""
    if "skipped" in result or result["ok"]:
        return []
    return [f"The browser test did not pass: {result['summary']}."]
