"""Tables that fit the terminal they are drawn on: the wide layout where it fits, a stacked one where it does not.

Rich cuts a column that cannot wrap (`151,090.…`) rather than overflow the width; a figure cut is a wrong figure.
So a statement's tables are built twice: one column per field where the terminal is wide enough for every figure
in full, and otherwise a layout whose text wraps in its own column while the figures keep their full width. The
narrowest layout lists names beside figures (`Stack`); on a page narrower than a name and a figure side by side, the
figure folds onto the next line, whole once its lines are read together.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
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


def shares(space: int, names: int, floor: int, figures: int) -> tuple[int, int]:
    """The widths of a name column and a figure column that share `space`: the figures' in full while the names can
    fold down to `floor`, so that a figure folds only on a page too narrow for both side by side."""
    name = max(floor, min(names, space - figures))
    name = max(1, min(name, space - 1))
    return name, max(1, space - name)


def _blank(cell: RenderableType) -> bool:
    return cell == "" or (isinstance(cell, Text) and not cell.plain)


def _widest(console: Console, options: ConsoleOptions, cells: Iterable[RenderableType], *, word: bool) -> int:
    """The widest of `cells`, or with `word` the widest word in them (what cannot wrap)."""
    sizes = [Measurement.get(console, options, cell) for cell in cells]
    return max((m.minimum if word else m.maximum for m in sizes), default=1)


def _overhead(console: Console, options: ConsoleOptions, table: Table) -> int:
    """The width `table` takes beyond its cells' text: edges, dividers and padding."""
    return Measurement.get(console, options, _sized(table, *(1 for _ in table.columns))).maximum - len(table.columns)


def _sized(table: Table, *widths: int) -> Table:
    """A copy of `table` whose columns have the widths given, and fold whatever is wider."""
    out = copy.copy(table)
    out.columns = [
        dataclasses.replace(c, width=w, no_wrap=False, overflow="fold")
        for c, w in zip(table.columns, widths, strict=True)
    ]
    return out


class Stack:
    """A table of names (its first column) beside values (its last), one of the two wrapping, drawn as built where
    everything that cannot wrap fits. Where it does not, the blank edges go, and the names fold first, down to the
    longest word of a name that stands beside a value (a heading alone on its row folds further), so that each
    value's longest word, a figure, stays whole; only where the page is narrower than that word and figure side by
    side does a figure fold onto the next line. Nothing is cut."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def _drawn(self, console: Console, options: ConsoleOptions) -> Table:
        table, width = self.table, options.max_width
        unbounded = options.update(max_width=_UNBOUNDED)
        columns = (table.columns[0], table.columns[-1])
        cells = [list(c.cells) for c in columns]
        unbroken = [_widest(console, unbounded, c.cells, word=not c.no_wrap) for c in columns]
        if sum(unbroken) + _overhead(console, unbounded, table) <= width:
            return table  # rich wraps the one column that may wrap, and cuts nothing
        spare = copy.copy(table)
        spare.show_edge = spare.pad_edge = False
        labelled = (n for n, v in zip(*cells, strict=True) if not _blank(v))
        name, value = shares(
            width - _overhead(console, unbounded, spare),
            _widest(console, unbounded, cells[0], word=False),
            _widest(console, unbounded, labelled, word=True),
            _widest(console, unbounded, cells[1], word=True),
        )
        return _sized(spare, name, value)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._drawn(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._drawn(console, options))


def indented(name: RenderableType) -> Padding:
    """A name under its heading: indented on every line, should it fold onto more than one."""
    return Padding(name, (0, 0, 0, 2))


def stacked(table: Table) -> Stack:
    """The same table one row at a time: the row's first cell as a heading, then each other cell under its column's
    name. As narrow as the longest name and figure; on a narrower page names fold, then figures, and none is cut."""
    out = Table(
        box=box.SIMPLE_HEAD,
        show_header=False,
        title=table.title,
        title_justify="left",
        caption=table.caption,
        caption_justify=table.caption_justify,
        pad_edge=False,
    )
    out.add_column("name", style="dim", no_wrap=True)
    out.add_column("value", overflow="fold")
    columns = table.columns
    cells = [list(c.cells) for c in columns]
    for row in range(table.row_count):
        first = cells[0][row] if columns else ""
        out.add_row(Text.assemble(first if isinstance(first, (str, Text)) else str(first), style="bold"), "")
        for column, values in zip(columns[1:], cells[1:], strict=True):
            value = values[row]
            if _blank(value):
                continue
            out.add_row(indented(column.header), value)
    footers = [(c.header, c.footer) for c in columns if table.show_footer and c.footer not in (None, "")]
    if footers:
        out.add_section()
        for header, footer in footers:
            out.add_row(indented(header), footer)
    return Stack(out)


def fitted(table: Table) -> Fitted:
    """The table as drawn where it fits, else one row at a time (stacked). Where it fits, a word longer than its
    column folds onto the next line rather than being cut."""
    for column in table.columns:
        if not column.no_wrap:
            column.overflow = "fold"
    return Fitted(lambda: table, lambda: stacked(table))
