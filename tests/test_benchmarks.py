"""The benchmark script itself works: a quick run of every part into a temporary file.

The real measurement is `python -m benchmarks` (not part of the test run: it takes half
an hour); this smoke run uses tiny sizes and one repeat, and never touches RESULTS.md.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def test_quick_benchmark_writes_every_part_to_out_only(tmp_path):
    before = _read(RESULTS)
    out_file = tmp_path / "results.md"
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out_file)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,  # works from anywhere
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = out_file.read_text(encoding="utf-8")
    for heading in ("1. Notebooks", "2. Training", "3. NumPy", "4. Explorers", "5. Importing"):
        assert f"## {heading}" in text
    assert "QUICK SMOKE RUN" in text and "load average" in text
    assert "layers_numpy.conv2d" in text and "`import course_utils`" in text
    assert "00_smoke" in text and "MB" in text  # the tiny notebook ran, with its peak memory
    assert "stride.stride_explorer" in text  # explorers are found automatically
    assert "Keras example" in text and "lesson 07" in text and "capstone" in text
    assert "skipped" not in text and "failed" not in text
    assert _read(RESULTS) == before


def test_parts_are_selectable_and_bad_arguments_are_refused(tmp_path):
    out_file = tmp_path / "results.md"
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--out", str(out_file)]
    out = subprocess.run(
        [*cmd, "--parts", "imports"], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = out_file.read_text(encoding="utf-8")
    assert "## 5. Importing" in text and "## 1. Notebooks" not in text
    bad = subprocess.run(
        [*cmd, "--parts", "gpu"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert bad.returncode == 2 and "unknown ['gpu']" in bad.stderr
    no_out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert no_out.returncode == 2 and "--out" in no_out.stderr


def test_lesson07_settings_are_read_from_its_notebook():
    import nbformat

    from benchmarks.training import LESSON07_NOTEBOOK, lesson07_settings

    nb = nbformat.read(ROOT / "notebooks" / LESSON07_NOTEBOOK, as_version=4)
    batch, rate = lesson07_settings([c.source for c in nb.cells if c.cell_type == "code"])
    assert batch >= 1 and 0 < rate < 1
    assert lesson07_settings(["x = settings(batch_size=32)", "opt = Adam(learning_rate=0.01)"]) == (
        32,
        0.01,
    )
