"""The benchmark script itself works (a tiny run; the real one is `python benchmarks/run.py`)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_runs_and_writes_nothing():
    before = (
        (ROOT / "benchmarks" / "RESULTS.md").read_bytes()
        if (ROOT / "benchmarks" / "RESULTS.md").exists()
        else None
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "layers_numpy.conv2d" in out.stdout and "import course_utils" in out.stdout
    after = (
        (ROOT / "benchmarks" / "RESULTS.md").read_bytes()
        if (ROOT / "benchmarks" / "RESULTS.md").exists()
        else None
    )
    assert before == after
