"""course_utils.teach: the instructor and nbgrader editions, generated from the learner notebooks.

Small synthetic notebooks (a fake exercise module, which needs no TensorFlow) are executed
here; the real lessons are only checked as files, because running
them imports TensorFlow. CI runs the whole instructor edition through nbval separately.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from course_utils import teach
from course_utils.exercises import Exercise

ROOT = Path(__file__).resolve().parents[1]
REAL = teach.lesson_paths(ROOT / "notebooks")

FAKE_MODULE = """
from course_utils.exercises import Exercise, Mistake

q1 = Exercise(
    name="Exercise 1",
    answer_name="output_rows",
    expected=26,
    solution_code="output_rows = 28 - 3 + 1",
    hints=["n - k + 1"],
    mistakes=[Mistake("Add the 1.", value=25)],
)
q2 = Exercise(  # the solution uses `size`, a name the notebook defines above
    name="Exercise 2",
    answer_name="doubled",
    expected=20,
    solution_code="doubled = 2 * size  # the notebook set size = 10",
    hints=["Multiply."],
)
q3 = Exercise(
    name="Exercise 3",
    answer_name="map_shape",
    expected=(4, 6),
    solution_code="rows = 4\\nmap_shape = (rows, rows + 2)",
    hints=["Height first."],
)


def _relu_test(fn):
    if not callable(fn):
        return "Write a function."
    try:
        ok = fn(-3) == 0 and fn(2) == 2
    except Exception as err:
        return f"Your function raised {type(err).__name__}."
    return None if ok else "relu(-3) should be 0."


q4 = Exercise(  # the learner writes a function
    name="Exercise 4",
    answer_name="relu",
    expected=None,
    solution_code="def relu(x):\\n    return max(x, 0)",
    hints=["max"],
    test=_relu_test,
)
"""
# The learner edition's placeholder cell of each exercise above.
PLACEHOLDERS = {
    "q1": "output_rows = None  # your code here",
    "q2": "doubled = None  # your code here",
    "q3": "map_shape = None  # your code here",
    "q4": "def relu(x):\n    ...  # your code here",
}
ANSWER_NAMES = {"q1": "output_rows", "q2": "doubled", "q3": "map_shape", "q4": "relu"}
EXERCISES = tuple(PLACEHOLDERS)


def _fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package `fakecourse` with lesson99 (right solutions) and lesson98 (q1 solved wrong)."""
    pkg = tmp_path / "pkgs" / "fakecourse"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "lesson99.py").write_text(FAKE_MODULE)
    wrong = FAKE_MODULE.replace(
        'solution_code="output_rows = 28 - 3 + 1"', 'solution_code="output_rows = 25"'
    )
    (pkg / "lesson98.py").write_text(wrong)
    monkeypatch.syspath_prepend(str(pkg.parent))
    path = os.pathsep.join([str(pkg.parent), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    monkeypatch.setenv("PYTHONPATH", path)  # for the kernels these tests start
    for name in ("fakecourse", "fakecourse.lesson99", "fakecourse.lesson98"):
        sys.modules.pop(name, None)
    importlib.invalidate_caches()
    return pkg


def _stdout(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _exercise_cells(names, alias="ex", placeholders=None):
    placeholders = placeholders or PLACEHOLDERS
    cells = []
    for name in names:
        cells += [
            nbformat.v4.new_markdown_cell(f"**Exercise {name[1:]}.** A question."),
            nbformat.v4.new_code_cell(placeholders[name]),
            nbformat.v4.new_code_cell(f"{alias}.{name}.check()"),
        ]
    return cells


def _notebook(setup: str, names=EXERCISES, extra=(), placeholders=None) -> nbformat.NotebookNode:
    checked = nbformat.v4.new_code_cell("print(size)", execution_count=3, outputs=[_stdout("10\n")])
    checked.metadata["tags"] = [teach.CHECK_OUTPUT_TAG]
    plain = nbformat.v4.new_code_cell("size = 10", execution_count=2)
    setup_cell = nbformat.v4.new_code_cell(setup, execution_count=1, outputs=[_stdout("ok\n")])
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 99 · Tiny\n*A synthetic lesson.*"),
            setup_cell,
            plain,
            checked,
            nbformat.v4.new_markdown_cell("## Exercises"),
            *_exercise_cells(names, placeholders=placeholders),
            *extra,
        ]
    )
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    return nb


SETUP = textwrap.dedent(
    """\
    import sys

    if "google.colab" in sys.modules:
        %pip install -q --no-deps "course_utils @ git+https://example.org/x@main"

    from fakecourse import lesson99 as ex
    print("ok")
    """
)


def _write(nb, folder: Path, name="99_tiny.ipynb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def _run(nb, cwd: Path) -> nbformat.NotebookNode:
    """Execute `nb` in a fresh kernel (raises CellExecutionError on the first error)."""
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return nb


def _text(cell) -> str:
    return "".join(str(o.get("text", "")) for o in cell.get("outputs", []))


# ------------------------------------------------------------------ finding the exercises


def test_finds_every_exercise_and_its_module(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    path = _write(_notebook(SETUP), tmp_path / "src")
    lesson = teach.read_lesson(path)
    assert lesson.alias == "ex" and lesson.module == "fakecourse.lesson99"
    assert [f.name for f in lesson.exercises] == list(EXERCISES)
    for found in lesson.exercises:
        assert lesson.nb.cells[found.answer_cell].source == PLACEHOLDERS[found.name]
        assert found.placeholder == PLACEHOLDERS[found.name]
        assert found.answer_name == ANSWER_NAMES[found.name]
        assert lesson.nb.cells[found.check_cell].source == f"ex.{found.name}.check()"
        assert isinstance(found.exercise, Exercise)
    assert lesson.exercises[2].solution == "rows = 4\nmap_shape = (rows, rows + 2)"
    assert teach.learner_problems(lesson) == []


def test_other_placeholder_forms_are_found(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    nb = _notebook("import fakecourse.lesson99 as quiz", names=())
    nb.cells += [
        nbformat.v4.new_code_cell("output_rows = ...  # Your code here"),
        nbformat.v4.new_code_cell("quiz.q1.check();"),
        nbformat.v4.new_code_cell("# Write the tuple.\nmap_shape = None  # your code here\n"),
        nbformat.v4.new_code_cell("# check it\nquiz.q3.check()\n"),
        nbformat.v4.new_code_cell(
            'def relu(x):\n    """max(x, 0)"""\n    pass  # your code here\n'
        ),
        nbformat.v4.new_code_cell("quiz.q4.check( )"),
    ]
    lesson = teach.read_lesson(_write(nb, tmp_path / "src"))
    assert lesson.alias == "quiz" and lesson.module == "fakecourse.lesson99"
    assert [f.name for f in lesson.exercises] == ["q1", "q3", "q4"]


@pytest.mark.parametrize(
    ("code", "binds"),
    [
        ("output_rows = None  # your code here", {"output_rows": True}),
        ("x: int = ...  # your code here", {"x": True}),
        ("import numpy as np\nk = None  # your code here", {"np": False, "k": True}),
        ("k = np.zeros(3)  # your code here", {"k": False}),
        ("k = None  # your code here\nk += 1", {"k": False}),
        ("def f(a, b=1):\n    ...  # your code here", {"f": True}),
        ("def f(a):\n    return a  # your code here", {"f": False}),
        ("output_rows = None", None),
        ("output_rows = (  # your code here", None),
    ],
)
def test_placeholder_bindings(code, binds):
    assert teach._placeholder_bindings(code) == binds


def test_placeholder_for_an_exercise():
    value = Exercise("E", "output_rows", 26, "output_rows = 26", [])
    assert teach.placeholder_for(value) == "output_rows = None  # your code here"
    function = Exercise(
        "E",
        "output_size",
        None,
        "def output_size(n, kernel_size, padding=0, strides=1):\n    return n",
        [],
        test=lambda f: None,
    )
    assert teach.placeholder_for(function) == (
        "def output_size(n, kernel_size, padding=0, strides=1):\n    ...  # your code here"
    )


def test_a_notebook_without_exercises_is_fine(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 00 · Intro")])
    lesson = teach.read_lesson(_write(nb, tmp_path / "src", "00_intro.ipynb"))
    assert lesson.exercises == [] and lesson.module is None


def _broken(kind: str) -> nbformat.NotebookNode:
    nb = _notebook(SETUP)
    cells = nb.cells
    i = next(i for i, c in enumerate(cells) if c.source == "ex.q2.check()")
    if kind == "check without placeholder":
        cells[i - 1].source = "doubled = 20"
    elif kind == "markdown between":
        cells.insert(i, nbformat.v4.new_markdown_cell("Now check it:"))
    elif kind == "placeholder without check":
        cells[i].source = "print(doubled)"
    elif kind == "check with an argument":
        cells[i].source = "ex.q2.check(answer)"
    elif kind == "check with more code":
        cells[i].source = "ex.q2.check()\nprint('done')"
    elif kind == "module not imported":
        cells[1].source = "print('ok')"
    elif kind == "no such exercise":
        cells[i].source = "ex.q7.check()"
    elif kind == "checked twice":
        cells[i].source = "ex.q1.check()"
        cells[i - 1].source = PLACEHOLDERS["q1"]
    elif kind == "module missing":
        cells[1].source = "from fakecourse import lesson42 as ex"
    elif kind == "old shared answer":
        cells[i - 1].source = "answer = None  # your code here"
    elif kind == "another exercise's name":
        cells[i - 1].source = PLACEHOLDERS["q1"]
    elif kind == "answer name given a value":
        cells[i - 1].source = "doubled = 3  # your code here\nx = None"
    elif kind == "function with a body":
        j = next(j for j, c in enumerate(cells) if c.source == "ex.q4.check()")
        cells[j - 1].source = "def relu(x):\n    return x  # your code here"
    return nb


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("check without placeholder", "must come right after the learner's placeholder"),
        ("markdown between", "follows a markdown cell"),
        ("placeholder without check", "must be followed by its check cell"),
        ("check with an argument", "not `ex.q2.check(answer)`"),
        ("check with more code", "must be alone in its cell"),
        ("module not imported", "`ex` is not imported above the first exercise"),
        ("no such exercise", "fakecourse.lesson99 has no exercise `q7`"),
        ("checked twice", "checked twice"),
        ("module missing", "cannot import the exercise module fakecourse.lesson42"),
        ("old shared answer", "answer name `doubled`"),
        ("another exercise's name", "exactly `doubled = None  # your code here`"),
        ("answer name given a value", "it binds `x`"),
        ("function with a body", "`def relu(x):\n    ...  # your code here`"),
    ],
)
def test_a_broken_convention_names_the_notebook_and_cell(tmp_path, monkeypatch, kind, says):
    _fake_package(tmp_path, monkeypatch)
    path = _write(_broken(kind), tmp_path / "src")
    with pytest.raises(teach.ConventionError) as err:
        teach.read_lesson(path)
    message = str(err.value)
    assert message.startswith("99_tiny.ipynb"), message
    assert says in message, message
    if kind != "module missing":
        assert "cell " in message and "counting from 0" in message, message


def test_two_exercises_sharing_an_answer_name_are_refused(tmp_path, monkeypatch):
    pkg = _fake_package(tmp_path, monkeypatch)
    (pkg / "lesson97.py").write_text(
        FAKE_MODULE.replace('answer_name="doubled"', 'answer_name="output_rows"').replace(
            "doubled = 2 * size", "output_rows = 2 * size"
        )
    )
    placeholders = {**PLACEHOLDERS, "q2": PLACEHOLDERS["q1"]}
    nb = _notebook(SETUP.replace("lesson99", "lesson97"), placeholders=placeholders)
    with pytest.raises(teach.ConventionError, match="both use the answer name `output_rows`"):
        teach.read_lesson(_write(nb, tmp_path / "src"))


def test_learner_problems_find_a_shown_solution_and_a_saved_answer(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    nb = _notebook(SETUP)
    nb.cells.insert(2, nbformat.v4.new_code_cell("output_rows = 28 - 3 + 1"))  # q1's, shown
    check = next(c for c in nb.cells if c.source == "ex.q2.check()")
    check.outputs = [_stdout("✅ Exercise 2: Correct!\n")]
    lesson = teach.read_lesson(_write(nb, tmp_path / "src"))
    problems = teach.learner_problems(lesson)
    assert len(problems) == 2, problems
    assert "cell 2" in problems[0] and "shows the solution of q1" in problems[0]
    assert "saved with an answer" in problems[1]


def test_a_generic_answer_name_is_a_problem(tmp_path, monkeypatch):
    pkg = _fake_package(tmp_path, monkeypatch)
    (pkg / "lesson96.py").write_text(
        FAKE_MODULE.replace('answer_name="output_rows"', 'answer_name="answer"').replace(
            "output_rows = 28 - 3 + 1", "answer = 28 - 3 + 1"
        )
    )
    placeholders = {**PLACEHOLDERS, "q1": "answer = None  # your code here"}
    nb = _notebook(SETUP.replace("lesson99", "lesson96"), placeholders=placeholders)
    problems = teach.learner_problems(teach.read_lesson(_write(nb, tmp_path / "src")))
    assert len(problems) == 1 and "q1's answer name is `answer`" in problems[0]


def test_a_solution_using_an_undefined_name_is_reported(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    assert teach.namespace_problems(lesson) == []
    nb = _notebook(SETUP)
    nb.cells[2].source = "width = 10"  # q2's solution needs `size`
    nb.cells[3].source = "print(width)"
    lesson = teach.read_lesson(_write(nb, tmp_path / "src"))
    problems = teach.namespace_problems(lesson)
    assert len(problems) == 1 and "solution of q2" in problems[0] and "`size`" in problems[0]


# ------------------------------------------------------------------ the instructor edition


def test_instructor_edition_solves_and_asserts_every_exercise(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    nb = teach.instructor_notebook(lesson)
    assert len(nb.cells) == len(lesson.nb.cells) + 1  # the "Instructor edition" banner
    assert "Instructor edition" in nb.cells[1].source
    sources = "\n".join(c.source for c in nb.cells)
    assert "your code here" not in sources
    for found in lesson.exercises:
        answer, check = nb.cells[found.answer_cell + 1], nb.cells[found.check_cell + 1]
        assert answer.source.endswith(found.solution)
        assert check.source.startswith(f"ex.{found.name}.check()\n")
        assert f"assert ex.{found.name}.is_correct({found.answer_name})" in check.source
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if teach.CHECK_OUTPUT_TAG in cell.metadata.get("tags", []):  # nbval still compares it
            assert cell.execution_count == 3 and _text(cell) == "10\n"
        else:  # not run: nbval --nbval-lax runs it and compares nothing
            assert cell.outputs == [] and cell.execution_count is None
    first = lesson.exercises[0].answer_cell
    assert lesson.nb.cells[first].source == PLACEHOLDERS["q1"], "the learner notebook is untouched"


def test_learner_edition_runs_with_blanks_and_instructor_edition_passes(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    learner = _run(nbformat.read(lesson.path, as_version=4), tmp_path)
    for found in lesson.exercises:
        assert "not answered yet" in _text(learner.cells[found.check_cell])
    solved = _run(teach.instructor_notebook(lesson), tmp_path)
    for found in lesson.exercises:
        assert _text(solved.cells[found.check_cell + 1]).startswith("✅")


def test_a_check_run_before_its_answer_cell_says_so_in_a_kernel(tmp_path, monkeypatch):
    """Issue 12 rule 10, in a real kernel: Setup, then a check cell directly; then re-runs."""
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    cells = lesson.nb.cells
    q1, q3 = lesson.exercises[0], lesson.exercises[2]
    check = cells[q1.check_cell].source
    sources = [cells[1].source, check]  # Setup, then exercise 1's check
    sources += ["output_rows = 26", check, "map_shape = (4, 6)", check]  # answer 1, then 3
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources],
        metadata=lesson.nb.metadata,
    )
    ran = _run(nb, tmp_path)
    first, second, third = (_text(ran.cells[i]) for i in (1, 3, 5))
    assert first.startswith("⏳ Exercise 1: `output_rows` is not defined yet")
    assert first.count("\n") == 1 and "Error" not in first
    assert second.startswith("✅ Exercise 1") and third.startswith("✅ Exercise 1")
    assert q3.answer_name == "map_shape"


def test_instructor_edition_fails_loudly_when_a_solution_is_wrong(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    nb = _notebook(SETUP.replace("lesson99", "lesson98"))
    lesson = teach.read_lesson(_write(nb, tmp_path / "src"))
    with pytest.raises(CellExecutionError) as err:
        _run(teach.instructor_notebook(lesson), tmp_path)
    assert "AssertionError" in str(err.value)
    assert "fakecourse.lesson98.q1.solution_code does not pass its check" in str(err.value)


# ------------------------------------------------------------------ the real notebooks (as files)


def _params():
    return [pytest.param(p, id=p.name) for p in REAL]


@pytest.mark.parametrize("path", _params())
def test_real_notebook_every_exercise_found_and_no_solution_shown(path):
    lesson = teach.read_lesson(path)
    assert teach.learner_problems(lesson) == []
    if lesson.module is None:
        return
    module = importlib.import_module(lesson.module)
    defined = sorted(n for n, v in vars(module).items() if isinstance(v, Exercise))
    assert sorted(f.name for f in lesson.exercises) == defined, "every exercise has its cells"
    for found in lesson.exercises:
        assert lesson.nb.cells[found.answer_cell].source.strip() == found.placeholder


@pytest.mark.parametrize("path", _params())
def test_real_notebook_solutions_use_only_names_the_notebook_defines(path):
    assert teach.namespace_problems(teach.read_lesson(path)) == []


@pytest.mark.parametrize("path", _params())
def test_real_notebook_editions_hold_every_solution(path):
    lesson = teach.read_lesson(path)
    instructor = teach.instructor_notebook(lesson)
    grader = teach.nbgrader_notebook(lesson)
    for found in lesson.exercises:
        assert instructor.cells[found.answer_cell + 1].source.endswith(found.solution)
        check = instructor.cells[found.check_cell + 1].source
        assert f"is_correct({found.answer_name})" in check
        answer, check = grader.cells[found.answer_cell], grader.cells[found.check_cell]
        assert answer.source == (
            f"{found.placeholder}\n### BEGIN SOLUTION\n{found.solution}\n### END SOLUTION"
        )
        assert answer.metadata.nbgrader["solution"] and not answer.metadata.nbgrader["grade"]
        assert check.metadata.nbgrader["grade"] and check.metadata.nbgrader["points"] == 1
        assert "### BEGIN HIDDEN TESTS" in check.source
    assert all(not c.get("outputs") for c in grader.cells if c.cell_type == "code")


def _released(lesson: teach.Lesson) -> nbformat.NotebookNode:
    """What nbgrader's generate_assignment makes of the nbgrader edition (its preprocessors)."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    nb = teach.nbgrader_notebook(lesson)
    resources: dict = {}
    nb, resources = ClearSolutions(code_stub={"python": teach.CODE_STUB}).preprocess(nb, resources)
    nb, resources = ClearHiddenTests().preprocess(nb, resources)
    return nb


def test_nbgrader_release_of_a_synthetic_lesson_is_its_learner_edition(tmp_path, monkeypatch):
    _require_nbgrader()
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    released = [c.source.rstrip("\n") for c in _released(lesson).cells]
    assert released == [c.source.rstrip("\n") for c in lesson.nb.cells]


@pytest.mark.parametrize("path", _params())
def test_real_notebook_released_by_nbgrader_preprocessors_is_the_learner_edition(path):
    _require_nbgrader()
    lesson = teach.read_lesson(path)
    released = [c.source.rstrip("\n") for c in _released(lesson).cells]
    assert released == [c.source.rstrip("\n") for c in lesson.nb.cells]


def _numbered(markdown: str) -> int:
    return len(re.findall(r"^\d+\. ", markdown, flags=re.MULTILINE))


@pytest.mark.parametrize("path", _params())
def test_teacher_guide_covers_the_lesson(path):
    """docs/teaching.md: a lesson-plan row with the notebook's minutes, and a link to its answers.

    The answers themselves are written once, folded in the notebook (tests/test_lesson_rules.py
    checks one per question).
    """
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", nb.cells[0].source)
    row = re.search(
        rf"^\| {number} \| \[[^]]+\]\(\.\./notebooks/{path.name}\) \| (\d+) \|", guide, re.M
    )
    assert row, f"the lesson plan has no row linking {path.name}"
    if minutes:
        assert row[1] == minutes[1], "the lesson plan's minutes differ from the notebook's"
    assert f"(../notebooks/{path.name}#Check-your-understanding)" in guide


# ------------------------------------------------------------------ the command line


def test_help_documents_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        teach.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("check", "instructor", "nbgrader"):
        assert command in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "required"),
        (["publish"], "invalid choice"),
        (["instructor"], "--out"),
        (["instructor", "--out", "OUT", "--src", "missing"], "no such folder"),
        (["instructor", "--out", "SRC/inner", "--src", "SRC"], "inside --src"),
        (["instructor", "--out", "SRC", "--src", "SRC"], "inside --src"),
        (["instructor", "--out", "FILE", "--src", "SRC"], "is a file"),
        (["instructor", "--out", "OUT", "--src", "EMPTY"], "holds no .ipynb"),
        (["nbgrader", "--out", "OUT", "--src", "SRC", "--points", "0"], "points must be"),
        (["nbgrader", "--out", "OUT", "--src", "SRC", "--points", "two"], "points must be"),
    ],
)
def test_bad_arguments_get_a_clear_message(tmp_path, capsys, argv, says):
    (tmp_path / "SRC").mkdir()
    (tmp_path / "SRC" / "00_intro.ipynb").write_text(json.dumps(nbformat.v4.new_notebook()))
    (tmp_path / "EMPTY").mkdir()
    (tmp_path / "FILE").write_text("x")
    names = {"OUT", "SRC", "SRC/inner", "FILE", "EMPTY", "missing"}
    argv = [str(tmp_path / a) if a in names else a for a in argv]
    with pytest.raises(SystemExit) as done:
        teach.main(argv)
    assert done.value.code == 2
    assert says in capsys.readouterr().err


def test_cli_writes_both_editions_and_reports_a_broken_notebook(tmp_path, monkeypatch, capsys):
    _fake_package(tmp_path, monkeypatch)
    src = tmp_path / "src"
    _write(_notebook(SETUP), src)
    _write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 00")]), src, "00.ipynb")
    assert teach.main(["check", "--src", str(src)]) == 0
    assert "4 exercises in 2 notebooks" in capsys.readouterr().out

    assert teach.main(["instructor", "--src", str(src), "--out", str(tmp_path / "ins")]) == 0
    assert sorted(p.name for p in (tmp_path / "ins").iterdir()) == ["00.ipynb", "99_tiny.ipynb"]
    out = tmp_path / "grader"
    assert teach.main(["nbgrader", "--src", str(src), "--out", str(out), "--points", "2"]) == 0
    written = nbformat.read(out / "source" / "99_tiny" / "99_tiny.ipynb", as_version=4)
    grades = [c.metadata.get("nbgrader", {}) for c in written.cells]
    points = [g["points"] for g in grades if g.get("grade")]
    assert points == [2, 2, 2, 2]
    assert not (out / "source" / "00").exists(), "a lesson without exercises is no assignment"
    assert "c.ClearSolutions.code_stub" in (out / "nbgrader_config.py").read_text()
    capsys.readouterr()

    _write(_broken("placeholder without check"), src)
    assert teach.main(["instructor", "--src", str(src), "--out", str(tmp_path / "ins")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("teach: 99_tiny.ipynb, cell ") and "check cell" in err

    # `check` reports every notebook: a broken one does not hide the others
    _write(_broken("check with an argument"), src, "98_old.ipynb")
    _write(_notebook(SETUP), src, "97_fine.ipynb")
    assert teach.main(["check", "--src", str(src)]) == 1
    captured = capsys.readouterr()
    assert "97_fine.ipynb: 4 exercises" in captured.out
    assert "98_old.ipynb: breaks the exercise convention" in captured.out
    assert "4 exercises in 4 notebooks (2 could not be read as lessons)" in captured.out
    assert "teach: 98_old.ipynb, cell " in captured.err and "check(answer)" in captured.err
    assert "teach: 99_tiny.ipynb, cell " in captured.err


# ------------------------------------------------------------------ the nbgrader round trip


def _require_nbgrader() -> None:
    """Skip without nbgrader, unless COURSE_REQUIRE_NBGRADER is set (CI): then fail."""
    if os.environ.get("COURSE_REQUIRE_NBGRADER"):
        import nbgrader  # noqa: F401 - must be installed: fail loudly if not
    else:
        pytest.importorskip("nbgrader")


def _nbgrader_api(course: Path):
    """nbgrader's own API on `course`, with the nbgrader_config.py that teach wrote there."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    return NbGraderAPI(config=config)


def _succeeded(result: dict) -> None:
    assert result["success"], result.get("error", "") + result.get("log", "")


# nbgrader 0.9.6 with SQLAlchemy 2.1 warns inside its own gradebook code; the grades are right.
@pytest.mark.filterwarnings("ignore:Object of type .* not in session:Warning")
def test_nbgrader_round_trip_full_marks_for_solutions_zero_for_blanks(tmp_path, monkeypatch):
    _require_nbgrader()
    from nbgrader.api import Gradebook

    _fake_package(tmp_path, monkeypatch)
    names = list(EXERCISES)
    src = tmp_path / "src"
    _write(_notebook(SETUP), src, "90_tiny.ipynb")
    course = tmp_path / "course"
    lessons = teach.write_nbgrader(src, course)
    solutions = [f.solution for f in lessons[0].exercises]

    api = _nbgrader_api(course)
    _succeeded(api.generate_assignment("90_tiny"))
    released = course / "release" / "90_tiny" / "90_tiny.ipynb"
    release = nbformat.read(released, as_version=4)
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "is_correct"):
        assert marker not in text
    for found in lessons[0].exercises:
        for line in found.solution.splitlines():
            if line.startswith((f"{found.answer_name} =", "    return")):
                assert line not in text, f"the released notebook shows {line!r}"
    placeholders = set(PLACEHOLDERS.values())
    stubs = [i for i, c in enumerate(release.cells) if c.source.rstrip("\n") in placeholders]
    assert len(stubs) == len(names)

    blank = course / "submitted" / "blank" / "90_tiny"
    blank.mkdir(parents=True)
    shutil.copy(released, blank / "90_tiny.ipynb")
    for i, solution in zip(stubs, solutions, strict=True):  # a student who solves everything
        release.cells[i].source = solution
    _write(release, course / "submitted" / "solved" / "90_tiny", "90_tiny.ipynb")

    for student in ("solved", "blank"):
        _succeeded(api.autograde("90_tiny", student))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        solved = gradebook.find_submission("90_tiny", "solved")
        empty = gradebook.find_submission("90_tiny", "blank")
        assert solved.max_score == len(names)
        assert (solved.score, empty.score) == (len(names), 0)
