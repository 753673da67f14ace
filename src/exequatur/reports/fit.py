"""Tables that fit the terminal they are drawn on: the wide layout where it fits, a stacked one where it does not.

Rich cuts a column that cannot wrap (`151,090.…`) rather than overflow the width; a figure cut is a wrong figure.
So a statement's tables are built twice: one column per field where the terminal is wide enough for every figure
in full, and otherwise a layout whose text wraps in its own column while the figures keep their full width.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

#: Wide enough to measure any table at its natural width.
_UNBOUNDED = 100_000


def fits(console: Console, options: ConsoleOptions, renderable: RenderableType) -> bool:
    """Whether `renderable` can be drawn within the width available without cutting what cannot wrap."""
    natural = Measurement.get(console, options.update(max_width=_UNBOUNDED), renderable)
    return natural.minimum <= options.max_width


class Fitted:
    """Draws the first layout that fits the width it is given; the last one always (it is the narrowest)."""

    def __init__(self, *layouts: Callable[[], RenderableType]) -> None:
        self.layouts = layouts

    def _choose(self, console: Console, options: ConsoleOptions) -> RenderableType:
        for build in self.layouts[:-1]:
            layout = build()
            if fits(console, options, layout):
                return layout
        return self.layouts[-1]()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._choose(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._choose(console, options))


def stacked(table: Table) -> Table:
    """The same table one row at a time: the row's first cell as a heading, then each other cell under its column's
    name. As narrow as the longest name and figure, so that nothing is ever cut."""
    out = Table(box=box.SIMPLE_HEAD, show_header=False, title=table.title, title_justify="left", pad_edge=False)
    out.add_column("name", style="dim", no_wrap=True)
    out.add_column("value", overflow="fold")  # on a page too narrow even for this, a figure folds, never cut
    columns = table.columns
    cells = [list(c.cells) for c in columns]
    for row in range(table.row_count):
        first = cells[0][row] if columns else ""
        out.add_row(Text.assemble(first if isinstance(first, (str, Text)) else str(first), style="bold"), "")
        for column, values in zip(columns[1:], cells[1:], strict=True):
            value = values[row]
            if value == "" or (isinstance(value, Text) and not value.plain):
                continue
            out.add_row(f"  {column.header}", value)
    footers = [(c.header, c.footer) for c in columns if table.show_footer and c.footer not in (None, "")]
    if footers:
        out.add_section()
        for header, footer in footers:
            out.add_row(f"  {header}", footer)
    return out


def fitted(table: Table) -> Fitted:
    """The table as drawn where it fits, else one row at a time (stacked). Where it fits, a word longer than its
    column folds onto the next line rather than being cut."""
    for column in table.columns:
        if not column.no_wrap:
            column.overflow = "fold"
    return Fitted(lambda: table, lambda: stacked(table))
