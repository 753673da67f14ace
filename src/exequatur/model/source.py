"""Where a record came from, so that every figure can be traced back to a line of a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """A place in a file: the matter file line that stated a fact, or a table row that supplied a rate."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


UNKNOWN = Source("<unknown>", 0)
