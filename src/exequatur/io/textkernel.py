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
def _days(offsets: Any, data: Any, month_firsts: Any, first_year: int, last_year: int, out: Any, good: Any) -> None:
    for i in range(len(good)):
        a, b = offsets[i], offsets[i + 1]
        if b - a != 10 or data[a + 4] != _DASH or data[a + 7] != _DASH:
            continue
        year, month, day = _digits(data, a, a + 4), _digits(data, a + 5, a + 7), _digits(data, a + 8, a + 10)
        if not (first_year <= year <= last_year and 1 <= month <= 12 and day >= 1):
            continue
        m = (year - first_year) * 12 + month - 1
        if day <= month_firsts[m + 1] - month_firsts[m]:
            out[i] = month_firsts[m] + day - 1
            good[i] = True


def days(text: pa.Array, month_firsts: np.ndarray, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """YYYY-MM-DD text as days since 1970 (month_firsts: each month's first day from January of `first_year`,
    one past December of `last_year`), and which rows are such a real day between those years; 0 for the rest."""
    offsets, data = buffers(text)
    out = np.zeros(len(text), np.int64)
    good = np.zeros(len(text), np.bool_)
    _days(offsets, data, month_firsts, first_year, last_year, out, good)
    return out, good


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
