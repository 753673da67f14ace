"""The itemization a court expects: cut at every payment, a running balance on every line, lines that add up to the
totals to the cent, the per diem, and the `source:` of amounts and payments. Every figure is worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exequatur.engine.results import AccrualLine, Balance, CapitalizationLine, PaymentLine
from tests.conftest import award_matter, position

NEW_YORK = """
matter: ny
creditor: {name: Acme Lender LLC}
debtor: {name: John Doe}
instruments:
  - id: judgment
    kind: judgment
    forum: US-NY
    date: 2019-06-03
    currency: USD
    amounts: [{label: judgment, amount: "250000", source: "Judgment entered 2019-06-03, ¶ 1"}]
payments:
  - {date: 2020-01-15, amount: "20000", currency: USD, instrument: judgment, source: "wire received"}
  - {date: 2022-07-01, amount: "50000", currency: USD, instrument: judgment}
"""


def test_the_new_york_statement_is_cut_at_each_payment_with_its_balance() -> None:
    # CPLR 5004: 9% a year, simple; each payment pays the interest accrued to its day first (rounded to the cent).
    # 2019-06-03 → 2020-01-15: 226 days; 250,000 × 0.09 × 226/365 = 13,931.5068… → 13,931.51.
    # 20,000 pays 13,931.51 of interest and 6,068.49 of principal: 243,931.51 left.
    # 2020-01-15 → 2022-07-01: 898 days; 243,931.51 × 0.09 × 898/365 = 54,012.4485… → 54,012.45.
    # 50,000 pays interest only: 4,012.45 of interest stays unpaid (and bears none: simple interest).
    # 2022-07-01 → 2026-12-01: 1,614 days; 243,931.51 × 0.09 × 1,614/365 = 97,078.0589… → 97,078.06.
    # Owed: 243,931.51 + 4,012.45 + 97,078.06 = 345,022.02.
    result = position(NEW_YORK, date(2026, 12, 1))
    lines = result.lines
    assert [type(line) for line in lines] == [AccrualLine, PaymentLine, AccrualLine, PaymentLine, AccrualLine]
    first, pay1, second, pay2, third = lines
    assert isinstance(first, AccrualLine)
    assert isinstance(second, AccrualLine)
    assert isinstance(third, AccrualLine)
    assert isinstance(pay1, PaymentLine)
    assert isinstance(pay2, PaymentLine)
    assert (first.start, first.end, first.days, first.cents) == (
        date(2019, 6, 3),
        date(2020, 1, 15),
        226,
        Decimal("13931.51"),
    )
    assert first.balance == Balance(Decimal("250000"), Decimal("13931.51"))
    assert (pay1.to_interest, pay1.to_principal) == (Decimal("13931.51"), Decimal("6068.49"))
    assert pay1.balance == Balance(Decimal("243931.51"), Decimal(0))
    assert pay1.cited == "wire received"
    assert (second.start, second.end, second.days, second.base) == (
        date(2020, 1, 15),
        date(2022, 7, 1),
        898,
        Decimal("243931.51"),
    )
    assert second.cents == Decimal("54012.45")
    assert second.balance.total == Decimal("297943.96")
    assert pay2.balance == Balance(Decimal("243931.51"), Decimal("4012.45"))
    assert pay2.cited is None
    assert (third.days, third.cents) == (1614, Decimal("97078.06"))
    assert third.balance.total == result.total == Decimal("345022.02")
    assert all(line.year_days == 365 for line in (first, second, third))
    assert result.components[0].cited == "Judgment entered 2019-06-03, ¶ 1"


def test_the_new_york_per_diem() -> None:
    # 243,931.51 × 9% ÷ 365 = 60.1475… a day → 60.15.
    result = position(NEW_YORK, date(2026, 12, 1))
    assert result.per_diem is not None
    (only,) = result.per_diem
    assert (only.base, only.rate, only.year_days) == (Decimal("243931.51"), Decimal(9), 365)
    total = result.per_diem_total
    assert total is not None
    assert total.quantize(Decimal("0.01")) == Decimal("60.15")


def test_act_act_lines_stop_at_the_year_end_and_add_up_to_the_total() -> None:
    # 10% simple act/act (ISDA) on 100,000 from 2023-07-01, owed on 2024-07-01.
    # 2023-07-01 → 2024-01-01: 184 days of a 365-day year: 5,041.0958904… → 5,041.10 on its own.
    # 2024-01-01 → 2024-07-01: 182 days of a 366-day year: 4,972.6775956…
    # Together 10,013.7734860… → 10,013.77, so the second line is 10,013.77 − 5,041.10 = 4,972.67 (not .68):
    # the lines show the rounded total's shares, and add up to it.
    result = position(award_matter('"10%"', day_count="act/act", start="2023-07-01"), date(2024, 7, 1))
    accruals = [line for line in result.lines if isinstance(line, AccrualLine)]
    assert [(a.start, a.end, a.year_days) for a in accruals] == [
        (date(2023, 7, 1), date(2024, 1, 1), 365),
        (date(2024, 1, 1), date(2024, 7, 1), 366),
    ]
    assert [a.cents for a in accruals] == [Decimal("5041.10"), Decimal("4972.67")]
    assert result.interest == Decimal("10013.77")
    assert accruals[-1].balance.total == Decimal("110013.77")
    # Per diem on a 2024 day: 100,000 × 10% ÷ 366 = 27.3224… → 27.32.
    assert result.per_diem_total is not None
    assert result.per_diem_total.quantize(Decimal("0.01")) == Decimal("27.32")


def test_capitalization_lines_carry_the_balance_and_the_per_diem_bears_on_the_new_base() -> None:
    # 10% compounded annually, act/365, on 100,000 from 2020-01-01, owed on 2022-01-01.
    # 2020: 366 days (act/365 divides by 365 in a leap year too): 10,027.3972… → capitalized 10,027.40.
    # 2021: 110,027.40 × 10% × 365/365 = 11,002.74 → capitalized on 2022-01-01; interest 21,030.14.
    # Per diem on the new base: 121,030.14 × 10% ÷ 365 = 33.1589… → 33.16.
    result = position(award_matter('"10%"', compounding="annual", start="2020-01-01"), date(2022, 1, 1))
    caps = [line for line in result.lines if isinstance(line, CapitalizationLine)]
    assert [(c.on, c.amount) for c in caps] == [
        (date(2021, 1, 1), Decimal("10027.40")),
        (date(2022, 1, 1), Decimal("11002.74")),
    ]
    # Capitalized interest is still interest in the balance, as in the totals; the principal is the sum awarded.
    assert caps[0].balance == Balance(Decimal(100000), Decimal("10027.40"))
    assert result.lines[-1].balance == Balance(Decimal(100000), Decimal("21030.14"))
    assert result.per_diem_total is not None
    assert result.per_diem_total.quantize(Decimal("0.01")) == Decimal("33.16")


def test_capitalized_interest_a_payment_took_is_no_longer_counted_as_capitalized() -> None:
    # A review found 173,776.16 "capitalized (included in the interest above)" beside 128,771.47 of interest: the
    # sum of every capitalization, the part a payment had taken included. The same 10% on 100,000 from 2020-01-01,
    # capitalized 10,027.40 and 11,002.74 (above); 20,000 paid on 2022-07-01 takes first the 181 days accrued,
    # 121,030.14 x 10% x 181/365 = 6,001.7686... -> 6,001.77, then 13,998.23 of the 21,030.14 capitalized,
    # leaving 7,031.91 capitalized and unpaid. To 2022-12-31, 183 days on 107,031.91: 5,366.2574... -> 5,366.26;
    # interest 7,031.91 + 5,366.26 = 12,398.17.
    payment = '\npayments:\n  - {date: 2022-07-01, amount: "20000", currency: USD, instrument: a}\n'
    text = award_matter('"10%"', compounding="annual", start="2020-01-01") + payment
    result = position(text, date(2022, 12, 31))
    assert result.interest == Decimal("12398.17")
    assert result.capitalized == Decimal("7031.91")
    assert result.capitalized_in_all == Decimal("21030.14")


TWO_SUMS = """
matter: t
creditor: {name: C}
debtor: {name: D}
instruments:
  - id: a
    kind: award
    forum: ICC
    date: 2020-01-01
    currency: USD
    amounts:
      - {label: damages, amount: "100000", source: "Award ¶ 10"}
      - {label: costs, amount: "10000", source: "Award ¶ 12"}
    interest:
      - {from: 2020-01-01, on: [damages], rate: "5%", compounding: none, day_count: act/365}
payments:
  - {date: 2020-07-01, amount: "3000", currency: USD, instrument: a, source: "cheque 118"}
"""


def test_an_instrument_of_two_sums_keeps_one_running_balance() -> None:
    # Damages bear 5% simple, act/365; costs bear none.
    # 2020-01-01 → 2020-07-01: 182 days; 100,000 × 5% × 182/365 = 2,493.1506… → 2,493.15.
    # 3,000 pays that interest, then 506.85 of principal (damages first, in the order the award lists them):
    # principal 99,493.15 + 10,000 = 109,493.15, interest 0.
    # 2020-07-01 → 2021-01-01: 184 days; 99,493.15 × 5% × 184/365 = 2,507.7725… → 2,507.77; owed 112,000.92.
    # Per diem: 99,493.15 × 5% ÷ 365 = 13.6292… → 13.63 (costs earn nothing).
    result = position(TWO_SUMS, date(2021, 1, 1))
    kinds = [(type(line).__name__, getattr(line, "component", None)) for line in result.lines]
    assert kinds == [("AccrualLine", "damages"), ("PaymentLine", None), ("AccrualLine", "damages")]
    payment = result.lines[1]
    assert isinstance(payment, PaymentLine)
    assert payment.balance == Balance(Decimal("109493.15"), Decimal(0))
    assert payment.cited == "cheque 118"
    assert result.lines[-1].balance.total == result.total == Decimal("112000.92")
    assert [c.cited for c in result.components] == ["Award ¶ 10", "Award ¶ 12"]
    assert result.per_diem is not None
    assert [p.component for p in result.per_diem] == ["damages"]
    assert result.per_diem_total is not None
    assert result.per_diem_total.quantize(Decimal("0.01")) == Decimal("13.63")


def test_a_payments_order_is_called_the_united_states_rule_only_on_a_united_states_judgment() -> None:
    # The order is the same everywhere (interest first); only a U.S. court's statement gives it the U.S. name.
    for forum, named in (("US-NY", "United States rule: interest first, then principal"),
                         ("GB-EW", "interest first, then principal")):  # fmt: skip
        currency = "USD" if forum == "US-NY" else "GBP"
        text = NEW_YORK.replace("forum: US-NY", f"forum: {forum}").replace("USD", currency)
        payments = [line for line in position(text, date(2026, 12, 1)).lines if isinstance(line, PaymentLine)]
        assert [p.rule for p in payments] == [named, named], forum
