"""Importing course_utils is cheap and has no side effects."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import course_utils

# Every module, subpackages included (widgets.*, exercises.*): walk_packages needs the prefix
# to descend into them.
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(course_utils.__path__, prefix="course_utils.")
) + ["course_utils"]

PROBE = """
import json, os, sys
import matplotlib
def settings():  # without "backend": reading it would import pyplot to resolve it
    return {k: matplotlib.rcParams[k] for k in matplotlib.rcParams if k != "backend"}
before = settings()
files_before = set(os.listdir("."))
for name in sys.argv[1:]:
    __import__(name)
changed = [k for k, v in settings().items() if before.get(k) != v]
print(json.dumps({
    "tensorflow": "tensorflow" in sys.modules,
    "keras": "keras" in sys.modules,
    "pyplot": "matplotlib.pyplot" in sys.modules,
    "ipywidgets": "ipywidgets" in sys.modules,
    "rc_changed": changed,
    "new_files": sorted(set(os.listdir(".")) - files_before),
}))
"""


def test_every_module_is_probed():
    assert {
        "course_utils.shapes",
        "course_utils.widgets.stride",
        "course_utils.widgets._core",
        "course_utils.figures.stride",
        "course_utils.models",
        "course_utils.exercises.lesson04",
    } <= set(MODULES)


def test_imports_pull_in_no_tensorflow_and_change_nothing(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *MODULES],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {
        "tensorflow": False,
        "keras": False,
        "pyplot": False,
        "ipywidgets": False,
        "rc_changed": [],
        "new_files": [],
    }


def test_versions_line():
    line = course_utils.versions()
    assert line.startswith("Python ") and "course_utils" in line


def test_import_keras_is_quiet(tmp_path):
    code = "import course_utils; k = course_utils.import_keras(); print(k.__version__)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip().startswith("3.")
    assert out.stderr == ""
