"""Charts a person can read: tick labels that state their tick exactly in one unit per axis, one currency per
axis, creditor names on the waterfall, coinciding lines kept apart, and a line that stops saying why.

The charts are drawn from real comparisons and waterfalls (the example matters, and small ones written here), then
rendered (`figure.canvas.draw()`), and what matplotlib put on the page is read back. The expected labels are
worked out by hand from the ticks: a tick at 1,500,000 on an axis in millions reads "1.5M".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from exequatur.engine.compare import Comparison, compare
from exequatur.engine.waterfall import Waterfall, waterfall
from exequatur.interfaces.api import matter, rate_book
from exequatur.io.claimsfile import load_claims, parse_claims
from exequatur.model.matter import Matter
from exequatur.reports.charts import (
    amount_labels,
    axis_unit,
    comparison_figure,
    comparison_html,
    comparison_plotly,
    comparison_png,
    waterfall_figure,
    waterfall_html,
    waterfall_plotly,
    waterfall_png,
)
from tests.conftest import ROOT, award_matter, matter_from

RUSORO = ROOT / "examples" / "rusoro-v-venezuela.yaml"
CREDITORS = ROOT / "examples" / "venezuela-creditors.yaml"
UNIT = {"": 1.0, "K": 1e3, "M": 1e6, "bn": 1e9}

# An award in EUR at a matter's own quarterly index whose last fixing is 2025-01-01 (so the award's own path
# stops on 2025-02-03, the last sampled day before the reset of 2025-04-01 finds no value), projected into New
# York (converted into USD on entry, Judiciary Law §27(b)) and England (kept in EUR until payment, Miliangos).
TWO_CURRENCIES = """
matter: two-currencies
creditor: {name: C}
debtor: {name: D}
rates:
  - id: test-index
    title: a test index, fixed each quarter
    source: "this test"
    values:
      - {date: 2024-01-01, value: "3", source: "this test"}
      - {date: 2024-04-01, value: "3", source: "this test"}
      - {date: 2024-07-01, value: "3", source: "this test"}
      - {date: 2024-10-01, value: "3", source: "this test"}
      - {date: 2025-01-01, value: "3", source: "this test"}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2024-01-01, currency: EUR, amounts: [{label: damages, amount: "1500000"}],
     interest: [{from: 2024-01-01, rate: {index: test-index, spread: "1%", reset: quarterly}}]}
"""


# --- helpers ---------------------------------------------------------------------------------------------------


def drawn(figure: Figure) -> Figure:
    figure.canvas.draw()
    return figure


def shown_ticks(axes: Axes, which: str = "y") -> list[tuple[float, str]]:
    """(tick value, label text) for each major tick inside the axis's view, as matplotlib drew it."""
    axis = axes.yaxis if which == "y" else axes.xaxis
    low, high = sorted(axis.get_view_interval())
    return [
        (float(tick.get_loc()), tick.label1.get_text())
        for tick in axis.get_major_ticks()
        if low - 1e-9 * abs(high) <= tick.get_loc() <= high + 1e-9 * abs(high)
    ]


def unit_of(label: str) -> str:
    for suffix in ("bn", "M", "K"):
        if label.endswith(suffix):
            return suffix
    return ""


def read(label: str) -> float:
    """The amount a label states: "1.5M" -> 1,500,000."""
    suffix = unit_of(label)
    return float(label.removesuffix(suffix).replace(",", "")) * UNIT[suffix]


def assert_readable(ticks: list[tuple[float, str]], unit: str) -> None:
    """Distinct labels, each stating its own tick exactly, all in `unit` (zero reads "0")."""
    assert len(ticks) >= 3, ticks
    labels = [label for _, label in ticks]
    assert len(set(labels)) == len(labels), labels
    for value, label in ticks:
        assert read(label) == pytest.approx(value, rel=1e-9, abs=1e-9), (value, label)
        assert label == "0" or unit_of(label) == unit, (label, unit)


def legend_texts(axes: Axes) -> list[str]:
    legend = axes.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def series_lines(axes: Axes) -> list[Line2D]:
    """The lines that carry a legend entry (not the stop markers)."""
    return [line for line in axes.get_lines() if not str(line.get_label()).startswith("_")]


@cache
def two_currency_comparison() -> Comparison:
    return compare(
        matter_from(TWO_CURRENCIES), "a", ["US-NY", "GB-EW"], date(2024, 6, 3), date(2026, 1, 5), rate_book(), steps=8
    )


def stated_claims(*claims: tuple[str, str, int, str], currency: str = "USD") -> str:
    """A claims file of stated figures: (id, creditor, rank, amount)."""
    rows = "".join(
        f'  - {{id: {cid}, creditor: "{creditor}", rank: {rank}, '
        f'stated: {{amount: "{amount}", currency: {currency}, as_of: 2025-01-01, source: "this test"}}}}\n'
        for cid, creditor, rank, amount in claims
    )
    return "debtor: {name: Debtor Ltd}\nclaims:\n" + rows


def no_matters(path: str) -> Matter:
    raise AssertionError(f"a claims file of stated figures reads no matter ({path})")


def waterfall_of(text: str, pool: str, currency: str = "USD") -> Waterfall:
    claims, errors = parse_claims(text, "<test>")
    assert claims is not None, errors
    return waterfall(claims, Decimal(pool), currency, date(2025, 6, 30), rate_book(), no_matters)


# --- the formatter ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0, 500_000, 1_000_000, 1_500_000, 2_000_000], ["0", "0.5M", "1.0M", "1.5M", "2.0M"]),
        ([1_000_000, 1_500_000, 2_000_000], ["1.0M", "1.5M", "2.0M"]),  # not "1M, 2M, 2M"
        ([0.0, 0.25, 0.5, 0.75, 1.0], ["0", "0.25", "0.50", "0.75", "1.00"]),  # not "0, 0, 0, 1, 1"
        ([1.00, 1.01, 1.02], ["1.00", "1.01", "1.02"]),
        ([1_000, 1_010, 1_020], ["1,000", "1,010", "1,020"]),  # below 10,000: plain amounts
        ([0, 25_000, 50_000, 75_000], ["0", "25K", "50K", "75K"]),
        ([1_000_000_000, 1_250_000_000, 1_500_000_000], ["1.00bn", "1.25bn", "1.50bn"]),
        ([1_267_000_000, 1_267_500_000, 1_268_000_000], ["1.2670bn", "1.2675bn", "1.2680bn"]),
        ([2_000_000_000_000, 4_000_000_000_000], ["2,000bn", "4,000bn"]),  # bn is the largest unit
        ([-1_000_000, 0, 1_000_000], ["-1M", "0", "1M"]),
    ],
)
def test_amount_labels_state_each_tick_exactly_in_one_unit(values: list[float], expected: list[str]) -> None:
    assert amount_labels(values) == expected


def test_the_unit_comes_from_the_axis_range_not_from_each_tick() -> None:
    # An axis reaching 1,050,000 shows 800,000 as 0.8M, not as 800K: one unit for the axis.
    assert amount_labels([0, 200_000, 400_000, 600_000, 800_000, 1_000_000]) == [
        "0",
        "0.2M",
        "0.4M",
        "0.6M",
        "0.8M",
        "1.0M",
    ]
    assert amount_labels([200_000, 800_000], span=1_050_000) == ["0.2M", "0.8M"]
    assert [axis_unit(v)[1] for v in (0, 9_999, 10_000, 999_999, 1e6, 999e6, 1e9, 5e12)] == [
        "",
        "",
        "K",
        "K",
        "M",
        "M",
        "bn",
        "bn",
    ]


# --- comparison: tick labels at every magnitude ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit"),
    [("1", ""), ("1000", ""), ("1000000", "M"), ("1000000000", "bn")],
)
def test_comparison_ticks_at_every_magnitude(amount: str, unit: str) -> None:
    # An award of `amount` at 9% a year, projected into New York for two years: the totals run from `amount` to
    # about 1.2 x `amount`, so the axis is in the unit of `amount` (plain below 10,000).
    comparison = compare(
        matter_from(award_matter('"9%"', amount=amount)),
        "a",
        ["US-NY"],
        date(2020, 1, 1),
        date(2022, 1, 1),
        rate_book(),
        steps=8,
    )
    figure = drawn(comparison_figure(comparison))
    (axes,) = figure.axes
    assert_readable(shown_ticks(axes), unit)
    assert axes.get_ylabel() == "total owed (USD)"


def test_the_rusoro_comparison_reads_in_billions_on_one_usd_axis() -> None:
    book = rate_book()
    comparison = compare(
        matter(RUSORO, book),
        "award",
        ["US-NY", "US-FED", "CA-ON", "GB-EW"],
        date(2017, 4, 25),
        date(2025, 5, 1),
        book,
    )
    figure = drawn(comparison_figure(comparison))
    (axes,) = figure.axes  # every projection is in USD (CA-ON and GB-EW keep it until payment): one panel
    assert axes.get_ylabel() == "total owed (USD)"
    assert_readable(shown_ticks(axes), "bn")
    assert legend_texts(axes) == [
        "award on its own terms (USD)",
        "judgment in US-NY (USD)",
        "judgment in US-FED (USD)",
        "judgment in CA-ON (USD)",
        "judgment in GB-EW (USD)",
    ]
    lines = series_lines(axes)
    styles = {(str(line.get_linestyle()), str(line.get_marker())) for line in lines}
    assert len(styles) == len(lines)  # each series its own line style and marker
    assert not [a for a in axes.texts if isinstance(a, Annotation)]  # every line runs to the end: nothing to say


# --- comparison: one currency per axis, and the line that stops -------------------------------------------------


def test_each_currency_gets_its_own_axis() -> None:
    figure = drawn(comparison_figure(two_currency_comparison()))
    eur, usd = figure.axes
    assert (eur.get_ylabel(), usd.get_ylabel()) == ("total owed (EUR)", "total owed (USD)")
    assert legend_texts(eur) == ["a on its own terms (EUR), stops 2025-02-03", "judgment in GB-EW (EUR)"]
    assert legend_texts(usd) == ["judgment in US-NY (USD)"]
    # The EUR totals run from 1,525,315.07 to 1,719,552.45, the USD ones to 1,899,033.18: both axes in millions.
    assert_readable(shown_ticks(eur), "M")
    assert_readable(shown_ticks(usd), "M")
    # Both panels share the time axis, which runs to the comparison's end date.
    assert eur.get_xlim() == usd.get_xlim()


def test_a_line_that_stops_says_why() -> None:
    figure = drawn(comparison_figure(two_currency_comparison()))
    eur = figure.axes[0]
    (note,) = [a for a in eur.texts if isinstance(a, Annotation)]
    text = note.get_text().replace("\n", " ")
    assert text.startswith(
        "a on its own terms stops at 2025-02-03: rate table 'test-index' has no value for 2025-04-01"
    )
    # The note points at the last figure of the line (2025-02-03, EUR 1,565,589.04).
    assert note.xy[1] == pytest.approx(1_565_589.04)


def test_a_series_with_no_figure_at_all_is_listed_with_its_reason() -> None:
    # Recognized after the index's last fixing: nothing can be computed on any day, so no line is drawn; the legend
    # still names every series and why it has none.
    comparison = compare(
        matter_from(TWO_CURRENCIES), "a", ["GB-EW"], date(2025, 6, 2), date(2026, 1, 5), rate_book(), steps=4
    )
    figure = drawn(comparison_figure(comparison))
    texts = [t for axes in figure.axes for t in legend_texts(axes)]
    assert len(texts) == 2
    for text in texts:
        assert ": no figure (" in text
        assert "rate table 'test-index' has no" in text


def test_identical_series_are_told_apart() -> None:
    # Two forums that give the same path (here the English projection twice, under another name): the later is
    # drawn in its own style and marker over the first, and its legend entry says it is the same.
    comparison = two_currency_comparison()
    england = comparison.forums[1]
    twin = replace(comparison, forums=(*comparison.forums, replace(england, label="judgment in GB-EW, again")))
    figure = drawn(comparison_figure(twin))
    eur = figure.axes[0]
    assert legend_texts(eur)[-1] == "judgment in GB-EW, again (EUR), same as judgment in GB-EW"
    first, second = series_lines(eur)[-2:]
    assert first.get_linestyle() != second.get_linestyle()
    assert first.get_marker() != second.get_marker()
    assert first.get_linewidth() > second.get_linewidth()  # the one drawn over runs inside the other
    assert first.get_markevery() != second.get_markevery()  # markers side by side, not on top of each other


# --- waterfall -------------------------------------------------------------------------------------------------


def test_a_pool_of_one_and_a_half_million_reads_exactly() -> None:
    # Pool 1,500,000.00: the first claim (1,000,000) is paid in full, the second (800,000) gets the 500,000 left
    # and falls 300,000 short.
    result = waterfall_of(
        stated_claims(("a", "Alpha Holdings SA", 1, "1000000"), ("b", "Beta Mining Corp.", 2, "800000")), "1500000"
    )
    figure = drawn(waterfall_figure(result))
    (axes,) = figure.axes
    assert figure.get_suptitle() == "Debtor Ltd: USD 1,500,000.00 distributed on 2025-06-30"
    assert "USD 2M" not in figure.get_suptitle()
    assert [t.get_text() for t in axes.get_yticklabels()] == ["1. Alpha Holdings SA", "2. Beta Mining Corp."]
    assert [t.get_text() for t in axes.texts] == ["1,000,000.00 of 1,000,000.00", "500,000.00 of 800,000.00"]
    assert axes.get_xlabel() == "USD"
    assert_readable(shown_ticks(axes, "x"), "M")
    formatter = axes.xaxis.get_major_formatter()
    assert formatter.format_ticks([0, 500_000, 1_000_000, 1_500_000]) == ["0", "0.5M", "1.0M", "1.5M"]
    assert formatter.format_data_short(1_500_000) == "1,500,000.00"


@pytest.mark.parametrize(("pool", "unit"), [("1", ""), ("1000", ""), ("1000000", "M"), ("1000000000", "bn")])
def test_waterfall_ticks_at_every_magnitude(pool: str, unit: str) -> None:
    # One claim of twice the pool: a bar of 2 x pool, half allocated, half short.
    claim = str(2 * int(pool))
    result = waterfall_of(stated_claims(("a", "Alpha", 1, claim)), pool)
    figure = drawn(waterfall_figure(result))
    (axes,) = figure.axes
    assert_readable(shown_ticks(axes, "x"), unit)
    assert [t.get_text() for t in axes.texts] == [f"{int(pool):,}.00 of {int(claim):,}.00"]


def test_two_claims_of_one_creditor_keep_two_bars() -> None:
    result = waterfall_of(
        stated_claims(("first", "Same Creditor", 1, "100"), ("second", "Same Creditor", 2, "50")), "120"
    )
    figure = drawn(waterfall_figure(result))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["1. Same Creditor (first)", "2. Same Creditor (second)"]


@cache
def venezuela() -> Waterfall:
    book = rate_book()
    claims, errors = load_claims(CREDITORS)
    assert claims is not None, errors
    return waterfall(claims, Decimal("5892000000"), "USD", date(2025, 11, 29), book, lambda path: matter(path, book))


def test_the_venezuela_waterfall_names_the_creditors() -> None:
    result = venezuela()
    figure = drawn(waterfall_figure(result))
    (axes,) = figure.axes
    labels = [t.get_text().replace("\n", " ") for t in axes.get_yticklabels()]
    assert labels[0] == "1. Crystallex International Corp."
    assert "6. Rusoro Mining Ltd." in labels
    assert "13. Gold Reserve Inc." in labels
    ids = {a.claim.claim.id for a in result.allocations}
    assert not [label for label in labels if label.split(". ", 1)[1] in ids]  # names, not claim ids
    assert figure.get_suptitle() == "Bolivarian Republic of Venezuela: USD 5,892,000,000.00 distributed on 2025-11-29"
    notes = [t.get_text() for t in axes.texts]
    assert notes[0] == "990,000,000.00 of 990,000,000.00"  # Crystallex's stated figure, paid in full
    assert_readable(shown_ticks(axes, "x"), "bn")


# --- plotly ----------------------------------------------------------------------------------------------------


def layout_axes(data: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    return {key: value for key, value in data["layout"].items() if key.startswith(prefix)}


def test_the_html_comparison_has_one_axis_per_currency() -> None:
    data = comparison_plotly(two_currency_comparison()).to_plotly_json()
    yaxes = layout_axes(data, "yaxis")
    assert {key: axis["title"]["text"] for key, axis in yaxes.items()} == {
        "yaxis": "total owed (EUR)",
        "yaxis2": "total owed (USD)",
    }
    for axis in yaxes.values():  # one unit per axis from its range (k, M, B), decimals from the tick step
        assert (axis["exponentformat"], axis["separatethousands"]) == ("B", True)
    by_name = {trace["name"]: trace for trace in data["data"]}
    assert {name: trace["yaxis"] for name, trace in by_name.items()} == {
        "a on its own terms (EUR), stops 2025-02-03": "y",
        "judgment in GB-EW (EUR)": "y",
        "judgment in US-NY (USD)": "y2",
    }
    assert len({trace["line"]["dash"] for trace in data["data"]}) == 3
    assert by_name["judgment in US-NY (USD)"]["customdata"][-1] == "1,899,033.18"  # the hover: exact
    (note,) = data["layout"]["annotations"][-1:]
    assert note["text"].startswith("a on its own terms stops at 2025-02-03:<br>rate table 'test-index' has no value")
    assert (note["x"], note["y"]) == ("2025-02-03", 1565589.04)


def test_the_html_waterfall_names_the_creditors_and_the_exact_pool() -> None:
    result = waterfall_of(
        stated_claims(("a", "Alpha & Sons", 1, "1000000"), ("b", "Beta Mining Corp.", 2, "800000")), "1500000"
    )
    data = waterfall_plotly(result).to_plotly_json()
    layout = data["layout"]
    assert layout["yaxis"]["ticktext"] == ["1. Alpha &amp; Sons", "2. Beta Mining Corp."]  # plotly shows "&"
    assert layout["title"]["text"].startswith("Debtor Ltd: USD 1,500,000.00 distributed on 2025-06-30")
    assert (layout["xaxis"]["title"]["text"], layout["xaxis"]["exponentformat"]) == ("USD", "B")
    assert [trace["name"] for trace in data["data"]] == ["allocated", "shortfall"]
    assert [row[0] for row in data["data"][1]["customdata"]] == ["0.00", "300,000.00"]


def test_the_files_are_written(tmp_path: Path) -> None:
    comparison = two_currency_comparison()
    result = venezuela()
    for path in (
        comparison_png(comparison, tmp_path / "c.png"),
        waterfall_png(result, tmp_path / "w.png"),
    ):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = comparison_html(comparison, tmp_path / "c.html").read_text(encoding="utf-8")
    assert "total owed (USD)" in page
    assert "Rusoro Mining Ltd." in waterfall_html(result, tmp_path / "w.html").read_text(encoding="utf-8")
