"""Forum comparison: each forum's hypothetical judgment computed by the same engine, with hand-worked figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exequatur.engine.compare import compare
from exequatur.engine.results import InstrumentStatement
from exequatur.interfaces.api import rate_book
from exequatur.model.errors import ExequaturError
from exequatur.reports.charts import comparison_html, comparison_png
from tests.conftest import matter_from

MATTER = """
matter: cmp
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2020-01-01, currency: USD, amounts: [{label: damages, amount: "1000000"}],
     interest: [{from: 2020-01-01, rate: "5%"}]}
"""


def run() -> object:
    return compare(
        matter_from(MATTER), "a", ["US-NY", "US-FED"], date(2021, 1, 6), date(2022, 1, 6), rate_book(), steps=4
    )


def test_each_forum_by_hand() -> None:
    # Carried on Wed 2021-01-06: 1,000,000 x 0.05 x 371/365 = 50,821.92 of interest, a second component.
    # US-NY, 9% simple for 365 days: 90,000.00 + 4,573.97 (50,821.92 x 0.09) -> total 1,145,395.89.
    # US-FED: the latest H.15 release before entry is Mon 2021-01-04, week ending 2021-01-01: 0.11%;
    #   one whole year: 1,100.00 + 55.90 (50,821.92 x 0.0011 = 55.904) -> total 1,051,977.82.
    # Baseline, the award on its own 5% for 736 days: 100,821.92 -> total 1,100,821.92.
    comparison = run()
    by_forum = {p.forum: p.result for p in comparison.forums}  # type: ignore[attr-defined]
    ny, fed = by_forum["US-NY"], by_forum["US-FED"]
    assert isinstance(ny, InstrumentStatement)
    assert isinstance(fed, InstrumentStatement)
    assert ny.total == Decimal("1145395.89")
    assert fed.total == Decimal("1051977.82")
    assert fed.regime[0].basis.rate_row is not None
    assert fed.regime[0].basis.rate_row.on == date(2021, 1, 1)
    baseline = comparison.baseline.result  # type: ignore[attr-defined]
    assert isinstance(baseline, InstrumentStatement)
    assert baseline.total == Decimal("1100821.92")


def test_paths_run_from_recognition_to_the_end_date() -> None:
    comparison = run()
    for projection in comparison.forums:  # type: ignore[attr-defined]
        assert projection.path[0][0] == date(2021, 1, 6)
        assert projection.path[-1][0] == date(2022, 1, 6)
        totals = [t for _, t in projection.path]
        assert totals == sorted(totals)


def test_bad_requests_are_errors() -> None:
    with pytest.raises(ExequaturError, match="unknown forum"):
        compare(matter_from(MATTER), "a", ["XX"], date(2021, 1, 6), date(2022, 1, 6), rate_book())
    with pytest.raises(ExequaturError, match="before"):
        compare(matter_from(MATTER), "a", ["US-NY"], date(2022, 1, 6), date(2021, 1, 6), rate_book())


def test_charts_are_written(tmp_path: Path) -> None:
    comparison = run()
    png = comparison_png(comparison, tmp_path / "c.png")  # type: ignore[arg-type]
    html = comparison_html(comparison, tmp_path / "c.html")  # type: ignore[arg-type]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = html.read_text(encoding="utf-8")
    assert "judgment in US-NY" in page
    assert "plotly" in page.lower()
