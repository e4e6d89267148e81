"""Shared helpers: timing, machine description, load average, the environment of child processes."""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Thread settings a learner's laptop does not have: stripped for "default threads" runs.
THREAD_VARS = (
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
)


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    """Median wall time of fn() in seconds over `repeats` runs, after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_average() -> tuple[float, float, float]:
    """os.getloadavg(), rounded (1, 5 and 15 minutes)."""
    try:
        return tuple(round(x, 1) for x in os.getloadavg())  # type: ignore[return-value]
    except OSError:
        return (float("nan"),) * 3  # type: ignore[return-value]


# A fixed piece of CPU work, timed before and after each part: the same code on the same
# machine takes longer when the machine is slower (other virtual machines on its cores).
CPU_CHECK = "NumPy: 40 products of two 1,024×1,024 float32 matrices"


def cpu_check() -> float:
    """Seconds for CPU_CHECK in this process, the best of 3."""
    import numpy as np

    a = np.random.default_rng(0).random((1024, 1024), dtype=np.float32)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(40):
            a @ a
        best = min(best, time.perf_counter() - start)
    return round(best, 2)


def default_threads_env() -> dict[str, str]:
    """This process's environment minus the thread pins; quiet TF logs; no network."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", COURSE_OFFLINE="1", PYTHONPATH=_pythonpath(env))
    return env


def _pythonpath(env: dict[str, str]) -> str:
    """PYTHONPATH with the repository first, so `python -m benchmarks.x` works from anywhere."""
    old = env.get("PYTHONPATH", "")
    return str(ROOT) + (os.pathsep + old if old else "")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    """CPU model, cores, memory, date, Python and library versions (imports no TensorFlow)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = str(os.cpu_count())
    if affinity and str(affinity) != cores:
        cores += f" ({affinity} usable)"
    info = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu,
        "cores": cores,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
    for dist in (
        "numpy",
        "tensorflow",
        "keras",
        "matplotlib",
        "ipywidgets",
        "nbclient",
        "ipykernel",
        "course_utils",
    ):
        info[dist] = _version(dist)
    return info


def run_child(module: str, request: dict, timeout: float | None = None) -> dict:
    """Run `python -m <module> '<json request>'` with default threads; return its JSON reply.

    Used for the parts that time TensorFlow: a fresh process gets TensorFlow's default
    thread pools (whatever this process was started with) and its own memory.
    """
    import json
    import subprocess
    import sys

    out = subprocess.run(  # stderr (progress lines, any traceback) goes to ours
        [sys.executable, "-m", module, json.dumps(request)],
        stdout=subprocess.PIPE,
        text=True,
        env=default_threads_env(),
        cwd=ROOT,
        timeout=timeout,
    )
    replies = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not replies:
        raise RuntimeError(f"`python -m {module}` failed (exit {out.returncode}): see above")
    return json.loads(replies[-1])
