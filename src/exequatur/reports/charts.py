"""Charts of a forum comparison: a PNG (matplotlib) and an interactive, self-contained HTML page (plotly).

Both libraries are imported only when a chart is asked for, so the other commands start quickly.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from exequatur.engine.compare import Comparison, Projection
from exequatur.engine.waterfall import Waterfall
from exequatur.io.atomic import write_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _series(comparison: Comparison) -> list[Projection]:
    return [comparison.baseline, *comparison.forums]


def _currency(projection: Projection) -> str:
    return projection.result.currency or ""


def comparison_png(comparison: Comparison, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.ticker import FuncFormatter

    figure, axes = plt.subplots(figsize=(10, 5.5), dpi=120)
    for projection in _series(comparison):
        if not projection.path:
            continue
        days = date2num([d for d, _ in projection.path])
        totals = [float(t) for _, t in projection.path]
        style = "--" if projection is comparison.baseline else "-"
        axes.plot(days, totals, style, label=f"{projection.label} ({_currency(projection)})")
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:,.0f}M" if v >= 1e6 else f"{v:,.0f}"))
    axes.set_title(f"{comparison.matter}: {comparison.instrument} if recognized on {comparison.recognized_on}")
    axes.set_ylabel("total owed")
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    return _save_png(figure, path)


def comparison_html(comparison: Comparison, path: Path) -> Path:
    import plotly.graph_objects as go

    figure = go.Figure()
    for projection in _series(comparison):
        if not projection.path:
            continue
        figure.add_trace(
            go.Scatter(
                x=[d.isoformat() for d, _ in projection.path],
                y=[float(t) for _, t in projection.path],
                mode="lines",
                name=f"{projection.label} ({_currency(projection)})",
                line={"dash": "dash"} if projection is comparison.baseline else {},
                hovertemplate="%{x}: %{y:,.2f}<extra>" + projection.label + "</extra>",
            )
        )
    figure.update_layout(
        title=f"{comparison.matter}: {comparison.instrument} if recognized on {comparison.recognized_on}",
        yaxis_title="total owed",
        hovermode="x unified",
    )
    return write_atomic(path, figure.to_html(include_plotlyjs=True, full_html=True))


def waterfall_png(result: Waterfall, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [a.claim.claim.id for a in result.allocations]
    paid = [float(a.allocated) for a in result.allocations]
    short = [float(a.shortfall) for a in result.allocations]
    figure, axes = plt.subplots(figsize=(10, 0.45 * len(names) + 1.8), dpi=120)
    axes.barh(names, paid, label="allocated", color="#2a7")
    axes.barh(names, short, left=paid, label="shortfall", color="#d55")
    axes.invert_yaxis()
    axes.set_xlabel(f"{result.currency} (millions)")
    axes.xaxis.set_major_formatter(lambda v, _: f"{v / 1e6:,.0f}")
    axes.set_title(f"{result.debtor}: {result.currency} {float(result.pool) / 1e6:,.0f}M on {result.on}")
    axes.legend(loc="lower right")
    figure.tight_layout()
    return _save_png(figure, path)


def waterfall_html(result: Waterfall, path: Path) -> Path:
    import plotly.graph_objects as go

    names = [f"{a.priority}. {a.claim.claim.creditor}" for a in result.allocations]
    figure = go.Figure(
        data=[
            go.Bar(y=names, x=[float(a.allocated) for a in result.allocations], name="allocated", orientation="h"),
            go.Bar(y=names, x=[float(a.shortfall) for a in result.allocations], name="shortfall", orientation="h"),
        ]
    )
    figure.update_layout(
        barmode="stack",
        yaxis={"autorange": "reversed"},
        title=f"{result.debtor}: {result.currency} {float(result.pool):,.2f} on {result.on}",
    )
    return write_atomic(path, figure.to_html(include_plotlyjs=True, full_html=True))


def _save_png(figure: Figure, path: Path) -> Path:
    """Render in memory, then replace the file in one step (io.atomic): a reader never sees half a chart."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return write_atomic(path, buffer.getvalue())
