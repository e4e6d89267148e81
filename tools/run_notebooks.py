"""Execute lesson notebooks top to bottom in a fresh kernel and save them with their outputs.

The one way notebooks get committed: every badge and Colab install line is
rewritten from course_utils.colab, the kernel runs with the same quiet, offline
settings as the tests, and a notebook whose outputs contain an error, a warning
or anything on stderr is refused (not written).

    python tools/run_notebooks.py                 # every notebook in notebooks/
    python tools/run_notebooks.py notebooks/03_padding.ipynb
    python tools/run_notebooks.py --check         # only check badges/install lines
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course_utils import colab
from course_utils._runtime import QUIET_ENV
from course_utils.widgets._core import WIDGET_MIME

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MAX_BYTES = 2_000_000
# A cell that reveals a "predict before you run" result is run, then saved without its output,
# so previews on GitHub and Colab do not give the answer away.
NO_SAVED_OUTPUT_TAG = "no-saved-output"


def sync_colab_cells(nb: nbformat.NotebookNode, rel_path: str) -> list[str]:
    """Rewrite the badge and the Colab install line from course_utils.colab; return problems."""
    return colab.sync_notebook(nb, rel_path)


def output_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Errors, warnings or stderr text in any output: none may reach a learner."""
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr: {out.text[:200]!r}")
            elif "Warning" in str(out.get("text", "")):
                problems.append(f"cell {i}: a warning in the output: {out.text[:200]!r}")
    return problems


def clean_metadata(nb: nbformat.NotebookNode) -> None:
    """Keep only what a reader needs: no timings, no widget state, no per-machine details."""
    nb.metadata = nbformat.NotebookNode(
        kernelspec={
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        language_info={"name": "python"},
    )
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if NO_SAVED_OUTPUT_TAG in cell.metadata.get("tags", []):
            cell.outputs, cell.execution_count = [], None
        for out in cell.get("outputs", []):
            # A live widget cannot come back from a saved file: keep its static picture.
            out.get("data", {}).pop(WIDGET_MIME, None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)


def coalesce_streams(outputs: list) -> list:
    """One stream output per run of prints (a slow cell's text arrives in pieces); no blanks."""
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.output_type == "stream"
            and last is not None
            and last.output_type == "stream"
            and last.name == out.name
        ):
            last.text += out.text
        else:
            merged.append(out)
    return [out for out in merged if out.output_type != "stream" or out.text.strip()]


def run(path: Path, check_only: bool = False, timeout: int = 600) -> bool:
    """Execute one notebook and write it back; return True on success."""
    rel = path.resolve().relative_to(ROOT).as_posix()
    nb = nbformat.read(path, as_version=4)
    problems = sync_colab_cells(nb, rel)
    if check_only or problems:
        for p in problems:
            print(f"{rel}: {p}")
        return not problems
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    os.environ.update(QUIET_ENV)  # the kernel inherits the test settings
    # ...but not a backend chosen in this shell: the kernel uses Jupyter's inline backend,
    # as a learner's does (MPLBACKEND=Agg there would save every figure as nothing).
    os.environ.pop("MPLBACKEND", None)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        allow_errors=True,
    )
    client.execute()
    seconds = time.perf_counter() - start
    problems = output_problems(nb)
    clean_metadata(nb)
    if problems:
        print(f"{rel}: NOT written ({seconds:.1f} s):")
        for p in problems:
            print(f"  {p}")
        return False
    nbformat.validate(nb)
    text = nbformat.writes(nb) + "\n"
    if len(text.encode()) > MAX_BYTES:
        print(f"{rel}: NOT written: {len(text.encode()):,} bytes is over {MAX_BYTES:,}")
        return False
    path.write_text(text, encoding="utf-8")
    print(f"{rel}: executed in {seconds:.1f} s, {len(text.encode()) / 1e3:.0f} kB")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    parser.add_argument("--check", action="store_true", help="only check Colab cells")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    ok = all([run(p, check_only=args.check) for p in paths])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
