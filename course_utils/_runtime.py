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

# CI mode: what the training lessons read in their visible parameters cells to train less.
# The tests (conftest.py), the benchmarks and the notebook-alone run all use it; lesson 07's
# defaults already fit CI's budget (and its >= 96% check runs there), so only the capstone
# needs it.
CI_ENV = {
    "COURSE_CI_FAST": "1",  # lesson 10: a subset, fewer epochs, a lenient pass mark
}


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
