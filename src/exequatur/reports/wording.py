"""Sentences every report says alike (terminal, PDF and HTML, the web page), written once."""

from __future__ import annotations

#: Said where the lines of a statement are listed: why a line's amount is not always its own figure rounded.
LINES_ROUNDED = (
    "Each line's amount is the difference of the rounded running totals before and after it, so that the lines add "
    "up to the total; a line may therefore differ by a cent from its own figure rounded alone."
)
