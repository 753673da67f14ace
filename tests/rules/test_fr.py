"""C. mon. fin. L313-2, L313-3: each half-year's legal rate in turn, +5 points two months after enforceability."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exequatur.interfaces.api import rate_book
from exequatur.model.errors import RateLookupError, RuleError
from exequatur.model.rates import RateBook, RatePoint, RateSeries
from exequatur.model.source import Source
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.forum import RuleContext
from exequatur.rules.fr import PARTICULIERS, PROFESSIONNELS, FrenchLegalInterest, increase_starts
from tests.conftest import matter_from, position

FR = """
matter: t
creditor: {name: C, private_individual: PRIVATE}
debtor: {name: D}
instruments:
  - id: j
    kind: judgment
    forum: FR
    date: DATE
    currency: EUR
    amounts: [{label: condamnation, amount: "AMOUNT"}]
"""


def fr(day: str, *, private: bool = False, enforceable: str | None = None, amount: str = "10000") -> str:
    text = FR.replace("DATE", day).replace("PRIVATE", str(private).lower()).replace("AMOUNT", amount)
    if enforceable is not None:
        text += f"    enforceable: {enforceable}\n"
    return text


def regime(text: str, as_of: date, book: RateBook | None = None) -> tuple[RegimeTerm, ...]:
    matter = matter_from(text)
    context = RuleContext(rates=book or rate_book(), as_of=as_of, creditor=matter.creditor)
    return FrenchLegalInterest().regime(matter.instrument("j"), context)


def test_one_term_per_half_year_and_the_increase_cuts_its_half_year() -> None:
    # Judgment 2019-06-03, served 2019-06-20: two months expire 2019-08-20, +5 points from 2019-08-21.
    terms = regime(fr("2019-06-03", enforceable="2019-06-20"), date(2020, 2, 1))
    spans = [(t.term.start, t.term.until) for t in terms]
    assert spans == [
        (date(2019, 6, 3), date(2019, 7, 1)),
        (date(2019, 7, 1), date(2019, 8, 21)),
        (date(2019, 8, 21), date(2020, 1, 1)),
        (date(2020, 1, 1), date(2020, 7, 1)),
    ]
    # "Autres cas" rates (service-public.fr F783): 2019 S1 0.86, 2019 S2 0.87, 2020 S1 0.87; +5 once increased.
    assert [t.term.rate.percent for t in terms] == [  # type: ignore[union-attr]
        Decimal("0.86"),
        Decimal("0.87"),
        Decimal("5.87"),
        Decimal("5.87"),
    ]
    rows = [t.basis.rate_row for t in terms]
    assert all(r is not None and r.table == PROFESSIONNELS for r in rows)
    assert [r.on for r in rows if r is not None] == [
        date(2019, 1, 1),
        date(2019, 7, 1),
        date(2019, 7, 1),
        date(2020, 1, 1),
    ]
    assert "L313-3" in terms[2].basis.citation
    assert "L313-3" not in terms[1].basis.citation
    assert "arrêté fixing the legal rate for the 2nd half of 2019" in terms[1].basis.citation


def test_a_private_individual_creditor_takes_the_particuliers_rate() -> None:
    terms = regime(fr("2019-06-03", private=True, enforceable="2019-06-20"), date(2019, 7, 2))
    # Particuliers rates (F783): 3.40 for 2019 S1, 3.26 for 2019 S2.
    assert [t.term.rate.percent for t in terms] == [Decimal("3.40"), Decimal("3.26")]  # type: ignore[union-attr]
    assert all(t.basis.rate_row is not None and t.basis.rate_row.table == PARTICULIERS for t in terms)
    assert "natural person not acting for professional purposes" in terms[0].basis.explanation


def test_a_leap_year_still_divides_by_365() -> None:
    # F783: "même si 2016 est une année bissextile, il faut utiliser 36 500". 2024 S1, private individual, 8.01%
    # (F783), served 2024-06-01 so no increase before 2024-08-02. 2024-01-01 to 2024-07-01 = 182 days:
    # 10,000 x 8.01 x 182 / 36,500 = 399.4027 -> 399.40 (dividing by 366 would give 398.30).
    result = position(fr("2024-01-01", private=True, enforceable="2024-06-01"), date(2024, 7, 1))
    assert result.interest == Decimal("399.40")


def test_the_two_months_end_on_the_last_day_of_a_shorter_month() -> None:
    # CPC art. 641 al. 2: two months from 31 Dec 2023 expire 29 Feb 2024; the increase runs from 1 March 2024.
    assert increase_starts(date(2023, 12, 31), 2) == date(2024, 3, 1)
    assert increase_starts(date(2015, 9, 17), 2) == date(2015, 11, 18)  # service-public.fr F783 example
    terms = regime(fr("2023-12-15", private=True, enforceable="2023-12-31"), date(2024, 4, 1))
    assert [t.term.start for t in terms] == [date(2023, 12, 15), date(2024, 1, 1), date(2024, 3, 1)]
    # 2023 S2 6.82, 2024 S1 8.01 (F783), +5 points from 1 March 2024.
    assert [t.term.rate.percent for t in terms] == [  # type: ignore[union-attr]
        Decimal("6.82"),
        Decimal("8.01"),
        Decimal("13.01"),
    ]


def test_without_a_date_of_service_the_increase_is_left_out_and_said() -> None:
    # Cass. 2e civ. 12 Jan 2023, n° 20-20.063: the two months run from service; no date, no increase.
    terms = regime(fr("2019-06-03"), date(2019, 9, 1))
    assert [t.term.start for t in terms] == [date(2019, 6, 3), date(2019, 7, 1)]  # half-years only
    assert all(t.basis.rule == "French legal interest" for t in terms)
    assert "WITHOUT the +5 points" in terms[0].basis.explanation
    assert "20-20.063" in terms[0].basis.explanation
    assert "enforceable:" in terms[0].basis.explanation


def test_with_a_date_of_service_the_increase_starts_two_months_later() -> None:
    terms = regime(fr("2019-06-03", enforceable="2019-06-03"), date(2019, 9, 1))
    assert terms[-1].term.start == date(2019, 8, 4)  # two months from 2019-06-03 expire 2019-08-03


def test_the_basis_says_simple_interest_and_the_judges_power() -> None:
    basis = regime(fr("2019-06-03"), date(2019, 6, 10))[0].basis
    assert "1343-2" in basis.explanation
    assert "juge de l'exécution" in basis.explanation
    assert "1/365" in basis.explanation
    assert any("F783" in p for p in basis.parameters)


def test_an_enforceability_date_before_the_decision_is_refused() -> None:
    with pytest.raises(RuleError, match="before the decision's date"):
        regime(fr("2019-06-03", enforceable="2019-05-01"), date(2019, 9, 1))


def test_a_judgment_asked_about_on_its_own_day_still_shows_its_rule() -> None:
    terms = regime(fr("2019-06-03"), date(2019, 6, 3))
    assert len(terms) == 1
    assert terms[0].term.until == date(2019, 7, 1)


def holed(table: str) -> RateBook:
    """The shipped tables, with `table` replaced by one that lacks the first half of 2022."""
    here = Source("<test>", 1)
    rows = [(date(2021, 7, 1), "0.76"), (date(2022, 7, 1), "0.77")]
    series = RateSeries(
        id=table,
        title="test",
        source="test",
        origin="test",
        max_gap_days=183,
        points=tuple(RatePoint(on=d, value=Decimal(v), source=here) for d, v in rows),
    )
    return RateBook.of([series], rate_book().shipped)


@pytest.mark.parametrize(("private", "table"), [(False, PROFESSIONNELS), (True, PARTICULIERS)])
def test_a_half_year_missing_from_the_table_is_an_error_naming_it(private: bool, table: str) -> None:
    with pytest.raises(RateLookupError, match=table) as caught:
        regime(fr("2022-02-01", private=private), date(2022, 3, 1), holed(table))
    assert caught.value.table == table


def test_a_hole_crossed_later_in_the_judgments_life_is_an_error_too() -> None:
    # Judgment in 2021 S2, asked about in 2022 S2: the 2022 S1 row is needed and missing.
    with pytest.raises(RateLookupError, match=PROFESSIONNELS):
        regime(fr("2021-11-15"), date(2022, 8, 1), holed(PROFESSIONNELS))


def test_the_half_years_added_from_their_arretes_are_read() -> None:
    # 2022 S1: 3.13% and 0.76% (arrêté of 26 Dec 2021); 2024 S1 others: 5.07% (arrêté of 21 Dec 2023).
    assert regime(fr("2022-02-01", private=True), date(2022, 3, 1))[0].term.rate.percent == Decimal("3.13")  # type: ignore[union-attr]
    assert regime(fr("2022-02-01"), date(2022, 3, 1))[0].term.rate.percent == Decimal("0.76")  # type: ignore[union-attr]
    assert regime(fr("2024-02-01"), date(2024, 3, 1))[0].term.rate.percent == Decimal("5.07")  # type: ignore[union-attr]


def test_2024_first_half_is_there_for_private_individuals() -> None:
    terms = regime(fr("2024-02-01", private=True), date(2024, 3, 1))
    assert terms[0].term.rate.percent == Decimal("8.01")  # type: ignore[union-attr]


def test_dates_outside_the_tables_are_errors() -> None:
    with pytest.raises(RateLookupError, match="covers"):
        regime(fr("2026-05-01"), date(2026, 8, 1))  # tables cover to 2026-06-30
    with pytest.raises(RateLookupError):
        regime(fr("2008-06-01"), date(2008, 9, 1))  # tables start 2009-01-01


def test_a_missing_july_row_is_not_replaced_by_the_january_row() -> None:
    # Jan 1 to Jul 1 is 181 days, within the table's 183-day gap; the rule must still refuse.
    here = Source("<test>", 1)
    series = RateSeries(
        id=PROFESSIONNELS,
        title="test",
        source="test",
        points=(RatePoint(on=date(2019, 1, 1), value=Decimal("0.86"), source=here),),
        origin="test",
        max_gap_days=183,
    )
    book = RateBook.of([series], rate_book().shipped)
    with pytest.raises(RateLookupError, match="half-year starting 2019-07-01"):
        regime(fr("2019-06-03"), date(2019, 7, 15), book)


def test_a_judgment_stating_its_own_terms_keeps_them() -> None:
    # A judgment ordering capitalisation or a reduced increase states its terms: 2% simple, 365 days.
    # 10,000 x 0.02 x 365 / 365 = 200.00.
    text = fr("2019-06-03") + (
        "    interest:\n      - {from: 2019-06-03, rate: 2%, compounding: none, day_count: act/365}\n"
    )
    assert position(text, date(2020, 6, 2)).interest == Decimal("200.00")
