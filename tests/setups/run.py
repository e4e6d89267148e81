"""The setup legs: the helper tests and every lesson, under the oldest versions and Colab's.

    python tests/setups/run.py                  # both legs, one after the other (what CI runs)
    python tests/setups/run.py oldest           # one leg: oldest | colab
    python tests/setups/run.py colab --fresh    # rebuild that leg's environment first
    python tests/setups/run.py oldest --part notebooks --notebook 06   # a part, one lesson

Each leg is one tested setup, with its own interpreter and its own constraint file:

  leg     Python  installs                                               course_utils
  oldest  3.10    requirements.txt with constraints/oldest.txt           wheel, with its deps
  colab   3.13    constraints/colab.txt (Colab's versions + nbval)       wheel, --no-deps

For a leg, this script
1. finds the interpreter (`python3.X` on PATH, or pyenv's ~/.pyenv/versions/3.X.*; or
   COURSE_PYTHON_3_10=/path/to/python). None found: the leg says so and is skipped, unless
   COURSE_REQUIRE_SETUPS=1 (set by .ci/run), when it fails;
2. makes a virtual environment in .test-output/setups/LEG/venv (git-ignored; or in
   $COURSE_SETUPS_VENVS/LEG, where .ci/run keeps them outside its fresh clone) and installs
   the leg's set into it with pip (pip's own download cache is used). The environment is
   kept and reused while the interpreter, the requirement/constraint lines and the
   dependencies in pyproject.toml it was made from are unchanged (--fresh rebuilds it);
3. builds a wheel of course_utils from a copy of the sources and installs it (not editable);
4. runs the helper tests (tests/ minus SKIPPED_TESTS and DESELECTED_TESTS below, each with
   its reason) with that environment's pytest,
   importing course_utils from the installed wheel, never from the repository (the plugin
   tests/setups/installed_wheel.py checks it); the colab leg adds
   tests/widgets_compat/test_every_explorer.py: every explorer built and every control moved
   under Colab's ipywidgets 7.7.1;
5. copies every learner notebook (notebooks/NN_*.ipynb) ALONE into an empty folder and runs
   it there under nbval (--nbval-lax: the cells tagged nbval-check-output are compared),
   in a kernel of that environment with the tests' settings (course_utils._runtime QUIET_ENV
   and CI_ENV) and Jupyter's own inline Matplotlib backend (MPLBACKEND is removed, as in a
   learner's kernel: forcing Agg would hide a Matplotlib/matplotlib-inline mismatch). A last
   cell, added to each copy, asserts the backend is inline and course_utils came from the
   environment.

It prints each part's time, and a summary with one line per leg. Exit status: 0 when every
leg that ran passed, 1 otherwise. The full suite (browser, nbgrader, instructor editions,
notebooks in place) runs on the newest versions: `python -m pytest`.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from course_utils._runtime import CI_ENV, QUIET_ENV  # course_utils is installed (README)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUTPUT = ROOT / ".test-output" / "setups"

REQUIRE_ENV = "COURSE_REQUIRE_SETUPS"
VENVS_ENV = "COURSE_SETUPS_VENVS"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
BUILD_FILES = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "LICENSE-lessons",
    "setup.cfg",
    "setup.py",
    "MANIFEST.in",
)
# Helper tests a leg leaves out, and why. Everything else in tests/test_*.py runs in each leg.
SKIPPED_TESTS = {
    "test_browser.py": "drives Chromium: needs Playwright and a browser (newest set only)",
    "test_teach.py": "nbgrader and the instructor editions (the teach extra, newest set only)",
    "test_notebook_alone.py": "runs notebooks; a leg runs every lesson alone itself (part 5)",
    "test_full_size_data.py": "runs lessons 07-08 on 60,000 images: too slow to repeat per leg",
    "test_notebooks_static.py": "reads the committed notebooks' text: no version can change it",
    "test_lesson_rules.py": "reads the committed notebooks' text: no version can change it",
    "test_benchmarks.py": "times the course: the benchmark runs on the newest set",
    "test_setups.py": "reads the install files, builds the wheel: no version can change it",
}
# Single tests a leg leaves out, and why (none at present).
DESELECTED_TESTS: dict[str, str] = {}
# The last cell of each notebook copy: the kernel is a learner's (inline backend, the
# installed course_utils), and which versions ran.
PROBE = """import sys as _sys
import matplotlib as _mpl
from pathlib import Path as _Path
_backend = _mpl.get_backend()
assert "inline" in _backend, f"Matplotlib backend {_backend!r}, not Jupyter's inline one"
_mods = [_Path(m.__file__).resolve() for n, m in list(_sys.modules.items())
         if n.split(".")[0] == "course_utils" and getattr(m, "__file__", None)]
_prefix = _Path(_sys.prefix).resolve()
assert _mods and all(p.is_relative_to(_prefix) for p in _mods), (_prefix, _mods[:3])
import course_utils as _cu
print(_cu.versions())"""


@dataclass(frozen=True)
class Leg:
    name: str
    python: str  # major.minor
    what: str
    requirements: tuple[str, ...]  # files installed with -r
    constraints: tuple[str, ...]  # files installed with -c
    no_deps: bool  # course_utils --no-deps (as Colab's Setup cell does)
    extra_tests: tuple[str, ...] = ()


LEGS = {
    "oldest": Leg(
        name="oldest",
        python="3.10",
        what="the oldest supported versions (constraints/oldest.txt)",
        requirements=("requirements.txt",),
        constraints=("constraints/oldest.txt",),
        no_deps=False,
    ),
    "colab": Leg(
        name="colab",
        python="3.13",
        what="Colab's versions (constraints/colab.txt), course_utils --no-deps",
        requirements=("constraints/colab.txt",),
        constraints=(),
        no_deps=True,
        extra_tests=("tests/widgets_compat/test_every_explorer.py",),
    ),
}


class LegFailed(Exception):
    """A step of a leg failed (the message says which)."""


def _say(text: str) -> None:
    print(text, flush=True)


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    shown = " ".join(str(c) for c in command)
    _say(f"$ {shown}")
    return subprocess.run([str(c) for c in command], **kwargs)


def _check(command: list, what: str, **kwargs) -> None:
    if _run(command, **kwargs).returncode != 0:
        raise LegFailed(what)


def _pip(command: list, what: str) -> None:
    """Run pip, showing its output less the lines about index folders this machine lacks."""
    out = _run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in out.stdout.splitlines():
        if not (line.startswith("WARNING: Location 'file:") and "is ignored" in line):
            _say(line)
    if out.returncode != 0:
        raise LegFailed(what)


# ---------------------------------------------------------------- interpreters


def _patch_level(path: str) -> int:
    patch = Path(path).parts[-3].split(".")[2:3]
    return int(patch[0]) if patch and patch[0].isdigit() else -1


def find_python(version: str) -> Path | None:
    """An interpreter for `version` ('3.10'): $COURSE_PYTHON_3_10, python3.10, or pyenv's."""
    override = os.environ.get(f"COURSE_PYTHON_{version.replace('.', '_')}")
    candidates = [override] if override else []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = glob.glob(str(pyenv / f"{version}.*" / "bin" / "python"))
    candidates += sorted(found, key=_patch_level, reverse=True)  # the newest patch release first
    for candidate in candidates:
        try:
            out = subprocess.run(
                [candidate, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return Path(candidate)
    return None


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _venv_script(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin") / name


# ---------------------------------------------------------------- installing


def _local_requirement(line: str) -> tuple[str, str] | None:
    """('-e', '.[offline,test]') for a requirements line naming this repository, else None."""
    text = line.split("#", 1)[0].strip()
    for flag in ("-e ", "--editable ", "--editable="):
        if text.startswith(flag):
            text = text[len(flag) :].strip()
            break
    if text == "." or text.startswith((".[", "./")):
        return ("local", text)
    return None


def read_requirements(path: Path) -> tuple[list[str], list[str]]:
    """The lines of a requirements file minus the one installing this repository, and that
    line's extras (['offline', 'test'] for `-e .[offline,test]`)."""
    kept, extras = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        local = _local_requirement(line)
        if local is None:
            kept.append(line)
            continue
        spec = local[1]
        if "[" in spec:
            extras += [e.strip() for e in spec[spec.index("[") + 1 : spec.rindex("]")].split(",")]
    return kept, extras


def build_wheel(dest: Path) -> Path:
    """A course_utils wheel built from a copy of the sources (nothing is written in the repo)."""
    source = dest / "source"
    source.mkdir(parents=True)
    for name in BUILD_FILES:
        if (ROOT / name).is_file():
            shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "course_utils",
        source / "course_utils",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    # Without build isolation when this interpreter's setuptools can build it (no download).
    try:
        major = int(importlib.metadata.version("setuptools").split(".")[0])
    except importlib.metadata.PackageNotFoundError:
        major = 0
    isolation = ["--no-build-isolation"] if major >= 77 else []
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _check([*pip, "wheel", "--no-deps", *isolation, "-w", dest / "dist", source], "wheel build")
    (wheel,) = (dest / "dist").glob("course_utils-*.whl")
    return wheel


def _declared_dependencies() -> str:
    """What pyproject.toml declares course_utils needs (other edits there change nothing)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    keys = ("requires-python", "dependencies", "optional-dependencies")
    return json.dumps({k: project.get(k) for k in keys}, sort_keys=True)


def _fingerprint(leg: Leg, python: Path) -> str:
    """Everything that decides what make_environment installs."""
    version = subprocess.run(
        [python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True
    ).stdout
    digest = hashlib.sha256(version.encode() + _declared_dependencies().encode())
    for name in (*leg.requirements, *leg.constraints):
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        content = [line.split("#", 1)[0].strip() for line in lines]  # comments change nothing
        digest.update(name.encode() + b"\0" + "\n".join(filter(None, content)).encode())
    return digest.hexdigest()


def venv_folder(leg: Leg) -> Path:
    """.test-output/setups/LEG/venv, or $COURSE_SETUPS_VENVS/LEG when that is set (CI keeps
    the environments there, outside its fresh clone, so the next run on the same machine
    reuses them while their fingerprint is unchanged)."""
    shared = os.environ.get(VENVS_ENV)
    return Path(shared).expanduser().resolve() / leg.name if shared else OUTPUT / leg.name / "venv"


def make_environment(leg: Leg, python: Path, wheel: Path, fresh: bool) -> tuple[Path, bool]:
    """The leg's virtual environment with its set installed; (venv, whether it was reused)."""
    venv = venv_folder(leg)
    marker = venv / "course-setup.sha256"
    want = _fingerprint(leg, python)
    if not fresh and marker.is_file() and marker.read_text() == want:
        return venv, True
    shutil.rmtree(venv, ignore_errors=True)
    _check([python, "-m", "venv", venv], "making the virtual environment")
    pip = [_venv_python(venv), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    args: list = []
    extras: list[str] = []
    work = OUTPUT / leg.name
    for name in leg.requirements:
        kept, found = read_requirements(ROOT / name)
        extras += found
        copy = work / f"requirements-{Path(name).name}"  # without the editable course_utils line
        copy.write_text("\n".join(kept) + "\n", encoding="utf-8")
        args += ["-r", copy]
    for name in leg.constraints:
        args += ["-c", ROOT / name]
    if not leg.no_deps:
        # course_utils from the wheel, resolved together with everything else.
        suffix = f"[{','.join(extras)}]" if extras else ""
        args.append(f"course_utils{suffix} @ {wheel.resolve().as_uri()}")
    _pip([*pip, *args], "installing the leg's packages")
    marker.write_text(want)
    return venv, False


def install_wheel(leg: Leg, venv: Path, wheel: Path) -> None:
    """This run's wheel, over whatever course_utils the (maybe reused) environment has.

    --no-deps: for the colab leg because Colab's Setup cell installs it so; for the oldest
    leg because its dependencies were resolved with everything else in make_environment.
    """
    pip = [_venv_python(venv), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    _pip([*pip, "--no-deps", "--force-reinstall", wheel], "installing the wheel")
    # A wheel installed --no-deps must still find everything it needs (pip check).
    out = _run([_venv_python(venv), "-m", "pip", "check"], capture_output=True, text=True)
    _say(out.stdout.strip() or out.stderr.strip())
    if out.returncode != 0:
        raise LegFailed("pip check: the environment's requirements are inconsistent")


# ---------------------------------------------------------------- running


def helper_tests(leg: Leg) -> list[str]:
    tests = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "tests").glob("test_*.py"))
        if p.name not in SKIPPED_TESTS
    ]
    return tests + [t for t in leg.extra_tests if (ROOT / t).is_file()]


def _base_env() -> dict[str, str]:
    env = {**QUIET_ENV, **CI_ENV, **os.environ}
    for name in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def run_helper_tests(leg: Leg, venv: Path, workers: str, extra: list[str]) -> int:
    tests = helper_tests(leg)
    env = {**_base_env(), "PYTHONPATH": str(HERE)}
    # The venv's pytest script (not `python -m pytest`, which would put the repository on
    # sys.path) and importlib mode (which keeps the root conftest's folder off sys.path):
    # course_utils comes from the installed wheel, as installed_wheel.py checks.
    command = [
        _venv_script(venv, "pytest"),
        *tests,
        "-p",
        "installed_wheel",
        "-p",
        "no:cacheprovider",
        "--import-mode=importlib",
        "-o",
        "addopts=",
        "-q",
        "-rs",
        "--durations=10",
        *[a for test in DESELECTED_TESTS for a in ("--deselect", test)],
        *(["-n", workers, "--dist", "loadfile"] if workers != "0" else []),
        *extra,
    ]
    return _run(command, cwd=ROOT, env=env).returncode


def _probe_cell_notebook(source: Path, dest: Path) -> None:
    nb = json.loads(source.read_text(encoding="utf-8"))
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": ["nbval-ignore-output"]},
        "outputs": [],
        "source": PROBE,
    }
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):  # cell ids from 4.5 on
        cell["id"] = "setup-leg-probe"
    nb["cells"].append(cell)
    dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_notebooks(leg: Leg, venv: Path, workers: str, only: list[str], extra: list[str]) -> int:
    where = OUTPUT / leg.name / "notebooks"
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    config = OUTPUT / leg.name / "pytest.ini"  # outside the folders: no repository settings
    config.write_text("[pytest]\n", encoding="utf-8")
    paths = []
    for source in sorted((ROOT / "notebooks").glob(NOTEBOOK_GLOB)):
        if only and not any(source.name.startswith(o) for o in only):
            continue
        folder = where / source.stem  # the notebook, and nothing else
        folder.mkdir()
        _probe_cell_notebook(source, folder / source.name)
        paths.append(f"{source.stem}/{source.name}")
    if not paths:
        raise LegFailed(f"no notebook matches {only}")
    env = _base_env()
    env.pop("MPLBACKEND", None)  # a learner's kernel: Jupyter's inline backend
    command = [
        _venv_python(venv),
        "-m",
        "pytest",
        "-c",
        config,
        "--rootdir",
        where,
        "-p",
        "no:cacheprovider",
        "-q",
        "--nbval-lax",
        "--nbval-current-env",
        *(["-n", workers, "--dist", "loadfile"] if workers != "0" else ["-p", "no:xdist"]),
        *paths,
        *extra,
    ]
    return _run(command, cwd=where, env=env).returncode


def run_leg(leg: Leg, args: argparse.Namespace, wheel: Path) -> tuple[str, dict[str, float]]:
    times: dict[str, float] = {}
    _say(f"\n=== setup leg '{leg.name}': Python {leg.python}, {leg.what}")
    python = find_python(leg.python)
    if python is None:
        message = (
            f"no Python {leg.python} here (looked for $COURSE_PYTHON_{leg.python.replace('.', '_')}"
            f", python{leg.python} on PATH and ~/.pyenv/versions/{leg.python}.*)"
        )
        if os.environ.get(REQUIRE_ENV) == "1":
            _say(f"FAILED: {message}, and {REQUIRE_ENV}=1 requires every leg")
            return "FAILED (no interpreter)", times
        _say(f"SKIPPED: {message}. Install it (e.g. `pyenv install {leg.python}`) to run this leg.")
        return "skipped (no interpreter)", times
    (OUTPUT / leg.name).mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        venv, reused = make_environment(leg, python, wheel, args.fresh)
        install_wheel(leg, venv, wheel)
        freeze = _run([_venv_python(venv), "-m", "pip", "freeze"], capture_output=True, text=True)
        (OUTPUT / leg.name / "freeze.txt").write_text(freeze.stdout, encoding="utf-8")
        _say(
            f"(environment {'reused' if reused else 'made'}: {venv}; "
            f"versions in {(OUTPUT / leg.name / 'freeze.txt').relative_to(ROOT)})"
        )
        times["environment"] = time.perf_counter() - start
        failed = []
        if args.part in ("all", "tests"):
            t0 = time.perf_counter()
            if run_helper_tests(leg, venv, args.workers, args.pytest_args) != 0:
                failed.append("helper tests")
            times["tests"] = time.perf_counter() - t0
        if args.part in ("all", "notebooks"):
            t0 = time.perf_counter()
            if run_notebooks(leg, venv, args.workers, args.notebook, args.pytest_args) != 0:
                failed.append("notebooks")
            times["notebooks"] = time.perf_counter() - t0
    except LegFailed as err:
        times.setdefault("environment", time.perf_counter() - start)
        return f"FAILED ({err})", times
    finally:
        times["total"] = time.perf_counter() - start
    return (f"FAILED ({', '.join(failed)})" if failed else "passed"), times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tests/setups/run.py", description=__doc__.splitlines()[0]
    )
    parser.add_argument("legs", nargs="*", help=f"{' | '.join(LEGS)} (default: every leg)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the environments")
    parser.add_argument("--part", choices=("all", "tests", "notebooks"), default="all")
    parser.add_argument(
        "--notebook", action="append", default=[], help="only lessons starting so (e.g. 06)"
    )
    parser.add_argument("--workers", default="2", help="pytest-xdist workers (0: none)")
    parser.add_argument(
        "--pytest-args", nargs=argparse.REMAINDER, default=[], help="passed to pytest"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.legs if name not in LEGS]
    if unknown:
        parser.error(f"no leg {unknown}: choose from {', '.join(LEGS)}")
    legs = [LEGS[name] for name in (args.legs or LEGS)]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        _say(f"built {wheel.name} in {time.perf_counter() - t0:.0f} s")
        results = [(leg, *run_leg(leg, args, wheel)) for leg in legs]
    _say("\n=== setup legs")
    for leg, outcome, times in results:
        parts = ", ".join(f"{k} {v:.0f} s" for k, v in times.items() if k != "total")
        total = f"; total {times['total']:.0f} s" if "total" in times else ""
        _say(
            f"{leg.name:7} Python {leg.python}: {outcome}" + (f" ({parts}{total})" if parts else "")
        )
    _say(f"all legs: {time.perf_counter() - t0:.0f} s")
    return 1 if any(outcome.startswith("FAILED") for _, outcome, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
