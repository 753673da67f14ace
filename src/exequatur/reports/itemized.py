"""The statement for a terminal: a summary table per instrument and, with detail, every line with its trace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from exequatur.engine.results import (
    AccrualLine,
    CapitalizationLine,
    InstrumentFailure,
    InstrumentStatement,
    Line,
    NoteKind,
    PaymentLine,
    Statement,
)
from exequatur.model.matter import Matter
from exequatur.model.money import minor_units, round_money
from exequatur.reports.fit import Fitted, Stack, fits, fitted, indented, shares
from exequatur.reports.wording import LINES_ROUNDED
from exequatur.rules.basis import Basis

if TYPE_CHECKING:  # the comparison and waterfall engines load with their commands, not with `owe`'s statement
    from exequatur.engine.compare import Comparison
    from exequatur.engine.waterfall import Waterfall


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{round_money(amount, currency):,.{minor_units(currency)}f}"


def _summary_wide(result: InstrumentStatement) -> Table:
    cur = result.currency
    table = Table(show_footer=True, box=box.SIMPLE_HEAD)
    awarded = sum((c.awarded for c in result.components), Decimal(0))
    table.add_column("component", footer="total", overflow="fold")
    for name, footer in (
        ("awarded", awarded),
        ("principal", result.principal),
        ("interest", result.interest),
        ("owed", result.total),
    ):
        table.add_column(name, justify="right", footer=_fmt(footer, cur), no_wrap=True)
    for c in result.components:
        table.add_row(
            Text(c.label),
            _fmt(c.awarded, cur),
            _fmt(c.principal, cur),
            _fmt(c.interest, cur),
            _fmt(c.principal + c.interest, cur),
        )
    return table


def _summary_stacked(result: InstrumentStatement) -> Stack:
    """The same figures one under another: as narrow as the widest figure and its name, narrower by folding."""
    cur = result.currency
    table = Table(box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("what", overflow="fold")
    table.add_column("amount", justify="right", no_wrap=True)
    blocks = [(c.label, c.awarded, c.principal, c.interest) for c in result.components]
    if len(blocks) > 1:
        awarded = sum((c.awarded for c in result.components), Decimal(0))
        blocks.append(("total", awarded, result.principal, result.interest))
    for label, awarded, principal, interest in blocks:
        table.add_row(Text(label, style="bold"), "")
        for name, amount in (("awarded", awarded), ("principal", principal), ("interest", interest)):
            table.add_row(indented(name), _fmt(amount, cur))
        table.add_row(indented(Text("owed", style="bold")), Text(_fmt(principal + interest, cur), style="bold"))
    return Stack(table)


def _summary(result: InstrumentStatement) -> RenderableType:
    sought = " — SOUGHT, projected as if entered then" if result.status == "sought" else ""
    title = Text(
        f"{result.id}: {result.kind} ({result.forum}) of {result.date}{sought}, {result.currency}, "
        f"as of {result.as_of}",
        style="bold",
    )
    return Group(title, Fitted(lambda: _summary_wide(result), lambda: _summary_stacked(result)))


def _per_diem(result: InstrumentStatement) -> Text | None:
    cur = result.currency
    if result.per_diem is None or result.per_diem_total is None:
        return None  # the reason is among the notes
    if not result.per_diem:
        return Text("nothing (no interest runs)")
    text = Text(f"{cur} {_fmt(result.per_diem_total, cur)} a day after {result.as_of}", style="green")
    parts = [
        f"{p.component} {_fmt(p.amount, cur)} = {_fmt(p.base, cur)} × {p.rate}% ÷ {p.year_days}"
        for p in result.per_diem
    ]
    text.append(f" ({'; '.join(parts)})")
    return text


def _basis(result: InstrumentStatement) -> Stack:
    """What the figures rest on, one labelled entry a row; a long entry wraps under itself, not under its label (and
    on a page too narrow for a label and the figures beside it, the label folds first)."""
    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for c in result.components:
        if c.cited:
            grid.add_row(indented(f"source of {c.label}"), Text(c.cited, style="dim"))
    said: set[str] = set()  # what every term of a regime repeats, printed once (Basis.shared)
    for term in result.regime:
        grid.add_row(indented("rule"), Text(f"{term.basis.rule} — {term.basis.citation}", style="cyan"))
        grid.add_row("", Text(term.basis.told(said)))
    in_all = result.capitalized_in_all
    if in_all:
        unpaid = _fmt(result.capitalized, result.currency)
        told_capitalized = (
            f"{unpaid} of the interest, added to the base and bearing interest since (included in the interest above)"
        )
        if in_all != result.capitalized:
            told_capitalized += f"; {_fmt(in_all, result.currency)} was added in all, and payments took the rest"
        grid.add_row(indented("capitalized"), Text(told_capitalized))
    if result.paid:
        paid = Text(_fmt(result.paid, result.currency), style="green")
        if result.excess:
            paid.append(f" ({_fmt(result.excess, result.currency)} more than was owed, held as a credit)")
        grid.add_row(indented("paid"), paid)
    per_diem = _per_diem(result)
    if per_diem is not None:
        grid.add_row(indented("per diem"), per_diem)
    for note in result.notes:
        grid.add_row(indented("note"), Text(note.text, style=_NOTE_STYLE.get(note.kind, "yellow")))
    for conversion in result.conversions:
        grid.add_row(indented("converted"), Text(str(conversion), style="dim"))
    if result.equivalent is not None:
        grid.add_row(
            indented(f"payable in {result.equivalent.target_currency}"), Text(str(result.equivalent), style="green")
        )
    return Stack(grid)


#: Notes that explain rather than warn are shown dim; the others in yellow.
_NOTE_STYLE = {NoteKind.CARRIED: "dim", NoteKind.CONVERTED: "dim", NoteKind.MERGED: "dim", NoteKind.GAP: "dim"}


class _References:
    """The numbered references of an itemization: its rules [n], rate rows [rn] and payments [pn]."""

    def __init__(self, result: InstrumentStatement) -> None:
        self.result = result
        self.rules: dict[int, Basis] = {}
        self.rows: dict[str, AccrualLine] = {}
        self.payments: list[PaymentLine] = []

    def rule(self, basis: Basis) -> str:
        self.rules.setdefault(id(basis), basis)
        return f"[{list(self.rules).index(id(basis)) + 1}]"

    def row(self, line: AccrualLine) -> str:
        # A rate with no table row can still need explaining (an index's fallback to the award's floor).
        if line.rate_row is None and (line.rate_fixed or not line.rate_note):
            return ""
        key = line.rate_note or str(line.rate_row)
        self.rows.setdefault(key, line)
        return f" [r{list(self.rows).index(key) + 1}]"

    def payment(self, line: PaymentLine) -> str:
        self.payments.append(line)
        return f"[p{len(self.payments)}]"

    def legend(self) -> Text:
        cur = self.result.currency
        legend = Text()
        for n, basis in enumerate(self.rules.values(), start=1):
            legend.append(f"  [{n}] {basis.rule} — {basis.citation}\n", style="cyan")
        tables: dict[str, str] = {}
        for n, line in enumerate(self.rows.values(), start=1):
            r = line.rate_row
            if r is None:
                legend.append(f"  [r{n}] {line.rate_note}\n")
                continue
            # The row's own date and value beside the rate it gives: a derived rate (a Bank Rate rounded up and
            # one point added) is checked against the file's figure, not another one.
            legend.append(f"  [r{n}] {line.rate_note}, from the row of {r.on}: {r.value} ({r.row})\n")
            if r.note:
                legend.append(f"        {r.note}\n", style="dim")
            tables[r.table] = f"{r.title}. Source: {r.table_source}"
        for table_id, about in tables.items():
            legend.append(f"  table {table_id}: {about}\n", style="dim")
        for n, p in enumerate(self.payments, start=1):
            split = f"{_fmt(p.to_interest, cur)} to interest, {_fmt(p.to_principal, cur)} to principal"
            if p.excess:
                split += f", {_fmt(p.excess, cur)} unapplied (more than was owed, held as a credit)"
            legend.append(f"  [p{n}] {p.on}: {cur} {_fmt(p.amount, cur)} paid; {split} ({p.rule})", style="green")
            legend.append(f"; source: {p.cited or 'none stated'} ({p.source})")
            if p.credited:
                legend.append(f"; {p.credited}", style="dim")
            legend.append("\n")
        return legend


def _balance_cells(line: Line, cur: str) -> tuple[str, str, str]:
    b = line.balance
    return _fmt(b.principal, cur), _fmt(b.interest, cur), _fmt(b.total, cur)


def _rate(line: AccrualLine) -> str:
    return f"{line.rate}% {line.day_count.value}"


def _detail_wide(result: InstrumentStatement, refs: _References) -> Table:
    """One column per field: the layout for a terminal wide enough to show every figure in full."""
    cur = result.currency
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    for name in ("from", "to", "component", "days", "base", "rate", "amount", "principal", "interest", "owed", "ref"):
        right = name in ("days", "base", "rate", "amount", "principal", "interest", "owed")
        wraps = name in ("component", "ref")  # long labels wrap; the header itself stays whole
        table.add_column(
            name,
            justify="right" if right else "left",
            no_wrap=not wraps,
            min_width=len(name) if wraps else None,
            overflow="fold" if wraps else "ellipsis",  # a long label folds; the figures fit, or this is not drawn
        )
    for line in result.lines:
        balance = _balance_cells(line, cur)
        if isinstance(line, AccrualLine):
            table.add_row(
                str(line.start),
                str(line.end),
                Text(line.component),
                str(line.days),
                _fmt(line.base, cur),
                _rate(line),
                _fmt(line.cents, cur),
                *balance,
                Text(refs.rule(line.basis) + refs.row(line)),
            )
        elif isinstance(line, CapitalizationLine):
            table.add_row(
                "",
                str(line.on),
                Text(line.component),
                "",
                "",
                "capitalized",
                _fmt(line.amount, cur),
                *balance,
                Text(refs.rule(line.basis)),
                style="magenta",
            )
        else:
            table.add_row(
                "", str(line.on), "payment", "", "", "", f"-{_fmt(line.amount, cur)}", *balance,
                Text(refs.payment(line)), style="green",
            )  # fmt: skip
    return table


def _detail_stacked(result: InstrumentStatement, refs: _References) -> Table:
    """Each line's words wrap in one column; its amount and its balance (principal, interest, owed) keep theirs."""
    cur = result.currency
    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("line", overflow="fold")
    table.add_column("amount", justify="right", no_wrap=True)
    table.add_column("balance after", justify="right", no_wrap=True)
    for line in result.lines:
        principal, interest, owed = _balance_cells(line, cur)
        balance = f"{principal} P\n{interest} I\n{owed} T"
        if isinstance(line, AccrualLine):
            what = (
                f"{line.component}: {line.days} days × {_rate(line)} on {_fmt(line.base, cur)} "
                f"{refs.rule(line.basis)}{refs.row(line)}"
            )
            table.add_row(f"{line.start}\n{line.end}", Text(what), _fmt(line.cents, cur), balance)
        elif isinstance(line, CapitalizationLine):
            what = f"{line.component}: interest capitalized {refs.rule(line.basis)}"
            table.add_row(str(line.on), Text(what), _fmt(line.amount, cur), balance, style="magenta")
        else:
            table.add_row(str(line.on), Text(f"payment {refs.payment(line)}"), f"-{_fmt(line.amount, cur)}", balance,
                          style="green")  # fmt: skip
    return table


class _Listed:
    """The narrowest itemization: each line's dates and what it is as a heading across the page, then its figures
    one under another, each beside its name. The names keep their width and the figures theirs, all lines alike;
    on a page narrower than both side by side, a figure folds onto the next line, never cut."""

    NAMES = ("amount", "principal", "interest", "owed")

    def __init__(self, result: InstrumentStatement, refs: _References) -> None:
        cur = result.currency
        self.lines: list[tuple[Text, tuple[str, ...], str]] = []  # heading, figures (as NAMES), style
        for line in result.lines:
            balance = _balance_cells(line, cur)
            if isinstance(line, AccrualLine):
                dates, style, amount = f"{line.start} to {line.end}", "", _fmt(line.cents, cur)
                what = (
                    f"{line.component}: {line.days} days × {_rate(line)} on {_fmt(line.base, cur)} "
                    f"{refs.rule(line.basis)}{refs.row(line)}"
                )
            elif isinstance(line, CapitalizationLine):
                dates, style, amount = str(line.on), "magenta", _fmt(line.amount, cur)
                what = f"{line.component}: interest capitalized {refs.rule(line.basis)}"
            else:
                dates, style, amount = str(line.on), "green", f"-{_fmt(line.amount, cur)}"
                what = f"payment {refs.payment(line)}"
            heading = Text.assemble((dates, "bold"), " ", what, style=style)
            self.lines.append((heading, (amount, *balance), style))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        names = 2 + max(len(n) for n in self.NAMES)  # indented under the heading
        figures = max((len(f) for _, row, _ in self.lines for f in row), default=1)
        name, figure = shares(options.max_width - 1, names, names, figures)
        figure = min(figure, figures)  # the figures beside their names, not at the far edge of a wider page
        for heading, row, style in self.lines:
            yield heading
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(width=name, style="dim", overflow="fold")
            grid.add_column(width=figure, justify="right", overflow="fold")
            for what, shown in zip(self.NAMES, row, strict=True):
                grid.add_row(f"  {what}", shown, style=style)
            yield grid


#: What the balance figures of each layout are: the stacked one marks them P, I and T; the others name them.
_KEY_NAMED = " Principal and interest are what is unpaid after the line (capitalized interest counts as interest)."
_KEY_MARKED = " P = principal unpaid, I = interest unpaid (capitalized interest included), T = total owed."


class _Detail:
    """The itemization, laid out for the width it is drawn at, with its references under it."""

    def __init__(self, result: InstrumentStatement) -> None:
        self.result = result

    def _layout(self, console: Console, options: ConsoleOptions) -> tuple[RenderableType, _References, str]:
        """The widest layout that fits, the references it numbered, and the key to its balance figures."""
        for build, key in ((_detail_wide, _KEY_NAMED), (_detail_stacked, _KEY_MARKED)):
            refs = _References(self.result)
            table = build(self.result, refs)
            if fits(console, options, table):
                return table, refs, key
        refs = _References(self.result)
        return _Listed(self.result, refs), refs, _KEY_NAMED

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout, refs, key = self._layout(console, options)
        yield Text(f"{self.result.id}: itemized", style="bold")
        yield layout
        yield refs.legend()
        yield Text(
            "  Interest lines are cut at every payment, capitalization and rate change. Interest is rounded to the "
            f"cent when it is paid or capitalized. {LINES_ROUNDED}" + key,
            style="dim",
        )


def _detail(result: InstrumentStatement) -> RenderableType:
    return _Detail(result)


def render(statement: Statement, *, detail: bool = False) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{statement.matter} — what is owed on {statement.as_of}", style="bold")]
    if statement.not_yet:
        parts.append(Text(f"not yet entered on {statement.as_of}: {', '.join(statement.not_yet)}", style="dim"))
    for result in statement.instruments:
        if isinstance(result, InstrumentFailure):
            parts.append(Text(f"\n{result.id}: ERROR — {result.message}", style="bold red"))
            continue
        parts.append(Text(""))
        parts.append(_summary(result))
        parts.append(_basis(result))
        if detail:
            parts.append(_detail(result))
    for debt in statement.debts:
        if len(debt.totals) + len(debt.notes) < 2:
            continue  # a debt with one instrument says nothing its statement does not
        governing = next((s for s in debt.settlements if s.governs), None)
        paid = f"paid so far {debt.currency} {_fmt(debt.paid, debt.currency)}"
        if not debt.computable:
            text = Text(f"\ndebt {debt.id}: collectible cannot be computed", style="bold")
            text.append(f" — see the notes below ({paid})\n")
        else:
            text = Text(
                f"\ndebt {debt.id}: collectible {debt.currency} {_fmt(debt.collectible, debt.currency)}",
                style="bold",
            )
        if not debt.computable:
            pass
        elif governing is not None:
            text.append(f" — under settlement {governing.id} ({governing.status}), not its instruments\n")
        elif debt.largest is not None:
            which = (
                f"the largest of those that could be compared ({debt.largest}; left out: {', '.join(debt.left_out)})"
                if debt.left_out
                else f"the largest of its instruments ({debt.largest})"
            )
            text.append(
                f" — {which}; single recovery: collecting under one pays the others, and every payment is "
                f"credited on each ({paid})\n"
            )
        for name, total in debt.totals:
            text.append(f"  {name}: {_fmt(total, debt.currency)}\n")
        for note in debt.notes:
            text.append(f"  note: {note.text}\n", style="yellow")
        parts.append(text)
    return Group(*parts)


def render_comparison(comparison: Comparison) -> RenderableType:
    """One row per forum: the rule, the rate, the sum at entry and what is owed at the end date."""
    table = Table(
        title=Text(
            f"{comparison.matter}: {comparison.instrument} if a judgment were entered on "
            f"{comparison.recognized_on}, owed on {comparison.until}"
        ),
        title_justify="left",
    )
    for name, right in (
        ("forum", False),
        ("rule", False),
        ("rate", True),
        ("at entry", True),
        ("owed", True),
        ("currency", False),
        ("payable in local currency", True),
    ):
        table.add_column(name, justify="right" if right else "left", no_wrap=right)
    legend = Text()
    for projection in (comparison.baseline, *comparison.forums):
        result = projection.result
        if isinstance(result, InstrumentFailure):
            table.add_row(Text(projection.label), Text(f"ERROR: {result.message}", style="red"), "", "", "", "", "")
            continue
        cur = result.currency
        rates = sorted({f"{line.rate}%" for line in result.lines if isinstance(line, AccrualLine)})
        rate = rates[0] if len(rates) == 1 else (f"{rates[0]}..{rates[-1]}" if rates else "none")
        rule = result.regime[0].basis.rule if result.regime else "no interest"
        for term in result.regime[:1]:
            legend.append(f"  {projection.label}: {term.basis.citation}\n", style="dim")
        local = "no exchange rate" if result.has_note(NoteKind.NO_EQUIVALENT) else ""
        if result.equivalent is not None:
            local_cur = result.equivalent.target_currency
            local = f"{local_cur} {_fmt(result.equivalent.converted, local_cur)}"
        at_entry = sum((c.awarded for c in result.components), Decimal(0))
        table.add_row(
            Text(projection.label), Text(rule), rate, _fmt(at_entry, cur), _fmt(result.total, cur), cur, local
        )
    return Group(fitted(table), legend)


def render_waterfall(result: Waterfall) -> RenderableType:
    cur = result.currency
    table = Table(
        title=Text(f"{result.debtor}: {cur} {_fmt(result.pool, cur)} distributed on {result.on} by priority"),
        title_justify="left",
        show_footer=True,
    )
    table.add_column("priority", justify="right", footer="")
    table.add_column("creditor", footer="total")
    table.add_column("claim", justify="right", no_wrap=True, footer="")
    table.add_column(
        f"claim in {cur}",
        justify="right",
        no_wrap=True,
        footer=_fmt(sum((a.claim.in_pool for a in result.allocations), Decimal(0)), cur),
    )
    table.add_column("allocated", justify="right", no_wrap=True, footer=_fmt(result.distributed, cur))
    table.add_column(
        "shortfall",
        justify="right",
        no_wrap=True,
        footer=_fmt(sum((a.shortfall for a in result.allocations), Decimal(0)), cur),
    )
    for a in result.allocations:
        claim = a.claim
        table.add_row(
            Text(claim.claim.rank_label),
            Text(f"{claim.claim.creditor} ({claim.claim.id})"),
            f"{claim.currency} {_fmt(claim.amount, claim.currency)}",
            _fmt(claim.in_pool, cur),
            _fmt(a.allocated, cur),
            _fmt(a.shortfall, cur),
        )
    notes = Text(f"  residue (pool left after every claim): {cur} {_fmt(result.residue, cur)}\n")
    for a in result.allocations:
        for trace in a.claim.traces:
            notes.append(f"  {a.claim.claim.id}: {trace}\n", style="dim")
        if a.claim.conversion is not None:
            notes.append(f"  {a.claim.claim.id}: {a.claim.conversion}\n", style="dim")
        if a.claim.claim.rank_cited:
            notes.append(f"  {a.claim.claim.id} priority: {a.claim.claim.rank_cited}\n", style="dim")
    return Group(fitted(table), notes)


def render_record(matter: Matter) -> RenderableType:
    """The matter's record: proceedings, the debtor's known assets and the enforcement actions against them."""
    parts: list[RenderableType] = []
    proceedings = Table(title=Text(f"{matter.id}: proceedings"), title_justify="left")
    for name in ("id", "kind", "forum", "court", "case", "filed", "decided", "concerns", "result", "outcome"):
        proceedings.add_column(name)
    for p in matter.proceedings:
        proceedings.add_row(
            Text(p.id),
            p.kind.value,
            p.forum,
            Text(p.court or ""),
            Text(p.case_number or ""),
            str(p.filed or ""),
            str(p.decided or ""),
            Text(p.concerns or ""),
            Text(p.result or ""),
            Text(p.outcome or ""),
        )
    parts.append(fitted(proceedings))
    if matter.assets:
        assets = Table(title=Text("known assets of the debtor"), title_justify="left")
        for name in ("id", "description", "owner", "location", "source"):
            assets.add_column(name)
        for asset in matter.assets:
            assets.add_row(
                Text(asset.id),
                Text(asset.description),
                Text(asset.owner or ""),
                Text(asset.location or ""),
                Text(asset.cited or ""),
            )
        parts.append(fitted(assets))
    if matter.actions:
        actions = Table(title=Text("enforcement actions"), title_justify="left")
        for name in ("date", "id", "kind", "court", "docket", "instrument", "asset", "status"):
            actions.add_column(name)
        for act in sorted(matter.actions, key=lambda x: (x.date is None, x.date or date.min)):
            actions.add_row(
                str(act.date or "not public"),
                Text(act.id),
                act.kind.value,
                Text(act.court or ""),
                Text(act.docket or ""),
                Text(act.instrument or ""),
                Text(act.asset or ""),
                Text(act.status or ""),
            )
        parts.append(fitted(actions))
    recovered = [p for p in matter.payments if p.recovery]
    if recovered:
        parts.append(
            Text(
                "\n".join(
                    f"  {p.date}: {p.currency} {_fmt(p.amount, p.currency)} recovered under {p.recovery}"
                    + (f" ({p.cited})" if p.cited else "")
                    for p in recovered
                )
            )
        )
    return Group(*parts)
