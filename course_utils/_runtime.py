"""Environment for running the notebooks non-interactively (tests, CI, the notebook runner)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from typing import Any

QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # hide TensorFlow's C++ info/warning lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no oneDNN banner, reproducible sums
    "TF_NUM_INTRAOP_THREADS": "1",  # thread counts change the last digits: keep them fixed
    "TF_NUM_INTEROP_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "COURSE_OFFLINE": "1",  # course_utils.data never tries the network
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # no debugger warning from ipykernel
}

# A test run trains less: it overrides the values a lesson passes to `settings(...)`
# (its parameters cell). The tests (conftest.py), the benchmarks and the notebook-alone run
# all use it; a learner never sees it.
SETTINGS_ENV = "COURSE_SETTINGS"
# 15,000 images: enough for lesson 10's reference to clear Exercise 4's bar for a short run
# (lesson10.FEW_IMAGES_TARGET, 85%) after 2 epochs with room to spare (measured 2026-12-04,
# fed by training.batches, seeds 0-2, one thread: 86.9-87.1%).
CI_ENV = {
    SETTINGS_ENV: "epochs=2,baseline_epochs=1,train_size=15000",
}


def _parse_setting(text: str) -> Any:
    """'3' -> 3, '0.5' -> 0.5, 'None' -> None, 'true' -> True, anything else stays text."""
    low = text.strip().lower()
    if low in {"none", "all"}:
        return None
    if low in {"true", "false"}:
        return low == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def setting_overrides(text: str | None = None) -> dict[str, Any]:
    """The `name=value,...` overrides a test run sets in COURSE_SETTINGS (empty for learners)."""
    text = os.environ.get(SETTINGS_ENV, "") if text is None else text
    overrides = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(  # _validate is not imported here: this module stays tiny
                f"{SETTINGS_ENV}={text!r} is not allowed: it must be name=value pairs separated "
                f"by commas (got {item!r})"
            )
        overrides[name.strip()] = _parse_setting(value)
    return overrides


def settings(**defaults: Any) -> Any:
    """A lesson's settings, in the order given: `EPOCHS, BATCH = settings(epochs=10, batch=64)`.

    A learner gets exactly the values written. A test run may make some smaller (see
    `setting_overrides`); only the names written in the call can change. One setting comes
    back as a plain value, several as a tuple.
    """
    if not defaults:
        raise ValueError("settings() is not allowed: give at least one name=value")
    overrides = setting_overrides()
    values = tuple(overrides.get(name, value) for name, value in defaults.items())
    return values[0] if len(values) == 1 else values


def import_keras() -> Any:
    """`import keras`, without the C++ start-up log lines TensorFlow prints on some machines.

    TensorFlow writes lines such as "Could not find cuda drivers" straight to the
    process's stderr whatever its log level, and Jupyter shows them under the cell.
    This imports Keras with that stream (and Python warnings) silenced, then restores it.
    """
    if "keras" in sys.modules:
        return sys.modules["keras"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved_fd = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            import keras
    finally:
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        os.close(devnull)
    return keras
