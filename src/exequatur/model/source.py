"""Where a record came from, so that every figure can be traced back to a line of a file."""

from __future__ import annotations

from typing import NamedTuple


class Source(NamedTuple):
    """A place in a file: the matter file line that stated a fact, or a table row that supplied a rate.

    A NamedTuple (immutable, and cheap to build: a rate table makes one for each of its thousands of rows).
    """

    file: str
    line: int

    def __str__(self) -> str:
        # line 0 is the file as a whole (missing, too large, a folder): `file`, never `file:0`
        return f"{self.file}:{self.line}" if self.line > 0 else self.file
