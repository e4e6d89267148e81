"""Every explorer builds and answers its controls, on whichever ipywidgets is installed.

The main test run uses ipywidgets 8; the Colab setup leg (tests/setups/run.py colab) runs
this file and the tests/test_widgets_*.py files again under ipywidgets 7.7.1, the version
Colab ships.
Explorers are found automatically: every function of course_utils.widgets annotated
`-> ExplorerView`.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import course_utils.widgets
from course_utils.widgets._core import DENSITY, ExplorerView, static_png

ROOT = Path(__file__).resolve().parents[2]
MAX_WIDTH_PX = 960  # CSS pixels: fits a 1,000-pixel output area with its margins
EXPLORER_RE = re.compile(r"\b\w+_(?:explorer|stepper|playground)\(|\bExplorer\(")


def _explorer_functions():
    found = []
    for info in pkgutil.iter_modules(course_utils.widgets.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"course_utils.widgets.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            returns = fn.__annotations__.get("return")
            if returns == "ExplorerView" and fn.__module__ == module.__name__:
                found.append(pytest.param(fn, id=f"{info.name}.{name}"))
    return found


EXPLORERS = _explorer_functions()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_ipywidgets_is_a_supported_version():
    import ipywidgets

    major = int(ipywidgets.__version__.split(".")[0])
    assert major in (7, 8), ipywidgets.__version__
    if major == 7:
        assert tuple(int(p) for p in ipywidgets.__version__.split(".")[:2]) >= (7, 7)


def _build(fn):
    required = [
        p.name
        for p in inspect.signature(fn).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if required:
        pytest.skip(f"{fn.__name__} needs {required}; its own tests build it")
    return fn()


def _view(explorer) -> tuple[str, bytes]:
    return explorer.caption.value, bytes(explorer.image.value)


def _another_value(control):
    """A different value a learner could pick, or None if this kind of control has none."""
    if hasattr(control, "index") and hasattr(control, "options"):  # Dropdown, ToggleButtons
        count = len(control.options)
        if count < 2:
            return None
        return ("index", (control.index + 1) % count)
    if isinstance(getattr(control, "value", None), bool):  # Checkbox, ToggleButton
        return ("value", not control.value)
    if hasattr(control, "min") and hasattr(control, "max"):  # IntSlider, FloatSlider
        if control.min == control.max:
            return None
        return ("value", control.min if control.value != control.min else control.max)
    return None


@pytest.mark.parametrize("fn", EXPLORERS)
def test_explorer_builds_with_a_picture_and_an_instructive_static_view(fn):
    import ipywidgets

    explorer = _build(fn)
    assert isinstance(explorer, ExplorerView)
    assert isinstance(explorer.widget, ipywidgets.Widget)
    caption, png = _view(explorer)
    assert caption.strip() and "⚠" not in caption, "the default state is a valid one"
    assert png.startswith(b"\x89PNG")
    assert explorer.renders == 1, "building the explorer draws its picture once"
    assert int(explorer.image.width) <= MAX_WIDTH_PX, "the picture fits the output area"
    assert explorer.image.layout.max_width == "100%"
    # No widget front end (nbconvert, GitHub, a static HTML view): a chosen state's picture.
    static = explorer.explorer.static
    assert static, "the explorer declares the state a static view shows"
    assert dict(static) != explorer.values, "the static view is not the live default again"
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == static_png(explorer.explorer)
    assert "text/plain" in bundle and "text/html" not in bundle


@pytest.mark.parametrize("fn", EXPLORERS)
def test_every_control_changes_what_the_explorer_shows_drawing_once(fn):
    _build(fn)  # skips here too if it needs arguments
    names = list(fn().controls)
    assert names, "an explorer has at least one control"
    changed = []
    for name in names:
        explorer = fn()  # a fresh one per control: one bad combination must not hide the next
        control = explorer.controls[name]
        change = _another_value(control)
        if change is None:
            continue
        before = _view(explorer)
        renders = explorer.renders
        setattr(control, *change)
        after = _view(explorer)
        assert after != before, f"changing {name!r} ({change}) changed neither caption nor picture"
        assert after[1].startswith(b"\x89PNG")
        if "⚠" not in after[0]:
            assert explorer.renders == renders + 1, f"changing {name!r} drew the picture twice"
            width = int(explorer.image.width)
            assert width <= MAX_WIDTH_PX, f"after {name!r}: {width} px wide"
            assert width * DENSITY == int.from_bytes(after[1][16:20], "big")
        changed.append(name)
    assert changed, f"none of the controls {names} could be changed"


def _notebooks_with_explorers():
    params = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = [
            i
            for i, c in enumerate(nb["cells"])
            if c["cell_type"] == "code" and EXPLORER_RE.search("".join(c["source"]))
        ]
        if cells:
            params.append(pytest.param(path, cells, id=path.name))
    return params


@pytest.mark.parametrize("path, cells", _notebooks_with_explorers())
def test_saved_explorer_cells_show_a_static_picture(path, cells):
    """What GitHub, nbviewer and Colab show before anyone runs a cell: a picture, not nothing."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i in cells:
        outputs = nb["cells"][i].get("outputs", [])
        pictures = [o for o in outputs if "image/png" in o.get("data", {})]
        assert pictures, f"cell {i} builds an explorer but saved no picture of it"
