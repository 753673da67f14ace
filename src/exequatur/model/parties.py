"""The creditor and the debtor of a matter."""

from __future__ import annotations

from dataclasses import dataclass

from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A party; `sovereign` matters for immunity from execution (FSIA, State Immunity Act) in later stages."""

    name: str
    source: Source
    country: str | None = None
    sovereign: bool = False
    #: A natural person not acting for professional purposes (French legal rate, C. mon. fin. L313-2).
    private_individual: bool = False
