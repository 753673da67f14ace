"""CSV cells a spreadsheet would run as formulas get a quote in front; numbers, negative ones too, do not."""

from __future__ import annotations

import pytest

from exequatur.io.csvcells import cell
from exequatur.io.files import write_csv


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=2+3", "'=2+3"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-inf", "'-inf"),
        ("-1234.50", "-1234.50"),  # a negative amount is a number, not user text
        ("+5", "+5"),
        ("-0.25", "-0.25"),
        ("Judgment, p. 2", "Judgment, p. 2"),
        ("", ""),
        (None, None),
        (-3, -3),
    ],
)
def test_a_formula_gets_a_quote_and_a_number_none(value: object, written: object) -> None:
    assert cell(value) == written


def test_write_csv_neutralizes_its_cells() -> None:
    import io

    out = io.StringIO()
    write_csv([{"forum": "=cmd|' /C calc'!A0", "total": "-12.00"}], ["forum", "total"], out)
    assert out.getvalue().splitlines()[1] == "'=cmd|' /C calc'!A0,-12.00"
