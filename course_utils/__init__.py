"""course_utils: the helper package of the CNN course.

Import the modules you need, e.g. ``from course_utils import shapes, plotting``.
Importing this package is cheap: it imports no TensorFlow, sets no seeds,
changes no matplotlib settings and touches no network.
"""

from __future__ import annotations

__version__ = "0.1.0"

from course_utils._runtime import import_keras, settings

__all__ = ["__version__", "import_keras", "settings", "versions"]


def versions() -> str:
    """One line with the versions a lesson depends on (TensorFlow/Keras only if imported)."""
    import platform
    import sys

    import matplotlib
    import numpy

    parts = [
        f"Python {platform.python_version()}",
        f"NumPy {numpy.__version__}",
        f"Matplotlib {matplotlib.__version__}",
    ]
    if "keras" in sys.modules:
        parts.append(f"Keras {sys.modules['keras'].__version__}")
    if "tensorflow" in sys.modules:
        parts.append(f"TensorFlow {sys.modules['tensorflow'].__version__}")
    parts.append(f"course_utils {__version__}")
    return " · ".join(parts)
