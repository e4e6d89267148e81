"""pytest plugin for the setup legs (tests/setups/run.py): the tests use the installed wheel.

Loaded with `-p installed_wheel` by the leg's pytest. The header names the versions under
test; every test fails if a course_utils module was imported from anywhere but this
environment's site-packages (the repository's own copy would hide a packaging mistake).
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

PACKAGES = ("tensorflow", "keras", "numpy", "matplotlib", "ipywidgets", "ipykernel", "nbformat")


def pytest_report_header(config):
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (absent)")
    return [f"setup leg: Python {sys.version.split()[0]}, " + ", ".join(versions)]


@pytest.fixture(autouse=True, scope="session")
def _course_utils_is_the_installed_wheel():
    import course_utils

    prefix = Path(sys.prefix).resolve()
    files = [
        Path(module.__file__).resolve()
        for name, module in list(sys.modules.items())
        if name.split(".")[0] == "course_utils" and getattr(module, "__file__", None)
    ]
    elsewhere = [str(f) for f in files if not f.is_relative_to(prefix)]
    assert course_utils.__file__ and not elsewhere, (
        f"course_utils imported from outside this environment ({prefix}): {elsewhere[:3]}"
    )
