"""Tables that fit their page: a figure is never cut, whatever the width."""

from __future__ import annotations

import os

from rich.console import Console
from rich.table import Table

from exequatur.reports.fit import fitted


def _drawn(table: Table, width: int) -> str:
    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(fitted(table))
    return console.export_text()


def test_a_figure_wider_than_the_stacked_page_folds_and_is_never_cut() -> None:
    # 279,051,308,505,512.34 is 22 characters: beside its column's name it does not fit 30 columns, so it folds
    # onto the next line. Joined back, the lines hold every digit, and no "…" stands for any of them.
    table = Table(title="totals")
    for name in ("forum", "principal", "interest"):
        table.add_column(name, no_wrap=name != "forum")
    table.add_row("US-FED", "279,051,308,505,512.34", "1,000,000,000,000,000,000.01")
    for width in (30, 36, 60, 132):
        drawn = _drawn(table, width)
        assert "…" not in drawn
        joined = "".join(drawn.split())
        assert "279,051,308,505,512.34" in joined
        assert "1,000,000,000,000,000,000.01" in joined
