"""Compiled loops over Arrow's string buffers: the plain forms of a portfolio file's sums and dates read, and sums
written, a row at a time in machine code rather than by one Arrow kernel per check.

Only the plain forms are read here (ASCII digits with at most one point between digits; YYYY-MM-DD in ASCII
digits); a row in any other form is marked not plain and goes to the row reader (io/portfolio.py), which reads it
or gives its error. The calendar is numpy's, not these loops': they only split the digits.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
from numba import njit, prange

_DOT, _ZERO, _NINE, _DASH = 46, 48, 57, 45
#: A string column: one array, or a file's chunks.
Text: TypeAlias = pa.Array | pa.ChunkedArray


def pieces(text: Text) -> list[tuple[int, pa.Array]]:
    """A string column's arrays with the row each starts at: itself, or a chunked column's chunks (read in
    place rather than copied into one)."""
    if isinstance(text, pa.ChunkedArray):
        starts = np.cumsum([0, *(len(c) for c in text.chunks)]).tolist()
        return list(zip(starts, text.chunks, strict=False))
    return [(0, text)]


def whole(text: Text) -> pa.Array:
    """A string column as one array: itself, or a chunked column's chunks joined (a copy only where there are
    several)."""
    if isinstance(text, pa.ChunkedArray):
        return text.chunk(0) if text.num_chunks == 1 else text.combine_chunks()
    return text


def buffers(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A string array's offsets (one more than its rows) and its bytes, without copying."""
    _, offsets, data = text.buffers()
    start = text.offset
    width = np.int64 if pa.types.is_large_string(text.type) else np.int32
    offs = np.frombuffer(offsets, width)[start : start + len(text) + 1]
    raw = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offs, raw


@njit(cache=True, nogil=True, parallel=True)
def _units(offsets: Any, data: Any, exponent: Any, most: int, longest: int, value: Any, good: Any) -> None:
    for i in prange(len(value)):
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


def units(text: Text, exponent: np.ndarray, most: int, longest: int) -> tuple[np.ndarray, np.ndarray]:
    """Plain sums as integer minor units of each row's `exponent` decimals, and which rows are plain (at most
    `longest` whole digits, below `most` units)."""
    value = np.zeros(len(text), np.int64)
    good = np.zeros(len(text), np.bool_)
    exponents = exponent.astype(np.int64, copy=False)
    for a, piece in pieces(text):
        b = a + len(piece)
        _units(*buffers(piece), exponents[a:b], most, longest, value[a:b], good[a:b])
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


@njit(cache=True, nogil=True, parallel=True)
def _days(offsets: Any, data: Any, month_firsts: Any, first_year: int, last_year: int, out: Any, good: Any) -> None:
    for i in prange(len(good)):
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


def days(text: Text, month_firsts: np.ndarray, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """YYYY-MM-DD text as days since 1970 (month_firsts: each month's first day from January of `first_year`,
    one past December of `last_year`), and which rows are such a real day between those years; 0 for the rest."""
    out = np.zeros(len(text), np.int64)
    good = np.zeros(len(text), np.bool_)
    for a, piece in pieces(text):
        b = a + len(piece)
        _days(*buffers(piece), month_firsts, first_year, last_year, out[a:b], good[a:b])
    return out, good


#: 10^0 to 10^18, and "00" to "99" as ASCII pairs: a value's length by comparisons, its digits two at a time.
_POWERS = np.array([10**k for k in range(19)], np.uint64)
_PAIRS = np.array([ord(c) for k in range(100) for c in f"{k:02d}"], np.uint8)


@njit(cache=True, nogil=True, parallel=True)
def _lengths(units: Any, exponent: Any, shown: Any, powers: Any, length: Any) -> None:
    for i in prange(len(units)):
        v, e, n = np.uint64(units[i]), exponent[i], 1
        for k in range(1, len(powers)):  # its digits: a count of comparisons, with no branch to mispredict
            n += v >= powers[k]
        n = max(n, e + 1)  # at least one digit before the point
        length[i] = (n + (e > 0)) * shown[i]


@njit(cache=True, nogil=True, inline="always")
def _tail(v: Any, k: int, width: int, pairs: Any, out: Any) -> int:
    """The last `width` (at most 8) digits of v < 10^8, in 32-bit arithmetic, ending at out[k]: two at a time by
    the table of pairs. Returns the place before them."""
    u, hundred = np.uint32(v), np.uint32(100)
    while width > 1:
        q = u // hundred
        r = 2 * (u - q * hundred)
        out[k - 1], out[k] = pairs[r], pairs[r + 1]
        u = q
        k -= 2
        width -= 2
    if width == 1:
        out[k] = np.uint8(_ZERO + u % np.uint32(10))
        k -= 1
    return k


@njit(cache=True, nogil=True, parallel=True)
def _written(units: Any, exponent: Any, offsets: Any, powers: Any, pairs: Any, out: Any) -> None:
    eight = np.uint64(100_000_000)
    for i in prange(len(units)):
        a, k = offsets[i], offsets[i + 1] - 1
        if k < a:
            continue
        v, e = np.uint64(units[i]), exponent[i]
        if e > 0:  # the decimals (at most 8 here: a currency has four at most), then the point
            q = v // np.uint64(100) if e == 2 else v // powers[e]  # cents: a constant divisor, a multiplication
            k = _tail(v - q * powers[e], k, e, pairs, out)
            out[k] = _DOT
            k -= 1
            v = q
        while k - a + 1 > 8:  # the whole part, 8 digits a division, each 8 in 32-bit arithmetic
            q = v // eight
            k = _tail(v - q * eight, k, 8, pairs, out)
            v = q
        _tail(v, k, k - a + 1, pairs, out)


@njit(cache=True, nogil=True)
def _prefix(length: Any, offsets: Any) -> None:
    at = 0
    offsets[0] = 0
    for i in range(len(length)):
        at += length[i]
        offsets[i + 1] = at


def written(units: np.ndarray, exponent: np.ndarray, shown: np.ndarray) -> pa.Array:
    """Non-negative minor units as decimal text in each row's decimals ('' where not `shown`, whatever its value),
    an Arrow string array built from its buffers: each value's length first, then its digits where it starts,
    both on every core. The digits go 8 to a 64-bit division and two to a 32-bit one, by constant divisors."""
    n = len(units)
    length = np.empty(n, np.int64)
    values = units.astype(np.int64, copy=False)
    exponents = exponent.astype(np.int64, copy=False)
    _lengths(values, exponents, shown.astype(np.bool_, copy=False), _POWERS, length)
    large = int(length.sum()) > 2**31 - 1  # past a string array's 32-bit offsets: a large one
    offsets = np.empty(n + 1, np.int64 if large else np.int32)
    _prefix(length, offsets)
    del length
    out = np.empty(int(offsets[-1]), np.uint8)
    _written(values, exponents, offsets, _POWERS, _PAIRS, out)
    kind = pa.large_string() if large else pa.string()
    return pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(out)])


@njit(cache=True, nogil=True, parallel=True)
def _hashes(offsets: Any, data: Any, out: Any) -> None:
    for i in prange(len(out)):
        h = np.uint64(14695981039346656037)  # FNV-1a, 64 bits
        for k in range(offsets[i], offsets[i + 1]):
            h = (h ^ np.uint64(data[k])) * np.uint64(1099511628211)
        out[i] = h


def repeated(text: Text) -> bool:
    """Whether a value of a string array comes twice: the values' 64-bit hashes sorted and their neighbours
    compared, then the values of any hash that repeats compared as text (a hash shared is not a value shared)."""
    hashes = np.empty(len(text), np.uint64)
    for a, piece in pieces(text):
        _hashes(*buffers(piece), hashes[a : a + len(piece)])
    hashes.sort()  # in place: the rows are found again only where a hash repeats
    twice = hashes[1:][hashes[1:] == hashes[:-1]]
    if not len(twice):
        return False
    for a, piece in pieces(text):
        _hashes(*buffers(piece), hashes[a : a + len(piece)])
    rows = np.flatnonzero(np.isin(hashes, twice))
    values = text.take(pa.array(rows)).to_pylist()
    return len(set(values)) < len(values)


@njit(cache=True, nogil=True)
def _in_order(n_offsets: Any, n_data: Any, h_offsets: Any, h_data: Any, j: int, out: Any) -> int:
    for i in range(len(out)):
        a, b = n_offsets[i], n_offsets[i + 1]
        while j < len(h_offsets) - 1:
            c, d = h_offsets[j], h_offsets[j + 1]
            if d - c == b - a:
                same = True
                for k in range(b - a):
                    if n_data[a + k] != h_data[c + k]:
                        same = False
                        break
                if same:
                    break
            j += 1
        if j == len(h_offsets) - 1:
            return -1
        out[i] = j
    return j


def positions_in_order(needles: Text, haystack: pa.Array) -> np.ndarray | None:
    """Each needle's row in `haystack` (whose values are distinct), where the needles come in the haystack's
    order (a payments file sorted as its judgments file is): one pass over both; None where they do not, or a
    needle is not there, and the caller looks them up by hash."""
    out = np.empty(len(needles), np.int64)
    hay, j = buffers(haystack), 0
    for a, piece in pieces(needles):
        j = _in_order(*buffers(piece), *hay, j, out[a : a + len(piece)])
        if j < 0:
            return None
    return out
