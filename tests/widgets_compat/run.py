"""Run the widget tests under ipywidgets 7.7.1, the version Colab ships, without TensorFlow.

    python tests/widgets_compat/run.py            # what CI runs
    python tests/widgets_compat/run.py --fresh    # rebuild the environment first

Makes (once) a small virtual environment in .test-output/venv-ipywidgets-7.7.1/
(git-ignored) with ipywidgets==7.7.1, NumPy, Matplotlib and pytest, installs a freshly
built course_utils wheel into it with --no-deps, then runs tests/test_widgets_*.py and
tests/widgets_compat/ there. Tests that need Keras skip with a reason (no_tensorflow.py).
Exits with pytest's status.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VENV = ROOT / ".test-output" / "venv-ipywidgets-7.7.1"
REQUIREMENTS = ["ipywidgets==7.7.1", "numpy", "matplotlib", "pytest"]
BUILD_FILES = ("pyproject.toml", "README.md", "setup.cfg", "setup.py", "MANIFEST.in", "LICENSE")


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _run(command: list, **kwargs) -> None:
    print("$", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, **kwargs)


def _build_wheel(dest: Path) -> Path:
    """A course_utils wheel built from a copy of the sources (nothing written in the repo)."""
    source = dest / "source"
    source.mkdir()
    for name in BUILD_FILES:
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "course_utils", source / "course_utils", ignore=shutil.ignore_patterns("__pycache__")
    )
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("setuptools") else []
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run([*pip, "wheel", "--no-deps", *isolation, "-w", dest / "dist", source])
    (wheel,) = (dest / "dist").glob("course_utils-*.whl")
    return wheel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="recreate the environment")
    parser.add_argument("pytest_args", nargs="*", help="extra arguments for pytest")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    python = _python(VENV)
    marker = VENV / "course-requirements.txt"
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if args.fresh or not python.exists() or not marker.exists() or marker.read_text() != wanted:
        shutil.rmtree(VENV, ignore_errors=True)
        _run([sys.executable, "-m", "venv", VENV])
        _run([python, "-m", "pip", "--disable-pip-version-check", "-q", "install", *REQUIREMENTS])
        marker.write_text(wanted)
    made = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = _build_wheel(Path(tmp))
        _run(
            [python, "-m", "pip", "--disable-pip-version-check", "-q", "install"]
            + ["--no-deps", "--force-reinstall", wheel]
        )
    installed = time.perf_counter()
    probe = (
        "import importlib.util as u, ipywidgets, course_utils; "
        "print('ipywidgets', ipywidgets.__version__, '· course_utils', course_utils.__version__, "
        "'· TensorFlow:', u.find_spec('tensorflow') is not None, "
        "'· Keras:', u.find_spec('keras') is not None)"
    )
    _run([python, "-c", probe], cwd=tempfile.gettempdir())
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_widgets_*.py"))
    command = [
        python,
        "-m",
        "pytest",
        *tests,
        str(HERE.relative_to(ROOT)),
        "-p",
        "no_tensorflow",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "-q",
        "-rs",
        *args.pytest_args,
    ]
    env = {**os.environ, "PYTHONPATH": str(HERE), "MPLBACKEND": "Agg"}
    print("$", " ".join(str(c) for c in command), flush=True)
    code = subprocess.run([str(c) for c in command], cwd=ROOT, env=env).returncode
    done = time.perf_counter()
    print(
        f"ipywidgets 7.7.1 check: environment {made - start:.0f} s, course_utils wheel "
        f"{installed - made:.0f} s, tests {done - installed:.0f} s; total {done - start:.0f} s"
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
