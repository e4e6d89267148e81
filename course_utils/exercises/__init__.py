"""Self-checking exercises: ``ex.q1.check()``, ``ex.q1.hint()``, ``ex.q1.solution()``.

Each lesson has a module here (``lesson01``, ``lesson02`` ...) that defines its
exercises with :class:`Exercise`. Every exercise has its own answer name
(``answer_name="output_rows"``). In a notebook::

    from course_utils.exercises import lesson03 as ex

    output_rows = None  # your code here

    ex.q1.check()

``check()`` with no argument reads ``output_rows`` from the notebook's namespace
(``ex.q1.check(value)`` judges `value` instead). It prints ✅ or ❌ with a message
aimed at the likely mistake; an answer left as ``None``, ``...`` or a function
whose body is only ``...`` prints "not answered yet"; a check run before its
answer cell says so in one line. Nothing here raises at a learner. The solution
is code (``solution_code``) that assigns the answer name: the same text
``solution()`` shows is what the instructor edition runs.
"""

from __future__ import annotations

import ast
import dis
import keyword
import numbers
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from course_utils import _validate

CORRECT, WRONG, UNANSWERED = "correct", "wrong", "unanswered"


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer (`value`, or a predicate `when`) and what to tell the learner.

    With `when`, give an `example` answer that triggers it (the tests use it).
    A `when` predicate must return True or False for ANY answer (a string, a
    float, a function that raises...): one that crashes is a bug of the lesson
    module (the learner still gets a message; `Feedback.crashed` tells the tests).
    """

    message: str
    value: Any = None
    when: Callable[[Any], bool] | None = None
    example: Any = None

    def sample(self) -> Any:
        """A wrong answer that this mistake describes."""
        return self.value if self.when is None else self.example

    def matches(self, answer: Any) -> bool:
        """True when `answer` is this mistake (False when the predicate crashes)."""
        return self._match(answer)[0]

    def _match(self, answer: Any) -> tuple[bool, str | None]:
        """(matched, error): error describes a crash of the `when` predicate."""
        if self.when is not None:
            try:
                return bool(self.when(answer)), None
            except Exception as err:  # a predicate must never crash a learner's check
                return False, f"Mistake({self.message[:40]!r}...).when raised {_error(err)}"
        return _equal(answer, self.value, rtol=1e-6), None


@dataclass
class Feedback:
    """The outcome of one check: status (correct/wrong/unanswered) and the message.

    crashed: the checker itself failed on this answer (a `test=` or `when=`
        function raised, or returned something other than None or a message).
        The learner sees "could not be checked"; for the course it is a bug.
    error: what crashed, when `crashed`.
    """

    status: str
    message: str
    crashed: bool = False
    error: str | None = None

    @property
    def correct(self) -> bool:
        """True when the answer was right."""
        return self.status == CORRECT

    def __str__(self) -> str:
        icon = {CORRECT: "✅", WRONG: "❌", UNANSWERED: "⏳"}[self.status]
        return f"{icon} {self.message}"


class _NotDefined:
    """Marker for "the answer name is not defined in the notebook yet"."""


_NOT_DEFINED = _NotDefined()


@dataclass
class Exercise:
    """One exercise: its answer name, the expected answer, how to compare, hints, solution.

    answer_name: the Python name the learner assigns in the notebook
        ("output_rows"); `check()` reads it. Meaningful and distinct within a lesson.
    expected: the right answer (a number, tuple, string, bool or array), or None when
        `test` does all the checking. Write it independently of the code it tests.
    solution_code: code that assigns `answer_name` (shown by `solution()`, run by
        `solve()` and by the instructor edition).
    kind: the answer's type as a learner would say it ("a whole number",
        "a tuple (height, width, channels)", "a NumPy array", "True or False", ...).
    test: optional function answer -> None (fine) or a message (wrong); used for
        answers like functions or arrays that need more than equality. It must
        return a message, never raise, for any odd answer.

    What a solution uses (imports, data) is what the notebook defines in its cells tagged
    `exercise-setup`, and what the exercises before it solved: the tests run those first.
    """

    name: str
    answer_name: str
    expected: Any
    solution_code: str
    hints: Sequence[str]
    mistakes: Sequence[Mistake] = field(default_factory=tuple)
    kind: str | None = None
    test: Callable[[Any], str | None] | None = None
    rtol: float = 1e-6
    praise: str = "Correct!"
    _hints_shown: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        name = self.answer_name
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise _validate.fail("answer_name", name, "answer_name must be a Python name")
        if name not in _bound_names(self.solution_code):
            raise _validate.fail(
                "solution_code",
                self.solution_code,
                f"solution_code must assign answer_name {name!r}",
            )

    # ------------------------------------------------------------ judging

    def feedback(self, *args: Any) -> Feedback:
        """Judge the answer without printing (what `check` shows; used by tests).

        `feedback(value)` judges `value`; `feedback()` reads `answer_name` from
        the caller's global namespace.
        """
        answer = self._answer(args, sys._getframe(1).f_globals)
        return self._feedback(answer)

    def check(self, *args: Any) -> None:
        """Print whether the answer is right, with advice aimed at the likely mistake.

        `check()` reads `answer_name` from the notebook; `check(value)` judges `value`.
        """
        answer = self._answer(args, sys._getframe(1).f_globals)
        print(self._feedback(answer))

    def is_correct(self, *args: Any) -> bool:
        """True when the answer is right (no printing); arguments as in `check`."""
        answer = self._answer(args, sys._getframe(1).f_globals)
        return self._feedback(answer).correct

    def crash_probe(self, answers: Sequence[Any] | None = None) -> list[str]:
        """The answers among `answers` (default: `odd_answers()`) that crash this checker.

        Each entry says which answer and what raised; an empty list is good.
        """
        problems = []
        for answer in odd_answers() if answers is None else answers:
            fb = self._feedback(answer)
            if fb.crashed:
                problems.append(f"{self.name} on {_describe(answer)}: {fb.error}")
        return problems

    def _answer(self, args: tuple[Any, ...], namespace: dict[str, Any]) -> Any:
        if len(args) > 1:
            return _TooMany(len(args))
        if args:
            return args[0]
        return namespace.get(self.answer_name, _NOT_DEFINED)

    def _feedback(self, answer: Any) -> Feedback:
        if isinstance(answer, _TooMany):
            return Feedback(
                WRONG,
                f"{self.name}: `check` takes no argument (it reads `{self.answer_name}` from "
                f"the notebook), or one value; it got {answer.count}.",
            )
        if answer is _NOT_DEFINED:
            return Feedback(UNANSWERED, self._not_defined_message())
        if is_placeholder(answer):
            return Feedback(
                UNANSWERED,
                f"{self.name} is not answered yet: write your answer in the cell with "
                f"`{self._binding()}`, run that cell, then this check.",
            )
        crash: list[str] = []
        try:
            problem = self._judge(answer, crash)
        except Exception as err:  # never show a learner a traceback from the checker
            crash.append(_error(err))
            problem = f"Your answer could not be checked ({_error(err)})."
        error = "; ".join(crash) or None
        if problem is None:
            return Feedback(CORRECT, f"{self.name}: {self.praise}", bool(crash), error)
        return Feedback(WRONG, f"{self.name}: {problem}", bool(crash), error)

    def _binding(self) -> str:
        if self.is_function_exercise:
            return f"def {self.answer_name}(...)"
        return f"{self.answer_name} = ..."

    @property
    def is_function_exercise(self) -> bool:
        """True when the learner writes a function named `answer_name`."""
        try:
            tree = ast.parse(self.solution_code)
        except SyntaxError:
            return False
        return any(
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name == self.answer_name
            for node in tree.body
        )

    def _not_defined_message(self) -> str:
        return (
            f"{self.name}: `{self.answer_name}` is not defined yet: run the cell with "
            f"`{self._binding()}` above first, then this check."
        )

    def _judge(self, answer: Any, crash: list[str]) -> str | None:
        right = self.expected is not None and _equal(answer, self.expected, self.rtol)
        if not right:
            for mistake in self.mistakes:  # known mistakes first: they explain best
                matched, error = mistake._match(answer)
                if error:
                    crash.append(error)
                if matched:
                    return mistake.message
        type_problem = _type_problem(answer, self.expected, self.kind)
        if type_problem:
            return type_problem
        if self.test is not None:
            try:
                message = self.test(answer)
            except Exception as err:  # a test= function must return a message, not raise
                crash.append(f"test= raised {_error(err)}")
                return f"Your answer could not be checked ({_error(err)})."
            if message is not None and not isinstance(message, str):
                crash.append(f"test= returned {message!r}, not None or a message")
                return "Your answer could not be checked."
            if message:
                return message
            if self.expected is None:
                return None
        if _equal(answer, self.expected, self.rtol):
            return None
        shape_problem = _shape_problem(answer, self.expected)
        if shape_problem:
            return shape_problem
        return "Not quite. Try `.hint()` for a nudge, or work it through once more."

    # ------------------------------------------------------------ help

    def hint(self) -> None:
        """Print the next hint (each call reveals one more)."""
        if not self.hints:
            print(f"{self.name}: no hints for this one. Look back at the lesson text above.")
            return
        i = min(self._hints_shown, len(self.hints) - 1)
        self._hints_shown += 1
        print(f"💡 {self.name}, hint {i + 1} of {len(self.hints)}: {self.hints[i]}")

    def solution(self) -> None:
        """Print the solution code (try the exercise first!)."""
        print(f"# {self.name}: one solution\n{self.solution_code.strip()}")

    def solve(self, namespace: dict[str, Any] | None = None) -> Any:
        """Run the solution code in `namespace` (a fresh one if None) and return the value
        it assigns to `answer_name`."""
        ns = {} if namespace is None else namespace
        exec(self.solution_code, ns)  # noqa: S102 - our own solution text, not user input
        return ns[self.answer_name]


@dataclass(frozen=True)
class _TooMany:
    count: int


# ---------------------------------------------------------------- placeholders

# Instructions an unanswered function's body compiles to (`...`, `pass`,
# `return None`, a docstring), on Python 3.10 to 3.13: loads of the constant
# None, returns, and bookkeeping (RESUME, NOP, CACHE on 3.11+).
_EMPTY_OPS = {"RESUME", "NOP", "CACHE", "RETURN_VALUE", "RETURN_CONST", "LOAD_CONST"}


def is_empty_function(fn: Any) -> bool:
    """True for a function whose body is only `...`, `pass` or `return None` (a stub)."""
    if not isinstance(fn, types.FunctionType):
        return False
    code = fn.__code__
    if code.co_names or code.co_freevars or code.co_cellvars:
        return False
    if code.co_flags & (0x20 | 0x80 | 0x100 | 0x200):  # generator, coroutine, async
        return False
    try:  # only loads of the constant None and returns: the body does nothing
        for ins in dis.get_instructions(code):
            if ins.opname not in _EMPTY_OPS:
                return False
            if ins.opname in ("LOAD_CONST", "RETURN_CONST") and ins.argval is not None:
                return False
    except Exception:
        return False
    return True


def is_placeholder(answer: Any) -> bool:
    """True for "not answered yet": None, `...`, or a function with an empty body."""
    return answer is None or answer is Ellipsis or is_empty_function(answer)


def odd_answers() -> list[Any]:
    """Answers a learner might give that a checker must survive (without crashing)."""

    def raises(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a learner's function that raises")

    def returns_none(*args: Any, **kwargs: Any) -> None:
        x = args  # noqa: F841 - a body that is not empty, yet returns None

    return [
        "abc",
        "",
        3.5,
        -1,
        0,
        10**9,
        float("nan"),
        True,
        [],
        (1,),
        (1, 2, 3, 4, 5, 6, 7),
        {},
        {1, 2},
        [[0, 2], [1]],
        np.zeros((2, 2)),
        np.zeros((3, 3, 3)),
        np.array("x"),
        np.zeros(0),
        raises,
        returns_none,
        lambda *a, **k: "abc",
        len,
        object(),
    ]


# ---------------------------------------------------------------- comparisons


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not _validate.is_bool(x)


def _equal(answer: Any, expected: Any, rtol: float) -> bool:
    """Equality that treats lists like tuples, NumPy scalars like numbers, floats loosely.

    Never raises: an answer that cannot be compared is not equal.
    """
    try:
        return _equal_or_raise(answer, expected, rtol)
    except Exception:
        return False


def _equal_or_raise(answer: Any, expected: Any, rtol: float) -> bool:
    if _validate.is_bool(expected) or _validate.is_bool(answer):
        return _validate.is_bool(answer) and bool(answer) == bool(expected)
    if _is_number(expected):
        return _is_number(answer) and bool(
            np.isclose(float(answer), float(expected), rtol=rtol, atol=1e-9)
        )
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, np.ndarray):
        if isinstance(answer, (str, bytes)):
            return False
        try:
            arr = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return False
        return arr.shape == expected.shape and bool(
            np.allclose(arr, expected, rtol=rtol, atol=1e-6)
        )
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list, np.ndarray)) or np.ndim(answer) < 1:
            return False
        if len(answer) != len(expected):
            return False
        return all(_equal(a, e, rtol) for a, e in zip(answer, expected, strict=True))
    result = answer == expected
    return _validate.is_bool(result) and bool(result)


def _error(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


def _bound_names(code: str) -> set[str]:
    """Names that `code` assigns, defines or imports anywhere (empty if it does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


def _describe(x: Any) -> str:
    text = repr(x)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(x).__name__} {text}"


def _type_problem(answer: Any, expected: Any, kind: str | None) -> str | None:
    """A message when `answer` is not even the right kind of thing."""
    if expected is None:
        return None
    want = kind
    ok = True
    if _validate.is_bool(expected):
        want = want or "True or False"
        ok = _validate.is_bool(answer)
    elif isinstance(expected, numbers.Integral):
        want = want or "a whole number (an int)"
        ok = _is_number(answer)
        if ok and isinstance(answer, float) and not float(answer).is_integer():
            return f"Expected {want}, got {answer!r}: sizes and counts are whole numbers."
    elif _is_number(expected):
        want = want or "a number"
        ok = _is_number(answer)
    elif isinstance(expected, str):
        want = want or "a string"
        ok = isinstance(answer, str)
    elif isinstance(expected, np.ndarray):
        want = want or "a NumPy array"
        try:
            np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            ok = False
        ok = ok and not isinstance(answer, (str, bytes))
    elif isinstance(expected, (tuple, list)):
        want = want or f"a tuple of {len(expected)} values"
        ok = isinstance(answer, (tuple, list)) or (
            isinstance(answer, np.ndarray) and answer.ndim >= 1
        )
        if ok and len(answer) != len(expected):
            return f"Expected {want}, but your answer has {len(answer)} values: {answer!r}."
    if ok:
        return None
    hint = ""
    if isinstance(answer, str) and not isinstance(expected, str):
        hint = " (remove the quotes: the answer is a value, not text)"
    return f"Expected {want}, got {_describe(answer)}{hint}."


def _shape_problem(answer: Any, expected: Any) -> str | None:
    if not isinstance(expected, np.ndarray):
        return None
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    if arr.shape != expected.shape:
        return f"Your array has shape {arr.shape}, but the answer has shape {expected.shape}."
    return None


# ---------------------------------------------------------------- common mistakes


def swapped(value: Sequence[Any]) -> tuple[Any, ...]:
    """`value` with its first two entries swapped (the height/width mix-up)."""
    v = tuple(value)
    return (v[1], v[0], *v[2:])


__all__ = [
    "CORRECT",
    "UNANSWERED",
    "WRONG",
    "Exercise",
    "Feedback",
    "Mistake",
    "is_empty_function",
    "is_placeholder",
    "odd_answers",
    "swapped",
]
