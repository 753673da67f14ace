"""An independent oracle for what is owed, in exact fractions (`fractions.Fraction`), written from the law alone.

Nothing here comes from the engine. The rules are read from the statutes and parameter files as cited in
docs/rules.md and src/exequatur/rules/params/, the conventions from DESIGN.md §7 and docs/engine.md, and the rates
from the shipped CSV tables, parsed here with `csv`:

- interest on a stretch is base × rate × year fraction, kept exact; it is rounded half-up to the cent only where
  money is capitalized (a compounding anniversary), paid (a payment) or shown (the as-of figure);
- a payment first rounds the interest accrued to its day, then goes to that interest, then to capitalized
  interest, then to principal; what it leaves unpaid carries in cents; anything beyond is excess;
- compounding periods run from anniversaries of the start, each computed from the start (day clamped to the end
  of a short month, so 29 Feb gives 28 Feb in a common year); at each the unpaid interest, rounded half-up, is
  added to the base. On an anniversary that is also a payment day, the capitalization comes first;
- day counts are ISDA 2006 §4.16: Actual/365 (Fixed), Actual/360, Actual/Actual (ISDA) (§4.16(b)), 30/360 Bond
  Basis (§4.16(f)) and 30E/360 Eurobond Basis (§4.16(g)); the 30/360 counts are made within each compounding
  period from the period's own start date, so that a period's days are those of its own start and end dates
  however payments cut it (a stretch counts the period's days to its end less those to its start).
"""

from __future__ import annotations

import calendar
import csv
import math
from calendar import isleap, monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import cache
from importlib.resources import files
from itertools import pairwise

HALF = Fraction(1, 2)
ZERO = Fraction(0)


def round_cents(x: Fraction) -> Fraction:
    """Half-up to the cent (amounts are never negative)."""
    return Fraction(math.floor(x * 100 + HALF), 100)


def is_half_cent(x: Fraction) -> bool:
    """True when x lies exactly halfway between two cents (the case that exposes a rounding shortcut)."""
    return (x * 100).denominator == 2


def cents(x: Fraction) -> str:
    """A whole number of cents written as a decimal string, e.g. Fraction(12345, 100) -> '123.45'."""
    n = x * 100
    assert n.denominator == 1, x
    whole, part = divmod(int(n), 100)
    return f"{whole}.{part:02d}"


# ---------------------------------------------------------------------------------------------------------------
# Calendar


def add_months(start: date, months: int) -> date:
    """start + months, the day clamped to the end of a short month (31 Jan + 1 = 28/29 Feb; 29 Feb + 12 = 28 Feb)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def anniversaries(start: date, months: int, until: date) -> list[date]:
    """The k-th boundary is start + k × months, each from the start, never from the previous one; up to `until`."""
    out = []
    k = 1
    while (d := add_months(start, k * months)) <= until:
        out.append(d)
        k += 1
    return out


# ---------------------------------------------------------------------------------------------------------------
# Day counts (ISDA 2006 §4.16)


def _bond_basis_days(d1: date, d2: date) -> int:
    """§4.16(f) 30/360: D1 = 31 becomes 30; D2 = 31 becomes 30 only if D1 (so adjusted) is 30."""
    a = min(d1.day, 30)
    b = 30 if d2.day == 31 and a == 30 else d2.day
    return 360 * (d2.year - d1.year) + 30 * (d2.month - d1.month) + (b - a)


def _eurobond_basis_days(d1: date, d2: date) -> int:
    """§4.16(g) 30E/360: a 31st counts as the 30th at either end."""
    return 360 * (d2.year - d1.year) + 30 * (d2.month - d1.month) + (min(d2.day, 30) - min(d1.day, 30))


def _act_act_isda(a: date, b: date) -> Fraction:
    """§4.16(b): days falling in a leap year over 366 plus days in a non-leap year over 365."""
    total = ZERO
    while a < b:
        year_end = date(a.year + 1, 1, 1)
        stop = min(b, year_end)
        total += Fraction((stop - a).days, 366 if isleap(a.year) else 365)
        a = stop
    return total


def year_fraction(day_count: str, anchor: date, a: date, b: date) -> Fraction:
    """Year fraction of the stretch [a, b) inside the period that starts on `anchor`."""
    if day_count == "act/365":
        return Fraction((b - a).days, 365)
    if day_count == "act/360":
        return Fraction((b - a).days, 360)
    if day_count == "act/act":
        return _act_act_isda(a, b)
    if day_count == "30/360":
        return Fraction(_bond_basis_days(anchor, b) - _bond_basis_days(anchor, a), 360)
    if day_count == "30E/360":
        return Fraction(_eurobond_basis_days(anchor, b) - _eurobond_basis_days(anchor, a), 360)
    raise ValueError(day_count)


# ---------------------------------------------------------------------------------------------------------------
# Rate tables, read from the shipped CSV files with csv


@cache
def table(file: str) -> tuple[tuple[date, Fraction], ...]:
    """Rows (date, value in percent) of a shipped table; comment lines start with '#'."""
    text = files("exequatur.data").joinpath(file).read_text(encoding="utf-8")
    reader = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    header = next(reader)
    assert header[:2] == ["date", "value"], header
    rows = tuple((date.fromisoformat(r[0]), Fraction(r[1])) for r in reader)
    assert all(x[0] < y[0] for x, y in pairwise(rows)), file
    return rows


def in_force(file: str, on: date) -> tuple[date, Fraction]:
    """The newest row dated on or before `on` (a row dated `on` is in force at the end of that day)."""
    rows = table(file)
    found = [r for r in rows if r[0] <= on]
    if not found:
        raise LookupError(f"{file}: no row on or before {on}")
    return found[-1]


CMT_WEEKLY = "us_1y_cmt_weekly.csv"
DISCOUNT = "us_fed_discount_rate.csv"
BANK_RATE = "ca_boc_bank_rate.csv"
FR_PARTICULIERS = "fr_taux_legal_particuliers.csv"
FR_PROFESSIONNELS = "fr_taux_legal_professionnels.csv"


# ---------------------------------------------------------------------------------------------------------------
# Terms


@dataclass(frozen=True)
class Terms:
    """How one component accrues: from `start`, at `rates` (each (from, percent), the first on `start`)."""

    start: date
    rates: tuple[tuple[date, Fraction], ...]
    day_count: str
    months: int | None  # compounding period in months; None for simple interest
    why: str = ""


def section_1961_week(entry: date) -> date:
    """28 U.S.C. §1961(a), "the calendar week preceding the date of the judgment": for a judgment entered on any
    day of the week that starts on Monday M, the week ending on the Friday before M (H.15 dates a week by the Friday
    that ends it)."""
    monday = entry - timedelta(days=entry.weekday())
    return monday - timedelta(days=3)


def us_fed(entry: date) -> Terms:
    """§1961: that week's 1-year CMT, fixed for life, daily at 1/365, compounded annually from entry."""
    friday = section_1961_week(entry)
    rows = dict(table(CMT_WEEKLY))
    rate = rows[friday]
    return Terms(entry, ((entry, rate),), "act/365", 12, f"1y CMT week ending {friday}: {float(rate)}%")


def us_ny(entry: date) -> Terms:
    """CPLR 5003, 5004: 9% simple from entry, /365."""
    return Terms(entry, ((entry, Fraction(9)),), "act/365", None, "CPLR 5004 9%")


def us_de(entry: date) -> Terms:
    """6 Del. C. §2301(a): the discount rate in force on the day of judgment + 5, fixed, simple, /365."""
    on, rate = in_force(DISCOUNT, entry)
    return Terms(entry, ((entry, rate + 5),), "act/365", None, f"discount {float(rate)}% (row {on}) + 5")


def ca_on_reference_day(order: date) -> date:
    """CJA s.127(1): the first day of the last month of the quarter preceding the order's quarter."""
    quarter = (order.month - 1) // 3  # 0..3
    if quarter == 0:
        return date(order.year - 1, 12, 1)
    return date(order.year, 3 * quarter, 1)


def ca_on(order: date) -> Terms:
    """CJA ss.127(1), 129(1): Bank Rate at the end of that day, rounded up to a whole number, + 1; simple /365."""
    day = ca_on_reference_day(order)
    on, bank = in_force(BANK_RATE, day)
    rate = Fraction(math.ceil(bank)) + 1
    return Terms(order, ((order, rate),), "act/365", None, f"Bank Rate {float(bank)}% on {day} (row {on}) -> {rate}%")


def gb_ew(entry: date) -> Terms:
    """Judgments Act 1838 s.17, SI 1993/564: 8% simple from judgment, /365."""
    return Terms(entry, ((entry, Fraction(8)),), "act/365", None, "Judgments Act 8%")


def fr(entry: date, private_individual: bool, until: date) -> Terms:
    """C. mon. fin. L313-2: the legal rate of each half-year in turn (before 2015 one rate per civil year, repeated
    in the tables on 1 July), the table of natural persons not acting professionally or of all others; simple,
    /365 (service-public.fr F783). No L313-3 majoration: the matter states no date of enforceability."""
    file = FR_PARTICULIERS if private_individual else FR_PROFESSIONNELS
    first = in_force(file, entry)
    assert (entry - first[0]).days < 184, (entry, first)  # the row covers the half-year of entry
    rates = [(entry, first[1])] + [(d, v) for d, v in table(file) if entry < d <= until]
    return Terms(entry, tuple(rates), "act/365", None, f"{file.removesuffix('.csv')} by half-year")


def fr_majoration_start(enforceable: date, months: int = 2) -> date:
    """L313-3 with CPC 641-642: the 2-month period expires on the same-numbered day (or the month's last day) at
    midnight; the increase runs from the next day."""
    return add_months(enforceable, months) + timedelta(days=1)


def with_majoration(terms: Terms, start: date, points: Fraction = Fraction(5)) -> Terms:
    """The same terms with `points` added from `start` (used only to explain a discrepancy, never as the law here
    when no date of enforceability is known)."""
    cut = []
    for i, (d, v) in enumerate(terms.rates):
        nxt = terms.rates[i + 1][0] if i + 1 < len(terms.rates) else None
        if d >= start:
            cut.append((d, v + points))
        else:
            cut.append((d, v))
            if start < (nxt or date.max):
                cut.append((start, v + points))
    return Terms(terms.start, tuple(cut), terms.day_count, terms.months, terms.why + f" +{points} from {start}")


COMPOUNDING_MONTHS = {"none": None, "annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}


def award(start: date, rate: Fraction, compounding: str, day_count: str) -> Terms:
    """An award's own terms: a fixed rate from `start`, compounded as stated, on the stated day count."""
    return Terms(start, ((start, rate),), day_count, COMPOUNDING_MONTHS[compounding], "award terms")


# ---------------------------------------------------------------------------------------------------------------
# Accrual


@dataclass(frozen=True)
class PaymentResult:
    on: date
    amount: Fraction
    to_interest: Fraction
    to_principal: Fraction
    excess: Fraction
    #: What is owed right after the payment: unpaid principal, and unpaid interest (capitalized included).
    principal_after: Fraction = Fraction(0)
    interest_after: Fraction = Fraction(0)


@dataclass(frozen=True)
class Result:
    principal: Fraction
    interest: Fraction
    payments: tuple[PaymentResult, ...]
    half_cents: int  # rounding events whose exact amount was exactly half a cent
    #: Interest one more day adds after the as-of date: the base then × the rate then ÷ the year's days.
    per_diem: Fraction = Fraction(0)

    @property
    def total(self) -> Fraction:
        return self.principal + self.interest


def _rate_on(terms: Terms, day: date) -> Fraction:
    rate = terms.rates[0][1]
    for d, v in terms.rates:
        if d <= day:
            rate = v
    return rate


def owed(
    principal: Fraction,
    terms: Terms,
    payments: Sequence[tuple[date, Fraction]],
    as_of: date,
    *,
    half_up: bool = True,
    bond_basis_per_stretch: bool = False,
    bond_basis_from_start: bool = False,
) -> Result:
    """What is owed on `as_of` on one component, with each payment's application (payments in their order).

    The two keywords give variants that the law does not support, used only to explain a discrepancy: `half_up=
    False` rounds an exact half cent down (what a quotient rounded first, such as rate/36500 to 40 digits, does),
    `bond_basis_per_stretch=True` counts 30/360 on each stretch's own dates instead of per period, and
    `bond_basis_from_start=True` counts it from the term's start for every period."""
    boundaries = set(anniversaries(terms.start, terms.months, as_of)) if terms.months else set()
    cuts = boundaries | {d for d, _ in terms.rates if terms.start < d <= as_of} | {as_of}
    cuts |= {d for d, _ in payments if terms.start <= d <= as_of}
    by_day: dict[date, list[Fraction]] = {}
    for d, amount in payments:
        if d <= as_of:
            by_day.setdefault(d, []).append(amount)

    unpaid_principal = principal
    capitalized = ZERO  # capitalized interest not yet paid: part of the base, paid before principal
    carried = ZERO  # interest left unpaid by a payment, in cents; bears no interest until capitalized
    exact = ZERO  # interest accrued since the last rounding event, exact
    anchor = terms.start  # start of the current compounding period (30/360 counts from it)
    halves = 0
    lines: list[PaymentResult] = []
    cur = terms.start

    def rounded(x: Fraction) -> Fraction:
        nonlocal halves
        if is_half_cent(x):
            halves += 1
            if not half_up:
                return round_cents(x) - Fraction(1, 100)
        return round_cents(x)

    for day in sorted(cuts):
        if day > cur:
            base = unpaid_principal + capitalized
            if base:
                counted_from = cur if bond_basis_per_stretch else terms.start if bond_basis_from_start else anchor
                fraction = year_fraction(terms.day_count, counted_from, cur, day)
                exact += base * _rate_on(terms, cur) / 100 * fraction
            cur = day
        if day in boundaries:
            capitalized += rounded(carried + exact)
            carried = exact = ZERO
            anchor = day
        for amount in by_day.get(day, ()):
            carried, exact = rounded(carried + exact), ZERO
            left = amount
            to_carried = min(left, carried)
            carried -= to_carried
            left -= to_carried
            to_capitalized = min(left, capitalized)
            capitalized -= to_capitalized
            left -= to_capitalized
            to_principal = min(left, unpaid_principal)
            unpaid_principal -= to_principal
            left -= to_principal
            lines.append(
                PaymentResult(
                    day,
                    amount,
                    to_carried + to_capitalized,
                    to_principal,
                    left,
                    unpaid_principal,
                    capitalized + carried,
                )
            )
    interest = capitalized + rounded(carried + exact)
    per_diem = (unpaid_principal + capitalized) * _rate_on(terms, as_of) / 100 / year_days(terms.day_count, as_of)
    return Result(unpaid_principal, interest, tuple(lines), halves, per_diem)


def year_days(day_count: str, day: date) -> int:
    """The year a day's interest is a fraction of: 365 for act/365, 360 for act/360 and 30/360, the calendar
    year's length for act/act (ISDA 2006 §4.16(b), (d), (e), (f), (g))."""
    if day_count == "act/365":
        return 365
    if day_count == "act/act":
        return 366 if calendar.isleap(day.year) else 365
    return 360


def exact_to_first_rounding(terms: Terms, until: date) -> Fraction:
    """Exact interest on a base of 1 over [start, until), for `until` no later than the first anniversary: what
    the first rounding event rounds, per unit of principal (interest is linear in the principal until then)."""
    cuts = sorted({d for d, _ in terms.rates if terms.start < d < until} | {until})
    total = ZERO
    cur = terms.start
    for day in cuts:
        total += _rate_on(terms, cur) / 100 * year_fraction(terms.day_count, terms.start, cur, day)
        cur = day
    return total


def principal_for_half_cent(multiplier: Fraction, near_cents: int) -> int | None:
    """A principal in cents, close above `near_cents`, whose exact interest principal × multiplier has a fraction
    of exactly half a cent; None if no principal can (the reduced denominator of the multiplier in cents is odd)."""
    q = multiplier  # interest in cents per cent of principal
    n, d = q.numerator, q.denominator
    if n == 0 or d % 2:
        return None
    b0 = (d // 2) * pow(n, -1, d) % d
    k = max(0, (near_cents - b0) // d)
    b = b0 + k * d
    return b if b > 0 else b + d
