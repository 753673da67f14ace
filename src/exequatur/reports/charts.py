"""Charts of a forum comparison and of a waterfall: a PNG (matplotlib) and an interactive, self-contained HTML page
(plotly); and a PNG of what each instrument of a matter comes to over time (engine/history.py), for the web app's
matter page.

What a reader must be able to trust on every chart:

- amounts on an axis use one unit for the whole axis (K, M or bn), picked from the axis range, and as many
  decimals as it takes for every tick label to state its tick exactly, so no two labels read alike (a tick at
  1,500,000 reads "1.5M"); a figure written out in a title or a label is the exact amount, to the cent;
- one currency per axis: a comparison whose projections are in several currencies gets one panel per currency,
  each labelled with its currency; nothing is converted;
- every series has its own line style and markers (placed at staggered intervals), so lines that coincide stay
  visible, and a series identical to an earlier one says so in the legend ("same as ...");
- a line that stops before the comparison's end date says where and why (the engine's message), and a series
  with no figure at all is listed in the legend with its reason.

The charts format what the engine computed; they compute no figure of their own. Both libraries are imported
only when a chart is asked for, so the other commands start quickly.
"""

from __future__ import annotations

import html
import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exequatur.engine.compare import Comparison, Projection
from exequatur.engine.history import History
from exequatur.engine.results import InstrumentFailure
from exequatur.engine.waterfall import Allocation, Waterfall
from exequatur.io.atomic import write_atomic

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter

# --------------------------------------------------------------------------------------------------------------
# Amounts on an axis


#: (size, suffix), largest first. Below 10,000 an axis shows plain amounts with thousands separators.
_UNITS: tuple[tuple[float, str], ...] = ((1e9, "bn"), (1e6, "M"), (1e3, "K"))


def axis_unit(span: float) -> tuple[float, str]:
    """The unit of an axis whose largest absolute value is `span`: plain below 10,000, then K, M, bn.

    plotly's own rule for tick labels (`exponentformat="B"`), so that the HTML chart and the PNG agree: the range's
    power of ten, n, picks the unit 10^(3·round((n-1)/3)) once n exceeds 3. (plotly rounds n up from 2% below a
    power of ten; here only float noise is rounded away, so an axis reaching 9,999 stays plain.)
    """
    if not math.isfinite(span) or span <= 0:
        return 1.0, ""
    exponent = math.floor(math.log10(span) + 1e-9)
    if exponent <= 3:
        return 1.0, ""
    chosen = 3 * round((exponent - 1) / 3)
    for size, suffix in _UNITS:
        if 10**chosen >= size:
            return size, suffix
    return 1.0, ""


def amount_labels(values: Sequence[float], span: float | None = None) -> list[str]:
    """Tick labels for amounts: one unit for all (from `span`, the axis range's largest absolute value, or else
    the values'), and the fewest decimals that state every value exactly, so that distinct ticks read distinctly.

    >>> amount_labels([0, 500_000, 1_000_000, 1_500_000])
    ['0', '0.5M', '1.0M', '1.5M']
    """
    if not values:
        return []
    top = max(abs(v) for v in values) if span is None else span
    size, suffix = axis_unit(top)
    scaled = [v / size for v in values]
    gaps = [b - a for a, b in pairwise(sorted(set(scaled)))]
    step = min(gaps) if gaps else max(abs(s) for s in scaled) or 1.0
    tolerance = step * 1e-6
    scaled = [0.0 if abs(s) <= tolerance else s for s in scaled]  # no "-0.0" from float noise
    texts: list[str] = []
    for decimals in range(13):
        texts = [f"{s:,.{decimals}f}" for s in scaled]
        exact = all(abs(float(t.replace(",", "")) - s) <= tolerance for t, s in zip(texts, scaled, strict=True))
        if exact and len(set(texts)) == len(set(scaled)):
            break
    return ["0" if s == 0 else f"{t}{suffix}" for t, s in zip(texts, scaled, strict=True)]


def _owed_axes(axes: Axes, currency: str, *, several: bool) -> None:
    """One currency's panel of a chart of totals owed: amounts to the cent on its axis, and its currency named
    where the chart has a panel for each of several."""
    axes.yaxis.set_major_formatter(_amount_formatter())
    axes.set_ylabel(f"total owed ({currency})")
    if several:
        axes.set_title(f"in {currency}", fontsize=10, loc="left")
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)


def _amount_formatter() -> Formatter:
    """A matplotlib formatter that labels each axis's ticks with `amount_labels`, and shows exact amounts (to the
    cent) where matplotlib shows the value under the cursor."""
    from matplotlib.ticker import Formatter

    class AmountFormatter(Formatter):
        def __init__(self) -> None:
            super().__init__()
            self.labels: dict[float, str] = {}

        def set_locs(self, locs: list[float]) -> None:
            ticks = [float(v) for v in locs]
            if not ticks:
                self.labels = {}
                return
            if self.axis is not None:
                low, high = self.axis.get_view_interval()
                span = max(abs(low), abs(high))
            else:
                span = max(abs(v) for v in ticks)
            self.labels = dict(zip(ticks, amount_labels(ticks, span), strict=True))

        def __call__(self, x: float, pos: int | None = None) -> str:
            found = self.labels.get(x)
            return found if found is not None else amount_labels([x])[0]

        def format_data_short(self, value: float) -> str:
            return f"{value:,.2f}"

    return AmountFormatter()


def _exact(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:,.2f}"


# --------------------------------------------------------------------------------------------------------------
# What a comparison chart shows, worked out once for both libraries


@dataclass(frozen=True, slots=True)
class _Series:
    projection: Projection
    index: int  # position among all series: picks the line style, so each series keeps one style everywhere
    currency: str
    name: str  # the legend entry
    stop: str | None  # why the line ends before the comparison's end date (None: it runs to the end)
    missing: str | None  # why there is no line at all (None: there is one)


def _currency(projection: Projection) -> str:
    return projection.result.currency or "currency unknown"


def _reason(projection: Projection) -> str:
    result = projection.result
    if isinstance(result, InstrumentFailure):
        return result.message
    last = projection.path[-1][0] if projection.path else None
    return f"the engine gave no figure after {last}" if last else "the engine gave no figure"


def _short(reason: str, width: int = 140) -> str:
    """The first clause of an engine message, cut at a word to fit on a chart (the full text is in the HTML
    chart's hover text and in the command's table)."""
    return textwrap.shorten(reason.split("; ")[0], width=width, placeholder=" …")


def _series(comparison: Comparison) -> list[_Series]:
    out: list[_Series] = []
    first_with: dict[tuple[str, tuple[tuple[date, Decimal], ...]], str] = {}
    for index, projection in enumerate([comparison.baseline, *comparison.forums]):
        currency = _currency(projection)
        name = f"{projection.label} ({currency})"
        stop = missing = None
        if not projection.path:
            missing = _reason(projection)
            name += f": no figure ({_short(missing, 80)})"
        else:
            key = (currency, projection.path)
            if key in first_with:
                name += f", same as {first_with[key]}"
            else:
                first_with[key] = projection.label
            end = projection.path[-1][0]
            if end < comparison.until:
                stop = _reason(projection)
                name += f", stops {end}"
        out.append(_Series(projection, index, currency, name, stop, missing))
    return out


def _panels(series: list[_Series]) -> dict[str, list[_Series]]:
    """Series by currency, in the order the currencies first appear (the baseline's first)."""
    panels: dict[str, list[_Series]] = {}
    for s in series:
        panels.setdefault(s.currency, []).append(s)
    return panels


def _title(comparison: Comparison) -> str:
    return (
        f"{comparison.matter}: {comparison.instrument} if recognized on {comparison.recognized_on}, "
        f"to {comparison.until}"
    )


def _stop_text(s: _Series, wrap: int) -> str:
    assert s.stop is not None
    end = s.projection.path[-1][0]
    return f"{s.projection.label} stops at {end}:\n" + "\n".join(textwrap.wrap(_short(s.stop), wrap))


def _stopping(members: list[_Series]) -> list[_Series]:
    """The series of a panel that stop early, lowest end point first: their notes are stacked from the bottom up
    in that order, so the arrows do not cross."""
    return sorted((s for s in members if s.stop is not None), key=lambda s: s.projection.path[-1][1])


def _width(index: int, count: int) -> float:
    """Series drawn first are drawn wider, so a later line that coincides with one runs inside it."""
    return 1.3 + 1.7 * (count - 1 - index) / max(1, count - 1)


def _marker_at(length: int, index: int, count: int) -> tuple[int, int]:
    """(first, every): about eight markers per line, and at least one point in `count` apart, each series starting
    at a point of its own, so that markers of coinciding lines sit side by side instead of on top of each other."""
    every = max(count, round(length / 8), 1)
    return index * every // max(1, count), every


# matplotlib: (line style, marker) per series; plotly: (dash, symbol). The baseline (first) is dashed.
_MPL_STYLES: tuple[tuple[str | tuple[float, tuple[float, ...]], str], ...] = (
    ("--", "o"),
    ("-", "s"),
    ("-.", "^"),
    (":", "D"),
    ((0, (6, 2, 1, 2, 1, 2)), "v"),
    ((0, (1, 1)), "P"),
    ((0, (8, 3)), "X"),
    ((0, (3, 1, 1, 1)), "*"),
)
_PLOTLY_STYLES: tuple[tuple[str, str], ...] = (
    ("dash", "circle"),
    ("solid", "square"),
    ("dashdot", "triangle-up"),
    ("dot", "diamond"),
    ("longdashdot", "triangle-down"),
    ("5px,2px", "cross"),
    ("longdash", "x"),
    ("3px,1px,1px,1px", "star"),
)


# --------------------------------------------------------------------------------------------------------------
# matplotlib


def _new_figure(width: float, height: float) -> Figure:
    """A figure with its own Agg canvas: no pyplot, so no global state and no figure left open."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=120, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def comparison_figure(comparison: Comparison) -> Figure:
    """The comparison as a matplotlib figure: one panel per currency, sharing the time axis."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    series = _series(comparison)
    panels = _panels(series)
    figure = _new_figure(10, 1.5 + 4.2 * len(panels))
    grid = figure.subplots(len(panels), 1, sharex=True, squeeze=False)
    start = min((s.projection.path[0][0] for s in series if s.projection.path), default=comparison.recognized_on)
    count = len(series)
    for row, (currency, members) in enumerate(panels.items()):
        axes: Axes = grid[row][0]
        for s in members:
            line_style, marker = _MPL_STYLES[s.index % len(_MPL_STYLES)]
            if s.missing is not None:
                axes.plot([], [], " ", label=s.name)
                continue
            path = s.projection.path
            axes.plot(
                date2num([d for d, _ in path]),
                [float(t) for _, t in path],
                linestyle=line_style,
                marker=marker,
                markevery=_marker_at(len(path), s.index, count),
                markersize=6,
                linewidth=_width(s.index, count),
                color=f"C{s.index % 10}",
                label=s.name,
            )
        for place, s in enumerate(_stopping(members)):
            end, total = s.projection.path[-1]
            color = f"C{s.index % 10}"
            axes.plot([date2num(end)], [float(total)], "x", color=color, markersize=10, mew=2)
            axes.annotate(
                _stop_text(s, 60),
                xy=(float(date2num(end)), float(total)),
                xytext=(0.98, 0.04 + 0.2 * place),
                textcoords="axes fraction",
                ha="right",
                va="bottom",
                multialignment="left",
                fontsize=7.5,
                bbox={"boxstyle": "round", "fc": "white", "ec": color, "alpha": 0.9},
                arrowprops={"arrowstyle": "->", "color": color},
            )
        _owed_axes(axes, currency, several=len(panels) > 1)
    bottom: Axes = grid[-1][0]
    locator = AutoDateLocator()
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    bottom.set_xlim(float(date2num(start)), float(date2num(comparison.until)))
    figure.suptitle(_title(comparison))
    return figure


def comparison_png(comparison: Comparison, path: Path) -> Path:
    return _save_png(comparison_figure(comparison), path)


def _bar_label(allocation: Allocation, repeated: set[str]) -> str:
    claim = allocation.claim.claim
    name = claim.creditor if claim.creditor not in repeated else f"{claim.creditor} ({claim.id})"
    return f"{claim.rank}. {name}" if claim.rank is not None else f"{name} ({claim.rank_label})"


def _bar_labels(result: Waterfall) -> list[str]:
    """Creditor names (with the claim's priority), the claim id added only where a creditor has two claims."""
    names = [a.claim.claim.creditor for a in result.allocations]
    repeated = {n for n in names if names.count(n) > 1}
    return [_bar_label(a, repeated) for a in result.allocations]


def _bar_note(allocation: Allocation) -> str:
    return f"{allocation.allocated:,.2f} of {allocation.claim.in_pool:,.2f}"


def _waterfall_title(result: Waterfall) -> str:
    return f"{result.debtor}: {_exact(result.pool, result.currency)} distributed on {result.on}"


def _waterfall_subtitle(result: Waterfall) -> str:
    return (
        f"distributed {_exact(result.distributed, result.currency)}, "
        f"left over {_exact(result.residue, result.currency)}; each bar: allocated of claim"
    )


def waterfall_figure(result: Waterfall) -> Figure:
    """The waterfall as a matplotlib figure: a bar per claim (allocated, then shortfall), named by creditor, with
    the exact amounts beside each bar."""
    from matplotlib.transforms import blended_transform_factory

    labels = ["\n".join(textwrap.wrap(label, 38)) or label for label in _bar_labels(result)]
    rows = list(range(len(labels)))
    paid = [float(a.allocated) for a in result.allocations]
    short = [float(a.shortfall) for a in result.allocations]
    height = sum(0.32 + 0.2 * label.count("\n") for label in labels)
    figure = _new_figure(11, max(3.0, height + 2.0))
    axes = figure.subplots()
    axes.barh(rows, paid, label="allocated", color="#2a7")
    axes.barh(rows, short, left=paid, label="shortfall", color="#d55")
    axes.set_yticks(rows, labels, fontsize=8)
    axes.set_ylim(max(1, len(rows)) - 0.5, -0.5)  # the first priority at the top
    beside = blended_transform_factory(axes.transAxes, axes.transData)
    for row, allocation in zip(rows, result.allocations, strict=True):
        axes.text(1.01, row, _bar_note(allocation), transform=beside, va="center", fontsize=8)
    axes.xaxis.set_major_formatter(_amount_formatter())
    axes.set_xlabel(result.currency)
    # A set limit, not a margin: a zero shortfall bar starting at the longest bar's end would pin the axis there.
    axes.set_xlim(0, 1.03 * max((p + q for p, q in zip(paid, short, strict=True)), default=0.0) or 1.0)
    axes.grid(axis="x", alpha=0.3)
    axes.set_title(_waterfall_subtitle(result), fontsize=9)
    axes.legend(loc="lower right")
    figure.suptitle(_waterfall_title(result))
    return figure


def waterfall_png(result: Waterfall, path: Path) -> Path:
    return _save_png(waterfall_figure(result), path)


def history_figure(result: History) -> Figure:
    """Each instrument's total owed (principal and interest) on each day of the history, one panel per currency,
    with each payment's day marked by a vertical line and a line that stops early ending in a cross."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    panels: dict[str, list[int]] = {}
    for index, line in enumerate(result.lines):
        panels.setdefault(line.currency, []).append(index)
    figure = _new_figure(10, 1.3 + 3.6 * max(1, len(panels)))
    grid = figure.subplots(max(1, len(panels)), 1, sharex=True, squeeze=False)
    count = len(result.lines)
    for row, (currency, members) in enumerate(panels.items()):
        axes: Axes = grid[row][0]
        for index in members:
            line = result.lines[index]
            line_style, marker = _MPL_STYLES[index % len(_MPL_STYLES)]
            name = f"{line.instrument} ({line.forum}{', ' + line.status if line.status != 'entered' else ''})"
            if not line.points:
                axes.plot([], [], " ", label=f"{name}: no figure ({_short(line.stop or 'no figure', 80)})")
                continue
            if line.stop is not None:
                name += f", stops {line.points[-1].day}"
            axes.plot(
                date2num([p.day for p in line.points]),
                [float(p.total) for p in line.points],
                linestyle=line_style,
                marker=marker,
                markevery=_marker_at(len(line.points), index, count),
                markersize=5,
                linewidth=_width(index, count),
                color=f"C{index % 10}",
                label=name,
            )
            if line.stop is not None:
                last = line.points[-1]
                axes.plot([date2num(last.day)], [float(last.total)], "x", color=f"C{index % 10}", markersize=9)
        for number, payment in enumerate(p for p in result.payments if p.currency == currency):
            axes.axvline(
                float(date2num(payment.day)),
                color="#555",
                linewidth=0.8,
                linestyle=":",
                label="payment" if number == 0 else None,
            )
        _owed_axes(axes, currency, several=len(panels) > 1)
    if result.days:
        bottom: Axes = grid[-1][0]
        locator = AutoDateLocator()
        bottom.xaxis.set_major_locator(locator)
        bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        bottom.set_xlim(float(date2num(result.days[0])), float(date2num(result.as_of)))
    else:
        grid[0][0].text(0.5, 0.5, f"no instrument entered by {result.as_of}", ha="center", va="center")
    figure.suptitle(f"{result.matter}: total owed on each instrument, to {result.as_of}")
    return figure


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG bytes (for the web app, which serves them)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _save_png(figure: Figure, path: Path) -> Path:
    """Render in memory, then replace the file in one step (io.atomic): a reader never sees half a chart."""
    return write_atomic(path, png_bytes(figure))


# --------------------------------------------------------------------------------------------------------------
# plotly

#: Axis settings for amounts. plotly picks one unit per axis from its visible range (k, M, B: exponentformat "B";
#: below 10,000 plain amounts) and the decimals from the tick step, and does both again on zoom; the hover shows
#: the exact amount.
_PLOTLY_AMOUNTS: dict[str, Any] = {"exponentformat": "B", "showexponent": "all", "separatethousands": True}


def _plain(text: str) -> str:
    """Text for plotly, which reads a little HTML in names and annotations: shown as written."""
    return html.escape(text, quote=False)


def comparison_plotly(comparison: Comparison) -> Any:
    """The comparison as a plotly figure: one subplot per currency, sharing the time axis."""
    from plotly.subplots import make_subplots

    series = _series(comparison)
    panels = _panels(series)
    figure = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[f"in {c}" for c in panels] if len(panels) > 1 else None,
    )
    count = len(series)
    for row, (currency, members) in enumerate(panels.items(), start=1):
        for s in members:
            dash, symbol = _PLOTLY_STYLES[s.index % len(_PLOTLY_STYLES)]
            path = s.projection.path
            first, every = _marker_at(len(path), s.index, count)
            figure.add_scatter(
                x=[d.isoformat() for d, _ in path],
                y=[float(t) for _, t in path],
                customdata=[f"{t:,.2f}" for _, t in path],
                mode="lines+markers",
                name=_plain(s.name),
                legendgroup=currency,
                legendgrouptitle_text=_plain(currency),
                line={"dash": dash, "width": _width(s.index, count), "color": _color(s.index)},
                marker={
                    "symbol": symbol,
                    "size": [8 if i >= first and (i - first) % every == 0 else 0 for i in range(len(path))],
                    "color": _color(s.index),
                },
                hovertemplate=f"%{{x}}: {_plain(currency)} %{{customdata}}<extra>{_plain(s.projection.label)}</extra>",
                row=row,
                col=1,
            )
        stopping = _stopping(members)
        for place, s in enumerate(stopping):
            end, total = s.projection.path[-1]
            figure.add_annotation(
                x=end.isoformat(),
                y=float(total),
                text=_plain(_stop_text(s, 60)).replace("\n", "<br>"),
                hovertext=_plain(s.stop or ""),
                showarrow=True,
                arrowhead=2,
                arrowcolor=_color(s.index),
                ax=50,
                ay=40 + 70 * (len(stopping) - 1 - place),  # the lowest end point's note lowest: no arrows cross
                xanchor="left",
                align="left",
                font={"size": 11},
                bgcolor="rgba(255,255,255,0.9)",
                bordercolor=_color(s.index),
                row=row,
                col=1,
            )
        figure.update_yaxes(title_text=f"total owed ({_plain(currency)})", **_PLOTLY_AMOUNTS, row=row, col=1)
    figure.update_layout(
        title=_plain(_title(comparison)),
        hovermode="x unified",
        height=250 + 380 * len(panels),
        legend={"groupclick": "toggleitem"},
    )
    return figure


def comparison_html(comparison: Comparison, path: Path) -> Path:
    page = comparison_plotly(comparison).to_html(include_plotlyjs=True, full_html=True)
    return write_atomic(path, page)


_PLOTLY_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _color(index: int) -> str:
    """The same colour for a series as matplotlib's C0, C1, ...: a series looks alike in the PNG and the HTML."""
    return _PLOTLY_COLORS[index % len(_PLOTLY_COLORS)]


def waterfall_plotly(result: Waterfall) -> Any:
    """The waterfall as a plotly figure: stacked bars named by creditor, the exact amounts in the hover."""
    import plotly.graph_objects as go

    labels = [_plain(label) for label in _bar_labels(result)]
    rows = list(range(len(labels)))
    notes = [_plain(_bar_note(a)) for a in result.allocations]
    cur = _plain(result.currency)
    figure = go.Figure()
    for name, amounts, color in (
        ("allocated", [a.allocated for a in result.allocations], "#22aa77"),
        ("shortfall", [a.shortfall for a in result.allocations], "#dd5555"),
    ):
        figure.add_bar(
            y=rows,
            x=[float(v) for v in amounts],
            customdata=[[f"{v:,.2f}", label, note] for v, label, note in zip(amounts, labels, notes, strict=True)],
            name=name,
            orientation="h",
            marker_color=color,
            hovertemplate=f"%{{customdata[1]}}<br>{name}: {cur} %{{customdata[0]}}<br>"
            "(allocated of claim: %{customdata[2]})<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        title={"text": f"{_plain(_waterfall_title(result))}<br><sub>{_plain(_waterfall_subtitle(result))}</sub>"},
        yaxis={"tickmode": "array", "tickvals": rows, "ticktext": labels, "autorange": "reversed"},
        xaxis={"title": {"text": cur}, **_PLOTLY_AMOUNTS},
        height=220 + 34 * len(rows),
    )
    return figure


def waterfall_html(result: Waterfall, path: Path) -> Path:
    return write_atomic(path, waterfall_plotly(result).to_html(include_plotlyjs=True, full_html=True))
