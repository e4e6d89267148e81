"""The install files agree: requirements.txt, pyproject.toml, environment.yml, apt.txt, and
the constraint files of the tested setups (tests/setups/run.py runs those; this only reads).

- environment.yml (conda, and a hub's repo2docker image) installs what requirements.txt does;
- repo2docker finds its files at the root and can build them (no binder/ folder, nothing
  mamba cannot resolve, a Python version it reads and pyproject.toml allows);
- constraints/oldest.txt pins every floor, at the floor; Colab's set satisfies what
  course_utils declares, since Colab installs it --no-deps;
- the wheel ships both licences.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the `test` extra installs tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# What environment.yml adds for a hub, beyond requirements.txt.
HUB_ONLY = {"nbgitpuller"}


def _load_runner():
    spec = importlib.util.spec_from_file_location("setups_run", ROOT / "tests/setups/run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("setups_run", module)
    spec.loader.exec_module(module)
    return module


RUN = _load_runner()


def _lines(path: Path) -> list[str]:
    """A requirements file's requirement lines, comments and blanks left out."""
    text = path.read_text(encoding="utf-8").splitlines()
    return [s for s in (line.split("#", 1)[0].strip() for line in text) if s]


def _environment_yml() -> tuple[list[str], list[str]]:
    """(conda dependencies, pip lines) of environment.yml (the plain layout it is written in)."""
    conda, pip, in_pip, section = [], [], False, None
    for raw in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if not line.startswith((" ", "-")):  # a top-level key: name, channels, dependencies
            section, in_pip = line.split(":", 1)[0], False
            continue
        item = re.fullmatch(r"(\s*)- (.+)", line)
        if item is None or section != "dependencies":
            in_pip = False
            continue
        indent, value = len(item.group(1)), item.group(2).strip()
        if value == "pip:":
            in_pip = True
        elif in_pip and indent > 2:
            pip.append(value)
        else:
            in_pip = False
            conda.append(value)
    return conda, pip


def _pins(path: Path) -> dict[str, Version]:
    pins = {}
    for line in _lines(path):
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"{path.name}: {line!r} must pin with =="
        pins[canonicalize_name(req.name)] = Version(spec.version)
    return pins


def _floors() -> dict[str, Requirement]:
    """Every requirement with a lower bound: requirements.txt and what course_utils declares
    (its dependencies and the extras requirements.txt installs)."""
    kept, extras = RUN.read_requirements(ROOT / "requirements.txt")
    reqs = [Requirement(line) for line in _lines_of(kept)]
    reqs += [Requirement(d) for d in PROJECT["dependencies"]]
    for extra in extras:
        reqs += [Requirement(d) for d in PROJECT["optional-dependencies"][extra]]
    return {canonicalize_name(r.name): r for r in reqs}


def _lines_of(lines: list[str]) -> list[str]:
    return [s for s in (line.split("#", 1)[0].strip() for line in lines) if s]


# ---------------------------------------------------------------- environment files


def test_environment_yml_installs_what_requirements_txt_does():
    conda, pip = _environment_yml()
    requirements = _lines(ROOT / "requirements.txt")
    local = [line for line in requirements if RUN._local_requirement(line)]
    assert local == ["-e .[offline,test]"], "requirements.txt installs course_utils editable"
    # Line for line, except course_utils as a copy: a hub mounts homes over the image's.
    assert pip == [line for line in requirements if line not in local] + [".[offline,test]"]
    assert not any(line.startswith(("-r", "-c", "--requirement")) for line in pip), (
        "mamba (repo2docker) resolves -r against a temporary folder"
    )
    names = {re.split(r"[=<>!~ ]", c, maxsplit=1)[0] for c in conda}
    assert names == {"python", "pip"} | HUB_ONLY


def test_repo2docker_builds_from_the_root_with_a_python_it_reads():
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), f"a {folder}/ folder makes repo2docker ignore the root"
    assert not (ROOT / "runtime.txt").exists(), "environment.yml's python= line sets the version"
    conda, _ = _environment_yml()
    # repo2docker's own pattern for the Python version in environment.yml (conda buildpack)
    versions = [m.group(1) for c in conda if (m := re.match(r"python\s*=+\s*([\d\.]*)", c))]
    assert len(versions) == 1 and re.fullmatch(r"3\.\d+", versions[0]), conda
    python = Version(versions[0])
    assert python in Requirement(f"python{PROJECT['requires-python']}").specifier
    assert "dataset-fashion-mnist" in _lines(ROOT / "apt.txt")
    for package in _lines(ROOT / "apt.txt"):
        assert re.fullmatch(r"[a-z0-9.+-]+", package), f"apt.txt: {package!r}"


# ---------------------------------------------------------------- the tested setups


def test_oldest_constraints_pin_every_floor_at_the_floor():
    pins = _pins(ROOT / "constraints/oldest.txt")
    oldest_python = RUN.LEGS["oldest"].python
    for name, req in _floors().items():
        if req.marker is not None and not req.marker.evaluate({"python_version": oldest_python}):
            continue
        assert name in pins, f"constraints/oldest.txt pins no version of {name} ({req})"
        assert pins[name] in req.specifier, f"{name}=={pins[name]} is below {req}"
        floors = [Version(s.version) for s in req.specifier if s.operator == ">="]
        assert len(floors) == 1, f"{req}: one lower bound"
        # At the floor: the same release, or its first published patch (pytest-xdist 3.0.2).
        assert pins[name].release[:2] == (*floors[0].release, 0)[:2], (
            f"{name}: the floor {floors[0]} is not what is tested ({pins[name]}): "
            "raise the floor or lower the pin"
        )
    assert set(pins) <= set(_floors()), "oldest.txt pins only what the course asks for"


def test_the_oldest_python_is_the_oldest_the_project_allows():
    floor = re.fullmatch(r">=(3\.\d+)", PROJECT["requires-python"]).group(1)
    assert RUN.LEGS["oldest"].python == floor


def test_colab_set_satisfies_what_course_utils_declares():
    pins = _pins(ROOT / "constraints/colab.txt")
    for dependency in PROJECT["dependencies"]:
        req = Requirement(dependency)
        name = canonicalize_name(req.name)
        assert name in pins and pins[name] in req.specifier, f"Colab's {name} fails {req}"
    assert RUN.LEGS["colab"].no_deps, "Colab's Setup cell installs course_utils --no-deps"
    for name in ("tensorflow", "keras", "ipywidgets", "numpy", "matplotlib", "ipykernel"):
        assert name in pins


def test_each_leg_runs_the_helper_tests_it_can():
    for leg in RUN.LEGS.values():
        tests = RUN.helper_tests(leg)
        names = {Path(t).name for t in tests}
        assert "test_colab.py" in names and "test_shapes.py" in names
        assert not names & set(RUN.SKIPPED_TESTS)
        assert all((ROOT / t).is_file() for t in tests)
    colab = RUN.helper_tests(RUN.LEGS["colab"])
    # The ipywidgets 7.7.1 check: every explorer built, every control moved.
    assert "tests/widgets_compat/test_every_explorer.py" in colab
    assert any(Path(t).name.startswith("test_widgets_") for t in colab)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("-e .[offline,test]   # course_utils", (["x"], ["offline", "test"])),
        (".", (["x"], [])),
        ("--editable=.[a]", (["x"], ["a"])),
        ("numpy>=1.23.5  # .[not this]", (["x", "numpy>=1.23.5  # .[not this]"], [])),
    ],
)
def test_read_requirements_drops_the_local_line_and_keeps_its_extras(tmp_path, line, expected):
    path = tmp_path / "requirements.txt"
    path.write_text(f"x\n{line}\n", encoding="utf-8")
    assert RUN.read_requirements(path) == expected


# ---------------------------------------------------------------- licences


def test_the_wheel_ships_both_licences(tmp_path):
    assert PROJECT["license"] == "MIT AND CC-BY-4.0"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    lessons = (ROOT / "LICENSE-lessons").read_text(encoding="utf-8")
    assert "Attribution 4.0 International Public License" in lessons
    wheel = RUN.build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = zf.read(metadata).decode()
        for name in ("LICENSE", "LICENSE-lessons"):
            (member,) = [n for n in names if n.endswith(f".dist-info/licenses/{name}")]
            assert zf.read(member) == (ROOT / name).read_bytes()
    assert "License-Expression: MIT AND CC-BY-4.0" in text
    assert not any(n.startswith(("tests/", "notebooks/", "tools/")) for n in names)
