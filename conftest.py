"""Test-run settings shared by tests/ and the nbval notebook runs.

Set before pytest-xdist starts its workers, so every worker and every notebook
kernel inherits them: quiet TensorFlow, few threads, no network, no GUI.
"""

import os

_SETTINGS = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # hide TensorFlow's C++ info/warning lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no oneDNN banner, reproducible sums
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "COURSE_OFFLINE": "1",  # course_utils.data never tries the network
    "MPLBACKEND": "Agg",  # non-interactive matplotlib backend
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # no debugger warning from ipykernel
}
for _name, _value in _SETTINGS.items():
    os.environ.setdefault(_name, _value)
