"""pytest plugin for the ipywidgets 7.7.1 run: tests that touch Keras skip, and say why.

That environment leaves TensorFlow out on purpose (it checks the widgets, not the
models), but the tests/test_widgets_*.py files compare pictures' numbers with real
Keras layers and `import keras` at the top. Here `keras` and `tensorflow` are stand-ins
whose first real use skips that one test; everything else in the file still runs.
"""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest

REASON = (
    "uses TensorFlow/Keras, which the ipywidgets 7.7.1 check leaves out on purpose "
    "(the main test run covers it)"
)


class _Absent(types.ModuleType):
    """A module that skips the test using it, at its first attribute."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # import machinery, pytest and inspect probing
            raise AttributeError(name)
        pytest.skip(f"{self.__name__}.{name} {REASON}", allow_module_level=True)


for _name in ("keras", "tensorflow"):
    if _name not in sys.modules and importlib.util.find_spec(_name) is None:
        sys.modules[_name] = _Absent(_name)
if isinstance(sys.modules.get("tensorflow"), _Absent):
    # Libraries probe an imported TensorFlow (Matplotlib calls tf.is_tensor on what it
    # draws): with no TensorFlow here nothing is a tensor, and those tests must still run.
    sys.modules["tensorflow"].is_tensor = lambda _value: False
