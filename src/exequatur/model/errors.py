"""Errors as values with a place (for files) and as exceptions that carry their field and value (for the engine)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from exequatur.model.source import Source


@dataclass(frozen=True, slots=True, kw_only=True)
class MatterError:
    """One problem in a matter file, reported as a compiler would: `file:line: message (field)`."""

    source: Source
    message: str
    field: str | None = None

    def __str__(self) -> str:
        suffix = f" ({self.field})" if self.field else ""
        return f"{self.source}: {self.message}{suffix}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source.file,
            "line": self.source.line,
            "field": self.field,
            "message": self.message,
        }


class ExequaturError(ValueError):
    """Base of the errors the engine raises about the data it was given (never about its own bugs)."""


class CurrencyError(ExequaturError):
    """An unknown ISO 4217 code, or arithmetic that would mix two currencies."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class RateLookupError(ExequaturError, LookupError):
    """A rate table was asked for a date it does not cover; never answered with a guess."""

    def __init__(self, message: str, *, table: str, on: date) -> None:
        super().__init__(message)
        self.table = table
        self.on = on


class RuleError(ExequaturError):
    """A forum has no rule for the instrument (yet), or the rule cannot apply to it."""

    def __init__(self, message: str, *, forum: str) -> None:
        super().__init__(message)
        self.forum = forum


class RateTableFormatError(ExequaturError):
    """A rate table file is malformed; carries the place so the user can fix it."""

    def __init__(self, message: str, *, source: Source) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
