"""What a figure rests on: the rule and citation, the parameter values read, and the rate-table row used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exequatur.model.interest import InterestTerm
from exequatur.model.rates import RatePoint, RateSeries
from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class RateRow:
    """One row read from a rate table, with the table's provenance, so a statement line can be checked by hand."""

    table: str
    title: str
    on: date
    value: Decimal
    table_source: str
    row: Source
    note: str | None = None

    @classmethod
    def of(cls, series: RateSeries, point: RatePoint) -> RateRow:
        return cls(
            table=series.id,
            title=series.title,
            on=point.on,
            value=point.value,
            table_source=series.source,
            row=point.source,
            note=point.note,
        )

    def __str__(self) -> str:
        return f"{self.table} {self.on}: {self.value}% ({self.row})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Basis:
    """Why a term applies: a forum's statute, or the instrument's own words."""

    rule: str
    citation: str
    explanation: str
    rate_row: RateRow | None = None
    parameters: tuple[str, ...] = ()
    #: The end of `explanation` that every term of the regime repeats word for word (e.g. why the French judgment
    #: bears each half-year's rate in turn): a report says it once, at the first term, and refers to it after.
    shared: str = ""

    def __str__(self) -> str:
        return f"{self.rule} — {self.citation}"

    def told(self, said: set[str]) -> str:
        """The explanation as a report prints it: whole the first time its `shared` part is met (added to
        `said`), and without it after, referring to the first."""
        if not self.shared or not self.explanation.endswith(self.shared):
            return self.explanation
        if self.shared not in said:
            said.add(self.shared)
            return self.explanation
        head = self.explanation.removesuffix(self.shared).rstrip(" :;,")
        return f"{head}; the rest as explained for the first such term above"


@dataclass(frozen=True, slots=True, kw_only=True)
class RegimeTerm:
    """An interest term together with its basis."""

    term: InterestTerm
    basis: Basis
