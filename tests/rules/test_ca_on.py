"""CJA s.127(1): the quarterly rates derived from the Bank Rate, checked against what Ontario and the Bank publish."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import InstrumentFailure
from exequatur.interfaces.api import rate_book
from exequatur.model.errors import RuleError
from exequatur.model.interest import Compounding
from exequatur.model.rates import RateBook, RatePoint, RateSeries
from exequatur.model.source import Source
from exequatur.rules.ca_on import BANK_RATE_TABLE, postjudgment_rate, prejudgment_rate, reference_day
from tests.conftest import matter_from, position


@pytest.fixture(scope="module")
def book() -> RateBook:
    return rate_book()


@pytest.mark.parametrize(
    ("day", "reference"),
    [
        # s.127(1): "the first day of the last month of the quarter preceding the quarter in which" the day falls;
        # quarters end 31 March, 30 June, 30 September and 31 December.
        (date(2017, 1, 1), date(2016, 12, 1)),
        (date(2017, 3, 31), date(2016, 12, 1)),
        (date(2017, 4, 1), date(2017, 3, 1)),
        (date(2017, 6, 30), date(2017, 3, 1)),
        (date(2017, 7, 1), date(2017, 6, 1)),
        (date(2017, 9, 30), date(2017, 6, 1)),
        (date(2017, 10, 1), date(2017, 9, 1)),
        (date(2017, 12, 31), date(2017, 9, 1)),
    ],
)
def test_reference_day(day: date, reference: date) -> None:
    assert reference_day(day) == reference


# Quarterly rates Ontario published (s.127(2), O. Reg. 339/07), as quoted where found. Only what could be found
# is here: the ontario.ca table itself was not reachable (see /work/shared/data/ca_on_published_rates_found.md).
PUBLISHED = [
    (
        (2021, 1),
        "prejudgment",
        Decimal("0.5"),
        "ontario.ca, Prejudgment and postjudgment interest rates: 'if you made a claim for $40,000 in February "
        "2021, the interest rate you can claim is 0.5%'",
    ),
    (
        # Bank Rate on 2026-03-01: 2.50 (in force since 2025-10-30; daily V39079 shows no change to 2026-08-06).
        (2026, 2),
        "prejudgment",
        Decimal("2.5"),
        "jkleiman.com, Ontario Prejudgment Interest Calculator: 'The current prejudgment rate (Q2 2026) is 2.5%'",
    ),
]

# Published, but for quarters the Bank Rate table does not reach: the rule must say so, not guess.
PUBLISHED_OUTSIDE_THE_TABLE = [
    (
        (1992, 4),
        "prejudgment",
        Decimal("5.1"),
        "cavanagh.ca/blog/?p=667 on Agribrands Purina v. Kasamekas, 2010 ONSC 2597: 'the rate of interest for "
        "actions commenced during that quarter [Q4 1992] was 5.1 percent'",
    ),
    (
        # Q4 2026 reads the Bank Rate of 2026-09-01, after the table's last covered day (2026-08-06); no published
        # Q4 2026 figure was found, so the rule must refuse (the figure here is never read).
        (2026, 4),
        "prejudgment",
        Decimal("0"),
        "no published value: the quarter lies past the table",
    ),
]


def first_day(quarter: tuple[int, int]) -> date:
    year, q = quarter
    return date(year, 3 * q - 2, 1)


def derive(kind: str, day: date, book: RateBook) -> Decimal:
    rate, _ = (postjudgment_rate if kind == "postjudgment" else prejudgment_rate)(day, book)
    return rate


@pytest.mark.parametrize(("quarter", "kind", "published", "where"), PUBLISHED)
def test_derived_rate_equals_the_published_rate(
    quarter: tuple[int, int], kind: str, published: Decimal, where: str, book: RateBook
) -> None:
    start = first_day(quarter)
    # Any day of the quarter gives the same rate: the first and the last are checked.
    last = first_day((quarter[0] + quarter[1] // 4, quarter[1] % 4 + 1)) - timedelta(days=1)
    assert derive(kind, start, book) == published, where
    assert derive(kind, last, book) == published, where


@pytest.mark.parametrize(("quarter", "kind", "published", "where"), PUBLISHED_OUTSIDE_THE_TABLE)
def test_published_rate_outside_the_table_is_refused_not_guessed(
    quarter: tuple[int, int], kind: str, published: Decimal, where: str, book: RateBook
) -> None:
    day = first_day(quarter)
    with pytest.raises(RuleError, match=f"no Bank Rate for {reference_day(day)}"):
        derive(kind, day, book)


# The Bank of Canada's official monthly Bank Rate, series V122530 ("values for the last Wednesday of each month"),
# as shown by the bankofcanada.ca 10-year lookup pages for 2009-06 to 2019-06 and 2011-12 to 2021-12, as runs of
# (first month, last month, value). An independent check of the table built from announcements and from V39079.
V122530 = [
    ((2009, 6), (2010, 5), "0.50"),
    ((2010, 6), (2010, 6), "0.75"),
    ((2010, 7), (2010, 8), "1.00"),
    ((2010, 9), (2014, 12), "1.25"),
    ((2015, 1), (2015, 6), "1.00"),
    ((2015, 7), (2017, 6), "0.75"),
    ((2017, 7), (2017, 8), "1.00"),
    ((2017, 9), (2017, 12), "1.25"),
    ((2018, 1), (2018, 6), "1.50"),
    ((2018, 7), (2018, 9), "1.75"),
    ((2018, 10), (2019, 12), "2.00"),
]


def last_wednesday(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 2) % 7)


def test_table_matches_the_official_monthly_bank_rate(book: RateBook) -> None:
    series = book.get(BANK_RATE_TABLE, on=date(2009, 6, 1))
    checked = 0
    for (y0, m0), (y1, m1), value in V122530:
        year, month = y0, m0
        while (year, month) <= (y1, m1):
            wednesday = last_wednesday(year, month)
            assert series.on_or_before(wednesday).value == Decimal(value), wednesday
            checked += 1
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    assert checked == 127


def test_every_row_cites_its_source(book: RateBook) -> None:
    series = book.get(BANK_RATE_TABLE, on=date(2020, 1, 1))
    assert all(point.note and len(point.note) > 20 for point in series.points)


@pytest.mark.parametrize(
    ("order", "postjudgment", "prejudgment"),
    [
        # A decision announced on the reference day itself. Before 2021 it took effect that day: the BoC release
        # of 1 Jun 2010 raised the Bank Rate to 3/4 per cent, so at the end of 1 Jun 2010 it was 0.75 (not 0.50):
        # post 1 + 1 = 2, pre 0.8.
        (date(2010, 8, 16), Decimal(2), Decimal("0.8")),
        # From 2021 a change takes effect the day after its announcement (BoC key interest rate page): the
        # increase announced 1 Jun 2022 (Bank Rate 1 3/4) counts from 2 Jun, so 1.25 at the end of 1 Jun 2022:
        # post 2 + 1 = 3, pre 1.3 (the tie rounded up).
        (date(2022, 8, 16), Decimal(3), Decimal("1.3")),
        # Bank Rate 1.25 (8 Sep 2010 to 20 Jan 2015): post 2 + 1 = 3, pre 1.3.
        (date(2014, 2, 3), Decimal(3), Decimal("1.3")),
        # Bank Rate 4.75 on 1 Mar 2023 (from 26 Jan 2023): post 5 + 1 = 6, pre 4.8.
        (date(2023, 5, 1), Decimal(6), Decimal("4.8")),
        # The first quarter the table reaches: 1 Dec 2001, Bank Rate 2.50 (target 2.25 from 27 Nov 2001): 3 + 1.
        (date(2002, 1, 2), Decimal(4), Decimal("2.5")),
    ],
)
def test_rates_derived_by_hand(order: date, postjudgment: Decimal, prejudgment: Decimal, book: RateBook) -> None:
    assert postjudgment_rate(order, book)[0] == postjudgment
    assert prejudgment_rate(order, book)[0] == prejudgment


def one_row(value: str) -> RateSeries:
    point = RatePoint(on=date(2000, 1, 1), value=Decimal(value), source=Source("<test>", 1))
    return RateSeries(
        id=BANK_RATE_TABLE,
        title="t",
        source="t",
        points=(point,),
        origin="<test>",
        max_gap_days=None,
        covered_until=date(2030, 1, 1),
    )


@pytest.mark.parametrize(
    ("bank_rate", "postjudgment", "prejudgment"),
    [
        ("4.00", "5", "4.0"),  # no fraction: not rounded
        ("4.01", "6", "4.0"),  # any fraction rounds up to the next whole number
        ("4.10", "6", "4.1"),
        ("4.25", "6", "4.3"),  # a quarter point is a tie to the nearest tenth: rounded up
        ("4.74", "6", "4.7"),
    ],
)
def test_rounding(bank_rate: str, postjudgment: str, prejudgment: str) -> None:
    series = one_row(bank_rate)
    assert postjudgment_rate(date(2020, 5, 1), series)[0] == Decimal(postjudgment)
    assert prejudgment_rate(date(2020, 5, 1), series)[0] == Decimal(prejudgment)


ONTARIO = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: CA-ON, date: DATE, currency: CUR, amounts: [{label: judgment, amount: "100000"}]}
"""


def test_one_fixed_simple_term_with_its_basis() -> None:
    # Order of 25 Apr 2017: 2% (Bank Rate 0.75 on 1 Mar 2017). Two years later (730 days):
    # 100,000 x 0.02 x 730/365 = 4,000.00, no interest on interest.
    result = position(ONTARIO.replace("DATE", "2017-04-25").replace("CUR", "CAD"), date(2019, 4, 25))
    (regime,) = result.regime
    assert regime.term.compounding is Compounding.NONE
    assert regime.term.rate.percent == 2  # type: ignore[union-attr]
    assert result.interest == Decimal("4000.00")
    basis = regime.basis
    assert basis.rate_row is not None
    assert (basis.rate_row.on, basis.rate_row.value) == (date(2015, 7, 15), Decimal("0.75"))
    assert "s.127(1)" in basis.citation
    assert "s.129(5)" in basis.explanation
    assert "s.130" in basis.explanation
    assert "Q2 2017" in basis.explanation
    assert all(len(p) > 10 for p in basis.parameters)


def test_foreign_currency_order_accrues_in_its_currency_and_names_s121() -> None:
    result = position(ONTARIO.replace("DATE", "2017-04-25").replace("CUR", "USD"), date(2019, 4, 25))
    assert result.interest == Decimal("4000.00")
    assert "s.121" in result.regime[0].basis.explanation


def test_order_after_the_table_ends_names_the_missing_day() -> None:
    statement = accrue(
        matter_from(ONTARIO.replace("DATE", "2026-10-01").replace("CUR", "CAD")), date(2026, 11, 1), rate_book()
    )
    failure = statement.instruments[0]
    assert isinstance(failure, InstrumentFailure)
    assert "2026-09-01" in failure.message
    assert BANK_RATE_TABLE in failure.message
