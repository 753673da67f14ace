"""'Did you mean ...?': the closest known name to a misspelt one (a field, a forum code, a table, an instrument).

One rule everywhere, so that a file, a command-line option and the web app suggest alike: difflib's ratio, case
ignored (`us-ny` finds `US-NY`), the suggestion spelt as the known name is spelt, at most one suggestion, and none
when nothing comes close (a guess that is far off helps less than the plain 'unknown').
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

#: How alike two names must be (difflib's ratio, 0 to 1) for the known one to be suggested.
CUTOFF = 0.6


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known name most like `word`, or None if none is alike enough (or `word` is itself known)."""
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), choice)
    if word in by_folded.values():
        return None
    found = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=CUTOFF)
    return by_folded[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` to add to a message about the unknown `word`, or "" when nothing is close."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match is not None else ""


def forum_hint(code: str, forums: Iterable[str]) -> str:
    """`did_you_mean` for a forum code, except where the code names another real jurisdiction (an ISO 3166 country
    or subdivision, as US-NJ): New Jersey's judgment is not New York's, so the closest known forum is no help, and
    the message says the place has no rules here instead."""
    known = list(forums)
    if any(code.casefold() == forum.casefold() for forum in known):
        return did_you_mean(code, known)
    import pycountry

    upper = code.strip().upper()
    database: Any = pycountry.subdivisions if "-" in upper else pycountry.countries
    place = database.get(code=upper) if "-" in upper else database.get(alpha_2=upper)
    if place is not None:  # the country's forums exequatur has (US-FED for a federal court in New Jersey)
        same = [forum for forum in known if forum.split("-")[0] == upper.split("-")[0]]
        there = f" (in that country: {', '.join(same)})" if same else ""
        return f"; exequatur has no rules for the courts of {place.name}{there}"
    return did_you_mean(code, known)
