"""The compiled text loops against figures written out by hand."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa

from exequatur.io.textkernel import days, units, written


def test_sums_are_written_with_the_currencys_decimals() -> None:
    # 5 cents is 0.05; 12,345 cents 123.45; nothing 0.00; 7 yen 7; 1,234 fils (KWD, 3 decimals) 1.234; a row
    # not shown is empty, whatever it holds (-1: the marker of no per diem).
    units, exponents = np.array([5, 12345, 0, 7, 1234, 99, -1]), np.array([2, 2, 2, 0, 3, 2, 2])
    text = written(units, exponents, np.array([1, 1, 1, 1, 1, 0, 0]))
    assert text.to_pylist() == ["0.05", "123.45", "0.00", "7", "1.234", "", ""]
    assert written(np.array([10**17 - 1]), np.array([2]), np.array([True])).to_pylist() == ["999999999999999.99"]


def test_random_sums_are_written_as_decimal_writes_them() -> None:
    # Against Python's Decimal, not the loop: every length from 1 to 19 digits, 0 to 4 decimals, some not shown.
    rng = np.random.default_rng(3)
    units = (10 ** rng.integers(0, 19, 5000).astype(np.float64) * rng.random(5000)).astype(np.int64)
    units[:4] = [0, 9, 10, 2**63 - 1]
    exponents, shown = rng.integers(0, 5, 5000), rng.random(5000) > 0.1
    rows = zip(units, exponents, shown, strict=True)
    expected = [str(Decimal(int(u)).scaleb(-int(e))) if s else "" for u, e, s in rows]
    assert written(units, exponents, shown).to_pylist() == expected


def test_sums_at_each_power_of_ten_are_written_as_decimal_writes_them() -> None:
    # The loop writes 8 digits per division and cents by a constant divisor: each side of every power of ten
    # (where a sum gains a digit and where an 8-digit piece begins), in 0 to 4 decimals (ISO 4217's CLF has 4).
    edges = sorted({v for k in range(19) for v in (10**k - 1, 10**k, 10**k + 1) if 0 <= v < 2**63} | {2**63 - 1})
    units = np.array([v for v in edges for _ in range(5)], np.int64)
    exponents = np.tile(np.arange(5), len(edges))
    expected = [str(Decimal(int(u)).scaleb(-int(e))) for u, e in zip(units, exponents, strict=True)]
    assert written(units, exponents, np.ones(len(units), np.bool_)).to_pylist() == expected


def test_plain_sums_are_read_and_others_are_left_to_the_row_reader() -> None:
    given = ["12.50", "7", "0.05", "1.", ".5", "1.234", "1e3", "-1", "", "1.2.3", "0012.00"]
    value, good = units(pa.array(given), np.full(len(given), 2), 10**17, 15)
    assert good.tolist() == [True, True, True, False, False, False, False, False, False, False, True]
    assert value[good].tolist() == [1250, 700, 5, 1200]


def test_dates_are_read_as_days_within_their_months() -> None:
    # Days since 1970 by hand: 2021-02-28 is 51 years (13 leap days: 1972..2020) = 18,628 days to 2021-01-01,
    # + 31 + 27 = 18,686; 2020-02-29 exists (18,321); 2021-02-29 and 2021-13-01 do not; 1899 is before the range.
    given = ["2021-02-28", "2021-2-28", "2021-02-2x", "20210228xx", "2020-02-29", "2021-02-29", "2021-13-01"]
    firsts = (np.arange(0, 12 * 3 + 1) + (2019 - 1970) * 12).astype("datetime64[M]").astype("datetime64[D]")
    value, good = days(pa.array([*given, "1899-12-31"]), firsts.astype(np.int64), 2019, 2021)
    assert good.tolist() == [True, False, False, False, True, False, False, False]
    assert value[good].tolist() == [18_686, 18_321]
