"""A rate that no table row gives (an index's fallback to the floor) is still explained on the terminal statement."""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console

from exequatur.interfaces.api import owe
from exequatur.reports.itemized import render
from tests.conftest import EXAMPLE


def test_the_libor_fallback_is_referenced_and_explained() -> None:
    # The Rusoro award resets on 16 Sep each year; from 2023-09-16 LIBOR is no longer published and the award's
    # 4% floor applies alone (the matter's fallback: after 2023-06-30, use the floor).
    statement = owe(EXAMPLE, date(2024, 9, 16), instrument="award")
    console = Console(width=220, record=True, file=io.StringIO())
    console.print(render(statement, detail=True))
    text = console.export_text()
    line = next(row for row in text.splitlines() if row.split()[:3] == ["2023-09-16", "2024-09-16", "expropriation"])
    reference = line.split()[-1]
    assert reference.startswith("[r")
    legend = next(row for row in text.splitlines() if row.strip().startswith(reference + " "))
    assert "not published after 2023-06-30: fallback to the floor alone, 4%" in legend
