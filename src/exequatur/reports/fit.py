"""Tables that fit the terminal they are drawn on: the wide layout where it fits, a stacked one where it does not.

Rich cuts a column that cannot wrap (`151,090.…`) rather than overflow the width; a figure cut is a wrong figure.
So a statement's tables are built twice: one column per field where the terminal is wide enough for every figure
in full, and otherwise a layout whose text wraps in its own column while the figures keep their full width.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement

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
