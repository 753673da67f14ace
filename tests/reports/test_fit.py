"""Tables that fit their page: a figure is never cut, whatever the width."""

from __future__ import annotations

import os
import re

from rich.console import Console
from rich.table import Table

from exequatur.reports.fit import fitted

#: A figure as the reports print it: digits in groups of three and two decimals.
FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")


def whole_figures(drawn: str) -> set[str]:
    """The figures `drawn` shows, each folded one read back whole: its pieces are the words one under another that
    start (left-aligned) or end (right-aligned) in the same column."""
    words = [[(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", line)] for line in drawn.splitlines()]
    found: set[str] = set()
    for row, line in enumerate(words):
        for start, end, word in line:
            found.update(FIGURE.findall(word))
            for below in words[row + 1 : row + 4]:  # down to 20 columns, a figure folds onto three more lines at most
                piece = next((w for s, e, w in below if s == start or e == end), None)
                if piece is None:
                    break
                word += piece
                found.update(FIGURE.findall(word))
    return found


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


def _lines_with(drawn: str, figure: str) -> list[str]:
    return [line for line in drawn.splitlines() if figure in line]


def test_on_a_narrow_page_the_names_fold_so_that_the_figures_stay_whole() -> None:
    # Stacked, this table needs 27 columns for its longest name beside 16 for its widest figure; at 36 and 40 they
    # do not fit side by side, so the name folds (at its spaces, each line indented) and the figure keeps its line.
    # Below the longest word of a name and the figure together (24), the figure folds too; neither is ever cut.
    table = Table(title="judgment in CA-ON")
    for name in ("forum", "at entry", "owed", "payable in local currency"):
        table.add_column(name, no_wrap=name != "forum")
    table.add_row("judgment in CA-ON", "1,267,371,929.65", "1,470,706,998.69", "CAD 2,030,605,153.09")
    for width in (24, 36, 40, 60):
        drawn = _drawn(table, width)
        assert "…" not in drawn
        assert max(len(line) for line in drawn.splitlines()) <= width
        assert {"1,267,371,929.65", "1,470,706,998.69", "2,030,605,153.09"} <= whole_figures(drawn)
        if width in (36, 40):
            assert _lines_with(drawn, "2,030,605,153.09"), f"the figure folded at {width} columns:\n{drawn}"
            folded = [line for line in drawn.splitlines() if re.search(r"payable|local|currency", line)]
            assert len(folded) > 1, drawn
            assert all(line.startswith("  ") and not line.startswith("   ") for line in folded), drawn
    # Where it fits, the stacked table is drawn as built: the name whole beside its value.
    assert re.search(r"^\s*payable in local currency\s+CAD 2,030,605,153.09", _drawn(table, 60), re.M)
    # And where the wide table fits, it is the one drawn.
    assert re.search(r"forum\s+.*at entry\s+.*owed", _drawn(table, 100))
