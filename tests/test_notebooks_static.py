"""The committed notebooks, read as files: template, Colab cells, clean outputs, size.

(nbval re-runs them; these checks catch what a re-run does not: stale badges,
stray errors or warnings saved in outputs, out-of-order execution, bloat.)
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course_utils import colab

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _params():
    return [pytest.param(p, id=p.name) for p in NOTEBOOKS]


@pytest.mark.parametrize("path", _params())
def test_badge_and_install_line_come_from_colab_config(path):
    nb = nbformat.read(path, as_version=4)
    rel = path.relative_to(ROOT).as_posix()
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith("# "), "the first cell starts with the lesson title"
    assert colab.badge_markdown(rel) in nb.cells[0].source
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert colab.install_line() in setup.source
    assert '"google.colab" in sys.modules' in setup.source


@pytest.mark.parametrize("path", _params())
def test_committed_outputs_are_clean_and_in_order(path):
    nb = nbformat.read(path, as_version=4)
    # A cell tagged no-saved-output ran, but is saved without its output and count.
    counts = [
        c.execution_count
        for c in nb.cells
        if c.cell_type == "code" and "no-saved-output" not in c.metadata.get("tags", [])
    ]
    assert counts == sorted(counts) and None not in counts, (
        "run top to bottom by tools/run_notebooks.py"
    )
    assert len(set(counts)) == len(counts)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {i} saved an error"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"cell {i}: stderr"
            assert "Warning" not in out.get("text", ""), f"cell {i} saved a warning"


@pytest.mark.parametrize("path", _params())
def test_notebook_is_small(path):
    assert path.stat().st_size < 2_000_000
