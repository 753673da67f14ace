"""What a table's end keeps from being computed. The probes ask the forums' own rules; the expected dates below
are worked out by hand from the statutes' readings of the tables (cited in each test)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from exequatur.interfaces.api import rate_book
from exequatur.io.ratestale import table_status
from exequatur.model.rates import RateBook, RatePoint, RateSeries
from exequatur.model.source import Source
from tests.interfaces.test_cli import run

HERE = Source("<test>", 1)


def daily(table: str, first: date, last: date, value: str, quote: str | None = None) -> RateSeries:
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return RateSeries(
        id=table,
        title="test",
        source="test",
        origin="test",
        max_gap_days=5,
        quote=quote,
        points=tuple(RatePoint(d, Decimal(value), HERE) for d in days if d.weekday() < 5),
    )


def status_of(tables: dict[str, RateSeries], on: date) -> dict[str, tuple[str, ...]]:
    book = RateBook.of(tables.values(), rate_book().shipped)  # the test's tables replace the shipped ones
    return {s.table: s.blocked for s in table_status(tables, on, book) if s.stale}


def test_federal_judgments_after_the_last_week_cannot_be_computed() -> None:
    # §1961(a): "the calendar week preceding the date of the judgment". With the last row the week ending Fri
    # 2020-01-10, a judgment entered any day of the week Mon 13 to Sun 19 Jan reads that week; one entered Mon
    # 2020-01-20 needs the week ending 2020-01-17, which the table lacks.
    weeks = [date(2019, 1, 4) + timedelta(days=7 * i) for i in range(54)]
    assert weeks[-1] == date(2020, 1, 10)
    cmt = RateSeries(
        id="us-1y-cmt-weekly",
        title="t",
        source="t",
        origin="t",
        points=tuple(RatePoint(d, Decimal("1.5"), HERE) for d in weeks),
    )
    blocked = status_of({"us-1y-cmt-weekly": cmt}, date(2020, 3, 1))
    assert blocked == {"us-1y-cmt-weekly": ("US-FED judgments entered after 2020-01-19 cannot be computed",)}


def test_ontario_judgments_after_the_quarter_whose_reference_day_is_covered() -> None:
    # CJA s.127(1): an order's rate is the Bank Rate on the first day of the last month of the preceding quarter.
    # Covered to 2020-01-28: orders of Q1 2020 read 2019-12-01 (covered); orders from 1 Apr read 2020-03-01 (not).
    bank = RateSeries(
        id="ca-boc-bank-rate",
        title="t",
        source="t",
        origin="t",
        max_gap_days=None,
        covered_until=date(2020, 1, 28),
        points=(RatePoint(date(2018, 10, 25), Decimal("2.0"), HERE),),
    )
    blocked = status_of({"ca-boc-bank-rate": bank}, date(2020, 6, 1))
    assert blocked == {"ca-boc-bank-rate": ("CA-ON judgments entered after 2020-03-31 cannot be computed",)}


def test_no_french_judgment_can_be_computed_past_the_last_half_year() -> None:
    # C. mon. fin. L313-2: each half-year has its own rate, so every judgment needs the rate of every half-year up
    # to the date computed to. Interest runs for the days before that date: to 2020-07-01 it needs only 2020 S1.
    halves = [date(y, m, 1) for y in (2018, 2019, 2020) for m in (1, 7)][:-1]  # 2018 S1 to 2020 S1
    tables = {
        t: RateSeries(
            id=t,
            title="t",
            source="t",
            origin="t",
            max_gap_days=183,
            covered_until=date(2020, 6, 30),
            points=tuple(RatePoint(d, Decimal("0.8"), HERE) for d in halves),
        )
        for t in ("fr-taux-legal-particuliers", "fr-taux-legal-professionnels")
    }
    blocked = status_of(tables, date(2020, 12, 1))
    assert blocked == dict.fromkeys(tables, ("no FR judgment can be computed to a date after 2020-07-01",))


def test_an_exchange_table_that_ends_sends_conversions_to_others_until_they_end() -> None:
    # H.10 USD/CAD ends Fri 2020-01-10 (5-day gap: to 2020-01-15); the ECB's CAD per euro ends Fri 2020-01-17 (to
    # 2020-01-22). USD/CAD then goes through the euro until 2020-01-22, both legs from the ECB's fixing (the
    # conversion rule: a cross rate takes both legs from one source; the shipped ECB USD table covers 2020).
    tables = {
        "fx-usd-cad": daily("fx-usd-cad", date(2019, 1, 1), date(2020, 1, 10), "1.3", "CAD per USD"),
        "fx-ecb-eur-cad": daily("fx-ecb-eur-cad", date(2019, 1, 1), date(2020, 1, 17), "1.45", "CAD per EUR"),
    }
    blocked = status_of(tables, date(2020, 3, 1))
    assert blocked["fx-usd-cad"] == (
        "USD/CAD conversions after 2020-01-15 use fx-ecb-eur-cad, fx-ecb-eur-usd (until 2020-01-22)",
    )
    assert "EUR/CAD conversions after 2020-01-22 cannot be made" in blocked["fx-ecb-eur-cad"]
    assert "USD/CAD conversions after 2020-01-22 cannot be made" in blocked["fx-ecb-eur-cad"]


def test_a_table_no_forum_reads_says_what_its_end_means() -> None:
    sofr = daily("usd-sofr", date(2019, 1, 1), date(2019, 12, 31), "2.0")
    blocked = status_of({"usd-sofr": sofr}, date(2020, 3, 1))
    assert blocked["usd-sofr"][0].startswith("lookups after 2020-01-05 fail")  # 2019-12-31 (Tue) + 5 days


def test_rates_stale_command_exits_1_and_names_what_is_blocked() -> None:
    out = run("rates", "stale", "--on", "2099-01-01")
    assert out.returncode == 1
    lines = {line.split(":")[0]: line for line in out.stdout.splitlines()}
    assert "US-FED judgments entered after" in lines["us-1y-cmt-weekly"]
    assert "no FR judgment can be computed to a date after" in lines["fr-taux-legal-professionnels"]
    assert "days before 2099-01-01" in lines["usd-sofr"]
    assert "rates fetch" in out.stdout.splitlines()[-1]
    early = run("rates", "stale", "--on", "2020-01-01")
    assert early.returncode == 0, early.stdout
    assert "up to date on 2020-01-01" in early.stdout
