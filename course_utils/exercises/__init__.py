"""Self-checking exercises: ``ex.check(answer)``, ``ex.hint()``, ``ex.solution()``.

Each lesson has a module here (``lesson01``, ``lesson02`` ...) that defines its
exercises with :class:`Exercise`. In a notebook::

    from course_utils.exercises import lesson03 as ex
    answer = None  # your code here
    ex.q1.check(answer)

``check`` prints ✅ or ❌ with a message aimed at the likely mistake; an answer
left as ``None`` or ``...`` prints "not answered yet"; nothing here raises at a
learner. The solution is code (``solution_code``) that assigns ``answer``: the
same text ``solution()`` shows is what the instructor edition runs.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

CORRECT, WRONG, UNANSWERED = "correct", "wrong", "unanswered"


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer (`value`, or a predicate `when`) and what to tell the learner.

    With `when`, give an `example` answer that triggers it (the tests use it).
    """

    message: str
    value: Any = None
    when: Callable[[Any], bool] | None = None
    example: Any = None

    def sample(self) -> Any:
        """A wrong answer that this mistake describes."""
        return self.value if self.when is None else self.example

    def matches(self, answer: Any) -> bool:
        """True when `answer` is this mistake."""
        if self.when is not None:
            try:
                return bool(self.when(answer))
            except Exception:  # a predicate must never crash a learner's check
                return False
        return _equal(answer, self.value, rtol=1e-6)


@dataclass
class Feedback:
    """The outcome of one check: status (correct/wrong/unanswered) and the message."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        """True when the answer was right."""
        return self.status == CORRECT

    def __str__(self) -> str:
        icon = {CORRECT: "✅", WRONG: "❌", UNANSWERED: "⏳"}[self.status]
        return f"{icon} {self.message}"


@dataclass
class Exercise:
    """One exercise: the expected answer, how to compare, hints, known mistakes, solution.

    expected: the right answer (a number, tuple, string, bool or array), or None when
        `test` does all the checking.
    kind: the answer's type as a learner would say it ("a whole number",
        "a tuple (height, width, channels)", "a NumPy array", "True or False", ...).
    test: optional function answer -> None (fine) or a message (wrong); used for
        answers like functions or arrays that need more than equality.
    setup_code: what the notebook has defined before this exercise that the
        solution uses (run by `solve` and the tests; the notebook already has it).
    """

    name: str
    question: str
    expected: Any
    solution_code: str
    hints: Sequence[str]
    mistakes: Sequence[Mistake] = field(default_factory=tuple)
    kind: str | None = None
    test: Callable[[Any], str | None] | None = None
    rtol: float = 1e-6
    praise: str = "Correct!"
    setup_code: str = ""
    _hints_shown: int = field(default=0, repr=False)

    def feedback(self, answer: Any) -> Feedback:
        """Judge `answer` without printing (what `check` shows; used by tests)."""
        if answer is None or answer is Ellipsis:
            return Feedback(
                UNANSWERED,
                f"{self.name} is not answered yet: replace the placeholder with your answer "
                "and run the cell again.",
            )
        try:
            problem = self._judge(answer)
        except Exception as err:  # never show a learner a traceback from the checker
            problem = f"Your answer could not be checked ({type(err).__name__}: {err})."
        if problem is None:
            return Feedback(CORRECT, f"{self.name}: {self.praise}")
        return Feedback(WRONG, f"{self.name}: {problem}")

    def _judge(self, answer: Any) -> str | None:
        right = self.expected is not None and _equal(answer, self.expected, self.rtol)
        for mistake in self.mistakes:  # known mistakes first: they explain best
            if not right and mistake.matches(answer):
                return mistake.message
        type_problem = _type_problem(answer, self.expected, self.kind)
        if type_problem:
            return type_problem
        if self.test is not None:
            message = self.test(answer)
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

    def check(self, answer: Any) -> None:
        """Print whether `answer` is right, with advice aimed at the likely mistake."""
        print(self.feedback(answer))

    def is_correct(self, answer: Any) -> bool:
        """True when `answer` is right (no printing)."""
        return self.feedback(answer).correct

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
        """Run the solution code in `namespace` and return the `answer` it assigns."""
        ns = {} if namespace is None else namespace
        if namespace is None and self.setup_code:
            exec(self.setup_code, ns)  # noqa: S102
        exec(self.solution_code, ns)  # noqa: S102 - our own solution text, not user input
        return ns["answer"]


# ---------------------------------------------------------------- comparisons


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, (bool, np.bool_))


def _equal(answer: Any, expected: Any, rtol: float) -> bool:
    """Equality that treats lists like tuples, NumPy scalars like numbers, floats loosely."""
    if isinstance(expected, (bool, np.bool_)) or isinstance(answer, (bool, np.bool_)):
        return isinstance(answer, (bool, np.bool_)) and bool(answer) == bool(expected)
    if _is_number(expected):
        return _is_number(answer) and bool(
            np.isclose(float(answer), float(expected), rtol=rtol, atol=1e-9)
        )
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    if isinstance(expected, np.ndarray):
        try:
            arr = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            return False
        return arr.shape == expected.shape and bool(
            np.allclose(arr, expected, rtol=rtol, atol=1e-6)
        )
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != len(expected):
            return False
        return all(_equal(a, e, rtol) for a, e in zip(answer, expected, strict=True))
    return answer == expected


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
    if isinstance(expected, (bool, np.bool_)):
        want = want or "True or False"
        ok = isinstance(answer, (bool, np.bool_))
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
        ok = isinstance(answer, (tuple, list, np.ndarray)) and not isinstance(answer, str)
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
    arr = np.asarray(answer, dtype=float)
    if arr.shape != expected.shape:
        return f"Your array has shape {arr.shape}, but the answer has shape {expected.shape}."
    return None


# ---------------------------------------------------------------- common mistakes


def swapped(value: Sequence[Any]) -> tuple[Any, ...]:
    """`value` with its first two entries swapped (the height/width mix-up)."""
    v = tuple(value)
    return (v[1], v[0], *v[2:])


__all__ = ["Exercise", "Feedback", "Mistake", "swapped", "CORRECT", "WRONG", "UNANSWERED"]
