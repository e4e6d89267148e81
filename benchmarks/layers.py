"""Part 3: NumPy reference layers (conv2d, conv2d_naive, pooling) against the Keras layers."""

from __future__ import annotations

import json
import sys

from benchmarks import config
from benchmarks.common import median_time, run_child


def measure(quick: bool, repeats: int) -> dict[str, object]:
    """Time every layer on the same input (runs in the child process)."""
    import numpy as np

    import course_utils
    from course_utils import layers_numpy

    keras = course_utils.import_keras()
    n, size, _, channels = config.QUICK_LAYER_SHAPE if quick else config.LAYER_SHAPE
    filters = 4 if quick else config.LAYER_FILTERS
    k = config.LAYER_KERNEL
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, size, size, channels)).astype("float32")
    kernel = rng.normal(size=(k, k, channels, filters)).astype("float32")
    bias = rng.normal(size=filters).astype("float32")
    conv = keras.layers.Conv2D(filters, k, padding="same")
    conv.build(x.shape)
    conv.set_weights([kernel, bias])
    max_pool = keras.layers.MaxPooling2D(2)
    avg_pool = keras.layers.AveragePooling2D(2)
    xt = keras.ops.convert_to_tensor(x)
    naive_repeats = 1 if quick else max(1, min(3, repeats))
    rows = [
        ("Keras Conv2D", median_time(lambda: np.asarray(conv(xt)), repeats, warmup=3)),
        (
            "layers_numpy.conv2d",
            median_time(lambda: layers_numpy.conv2d(x, kernel, bias, padding="same"), repeats),
        ),
        (
            "layers_numpy.conv2d_naive",
            median_time(
                lambda: layers_numpy.conv2d_naive(x, kernel, bias, padding="same"),
                naive_repeats,
                warmup=0,
            ),
        ),
        ("Keras MaxPooling2D", median_time(lambda: np.asarray(max_pool(xt)), repeats, warmup=3)),
        ("layers_numpy.max_pool2d", median_time(lambda: layers_numpy.max_pool2d(x, 2), repeats)),
        ("Keras AveragePooling2D", median_time(lambda: np.asarray(avg_pool(xt)), repeats, 3)),
        ("layers_numpy.avg_pool2d", median_time(lambda: layers_numpy.avg_pool2d(x, 2), repeats)),
    ]
    import tensorflow as tf

    threads = (
        tf.config.threading.get_intra_op_parallelism_threads(),
        tf.config.threading.get_inter_op_parallelism_threads(),
    )
    return {
        "rows": rows,
        "shape": [n, size, size, channels],
        "filters": filters,
        "repeats": repeats,
        "naive_repeats": naive_repeats,
        "tf_threads": list(threads),
    }


def bench(repeats: int, quick: bool = False) -> dict[str, object]:
    """Run `measure` in a fresh process with TensorFlow's default threads."""
    return run_child("benchmarks.layers", {"quick": quick, "repeats": repeats})


def _base(name: str, t: dict[str, float]) -> float:
    low = name.lower()
    if "conv" in low:
        return t["Keras Conv2D"]
    return t["Keras MaxPooling2D" if "max" in low else "Keras AveragePooling2D"]


def render(result: dict) -> list[str]:
    """Markdown lines for RESULTS.md."""
    t = {name: s for name, s in result["rows"]}
    shape = tuple(result["shape"])
    intra, inter = result["tf_threads"]
    lines = [
        f"Input {shape} float32; convolution with {result['filters']} filters of "
        f"{config.LAYER_KERNEL}×{config.LAYER_KERNEL}, padding 'same', bias; pooling 2×2. "
        f"Medians of {result['repeats']} runs (`conv2d_naive`: {result['naive_repeats']}). "
        "Keras runs eagerly on the CPU with TensorFlow's default threads "
        f"(intra-op {intra or 'auto'}, inter-op {inter or 'auto'}; 0 = one per core).",
        "",
        "| layer | median | vs Keras |",
        "|---|---|---|",
    ]
    for name, seconds in result["rows"]:
        lines.append(f"| {name} | {seconds * 1000:,.1f} ms | {seconds / _base(name, t):,.1f}× |")
    vec, naive, keras_conv = (
        t["layers_numpy.conv2d"],
        t["layers_numpy.conv2d_naive"],
        t["Keras Conv2D"],
    )
    ok1 = "✓" if vec / keras_conv <= config.CONV_VS_KERAS_GOAL else "✗ missed"
    ok2 = "✓" if naive / vec >= config.NAIVE_VS_VECTORISED_GOAL else "✗ missed"
    lines += [
        "",
        f"- Vectorised `conv2d` takes {vec / keras_conv:.1f}× Keras's time "
        f"(goal: within {config.CONV_VS_KERAS_GOAL:.0f}×) {ok1}",
        f"- It is {naive / vec:,.0f}× faster than `conv2d_naive` "
        f"(goal: at least {config.NAIVE_VS_VECTORISED_GOAL:.0f}×) {ok2}",
    ]
    return lines


def misses(result: dict) -> list[str]:
    """Plain sentences for every goal this part missed."""
    t = {name: s for name, s in result["rows"]}
    vec, naive, keras_conv = (
        t["layers_numpy.conv2d"],
        t["layers_numpy.conv2d_naive"],
        t["Keras Conv2D"],
    )
    out = []
    if vec / keras_conv > config.CONV_VS_KERAS_GOAL:
        out.append(
            f"NumPy `conv2d` took {vec / keras_conv:.1f}× Keras's time "
            f"(goal {config.CONV_VS_KERAS_GOAL:.0f}×)."
        )
    if naive / vec < config.NAIVE_VS_VECTORISED_GOAL:
        out.append(
            f"`conv2d` is only {naive / vec:.0f}× faster than `conv2d_naive` "
            f"(goal {config.NAIVE_VS_VECTORISED_GOAL:.0f}×)."
        )
    return out


if __name__ == "__main__":
    request = json.loads(sys.argv[1])
    print(json.dumps(measure(request["quick"], request["repeats"])))
