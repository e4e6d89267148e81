"""The exercise engine, and every lesson's exercises: solutions pass, mistakes get messages."""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import pkgutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

import course_utils.exercises as engine
from course_utils.exercises import Exercise, Mistake, is_empty_function, odd_answers, swapped

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------ the engine


def _size_exercise() -> Exercise:
    return Exercise(
        name="Q1",
        answer_name="output_rows",
        expected=26,
        solution_code="output_rows = 28 - 3 + 1",
        hints=["Count the positions where the kernel fits.", "n - k + 1"],
        mistakes=[
            Mistake("You forgot the +1: count the first position too.", value=25),
            Mistake("That is the input size: valid padding shrinks the output.", value=28),
            Mistake("Looks like a 'same' or ceil mix-up.", when=lambda a: a > 28, example=29),
        ],
    )


def _shape_exercise() -> Exercise:
    return Exercise(
        name="Q2",
        answer_name="batch_shape",
        expected=(8, 32, 64, 3),
        solution_code="batch_shape = (8, 32, 64, 3)",
        hints=["(N, H, W, C)"],
        mistakes=[
            Mistake("Height comes before width.", value=(8, 64, 32, 3)),
            Mistake("Keras puts channels last.", value=(8, 3, 32, 64)),
        ],
        kind="a tuple (N, H, W, C)",
    )


def _relu_test(fn):
    if not callable(fn):
        return "Give a function."
    try:
        right = fn(-3) == 0 and fn(2) == 2
    except Exception as err:
        return f"Your function raised {type(err).__name__}."
    return None if right else "relu(-3) should be 0."


def _function_exercise() -> Exercise:
    return Exercise(
        name="Q4",
        answer_name="relu",
        expected=None,
        solution_code="def relu(x):\n    return max(x, 0)",
        hints=["max"],
        test=_relu_test,
    )


def _in_notebook(code: str, **names) -> dict:
    """Run `code` as a notebook cell would: in a namespace of its own, holding `names`."""
    ns = dict(names)
    exec(textwrap.dedent(code), ns)  # noqa: S102
    return ns


def test_correct_answer_prints_tick(capsys):
    ex = _size_exercise()
    ex.check(26)
    out = capsys.readouterr().out
    assert out.startswith("✅") and "Q1" in out
    assert ex.is_correct(np.int64(26))
    assert ex.is_correct(26.0)


def test_check_without_argument_reads_the_answer_name_from_the_notebook(capsys):
    ex = _size_exercise()
    _in_notebook("output_rows = 28 - 3 + 1\nex.check()", ex=ex)
    assert capsys.readouterr().out.startswith("✅ Q1")
    ns = _in_notebook("output_rows = 25\nex.check()\nok = ex.is_correct()", ex=ex)
    assert "forgot the +1" in capsys.readouterr().out and ns["ok"] is False
    ns = _in_notebook("output_rows = 26\nfb = ex.feedback()\nok = ex.is_correct()", ex=ex)
    assert ns["fb"].correct and ns["ok"] is True


def test_another_exercise_answer_does_not_leak_into_this_check(capsys):
    """Issue 12 rule 10: exercise 1's check judges exercise 1's name, whatever came after."""
    q1, q2 = _size_exercise(), _shape_exercise()
    _in_notebook(
        """\
        output_rows = 26
        batch_shape = (8, 32, 64, 3)
        q1.check()
        q2.check()
        """,
        q1=q1,
        q2=q2,
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✅ Q1") and lines[1].startswith("✅ Q2")


def test_check_before_the_answer_cell_says_so_in_one_line(capsys):
    ex = _size_exercise()
    ns = _in_notebook("ex.check()\nok = ex.is_correct()", ex=ex)  # never raises NameError
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("⏳ Q1: `output_rows` is not defined yet")
    assert "`output_rows = ...`" in out and "run the cell" in out
    assert ns["ok"] is False
    _in_notebook("ex.check()", ex=_function_exercise())
    assert "`def relu(...)`" in capsys.readouterr().out


def test_check_with_two_arguments_says_so(capsys):
    ex = _size_exercise()
    ex.check(1, 2)
    out = capsys.readouterr().out
    assert out.startswith("❌") and "no argument" in out


@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholder_is_not_answered_yet(placeholder, capsys):
    ex = _size_exercise()
    ex.check(placeholder)
    out = capsys.readouterr().out
    assert out.startswith("⏳") and "not answered yet" in out
    assert ex.feedback(placeholder).status == engine.UNANSWERED
    _in_notebook("output_rows = None  # your code here\nex.check()", ex=ex)
    assert "not answered yet" in capsys.readouterr().out


STUBS = {
    "ellipsis": "def relu(x):\n    ...  # your code here\n",
    "pass": "def relu(x):\n    pass\n",
    "return None": "def relu(x):\n    return None\n",
    "bare return": "def relu(x):\n    return\n",
    "docstring": 'def relu(x):\n    """ReLU."""\n',
    "docstring and ellipsis": 'def relu(x):\n    """ReLU."""\n    ...\n',
    "many arguments": "def relu(n, kernel_size, padding, strides=1, *a, **k):\n    ...\n",
    "lambda": "relu = lambda x: None\n",
}
NOT_STUBS = {
    "return a constant": "def relu(x):\n    return 5\n",
    "docstring and constant": 'def relu(x):\n    """ReLU."""\n    return 0\n',
    "return the argument": "def relu(x):\n    return x\n",
    "a local variable": "def relu(x):\n    y = None\n",
    "calls something": "def relu(x):\n    print(x)\n",
    "generator": "def relu(x):\n    yield\n",
    "closure": "def outer():\n    z = 1\n    def relu(x):\n        z\n    return relu\n"
    "relu = outer()\n",
}


@pytest.mark.parametrize("code", STUBS.values(), ids=STUBS.keys())
def test_an_empty_function_is_not_answered_yet(code, capsys):
    ns = _in_notebook(code)
    assert is_empty_function(ns["relu"])
    ex = _function_exercise()
    assert ex.feedback(ns["relu"]).status == engine.UNANSWERED
    _in_notebook(code + "ex.check()", ex=ex)
    out = capsys.readouterr().out
    assert out.startswith("⏳ Q4 is not answered yet") and "`def relu(...)`" in out


@pytest.mark.parametrize("code", NOT_STUBS.values(), ids=NOT_STUBS.keys())
def test_a_function_that_does_something_is_an_answer(code):
    ns = _in_notebook(code)
    assert not is_empty_function(ns["relu"])
    assert _function_exercise().feedback(ns["relu"]).status == engine.WRONG


@pytest.mark.parametrize("value", [print, len, np.maximum, 3, "def f(): ...", object()])
def test_only_python_functions_can_be_empty(value):
    assert not is_empty_function(value)


@pytest.mark.parametrize("answer_name", ["x y", "1st", "", "class", "output-rows", None, 3])
def test_answer_name_must_be_a_python_name(answer_name):
    with pytest.raises(ValueError) as err:
        Exercise("Q", answer_name, 1, "x = 1", [])
    assert f"answer_name={answer_name!r} is not allowed" in str(err.value)
    assert "answer_name must be a Python name" in str(err.value)


def test_solution_code_must_assign_the_answer_name():
    with pytest.raises(ValueError, match="solution_code must assign answer_name 'output_rows'"):
        Exercise("Q", "output_rows", 26, "answer = 26", [])


def test_there_is_no_question_field():
    with pytest.raises(TypeError):
        Exercise(
            name="Q", answer_name="x", question="?", expected=1, solution_code="x = 1", hints=[]
        )


@pytest.mark.parametrize(
    "answer, words",
    [(25, "forgot the +1"), (28, "input size"), (40, "ceil"), (27, "Not quite")],
)
def test_wrong_answers_get_targeted_messages(answer, words):
    fb = _size_exercise().feedback(answer)
    assert fb.status == engine.WRONG
    assert words in fb.message
    assert str(fb).startswith("❌")
    assert not fb.crashed


@pytest.mark.parametrize(
    "answer, words",
    [
        ("26", "remove the quotes"),
        (26.5, "whole numbers"),
        ([26], "got list"),
        (True, "got bool"),
        (object(), "got object"),
        (lambda x: x, "got function"),
    ],
)
def test_wrong_types_never_raise(answer, words):
    fb = _size_exercise().feedback(answer)
    assert fb.status == engine.WRONG
    assert words in fb.message


def test_tuples_lists_and_swaps():
    ex = _shape_exercise()
    assert ex.is_correct((8, 32, 64, 3))
    assert ex.is_correct([8, 32, 64, 3])
    assert ex.is_correct(np.array([8, 32, 64, 3]))
    assert "Height comes before width" in ex.feedback((8, 64, 32, 3)).message
    assert "channels last" in ex.feedback((8, 3, 32, 64)).message
    assert "has 3 values" in ex.feedback((32, 64, 3)).message
    assert "a tuple (N, H, W, C)" in ex.feedback(7).message
    assert ex.feedback(np.array(5)).status == engine.WRONG  # a 0-d array has no len()
    assert swapped((1, 2, 3)) == (2, 1, 3)


def test_array_answers_and_wrong_shapes():
    ex = Exercise(
        name="Q3",
        answer_name="relu_out",
        expected=np.array([0.0, 2.0]),
        solution_code="relu_out = np.maximum(np.array([-1.0, 2.0]), 0)",
        hints=[],
    )
    assert ex.is_correct([0, 2])
    assert "shape (3,)" in ex.feedback([0, 2, 3]).message
    assert ex.feedback("abc").status == engine.WRONG
    assert ex.feedback([[0, 2], [1]]).status == engine.WRONG
    assert ex.is_correct(ex.solve({"np": np}))


def test_custom_test_function():
    ex = _function_exercise()
    assert ex.is_correct(lambda x: max(x, 0))
    assert "should be 0" in ex.feedback(lambda x: x).message
    assert "Give a function" in ex.feedback(3).message
    assert ex.crash_probe() == []
    assert ex.is_correct(ex.solve())


def test_a_crashing_checker_is_flagged_but_never_raises_at_a_learner():
    def fragile(fn):  # a lesson module's bug: calls the answer without a guard
        return None if fn(-3) == 0 else "relu(-3) should be 0."

    ex = Exercise("Q4", "relu", None, "relu = lambda x: max(x, 0)", [], test=fragile)
    crash = ex.feedback(lambda x: 1 / 0)
    assert crash.status == engine.WRONG and "could not be checked" in crash.message
    assert crash.crashed and "ZeroDivisionError" in crash.error
    assert not ex.feedback(lambda x: max(x, 0)).crashed
    problems = ex.crash_probe()
    assert any("str 'abc'" in p and "TypeError" in p for p in problems), problems
    assert ex.crash_probe([lambda x: 0]) == []

    odd = Exercise("Q5", "n", 3, "n = 3", [], test=lambda a: True)  # not None or a message
    assert odd.feedback(3).crashed and "returned True" in odd.feedback(3).error

    predicate = Mistake("Too big.", when=lambda a: a > 28, example=29)
    size = Exercise("Q1", "rows", 26, "rows = 26", [], mistakes=[predicate])
    fb = size.feedback("abc")  # the predicate crashes on a string
    assert fb.status == engine.WRONG and "remove the quotes" in fb.message
    assert fb.crashed and "Too big." in fb.error and "TypeError" in fb.error
    assert not predicate.matches("abc")


def test_odd_answers_cover_the_battery():
    kinds = {type(a).__name__ for a in odd_answers()}
    assert {"str", "float", "int", "list", "tuple", "dict", "ndarray", "function"} <= kinds
    raising = [a for a in odd_answers() if callable(a) and getattr(a, "__name__", "") == "raises"]
    with pytest.raises(RuntimeError):
        raising[0]()
    assert not any(is_empty_function(a) for a in odd_answers())


def test_hints_come_one_at_a_time_and_solution_prints_code(capsys):
    ex = _size_exercise()
    ex.hint()
    ex.hint()
    ex.hint()
    out = capsys.readouterr().out.splitlines()
    assert "hint 1 of 2" in out[0] and "hint 2 of 2" in out[1] and "hint 2 of 2" in out[2]
    ex.solution()
    assert "output_rows = 28 - 3 + 1" in capsys.readouterr().out
    assert ex.solve() == 26
    ns = {"extra": 1}
    assert ex.solve(ns) == 26 and ns["output_rows"] == 26


def test_bools_are_not_numbers():
    ex = Exercise("Q5", "same_keeps_size", True, "same_keeps_size = True", [])
    assert ex.is_correct(True)
    assert ex.feedback(1).status == engine.WRONG
    assert ex.feedback(False).status == engine.WRONG


# ------------------------------------------------------------------ every lesson's exercises


def _lesson_modules():
    """(name, module or the error that importing it raised), for every lessonNN module."""
    found = []
    for info in pkgutil.iter_modules(engine.__path__):
        if info.name.startswith("lesson"):
            try:
                found.append((info.name, importlib.import_module(f"{engine.__name__}.{info.name}")))
            except Exception as err:  # reported by test_lesson_module_imports, not collection
                found.append((info.name, err))
    return found


LESSON_MODULES = _lesson_modules()


@pytest.mark.parametrize("name, module", LESSON_MODULES, ids=[n for n, _ in LESSON_MODULES])
def test_lesson_module_imports(name, module):
    if isinstance(module, Exception):
        pytest.fail(f"course_utils.exercises.{name} does not import: {module!r}")


def _lesson_exercises():
    found = []
    for name, module in LESSON_MODULES:
        if isinstance(module, Exception):
            continue
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, Exercise):
                found.append(pytest.param(name, value, id=f"{name}.{attr}"))
    return found


LESSON_EXERCISES = _lesson_exercises()
SETUP_TAG = "exercise-setup"  # the notebook cells a lesson's solutions need, run in order


@functools.cache
def _setup_namespace(lesson: str) -> dict:
    """What the lesson's notebook defines in its cells tagged exercise-setup (its imports,
    its data): the names the solutions may use, read from the notebook, not retyped."""
    import nbformat
    from IPython.core.inputtransformer2 import TransformerManager

    path = next((ROOT / "notebooks").glob(f"{lesson.removeprefix('lesson')}_*.ipynb"))
    cells = [
        c.source
        for c in nbformat.read(path, as_version=4).cells
        if c.cell_type == "code" and SETUP_TAG in c.get("metadata", {}).get("tags", [])
    ]
    assert cells, f"{path.name} tags no cell {SETUP_TAG!r}: its solutions need the setup"
    namespace: dict = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):  # the setup's own printing
        for source in cells:
            exec(TransformerManager().transform_cell(source), namespace)  # noqa: S102
    return namespace


@functools.cache
def _namespace_before(lesson: str, index: int) -> dict:
    """The notebook's setup, then the solutions of the lesson's exercises before `index`,
    in order: what the instructor edition has defined when it reaches exercise `index`."""
    if index == 0:
        return dict(_setup_namespace(lesson))
    namespace = dict(_namespace_before(lesson, index - 1))
    with contextlib.redirect_stdout(io.StringIO()):
        _exercises_of(lesson)[index - 1].solve(namespace)
    return namespace


def _exercises_of(lesson: str) -> list[Exercise]:
    return [ex for name, ex in (p.values for p in LESSON_EXERCISES) if name == lesson]


@pytest.mark.parametrize("lesson, ex", LESSON_EXERCISES)
def test_lesson_solution_passes_and_check_reads_its_answer_name(lesson, ex, capsys):
    """What the notebook does: its setup cells, the solution, then `check()` with no argument."""
    index = next(i for i, e in enumerate(_exercises_of(lesson)) if e is ex)
    ns = dict(_namespace_before(lesson, index))
    answer = ex.solve(ns)
    fb = ex.feedback(answer)
    assert fb.correct, fb.message
    assert not fb.crashed, fb.error
    capsys.readouterr()
    ns["_ex"] = ex
    exec("_ex.check()", ns)  # noqa: S102
    assert capsys.readouterr().out.startswith("✅"), ex.name
    del ns[ex.answer_name]
    exec("_ex.check()", ns)  # noqa: S102 - before the answer cell: one line, no NameError
    assert "is not defined yet" in capsys.readouterr().out


@pytest.mark.parametrize("lesson, ex", LESSON_EXERCISES)
def test_lesson_mistakes_get_their_message(lesson, ex):
    for mistake in ex.mistakes:
        sample = mistake.sample()
        assert sample is not None, f"{ex.name}: a `when` mistake needs an `example`"
        fb = ex.feedback(sample)
        assert fb.status == engine.WRONG and mistake.message in fb.message, (sample, fb.message)
        assert not fb.crashed, fb.error


@pytest.mark.parametrize("lesson, ex", LESSON_EXERCISES)
def test_lesson_exercise_survives_anything(lesson, ex):
    """Issue 12 rule 8: a checker that crashes on some answer is a failing test."""
    assert ex.feedback(None).status == engine.UNANSWERED
    assert ex.feedback(...).status == engine.UNANSWERED
    for junk in ["text", 3.7, (1, 2, 3, 4, 5, 6, 7), np.zeros((3, 3, 3)), object()]:
        assert ex.feedback(junk).status == engine.WRONG
    assert ex.crash_probe() == [], "a test= or when= function crashed on an odd answer"
    assert ex.hints, f"{ex.name} needs at least one hint"


@pytest.mark.parametrize(
    "module",
    [pytest.param(m, id=n) for n, m in LESSON_MODULES if not isinstance(m, Exception)],
)
def test_lesson_answer_names_are_distinct_and_meaningful(module):
    names = [v.answer_name for v in vars(module).values() if isinstance(v, Exercise)]
    assert len(names) == len(set(names)), f"two exercises share an answer name: {names}"
    assert "answer" not in names, "give each exercise a meaningful answer name"
