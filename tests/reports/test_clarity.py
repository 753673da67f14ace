"""The second review's points on a statement's clarity, in every report that prints one (terminal, PDF and HTML,
spreadsheet): a regime's long explanation said once, why a line may differ by a cent from its own figure rounded,
and how much of the interest was capitalized. The figures themselves do not change."""

from __future__ import annotations

import html
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from rich.console import Console

from exequatur.engine.results import CapitalizationLine, InstrumentStatement
from exequatur.interfaces.api import matter, owe
from exequatur.reports.document import statement_html
from exequatur.reports.export import statement_json
from exequatur.reports.itemized import render
from exequatur.reports.wording import LINES_ROUNDED
from exequatur.reports.workbook import write_statement_xlsx
from tests.conftest import ROOT

CASES = ROOT / "tests" / "cases"


def _case(tmp_path: Path, name: str) -> Path:
    case = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    path = tmp_path / "matter.yaml"
    path.write_text(case["matter"], encoding="utf-8")
    return path


def _drawn(path: Path, as_of: date) -> str:
    out = io.StringIO()
    Console(file=out, width=4000, color_system=None).print(render(owe(path, as_of), detail=True))
    return out.getvalue()


def _xlsx_text(path: Path, as_of: date, tmp_path: Path) -> str:
    out = tmp_path / "statement.xlsx"
    write_statement_xlsx(matter(path), owe(path, as_of), out, matter_file=path)
    book = load_workbook(out)
    return "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)


@pytest.fixture
def french(tmp_path: Path) -> Path:
    return _case(tmp_path, "FR/l313-3-increase-after-two-months.yaml")


FR_AS_OF = date(2018, 4, 10)  # seven half-years: seven terms of one regime


def test_the_french_regime_s_explanation_is_said_once(french: Path, tmp_path: Path) -> None:
    (result,) = owe(french, FR_AS_OF).instruments
    assert isinstance(result, InstrumentStatement)
    shared = {t.basis.shared for t in result.regime}
    assert len(result.regime) >= 5
    assert len(shared) == 1
    (common,) = shared
    assert len(common) > 400
    text = _drawn(french, FR_AS_OF)
    page = html.unescape(statement_html(matter(french), owe(french, FR_AS_OF), matter_file=french))
    sheet = _xlsx_text(french, FR_AS_OF, tmp_path)
    for report in (text, page, sheet):
        assert report.count(common) == 1
        assert report.count("the rest as explained for the first such term above") == len(result.regime) - 1
        for term in result.regime:  # each term's own rate and dates are still said
            assert term.basis.explanation.removesuffix(common).rstrip(" :") in report
    assert statement_json(owe(french, FR_AS_OF), detail=True)["instruments"][0]["basis"][1]["explanation"].endswith(
        common
    )  # the JSON keeps each term's whole explanation


def test_the_figures_do_not_change(french: Path) -> None:
    case = yaml.safe_load((CASES / "FR/l313-3-increase-after-two-months.yaml").read_text(encoding="utf-8"))
    (result,) = owe(french, case["as_of"]).instruments
    assert isinstance(result, InstrumentStatement)
    assert f"{result.interest:.2f}" == case["expect"]["interest"]


def test_where_lines_are_listed_the_reports_say_how_they_are_rounded(french: Path, tmp_path: Path) -> None:
    assert "differ by a cent" in LINES_ROUNDED
    assert LINES_ROUNDED in " ".join(_drawn(french, FR_AS_OF).split())
    page = html.unescape(statement_html(matter(french), owe(french, FR_AS_OF), matter_file=french))
    assert LINES_ROUNDED in page
    assert LINES_ROUNDED in _xlsx_text(french, FR_AS_OF, tmp_path)


def test_capitalized_interest_is_shown_from_the_engine_s_lines(tmp_path: Path) -> None:
    path = _case(tmp_path, "US-FED/1961-compounded-annually.yaml")
    as_of = date(2020, 12, 12)
    (result,) = owe(path, as_of).instruments
    assert isinstance(result, InstrumentStatement)
    capitalized = sum((x.amount for x in result.lines if isinstance(x, CapitalizationLine)), Decimal(0))
    assert capitalized > 0
    assert result.capitalized == capitalized
    assert f"{result.interest:.2f}" == "31045.52"  # the case's figure, unchanged
    shown = f"{capitalized:,.2f}"
    assert f"capitalized {shown} of the interest" in _drawn(path, as_of)
    page = statement_html(matter(path), owe(path, as_of), matter_file=path)
    assert "of which capitalized" in page
    assert shown in page
    assert statement_json(owe(path, as_of))["instruments"][0]["capitalized"] == f"{capitalized:.2f}"


def test_no_capitalization_line_no_capitalized_row(french: Path) -> None:
    page = statement_html(matter(french), owe(french, FR_AS_OF), matter_file=french)
    assert "of which capitalized" not in page
    assert "capitalized " not in _drawn(french, FR_AS_OF).replace("capitalized interest", "")
