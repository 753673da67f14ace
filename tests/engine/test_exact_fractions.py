"""The engine against an independent oracle in exact fractions, on random judgments and awards with payments.

The oracle (tests/engine/fraction_oracle.py) is written from the law and the conventions of DESIGN.md §7 and
docs/engine.md, never from the engine's code: every rate comes from the shipped CSV tables read with `csv`, every
amount is a `fractions.Fraction`, and money is rounded half-up to the cent only where it is capitalized, paid or
shown. Each case must give the same cents on principal, interest and total, and on every payment line the same
to_interest, to_principal and excess.

The cases are drawn with random.Random(20261201): judgments in every court forum (US-NY, US-FED, US-DE, CA-ON,
GB-EW, FR) entered 2001-2025, and awards with stated terms (every compounding and day count), as of dates up to
2026-06-30, amounts from 0.01 to 10^12, random payments (some on anniversaries, some on the as-of date, some paying
more than is owed), and a fifth of them built so that the first rounding event falls on an exact half cent.
EXEQUATUR_FRACTION_CASES sets the number of cases (default 10,000) for a longer run, and
EXEQUATUR_FRACTION_WORKERS the number of processes that run them (default 1).

French judgments carry no `enforceable:` date, so the L313-3 majoration of 5 points cannot apply (DESIGN.md §7:
unknown facts are not guessed). Cases long enough for a majoration counted from the judgment's own date to matter
are kept in their own test, test_fr_without_enforceable_has_no_majoration, so that a failure there is visible but
separate.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache

import pytest

from exequatur.engine.owed import accrue
from exequatur.engine.results import AccrualLine, InstrumentFailure, InstrumentStatement, PaymentLine
from exequatur.interfaces.api import rate_book
from exequatur.model.money import round_money
from exequatur.model.rates import RateBook
from tests.conftest import award_matter, matter_from, payments_yaml
from tests.engine import fraction_oracle as fo

SEED = 20261201
CASES = int(os.environ.get("EXEQUATUR_FRACTION_CASES", "10000"))
LAST_AS_OF = date(2026, 6, 30)  # the tables cover every as-of date up to here
INSTRUMENTS_PER_MATTER = 50

FORUM_CURRENCY = {"US-NY": "USD", "US-FED": "USD", "US-DE": "USD", "CA-ON": "CAD", "GB-EW": "GBP", "FR": "EUR"}
FIRST_ENTRY = {
    "US-NY": date(2001, 1, 1),
    "US-FED": date(2001, 1, 1),
    "US-DE": date(2001, 1, 1),
    "CA-ON": date(2002, 1, 1),  # the 2001 Q4 rate needs the Bank Rate of 1 Sep 2001; the table starts 23 Oct 2001
    "GB-EW": date(2001, 1, 1),
    "FR": date(2009, 1, 1),  # the legal-rate tables start in 2009
}
LAST_ENTRY = date(2025, 12, 31)
# Shares of the cases; FR is split into cases within two months of the judgment and longer ones.
SHARES = {"US-NY": 12, "US-FED": 16, "US-DE": 10, "CA-ON": 10, "GB-EW": 10, "FR": 8, "FR-long": 8, "award": 26}
AWARD_FORUMS = ["ICSID", "ICSID-AF", "ICC", "LCIA", "PCA", "SCC", "UNCITRAL", "ICDR", "SIAC", "HKIAC"]
AWARD_CURRENCIES = ["USD", "EUR", "GBP", "CHF", "CAD"]
COMPOUNDINGS = ["none", "annual", "semiannual", "quarterly", "monthly"]
DAY_COUNTS = ["act/365", "act/360", "act/act", "30/360", "30E/360"]
AWARD_GROUPS = [f"award {c} {d}" for c in COMPOUNDINGS for d in DAY_COUNTS]
GROUPS = ["US-NY", "US-FED", "US-DE", "CA-ON", "GB-EW", "FR", *AWARD_GROUPS]


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    forum: str
    date: date
    currency: str
    amount: int  # cents
    as_of: date
    payments: tuple[tuple[date, int], ...]  # (day, cents), distinct days in order
    private_individual: bool = False
    start: date | None = None  # awards: the stated terms
    rate: str | None = None  # percent, as written in the matter
    compounding: str = "none"
    day_count: str = "act/365"
    half_target: bool = False

    @property
    def kind(self) -> str:
        return "award" if self.start else "judgment"

    def terms(self) -> fo.Terms:
        if self.start is not None:
            assert self.rate is not None
            return fo.award(self.start, Fraction(self.rate), self.compounding, self.day_count)
        rule = {"US-NY": fo.us_ny, "US-FED": fo.us_fed, "US-DE": fo.us_de, "CA-ON": fo.ca_on, "GB-EW": fo.gb_ew}
        if self.forum == "FR":
            return fo.fr(self.date, self.private_individual, self.as_of)
        return rule[self.forum](self.date)

    def oracle(self, **variant: bool) -> fo.Result:
        pays = [(d, Fraction(c, 100)) for d, c in self.payments]
        return fo.owed(Fraction(self.amount, 100), self.terms(), pays, self.as_of, **variant)

    def describe(self) -> str:
        money = fo.cents(Fraction(self.amount, 100))
        text = f"{self.id} [{self.group}] {self.kind} {self.forum} dated {self.date} {self.currency} {money}"
        if self.start:
            text += f", interest from {self.start} at {self.rate}% {self.compounding} {self.day_count}"
        if self.private_individual:
            text += ", creditor a private individual"
        text += f"; as of {self.as_of}; oracle terms: {self.terms().why}"
        if self.half_target:
            text += "; built for an exact half cent at the first rounding"
        pays = ", ".join(f"{d} {fo.cents(Fraction(c, 100))}" for d, c in self.payments)
        return text + f"; payments: [{pays}]"


# ---------------------------------------------------------------------------------------------------------------
# Drawing the cases


def _day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def _special_day(rng: random.Random, lo: date, hi: date) -> date:
    """A day that stresses calendars: a 31st, a 30th, the end of February (28 or 29), 28 Feb of a leap year, a 29th
    of January; or a Monday (the H.15 release day) or a weekend day."""
    for _ in range(100):
        year = rng.randrange(lo.year, hi.year + 1)
        pick = rng.randrange(7)
        if pick == 0:
            d = date(year, rng.choice([1, 3, 5, 7, 8, 10, 12]), 31)
        elif pick == 1:
            d = date(year, rng.choice([4, 6, 9, 11, 1, 3]), 30)
        elif pick == 2:
            d = date(year, 2, 29 if fo.isleap(year) else 28)
        elif pick == 3:
            d = date(year, 2, 28)
        elif pick == 4:
            d = date(year, 1, 29)
        else:
            d = _day(rng, date(year, 1, 1), date(year, 12, 24))
            d += timedelta(days=(0 - d.weekday()) % 7 if pick == 5 else (5 - d.weekday()) % 7 + rng.randrange(2))
        if lo <= d <= hi:
            return d
    return _day(rng, lo, hi)


def _month_end(rng: random.Random, lo: date, hi: date) -> date:
    """A 31st, the end of February (28 or 29) or a 30th: the dates on which 30/360 counts differ."""
    for _ in range(100):
        year, pick = rng.randrange(lo.year, hi.year + 1), rng.randrange(3)
        if pick == 0:
            d = date(year, rng.choice([1, 3, 5, 7, 8, 10, 12]), 31)
        elif pick == 1:
            d = date(year, 2, 29 if fo.isleap(year) else 28)
        else:
            d = date(year, rng.choice([4, 6, 9, 11]), 30)
        if lo <= d <= hi:
            return d
    return _day(rng, lo, hi)


def _entry(rng: random.Random, lo: date, hi: date) -> date:
    return _special_day(rng, lo, hi) if rng.random() < 0.25 else _day(rng, lo, hi)


def _as_of(rng: random.Random, start: date, terms_months: int | None, first: date) -> date:
    """An as-of date on or after `first`: often short, sometimes exactly on an anniversary, else up to the end."""
    r = rng.random()
    if terms_months and r < 0.08:
        options = fo.anniversaries(start, terms_months, LAST_AS_OF)
        options = [d for d in options if d >= first]
        if options:
            return rng.choice(options[:40])
    if r < 0.3:
        return min(LAST_AS_OF, first + timedelta(days=rng.randrange(0, 120)))
    if r < 0.55:
        return min(LAST_AS_OF, first + timedelta(days=rng.randrange(0, 900)))
    return _day(rng, first, LAST_AS_OF)


def _payment_days(rng: random.Random, first: date, as_of: date, months: int | None, start: date) -> list[date]:
    """Distinct payment days in (first, as_of]; some on anniversaries of the start and on the as-of date."""
    if as_of <= first:
        return []
    count = rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 6, 9])
    days = {_day(rng, first + timedelta(days=1), as_of) for _ in range(count)}
    if months and days and rng.random() < 0.35:
        options = [d for d in fo.anniversaries(start, months, as_of) if d > first]
        if options:
            days.add(rng.choice(options))
    if days and rng.random() < 0.15:
        days.add(as_of)
    return sorted(days)


def _amount(rng: random.Random) -> int:
    """Cents from 1 (0.01) to 10^14 (10^12), log-uniform, sometimes a round sum."""
    cents = max(1, min(10**14, int(10 ** rng.uniform(0, 14))))
    r = rng.random()
    if r < 0.1:
        cents -= cents % 100
    elif r < 0.15:
        cents -= cents % 100 - 50
    return max(1, min(10**14, cents))


def _payment_amounts(rng: random.Random, case_terms: fo.Terms, principal: int, days: list[date]) -> list[int]:
    """Rough sizes relative to what is owed: part of the interest, the interest and some principal, a tiny sum, or
    (only as the last payment, so that the earlier ones still split) more than everything."""
    rate = float(case_terms.rates[-1][1]) / 100
    owed_principal = principal / 100
    last = case_terms.start
    out = []
    for n, d in enumerate(days):
        interest = owed_principal * rate * (d - last).days / 365
        r = rng.random()
        if r < 0.45:
            pay = rng.uniform(0.01, max(0.02, interest * 0.95))
        elif r < 0.72:
            pay = interest + owed_principal * rng.uniform(0, 0.2)
        elif r < 0.9 or n < len(days) - 1:
            pay = rng.uniform(0.01, 100)
        else:
            pay = (owed_principal + interest) * rng.uniform(1, 2) + 1
        cents = max(1, round(pay * 100))
        out.append(cents)
        owed_principal = max(0.0, owed_principal - max(0.0, cents / 100 - interest))
        last = d
    return out


def _first_rounding(terms: fo.Terms, as_of: date, days: list[date]) -> date:
    events = [as_of, *days]
    if terms.months:
        events.append(fo.add_months(terms.start, terms.months))
    return min(events)


def _draw(rng: random.Random, n: int, kind: str) -> Case:
    cid = f"c{n:05d}"
    half = rng.random() < 0.2
    for attempt in range(40):
        # 8% a year over 365 days never gives an exact half cent (b × 8 × days / 36500 has an odd denominator),
        # so a case that cannot be built for one is drawn as an ordinary case after a few tries.
        half = half and attempt < 10
        private = False
        start = rate = None
        compounding, day_count = "none", "act/365"
        if kind == "award":
            forum = rng.choice(AWARD_FORUMS)
            currency = rng.choice(AWARD_CURRENCIES)
            compounding, day_count = rng.choice(COMPOUNDINGS), rng.choice(DAY_COUNTS)
            thirty = day_count.startswith("30") and rng.random() < 0.4
            on = (_month_end if thirty else _entry)(rng, date(2001, 1, 1), LAST_ENTRY)
            start = on
            if rng.random() < 0.25:
                lo = max(date(2000, 1, 1), on - timedelta(days=2000))
                start = (_month_end if thirty else _entry)(rng, lo, on)
            decimals = rng.choice([0, 1, 2, 2, 3, 4, 5])
            value = Fraction(rng.randrange(1, 20 * 10**decimals + 1), 10**decimals)
            rate = f"{value.numerator / value.denominator:.{decimals}f}"
            assert Fraction(rate) == value
            group = f"award {compounding} {day_count}"
            terms = fo.award(start, value, compounding, day_count)
        else:
            forum = "FR" if kind.startswith("FR") else kind
            currency = FORUM_CURRENCY[forum]
            lo = FIRST_ENTRY[forum]
            if forum == "FR" and rng.random() < 0.5:  # near 1 Jan or 1 Jul, so the stretch crosses a half-year
                year = rng.randrange(2009, 2026)
                edge = date(year, rng.choice([1, 7]), 1)
                on = max(lo, min(LAST_ENTRY, edge - timedelta(days=rng.randrange(1, 62))))
            else:
                on = _entry(rng, lo, LAST_ENTRY)
            private = forum == "FR" and rng.random() < 0.5
            group = kind
            terms = Case(cid, group, forum, on, currency, 1, max(on, LAST_AS_OF), (), private).terms()
        if kind == "FR":
            as_of = min(LAST_AS_OF, _day(rng, on, fo.add_months(on, 2)))
        elif kind == "FR-long":
            if fo.fr_majoration_start(on) >= LAST_AS_OF:
                continue
            as_of = _day(rng, fo.fr_majoration_start(on) + timedelta(days=1), LAST_AS_OF)
            if rng.random() < 0.3:
                as_of = min(LAST_AS_OF, fo.fr_majoration_start(on) + timedelta(days=rng.randrange(1, 200)))
        else:
            as_of = _as_of(rng, terms.start, terms.months, on)
        if forum == "FR":
            terms = fo.fr(on, private, as_of)
        days = _payment_days(rng, on, as_of, terms.months, terms.start)
        amount = _amount(rng)
        if half:
            first = _first_rounding(terms, as_of, days)
            if first <= terms.start:
                continue
            target = fo.principal_for_half_cent(fo.exact_to_first_rounding(terms, first), amount)
            if target is None or target > 10**14:
                continue
            amount = target
        pays = tuple(zip(days, _payment_amounts(rng, terms, amount, days), strict=True))
        return Case(cid, group, forum, on, currency, amount, as_of, pays, private, start, rate, compounding,
                    day_count, half)  # fmt: skip
    raise AssertionError(f"could not draw case {cid} of kind {kind}")


@cache
def cases() -> tuple[Case, ...]:
    rng = random.Random(SEED)
    total = sum(SHARES.values())
    counts = {k: CASES * v // total for k, v in SHARES.items()}
    counts["award"] += CASES - sum(counts.values())
    out: list[Case] = []
    for kind, count in counts.items():
        for _ in range(count):
            out.append(_draw(rng, len(out), kind))
    return tuple(out)


# ---------------------------------------------------------------------------------------------------------------
# Matters, written as YAML text and loaded through the real loader (tests/conftest.py matter_from)


def _instrument_yaml(c: Case) -> str:
    text = (
        f"  - id: {c.id}\n    kind: {c.kind}\n    forum: {c.forum}\n    date: {c.date}\n    currency: {c.currency}\n"
        f'    amounts: [{{label: sum, amount: "{fo.cents(Fraction(c.amount, 100))}"}}]\n'
    )
    if c.start:
        text += (
            f'    interest:\n      - from: {c.start}\n        rate: "{c.rate}%"\n'
            f"        compounding: {c.compounding}\n        day_count: {c.day_count}\n"
        )
    return text


def matter_yaml(name: str, batch: list[Case], private_individual: bool) -> str:
    party = "{name: C, private_individual: true}" if private_individual else "{name: C}"
    lines = [f"matter: {name}\ncreditor: {party}\ndebtor: {{name: D}}\ninstruments:\n"]
    lines += [_instrument_yaml(c) for c in batch]
    pays = [
        f'  - {{date: {d}, amount: "{fo.cents(Fraction(p, 100))}", currency: {c.currency}, instrument: {c.id}}}\n'
        for c in batch
        for d, p in c.payments
    ]
    if pays:
        lines += ["payments:\n", *pays]
    return "".join(lines)


@dataclass(frozen=True)
class Outcome:
    case: Case
    problems: tuple[str, ...]


def _money(x: Decimal | Fraction) -> str:
    return fo.cents(x) if isinstance(x, Fraction) else f"{x:.2f}"


def _compare(case: Case, got: InstrumentStatement | InstrumentFailure) -> list[str]:
    want = case.oracle()
    if isinstance(got, InstrumentFailure):
        return [f"engine failed: {got.message}; fractions: total {_money(want.total)}"]
    problems = []
    for name in ("principal", "interest", "total"):
        e, f = getattr(got, name), getattr(want, name)
        if e != Decimal(fo.cents(f)):
            problems.append(f"{name}: engine {_money(e)}, fractions {_money(f)}")
    lines = [line for line in got.lines if isinstance(line, PaymentLine)]
    if len(lines) != len(want.payments):
        problems.append(f"payment lines: engine {len(lines)}, fractions {len(want.payments)}")
    for e_line, f_line in zip(lines, want.payments, strict=False):
        for name in ("to_interest", "to_principal", "excess"):
            e, f = getattr(e_line, name), getattr(f_line, name)
            if e_line.on != f_line.on or e != Decimal(fo.cents(f)):
                problems.append(
                    f"payment {f_line.on} of {_money(f_line.amount)} {name}: engine {e_line.on} {_money(e)}, "
                    f"fractions {_money(f)}"
                )
    problems += _itemization_problems(got, want)
    if problems:
        problems.append(f"fractions: {_explain(case, got)}")
    return problems


def _itemization_problems(got: InstrumentStatement, want: fo.Result) -> list[str]:
    """The itemization against the oracle: the balance after each payment and after the last line, the lines
    adding up to the interest owed, and the per diem."""
    problems = []
    paid = [line for line in got.lines if isinstance(line, PaymentLine)]
    for e_line, f_line in zip(paid, want.payments, strict=False):
        after = (Decimal(fo.cents(f_line.principal_after)), Decimal(fo.cents(f_line.interest_after)))
        if (e_line.balance.principal, e_line.balance.interest) != after:
            problems.append(f"balance after the payment of {e_line.on}: engine {e_line.balance}, fractions {after}")
    if got.lines and got.lines[-1].balance != (got.principal, got.interest):
        problems.append(f"last line's balance {got.lines[-1].balance} is not the statement's totals")
    accrued = sum((line.cents for line in got.lines if isinstance(line, AccrualLine)), Decimal(0))
    if accrued - sum((line.to_interest for line in paid), Decimal(0)) != got.interest:
        problems.append(f"interest lines add up to {accrued}, less interest paid, not to the interest {got.interest}")
    per_diem = got.per_diem_total
    if per_diem is None or round_money(per_diem, "USD") != Decimal(fo.cents(fo.round_cents(want.per_diem))):
        problems.append(f"per diem: engine {per_diem}, fractions {float(want.per_diem)}")
    return problems


def _explain(case: Case, got: InstrumentStatement) -> str:
    """Which variant of the oracle, if any, gives the engine's figures (a hint for the reader, not a verdict)."""
    figures = (got.principal, got.interest, [(p.to_interest, p.to_principal) for p in got.lines
                                             if isinstance(p, PaymentLine)])  # fmt: skip

    def same(r: fo.Result) -> bool:
        pays = [(Decimal(fo.cents(p.to_interest)), Decimal(fo.cents(p.to_principal))) for p in r.payments]
        return figures == (Decimal(fo.cents(r.principal)), Decimal(fo.cents(r.interest)), pays)

    pays = [(d, Fraction(c, 100)) for d, c in case.payments]
    amount = Fraction(case.amount, 100)
    terms = case.terms()
    variants: list[tuple[str, fo.Terms, dict[str, bool]]] = [
        ("exact halves rounded down", terms, {"half_up": False}),
    ]
    if case.day_count in ("30/360", "30E/360"):
        variants.append(("30/360 counted on each stretch's own dates", terms, {"bond_basis_per_stretch": True}))
        variants.append(("30/360 counted from the term's start", terms, {"bond_basis_from_start": True}))
    if case.forum == "US-FED":
        friday = fo.section_1961_week(case.date) - timedelta(days=7)
        rate = dict(fo.table(fo.CMT_WEEKLY))[friday]
        week = fo.Terms(terms.start, ((terms.start, rate),), terms.day_count, terms.months, "")
        variants.append((f"the CMT of the week before, ending {friday} ({float(rate)}%)", week, {}))
    if case.forum == "FR":
        for lag in (0, 1):
            start = fo.fr_majoration_start(case.date) - timedelta(days=lag)
            variants.append((f"+5 points from {start}", fo.with_majoration(terms, start), {}))
    for name, t, kw in variants:
        if same(fo.owed(amount, t, pays, case.as_of, **kw)):
            return f"{terms.why}; the engine's figures are the oracle's with {name}"
    return f"{terms.why}; no oracle variant tried gives the engine's figures"


@cache
def _book() -> RateBook:
    return rate_book()


def _run_batch(batch: tuple[int, ...]) -> list[tuple[int, tuple[str, ...]]]:
    """One matter of cases (indexes into cases()), parsed once, each case accrued on its own as-of date."""
    book = _book()
    chunk = [cases()[i] for i in batch]
    private = chunk[0].private_individual
    matter = matter_from(matter_yaml(f"fractions-{batch[0]}", chunk, private), book)
    out = []
    for i, c in zip(batch, chunk, strict=True):
        got = accrue(matter, c.as_of, book, instrument=c.id).instruments[0]
        out.append((i, tuple(_compare(c, got))))
    return out


@cache
def outcomes() -> dict[str, list[Outcome]]:
    """Every case through the engine, in matters of INSTRUMENTS_PER_MATTER instruments (a creditor who is a private
    individual is a matter-level fact, so those cases have matters of their own). Parsing the YAML is most of the
    time; EXEQUATUR_FRACTION_WORKERS=N spreads the matters over N forked processes where the platform can fork
    (default 1: on a loaded 2-core machine forking gained nothing)."""
    drawn = cases()
    _book()
    batches: list[tuple[int, ...]] = []
    for private in (False, True):
        indexes = [i for i, c in enumerate(drawn) if c.private_individual == private]
        batches += [
            tuple(indexes[j : j + INSTRUMENTS_PER_MATTER]) for j in range(0, len(indexes), INSTRUMENTS_PER_MATTER)
        ]
    workers = int(os.environ.get("EXEQUATUR_FRACTION_WORKERS", "1"))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run_batch, batches, chunksize=1)
    else:
        results = [_run_batch(b) for b in batches]
    by_group: dict[str, list[Outcome]] = {}
    for result in results:
        for i, problems in result:
            by_group.setdefault(drawn[i].group, []).append(Outcome(drawn[i], problems))
    return by_group


def _report(found: list[Outcome]) -> str:
    bad = [o for o in found if o.problems]
    text = [f"{len(bad)} of {len(found)} cases differ from the exact-fraction oracle"]
    for o in bad:
        text.append("- " + o.case.describe())
        text += [f"    {p}" for p in o.problems]
    return "\n".join(text)


# ---------------------------------------------------------------------------------------------------------------
# The tests


def test_the_draw_covers_every_forum_and_exact_half_cents() -> None:
    drawn = cases()
    assert len(drawn) == CASES
    per_group = Counter(c.group for c in drawn)
    forums = Counter(c.forum for c in drawn if c.kind == "judgment")
    assert set(forums) == set(FORUM_CURRENCY)
    if CASES >= 10_000:
        assert all(per_group[g] >= 50 for g in [*GROUPS, "FR-long"]), per_group
    targeted = [c for c in drawn if c.half_target]
    assert len(targeted) >= CASES // 10
    assert all(c.oracle().half_cents > 0 for c in targeted)
    assert any(c.payments and c.start and c.start.day == 31 and c.day_count == "30/360" for c in drawn)
    assert any(c.start and c.start.month == 2 and c.start.day >= 28 and c.day_count == "30/360" for c in drawn)


@pytest.mark.parametrize("group", GROUPS)
def test_engine_matches_fractions(group: str) -> None:
    found = outcomes().get(group, [])
    assert found, f"no cases drawn for {group}"
    assert not any(o.problems for o in found), _report(found)


@pytest.mark.parametrize("creditor", ["private individual", "other creditor"])
def test_fr_without_enforceable_has_no_majoration(creditor: str) -> None:
    """A French judgment whose matter gives no `enforceable:` date bears the legal rate alone: the L313-3 increase
    runs from two months after the decision became enforceable (in practice after service), a fact the matter does
    not state, and DESIGN.md §7 forbids assuming it."""
    found = [o for o in outcomes().get("FR-long", []) if o.case.private_individual == (creditor != "other creditor")]
    assert found
    assert not any(o.problems for o in found), _report(found)


# ---------------------------------------------------------------------------------------------------------------
# Worked by hand


def test_section_1961_exact_half_cent_by_hand() -> None:
    """USD 9,140,153.28 entered in a federal court on Thursday 6 Jun 2024. §1961(a): the week before the week of
    entry (Mon 3 Jun) ends Friday 31 May 2024, whose weekly 1-year CMT is 5.20%. Compounded annually from entry:

        2024-06-06 → 2025-06-06, 365 days: 9,140,153.28 × 5.2% = 475,287.97056      → 475,287.97 capitalized
        2025-06-06 → 2026-06-06, 365 days: 9,615,441.25 × 5.2% = 500,002.945 (exact half cent) → 500,002.95
        2026-06-06 → 2026-12-01, 178 days: 10,115,444.20 × 5.2% × 178/365 = 256,516.5794936…   → 256,516.58
        owed on 2026-12-01: 10,115,444.20 + 256,516.58 = 10,371,960.78

    (Rounding the half cent down, as a quotient rate/36500 cut at 40 digits would, gives 500,002.94 and then
    10,371,960.77.)"""
    assert dict(fo.table(fo.CMT_WEEKLY))[date(2024, 5, 31)] == Fraction(52, 10)
    terms = fo.us_fed(date(2024, 6, 6))
    oracle = fo.owed(Fraction(914015328, 100), terms, [], date(2026, 12, 1))
    assert fo.cents(oracle.total) == "10371960.78"
    assert oracle.half_cents == 1
    text = """
        matter: t
        creditor: {name: C}
        debtor: {name: D}
        instruments:
          - {id: j, kind: judgment, forum: US-FED, date: 2024-06-06, currency: USD,
             amounts: [{label: sum, amount: "9140153.28"}]}
        """
    got = accrue(matter_from(text), date(2026, 12, 1), rate_book()).instruments[0]
    assert isinstance(got, InstrumentStatement), got
    assert (got.principal, got.interest, got.total) == (
        Decimal("9140153.28"),
        Decimal("1231807.50"),
        Decimal("10371960.78"),
    )


def test_award_30_360_per_period_by_hand() -> None:
    """USD 100,000 at 12% compounded monthly, 30/360 Bond Basis, from 31 Jan 2023, a payment of 500.00 on
    15 Feb 2023, as of 31 Mar 2023. Periods from the start: 31 Jan → 28 Feb → 31 Mar (each from the start).
    §4.16(f) per period: 31 Jan → 28 Feb: D1 31→30, D2 28: 28 days; 28 Feb → 31 Mar: D1 28, D2 31 stays 31
    (D1 < 30): 33 days.

        31 Jan → 15 Feb (days from the period start 31 Jan: 15): 100,000 × 12% × 15/360 = 500.00, paid in full
        15 Feb → 28 Feb (28 - 15 = 13 days): 100,000 × 12% × 13/360 = 433.333… → 433.33 capitalized
        28 Feb → 31 Mar (33 days): 100,433.33 × 12% × 33/360 = 1,104.76663      → interest shown 1,104.77
        owed: 100,000 + 433.33 + 1,104.77 = 101,538.10"""
    terms = fo.award(date(2023, 1, 31), Fraction(12), "monthly", "30/360")
    pays = [(date(2023, 2, 15), Fraction(500))]
    oracle = fo.owed(Fraction(100000), terms, pays, date(2023, 3, 31))
    assert (fo.cents(oracle.interest), fo.cents(oracle.total)) == ("1538.10", "101538.10")
    assert oracle.payments[0].to_interest == 500
    text = award_matter('"12%"', "monthly", "30/360", "100000", "2023-01-31") + payments_yaml(("2023-02-15", "500"))
    got = accrue(matter_from(text), date(2023, 3, 31), rate_book()).instruments[0]
    assert isinstance(got, InstrumentStatement), got
    assert got.total == Decimal("101538.10"), (got.principal, got.interest)


def test_award_30_360_payment_on_a_31st_by_hand() -> None:
    """USD 100,000 at 10% compounded annually, 30/360 Bond Basis, from 15 Jan 2023; 1,000.00 paid on 31 Mar 2023;
    as of 15 Jun 2023. The period runs from 15 Jan 2023 (D1 = 15), so its days are counted from that date:

        15 Jan → 31 Mar: 30/360 days 2 × 30 + (31 - 15) = 76 (D2 = 31 stays: D1 < 30)
                         100,000 × 10% × 76/360 = 2,111.111… → 2,111.11; 1,000.00 paid, 1,111.11 left unpaid
        31 Mar → 15 Jun: days from the period start 5 × 30 + 0 = 150, less 76 = 74
                         100,000 × 10% × 74/360 = 2,055.555…
        interest shown: 1,111.11 + 2,055.555… = 3,166.665… → 3,166.67; owed 103,166.67

    Counting the second stretch on its own dates instead (31 Mar → 15 Jun with D1 = 31 → 30: 75 days) would give
    2,083.33 and 103,194.44: the period's days would then be 151, not the 150 its own dates give."""
    terms = fo.award(date(2023, 1, 15), Fraction(10), "annual", "30/360")
    pays = [(date(2023, 3, 31), Fraction(1000))]
    oracle = fo.owed(Fraction(100000), terms, pays, date(2023, 6, 15))
    assert fo.cents(oracle.total) == "103166.67"
    assert fo.cents(fo.owed(Fraction(100000), terms, pays, date(2023, 6, 15), bond_basis_per_stretch=True).total) == (
        "103194.44"
    )
    text = award_matter('"10%"', "annual", "30/360", "100000", "2023-01-15") + payments_yaml(("2023-03-31", "1000"))
    got = accrue(matter_from(text), date(2023, 6, 15), rate_book()).instruments[0]
    assert isinstance(got, InstrumentStatement), got
    assert got.total == Decimal("103166.67"), (got.principal, got.interest)


def test_oracle_rules_against_published_figures() -> None:
    """The oracle's forum rules against figures the law's sources state (docs/rules.md, the params files, the
    README's Rusoro table)."""
    # §1961: the D.D.C. Rusoro judgment of Fri 2 Mar 2018 bears 2.02%, the week ending 23 Feb 2018.
    assert fo.us_fed(date(2018, 3, 2)).rates[0][1] == Fraction("2.02")
    # 6 Del. C. §2301(a): Noranda v. XL (17 Oct 2019) 7.5%; O'Riley v. Rogers: 18 Sep 2006 11.25%, 8 Dec 2009 5.5%.
    assert fo.us_de(date(2019, 10, 17)).rates[0][1] == Fraction("7.5")
    assert fo.us_de(date(2006, 9, 18)).rates[0][1] == Fraction("11.25")
    assert fo.us_de(date(2009, 12, 8)).rates[0][1] == Fraction("5.5")
    # CJA s.127: an order of 25 Apr 2017: Bank Rate 0.75% on 1 Mar 2017, rounded up to 1, + 1 = 2%.
    assert fo.ca_on_reference_day(date(2017, 4, 25)) == date(2017, 3, 1)
    assert fo.ca_on(date(2017, 4, 25)).rates[0][1] == 2
    assert fo.ca_on_reference_day(date(2021, 2, 10)) == date(2020, 12, 1)
    # ontario.ca's worked example: $40,000 × 0.5% ÷ 365 × 60 days = $32.88.
    assert fo.round_cents(Fraction(40000) * Fraction(5, 1000) * fo.year_fraction("act/365", date(2021, 2, 1),
                          date(2021, 2, 1), date(2021, 4, 2))) == Fraction("32.88")  # fmt: skip
    # F783: even in 2016, a leap year, divide by 36,500.
    assert fo.fr(date(2016, 1, 1), True, date(2016, 12, 31)).day_count == "act/365"
    # Anniversaries, each from the start: 29 Feb 2024 → 28 Feb 2025, 28 Feb 2026, 28 Feb 2027, 29 Feb 2028.
    assert fo.anniversaries(date(2024, 2, 29), 12, date(2028, 3, 1)) == [
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    assert fo.anniversaries(date(2023, 8, 31), 6, date(2024, 9, 1)) == [date(2024, 2, 29), date(2024, 8, 31)]
    # ISDA §4.16(b): 15 Dec 2023 → 15 Jan 2024 = 17/365 + 14/366.
    assert fo.year_fraction("act/act", date(2023, 12, 15), date(2023, 12, 15), date(2024, 1, 15)) == Fraction(
        17, 365
    ) + Fraction(14, 366)
    # ISDA §4.16(f): 31 Jan → 31 Mar is 60 days (D1 → 30, so D2 → 30); 30 Jan → 31 Mar 60; 29 Jan → 31 Mar 62.
    assert fo.year_fraction("30/360", date(2023, 1, 31), date(2023, 1, 31), date(2023, 3, 31)) == Fraction(60, 360)
    assert fo.year_fraction("30/360", date(2023, 1, 30), date(2023, 1, 30), date(2023, 3, 31)) == Fraction(60, 360)
    assert fo.year_fraction("30/360", date(2023, 1, 29), date(2023, 1, 29), date(2023, 3, 31)) == Fraction(62, 360)
    # ISDA §4.16(g): 30E/360 counts a 31st as the 30th at either end: 29 Jan → 31 Mar is 61 days.
    assert fo.year_fraction("30E/360", date(2023, 1, 29), date(2023, 1, 29), date(2023, 3, 31)) == Fraction(61, 360)
    # docs/engine.md §3: semi-annual periods anchored on 31 Aug 2022: 28 Feb → 31 Aug 2023 counts 183 days, 29 Feb
    # → 31 Aug 2024 counts 182 (Bond Basis, each period from its own first day).
    assert fo.anniversaries(date(2022, 8, 31), 6, date(2024, 8, 31))[0::2] == [date(2023, 2, 28), date(2024, 2, 29)]
    assert fo.year_fraction("30/360", date(2023, 2, 28), date(2023, 2, 28), date(2023, 8, 31)) == Fraction(183, 360)
    assert fo.year_fraction("30/360", date(2024, 2, 29), date(2024, 2, 29), date(2024, 8, 31)) == Fraction(182, 360)
    # §1961 on a release day (docs/engine.md §8, the S.D. Tex. list): Monday 15 Jul 2024 takes the week ending
    # Friday 12 Jul 2024, 4.96%.
    assert fo.section_1961_week(date(2024, 7, 15)) == date(2024, 7, 12)
    assert fo.us_fed(date(2024, 7, 15)).rates[0][1] == Fraction("4.96")
    assert fo.section_1961_week(date(2024, 7, 21)) == date(2024, 7, 12)
    assert fo.round_cents(Fraction(1, 200)) == Fraction(1, 100)
    assert fo.round_cents(Fraction(1, 200) - Fraction(1, 10**30)) == 0
