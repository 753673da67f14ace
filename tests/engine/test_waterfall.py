"""The waterfall: hand-worked allocations and the properties every allocation keeps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exequatur.engine.waterfall import ClaimAmount, allocate, waterfall
from exequatur.interfaces.api import matter, owe, rate_book
from exequatur.io.claimsfile import load_claims
from exequatur.model.claims import Claim, StatedFigure
from exequatur.model.errors import CurrencyError
from exequatur.model.source import Source
from tests.conftest import ROOT

HERE = Source("<test>", 1)


def claim(name: str, amount: str, rank: int | None = None, attached: date | None = None) -> ClaimAmount:
    figure = StatedFigure(amount=Decimal(amount), currency="USD", as_of=date(2024, 1, 1))
    c = Claim(id=name, creditor=name, source=HERE, rank=rank, attached=attached, stated=figure)
    return ClaimAmount(claim=c, amount=Decimal(amount), currency="USD", traces=(), in_pool=Decimal(amount))


def paid(claims: list[ClaimAmount], pool: str) -> dict[str, Decimal]:
    return {a.claim.claim.id: a.allocated for a in allocate(claims, Decimal(pool), "USD")}


def test_priority_first_then_pro_rata_within_a_tie() -> None:
    # Pool 1,000: rank 1 (600) in full; 400 left for the tie at rank 2 (300 and 500): 400 x 300/800 = 150,
    # 400 x 500/800 = 250; rank 3 gets nothing.
    claims = [claim("a", "600", 1), claim("b", "300", 2), claim("c", "500", 2), claim("d", "100", 3)]
    assert paid(claims, "1000") == {"a": Decimal(600), "b": Decimal(150), "c": Decimal(250), "d": Decimal(0)}


def test_leftover_cents_go_to_the_largest_remainders() -> None:
    # 100.00 among three equal claims: 33.33 each and one cent over, to the first (all remainders equal).
    claims = [claim("a", "50", 1), claim("b", "50", 1), claim("c", "50", 1)]
    assert paid(claims, "100") == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}


def test_attachment_dates_order_claims_and_equal_dates_share() -> None:
    # Earlier attachment first; two attached the same day share pro rata: 90 left over 60 and 120 -> 30 and 60.
    claims = [
        claim("late", "60", attached=date(2023, 3, 23)),
        claim("early", "10", attached=date(2018, 8, 10)),
        claim("late2", "120", attached=date(2023, 3, 23)),
    ]
    assert paid(claims, "100") == {"early": Decimal(10), "late": Decimal(30), "late2": Decimal(60)}


def test_a_pool_larger_than_every_claim_leaves_a_residue(tmp_path: Path) -> None:
    text = """
debtor: {name: D}
claims:
  - {id: a, creditor: A, rank: 1, stated: {amount: "100", currency: USD, as_of: 2024-01-01}}
  - {id: b, creditor: B, rank: 2, stated: {amount: "50", currency: USD, as_of: 2024-01-01}}
"""
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    claims, errors = load_claims(path)
    assert claims is not None, errors
    result = waterfall(claims, Decimal(1000), "USD", date(2024, 6, 1), rate_book(), lambda p: matter(p))
    assert [a.allocated for a in result.allocations] == [Decimal(100), Decimal(50)]
    assert result.residue == Decimal(850)


def test_a_claim_in_another_currency_is_converted_on_the_sale_date(tmp_path: Path) -> None:
    # EUR 1,000,000 on 2017-04-24 at H.10's 1.0846 USD per EUR: USD 1,084,600.00, paid in full from 2,000,000.
    text = """
debtor: {name: D}
claims:
  - {id: eur, creditor: E, rank: 1, stated: {amount: "1000000", currency: EUR, as_of: 2017-04-24}}
"""
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    claims, _ = load_claims(path)
    assert claims is not None
    result = waterfall(claims, Decimal(2000000), "USD", date(2017, 4, 24), rate_book(), lambda p: matter(p))
    assert result.allocations[0].claim.in_pool == Decimal("1084600.00")
    with pytest.raises(CurrencyError):
        waterfall(claims, Decimal(2000000), "XXX", date(2017, 4, 24), rate_book(), lambda p: matter(p))


def test_a_creditor_with_several_instruments_claims_its_debt_once(tmp_path: Path) -> None:
    # The Rusoro claim named without an instrument is the debt's collectible: the largest of award, Ontario and
    # D.D.C. judgments (the sought New York one left out), i.e. the award's own total on that date.
    example = ROOT / "examples" / "rusoro-v-venezuela.yaml"
    text = f"""
debtor: {{name: Venezuela}}
claims:
  - {{id: rusoro, creditor: Rusoro, rank: 1, matter: {example}}}
"""
    path = tmp_path / "one-creditor.yaml"
    path.write_text(text, encoding="utf-8")
    claims, errors = load_claims(path, matters=ROOT / "examples")
    assert claims is not None, errors
    on = date(2025, 11, 29)
    result = waterfall(claims, Decimal(10**10), "USD", on, rate_book(), lambda p: matter(p))
    award = owe(example, on, instrument="award").instruments[0]
    assert result.allocations[0].claim.in_pool == award.total  # type: ignore[union-attr]


def test_the_venezuela_example_traces_rusoro_to_its_statement() -> None:
    claims, errors = load_claims(ROOT / "examples" / "venezuela-creditors.yaml")
    assert claims is not None, errors
    on = date(2025, 11, 29)
    result = waterfall(claims, Decimal("5892000000"), "USD", on, rate_book(), lambda p: matter(p))
    rusoro = next(a for a in result.allocations if a.claim.claim.id == "rusoro")
    ddc = owe(ROOT / "examples" / "rusoro-v-venezuela.yaml", on, instrument="ddc-judgment").instruments[0]
    assert rusoro.claim.amount == ddc.total  # type: ignore[union-attr]
    assert result.distributed == Decimal("5892000000")


amounts = st.lists(st.tuples(st.integers(1, 10**12), st.integers(1, 4)), min_size=1, max_size=8)


@given(rows=amounts, pool_cents=st.integers(0, 5 * 10**12))
def test_allocation_properties(rows: list[tuple[int, int]], pool_cents: int) -> None:
    claims = [claim(f"c{i}", str(Decimal(cents) / 100), rank) for i, (cents, rank) in enumerate(rows)]
    pool = Decimal(pool_cents) / 100
    result = allocate(claims, pool, "USD")
    total_claims = sum((c.in_pool for c in claims), Decimal(0))
    distributed = sum((a.allocated for a in result), Decimal(0))
    # Exactly the pool or all the claims, never more.
    assert distributed == min(pool, total_claims)
    for a in result:
        assert Decimal(0) <= a.allocated <= a.claim.in_pool
    # No lower rank gets anything before every higher rank is paid in full.
    for a in result:
        if a.allocated > 0:
            for b in result:
                if b.claim.claim.priority < a.claim.claim.priority:
                    assert b.allocated == b.claim.in_pool
