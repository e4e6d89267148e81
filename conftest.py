"""Test-run settings shared by tests/ and the nbval notebook runs.

Set here, before pytest-xdist starts its workers, so every worker and every
notebook kernel inherits them: quiet TensorFlow, one thread, no network, and shorter
training (COURSE_SETTINGS overrides the values in a lesson's settings cell; set it empty,
`COURSE_SETTINGS= python -m pytest`, to train as a learner does).
Matplotlib: tests/conftest.py selects the non-interactive Agg backend for the
helper tests; notebook kernels keep Jupyter's inline backend (also non-interactive),
so they draw exactly what a learner sees.
"""

import os

from course_utils._runtime import CI_ENV, QUIET_ENV

for _name, _value in {**QUIET_ENV, **CI_ENV}.items():
    os.environ.setdefault(_name, _value)
