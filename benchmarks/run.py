"""Measure what the course costs on this machine and rewrite benchmarks/RESULTS.md.

    python benchmarks/run.py            # full run (a few minutes)
    python benchmarks/run.py --quick    # smoke run: tiny sizes, prints, writes nothing

Parts so far: `import course_utils` (time, and whether it pulled in TensorFlow);
NumPy reference layers against Keras. Each number is a median over repeated runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"

IMPORT_PROBE = (
    "import time, sys; t = time.perf_counter(); import course_utils, course_utils.shapes; "
    "print(time.perf_counter() - t, 'tensorflow' in sys.modules)"
)


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    """Median wall time of fn() in seconds over `repeats` runs, after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python and library versions."""
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
    import numpy

    import course_utils

    keras = course_utils.import_keras()
    import tensorflow as tf

    return {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }


def bench_import(repeats: int) -> dict[str, object]:
    """`import course_utils` in a fresh interpreter: seconds, and whether TF came along."""
    times, pulled_tf = [], False
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True
        )
        seconds, tf_flag = out.stdout.split()
        times.append(float(seconds))
        pulled_tf = pulled_tf or tf_flag == "True"
    return {"seconds": statistics.median(times), "tensorflow_imported": pulled_tf}


def bench_layers(quick: bool) -> list[tuple[str, float]]:
    """conv2d (vectorised, naive) and pooling against the Keras layers on the same input."""
    import numpy as np

    import course_utils
    from course_utils import layers_numpy

    keras = course_utils.import_keras()
    n, size, channels, filters = (2, 8, 4, 4) if quick else (32, 28, 32, 32)
    repeats = 2 if quick else 7
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, size, size, channels)).astype("float32")
    kernel = rng.normal(size=(3, 3, channels, filters)).astype("float32")
    bias = rng.normal(size=filters).astype("float32")
    conv = keras.layers.Conv2D(filters, 3, padding="same")
    conv.build(x.shape)
    conv.set_weights([kernel, bias])
    max_pool = keras.layers.MaxPooling2D(2)
    avg_pool = keras.layers.AveragePooling2D(2)
    xt = keras.ops.convert_to_tensor(x)

    rows = [
        ("Keras Conv2D", median_time(lambda: np.asarray(conv(xt)), repeats, warmup=3)),
        (
            "layers_numpy.conv2d",
            median_time(lambda: layers_numpy.conv2d(x, kernel, bias, padding="same"), repeats),
        ),
        (
            "layers_numpy.conv2d_naive",
            median_time(
                lambda: layers_numpy.conv2d_naive(x, kernel, bias, padding="same"), 1, warmup=0
            ),
        ),
        ("Keras MaxPooling2D", median_time(lambda: np.asarray(max_pool(xt)), repeats, warmup=3)),
        ("layers_numpy.max_pool2d", median_time(lambda: layers_numpy.max_pool2d(x, 2), repeats)),
        ("Keras AveragePooling2D", median_time(lambda: np.asarray(avg_pool(xt)), repeats, 3)),
        ("layers_numpy.avg_pool2d", median_time(lambda: layers_numpy.avg_pool2d(x, 2), repeats)),
    ]
    return rows


def render(info: dict[str, str], imp: dict[str, object], layers: list[tuple[str, float]]) -> str:
    """RESULTS.md text."""
    t = dict(layers)
    keras_conv, vec, naive = (
        t["Keras Conv2D"],
        t["layers_numpy.conv2d"],
        t["layers_numpy.conv2d_naive"],
    )
    lines = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py`; medians over repeated runs. Do not edit by hand.",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}",
        f"- Python {info['python']}, NumPy {info['numpy']}, TensorFlow {info['tensorflow']}, "
        f"Keras {info['keras']}",
        "",
        "## Importing course_utils",
        "",
        "| what | median | goal | TensorFlow imported? |",
        "|---|---|---|---|",
        f"| `import course_utils, course_utils.shapes` | {imp['seconds'] * 1000:.0f} ms | "
        f"< 300 ms | {'yes ✗' if imp['tensorflow_imported'] else 'no ✓'} |",
        "",
        "## NumPy reference layers vs Keras",
        "",
        "Input (32, 28, 28, 32) float32; convolution with 32 filters of 3×3, padding 'same', bias;",
        "pooling 2×2. Keras runs eagerly on the CPU with TensorFlow's default threads.",
        "",
        "| layer | median | vs Keras |",
        "|---|---|---|",
    ]
    for name, seconds in layers:
        base = (
            keras_conv
            if "conv" in name.lower()
            else t["Keras MaxPooling2D" if "max" in name.lower() else "Keras AveragePooling2D"]
        )
        lines.append(f"| {name} | {seconds * 1000:,.1f} ms | {seconds / base:,.1f}× |")
    lines += [
        "",
        f"- Vectorised `conv2d` is {vec / keras_conv:.1f}× Keras's time (goal: within 4×) "
        f"and {naive / vec:,.0f}× faster than `conv2d_naive` (goal: at least 50×).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes; print, write nothing")
    args = parser.parse_args(argv)
    info = machine()
    imp = bench_import(2 if args.quick else 9)
    layers = bench_layers(args.quick)
    text = render(info, imp, layers)
    if args.quick:
        print(text)
    else:
        RESULTS.write_text(text, encoding="utf-8")
        print(text)
        print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
