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
