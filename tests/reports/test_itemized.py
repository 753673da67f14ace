"""The statement on a terminal: at 80 and 120 columns and in a pipe, no figure is ever cut."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from exequatur.engine.results import AccrualLine, InstrumentStatement, Statement
from exequatur.interfaces.api import owe
from exequatur.model.money import round_money
from exequatur.reports.itemized import render
from tests.conftest import EXAMPLE
from tests.engine.test_itemization import NEW_YORK

#: A figure as the statement prints it: digits in groups of three and two decimals.
FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")


def _drawn(statement: Statement, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(render(statement, detail=True))
    return out.getvalue()


def _figures(result: InstrumentStatement) -> set[str]:
    """Every figure the itemization must show in full: each line's amount, base and balance, and the totals."""
    cur = result.currency

    def fmt(x: object) -> str:
        return f"{round_money(x, cur):,.2f}"  # type: ignore[arg-type]

    found = {fmt(result.total), fmt(result.principal), fmt(result.interest)}
    for line in result.lines:
        found |= {fmt(line.balance.principal), fmt(line.balance.interest), fmt(line.balance.total)}
        if isinstance(line, AccrualLine):
            found |= {fmt(line.cents), fmt(line.base)}
    return found


@pytest.fixture(scope="module")
def new_york(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ny") / "ny.yaml"
    path.write_text(NEW_YORK, encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("which", ["new-york", "rusoro"])
def test_no_figure_is_cut_at_80_or_120_columns(width: int, which: str, new_york: Path) -> None:
    statement = owe(new_york, date(2026, 12, 1)) if which == "new-york" else owe(EXAMPLE, date(2023, 8, 14))
    text = _drawn(statement, width)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    shown = set(FIGURE.findall(text))
    for result in statement.instruments:
        assert isinstance(result, InstrumentStatement)
        missing = _figures(result) - shown
        assert not missing, f"{result.id} at {width} columns lacks {sorted(missing)[:5]}"


def test_the_new_york_statement_shows_its_hand_figures(new_york: Path) -> None:
    text = _drawn(owe(new_york, date(2026, 12, 1)), 120)
    # The line that ends at the second payment, the interest it leaves unpaid, and the per diem (see
    # tests/engine/test_itemization.py for the arithmetic).
    assert re.search(r"2020-01-15\s+2022-07-01\s+judgment\s+898\s+243,931\.51\s+9% act/365\s+54,012\.45", text)
    assert re.search(r"2022-07-01\s+payment\s+-50,000\.00\s+243,931\.51\s+4,012\.45\s+247,943\.96", text)
    assert re.search(r"per diem\s+USD 60\.15 a day after 2026-12-01", text)
    assert "source: wire received" in text
    assert re.search(r"source of judgment\s+Judgment entered 2019-06-03, ¶ 1", text)


def test_a_narrow_terminal_gets_the_stacked_layout_with_the_same_figures(new_york: Path) -> None:
    statement = owe(new_york, date(2026, 12, 1))
    narrow, wide = _drawn(statement, 80), _drawn(statement, 120)
    assert "balance after" in narrow
    assert "balance after" not in wide
    assert set(FIGURE.findall(narrow)) >= _figures(statement.instruments[0])  # type: ignore[arg-type]


def test_in_a_pipe_no_figure_is_cut(new_york: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "exequatur", "owe", str(EXAMPLE), "--as-of", "2023-08-14", "--detail"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "…" not in out.stdout
    assert "\x1b[" not in out.stdout
    assert "1,822,069,710.68" in out.stdout


def _at(renderable: object, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_compare_waterfall_and_record_cut_nothing(width: int) -> None:
    from exequatur.engine.compare import compare
    from exequatur.interfaces.api import matter, rate_book
    from exequatur.reports.itemized import render_comparison, render_record, render_waterfall
    from tests.reports.test_charts import venezuela

    book = rate_book()
    rusoro = matter(EXAMPLE, book)
    forums = ["US-NY", "US-FED", "CA-ON", "GB-EW"]
    comparison = compare(rusoro, "award", forums, date(2017, 4, 25), date(2025, 5, 1), book)
    for drawn in (render_comparison(comparison), render_waterfall(venezuela()), render_record(rusoro)):
        text = _at(drawn, width)
        assert "…" not in text
        assert max(len(line) for line in text.splitlines()) <= width
    compared = _at(render_comparison(comparison), width)
    # The Ontario judgment's Canadian-dollar equivalent, and every forum's name, in full at every width.
    assert "CAD 2,030,605,153.09" in compared
    assert all(f"judgment in {code}" in " ".join(compared.split()) for code in forums)
