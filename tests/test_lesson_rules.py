"""Rules every lesson keeps so a teacher can hand it out without re-reading it.

Read from the committed notebooks (text, code and stored outputs) and the exercise modules:
- no exercise's answer stands anywhere on its page, in any form a learner would recognise;
- nbval markers are cell tags, and no test machinery (settings variables, quick modes,
  machine paths) is in the learner's view;
- every "Check your understanding" question has its answer folded right under it;
- every lesson has at least three exercises, one of them checked by code (`test=`), each
  with its own answer name;
- the test set is never trained on or used as validation data.
"""

from __future__ import annotations

import importlib
import numbers
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_utils.exercises import Exercise

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _params():
    return [pytest.param(p, id=p.name[:2]) for p in NOTEBOOKS]


def _exercises(path: Path) -> list[Exercise]:
    module = importlib.import_module(f"course_utils.exercises.lesson{path.name[:2]}")
    found = [v for v in vars(module).values() if isinstance(v, Exercise)]
    return sorted(found, key=lambda ex: ex.name)


def _output_text(out) -> str:
    if out.get("output_type") == "stream":
        return out.get("text", "")
    data = out.get("data", {})
    kinds = ("text/plain", "text/markdown", "text/html")
    return "\n".join(str(data.get(kind, "")) for kind in kinds)


def _page(nb) -> str:
    """Everything a learner can read in a saved notebook: text, code and stored outputs."""
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(_output_text(out))
    return "\n".join(parts)


# ------------------------------------------------------------------ no answer on the page


def _int_forms(value: int) -> list[str]:
    """1280 as a learner may read it: 1280, 1,280, 1 280, 1_280."""
    plain = str(abs(value))
    grouped = f"{abs(value):,}"
    sign = "-" if value < 0 else ""
    forms = {plain, grouped, grouped.replace(",", " "), grouped.replace(",", "_")}
    return [sign + f for f in forms]


def _number_patterns(value: float) -> list[str]:
    """Regexes for a number as printed: whole numbers >= 100, other numbers rounded 2–4 places."""
    if isinstance(value, bool):
        return []
    if float(value).is_integer():
        if abs(value) < 100:
            return []  # small whole numbers (3, 28, 64) are everywhere on any page
        return [rf"(?<![\d.,_]){re.escape(f)}(?![\d_]|[.,]\d)" for f in _int_forms(int(value))]
    patterns = []
    for places in (2, 3, 4):
        text = f"{value:.{places}f}"
        if float(text) == 0:
            continue
        patterns.append(rf"(?<![\d.]){re.escape(text)}(?!\d)")
    if 0 < abs(value) <= 1:
        for places in (1, 2):
            patterns.append(rf"(?<![\d.]){re.escape(f'{100 * value:.{places}f}')}\s?%")
    return patterns


def _tuple_patterns(values: tuple) -> list[str]:
    """(28, 28, 16) as a learner may read it: that tuple, inside a printed shape, or 28×28×16."""
    if len(values) < 2 or not all(isinstance(v, numbers.Real) for v in values):
        return []
    if not all(float(v).is_integer() for v in values):
        return []
    ints = [str(int(v)) for v in values]
    comma = r",\s*".join(ints)
    times = r"\s*[×x*]\s*".join(ints)
    return [rf"(?<![\d.]){comma}\s*[)\]]", rf"(?<![\d.×x]){times}(?![\d×])"]


def _answer_patterns(expected) -> list[str]:
    if isinstance(expected, (bool, np.bool_, str)) or expected is None:
        return []
    if isinstance(expected, np.ndarray):
        return []
    if isinstance(expected, numbers.Real):
        return _number_patterns(expected)
    if isinstance(expected, (tuple, list)):
        return _tuple_patterns(tuple(expected))
    return []


def test_answer_patterns_recognise_the_forms_a_learner_reads():
    def found(expected, text):
        return any(re.search(p, text) for p in _answer_patterns(expected))

    assert found(1280, "dense_10 does 1,280 multiply-adds")
    assert found(1280, "params: 1280")
    assert not found(1280, "12800 params") and not found(1280, "1.280")
    assert found(0.7311, "p = 0.731") and found(0.7311, "73.1 %")
    assert found((28, 28, 16), "(None, 28, 28, 16)") and found((28, 28, 16), "28×28×16")
    assert not found((28, 28, 16), "(None, 28, 28, 160)")
    assert not found(28, "28 rows") and not found(True, "True")


@pytest.mark.parametrize("path", _params())
def test_no_exercise_answer_stands_on_its_page(path):
    page = _page(nbformat.read(path, as_version=4))
    shown = []
    for ex in _exercises(path):
        for pattern in _answer_patterns(ex.expected):
            match = re.search(pattern, page)
            if match:
                start = max(0, match.start() - 60)
                context = page[start : match.end() + 20].replace("\n", " ")
                shown.append(f"{ex.name} (expected {ex.expected!r}): ...{context}...")
                break
    assert not shown, "answers readable on the page:\n" + "\n".join(shown)


# ------------------------------------------------------------------ no machinery in view

MACHINERY = [
    (r"#\s*NBVAL_", "an nbval comment marker (use the cell tag)"),
    (r"\bCOURSE_[A-Z_]+", "a course environment variable"),
    (r"/usr/share/", "a machine path"),
    (r"\bQUICK\b|quick mode|CI_FAST|MIN_ACCURACY", "a test-run switch"),
    (r"\bCI\b|continuous integration|test run|busy (shared )?machine", "talk of the test harness"),
]


@pytest.mark.parametrize("path", _params())
def test_no_test_machinery_in_the_learners_view(path):
    nb = nbformat.read(path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        texts = [cell.source] + [_output_text(o) for o in cell.get("outputs", [])]
        for text in texts:
            for pattern, what in MACHINERY:
                match = re.search(pattern, text)
                if match:
                    problems.append(f"cell {i}: {what}: {match.group(0)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", _params())
def test_cells_tagged_no_saved_output_are_saved_without_it(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if "no-saved-output" in cell.metadata.get("tags", []):
            assert not cell.get("outputs"), f"cell {i} reveals a prediction in its saved output"


# ------------------------------------------------------------------ folded self-check answers


def _self_check_section(nb) -> str:
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    match = re.search(r"^#+\s*Check your understanding.*?$(.*?)(?=^#{1,2}\s|\Z)", text, re.M | re.S)
    assert match, "no 'Check your understanding' section"
    return match.group(1)


@pytest.mark.parametrize("path", _params())
def test_every_self_check_question_has_a_folded_answer(path):
    section = _self_check_section(nbformat.read(path, as_version=4))
    questions = re.findall(r"^\d+\.\s", section, re.M)
    answers = re.findall(r"<details>\s*<summary>", section)
    assert questions, "no numbered questions under 'Check your understanding'"
    assert len(answers) >= len(questions), (
        f"{len(questions)} questions but {len(answers)} folded answers (<details><summary>)"
    )
    for block in re.findall(r"<details>(.*?)</details>", section, re.S):
        body = re.sub(r"<summary>.*?</summary>", "", block, flags=re.S)
        assert len(body.strip()) > 20, f"an empty folded answer: {block[:80]!r}"


# ------------------------------------------------------------------ exercises


@pytest.mark.parametrize("path", _params())
def test_each_lesson_has_three_exercises_with_their_own_answer_names(path):
    exercises = _exercises(path)
    assert len(exercises) >= 3
    names = [ex.answer_name for ex in exercises]
    assert len(set(names)) == len(names), f"answer names repeat: {names}"
    assert "answer" not in names, "give each exercise a meaningful answer name"
    assert any(ex.test is not None for ex in exercises), "no exercise checks written code (test=)"
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for ex in exercises:
        assert re.search(rf"^(def )?{ex.answer_name}\b", code, re.M), (
            f"{ex.name}: the notebook has no cell for `{ex.answer_name}`"
        )


# ------------------------------------------------------------------ the test set, once

# A line that trains or validates: a fit, a gradient step, or an update `w - lr * grad`.
TRAINING_LINE = re.compile(
    r"\.fit\(|train_on_batch\(|validation_data\s*=|apply_gradients\(|"
    r"-=|\blr\s*\*|learning_rate\s*\*"
)
ASSIGNMENT = re.compile(r"^\s*([A-Za-z_][\w\s,()*]*?)\s*(?<![=!<>+\-*/])=(?!=)\s*(.+)$")
NAME = re.compile(r"[A-Za-z_]\w*")


def _test_derived_names(sources: list[str]) -> set[str]:
    """Names holding test images or anything computed from them (x_test, x_batch = x_test[:32])."""
    tainted = set()
    for source in sources:
        tainted |= {n for n in NAME.findall(source) if re.fullmatch(r"[xy]_test\w*", n)}
    changed = True
    while changed:
        changed = False
        for source in sources:
            for line in source.splitlines():
                match = ASSIGNMENT.match(line)
                if not match or not tainted & set(NAME.findall(match.group(2))):
                    continue
                new = set(NAME.findall(match.group(1))) - tainted
                if new:
                    tainted |= new
                    changed = True
    return tainted


def test_the_taint_follows_test_images_into_a_gradient_step():
    cells = ["x_batch = net.predict(x_test_ready[:32])", "W_new = W - lr * x_batch.T @ g"]
    tainted = _test_derived_names(cells)
    assert {"x_test_ready", "x_batch", "W_new"} <= tainted
    assert _training_lines(cells, tainted)
    assert not _training_lines(["model.fit(x_train, y_train, validation_split=0.1)"], tainted)


def _training_lines(sources: list[str], tainted: set[str]) -> list[str]:
    found = []
    for i, source in enumerate(sources):
        for line in source.splitlines():
            if line.lstrip().startswith("#") or not TRAINING_LINE.search(line):
                continue
            rhs = line.split("=", 1)[1] if re.match(r"^\s*\w+\s*=[^=]", line) else line
            if tainted & set(NAME.findall(rhs)):
                found.append(f"cell {i}: {line.strip()}")
    return found


@pytest.mark.parametrize("path", _params())
def test_no_gradient_step_or_validation_sees_the_test_set(path):
    nb = nbformat.read(path, as_version=4)
    sources = [c.source if c.cell_type == "code" else "" for c in nb.cells]
    found = _training_lines(sources, _test_derived_names(sources))
    assert not found, "test images used to train or validate:\n" + "\n".join(found)


def test_the_capstone_check_gates_on_validation_never_on_test_images(monkeypatch):
    """Rule 4: lesson 10's auto-check judges a model on validation images only."""
    keras = pytest.importorskip("keras")
    from course_utils import data
    from course_utils.exercises import lesson10

    try:
        data.load_fashion_mnist(verbose=False)
    except data.DatasetNotFoundError:
        pytest.skip("needs Fashion-MNIST (Debian's dataset-fashion-mnist; CI installs it)")

    def refuse():
        raise AssertionError("the capstone's check looked at the test images")

    monkeypatch.setattr(lesson10, "_test_set", refuse)
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    feedback = lesson10.q4.feedback(model)  # untrained: judged, and found below the target
    assert not feedback.correct and not feedback.crashed, feedback.message
    assert "Validation accuracy" in feedback.message
