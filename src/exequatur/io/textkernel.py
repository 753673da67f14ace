"""Compiled loops over Arrow's string buffers: the plain forms of a portfolio file's sums and dates read, and sums
written, a row at a time in machine code rather than by one Arrow kernel per check.

Only the plain forms are read here (ASCII digits with at most one point between digits; YYYY-MM-DD in ASCII
digits); a row in any other form is marked not plain and goes to the row reader (io/portfolio.py), which reads it
or gives its error. The calendar is numpy's, not these loops': they only split the digits.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
from numba import njit

_DOT, _ZERO, _NINE, _DASH = 46, 48, 57, 45


def buffers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's offsets (one more than its rows) and its bytes, without copying."""
    _, offsets, data = text.buffers()
    start = text.offset
    offs = np.frombuffer(offsets, np.int32)[start : start + len(text) + 1]
    raw = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offs, raw


@njit(cache=True, nogil=True)
def _units(offsets: Any, data: Any, exponent: Any, most: int, longest: int, value: Any, good: Any) -> None:
    for i in range(len(value)):
        a, b = offsets[i], offsets[i + 1]
        number, whole, decimals, ok = 0, 0, -1, b > a
        for k in range(a, b):
            c = data[k]
            if c == _DOT:
                if decimals >= 0 or whole == 0:
                    ok = False
                    break
                decimals = 0
            elif _ZERO <= c <= _NINE:
                if decimals >= 0:
                    decimals += 1
                    if decimals > exponent[i]:
                        ok = False
                        break
                else:
                    whole += 1
                    if whole > longest:
                        ok = False
                        break
                number = number * 10 + (c - _ZERO)
            else:
                ok = False
                break
        if decimals == 0:  # "1." has a point and no decimals
            ok = False
        if ok:
            number *= 10 ** (exponent[i] - max(decimals, 0))
            ok = number < most
        value[i] = number if ok else 0
        good[i] = ok


def units(text: pa.Array, exponent: np.ndarray, most: int, longest: int) -> tuple[np.ndarray, np.ndarray]:
    """Plain sums as integer minor units of each row's `exponent` decimals, and which rows are plain (at most
    `longest` whole digits, below `most` units)."""
    offsets, data = buffers(text)
    value = np.zeros(len(text), np.int64)
    good = np.zeros(len(text), np.bool_)
    _units(offsets, data, exponent.astype(np.int64), most, longest, value, good)
    return value, good


@njit(cache=True, nogil=True)
def _digits(data: Any, a: int, b: int) -> int:
    """The number data[a:b] spells in ASCII digits, or -1 if a byte is not one."""
    number = 0
    for k in range(a, b):
        c = data[k]
        if not _ZERO <= c <= _NINE:
            return -1
        number = number * 10 + (c - _ZERO)
    return number


@njit(cache=True, nogil=True)
def _ymd(offsets: Any, data: Any, year: Any, month: Any, day: Any, good: Any) -> None:
    for i in range(len(good)):
        a, b = offsets[i], offsets[i + 1]
        if b - a != 10 or data[a + 4] != _DASH or data[a + 7] != _DASH:
            continue
        year[i], month[i], day[i] = _digits(data, a, a + 4), _digits(data, a + 5, a + 7), _digits(data, a + 8, a + 10)
        good[i] = year[i] >= 0 and month[i] >= 0 and day[i] >= 0


def year_month_day(text: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The digits of YYYY-MM-DD text as year, month and day, and which rows have that shape (not yet whether the
    day is real)."""
    offsets, data = buffers(text)
    n = len(text)
    year, month, day = (np.zeros(n, np.int64) for _ in range(3))
    good = np.zeros(n, np.bool_)
    _ymd(offsets, data, year, month, day, good)
    return year, month, day, good


@njit(cache=True, nogil=True)
def _written(units: Any, exponent: Any, shown: Any, offsets: Any, out: Any) -> None:
    digits = np.zeros(24, np.uint8)
    at = 0
    for i in range(len(units)):
        offsets[i] = at
        if not shown[i]:
            continue
        v = units[i]
        e = exponent[i]
        n = 0
        while v > 0 or n <= e:  # at least one digit before the point
            digits[n] = _ZERO + v % 10
            v //= 10
            n += 1
        for k in range(n - 1, -1, -1):
            out[at] = digits[k]
            at += 1
            if k == e and e > 0:
                out[at] = _DOT
                at += 1
    offsets[len(units)] = at


def written(units: np.ndarray, exponent: np.ndarray, shown: np.ndarray) -> pa.Array:
    """Non-negative minor units as decimal text in each row's decimals ('' where not `shown`), an Arrow string
    array built from its buffers."""
    n = len(units)
    offsets = np.zeros(n + 1, np.int32)
    out = np.zeros(n * 22 + 1, np.uint8)
    _written(units.astype(np.int64), exponent.astype(np.int64), shown.astype(np.bool_), offsets, out)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out[: offsets[-1]].tobytes()))
