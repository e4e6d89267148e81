"""Teaching editions of the lessons, generated from the learner notebooks.

The notebooks in ``notebooks/`` are the learner edition: each exercise has its own answer
name (``Exercise.answer_name``, e.g. ``output_rows``) and is a placeholder cell
``output_rows = None  # your code here`` (or, for a function, ``def output_size(n, k):``
and ``    ...  # your code here``) followed by a cell ``ex.qN.check()``, which reads
the answer name from the notebook. The solution lives only in the lesson's exercise
module (``Exercise.solution_code``). From that one source this module writes:

    python -m course_utils.teach check                                # list every exercise
    python -m course_utils.teach instructor --out build/instructor    # every exercise solved
    python -m course_utils.teach nbgrader --out build/nbgrader        # nbgrader's source/

The instructor edition replaces each placeholder with the solution code and asserts
after each check that the answer is correct (``ex.qN.is_correct(output_rows)``), so
running it (``python -m pytest build/instructor``, nbval) proves that solutions and
checks agree inside the real notebooks. The nbgrader edition keeps each placeholder,
marks the solution below it with ``### BEGIN SOLUTION`` / ``### END SOLUTION``, and
turns each check cell into an autograded test cell whose correctness assert (on the
answer name) sits between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``.
Neither needs nbgrader installed to be written; nbgrader is only needed to release and
grade (``pip install "course_utils[teach]"``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER_MARK = "your code here"
PLACEHOLDER_FORM = "<answer_name> = None  # your code here"  # for messages
CHECK_OUTPUT_TAG = "nbval-check-output"  # nbval compares these cells' outputs
UNANSWERED_TEXT = "not answered yet"
GENERIC_NAME = "answer"  # shared by every exercise once; now each has its own name
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
NBGRADER_SCHEMA = 3

# `ex.q3.check()`: the exercise module's name in the notebook, then the exercise.
_CHECK_RE = re.compile(r"^(?P<alias>[A-Za-z_]\w*)\.(?P<name>[A-Za-z_]\w*)\.check\((?P<arg>.*)\)$")
_CHECK_ANYWHERE_RE = re.compile(r"\b[A-Za-z_]\w*\.q\d+\.check\(")
_MAGIC_RE = re.compile(r"^(\s*)[%!].*$", re.MULTILINE)


class ConventionError(ValueError):
    """A notebook breaks the exercise convention; the message names the notebook and cell."""


@dataclass(frozen=True)
class FoundExercise:
    """One exercise found in a notebook: its placeholder cell, its check cell, its solution."""

    name: str  # "q1", the attribute of the exercise module
    answer_cell: int  # index of the placeholder cell in nb.cells
    check_cell: int  # index of the `ex.qN.check()` cell
    exercise: Any  # the course_utils.exercises.Exercise

    @property
    def solution(self) -> str:
        """The solution code, exactly what `ex.qN.solution()` prints."""
        return self.exercise.solution_code.strip()

    @property
    def answer_name(self) -> str:
        """The name the learner assigns ("output_rows"), which `check()` reads."""
        return self.exercise.answer_name

    @property
    def placeholder(self) -> str:
        """The learner's placeholder cell for this exercise, as the notebook should hold it."""
        return placeholder_for(self.exercise)


@dataclass
class Lesson:
    """A parsed learner notebook: where its exercises are and which module holds them."""

    path: Path
    nb: Any  # nbformat.NotebookNode
    alias: str | None  # "ex"
    module: str | None  # "course_utils.exercises.lesson04"
    exercises: list[FoundExercise]


# ---------------------------------------------------------------- reading the learner edition


def _where(path: Path, nb: Any, index: int) -> str:
    cell_id = nb.cells[index].get("id")
    ident = f", id {cell_id}" if cell_id else ""
    return f"{path.name}, cell {index} (counting from 0{ident})"


def _code_lines(source: str) -> list[str]:
    """The lines of a code cell that are neither blank nor comments."""
    return [s for line in source.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _parse(source: str) -> ast.Module:
    """Parse cell code, with IPython magics (`%pip`, `!ls`) turned into `pass`."""
    return ast.parse(_MAGIC_RE.sub(r"\1pass", source))


def _check_call(cell: Any) -> tuple[str, str, str] | None:
    """(alias, name, argument) if `cell` is exactly one `alias.name.check(arg)` line."""
    if cell.cell_type != "code":
        return None
    lines = _code_lines(cell.source)
    if len(lines) != 1:
        return None
    m = _CHECK_RE.match(lines[0].rstrip(";").strip())
    return (m["alias"], m["name"], m["arg"].strip()) if m else None


def _is_stub_body(body: list[ast.stmt]) -> bool:
    """A function body that does nothing: `...`, `pass`, `return None`, a docstring."""
    for stmt in body:
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # `...` or a docstring
        if isinstance(stmt, ast.Return) and (
            stmt.value is None
            or (isinstance(stmt.value, ast.Constant) and stmt.value.value is None)
        ):
            continue
        return False
    return True


def _placeholder_bindings(source: str) -> dict[str, bool] | None:
    """Names a "your code here" cell binds, each with True when only as a placeholder.

    A placeholder binding is `name = None` / `name = ...` or `def name(...):` whose body
    is only `...` (or `pass`, `return None`, a docstring). None when the cell is not
    marked "your code here" or does not parse.
    """
    if PLACEHOLDER_MARK not in source.lower():
        return None
    try:
        tree = _parse(source)
    except SyntaxError:
        return None
    bound: dict[str, bool] = {}

    def note(name: str, placeholder: bool) -> None:
        bound[name] = bound.get(name, True) and placeholder

    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            empty = (
                not isinstance(node, ast.AugAssign)
                and isinstance(value, ast.Constant)
                and value.value in (None, Ellipsis)
            )
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        note(sub.id, empty and sub is target)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            note(node.name, _is_stub_body(node.body))
        elif isinstance(node, ast.ClassDef):
            note(node.name, False)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.NamedExpr, ast.With)):
            for sub in ast.walk(node.target if not isinstance(node, ast.With) else node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    note(sub.id, False)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                note((alias.asname or alias.name).split(".")[0], False)
    return bound


def placeholder_for(exercise: Any) -> str:
    """The learner's placeholder cell for `exercise`, as the notebook should hold it.

    `output_rows = None  # your code here`, or for an exercise whose solution defines the
    function `answer_name`: its `def` line (the solution's signature) and `...  # your code here`.
    """
    name = exercise.answer_name
    try:
        tree = ast.parse(exercise.solution_code)
    except SyntaxError:
        tree = ast.Module(body=[], type_ignores=[])
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
            returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
            return f"{prefix} {name}({ast.unparse(node.args)}){returns}:\n    ...  # your code here"
    return f"{name} = None  # your code here"


def _imported_module(source: str, alias: str) -> str | None:
    """The module that `source` binds to `alias` (`from a.b import c as ex` -> "a.b.c")."""
    try:
        tree = _parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for name in node.names:
                if (name.asname or name.name) == alias:
                    return f"{node.module}.{name.name}"
        elif isinstance(node, ast.Import):
            for name in node.names:
                if name.asname == alias:
                    return name.name
    return None


def _assigns(code: str, name: str) -> bool:
    """True when `code` binds `name` (assigns, defines or imports it) anywhere."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    return name in (_bound_names(tree) or set())


def _import_exercises(module_name: str) -> ModuleType:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError:
        parent, _, attr = module_name.rpartition(".")
        if parent:
            obj = getattr(importlib.import_module(parent), attr, None)
            if isinstance(obj, ModuleType):
                return obj
        raise


def read_lesson(path: str | Path) -> Lesson:
    """Read a learner notebook and find its exercises; `ConventionError` if the convention breaks.

    An exercise is a code cell holding the placeholder of its answer name
    (`output_rows = None  # your code here`; or code marked "your code here" that binds
    the answer name only to None or `...`, or defines a function of that name whose body is
    only `...`) immediately followed by a code cell that is exactly `ex.qN.check()`, where
    `ex` is an exercise module imported in a cell above
    (`from course_utils.exercises import lessonNN as ex`) and `ex.qN.answer_name` is the
    name the placeholder binds. Answer names are distinct within a notebook.
    """
    import nbformat

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # a broken file: say which one
        raise ConventionError(f"{path.name}: not a readable notebook ({err})") from err

    checks: list[tuple[int, str, str]] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        call = _check_call(cell)
        if call is None:
            if _CHECK_ANYWHERE_RE.search(cell.source):
                raise ConventionError(
                    f"{_where(path, nb, i)}: a check call must be alone in its cell, exactly "
                    f"`ex.qN.check()`; this cell holds:\n{cell.source}"
                )
            continue
        alias, name, arg = call
        if arg:
            raise ConventionError(
                f"{_where(path, nb, i)}: the check must be `{alias}.{name}.check()`, with no "
                f"argument (it reads the exercise's answer name from the notebook), not "
                f"`{alias}.{name}.check({arg})`"
            )
        before = nb.cells[i - 1] if i > 0 else None
        if (  # which name it must bind is checked below, once the exercise is known
            before is None
            or before.cell_type != "code"
            or PLACEHOLDER_MARK not in before.source.lower()
        ):
            got = "nothing" if before is None else f"a {before.cell_type} cell:\n{before.source}"
            raise ConventionError(
                f"{_where(path, nb, i)}: `{alias}.{name}.check()` must come right after "
                f"the learner's placeholder cell `{PLACEHOLDER_FORM}`, but it follows {got}"
            )
        checks.append((i, alias, name))

    placeholders = {i - 1 for i, _, _ in checks}
    for i, cell in enumerate(nb.cells):
        if (
            cell.cell_type == "code"
            and PLACEHOLDER_MARK in cell.source.lower()
            and i not in placeholders
        ):
            raise ConventionError(
                f'{_where(path, nb, i)}: a placeholder cell ("{PLACEHOLDER_MARK}") must be '
                "followed by its check cell `ex.qN.check()`"
            )

    if not checks:
        return Lesson(path, nb, None, None, [])

    aliases = {alias for _, alias, _ in checks}
    if len(aliases) > 1:
        raise ConventionError(
            f"{path.name}: the check cells use several exercise modules {sorted(aliases)}; "
            "use one (`from course_utils.exercises import lessonNN as ex`)"
        )
    alias = aliases.pop()
    first = checks[0][0]
    module_name = None
    for cell in nb.cells[:first]:
        if cell.cell_type == "code":
            module_name = _imported_module(cell.source, alias) or module_name
    if module_name is None:
        raise ConventionError(
            f"{_where(path, nb, first)}: `{alias}` is not imported above the first exercise; "
            f"the Setup cell needs `from course_utils.exercises import lessonNN as {alias}`"
        )
    try:
        module = _import_exercises(module_name)
    except Exception as err:  # ImportError, or an exercise module that fails to load
        raise ConventionError(
            f"{path.name}: cannot import the exercise module {module_name} "
            f"({type(err).__name__}: {err})"
        ) from err

    found: list[FoundExercise] = []
    seen: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, _, name in checks:
        if name in seen:
            raise ConventionError(
                f"{_where(path, nb, i)}: {alias}.{name} is checked twice "
                f"(also in cell {seen[name]}); each exercise has one check cell"
            )
        seen[name] = i
        exercise = getattr(module, name, None)
        code = getattr(exercise, "solution_code", None)
        answer_name = getattr(exercise, "answer_name", None)
        if not isinstance(code, str) or not callable(getattr(exercise, "is_correct", None)):
            raise ConventionError(
                f"{_where(path, nb, i)}: {module_name} has no exercise `{name}` "
                "(an Exercise with solution_code)"
            )
        if not isinstance(answer_name, str) or not answer_name.isidentifier():
            raise ConventionError(
                f"{_where(path, nb, i)}: {module_name}.{name} has no answer_name (the name "
                'the learner assigns, e.g. answer_name="output_rows")'
            )
        if not _assigns(code, answer_name):
            raise ConventionError(
                f"{_where(path, nb, i)}: {module_name}.{name}.solution_code must be Python "
                f"that assigns `{answer_name}`; it is:\n{code}"
            )
        if answer_name in names:
            raise ConventionError(
                f"{_where(path, nb, i)}: {alias}.{name} and {alias}.{names[answer_name]} both "
                f"use the answer name `{answer_name}`; each exercise needs its own name"
            )
        names[answer_name] = name
        bound = _placeholder_bindings(nb.cells[i - 1].source) or {}
        if not bound.get(answer_name):
            has = ", ".join(f"`{n}`" for n, ok in bound.items() if ok) or "nothing"
            raise ConventionError(
                f"{_where(path, nb, i - 1)}: the placeholder before `{alias}.{name}.check()` "
                f"must bind {name}'s answer name `{answer_name}` only as a placeholder, "
                f"exactly `{placeholder_for(exercise)}`; it binds {has}"
            )
        found.append(FoundExercise(name, i - 1, i, exercise))
    return Lesson(path, nb, alias, module_name, found)


def lesson_paths(src: str | Path) -> list[Path]:
    """The notebooks of `src`, in reading order (checkpoints and hidden files left out)."""
    return sorted(p for p in Path(src).glob("*.ipynb") if not p.name.startswith("."))


def learner_problems(lesson: Lesson) -> list[str]:
    """What would show a learner a solution, or an answered exercise, in a learner notebook."""
    problems = []
    codes = [(i, c.source) for i, c in enumerate(lesson.nb.cells) if c.cell_type == "code"]
    for found in lesson.exercises:
        where = _where(lesson.path, lesson.nb, found.check_cell)
        answer_lines = [
            line.strip()
            for line in found.solution.splitlines()
            if re.match(rf"\s*{re.escape(found.answer_name)}\s*=[^=]", line)
        ]
        for i, source in codes:
            if found.solution in source or any(line in source for line in answer_lines):
                problems.append(
                    f"{_where(lesson.path, lesson.nb, i)}: shows the solution of {found.name}"
                )
        outputs = lesson.nb.cells[found.check_cell].get("outputs", [])
        text = "".join(str(o.get("text", "")) for o in outputs if o.get("output_type") == "stream")
        if text.strip() and UNANSWERED_TEXT not in text:
            problems.append(
                f"{where}: the saved output says {text.strip()!r}, not "
                f"{UNANSWERED_TEXT!r}: the notebook was saved with an answer"
            )
        if found.answer_name == GENERIC_NAME:
            problems.append(
                f"{where}: {found.name}'s answer name is `{GENERIC_NAME}`: give each exercise a "
                "meaningful name of its own (`output_rows`, `same_shape`)"
            )
    return problems


_NOTEBOOK_NAMES = {"display", "get_ipython", "In", "Out", "exit", "quit"}


def _bound_names(tree: ast.AST) -> set[str] | None:
    """Names a piece of code defines (None if it star-imports: anything could be defined)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return None
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def namespace_problems(lesson: Lesson) -> list[str]:
    """Names a solution uses that no cell above its exercise defines (it would fail there)."""
    import builtins

    problems = []
    known: set[str] | None = set(dir(builtins)) | _NOTEBOOK_NAMES
    cells = lesson.nb.cells
    done = 0
    for found in lesson.exercises:
        for cell in cells[done : found.answer_cell]:
            if cell.cell_type != "code" or known is None:
                continue
            try:
                bound = _bound_names(_parse(cell.source))
            except SyntaxError:
                bound = None
            known = None if bound is None else known | bound
        done = found.answer_cell
        if known is None:
            return problems  # a star import: cannot tell
        tree = ast.parse(found.solution)
        own = _bound_names(tree) or set()
        used = {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        missing = sorted(used - known - own)
        if missing:
            names = ", ".join(f"`{name}`" for name in missing)
            problems.append(
                f"{_where(lesson.path, lesson.nb, found.answer_cell)}: the solution of "
                f"{found.name} ({lesson.module}.{found.name}.solution_code) uses {names}, "
                "which no cell above defines: the instructor edition would fail there"
            )
    return problems


# ---------------------------------------------------------------- the editions


def _is_checked_output(cell: Any) -> bool:
    return CHECK_OUTPUT_TAG in cell.get("metadata", {}).get("tags", [])


def _clear_outputs(nb: Any, keep_checked: bool) -> None:
    """Clear outputs; with `keep_checked`, cells tagged `nbval-check-output` keep theirs.

    nbval compares only cells that have an execution count, so a checked cell keeps its
    stored output and count (nbval still compares it), every other cell gets neither.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        if keep_checked and _is_checked_output(cell) and cell.get("execution_count"):
            continue
        cell.outputs = []
        cell.execution_count = None


def _check_line(lesson: Lesson, found: FoundExercise) -> str:
    return f"{lesson.alias}.{found.name}.check()"


def _assert_line(lesson: Lesson, found: FoundExercise) -> str:
    ref = f"{lesson.alias}.{found.name}"
    return (
        f'assert {ref}.is_correct({found.answer_name}), "{found.exercise.name}: the solution '
        f'in {lesson.module}.{found.name}.solution_code does not pass its check"'
    )


def instructor_notebook(lesson: Lesson) -> Any:
    """The instructor edition of `lesson`: every exercise solved and asserted correct."""
    import nbformat

    nb = copy.deepcopy(lesson.nb)
    for found in lesson.exercises:
        answer, check = nb.cells[found.answer_cell], nb.cells[found.check_cell]
        answer.source = (
            f"# Solution: {lesson.module}.{found.name}.solution_code (generated, do not edit)\n"
            f"{found.solution}"
        )
        check.source = f"{_check_line(lesson, found)}\n{_assert_line(lesson, found)}"
        for cell, role in ((answer, "solution"), (check, "check")):
            cell.metadata["course_teach"] = {"role": role, "exercise": found.name}
    _clear_outputs(nb, keep_checked=True)
    banner = nbformat.v4.new_markdown_cell(
        "> **Instructor edition** of "
        f"`{lesson.path.name}`, generated by `python -m course_utils.teach instructor`: every "
        f"exercise is solved with the code that `{lesson.alias or 'ex'}.qN.solution()` shows, "
        "and the cell after it fails if the check does not pass. Do not edit this file (edit "
        "the learner notebook or the exercise module and generate it again), and do not give "
        "it to learners."
    )
    banner.metadata["course_teach"] = {"role": "banner"}
    nb.cells.insert(1 if nb.cells else 0, banner)
    nb.metadata["course_teach"] = {"edition": "instructor", "exercises": lesson.module}
    return nb


def nbgrader_notebook(lesson: Lesson, points: int = 1) -> Any:
    """The nbgrader source version of `lesson`: solution regions and autograded test cells."""
    nb = copy.deepcopy(lesson.nb)
    for found in lesson.exercises:
        answer, check = nb.cells[found.answer_cell], nb.cells[found.check_cell]
        # The placeholder stays above the solution region: nbgrader's release clears the
        # region (code_stub "") and leaves exactly the learner edition's cell.
        answer.source = f"{found.placeholder}\n{BEGIN_SOLUTION}\n{found.solution}\n{END_SOLUTION}"
        answer.metadata["nbgrader"] = {
            "grade": False,
            "grade_id": f"{found.name}_answer",
            "locked": False,
            "schema_version": NBGRADER_SCHEMA,
            "solution": True,
            "task": False,
        }
        check.source = (
            f"{_check_line(lesson, found)}\n"
            f"{BEGIN_HIDDEN}\n{_assert_line(lesson, found)}\n{END_HIDDEN}"
        )
        check.metadata["nbgrader"] = {
            "grade": True,
            "grade_id": f"{found.name}_test",
            "locked": True,
            "points": points,
            "schema_version": NBGRADER_SCHEMA,
            "solution": False,
            "task": False,
        }
    _clear_outputs(nb, keep_checked=False)
    return nb


CODE_STUB = ""  # what nbgrader puts in place of a cleared solution region

NBGRADER_CONFIG = f'''\
# nbgrader settings for the CNN course, written by `python -m course_utils.teach nbgrader`.
# Run nbgrader from this folder: it holds source/ (one assignment per lesson).
c = get_config()  # noqa: F821 - nbgrader provides get_config
# Each answer cell holds the learner's placeholder (`output_rows = None  # your code here`)
# above its solution region: clearing the region leaves exactly the learner edition's cell.
c.ClearSolutions.code_stub = {{"python": "{CODE_STUB}"}}
# Lessons that train a model run cells for minutes: allow 10 minutes a cell when autograding.
c.Execute.timeout = 600
'''


def write_instructor(src: Path, out: Path) -> list[Lesson]:
    """Write the instructor edition of every notebook in `src` to `out`; return the lessons."""
    import nbformat

    lessons = [read_lesson(p) for p in lesson_paths(src)]
    out.mkdir(parents=True, exist_ok=True)
    for lesson in lessons:
        nbformat.write(instructor_notebook(lesson), out / lesson.path.name)
    return lessons


def write_nbgrader(src: Path, out: Path, points: int = 1) -> list[Lesson]:
    """Write OUT/source/<lesson>/<lesson>.ipynb for every lesson with exercises."""
    import nbformat

    lessons = [read_lesson(p) for p in lesson_paths(src)]
    graded = [lesson for lesson in lessons if lesson.exercises]
    for lesson in graded:
        folder = out / "source" / lesson.path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbgrader_notebook(lesson, points), folder / lesson.path.name)
    config = out / "nbgrader_config.py"
    if not config.exists():
        config.write_text(NBGRADER_CONFIG, encoding="utf-8")
    return lessons


# ---------------------------------------------------------------- command line


def _default_src() -> Path:
    repo = ROOT / "notebooks"
    return repo if repo.is_dir() else Path("notebooks")


def _check_dirs(parser: argparse.ArgumentParser, src: Path, out: Path | None) -> None:
    if not src.is_dir():
        parser.error(f"--src {src}: no such folder; pass the folder that holds the notebooks")
    if not lesson_paths(src):
        parser.error(f"--src {src}: the folder holds no .ipynb notebooks")
    if out is None:
        return
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} is a file: it must be a folder (it is created if missing)")
    s, o = src.resolve(), out.resolve()
    if o == s or s in o.parents:
        parser.error(
            f"--out {out} is inside --src {src}: generated notebooks must not mix with (or "
            "overwrite) the learner edition; use e.g. --out build/instructor"
        )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed: points must be a whole number >= 1"
        )
    return value


def _summary(lesson: Lesson) -> str:
    if not lesson.exercises:
        return f"{lesson.path.name}: no exercises"
    names = ", ".join(f.name for f in lesson.exercises)
    return f"{lesson.path.name}: {len(lesson.exercises)} exercises ({names}) from {lesson.module}"


def _check_command(src: Path) -> int:
    """`teach check`: every notebook's exercises, and every notebook's problems (exit 1)."""
    paths = lesson_paths(src)
    lessons: list[Lesson] = []
    problems: list[str] = []
    for path in paths:
        try:
            lesson = read_lesson(path)
        except ConventionError as err:  # report it, and go on with the other notebooks
            print(f"{path.name}: breaks the exercise convention (below)")
            problems.append(str(err))
            continue
        lessons.append(lesson)
        print(_summary(lesson))
        problems += learner_problems(lesson) + namespace_problems(lesson)
    total = sum(len(lesson.exercises) for lesson in lessons)
    broken = len(paths) - len(lessons)
    tail = f" ({broken} could not be read as lessons)" if broken else ""
    print(f"{total} exercises in {len(paths)} notebooks{tail}")
    for problem in problems:
        print(f"teach: {problem}", file=sys.stderr)
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    """The `python -m course_utils.teach` argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.teach",
        description="Teaching editions of the CNN course, generated from the learner notebooks "
        "(exercise cell `output_rows = None  # your code here`, binding the exercise's "
        "answer_name, then `ex.qN.check()`) and the solutions in course_utils.exercises.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    src_help = "folder of learner notebooks (default: the repository's notebooks/)"

    check = sub.add_parser(
        "check",
        help="list every exercise; fail if a notebook breaks the convention or shows a solution",
        description="Find every exercise in the learner notebooks (a placeholder cell binding "
        "the exercise's answer_name, then `ex.qN.check()`) and check that none shows a "
        "solution, was saved answered, or uses the generic name `answer`. Every notebook is "
        "reported, each with its problems. Exit status 1 on any problem.",
    )
    check.add_argument("--src", type=Path, default=None, metavar="DIR", help=src_help)

    instructor = sub.add_parser(
        "instructor",
        help="write the instructor edition: every exercise solved, every check asserted",
        description="Write every notebook of --src to --out with each placeholder replaced by "
        "the exercise's solution_code and an assert after each check, outputs cleared (cells "
        "tagged nbval-check-output keep theirs). Then run it: "
        "python -m pytest OUT --nbval-lax",
    )
    instructor.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write"
    )
    instructor.add_argument("--src", type=Path, default=None, metavar="DIR", help=src_help)

    grader = sub.add_parser(
        "nbgrader",
        help="write an nbgrader course folder: OUT/source/<lesson>/ and OUT/nbgrader_config.py",
        description="Write OUT/source/<lesson>/<lesson>.ipynb for every lesson with exercises: "
        "each solution between ### BEGIN SOLUTION / ### END SOLUTION below the learner's "
        "placeholder (`output_rows = None  # your code here`), each check an autograded "
        "test cell whose correctness assert is between ### BEGIN HIDDEN TESTS / ### END HIDDEN "
        "TESTS. Also writes OUT/nbgrader_config.py unless it exists. Then, in OUT: "
        "nbgrader generate_assignment <lesson>.",
    )
    grader.add_argument("--out", type=Path, required=True, metavar="DIR", help="course folder")
    grader.add_argument("--src", type=Path, default=None, metavar="DIR", help=src_help)
    grader.add_argument(
        "--points",
        type=_positive_int,
        default=1,
        metavar="N",
        help="points for each exercise (default: 1)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see `python -m course_utils.teach --help`; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    src = (args.src or _default_src()).expanduser()
    out = getattr(args, "out", None)
    out = out.expanduser() if out is not None else None
    _check_dirs(parser, src, out)
    try:
        if args.command == "check":
            return _check_command(src)
        if args.command == "instructor":
            lessons = write_instructor(src, out)
            for lesson in lessons:
                print(_summary(lesson).replace(" exercises (", " exercises solved ("))
            print(f"wrote {len(lessons)} notebooks to {out}/; run them with:")
            print(f"  python -m pytest {out} --nbval-lax")
            return 0
        lessons = write_nbgrader(src, out, args.points)
        graded = [lesson for lesson in lessons if lesson.exercises]
        for lesson in lessons:
            where = f" -> source/{lesson.path.stem}/" if lesson.exercises else " (skipped)"
            print(_summary(lesson) + where)
        noun = "assignment" if len(graded) == 1 else "assignments"
        print(f"wrote {len(graded)} {noun} to {out}/source/; release one with:")
        stem = graded[0].path.stem if graded else "LESSON"
        print(f"  cd {out} && nbgrader generate_assignment {stem}")
        return 0
    except ConventionError as err:
        print(f"teach: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
