"""Argument checks shared by every helper: clear ValueErrors, never asserts."""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Sequence

import numpy as np


def positive_int(name: str, value: object) -> int:
    """Return `value` as an int if it is a whole number >= 1, else raise ValueError."""
    return _int_at_least(name, value, 1, "a whole number >= 1")


def non_negative_int(name: str, value: object) -> int:
    """Return `value` as an int if it is a whole number >= 0, else raise ValueError."""
    return _int_at_least(name, value, 0, "a whole number >= 0")


def _int_at_least(name: str, value: object, low: int, rule: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name}={value!r} is not allowed: {name} must be {rule}")
    if int(value) < low:
        raise ValueError(f"{name}={value!r} is not allowed: {name} must be {rule}")
    return int(value)


def pair(name: str, value: object, *, low: int = 1) -> tuple[int, int]:
    """Accept an int or an (h, w) pair of ints >= `low`; return (h, w)."""
    rule = f"a whole number >= {low} or a pair (h, w) of them"
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise ValueError(f"{name}={value!r} is not allowed: {name} must be {rule}")
        return (
            _int_at_least(f"{name}[0]", value[0], low, f"a whole number >= {low}"),
            _int_at_least(f"{name}[1]", value[1], low, f"a whole number >= {low}"),
        )
    v = _int_at_least(name, value, low, rule)
    return (v, v)


def choice(name: str, value: object, options: Sequence[str]) -> str:
    """Return `value` if it is one of `options`; otherwise suggest the nearest one."""
    if isinstance(value, str) and value in options:
        return value
    allowed = ", ".join(repr(o) for o in options)
    msg = f"{name}={value!r} is not allowed: {name} must be one of {allowed}"
    if isinstance(value, str):
        close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.5)
        if close:
            msg += f" (did you mean {close[0]!r}?)"
    raise ValueError(msg)


def array(name: str, value: object, *, ndims: Sequence[int]) -> np.ndarray:
    """Return `value` as a float array whose number of dimensions is one of `ndims`."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be an array of numbers, got {type(value).__name__}"
        ) from None
    if arr.ndim not in ndims:
        dims = " or ".join(str(d) for d in ndims)
        raise ValueError(
            f"{name} has shape {arr.shape} ({arr.ndim} dimensions): it must have {dims} dimensions"
        )
    return arr
