"""Test-run settings shared by tests/ and the nbval notebook runs.

Set here, before pytest-xdist starts its workers, so every worker and every
notebook kernel inherits them: quiet TensorFlow, one thread, no network, no GUI.
"""

import os

from course_utils._runtime import QUIET_ENV

for _name, _value in QUIET_ENV.items():
    os.environ.setdefault(_name, _value)
