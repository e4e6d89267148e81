"""Part 2: training on the full Fashion-MNIST, three models side by side.

Every training run (each capstone seed, each yardstick) gets a fresh child process
(`python -m benchmarks.training '<json>'`) with TensorFlow's default threads, as a learner's
fresh kernel on a laptop. (In one long-lived process, a model trained after another one ran
slower here: the capstone took 76-81 s after a first model instead of 46-50 s, with epochs
that kept only one of the two cores busy.)

- The capstone (lesson 10's reference solution) trains as the notebook trains it: one
  `fit` call for its fixed number of epochs (lesson10.REFERENCE_EPOCHS; its cosine
  schedule ends there) on the notebook's training images (all but the last 5,000, the
  validation set), fed by `course_utils.training.batches`, once per seed in
  config.CAPSTONE_SEEDS. Its test accuracy is measured once, after the last epoch: nothing
  about it is chosen by looking at the test set.
- The same, fed as NumPy arrays (`fit(x, y, batch_size=...)`, whose tf.data pipeline tunes
  itself), once per seed: a comparison row, not held to the budgets. It shows what
  `training.batches` is for: epochs that wait with one core busy.
- Lesson 07's model and the Keras example are yardsticks: each epoch is one `fit` call on
  all 60,000 training images (timed), then the 10,000 test images are evaluated (timed
  separately and NOT counted in the training seconds). Each stops at 90% test accuracy,
  or when its training time passes config.TRAINING_LIMIT_S (checked between epochs).

The verdict (config.py): every capstone seed reaches 90% test accuracy within
config.CAPSTONE_BUDGET_S training seconds, and its slowest seed is at least
config.CAPSTONE_SPEEDUP times faster than the Keras example's time to 90%.

Where the models come from (each defined in one place):
- lesson 07: the notebook's own `build_model()` cell, run as it stands;
- capstone: `course_utils.exercises.lesson10.build_reference_model`;
- Keras example: the convnet of keras.io's "Simple MNIST convnet" (defined here only).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from benchmarks import config
from benchmarks.common import ROOT, run_child

LESSON07_NOTEBOOK = "07_training_on_mnist.ipynb"


def lesson07_settings(cells: list[str]) -> tuple[int, float]:
    """(batch size, learning rate) as notebook 07 writes them: `settings(batch_size=...)` and
    `Adam(learning_rate=...)`, read from its code cells (no copy of the numbers here)."""
    import ast

    found: dict[str, Any] = {}
    wanted = {("settings", "batch_size"), ("Adam", "learning_rate")}
    for source in cells:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # the Setup cell's %pip line
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                for kw in node.keywords:
                    if (name, kw.arg) in wanted and kw.arg not in found:
                        found[kw.arg] = ast.literal_eval(kw.value)
    missing = {arg for _, arg in wanted} - set(found)
    if missing:
        raise RuntimeError(f"{LESSON07_NOTEBOOK}: found no {', '.join(sorted(missing))}")
    return int(found["batch_size"]), float(found["learning_rate"])


def lesson07_model(keras: Any) -> tuple[Any, int, str]:
    """Lesson 07's model, compiled as the notebook compiles it: (model, batch size, source).

    The model is defined once, in the notebook, where the learner reads it: its
    `def build_model():` cell is run here as it stands.
    """
    import nbformat

    path = ROOT / "notebooks" / LESSON07_NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    batch_size, learning_rate = lesson07_settings(code)
    cells = [c for c in code if "def build_model(" in c]
    if len(cells) != 1:
        raise RuntimeError(
            f"{path.name}: expected one cell defining build_model(), found {len(cells)}"
        )
    namespace: dict[str, Any] = {"keras": keras}
    exec(cells[0], namespace)  # noqa: S102 - the course's own notebook cell
    model = namespace["build_model"]()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model, batch_size, f"`build_model()` in notebooks/{LESSON07_NOTEBOOK}"


def capstone_model(keras: Any, x_train: Any) -> tuple[Any, int, int, str]:
    """Lesson 10's reference solution, compiled: (model, batch size, epochs, source).

    Built by `lesson10.build_reference_model`, which runs the very code that
    `ex.q3.solution()` shows; the schedule is sized for its fixed epochs on `x_train`.
    """
    from course_utils.exercises import lesson10

    epochs = lesson10.REFERENCE_EPOCHS
    model = lesson10.build_reference_model(x_train, epochs, keras)
    source = "`course_utils.exercises.lesson10.build_reference_model` (`ex.q3.solution()`)"
    return model, lesson10.REFERENCE_BATCH_SIZE, epochs, source


def keras_example_model(keras: Any) -> tuple[Any, int, str]:
    """keras.io's simple MNIST convnet: conv32-pool-conv64-pool-dropout-dense, Adam, batch 128."""
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ],
        name="keras_example",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, 128, "benchmarks/training.py `keras_example_model` (keras.io example)"


MODELS = ("lesson 07", "capstone (lesson 10)", "capstone, NumPy arrays", "Keras example")
CAPSTONE, CAPSTONE_ARRAYS = MODELS[1], MODELS[2]  # the same training, two ways to feed it


class _EpochTimer:
    """Keras callback: wall seconds and process CPU seconds (all threads) of each epoch."""

    def __init__(self, keras: Any) -> None:
        outer = self

        class Timer(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
                outer._start = (time.perf_counter(), time.process_time())

            def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
                outer.seconds.append(time.perf_counter() - outer._start[0])
                outer.cpu_seconds.append(time.process_time() - outer._start[1])

        self.seconds: list[float] = []
        self.cpu_seconds: list[float] = []
        self._start = (0.0, 0.0)
        self.callback = Timer()


def _busy_cores(wall: list[float], cpu: list[float]) -> list[float]:
    """Cores kept busy in each epoch: the process's CPU seconds over its wall seconds."""
    return [c / w if w > 0 else 0.0 for w, c in zip(wall, cpu, strict=True)]


def _train_capstone(
    keras: Any, data: dict[str, Any], seed: int, quick: bool, arrays: bool = False
) -> dict[str, Any]:
    """Lesson 10's reference, trained as the notebook does (or fed as NumPy arrays if
    `arrays`); test accuracy once at the end."""
    from course_utils import training

    name = CAPSTONE_ARRAYS if arrays else CAPSTONE
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    model, batch, epochs, source = capstone_model(keras, data["x_fit"])
    if quick:
        epochs = config.QUICK_TRAINING["max_epochs"]
    timer = _EpochTimer(keras)
    start = time.perf_counter()
    if arrays:
        fed = {"x": data["x_fit"], "y": data["y_fit"], "batch_size": batch}
        source += ", fed as NumPy arrays"
    else:
        fed = {"x": training.batches(data["x_fit"], data["y_fit"], batch), "shuffle": False}
    model.fit(**fed, epochs=epochs, verbose=0, callbacks=[timer.callback])
    train_s = time.perf_counter() - start
    start = time.perf_counter()
    _, val_accuracy = model.evaluate(data["x_val"], data["y_val"], batch_size=1000, verbose=0)
    _, accuracy = model.evaluate(data["x_test"], data["y_test"], batch_size=1000, verbose=0)
    eval_s = time.perf_counter() - start
    print(
        f"  {name}, seed {seed}: {epochs} epochs in {train_s:.1f} s "
        f"({', '.join(f'{t:.1f}' for t in timer.seconds)} s), validation accuracy "
        f"{val_accuracy:.3f}, test accuracy {accuracy:.3f}",
        file=sys.stderr,
        flush=True,
    )
    return {
        "model": name,
        "seed": seed,
        "source": source,
        "params": int(model.count_params()),
        "batch": batch,
        "n_train": int(len(data["x_fit"])),
        "train_s": train_s,
        "epochs": epochs,
        "epoch_times": timer.seconds,
        "epoch_cores": _busy_cores(timer.seconds, timer.cpu_seconds),
        "first_epoch_s": timer.seconds[0] if timer.seconds else train_s,
        "epoch_s": sorted(timer.seconds)[len(timer.seconds) // 2] if timer.seconds else train_s,
        "eval_s": eval_s,
        "val_accuracy": float(val_accuracy),
        "best": float(accuracy),
        "reached": float(accuracy) >= config.TARGET_ACCURACY,
    }


def _train_to_target(
    keras: Any, name: str, data: dict[str, Any], limit: float, max_epochs: int
) -> dict[str, Any]:
    """A yardstick model: epochs of `fit` until the target test accuracy or the time limit."""
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    if name == "lesson 07":
        model, batch, source = lesson07_model(keras)
    else:
        model, batch, source = keras_example_model(keras)
    train_s, eval_s, epochs, best, reached = 0.0, 0.0, 0, 0.0, False
    epoch_s: list[float] = []
    epoch_cpu: list[float] = []
    while epochs < max_epochs and train_s < limit:
        start, cpu_start = time.perf_counter(), time.process_time()
        model.fit(data["x_train"], data["y_train"], batch_size=batch, epochs=1, verbose=0)
        epoch_s.append(time.perf_counter() - start)
        epoch_cpu.append(time.process_time() - cpu_start)
        train_s += epoch_s[-1]
        epochs += 1
        start = time.perf_counter()
        _, accuracy = model.evaluate(data["x_test"], data["y_test"], batch_size=1000, verbose=0)
        eval_s += time.perf_counter() - start
        best = max(best, float(accuracy))
        print(
            f"  {name}: epoch {epochs}, {epoch_s[-1]:.1f} s, test accuracy {accuracy:.3f}",
            file=sys.stderr,
            flush=True,
        )
        if accuracy >= config.TARGET_ACCURACY:
            reached = True
            break
    return {
        "model": name,
        "seed": 0,
        "source": source,
        "params": int(model.count_params()),
        "batch": batch,
        "n_train": int(len(data["x_train"])),
        "train_s": train_s,
        "epochs": epochs,
        "epoch_times": epoch_s,
        "epoch_cores": _busy_cores(epoch_s, epoch_cpu),
        "first_epoch_s": epoch_s[0],
        "epoch_s": sorted(epoch_s)[len(epoch_s) // 2],
        "eval_s": eval_s,
        "best": best,
        "reached": reached,
    }


def measure(quick: bool, model: str, seed: int) -> dict[str, Any]:
    """Train one model, with one seed (runs in its own child process)."""
    import numpy as np

    import course_utils
    from course_utils import data as course_data
    from course_utils.exercises import lesson10

    keras = course_utils.import_keras()
    import tensorflow as tf

    (x_train, y_train), (x_test, y_test) = course_data.load_fashion_mnist(verbose=False)
    x_train = (x_train / 255.0).astype("float32")[..., np.newaxis]
    x_test = (x_test / 255.0).astype("float32")[..., np.newaxis]
    n_val = lesson10.N_VALIDATION
    limit, max_epochs, seeds = config.TRAINING_LIMIT_S, config.MAX_EPOCHS, config.CAPSTONE_SEEDS
    if quick:
        q = config.QUICK_TRAINING
        x_train, y_train = x_train[: q["train"]], y_train[: q["train"]]
        x_test, y_test = x_test[: q["test"]], y_test[: q["test"]]
        limit, max_epochs, seeds = q["limit_s"], q["max_epochs"], seeds[: q["seeds"]]
        n_val = q["train"] // 4
    data = {
        "x_train": x_train,
        "y_train": y_train,
        "x_fit": x_train[:-n_val],  # the notebook's training images ...
        "y_fit": y_train[:-n_val],
        "x_val": x_train[-n_val:],  # ... and its validation set
        "y_val": y_train[-n_val:],
        "x_test": x_test,
        "y_test": y_test,
    }
    if model in (CAPSTONE, CAPSTONE_ARRAYS):
        row = _train_capstone(keras, data, seed, quick, arrays=model == CAPSTONE_ARRAYS)
    else:
        row = _train_to_target(keras, model, data, limit, max_epochs)
    return {
        "row": row,
        "seeds": list(seeds),
        "n_train": int(len(x_train)),
        "n_fit": int(len(data["x_fit"])),
        "n_test": int(len(x_test)),
        "limit_s": limit,
        "tf_threads": [
            tf.config.threading.get_intra_op_parallelism_threads(),
            tf.config.threading.get_inter_op_parallelism_threads(),
        ],
    }


def _run_all(quick: bool) -> dict[str, Any]:
    """Every model and capstone seed once, each in a fresh child process; rows in MODELS order."""
    request = {"quick": quick, "model": CAPSTONE, "seed": config.CAPSTONE_SEEDS[0]}
    first = run_child("benchmarks.training", request)
    rows = []
    for name in MODELS:
        for seed in first["seeds"] if name in (CAPSTONE, CAPSTONE_ARRAYS) else [0]:
            if name == CAPSTONE and seed == first["seeds"][0]:
                rows.append(first["row"])
            else:
                request = {"quick": quick, "model": name, "seed": seed}
                rows.append(run_child("benchmarks.training", request)["row"])
    result = {key: value for key, value in first.items() if key not in ("row", "seeds")}
    return {**result, "rows": rows}


def bench(repeats: int, quick: bool = False) -> dict[str, Any]:
    """Run `measure` in a fresh process (repeats > 1: medians of seconds, epochs, accuracy)."""
    import statistics

    runs = [_run_all(quick) for _ in range(max(1, repeats))]
    result = runs[0]
    for i, row in enumerate(result["rows"]):
        for key in ("train_s", "epochs", "epoch_s", "first_epoch_s", "eval_s", "best"):
            row[key] = statistics.median(r["rows"][i][key] for r in runs)
        reached = [r["rows"][i]["reached"] for r in runs]
        # the capstone must reach the target in every run; a yardstick in most of them
        row["reached"] = all(reached) if row["model"] == CAPSTONE else sum(reached) * 2 > len(runs)
    result["repeats"] = len(runs)
    return result


def _capstone_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in result["rows"] if r["model"] == CAPSTONE]


def _speedup(result: dict[str, Any]) -> tuple[float, bool]:
    """(Keras example's time to the target / the slowest capstone seed's time, exact?).

    When the Keras example did not reach the target, its training seconds are a lower
    bound of its time to the target, so the ratio is a lower bound too (exact = False).
    """
    base = next(r for r in result["rows"] if r["model"] == "Keras example")
    slowest = max(r["train_s"] for r in _capstone_rows(result))
    return base["train_s"] / max(slowest, 1e-9), bool(base["reached"])


def render(result: dict[str, Any]) -> list[str]:
    """Markdown lines for RESULTS.md."""
    rows = result["rows"]
    base = next(r for r in rows if r["model"] == "Keras example")
    target = f"{config.TARGET_ACCURACY:.0%}"
    intra, inter = result["tf_threads"]
    capstone = _capstone_rows(result)
    lines = [
        f"Fashion-MNIST, {result['n_test']:,} test images; TensorFlow's default threads "
        f"(intra-op {intra or 'auto'}, inter-op {inter or 'auto'}; 0 = one per core), as on "
        f"a learner's laptop; every training run (each capstone seed, each yardstick) in a "
        f"fresh process, as in a learner's fresh kernel. Median of {result['repeats']} run(s).",
        "",
        f"- **Capstone** (lesson 10's reference solution): trained as the notebook trains it, "
        f"one `fit` call of its fixed {capstone[0]['epochs']:g} epochs (the cosine schedule "
        f"ends there) on the notebook's {result['n_fit']:,} training images (the last "
        f"{result['n_train'] - result['n_fit']:,} are its validation set), once per seed; "
        f"test accuracy measured once, after the last epoch. Budget: every seed at least "
        f"{target} within {config.CAPSTONE_BUDGET_S:.0f} s of training (goal "
        f"{config.CAPSTONE_GOAL_S:.0f} s), and the slowest seed at least "
        f"{config.CAPSTONE_SPEEDUP:g}× faster than the Keras example's time to {target}. "
        "The notebook feeds it through `course_utils.training.batches` (tf.data without "
        "autotuning).",
        "- **Capstone, NumPy arrays**: the same model, seeds and epochs, fed to `fit` as NumPy "
        "arrays (`fit(x, y, batch_size=...)`, whose tf.data pipeline tunes itself). A "
        "comparison, not held to the budgets.",
        f"- **Yardsticks** (lesson 07's model, the Keras example): seed 0, all "
        f"{result['n_train']:,} training images; after each epoch the model is evaluated on "
        f"the test images (NOT counted in the training seconds); stop at {target} test "
        f"accuracy or after {result['limit_s']:.0f} s of training (checked between epochs).",
        "- **Cores busy**: the training process's CPU seconds (all its threads) over the wall "
        "seconds of each epoch, the fewest and the most over the epochs. An epoch that keeps "
        "fewer cores busy than the others spent its extra time waiting, not computing.",
        "",
        f"| model | seed | parameters | batch | epochs | training s | first epoch | "
        f"s per epoch (median) | cores busy per epoch | test accuracy | {target} reached | "
        "time vs Keras example |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r["model"] in (CAPSTONE, CAPSTONE_ARRAYS):
            reached = "yes ✓" if r["reached"] else "no ✗"
            accuracy = f"{r['best']:.1%} (validation {r.get('val_accuracy', float('nan')):.1%})"
        else:
            reached = f"after {r['train_s']:.0f} s" if r["reached"] else "not within the limit"
            accuracy = f"best {r['best']:.1%}"
        ratio = "n/a"
        if base["train_s"] > 0 and r["model"] != "Keras example":
            bound = "" if base["reached"] else "≤ "
            ratio = f"{bound}{r['train_s'] / base['train_s']:.2f}×"
        ratio += f" (per epoch {r['epoch_s'] / base['epoch_s']:.2f}×)"
        lines.append(
            f"| {r['model']} | {r.get('seed', 0)} | {r['params']:,} | {r['batch']} | "
            f"{r['epochs']:g} | {r['train_s']:.1f} s | {r['first_epoch_s']:.1f} s | "
            f"{r['epoch_s']:.1f} s | {_cores_text(r)} | {accuracy} | {reached} | {ratio} |"
        )
    speedup, exact = _speedup(result)
    lines += [
        "",
        f"Capstone: slowest seed {max(r['train_s'] for r in capstone):.1f} s of training; the "
        f"Keras example's time to {target} is {'' if exact else 'at least '}"
        f"{base['train_s']:.0f} s, so the capstone is {'' if exact else 'at least '}"
        f"{speedup:.1f}× faster (budget: {config.CAPSTONE_SPEEDUP:g}×).",
        "",
        "Model sources: "
        + "; ".join(f"{r['model']}: {r['source']}" for r in rows if r.get("seed", 0) == 0)
        + ".",
    ]
    return lines


def _cores_text(row: dict[str, Any]) -> str:
    """'0.9–1.8' (fewest–most cores busy over the epochs), or '?' for older results."""
    cores = row.get("epoch_cores") or []
    return f"{min(cores):.1f}–{max(cores):.1f}" if cores else "?"


def _slow_epochs(row: dict[str, Any]) -> str:
    """The slowest and the fastest epoch with their busy cores: waiting shows as few cores."""
    times, cores = row.get("epoch_times") or [], row.get("epoch_cores") or []
    if len(times) < 2 or len(cores) != len(times):
        return "the epochs themselves dominate"
    slow = max(range(len(times)), key=times.__getitem__)
    fast = min(range(len(times)), key=times.__getitem__)
    return (
        f"its slowest epoch took {times[slow]:.1f} s with {cores[slow]:.1f} cores busy, its "
        f"fastest {times[fast]:.1f} s with {cores[fast]:.1f}"
    )


def misses(result: dict[str, Any]) -> list[str]:
    """Plain sentences for every budget this part missed (config.py's capstone budgets)."""
    out = []
    target = f"{config.TARGET_ACCURACY:.0%}"
    for r in _capstone_rows(result):
        if not r["reached"]:
            out.append(
                f"Training: the capstone (seed {r['seed']}) reached {r['best']:.1%} test "
                f"accuracy after its {r['epochs']:g} epochs, below {target}."
            )
        if r["train_s"] > config.CAPSTONE_BUDGET_S:
            out.append(
                f"Training: the capstone (seed {r['seed']}) trained for {r['train_s']:.0f} s, "
                f"over its {config.CAPSTONE_BUDGET_S:.0f} s budget ({r['epochs']:g} epochs of "
                f"about {r['epoch_s']:.1f} s, the first {r['first_epoch_s']:.1f} s; "
                f"{_slow_epochs(r)})."
            )
    speedup, exact = _speedup(result)
    if speedup < config.CAPSTONE_SPEEDUP:
        base = next(r for r in result["rows"] if r["model"] == "Keras example")
        out.append(
            f"Training: the capstone is {'at least ' if not exact else ''}{speedup:.1f}× "
            f"faster than the Keras example ({base['train_s']:.0f} s"
            f"{'' if exact else ' without reaching ' + target}), below the "
            f"{config.CAPSTONE_SPEEDUP:g}× budget."
        )
    return out


if __name__ == "__main__":
    request = json.loads(sys.argv[1])
    print(json.dumps(measure(request["quick"], request["model"], request["seed"])))
