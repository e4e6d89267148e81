"""course_utils.teach: the instructor and nbgrader editions, generated from the learner notebooks.

Small synthetic notebooks (a fake exercise module, or lesson 04's exercises, which need no
TensorFlow) are executed here; the real lessons are only checked as files, because running
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
    question="Output size of a valid 3x3 convolution on a 28x28 image?",
    expected=26,
    solution_code="answer = 28 - 3 + 1",
    hints=["n - k + 1"],
    mistakes=[Mistake("Add the 1.", value=25)],
)
q2 = Exercise(  # the solution uses `size`, a name the notebook defines above
    name="Exercise 2",
    question="Twice the size?",
    expected=20,
    solution_code="answer = 2 * size  # the notebook set size = 10",
    hints=["Multiply."],
)
q3 = Exercise(
    name="Exercise 3",
    question="Shape (H, W)?",
    expected=(4, 6),
    solution_code="rows = 4\\nanswer = (rows, rows + 2)",
    hints=["Height first."],
)
"""


def _fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package `fakecourse` with lesson99 (right solutions) and lesson98 (q1 solved wrong)."""
    pkg = tmp_path / "pkgs" / "fakecourse"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "lesson99.py").write_text(FAKE_MODULE)
    wrong = FAKE_MODULE.replace(
        'solution_code="answer = 28 - 3 + 1"', 'solution_code="answer = 25"'
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


def _exercise_cells(names, alias="ex"):
    cells = []
    for name in names:
        cells += [
            nbformat.v4.new_markdown_cell(f"**Exercise {name[1:]}.** A question."),
            nbformat.v4.new_code_cell(teach.PLACEHOLDER),
            nbformat.v4.new_code_cell(f"{alias}.{name}.check(answer)"),
        ]
    return cells


def _notebook(setup: str, names=("q1", "q2", "q3"), extra=()) -> nbformat.NotebookNode:
    checked = nbformat.v4.new_code_cell(
        "# NBVAL_CHECK_OUTPUT\nprint(size)", execution_count=3, outputs=[_stdout("10\n")]
    )
    plain = nbformat.v4.new_code_cell("size = 10", execution_count=2)
    setup_cell = nbformat.v4.new_code_cell(setup, execution_count=1, outputs=[_stdout("ok\n")])
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 99 · Tiny\n*A synthetic lesson.*"),
            setup_cell,
            plain,
            checked,
            nbformat.v4.new_markdown_cell("## Exercises"),
            *_exercise_cells(names),
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
    assert [f.name for f in lesson.exercises] == ["q1", "q2", "q3"]
    for found in lesson.exercises:
        assert lesson.nb.cells[found.answer_cell].source == teach.PLACEHOLDER
        assert lesson.nb.cells[found.check_cell].source == f"ex.{found.name}.check(answer)"
        assert isinstance(found.exercise, Exercise)
    assert lesson.exercises[2].solution == "rows = 4\nanswer = (rows, rows + 2)"
    assert teach.learner_problems(lesson) == []


def test_other_placeholder_forms_are_found(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    nb = _notebook("import fakecourse.lesson99 as quiz", names=())
    nb.cells += [
        nbformat.v4.new_code_cell("answer = ...  # Your code here"),
        nbformat.v4.new_code_cell("quiz.q1.check(answer);"),
        nbformat.v4.new_code_cell("# Write the tuple.\nanswer = None  # your code here\n"),
        nbformat.v4.new_code_cell("# check it\nquiz.q3.check(answer)\n"),
    ]
    lesson = teach.read_lesson(_write(nb, tmp_path / "src"))
    assert lesson.alias == "quiz" and lesson.module == "fakecourse.lesson99"
    assert [f.name for f in lesson.exercises] == ["q1", "q3"]


def test_a_notebook_without_exercises_is_fine(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 00 · Intro")])
    lesson = teach.read_lesson(_write(nb, tmp_path / "src", "00_intro.ipynb"))
    assert lesson.exercises == [] and lesson.module is None


def _broken(kind: str) -> nbformat.NotebookNode:
    nb = _notebook(SETUP)
    cells = nb.cells
    i = next(i for i, c in enumerate(cells) if c.source == "ex.q2.check(answer)")
    if kind == "check without placeholder":
        cells[i - 1].source = "answer = 20"
    elif kind == "markdown between":
        cells.insert(i, nbformat.v4.new_markdown_cell("Now check it:"))
    elif kind == "placeholder without check":
        cells[i].source = "print(answer)"
    elif kind == "check of another name":
        cells[i].source = "ex.q2.check(my_answer)"
    elif kind == "check with more code":
        cells[i].source = "ex.q2.check(answer)\nprint('done')"
    elif kind == "module not imported":
        cells[1].source = "print('ok')"
    elif kind == "no such exercise":
        cells[i].source = "ex.q7.check(answer)"
    elif kind == "checked twice":
        cells[i].source = "ex.q1.check(answer)"
    elif kind == "module missing":
        cells[1].source = "from fakecourse import lesson42 as ex"
    return nb


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("check without placeholder", "must come right after the learner's placeholder"),
        ("markdown between", "follows a markdown cell"),
        ("placeholder without check", "must be followed by its check cell"),
        ("check of another name", "not `ex.q2.check(my_answer)`"),
        ("check with more code", "must be alone in its cell"),
        ("module not imported", "`ex` is not imported above the first exercise"),
        ("no such exercise", "fakecourse.lesson99 has no exercise `q7`"),
        ("checked twice", "checked twice"),
        ("module missing", "cannot import the exercise module fakecourse.lesson42"),
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


def test_learner_problems_find_a_shown_solution_and_a_saved_answer(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    nb = _notebook(SETUP)
    nb.cells.insert(2, nbformat.v4.new_code_cell("answer = 28 - 3 + 1"))  # q1's solution, shown
    check = next(c for c in nb.cells if c.source == "ex.q2.check(answer)")
    check.outputs = [_stdout("✅ Exercise 2: Correct!\n")]
    lesson = teach.read_lesson(_write(nb, tmp_path / "src"))
    problems = teach.learner_problems(lesson)
    assert len(problems) == 2, problems
    assert "cell 2" in problems[0] and "shows the solution of q1" in problems[0]
    assert "saved with an answer" in problems[1]


def test_a_solution_using_an_undefined_name_is_reported(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    assert teach.namespace_problems(lesson) == []
    nb = _notebook(SETUP)
    nb.cells[2].source = "width = 10"  # q2's solution needs `size`
    nb.cells[3].source = "# NBVAL_CHECK_OUTPUT\nprint(width)"
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
    sources = [c.source for c in nb.cells]
    assert teach.PLACEHOLDER not in "\n".join(sources)
    for found in lesson.exercises:
        answer, check = nb.cells[found.answer_cell + 1], nb.cells[found.check_cell + 1]
        assert answer.source.endswith(found.solution)
        assert check.source.startswith(f"ex.{found.name}.check(answer)\n")
        assert f"assert ex.{found.name}.is_correct(answer)" in check.source
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.startswith("# NBVAL_CHECK_OUTPUT"):  # nbval still compares it
            assert cell.execution_count == 3 and _text(cell) == "10\n"
        else:  # not run: nbval --nbval-lax runs it and compares nothing
            assert cell.outputs == [] and cell.execution_count is None
    first = lesson.exercises[0].answer_cell
    assert lesson.nb.cells[first].source == teach.PLACEHOLDER, "the learner notebook is untouched"


def test_learner_edition_runs_with_blanks_and_instructor_edition_passes(tmp_path, monkeypatch):
    _fake_package(tmp_path, monkeypatch)
    lesson = teach.read_lesson(_write(_notebook(SETUP), tmp_path / "src"))
    learner = _run(nbformat.read(lesson.path, as_version=4), tmp_path)
    for found in lesson.exercises:
        assert "not answered yet" in _text(learner.cells[found.check_cell])
    solved = _run(teach.instructor_notebook(lesson), tmp_path)
    for found in lesson.exercises:
        assert _text(solved.cells[found.check_cell + 1]).startswith("✅")


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
        assert lesson.nb.cells[found.answer_cell].source.strip() == teach.PLACEHOLDER


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
        assert "is_correct(answer)" in instructor.cells[found.check_cell + 1].source
        answer, check = grader.cells[found.answer_cell], grader.cells[found.check_cell]
        assert answer.source == f"### BEGIN SOLUTION\n{found.solution}\n### END SOLUTION"
        assert answer.metadata.nbgrader["solution"] and not answer.metadata.nbgrader["grade"]
        assert check.metadata.nbgrader["grade"] and check.metadata.nbgrader["points"] == 1
        assert "### BEGIN HIDDEN TESTS" in check.source
    assert all(not c.get("outputs") for c in grader.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", _params())
def test_real_notebook_released_by_nbgrader_preprocessors_is_the_learner_edition(path):
    _require_nbgrader()
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    lesson = teach.read_lesson(path)
    nb = teach.nbgrader_notebook(lesson)
    resources: dict = {}
    nb, resources = ClearSolutions(code_stub={"python": teach.PLACEHOLDER}).preprocess(
        nb, resources
    )
    nb, resources = ClearHiddenTests().preprocess(nb, resources)
    assert [c.source for c in nb.cells] == [c.source for c in lesson.nb.cells]


def _numbered(markdown: str) -> int:
    return len(re.findall(r"^\d+\. ", markdown, flags=re.MULTILINE))


@pytest.mark.parametrize("path", _params())
def test_teacher_guide_covers_the_lesson(path):
    """docs/teaching.md: a lesson-plan row with its minutes, and one answer per question."""
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
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    questions = text.split("## Check your understanding", 1)[1].split("**Next:**", 1)[0]
    answers = re.search(rf"^### {number} · .*?(?=^### |\Z)", guide, flags=re.M | re.S)
    assert answers, f"docs/teaching.md has no answers for lesson {number}"
    assert _numbered(answers[0]) == _numbered(questions), "one answer per question"


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
    assert "3 exercises in 2 notebooks" in capsys.readouterr().out

    assert teach.main(["instructor", "--src", str(src), "--out", str(tmp_path / "ins")]) == 0
    assert sorted(p.name for p in (tmp_path / "ins").iterdir()) == ["00.ipynb", "99_tiny.ipynb"]
    out = tmp_path / "grader"
    assert teach.main(["nbgrader", "--src", str(src), "--out", str(out), "--points", "2"]) == 0
    written = nbformat.read(out / "source" / "99_tiny" / "99_tiny.ipynb", as_version=4)
    grades = [c.metadata.get("nbgrader", {}) for c in written.cells]
    points = [g["points"] for g in grades if g.get("grade")]
    assert points == [2, 2, 2]
    assert not (out / "source" / "00").exists(), "a lesson without exercises is no assignment"
    assert "c.ClearSolutions.code_stub" in (out / "nbgrader_config.py").read_text()
    capsys.readouterr()

    _write(_broken("placeholder without check"), src)
    assert teach.main(["instructor", "--src", str(src), "--out", str(tmp_path / "ins")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("teach: 99_tiny.ipynb, cell ") and "check cell" in err


# ------------------------------------------------------------------ the nbgrader round trip


def _require_nbgrader() -> None:
    """Skip without nbgrader, unless COURSE_REQUIRE_NBGRADER is set (CI): then fail."""
    if os.environ.get("COURSE_REQUIRE_NBGRADER"):
        import nbgrader  # noqa: F401 - must be installed: fail loudly if not
    else:
        pytest.importorskip("nbgrader")


LESSON04_SETUP = textwrap.dedent(
    """\
    from course_utils import shapes
    from course_utils.exercises import lesson04 as ex
    from course_utils.widgets import stride
    """
)


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
def test_nbgrader_round_trip_full_marks_for_solutions_zero_for_blanks(tmp_path):
    _require_nbgrader()
    from nbgrader.api import Gradebook

    names = ["q1", "q2", "q3", "q4", "q5"]
    nb = _notebook(LESSON04_SETUP, names=names)
    src = tmp_path / "src"
    _write(nb, src, "90_tiny.ipynb")
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
    for solution in solutions:
        for line in solution.splitlines():
            if line.startswith("answer ="):
                assert line not in text, f"the released notebook shows {line!r}"
    stubs = [i for i, c in enumerate(release.cells) if c.source == teach.PLACEHOLDER]
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
