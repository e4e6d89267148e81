"""Every argument check in course_utils: one home, one message shape, ValueErrors only.

Each check returns the value in the form the caller needs, or raises ValueError with
the message "name=value is not allowed: rule" (`fail` writes it). Helpers never test
types inline; they call one of these.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

PADDINGS = ("valid", "same")  # Keras' two padding modes; an int means that many zeros a side


def fail(name: str, value: object, rule: str) -> ValueError:
    """The one message shape: `name=value is not allowed: rule` (return it, then raise it).

    An array is named by its shape, not its contents; a string "<...>" stands as it is.
    """
    if isinstance(value, np.ndarray):
        shown = _shown(value)
    elif isinstance(value, str) and value.startswith("<"):
        shown = value
    else:
        shown = repr(value)
    return ValueError(f"{name}={shown} is not allowed: {rule}")


def _shown(value: object) -> str:
    """How an array-like argument is named in a message: its shape, not its contents."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"<array of shape {tuple(shape)}>"
    return f"<{type(value).__name__}>"


# ---------------------------------------------------------------- predicates


def is_whole(value: object) -> bool:
    """True for an int (or NumPy integer), False for bool and everything else."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def is_real(value: object) -> bool:
    """True for a finite or infinite real number that is not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def is_bool(value: object) -> bool:
    """True for True/False (Python or NumPy)."""
    return isinstance(value, (bool, np.bool_))


# ---------------------------------------------------------------- numbers


def positive_int(name: str, value: object) -> int:
    """Return `value` as an int if it is a whole number >= 1, else raise ValueError."""
    return int_range(name, value, 1)


def non_negative_int(name: str, value: object) -> int:
    """Return `value` as an int if it is a whole number >= 0, else raise ValueError."""
    return int_range(name, value, 0)


def int_range(name: str, value: object, low: int, high: int | None = None, why: str = "") -> int:
    """Return `value` as an int if it is a whole number from `low` to `high` (inclusive)."""
    rule = (
        f"{name} must be a whole number >= {low}"
        if high is None
        else (f"{name} must be a whole number from {low} to {high}")
    )
    if why:
        rule += f" ({why})"
    if not is_whole(value) or value < low or (high is not None and value > high):
        raise fail(name, value, rule)
    return int(value)


def real(
    name: str,
    value: object,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return `value` as a float if it is a finite number within [low, high]; `low_open` and
    `high_open` leave out the end itself (e.g. a dropout rate: 0 <= rate < 1)."""
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    rule = f"{name} must be a finite number" + (f" {' and '.join(parts)}" if parts else "")
    if not is_real(value) or not math.isfinite(float(value)):
        raise fail(name, value, rule)
    v = float(value)
    if low is not None and (v < low or (low_open and v == low)):
        raise fail(name, value, rule)
    if high is not None and (v > high or (high_open and v == high)):
        raise fail(name, value, rule)
    return v


def boolean(name: str, value: object) -> bool:
    """Return `value` as a bool if it is True or False."""
    if not is_bool(value):
        raise fail(name, value, f"{name} must be True or False")
    return bool(value)


def pair(name: str, value: object, *, low: int = 1) -> tuple[int, int]:
    """Accept an int or an (h, w) pair of ints >= `low`; return (h, w)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise fail(name, value, f"{name} must be a whole number >= {low} or a pair (h, w)")
        return (int_range(f"{name}[0]", value[0], low), int_range(f"{name}[1]", value[1], low))
    if not is_whole(value) or value < low:
        raise fail(name, value, f"{name} must be a whole number >= {low} or a pair (h, w) of them")
    return (int(value), int(value))


def step(name: str, value: object, total: int, allow_none: bool = False) -> int | None:
    """A position in a walk of `total` positions, counted from 0 (None: all, if allowed)."""
    if value is None and allow_none:
        return None
    rule = (
        f"there are {total} positions, numbered from 0, so {name} must be a whole number "
        f"from 0 to {total - 1}" + (" (or None for all of them)" if allow_none else "")
    )
    if not is_whole(value) or not 0 <= value < total:
        raise fail(name, value, rule)
    return int(value)


# ---------------------------------------------------------------- words


def choice(name: str, value: object, options: Sequence[str]) -> str:
    """Return `value` if it is one of `options`; otherwise suggest the nearest one."""
    if isinstance(value, str) and value in options:
        return value
    allowed = ", ".join(repr(o) for o in options)
    rule = f"{name} must be one of {allowed}"
    if isinstance(value, str):
        close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.5)
        if close:
            rule += f" (did you mean {close[0]!r}?)"
    raise fail(name, value, rule)


def padding(name: str, value: object, modes: Sequence[str] = PADDINGS) -> str | int:
    """A padding: one of `modes` ('valid', 'same', ...) or a whole number >= 0 of zeros a side."""
    if isinstance(value, str):
        return choice(name, value, modes)
    if is_whole(value) and value >= 0:
        return int(value)
    listed = ", ".join(repr(m) for m in modes)
    raise fail(name, value, f"{name} must be {listed} or a whole number >= 0 of zeros a side")


# ---------------------------------------------------------------- arrays


def real_array(name: str, value: object) -> np.ndarray:
    """`value` as an array of real numbers, its dtype kept (True/False become 1/0)."""
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        arr = None
    if (
        arr is None
        or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool)
        or np.iscomplexobj(arr)
    ):
        raise fail(
            name,
            _shown(value),
            f"{name} must be an array of real numbers (every row the same length)",
        )
    return arr.astype(int) if arr.dtype == bool else arr


def samples(name: str, value: object) -> np.ndarray:
    """`value` as a real array of one or more samples along its first axis, dtype kept."""
    arr = real_array(name, value)
    if arr.ndim == 0 or len(arr) == 0:
        raise fail(name, arr, f"{name} must hold at least one sample along its first axis")
    return arr


def figsize(value: object) -> tuple[float, float]:
    """A figure size (width, height) in inches, both finite and > 0."""
    ok = (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and len(value) == 2
        and all(is_real(v) and math.isfinite(v) and v > 0 for v in value)
    )
    if not ok:
        raise fail("figsize", value, "figsize must be (width, height) in inches, both > 0")
    return float(value[0]), float(value[1])


def labels(name: str, value: object, n: int, what: str) -> list[str] | None:
    """None, or exactly `n` labels (one per `what`), as strings."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (Sequence, np.ndarray)):
        raise fail(name, value, f"{name} must be a list with one entry per {what}")
    if len(value) != n:
        raise fail(
            name, f"<{len(value)} entries>", f"{name} must have one entry per {what} shown ({n})"
        )
    return [str(t) for t in value]


def array(name: str, value: object, *, ndims: Sequence[int]) -> np.ndarray:
    """Return `value` as a float array whose number of dimensions is one of `ndims`."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise fail(name, _shown(value), f"{name} must be an array of numbers") from None
    if arr.ndim not in ndims:
        dims = " or ".join(str(d) for d in ndims)
        raise fail(
            name,
            _shown(arr),
            f"{name} has {arr.ndim} dimensions; it must have {dims}",
        )
    return arr


def image(name: str, value: object, *, colour: bool = True) -> np.ndarray:
    """An image as a float array: grey (H, W) ((H, W, 1) is squeezed) or, if `colour`,
    (H, W, 3); at least one pixel, every value finite."""
    rule = (
        f"{name} must be a grey image (H, W)"
        + (" or a colour image (H, W, 3)" if colour else "")
        + " of finite numbers"
    )
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise fail(name, _shown(value), rule) from None
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    shape_ok = arr.ndim == 2 or (colour and arr.ndim == 3 and arr.shape[-1] == 3)
    if not shape_ok or min(arr.shape[:2], default=0) == 0 or not np.isfinite(arr).all():
        raise fail(name, _shown(value), rule)
    return arr


# ---------------------------------------------------------------- objects


def items(name: str, value: object, kind: type) -> list:
    """`value` as a list, if it is a non-empty list (or tuple) of `kind` objects."""
    if (
        isinstance(value, str)
        or not isinstance(value, Sequence)
        or not value
        or not all(isinstance(v, kind) for v in value)
    ):
        raise fail(name, value, f"{name} must be a non-empty list of {kind.__name__}")
    return list(value)


def keras_model(name: str, value: object) -> object:
    """`value` if it is a built Keras model (it has layers and inputs)."""
    if not hasattr(value, "layers") or not hasattr(value, "inputs"):
        raise fail(name, f"<{type(value).__name__}>", f"{name} must be a built Keras model")
    return value


def mapping(name: str, value: object, what: str) -> dict:
    """`value` as a dict, if it is a non-empty mapping (e.g. {name: image})."""
    if not isinstance(value, Mapping) or not value:
        raise fail(name, f"<{type(value).__name__}>", f"{name} must be a non-empty dict {what}")
    return dict(value)


def drawable(name: str, value: object, cells: int, limit: int) -> None:
    """Refuse `value` if its picture would need more than `limit` cells along a side."""
    if cells > limit:
        raise fail(
            name, value, f"its picture would be {cells} cells across, and one shows at most {limit}"
        )
