"""The statement on a terminal: at any width and in a pipe, no figure is ever cut."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from exequatur.engine.results import AccrualLine, InstrumentStatement, PaymentLine, Statement
from exequatur.interfaces.api import owe
from exequatur.model.money import round_money
from exequatur.reports.itemized import render
from tests.conftest import EXAMPLE
from tests.engine.test_itemization import NEW_YORK
from tests.reports.test_fit import whole_figures

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


#: The wide itemization's header: one column per field.
WIDE_HEADER = re.compile(r"from\s+to\s+component\s+days\s+base\s+rate\s+amount\s+principal\s+interest\s+owed\s+ref")


@pytest.fixture(scope="module")
def rusoro() -> Statement:
    return owe(EXAMPLE, date(2023, 8, 14))


def _shown(result: InstrumentStatement) -> set[str]:
    """Every figure the wide layout shows: the itemization's (`_figures`), each component's, and each payment."""
    cur = result.currency

    def fmt(x: Decimal) -> str:
        return f"{round_money(x, cur):,.2f}"

    found = _figures(result)
    for c in result.components:
        found |= {fmt(c.awarded), fmt(c.principal), fmt(c.interest), fmt(c.principal + c.interest)}
    for line in result.lines:
        if isinstance(line, PaymentLine):
            found.add(f"-{fmt(line.amount)}")
    return found


@pytest.mark.parametrize("width", [20, 30, 40, 60, 200])
def test_the_rusoro_itemization_shows_every_figure_whole_at_any_width(width: int, rusoro: Statement) -> None:
    text = _drawn(rusoro, width)
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= width
    wide = set(FIGURE.findall(_drawn(rusoro, 200)))
    shown = whole_figures(text)
    for result in rusoro.instruments:
        assert isinstance(result, InstrumentStatement)
        expected = _shown(result)
        assert expected <= wide  # the control: these are the wide layout's figures
        missing = expected - shown
        assert not missing, f"{result.id} at {width} columns lacks {sorted(missing)[:5]}"
        if width >= 40:  # down to 40 columns (and at 30 for this matter) not one figure folds
            assert not expected - set(FIGURE.findall(text))


def _key(text: str) -> str:
    return " ".join(text.split())


def test_the_itemization_takes_the_widest_of_its_three_layouts_that_fits(rusoro: Statement) -> None:
    wide, stacked, listed = _drawn(rusoro, 200), _drawn(rusoro, 100), _drawn(rusoro, 40)
    assert WIDE_HEADER.search(wide)
    assert not WIDE_HEADER.search(stacked)
    assert not WIDE_HEADER.search(listed)
    assert "balance after" in stacked
    assert "balance after" not in wide
    assert "balance after" not in listed
    # The narrowest: each line as a heading (its dates and what it is), then each figure under its name.
    award = rusoro.instruments[0]
    assert isinstance(award, InstrumentStatement)
    first = award.lines[0]
    assert isinstance(first, AccrualLine)

    def fmt(x: Decimal) -> str:
        return f"{round_money(x, award.currency):,.2f}"

    heading = f"{first.start} to {first.end} {first.component}: {first.days} days × {first.rate}% act/365 on"
    assert f"{heading} {fmt(first.base)} [1] [r1]" in _key(listed)
    balance = first.balance
    for name, figure in (("amount", first.cents), ("principal", balance.principal), ("owed", balance.total)):
        assert re.search(rf"^  {name} +{re.escape(fmt(figure))}$", listed, re.M), name
    # The P/I/T key belongs to the stacked layout; the others name their figures.
    assert "P = principal unpaid" in _key(stacked)
    for named in (wide, listed):
        assert "P = principal unpaid" not in _key(named)
        assert "Principal and interest are what is unpaid after the line" in _key(named)
    # Each layout numbers its own references, and its legend explains the same ones.
    refs = re.compile(r"\[(?:r|p)?\d+\]")
    assert set(refs.findall(listed)) == set(refs.findall(wide))


@pytest.mark.parametrize("width", [30, 40, 60, 200])
def test_compare_waterfall_and_record_show_every_figure_whole_at_any_width(width: int) -> None:
    from exequatur.engine.compare import compare
    from exequatur.interfaces.api import matter, rate_book
    from exequatur.reports.itemized import render_comparison, render_record, render_waterfall
    from tests.reports.test_charts import venezuela

    book = rate_book()
    rusoro = matter(EXAMPLE, book)
    forums = ["US-NY", "US-FED", "CA-ON", "GB-EW"]
    comparison = compare(rusoro, "award", forums, date(2017, 4, 25), date(2025, 5, 1), book)
    distributed = venezuela()

    def fmt(x: Decimal, cur: str) -> str:
        return f"{round_money(x, cur):,.2f}"

    compared: set[str] = set()
    for projection in (comparison.baseline, *comparison.forums):
        result = projection.result
        assert isinstance(result, InstrumentStatement)
        at_entry = sum((c.awarded for c in result.components), Decimal(0))
        compared |= {fmt(result.total, result.currency), fmt(at_entry, result.currency)}
        if result.equivalent is not None:
            compared.add(fmt(result.equivalent.converted, result.equivalent.target_currency))
    allocated = {fmt(x, distributed.currency) for a in distributed.allocations for x in (a.allocated, a.shortfall)}
    for drawn, figures in (
        (render_comparison(comparison), compared),
        (render_waterfall(distributed), allocated),
        (render_record(rusoro), set()),
    ):
        text = _at(drawn, width)
        assert "…" not in text
        assert max(len(line) for line in text.splitlines()) <= width
        assert figures <= whole_figures(text)
        if width >= 40:
            assert figures <= set(FIGURE.findall(text)), f"a figure folds at {width} columns"
    if width == 200:  # the wide table, one column per field
        header = re.compile(r"forum\s+┃\s+rule\s+┃\s+rate\s+┃\s+at entry\s+┃\s+owed")
        assert header.search(_at(render_comparison(comparison), width))
