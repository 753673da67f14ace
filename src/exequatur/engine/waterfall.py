"""A sale's proceeds among a debtor's creditors: each claim on the sale date, paid in order of priority, pro rata
within a priority, until the pool runs out.

Each claim is computed by the same engine as any matter (a matter file's instrument or debt, or a judgment stated
inline under its forum's rule), or taken as a stated figure; converted into the pool's currency on the sale date;
then the pool goes to the first priority in full, or pro rata if it cannot pay them all, and so on. Amounts are in
cents: a pro-rata share is rounded down and the cents left over go, one each, to the largest remainders (ties to
the earlier claim), so the allocations add up to exactly what was distributed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from itertools import groupby

from exequatur.engine.conversion import convert
from exequatur.engine.owed import accrue
from exequatur.engine.results import Conversion, InstrumentFailure, InstrumentStatement
from exequatur.model.claims import Claim, ClaimsFile
from exequatur.model.errors import ExequaturError
from exequatur.model.matter import Matter
from exequatur.model.money import minor_units, quantum
from exequatur.model.parties import Party
from exequatur.model.rates import RateBook


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimAmount:
    """A claim on the sale date, with what it rests on."""

    claim: Claim
    amount: Decimal
    currency: str
    traces: tuple[str, ...]
    in_pool: Decimal
    conversion: Conversion | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    claim: ClaimAmount
    priority: int
    allocated: Decimal

    @property
    def shortfall(self) -> Decimal:
        return self.claim.in_pool - self.allocated


@dataclass(frozen=True, slots=True, kw_only=True)
class Waterfall:
    debtor: str
    on: date
    pool: Decimal
    currency: str
    allocations: tuple[Allocation, ...]

    @property
    def distributed(self) -> Decimal:
        return sum((a.allocated for a in self.allocations), Decimal(0))

    @property
    def residue(self) -> Decimal:
        return self.pool - self.distributed


MatterLoader = Callable[[str], Matter]


def claim_amount(claim: Claim, on: date, rates: RateBook, load: MatterLoader) -> tuple[Decimal, str, tuple[str, ...]]:
    """The claim on `on` in its own currency, and the statement lines it rests on."""
    if claim.stated is not None:
        figure = claim.stated
        note = f"stated figure of {figure.as_of}" + (f" ({figure.cited})" if figure.cited else "")
        if figure.as_of < on:
            note += f"; interest after {figure.as_of} not added"
        return figure.amount, figure.currency, (note,)
    if claim.judgment is not None:
        matter = Matter(
            id=claim.id,
            creditor=Party(name=claim.creditor, source=claim.source),
            debtor=Party(name="debtor", source=claim.source),
            source=claim.source,
            instruments=(claim.judgment,),
        )
        result = accrue(matter, on, rates, instrument=claim.id).instruments[0]
        return _from_statement(claim, result, f"judgment {claim.judgment.forum} {claim.judgment.date}")
    assert claim.matter_path is not None
    matter = load(claim.matter_path)
    statement = accrue(matter, on, rates)
    if claim.instrument is not None:
        if not matter.has_instrument(claim.instrument):
            raise ExequaturError(f"claim {claim.id}: no instrument {claim.instrument!r} in {claim.matter_path}")
        found = next((r for r in statement.instruments if r.id == claim.instrument), None)
        if found is None:
            raise ExequaturError(f"claim {claim.id}: {claim.instrument} was not yet entered on {on}")
        return _from_statement(claim, found, f"{matter.id}/{claim.instrument}")
    if len(statement.debts) != 1:
        raise ExequaturError(
            f"claim {claim.id}: {claim.matter_path} holds {len(statement.debts)} debts; name the instrument"
        )
    debt = statement.debts[0]
    if not debt.computable:
        raise ExequaturError(
            f"claim {claim.id}: no instrument of debt {debt.id} can be computed on {on}: "
            + "; ".join(map(str, debt.notes))
        )
    traces = tuple(f"{matter.id}/{name}: {debt.currency} {total:,.2f}" for name, total in debt.totals)
    return (
        debt.collectible,
        debt.currency,
        (
            f"debt {debt.id}: the largest of its instruments, {debt.largest}"
            + (f" (left out: {', '.join(debt.left_out)})" if debt.left_out else ""),
            *traces,
            *(str(n) for n in debt.notes),
        ),
    )


def _from_statement(
    claim: Claim, result: InstrumentStatement | InstrumentFailure, label: str
) -> tuple[Decimal, str, tuple[str, ...]]:
    if isinstance(result, InstrumentFailure):
        raise ExequaturError(f"claim {claim.id}: {label} cannot be computed: {result.message}")
    rules = "; ".join(f"{t.basis.rule} ({t.basis.citation})" for t in result.regime) or "no interest"
    return (
        result.total,
        result.currency,
        (
            f"{label}: principal {result.principal:,.2f} + interest {result.interest:,.2f} "
            f"- paid {result.paid:,.2f} under {rules}",
        ),
    )


def _one_claim_per_debt(claims_file: ClaimsFile, load: MatterLoader) -> None:
    """Single recovery across claims: two claims on one debt of one matter would collect it twice."""
    seen: dict[tuple[str, str], str] = {}
    for claim in claims_file.claims:
        if claim.matter_path is None:
            continue
        matter = load(claim.matter_path)
        debts = matter.debts()
        if claim.instrument is not None:
            if not matter.has_instrument(claim.instrument):
                raise ExequaturError(f"claim {claim.id}: no instrument {claim.instrument!r} in {claim.matter_path}")
            debt = matter.debt_of(claim.instrument)
        elif len(debts) == 1:
            debt = next(iter(debts))
        else:
            continue  # claim_amount reports it
        key = (claim.matter_path, debt)
        if key in seen:
            raise ExequaturError(
                f"claims {seen[key]} and {claim.id} are the same debt {debt!r} of {claim.matter_path}: a creditor "
                "collects a debt once (single recovery); keep one claim"
            )
        seen[key] = claim.id


def _shares(amount: Decimal, weights: list[Decimal], cent: Decimal) -> list[Decimal]:
    """Split `amount` in proportion to `weights`, in whole cents, adding up exactly (largest remainder)."""
    total = sum(weights, Decimal(0))
    exact = [amount * w / total for w in weights]
    floors = [e.quantize(cent, rounding=ROUND_DOWN) for e in exact]
    left = int((amount - sum(floors, Decimal(0))) / cent)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += cent
    return floors


def allocate(claims: list[ClaimAmount], pool: Decimal, currency: str) -> tuple[Allocation, ...]:
    cent = quantum(currency)
    remaining = pool
    out: list[Allocation] = []
    ranked = sorted(enumerate(claims), key=lambda ic: (ic[1].claim.priority, ic[0]))
    for level, (_, group) in enumerate(groupby(ranked, key=lambda ic: ic[1].claim.priority), start=1):
        members = [c for _, c in group]
        due = sum((c.in_pool for c in members), Decimal(0))
        if remaining >= due:
            paid = [c.in_pool for c in members]
        elif remaining > 0 and due > 0:
            paid = _shares(remaining, [c.in_pool for c in members], cent)
        else:
            paid = [Decimal(0) for _ in members]
        remaining -= sum(paid, Decimal(0))
        out.extend(Allocation(claim=c, priority=level, allocated=p) for c, p in zip(members, paid, strict=True))
    return tuple(out)


def waterfall(
    claims_file: ClaimsFile, pool: Decimal, currency: str, on: date, rates: RateBook, load: MatterLoader
) -> Waterfall:
    """Compute every claim on `on`, convert it into the pool's currency and allocate the pool."""
    minor_units(currency)  # an unknown pool currency is an error, not a guess
    if not pool.is_finite() or pool < 0:
        raise ExequaturError(f"the pool {pool} is not a sum of money")
    if pool != pool.quantize(quantum(currency)):
        raise ExequaturError(f"the pool {pool} has more decimals than {currency} has minor units")
    _one_claim_per_debt(claims_file, load)
    amounts = []
    for claim in claims_file.claims:
        amount, claim_currency, traces = claim_amount(claim, on, rates, load)
        conversion = None
        in_pool = amount
        if claim_currency != currency:
            conversion = convert(
                amount, claim_currency, currency, on, rates, citation="converted at the rate of the sale date"
            )
            in_pool = conversion.converted
        amounts.append(
            ClaimAmount(
                claim=claim,
                amount=amount,
                currency=claim_currency,
                traces=traces,
                in_pool=in_pool,
                conversion=conversion,
            )
        )
    return Waterfall(
        debtor=claims_file.debtor.name,
        on=on,
        pool=pool,
        currency=currency,
        allocations=allocate(amounts, pool, currency),
    )
