"""Each notebook runs alone, as on Colab, and its solutions pass its own checks.

A wheel of course_utils is built and installed (not editable) into a target folder.
For every lesson, the instructor edition (python -m course_utils.teach instructor: each
exercise solved from its exercise module, with an assert after each check) is written
alone into an empty folder and run there through nbval, in a kernel whose PYTHONPATH
puts the target folder first, so neither the repository's editable install nor any file
next to the notebook can be used. A last cell asserts where course_utils came from.

One run proves three things per notebook: it runs alone in an empty folder from the
installed package (issue: Colab and "a notebook alone"), every exercise's solution
passes its check inside the real notebook, and the nbval-checked outputs still match
(the instructor edition keeps them). The learner edition itself is run in place by the
main nbval pass over notebooks/.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_utils import teach
from course_utils._runtime import CI_ENV, QUIET_ENV

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# The last cell of each run: the notebook ran in its own folder, on the installed wheel.
PROBE = """import os as _os, sys as _sys
from pathlib import Path as _Path
_site = _Path(_os.environ["PYTHONPATH"].split(_os.pathsep)[0]).resolve()
_files = [_Path(m.__file__).resolve() for n, m in list(_sys.modules.items())
          if n.split(".")[0] == "course_utils" and getattr(m, "__file__", None)]
assert _files, "the notebook imported no course_utils module"
_elsewhere = [str(f) for f in _files if not f.is_relative_to(_site)]
assert not _elsewhere, f"course_utils modules not from the installed wheel: {_elsewhere}"
print("ran alone, on the installed wheel")"""
# Files of the repository that building the package needs (everything else stays behind).
BUILD_FILES = ("pyproject.toml", "README.md", "setup.cfg", "setup.py", "MANIFEST.in", "LICENSE")


def _pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def installed_package(tmp_path_factory) -> Path:
    """A target folder holding course_utils installed from a freshly built wheel."""
    work = tmp_path_factory.mktemp("course-utils-wheel")
    source = work / "source"  # a copy: building never writes into the repository
    source.mkdir()
    for name in BUILD_FILES:
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "course_utils",
        source / "course_utils",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    have_backend = importlib.util.find_spec("setuptools") is not None
    isolation = ["--no-build-isolation"] if have_backend else []
    built = _pip("wheel", "--no-deps", *isolation, "-w", str(work / "dist"), str(source))
    if built.returncode != 0:
        if not have_backend:
            pytest.skip(
                "cannot build the course_utils wheel: setuptools is not installed here and "
                f"pip could not fetch it (pip install setuptools wheel):\n{built.stderr[-1500:]}"
            )
        pytest.fail(f"building the course_utils wheel failed:\n{built.stderr[-3000:]}")
    (wheel,) = (work / "dist").glob("course_utils-*.whl")
    target = work / "site"
    done = _pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel))
    assert done.returncode == 0, done.stderr[-3000:]
    assert (target / "course_utils" / "__init__.py").is_file()
    return target


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in NOTEBOOKS])
def test_instructor_edition_runs_alone_and_every_solution_passes(
    path, installed_package, tmp_path
):
    folder = tmp_path / "alone"  # the notebook, and nothing else
    folder.mkdir()
    nb = teach.instructor_notebook(teach.read_lesson(path))
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    nbformat.write(nb, folder / path.name)
    config = tmp_path / "pytest.ini"  # outside the folder: the repository's settings stay out
    config.write_text("[pytest]\n")

    env = {**QUIET_ENV, **CI_ENV, **os.environ, "PYTHONPATH": str(installed_package)}
    env.pop("MPLBACKEND", None)  # a learner's kernel: Jupyter's inline backend
    env.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(config), "--rootdir", str(folder)]
        + ["-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:benchmark", "-q"]
        + ["--nbval-lax", "--nbval-current-env", path.name],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, (
        f"{path.name} (instructor edition, alone) failed under nbval:\n{run.stdout[-6000:]}"
    )
    assert " passed" in run.stdout.splitlines()[-1], run.stdout[-2000:]
