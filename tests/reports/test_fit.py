"""Tables that fit their page: a figure is never cut, whatever the width."""

from __future__ import annotations

import os
import re
import sys
from datetime import date

import pytest
from rich.console import Console, RenderableType
from rich.table import Table

from exequatur.reports.fit import fitted
from exequatur.rules.parameters import ParameterSet
from tests.conftest import EXAMPLE

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


def _law_tables() -> dict[str, RenderableType]:
    """What `rules list`, `rules show US-NY`, `assess` and `deadlines` print for the Rusoro example."""
    from exequatur.interfaces.api import assess, deadlines
    from exequatur.io.ratetables import shipped_tables
    from exequatur.reports.assessment import render_assessment
    from exequatur.reports.deadlines import render_schedule
    from exequatur.reports.lawbook import forum_detail, forums_table
    from exequatur.rules.parameters import all_parameter_files, load_parameters
    from exequatur.rules.registry import FORUMS

    params: dict[str, list[ParameterSet]] = {}
    for path in all_parameter_files():
        ps = load_parameters(path)
        params.setdefault(ps.forum, []).append(ps)
    new_york = FORUMS["US-NY"]
    schedule = deadlines(EXAMPLE, date(2023, 8, 14))
    return {
        "rules list": forums_table(list(FORUMS.values()), params),
        "rules show": forum_detail(new_york, params["US-NY"], [shipped_tables()[t] for t in new_york.tables], None),
        "assess": render_assessment(assess(EXAMPLE, "ny-recognition", date(2023, 8, 14))),
        "deadlines": render_schedule(schedule, schedule.deadlines),
    }


@pytest.mark.parametrize("width", [30, 40, 60, 200])
def test_the_law_tables_cut_nothing_at_any_width(width: int) -> None:
    for name, renderable in _law_tables().items():
        console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(renderable)
        drawn = console.export_text()
        assert "…" not in drawn, f"{name} at {width} columns cuts a cell"
        assert max(len(line) for line in drawn.splitlines()) <= width
        if name == "rules list" and width == 200:
            assert re.search(r"code\s+┃\s+name\s+┃\s+kind", drawn)  # the wide table, one column per field


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("width", [30, 40, 60])
@pytest.mark.parametrize(
    "args",
    [["rates", "list"], ["rules", "recognition"], ["owe", str(EXAMPLE), "--as-of", "2023-08-14", "--detail"]],
    ids=["rates list", "rules recognition", "owe --detail"],
)
def test_a_narrow_terminal_gets_no_cut_cell(args: list[str], width: int) -> None:
    # The commands as a user runs them on a terminal of that width (a pipe is not a terminal: its width is fixed).
    from tests.interfaces.test_cli_output import PLAIN_ENV, on_a_terminal

    drawn = on_a_terminal(args, {**PLAIN_ENV, "NO_COLOR": "1", "COLUMNS": str(width)})
    assert drawn.strip()
    assert "…" not in drawn
