"""Checks of the arguments that reach the C++ extension, each naming the argument it refuses.

pybind11 converts what it is given without asking what it means: a NaN becomes a double that the
library would cast to an integer (undefined behaviour), a path with a NUL is cut at it, a string
with a lone surrogate cannot become UTF-8 ("RuntimeError: Unable to cast"). Each is refused here
with a ValueError or TypeError that names the argument.
"""

from __future__ import annotations

import math
import numbers
import os
from typing import Any, Optional

from .errors import InvalidArgumentError, InvalidArgumentTypeError


def _bad(message: str) -> InvalidArgumentError:
    return InvalidArgumentError(message, "invalid_argument")  # also a ValueError


def _wrong_type(name: str, value: Any, expected: str) -> InvalidArgumentTypeError:
    return InvalidArgumentTypeError(f"{name}={value!r}: expected {expected}", "invalid_argument")


def text(name: str, value: Any) -> str:
    """A str that is valid Unicode (it will be sent or shown as UTF-8)."""
    if not isinstance(value, str):
        raise _wrong_type(name, value, "text (a str)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise _bad(f"{name} is not valid text: {e.reason} at position {e.start}") from None
    return value


def optional_text(name: str, value: Any) -> Optional[str]:
    return None if value is None else text(name, value)


def number(name: str, value: Any, low: Optional[float] = None, high: Optional[float] = None) -> float:
    """A finite real number, within [low, high] when given."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _wrong_type(name, value, "a number")
    v = float(value)
    if not math.isfinite(v):
        raise _bad(f"{name} must be a finite number, not {v}")
    if (low is not None and v < low) or (high is not None and v > high):
        lo = "" if low is None else f"{low:g}"
        hi = "" if high is None else f"{high:g}"
        raise _bad(f"{name} {v:g} is outside {lo}–{hi}")
    return v


def integer(name: str, value: Any, low: Optional[int] = None, high: Optional[int] = None) -> int:
    """An int (not a float, not a bool), within [low, high] when given."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _wrong_type(name, value, "a whole number")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        raise _bad(f"{name} {v} is outside {'' if low is None else low}–{'' if high is None else high}")
    return v


def path(name: str, value: Any) -> bytes:
    """A file system path as the bytes the OS takes: a NUL would cut it short; a str that came
    from the file system with undecodable bytes (surrogateescape) gets them back."""
    p = os.fspath(value)
    raw = p if isinstance(p, bytes) else os.fsencode(p)
    if b"\0" in raw:
        raise _bad(f"{name} holds a NUL character: no file has such a name")
    if not raw:
        raise _bad(f"{name} is empty")
    return raw
