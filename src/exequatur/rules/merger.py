"""Merger: once a judgment confirms or recognizes an award (or another judgment), which rate runs after entry.

By default the underlying sum merges into the judgment and the forum's statutory rate governs from entry (e.g.
28 U.S.C. §1961 on a federal judgment confirming an award). Where the judgment orders that the underlying rate
continue, the matter says `post_judgment: underlying`: the judgment's whole sum then accrues on the underlying
instrument's terms from entry, keeping that instrument's anniversaries for compounding and resets.
"""

from __future__ import annotations

from dataclasses import replace

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument
from exequatur.rules.basis import Basis, RegimeTerm


def underlying_regime(judgment: Instrument, basis: Instrument, terms: tuple[RegimeTerm, ...]) -> tuple[RegimeTerm, ...]:
    """The basis's terms, restarted at the judgment's entry on all of its (carried) sum."""
    live = [rt for rt in terms if rt.term.until is None or rt.term.until > judgment.date]
    distinct = {(rt.term.rate, rt.term.compounding, rt.term.day_count, rt.term.until) for rt in live}
    if len({key[3] for key in distinct}) != len(distinct):
        raise RuleError(
            f"{basis.id} accrues on different terms for different sums; state the terms {judgment.id} orders "
            "(interest:) instead of post_judgment: underlying",
            forum=judgment.forum,
        )
    merged = []
    seen = set()
    for rt in sorted(live, key=lambda r: r.term.start):
        key = (rt.term.rate, rt.term.compounding, rt.term.day_count, rt.term.until)
        if key in seen:
            continue
        seen.add(key)
        term = replace(
            rt.term,
            start=max(rt.term.start, judgment.date),
            anchor=rt.term.anchor or rt.term.start,
            on=None,
            source=judgment.source,
        )
        basis_note = Basis(
            rule=f"the rate of {basis.id}, continued by the judgment",
            citation=rt.basis.citation,
            explanation=(
                f"{judgment.id} orders that {basis.id}'s rate continue after entry on {judgment.date} "
                f"(post_judgment: underlying); periods keep {basis.id}'s anniversaries from {term.anchor}"
            ),
            rate_row=rt.basis.rate_row,
            parameters=rt.basis.parameters,
        )
        merged.append(RegimeTerm(term=term, basis=basis_note))
    if not merged:
        raise RuleError(f"{basis.id} states no interest to continue after {judgment.date}", forum=judgment.forum)
    return tuple(merged)
