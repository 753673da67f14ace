"""The portfolio engine against the per-matter engine, figure for figure, and against hand computations."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from exequatur.interfaces.api import rate_book
from exequatur.vector.portfolio import NO_PER_DIEM, Balances, Judgments, Payments, balances, per_matter, summary
from tests.vector.generated import figures, portfolio, unusual

AS_OF = date(2026, 6, 1)
_EPOCH = np.datetime64("1970-01-01", "D")


def _one(forum: str, entry: str, principal: int, currency: str = "USD", **flags: object) -> Judgments:
    return Judgments(
        id=np.array(["j"], object),
        forum=np.array([forum], object),
        entry=np.array([entry], "datetime64[D]"),
        currency=np.array([currency], object),
        principal=np.array([principal], np.int64),
        consumer_debt=np.array([bool(flags.get("consumer", False))]),
        creditor_individual=np.array([False]),
        enforceable=np.array(["NaT"], "datetime64[D]"),
    )


def _french(entries: list[str], enforceable: list[str], principal: list[int], individual: list[bool]) -> Judgments:
    """French judgments in euros, j0, j1, ..., entered and enforceable on the days given ("NaT": not known)."""
    n = len(entries)
    return Judgments(
        id=np.array([f"j{k}" for k in range(n)], object),
        forum=np.array(["FR"] * n, object),
        entry=np.array(entries, "datetime64[D]"),
        currency=np.array(["EUR"] * n, object),
        principal=np.array(principal, np.int64),
        consumer_debt=np.zeros(n, bool),
        creditor_individual=np.array(individual, bool),
        enforceable=np.array(enforceable, "datetime64[D]"),
    )


def _paid(*rows: tuple[str, int]) -> Payments:
    return Payments(
        judgment=np.zeros(len(rows), np.int64),
        date=np.array([d for d, _ in rows], "datetime64[D]"),
        amount=np.array([a for _, a in rows], np.int64),
    )


def _every_figure_agrees(judgments: Judgments, payments: Payments, as_of: date) -> Balances:
    """Each judgment's figures, or its error, as the per-matter engine gives them (DESIGN.md §7)."""
    book = rate_book()
    result = balances(judgments, payments, as_of, book)
    days = (payments.date - _EPOCH).astype(np.int64)
    for k in range(len(judgments)):
        mine = np.flatnonzero(payments.judgment == k)
        own = [(date(1970, 1, 1) + timedelta(days=int(days[i])), int(payments.amount[i])) for i in mine]
        expected = per_matter(judgments, k, own, as_of, book)
        if isinstance(expected, str):
            assert result.errors.get(k) == expected, k
            continue
        assert result.errors.get(k) is None, (k, result.errors.get(k))
        got = (result.principal[k], result.interest[k], result.paid[k], result.unapplied[k], result.per_diem[k])
        assert tuple(int(v) for v in got) == figures(expected), k
    return result


def test_every_figure_equals_the_per_matter_engines() -> None:
    # Two engines, one law: 2,000 random judgments of the six court forums with their payments
    # (benchmarks/portfolio_equality.py runs 100,000).
    result = _every_figure_agrees(*portfolio(2_000, seed=20261202), AS_OF)
    assert result.computed_by["columns"] > 1_800  # the statutory regimes run in columns, not one by one


def test_every_figure_agrees_on_the_first_day_of_a_half_year() -> None:
    # Where the French and Ontario rates change on the as-of date itself (a review found the per diem lost).
    _every_figure_agrees(*portfolio(1_000, seed=5), date(2025, 1, 1))


def test_unusual_judgments_get_the_per_matter_engines_figures_or_its_errors() -> None:
    # Entries before the tables and after the as-of date, an unknown forum, yen and dinars, sums to 10^15 minor
    # units compounded at 99.99% (past 64 bits and past Decimal's 28 digits), stated terms the columns do not take,
    # decisions enforceable before their date, payments of nothing (tests/vector/generated.unusual).
    result = _every_figure_agrees(*unusual(300, seed=3), date(2027, 2, 28))
    assert result.computed_by["columns"] > 100
    assert result.computed_by["per-matter"] > 10
    assert len(result.errors) > 50


def test_new_york_simple_interest_with_two_payments_by_hand() -> None:
    # CPLR 5004: 9% simple, a 365-day year. $12,500.00 entered 4 Mar 2019.
    # To 15 Jan 2020, 317 days: 12,500 x 0.09 x 317/365 = 977.0547... -> $977.05; $2,000 pays it and $1,022.95 of
    # principal, leaving $11,477.05. To 15 Jan 2021, 366 days: 11,477.05 x 0.09 x 366/365 = 1,035.7633... ->
    # $1,035.76; $2,000 leaves $10,512.81. To 1 Jun 2026, 1,963 days: 10,512.81 x 0.09 x 1,963/365 = 5,088.4922...
    # -> $5,088.49.
    result = balances(
        _one("US-NY", "2019-03-04", 1_250_000),
        _paid(("2020-01-15", 200_000), ("2021-01-15", 200_000)),
        AS_OF,
        rate_book(),
    )
    assert (result.principal[0], result.interest[0], result.paid[0]) == (1_051_281, 508_849, 400_000)
    # The per diem on 1 Jun 2026: 10,512.81 x 0.09 / 365 = 2.5922... -> $2.59.
    assert result.per_diem[0] == 259


def test_federal_interest_compounds_on_each_anniversary_by_hand() -> None:
    # 28 U.S.C. §1961(a)-(b): the 1-year CMT weekly average of the last full week before the week of entry,
    # computed daily, compounded annually. Entered Mon 22 Aug 2016: the week ending Fri 19 Aug 2016 averaged 0.58%
    # (H.15 WGS1YR). $1,000,000.00 as of 22 Aug 2018: year 1 (365 days) 1,000,000 x 0.0058 = 5,800.00,
    # capitalized; year 2 (365 days) 1,005,800 x 0.0058 = 5,833.64; interest 11,633.64.
    result = balances(_one("US-FED", "2016-08-22", 100_000_000), Payments.none(), date(2018, 8, 22), rate_book())
    assert (result.principal[0], result.interest[0]) == (100_000_000, 1_163_364)


def test_new_york_consumer_debts_are_asked_by_whether_a_payment_came_before_30_april_2022() -> None:
    # CPLR 5004(a)(ii) re-rates a consumer-debt judgment entered before 30 Apr 2022 at 2%, and 5004(c) keeps a
    # payment made before that day as applied, which a portfolio row cannot state: those two are the rule's error.
    # The third paid only after it: 2% simple from entry. $10,000.00 entered 10 Jan 2020; to 10 Jan 2023, 1,096
    # days: 10,000 x 0.02 x 1,096/365 = 600.5479... -> $600.55; $1,000 pays it and $399.45 of principal, leaving
    # $9,600.55. To 10 Jan 2024, 365 days: 9,600.55 x 0.02 = $192.01; per diem 9,600.55 x 0.02 / 365 = 0.526 -> 53c.
    judgments = Judgments(
        id=np.array(["early-a", "early-b", "late"], object),
        forum=np.array(["US-NY"] * 3, object),
        entry=np.array(["2020-01-10", "2020-01-10", "2020-01-10"], "datetime64[D]"),
        currency=np.array(["USD"] * 3, object),
        principal=np.array([1_000_000] * 3, np.int64),
        consumer_debt=np.array([True] * 3),
        creditor_individual=np.array([False] * 3),
        enforceable=np.array(["NaT"] * 3, "datetime64[D]"),
    )
    payments = Payments(
        judgment=np.array([0, 1, 2], np.int64),
        date=np.array(["2021-06-01", "2022-04-29", "2023-01-10"], "datetime64[D]"),
        amount=np.array([100_000] * 3, np.int64),
    )
    result = balances(judgments, payments, date(2024, 1, 10), rate_book())
    assert result.computed_by == {"columns": 1, "per-matter": 0}
    assert "5004(c)" in result.errors[0]
    assert result.errors[1] == result.errors[0]
    assert (result.principal[2], result.interest[2], result.paid[2], result.per_diem[2]) == (
        960_055,
        19_201,
        100_000,
        53,
    )


def test_an_exact_half_cent_rounds_up() -> None:
    # CPLR 5004 at 9% on a 365-day year: $182.50 for one day earns 18,250 x 9 / 36,500 = 4.5 cents exactly, which
    # rounds half-up to 5 cents (DESIGN.md §7); $182.49 earns 4.4997... cents, 4 cents.
    book = rate_book()
    half = balances(_one("US-NY", "2024-01-01", 18_250), Payments.none(), date(2024, 1, 2), book)
    below = balances(_one("US-NY", "2024-01-01", 18_249), Payments.none(), date(2024, 1, 2), book)
    assert (half.interest[0], below.interest[0]) == (5, 4)


def test_a_judgment_after_the_as_of_date_or_before_the_tables_is_an_error_not_a_figure() -> None:
    book = rate_book()
    late = balances(_one("US-NY", "2026-07-01", 100), Payments.none(), AS_OF, book)
    assert "before the judgment" in late.errors.get(0)
    # Every judgment more than a year after the as-of date: each its error, none a crash (a review found one).
    for entry in ("2028-01-01", "2030-01-01"):
        later = balances(_one("US-NY", entry, 100), _paid(("2031-01-01", 5)), AS_OF, book)
        assert later.errors == {0: f"as-of date {AS_OF} is before the judgment ({entry})"}
    early = balances(_one("FR", "2005-01-03", 100, "EUR"), Payments.none(), AS_OF, book)
    assert early.errors.get(0) is not None
    assert "fr-taux-legal" in early.errors.get(0)
    assert summary(_one("FR", "2005-01-03", 100, "EUR"), early)[0]["errors"] == 1
    # Each judgment is counted once: computed (in columns or one by one) or in error.
    for result in (late, early):
        assert sum(result.computed_by.values()) + len(result.errors) == 1


def test_a_stated_rate_replaces_the_statutes_and_other_conventions_go_to_the_per_matter_engine() -> None:
    # A judgment that states 6% compounded annually, act/365: $10,000.00 entered 1 Mar 2021, as of 1 Mar 2023:
    # year 1, 10,000 x 0.06 = 600.00, capitalized; year 2, 10,600 x 0.06 = 636.00; interest 1,236.00.
    stated = _one("US-NY", "2021-03-01", 1_000_000)
    stated = Judgments(
        **{f: getattr(stated, f) for f in ("id", "forum", "entry", "currency", "principal")},
        consumer_debt=stated.consumer_debt,
        creditor_individual=stated.creditor_individual,
        enforceable=stated.enforceable,
        rate=np.array([Decimal("6")], object),
        compounding=np.array(["annual"], object),
        day_count=np.array([None], object),
    )
    result = balances(stated, Payments.none(), date(2023, 3, 1), rate_book())
    assert (result.interest[0], result.computed_by["columns"]) == (123_600, 1)
    # 30/360 is not a column convention: the per-matter engine computes it, to the same 1,236.00 over two whole
    # years of 360 days.
    thirty = Judgments(
        **{f: getattr(stated, f) for f in ("id", "forum", "entry", "currency", "principal")},
        consumer_debt=stated.consumer_debt,
        creditor_individual=stated.creditor_individual,
        enforceable=stated.enforceable,
        rate=stated.rate,
        compounding=stated.compounding,
        day_count=np.array(["30/360"], object),
    )
    other = balances(thirty, Payments.none(), date(2023, 3, 1), rate_book())
    assert (other.interest[0], other.computed_by["per-matter"]) == (123_600, 1)


def test_an_overpayment_is_kept_apart_as_unapplied() -> None:
    # $100.00 at 9% entered 2 Jan 2020; $500.00 paid 2 Jan 2021, 366 days on: interest 100 x 0.09 x 366/365 =
    # 9.0246... -> $9.02, principal $100.00, and $390.98 beyond what was owed.
    judgment = _one("US-NY", "2020-01-02", 10_000)
    result = balances(judgment, _paid(("2021-01-02", 50_000)), AS_OF, rate_book())
    assert (result.principal[0], result.interest[0], result.paid[0], result.unapplied[0]) == (0, 0, 50_000, 39_098)
    # The totals show it too: paid counts all $500.00, of which $390.98 is unapplied.
    (row,) = summary(judgment, result)
    assert (row["paid"], row["unapplied"], row["total"]) == (50_000, 39_098, 0)


def test_totals_group_by_forum_entry_year_and_currency() -> None:
    judgments, payments = portfolio(300, seed=5)
    result = balances(judgments, payments, AS_OF, rate_book())
    rows = summary(judgments, result, ("forum", "year"))
    assert sum(r["judgments"] for r in rows) == 300
    # Each group's figures are its judgments' own, summed: regrouping by forum alone adds the years back up.
    by_forum = {(r["forum"], r["currency"]): r for r in summary(judgments, result)}
    for key, total in by_forum.items():
        years = [r for r in rows if (r["forum"], r["currency"]) == key]
        assert sum(r["interest"] for r in years) == total["interest"]
        assert sum(r["judgments"] for r in years) == total["judgments"]
    assert {r["year"] for r in rows} <= set(range(2005, 2026))


def test_totals_past_64_bits_are_exact() -> None:
    # Three judgments of 2^62 - 1 units of principal each and 2^62 + 5 of interest: 3 x (2^62 - 1) =
    # 13,835,058,055,282,163,709 and 3 x (2^62 + 5) = 13,835,058,055,282,163,727, both beyond 2^63 - 1; the
    # fourth is in error and adds to the count and the errors only; a per diem of NO_PER_DIEM (-1) adds nothing.
    judgments = Judgments(
        id=np.array(["a", "b", "c", "d"], object),
        forum=np.array(["US-NY"] * 4, object),
        entry=np.array(["2020-01-02"] * 4, "datetime64[D]"),
        currency=np.array(["USD"] * 4, object),
        principal=np.full(4, 2**62 - 1, np.int64),
        consumer_debt=np.zeros(4, bool),
        creditor_individual=np.zeros(4, bool),
        enforceable=np.full(4, np.datetime64("NaT"), "datetime64[D]"),
    )
    big, plus = np.full(4, 2**62 - 1, np.int64), np.full(4, 2**62 + 5, np.int64)
    result = Balances(
        principal=big,
        interest=plus,
        paid=np.array([1, 2, 3, 4], np.int64),
        unapplied=np.array([0, 2, 1, 4], np.int64),
        per_diem=np.array([7, -1, 11, 13], np.int64),
        errors={3: "as-of date before the judgment"},
    )
    (row,) = summary(judgments, result)
    assert row["unapplied"] == 3  # the fourth's 4 is in error
    assert row["principal"] == 13_835_058_055_282_163_709
    assert row["interest"] == 13_835_058_055_282_163_727
    assert row["total"] == 27_670_116_110_564_327_436
    assert (row["judgments"], row["errors"], row["paid"], row["per_diem"]) == (4, 1, 6, 18)


def test_anniversaries_at_a_months_end_and_on_29_february_fall_as_the_per_matter_engine_counts_them() -> None:
    # engine/schedule.boundaries (relativedelta from the start): 29 Feb 2016's yearly anniversaries are 28 Feb in
    # common years; 31 Jan's monthly ones are 28 or 29 Feb, 30 Apr, ...; a payment on an anniversary comes after
    # that day's capitalization.
    book = rate_book()
    cases = [
        ("US-FED", "2016-02-29", None, None, [("2017-02-28", 5_000_000), ("2020-02-29", 1_000)]),
        ("US-NY", "2019-01-31", Decimal("6"), "monthly", [("2019-02-28", 100), ("2019-04-30", 20_000)]),
        ("US-NY", "2020-08-31", Decimal("12.25"), "quarterly", [("2020-11-30", 300_000)]),
        ("GB-EW", "2020-02-29", Decimal("8"), "annual", [("2021-02-28", 1)]),
    ]
    for forum, entry, rate, compounding, pays in cases:
        base = _one(forum, entry, 100_000_000, "GBP" if forum == "GB-EW" else "USD")
        judgment = Judgments(
            **{f: getattr(base, f) for f in ("id", "forum", "entry", "currency", "principal")},
            consumer_debt=base.consumer_debt,
            creditor_individual=base.creditor_individual,
            enforceable=base.enforceable,
            rate=np.array([rate], object),
            compounding=np.array([compounding], object),
            day_count=np.array([None], object),
        )
        result = balances(judgment, _paid(*pays), AS_OF, book)
        assert result.computed_by["columns"] == 1, forum
        own = [(date.fromisoformat(d), a) for d, a in pays]
        expected = per_matter(judgment, 0, own, AS_OF, book)
        assert not isinstance(expected, str), expected
        assert int(result.interest[0]) == sum(c.interest for c in expected.components) * 100, (forum, entry)
        assert int(result.principal[0]) == sum(c.principal for c in expected.components) * 100, (forum, entry)


def test_the_payments_are_ordered_with_the_callers_count_of_cores() -> None:
    # balances() puts the payments in order on a thread of its own while the rules are asked; a caller held to
    # one core (a Dask worker: vector/distributed.one_core) gets no second thread, and the ordering takes its
    # count of numba threads (each thread's own). By hand (CPLR 5004, 9% simple, act/365): $10,000 from
    # 15 Jan 2019 earns $900.00 in the 365 days to 15 Jan 2020; of the $2,000 paid then, $900 goes to interest
    # and $1,100 to principal, leaving $8,900.00, which earns 8,900 x 0.09 x 2,329 / 365 = $5,111.038... =
    # $5,111.04 in the 2,329 days to 1 Jun 2026 (2,192 to 15 Jan 2026, two leap days among them, then 137).
    import threading

    import numba

    from exequatur.vector import kernel

    seen: list[int] = []
    where: list[int] = []
    real = kernel.payment_order

    def watched(*args: object) -> object:
        seen.append(numba.get_num_threads())
        where.append(threading.get_ident())
        return real(*args)

    found: list[Balances] = []

    def on_one_core() -> None:
        numba.set_num_threads(1)
        found.append(
            balances(_one("US-NY", "2019-01-15", 1_000_000), _paid(("2020-01-15", 200_000)), AS_OF, rate_book())
        )

    kernel.payment_order = watched  # type: ignore[assignment]
    try:
        worker = threading.Thread(target=on_one_core)
        worker.start()
        worker.join()
    finally:
        kernel.payment_order = real
    assert seen == [1]
    assert where == [worker.ident]
    assert (found[0].principal.tolist(), found[0].interest.tolist()) == ([890_000], [511_104])


def test_frances_increase_starts_the_day_after_two_months_counted_to_a_months_end() -> None:
    # C. mon. fin. L313-3: +5 points once two months have run from the day the decision became enforceable; CPC
    # art. 641 al. 2 ends the period on the same day-number of its last month, or on that month's last day; art.
    # 642 al. 1 at midnight, so the increase runs from the next day. By hand: 17 Sept 2015 -> 18 Nov 2015
    # (service-public.fr F783); 30 and 31 Dec 2019 -> 29 Feb 2020 (a leap year) -> 1 Mar 2020; 31 Dec 2020 ->
    # 28 Feb 2021 -> 1 Mar 2021; 31 Aug 2021 -> 31 Oct 2021 -> 1 Nov 2021. The points and the delay are cited
    # from 1 Jan 2001: a decision enforceable in 2000 has no law here (-1).
    from exequatur.rules.registry import forum
    from exequatur.vector.portfolio import _increase_table

    enforceable = ["2000-07-01", "2015-09-17", "2019-12-30", "2019-12-31", "2020-12-31", "2021-08-31"]
    days = np.array(enforceable, "datetime64[D]").view(np.int64)
    values: list[Decimal | None] = [None]
    start, codes = _increase_table(forum("FR").interest, days, values)
    expected = ["2015-11-18", "2020-03-01", "2020-03-01", "2021-03-01", "2021-11-01"]
    assert (start[1:] + _EPOCH).astype(str).tolist() == expected
    assert values == [None, Decimal("5")]
    assert codes.tolist() == [-1, 1, 1, 1, 1, 1]


def test_the_increases_month_count_is_relativedeltas_on_every_day() -> None:
    # Each stretch of enforceable days is placed by numpy's months; the per-matter engine places each day by
    # dateutil's relativedelta (rules/fr.increase_starts). Every day from 1970 through 2100, for 1, 2, 3 and 12
    # months.
    from dateutil.relativedelta import relativedelta

    from exequatur.vector.portfolio import _months_later

    first = date(1970, 1, 1)
    days = np.arange((date(2101, 1, 1) - first).days, dtype=np.int64)
    for months in (1, 2, 3, 12):
        expected = [(first + timedelta(days=int(d)) + relativedelta(months=months) - first).days for d in days]
        assert _months_later(days, months).tolist() == expected, months


def test_french_judgments_enforceable_at_a_months_end_equal_the_per_matter_engines() -> None:
    book = rate_book()
    # The last two: enforceable before the decision's date (the rule's error), and not known (no increase).
    enforceable = ["2019-12-30", "2019-12-31", "2020-12-31", "2021-08-31", "2015-09-17", "2024-02-29", "2021-03-01"]
    enforceable.append("NaT")
    entries = ["2019-12-02", "2019-12-31", "2020-11-30", "2021-08-31", "2015-09-17", "2024-01-15", "2021-03-10"]
    entries.append("2022-05-05")
    n = len(entries)
    judgments = _french(entries, enforceable, [12_345_678] * n, [k % 2 == 0 for k in range(n)])
    result = balances(judgments, Payments.none(), AS_OF, book)
    assert result.computed_by["columns"] == n - 1
    for k in range(n):
        expected = per_matter(judgments, k, [], AS_OF, book)
        if k == 6:
            assert isinstance(expected, str)
            assert result.errors == {6: expected}
            continue
        assert not isinstance(expected, str), expected
        got = (result.principal[k], result.interest[k], result.paid[k], result.unapplied[k], result.per_diem[k])
        assert tuple(int(v) for v in got) == figures(expected), k


def test_a_french_decision_enforceable_before_the_cited_law_is_an_error_of_its_own() -> None:
    # L313-3's points and delay are cited from 1 Jan 2001 (rules/params/fr/cmf-l313.yaml): a decision enforceable
    # on 1 Jul 2000 gets the per-matter engine's error, and the judgment beside it its figures.
    book = rate_book()
    judgments = Judgments(
        id=np.array(["old", "new"], object),
        forum=np.array(["FR", "FR"], object),
        entry=np.array(["2000-06-01", "2016-01-04"], "datetime64[D]"),
        currency=np.array(["EUR", "EUR"], object),
        principal=np.array([100_000, 100_000], np.int64),
        consumer_debt=np.zeros(2, bool),
        creditor_individual=np.zeros(2, bool),
        enforceable=np.array(["2000-07-01", "2016-02-01"], "datetime64[D]"),
    )
    result = balances(judgments, Payments.none(), AS_OF, book)
    message = per_matter(judgments, 0, [], AS_OF, book)
    assert isinstance(message, str)
    assert "no value in force on 2000-07-01" in message
    assert result.errors == {0: message}
    expected = per_matter(judgments, 1, [], AS_OF, book)
    assert not isinstance(expected, str)
    assert int(result.interest[1]) == figures(expected)[1]


def test_a_later_part_reads_the_rules_answers_instead_of_asking_again() -> None:
    # A portfolio in parts asks each stretch of entry days once per process (vector/portfolio._ANSWERS); another
    # as-of date, or other tables, asks again. The figures are the same either way.
    import exequatur.vector.portfolio as engine

    asked: list[str] = []
    real = engine.interest_regime

    def counted(instrument: Any, context: Any) -> Any:
        asked.append(instrument.forum)
        return real(instrument, context)

    judgments, payments = portfolio(400, seed=8, payments_each=0.0, stated=0.0)
    book = rate_book()
    engine._ANSWERS.clear()
    engine.interest_regime = counted  # type: ignore[assignment]
    try:
        first = balances(judgments, payments, AS_OF, book)
        once = len(asked)
        again = balances(judgments.take(np.arange(399, -1, -1)), payments, AS_OF, rate_book())
        twice = len(asked)
        balances(judgments, payments, date(2026, 7, 1), book)
        later = len(asked)
    finally:
        engine.interest_regime = real
    assert once > 50
    assert twice == once
    assert later > twice
    assert again.interest[::-1].tolist() == first.interest.tolist()
    assert again.per_diem[::-1].tolist() == first.per_diem.tolist()


def test_a_portfolio_parses_only_the_tables_its_rules_read(tmp_path: Any) -> None:
    # The answers' key names the tables without reading them (RateBook.identity): New York (9%, CPLR 5004) and
    # federal (§1961, the weekly 1-year CMT) judgments read one table, and the 13,000-row FX tables stay unparsed.
    import exequatur.vector.portfolio as engine
    from exequatur.io.ratetables import RateTables, ShippedTables, UserTables
    from exequatur.model.rates import RateBook

    engine._ANSWERS.clear()
    shipped = ShippedTables()
    judgments, payments = portfolio(300, seed=9, payments_each=1.0, forums=("US-NY", "US-FED"), stated=0.0)
    result = balances(judgments, payments, AS_OF, RateBook.of([], RateTables(shipped, UserTables(tmp_path))))
    assert result.computed_by["columns"] + len(result.errors) == 300 > 2 * len(result.errors)
    assert set(shipped._loaded) == {"us-1y-cmt-weekly"}


def test_a_rate_table_rewritten_between_books_is_read_afresh(tmp_path: Any, monkeypatch: Any) -> None:
    # 28 U.S.C. §1961(a): a judgment entered Monday 4 Mar 2024 takes the weekly 1-year CMT of the week before, the
    # user's row dated Friday 1 Mar 2024; a year later the interest is the principal times the rate:
    # $1,000,000 x 4.44% = $44,400.00. A review found the answers kept under the files' times and sizes: a book that
    # read 4.44 and computed after the file became 3.33 filed its answers under 3.33's key, and a rewrite of the
    # same size with its times put back was not seen.
    import os

    from exequatur.io.portfolio import read_judgments

    monkeypatch.setenv("EXEQUATUR_DATA_DIR", str(tmp_path))
    (tmp_path / "rates").mkdir()
    table = tmp_path / "rates" / "us-1y-cmt-weekly.csv"
    book_file = tmp_path / "j.csv"
    book_file.write_text("id,forum,entry_date,currency,principal\nj1,US-FED,2024-03-04,USD,1000000\n")
    judgments = read_judgments(book_file)

    def put(value: str) -> None:
        text = f"# id: us-1y-cmt-weekly\n# title: t\n# source: s\ndate,value\n2024-03-01,{value}\n"
        (tmp_path / "rates" / ".new").write_text(text)
        os.replace(tmp_path / "rates" / ".new", table)  # as `rates update` writes it

    def interest(book: Any) -> int:
        return int(balances(judgments, Payments.none(), date(2025, 3, 4), book).interest[0])

    put("4.44")
    old = rate_book()
    assert interest(old) == 4_440_000
    put("3.33")
    assert interest(old) == 4_440_000  # a book reads its files once
    assert interest(rate_book()) == 3_330_000
    kept = os.stat(table)
    table.write_text(table.read_text().replace("3.33", "5.55"))
    os.utime(table, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert interest(rate_book()) == 5_550_000


def test_a_new_york_judgment_in_euros_is_refused_as_the_matter_file_refuses_it() -> None:
    # N.Y. Judiciary Law §27(b): a New York judgment is entered in dollars, a foreign sum converted at entry
    # (rules/conversion.py). `exequatur owe` refuses such a matter file; the portfolio gives each row that error,
    # entered before the as-of date or after it, and computes the dollar judgment beside them.
    book = rate_book()
    judgments = Judgments(
        id=np.array(["eur", "usd", "late-eur"], object),
        forum=np.array(["US-NY"] * 3, object),
        entry=np.array(["2020-01-02", "2020-01-02", "2027-01-04"], "datetime64[D]"),
        currency=np.array(["EUR", "USD", "EUR"], object),
        principal=np.array([10_000] * 3, np.int64),
        consumer_debt=np.zeros(3, bool),
        creditor_individual=np.zeros(3, bool),
        enforceable=np.full(3, np.datetime64("NaT"), "datetime64[D]"),
    )
    result = balances(judgments, Payments.none(), AS_OF, book)
    refused = "a US-NY judgment is entered in USD (N.Y. Judiciary Law §27(b))"
    assert set(result.errors) == {0, 2}
    assert all(message.startswith(refused) for message in result.errors.values())
    # $100.00 at 9% from 2 Jan 2020 to 1 Jun 2026: 2,342 days, 100 x 0.09 x 2,342 / 365 = $57.748... = $57.75.
    assert int(result.interest[1]) == 5_775
    for k in range(3):
        expected = per_matter(judgments, k, [], AS_OF, book)
        assert (result.errors.get(k) == expected) if isinstance(expected, str) else k == 1


def test_a_refusal_is_asked_once_for_its_stretch_of_entry_days() -> None:
    # CPLR 5004(a)(ii), (c): consumer debts entered on four days before 30 Apr 2022, each paid before it, are
    # refused alike; the rule's stretch (its parameters steady until the 2% rate of 30 Apr 2022) is asked at
    # its first day and checked at its last, not on each day. The one entered on 2 May 2022 is computed (and
    # asked without payments: none came before 30 Apr 2022): 2% simple on $100.00; its $10.00 paid on 1 Jun 2023,
    # 395 days on, pays 100 x 0.02 x 395/365 = 2.164... -> $2.16 of interest and $7.84 of principal, leaving
    # $92.16, which earns 92.16 x 0.02 x 1,096/365 = 5.534... -> $5.53 to 1 Jun 2026.
    import exequatur.vector.portfolio as engine

    entries = ["2019-03-04", "2020-06-15", "2021-11-30", "2022-04-29", "2022-05-02"]
    n = len(entries)
    judgments = Judgments(
        id=np.array([f"c{k}" for k in range(n)], object),
        forum=np.array(["US-NY"] * n, object),
        entry=np.array(entries, "datetime64[D]"),
        currency=np.array(["USD"] * n, object),
        principal=np.array([10_000] * n, np.int64),
        consumer_debt=np.ones(n, bool),
        creditor_individual=np.zeros(n, bool),
        enforceable=np.full(n, np.datetime64("NaT"), "datetime64[D]"),
    )
    paid = ["2019-04-01", "2021-01-04", "2022-01-03", "2022-04-29", "2023-06-01"]
    payments = Payments(
        judgment=np.arange(n, dtype=np.int64), date=np.array(paid, "datetime64[D]"), amount=np.full(n, 1_000)
    )
    asked: list[date] = []
    real = engine.interest_regime

    def counted(instrument: Any, context: Any) -> Any:
        if context.payments:
            asked.append(instrument.date)
        return real(instrument, context)

    engine.interest_regime = counted  # type: ignore[assignment]
    try:
        result = balances(judgments, payments, AS_OF, rate_book())
    finally:
        engine.interest_regime = real
    assert set(result.errors) == {0, 1, 2, 3}
    assert all("5004(c)" in m for m in result.errors.values())
    assert asked == [date(2019, 3, 4), date(2022, 4, 29)]
    assert (int(result.principal[4]), int(result.interest[4])) == (9_216, 553)
    for k in range(4):
        assert result.errors[k] == per_matter(judgments, k, [(date.fromisoformat(paid[k]), 1_000)], AS_OF, rate_book())


def test_on_the_first_day_of_a_half_year_the_per_diem_is_that_half_years_rate() -> None:
    # A review found no per diem for French judgments on 1 Jan and 1 Jul: the regime asked to the as-of date
    # stops that day. The per-matter engine takes the next day's regime (engine/owed.py), and so must this one.
    # By hand (L313-2 "particuliers" rates, act/365 as rules/params/fr/cmf-l313.yaml counts; +5 points from
    # 1 Mar 2024, the day after two months from 31 Dec 2023 run out on 29 Feb): EUR 50,000.00 entered
    # 15 Mar 2023, 108 days at 4.47%, 184 at 6.82%, 60 at 8.01%, 122 at 13.01% and 184 at 13.16% to 1 Jan 2025:
    # 50,000 x 6,226.90 / 36,500 = EUR 8,530.00 exactly; the per diem at 2025's first-half 7.21% + 5 = 12.21%:
    # 50,000 x 0.1221 / 365 = 16.726... -> EUR 16.73.
    book = rate_book()
    judgment = Judgments(
        id=np.array(["fr"], object),
        forum=np.array(["FR"], object),
        entry=np.array(["2023-03-15"], "datetime64[D]"),
        currency=np.array(["EUR"], object),
        principal=np.array([5_000_000], np.int64),
        consumer_debt=np.zeros(1, bool),
        creditor_individual=np.ones(1, bool),
        enforceable=np.array(["2023-12-31"], "datetime64[D]"),
    )
    result = balances(judgment, Payments.none(), date(2025, 1, 1), book)
    assert (int(result.interest[0]), int(result.per_diem[0])) == (853_000, 1_673)
    # Where the next half-year's rate is not yet in the table (2026's second half), neither engine has one.
    later = balances(judgment, Payments.none(), date(2026, 7, 1), book)
    expected = per_matter(judgment, 0, [], date(2026, 7, 1), book)
    assert not isinstance(expected, str)
    assert figures(expected)[4] == int(later.per_diem[0]) == NO_PER_DIEM


def test_french_judgments_past_the_tables_end_are_refused_by_day_not_one_by_one() -> None:
    # The shipped French tables end on 30 Jun 2026: as of 1 Dec 2026 every French judgment is refused for the
    # half-year from 1 Jul 2026, with the per-matter engine's words. Those with no enforceable day share their
    # entry day's question, asked once; the two with one of their own go to the per-matter engine, each alone.
    import exequatur.vector.portfolio as engine

    entries = ["2024-03-04", "2024-03-04", "2024-03-04", "2024-03-04", "2025-09-01", "2025-09-01"]
    enforceable = ["NaT", "NaT", "NaT", "2024-03-10", "NaT", "2025-09-15"]
    n = len(entries)
    judgments = _french(entries, enforceable, [100_000, 250, 7, 100_000, 99, 100_000], [False] * n)
    one_by_one: list[int] = []
    real = engine.per_matter

    def counted(judgments: Judgments, row: int, *rest: Any) -> Any:
        one_by_one.append(row)
        return real(judgments, row, *rest)

    engine.per_matter = counted  # type: ignore[assignment]
    try:
        result = _every_figure_agrees(judgments, Payments.none(), date(2026, 12, 1))
    finally:
        engine.per_matter = real
    assert set(result.errors) == set(range(n))
    assert all("has no value for 2026-07-01" in m for m in result.errors.values())
    assert one_by_one == [3, 5]  # in balances (the checking above calls the per-matter engine by its own name)
