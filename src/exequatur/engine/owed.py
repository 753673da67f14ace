"""What is owed on every instrument of a matter on a date: `accrue(matter, as_of, rates)`.

Each instrument is computed under its own terms or its forum's rule; one that cannot be computed becomes an
InstrumentFailure with the reason, and the others are still computed. A judgment whose amounts are `carried`
takes the unpaid balance of the instrument it is based on, on the judgment's date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from exequatur.engine.accrual import accrue_instrument
from exequatur.engine.conversion import convert
from exequatur.engine.debt import credited_payments, debt_positions
from exequatur.engine.results import Conversion, InstrumentFailure, InstrumentStatement, Note, NoteKind, Statement
from exequatur.model.errors import ExequaturError, RateLookupError
from exequatur.model.instruments import Instrument, InstrumentKind
from exequatur.model.matter import Matter
from exequatur.model.numbers import FIRST_DATE, LAST_DATE, in_date_range
from exequatur.model.rates import RateBook
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.conversion import CONVERSION, ConvertAt
from exequatur.rules.forum import GapContext, GapInterest, RuleContext
from exequatur.rules.merger import underlying_regime
from exequatur.rules.registry import FORUMS, interest_regime
from exequatur.rules.stated import stated_gap_regime

Result = InstrumentStatement | InstrumentFailure


class _Resolver:
    def __init__(self, matter: Matter, rates: RateBook) -> None:
        self.matter = matter
        self.rates = rates.with_matter(matter.rates)
        self.memo: dict[tuple[str, date], Result] = {}

    def position(self, instrument: Instrument, as_of: date) -> Result:
        key = (instrument.id, as_of)
        if key not in self.memo:
            self.memo[key] = self._compute(instrument, as_of)
        return self.memo[key]

    def _components(self, instrument: Instrument) -> tuple[list[tuple[str, Decimal]], list[Note], list[Conversion]]:
        if not instrument.carried:
            return [(c.label, c.amount) for c in instrument.components], [], []
        assert instrument.based_on is not None  # checked when the matter was loaded
        basis = self.matter.instrument(instrument.based_on)
        carried = self.position(basis, instrument.date)
        gap_note = None
        if isinstance(carried, InstrumentStatement) and not carried.regime and basis.date < instrument.date:
            # The basis bears no interest of its own: the judgment's forum (or the judgment itself) may add some
            # from the basis's date to entry (e.g. CPLR 5002 on an award).
            gap = self._gap(instrument, basis)
            gap_note = gap.note
            if gap.terms:
                carried = self._compute(basis, instrument.date, regime=gap.terms)
        if isinstance(carried, InstrumentFailure):
            raise ExequaturError(f"cannot carry the balance of {basis.id} on {instrument.date}: {carried.message}")
        sums: list[tuple[str, Decimal]] = []
        for c in carried.components:
            if c.principal:
                sums.append((c.label, c.principal))
            if c.interest:
                sums.append((f"{c.label}: interest to {instrument.date}", c.interest))
        notes = [
            Note(
                NoteKind.CARRIED,
                f"amounts carried from {basis.id}: its unpaid principal and interest on {instrument.date}, "
                f"{carried.currency} {carried.total:,.2f}",
            )
        ]
        if gap_note:
            notes.append(Note(NoteKind.GAP, gap_note))
        conversions: list[Conversion] = []
        if carried.currency != instrument.currency:
            rule = CONVERSION.get(instrument.forum)
            day = instrument.converted_on or instrument.date
            citation = (
                "converted_on stated in the matter"
                if instrument.converted_on
                else (rule.citation if rule else "the judgment's date")
            )
            converted = []
            for label, amount in sums:
                conversion = convert(amount, carried.currency, instrument.currency, day, self.rates, citation=citation)
                conversions.append(conversion)
                converted.append((label, conversion.converted))
            sums = converted
            notes.append(Note(NoteKind.CONVERTED, f"converted from {carried.currency} on {day} ({citation})"))
        return sums, notes, conversions

    def _gap(self, judgment: Instrument, basis: Instrument) -> GapInterest:
        """Interest from a basis that bears none to the judgment on it: as the judgment states, or by its forum."""
        span = f"from {basis.id} ({basis.date}) to {judgment.id} ({judgment.date})"
        if judgment.prejudgment == "none":
            return GapInterest(terms=(), note=f"no interest {span}: the judgment allows none (prejudgment: none)")
        if judgment.prejudgment_terms:
            return GapInterest(
                terms=stated_gap_regime(judgment),
                note=f"interest {span} as the judgment states it (prejudgment:)",
            )
        court = FORUMS.get(judgment.forum)
        if court is None or court.gap is None:
            return GapInterest(
                terms=(),
                note=(
                    f"no interest added {span}: exequatur has no {judgment.forum} rule for interest between an "
                    "award and the judgment on it; if the judgment includes some, state it (prejudgment:)"
                ),
            )
        commenced = next(
            (p.filed for p in self.matter.proceedings if p.result == judgment.id and p.filed is not None), None
        )
        return court.gap.gap(judgment, basis, GapContext(rates=self.rates, commenced=commenced))

    def _regime(self, instrument: Instrument, context: RuleContext, notes: list[Note]) -> tuple[RegimeTerm, ...]:
        if instrument.interest or instrument.based_on is None or instrument.kind is not InstrumentKind.JUDGMENT:
            return interest_regime(instrument, context)
        basis = self.matter.instrument(instrument.based_on)
        if instrument.post_judgment == "underlying":
            return underlying_regime(instrument, basis, interest_regime(basis, context))
        notes.append(
            Note(
                NoteKind.MERGED,
                f"{basis.id} merged into this judgment on {instrument.date}; after entry the forum's statutory "
                "rate governs (post_judgment: statutory, the default)",
            )
        )
        return interest_regime(instrument, context)

    def _equivalent(self, instrument: Instrument, total: Decimal, as_of: date) -> Conversion | None:
        """For a forum that converts at payment, the forum-currency sum a payment on `as_of` would have to buy."""
        court = FORUMS.get(instrument.forum)
        rule = CONVERSION.get(instrument.forum)
        if court is None or court.currency is None or rule is None or rule.at is not ConvertAt.PAYMENT:
            return None
        if court.currency == instrument.currency:
            return None
        day = as_of - timedelta(days=1) if rule.day_before else as_of
        return convert(total, instrument.currency, court.currency, day, self.rates, citation=rule.citation)

    def with_equivalent(self, instrument: Instrument, result: Result) -> Result:
        """Add the forum-currency equivalent to a statement shown to the user (not to balances carried inside)."""
        if not isinstance(result, InstrumentStatement):
            return result
        try:
            equivalent = self._equivalent(instrument, result.total, result.as_of)
        except RateLookupError as exc:
            # The judgment's own figures stand; only the forum-currency equivalent is missing, and says why.
            note = Note(NoteKind.NO_EQUIVALENT, f"no {instrument.forum} currency equivalent: {exc}")
            return replace(result, notes=(*result.notes, note))
        # Most forums convert nothing: a statement is copied (a fifth of a 1,000-instrument matter's time) only when
        # it gains an equivalent.
        return result if equivalent is None and result.equivalent is None else replace(result, equivalent=equivalent)

    def _compute(self, instrument: Instrument, as_of: date, regime: tuple[RegimeTerm, ...] | None = None) -> Result:
        if as_of < instrument.date:
            return InstrumentFailure(
                id=instrument.id,
                currency=instrument.currency,
                message=f"as-of date {as_of} is before the {instrument.kind.value} ({instrument.date})",
            )
        try:
            payments, paid_conversions = credited_payments(self.matter, instrument, self.rates)
            components, notes, conversions = self._components(instrument)
            conversions += paid_conversions
            context = RuleContext(rates=self.rates, as_of=as_of, payments=payments, creditor=self.matter.creditor)
            stated = regime is not None  # terms given by the caller (interest to a judgment): no per diem of ours
            if regime is None:
                regime = self._regime(instrument, context, notes)
            if not regime:
                notes.append(Note(NoteKind.NO_INTEREST, f"no interest: the {instrument.kind.value} states none"))
            result = accrue_instrument(
                instrument,
                components,
                regime,
                payments,
                as_of,
                self.rates,
                notes,
                following=None
                if stated
                else lambda: self._regime(instrument, replace(context, as_of=as_of + timedelta(days=1)), []),
            )
            return replace(result, conversions=tuple(conversions)) if conversions else result
        except ExequaturError as exc:
            return InstrumentFailure(id=instrument.id, currency=instrument.currency, message=str(exc))
        except ArithmeticError as exc:
            # A balance or a date beyond what the arithmetic can hold: this instrument's error, never a traceback.
            return InstrumentFailure(
                id=instrument.id,
                currency=instrument.currency,
                message=(
                    f"cannot be computed to {as_of}: a sum or a date goes beyond exequatur's limits "
                    f"({type(exc).__name__}); amounts stay below 10^15 and dates within 1900-2199"
                ),
            )


def accrue(matter: Matter, as_of: date, rates: RateBook, *, instrument: str | None = None) -> Statement:
    """The statement of `matter` on `as_of`, for every instrument or the one named, with each debt's position."""
    if not in_date_range(as_of):
        raise ExequaturError(
            f"as-of date {as_of} is outside the dates exequatur computes ({FIRST_DATE} to {LAST_DATE})"
        )
    resolver = _Resolver(matter, rates)
    if instrument:
        chosen, pending = [matter.instrument(instrument)], []
    else:
        # An instrument entered after the date asked about is not owed yet: listed, not an error.
        chosen = [i for i in matter.instruments if i.date <= as_of]
        pending = [i.id for i in matter.instruments if i.date > as_of]
    results = tuple(resolver.with_equivalent(i, resolver.position(i, as_of)) for i in chosen)
    debts = () if instrument else debt_positions(matter, {r.id: r for r in results}, as_of, rates)
    return Statement(matter=matter.id, as_of=as_of, instruments=results, debts=debts, not_yet=tuple(pending))
