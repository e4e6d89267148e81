"""The exercise engine, and every lesson's exercises: solutions pass, mistakes get messages."""

from __future__ import annotations

import importlib
import pkgutil

import numpy as np
import pytest

import course_utils.exercises as engine
from course_utils.exercises import Exercise, Mistake, swapped

# ------------------------------------------------------------------ the engine


def _size_exercise() -> Exercise:
    return Exercise(
        name="Q1",
        question="Output size of a valid 3x3 convolution on a 28x28 image?",
        expected=26,
        solution_code="answer = 28 - 3 + 1",
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
        question="Shape of a batch of 8 RGB images of 32 rows by 64 columns?",
        expected=(8, 32, 64, 3),
        solution_code="answer = (8, 32, 64, 3)",
        hints=["(N, H, W, C)"],
        mistakes=[
            Mistake("Height comes before width.", value=(8, 64, 32, 3)),
            Mistake("Keras puts channels last.", value=(8, 3, 32, 64)),
        ],
        kind="a tuple (N, H, W, C)",
    )


def test_correct_answer_prints_tick(capsys):
    ex = _size_exercise()
    ex.check(26)
    out = capsys.readouterr().out
    assert out.startswith("✅") and "Q1" in out
    assert ex.is_correct(np.int64(26))
    assert ex.is_correct(26.0)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholder_is_not_answered_yet(placeholder, capsys):
    ex = _size_exercise()
    ex.check(placeholder)
    out = capsys.readouterr().out
    assert out.startswith("⏳") and "not answered yet" in out
    assert ex.feedback(placeholder).status == engine.UNANSWERED


@pytest.mark.parametrize(
    "answer, words",
    [(25, "forgot the +1"), (28, "input size"), (40, "ceil"), (27, "Not quite")],
)
def test_wrong_answers_get_targeted_messages(answer, words):
    fb = _size_exercise().feedback(answer)
    assert fb.status == engine.WRONG
    assert words in fb.message
    assert str(fb).startswith("❌")


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
    assert swapped((1, 2, 3)) == (2, 1, 3)


def test_array_answers_and_wrong_shapes():
    ex = Exercise(
        name="Q3",
        question="ReLU of [-1, 2]?",
        expected=np.array([0.0, 2.0]),
        solution_code="answer = np.maximum(np.array([-1.0, 2.0]), 0)",
        hints=[],
        setup_code="import numpy as np",
    )
    assert ex.is_correct([0, 2])
    assert "shape (3,)" in ex.feedback([0, 2, 3]).message
    assert ex.feedback("abc").status == engine.WRONG
    assert ex.feedback([[0, 2], [1]]).status == engine.WRONG
    assert ex.is_correct(ex.solve())


def test_custom_test_function_and_checker_errors_do_not_raise():
    def test(fn):
        if not callable(fn):
            return "Give a function."
        return None if fn(-3) == 0 and fn(2) == 2 else "relu(-3) should be 0."

    ex = Exercise("Q4", "Write relu", None, "answer = lambda x: max(x, 0)", [], test=test)
    assert ex.is_correct(lambda x: max(x, 0))
    assert "should be 0" in ex.feedback(lambda x: x).message
    assert "Give a function" in ex.feedback(3).message
    crash = ex.feedback(lambda x: 1 / 0)
    assert crash.status == engine.WRONG and "ZeroDivisionError" in crash.message


def test_hints_come_one_at_a_time_and_solution_prints_code(capsys):
    ex = _size_exercise()
    ex.hint()
    ex.hint()
    ex.hint()
    out = capsys.readouterr().out.splitlines()
    assert "hint 1 of 2" in out[0] and "hint 2 of 2" in out[1] and "hint 2 of 2" in out[2]
    ex.solution()
    assert "answer = 28 - 3 + 1" in capsys.readouterr().out
    assert ex.solve() == 26


def test_bools_are_not_numbers():
    ex = Exercise("Q5", "Does same keep the size at stride 1?", True, "answer = True", [])
    assert ex.is_correct(True)
    assert ex.feedback(1).status == engine.WRONG
    assert ex.feedback(False).status == engine.WRONG


# ------------------------------------------------------------------ every lesson's exercises


def _lesson_exercises():
    found = []
    for info in pkgutil.iter_modules(engine.__path__):
        if not info.name.startswith("lesson"):
            continue
        module = importlib.import_module(f"course_utils.exercises.{info.name}")
        for attr, value in sorted(vars(module).items()):
            if isinstance(value, Exercise):
                found.append(pytest.param(value, id=f"{info.name}.{attr}"))
    return found


LESSON_EXERCISES = _lesson_exercises()


@pytest.mark.parametrize("ex", LESSON_EXERCISES)
def test_lesson_solution_passes(ex):
    answer = ex.solve()
    fb = ex.feedback(answer)
    assert fb.correct, fb.message


@pytest.mark.parametrize("ex", LESSON_EXERCISES)
def test_lesson_mistakes_get_their_message(ex):
    for mistake in ex.mistakes:
        sample = mistake.sample()
        assert sample is not None, f"{ex.name}: a `when` mistake needs an `example`"
        fb = ex.feedback(sample)
        assert fb.status == engine.WRONG and mistake.message in fb.message, (sample, fb.message)


@pytest.mark.parametrize("ex", LESSON_EXERCISES)
def test_lesson_exercise_survives_anything(ex):
    assert ex.feedback(None).status == engine.UNANSWERED
    assert ex.feedback(...).status == engine.UNANSWERED
    for junk in ["text", 3.7, (1, 2, 3, 4, 5, 6, 7), np.zeros((3, 3, 3)), object()]:
        assert ex.feedback(junk).status == engine.WRONG
    assert ex.hints, f"{ex.name} needs at least one hint"
