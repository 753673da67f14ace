"""The statement of amount due as a document: a view model of text ready to print, and the HTML it renders to.

The view model only formats what the engine computed (amounts rounded half-up to the currency's minor unit, with
thousands separators; dates; references from each line to its rule and rate row). One Jinja2 template, with every
user text escaped, renders it; the HTML is self-contained (its CSS inline, no fonts or images fetched), and
reports/pdf.py prints the same HTML to PDF.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from exequatur.engine.results import (
    AccrualLine,
    CapitalizationLine,
    Conversion,
    DebtPosition,
    InstrumentFailure,
    InstrumentStatement,
    Line,
    NoteKind,
    Statement,
)
from exequatur.io.ratetables import rate_tables
from exequatur.model.errors import ExequaturError
from exequatur.model.instruments import InstrumentStatus
from exequatur.model.matter import Matter
from exequatur.model.money import minor_units, round_money
from exequatur.model.proceedings import Proceeding
from exequatur.reports.provenance import exequatur_version, file_sha256
from exequatur.rules.basis import Basis, RateRow
from exequatur.rules.registry import FORUMS

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: How each kind of note is shown: a CSS class and a heading. Chosen by kind, never by the note's words.
NOTE_STYLES: dict[NoteKind, tuple[str, str]] = {
    NoteKind.CARRIED: ("info", "Amount carried"),
    NoteKind.GAP: ("caution", "Interest before judgment"),
    NoteKind.CONVERTED: ("info", "Currency conversion"),
    NoteKind.MERGED: ("info", "Merger"),
    NoteKind.NO_INTEREST: ("info", "No interest"),
    NoteKind.NO_EQUIVALENT: ("caution", "No equivalent in the forum's currency"),
    NoteKind.LATER_PAYMENTS: ("caution", "Later payments not applied"),
    NoteKind.NO_PER_DIEM: ("caution", "Per diem not known"),
    NoteKind.LEFT_OUT: ("caution", "Left out"),
    NoteKind.SETTLEMENT: ("info", "Settlement"),
    NoteKind.PAID_LEFT_OUT: ("caution", "Payment left out"),
}

#: Countries whose courts file on US Letter paper; everywhere else the statement is printed on A4.
_LETTER_COUNTRIES = frozenset({"US", "CA"})


def long_date(day: date) -> str:
    """1 December 2026: unambiguous on both sides of the Atlantic, and independent of the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def amount(value: Decimal, currency: str) -> str:
    """An amount rounded half-up to the currency's minor unit, with thousands separators: 1,234,567.89."""
    return f"{round_money(value, currency):,.{minor_units(currency)}f}"


def per_diem_amount(value: Decimal) -> str:
    """A per diem to two places, half-up, whatever the currency's minor unit."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def percent(rate: Decimal) -> str:
    """A rate as its table states it (4.99700%, as the terminal and the rates list show it)."""
    return f"{rate:f}%"


@dataclass(frozen=True, slots=True, kw_only=True)
class Caption:
    court: str | None
    case_number: str | None
    creditor: str
    debtor: str
    title: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleView:
    ref: int
    rule: str
    citation: str
    explanation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComponentView:
    label: str
    awarded: str
    paid: str
    principal: str
    interest: str
    owed: str
    source: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RowView:
    """One line of the itemized table; `kind` is interest, capitalization or payment."""

    kind: str
    start: str
    end: str
    days: str
    component: str
    base: str
    rate: str
    rate_ref: str
    day_count: str
    year_days: str
    rule_ref: str
    amount: str
    principal: str
    interest: str
    total: str
    description: str
    source: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PerDiemView:
    component: str
    base: str
    rate: str
    year_days: int
    amount: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RateView:
    """A rate as applied (`applied`, the engine's account of it) and the table row it was read from, if any."""

    ref: str
    applied: str | None
    table: str | None
    on: str | None
    value: str | None
    place: str | None
    note: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TableView:
    id: str
    title: str
    source: str
    reviewed: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversionView:
    on: str
    given: str
    rate: str
    converted: str
    rows: str
    citation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteView:
    style: str
    heading: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Totals:
    principal: str
    interest: str
    paid: str
    unapplied: str | None
    owed: str
    #: Capitalized interest still unpaid (included in `interest`), None if none is.
    capitalized: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentView:
    number: int
    id: str
    failed: bool
    message: str | None = None
    title: str | None = None
    kind: str = ""
    forum: str = ""
    dated: str = ""
    currency: str = ""
    sought: bool = False
    court: str | None = None
    case_number: str | None = None
    source: str | None = None
    rules: tuple[RuleView, ...] = ()
    components: tuple[ComponentView, ...] = ()
    rows: tuple[RowView, ...] = ()
    totals: Totals | None = None
    per_diem: tuple[PerDiemView, ...] | None = ()
    per_diem_total: str | None = None
    rates: tuple[RateView, ...] = ()
    tables: tuple[TableView, ...] = ()
    conversions: tuple[ConversionView, ...] = ()
    equivalent: ConversionView | None = None
    notes: tuple[NoteView, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DebtView:
    id: str
    currency: str
    collectible: str | None
    explanation: str
    totals: tuple[tuple[str, str], ...]
    paid: str
    conversions: tuple[ConversionView, ...]
    notes: tuple[NoteView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryRow:
    id: str
    description: str
    currency: str
    owed: str | None
    per_diem: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    caption: Caption
    as_of: str
    as_of_iso: str
    summary: tuple[SummaryRow, ...]
    instruments: tuple[InstrumentView, ...]
    debts: tuple[DebtView, ...]
    not_yet: tuple[str, ...]
    version: str
    sha256: str
    file_name: str
    command: str
    #: The --rates files the statement was computed with: (name, sha256).
    rate_files: tuple[tuple[str, str], ...] = ()
    paper: str


def _proceeding_for(matter: Matter, instrument_id: str | None) -> Proceeding | None:
    return next((p for p in matter.proceedings if instrument_id and p.result == instrument_id), None)


def _caption(matter: Matter, first: str | None, single: bool) -> tuple[Caption, str]:
    """The court and case of the proceeding that produced the instrument when the statement is of one instrument
    (a statement of the whole matter is captioned by the matter, since its instruments come from several courts);
    and the paper the court files on."""
    proceeding = _proceeding_for(matter, first) if single else None
    forum_code = proceeding.forum if proceeding else (matter.instrument(first).forum if first else None)
    forum = FORUMS.get(forum_code) if forum_code else None
    letter = forum is not None and forum.country in _LETTER_COUNTRIES
    caption = Caption(
        court=proceeding.court if proceeding else None,
        case_number=proceeding.case_number if proceeding else None,
        creditor=matter.creditor.name,
        debtor=matter.debtor.name,
        title=matter.title,
    )
    return caption, "letter" if letter else "A4"


def _note(kind: NoteKind, text: str) -> NoteView:
    style, heading = NOTE_STYLES.get(kind, ("info", kind.value))
    return NoteView(style=style, heading=heading, text=text)


def _conversion(c: Conversion) -> ConversionView:
    return ConversionView(
        on=c.on.isoformat(),
        given=f"{c.source_currency} {amount(c.amount, c.source_currency)}",
        rate=f"{c.rate:.6f}",
        converted=f"{c.target_currency} {amount(c.converted, c.target_currency)}",
        rows="; ".join(f"{r.table} {r.on.isoformat()} = {r.value} ({r.row})" for r in c.rows),
        citation=c.citation,
    )


def _line_day(line: Line) -> date:
    """The day a line is complete: an interest line at its end, a payment or capitalization on its day."""
    return line.end if isinstance(line, AccrualLine) else line.on


class _Refs:
    """Numbers each rule and each rate the lines use, in the order first met, for the table's reference column."""

    def __init__(self, regime: Iterable[Basis]) -> None:
        self.rules: dict[tuple[str, str, str], int] = {}
        self.told: dict[tuple[str, str, str], str] = {}  # each rule's explanation as printed (Basis.told)
        self._said: set[str] = set()
        self.rates: dict[tuple[tuple[str, date] | None, str | None], tuple[RateRow | None, str | None]] = {}
        for basis in regime:
            self.rule(basis)

    def rule(self, basis: Basis) -> str:
        key = (basis.rule, basis.citation, basis.explanation)
        if key not in self.rules:
            self.told[key] = basis.told(self._said)
        number = self.rules.setdefault(key, len(self.rules) + 1)
        return f"[{number}]"

    def rate(self, row: RateRow | None, applied: str | None) -> str:
        if row is None and applied is None:
            return ""
        key = ((row.table, row.on) if row else None, applied)
        self.rates.setdefault(key, (row, applied))
        return f"r{list(self.rates).index(key) + 1}"


def _row(line: Line, currency: str, refs: _Refs) -> RowView:
    balance = line.balance
    common = {
        "principal": amount(balance.principal, currency),
        "interest": amount(balance.interest, currency),
        "total": amount(balance.total, currency),
    }
    if isinstance(line, AccrualLine):
        return RowView(
            kind="interest",
            start=line.start.isoformat(),
            end=line.end.isoformat(),
            days=str(line.days),
            component=line.component,
            base=amount(line.base, currency),
            rate=percent(line.rate),
            rate_ref=refs.rate(line.rate_row, None if line.rate_fixed and line.rate_row is None else line.rate_note),
            day_count=line.day_count.value,
            year_days=str(line.year_days),
            rule_ref=refs.rule(line.basis),
            amount=amount(line.cents, currency),
            description="",
            source=None,
            **common,
        )
    if isinstance(line, CapitalizationLine):
        return RowView(
            kind="capitalization",
            start="",
            end=line.on.isoformat(),
            days="",
            component=line.component,
            base="",
            rate="",
            rate_ref="",
            day_count="",
            year_days="",
            rule_ref=refs.rule(line.basis),
            amount=amount(line.amount, currency),
            description="unpaid interest capitalized (added to the base that bears interest)",
            source=None,
            **common,
        )
    split = f"to interest {amount(line.to_interest, currency)}, to principal {amount(line.to_principal, currency)}"
    if line.excess:
        split += f", unapplied (held as a credit) {amount(line.excess, currency)}"
    description = f"payment received, applied {split} ({line.rule})"
    if line.credited:
        description += f"; {line.credited}"
    source = f"{line.cited} ({line.source})" if line.cited else f"none stated (entered at {line.source})"
    return RowView(
        kind="payment",
        start="",
        end=line.on.isoformat(),
        days="",
        component="",
        base="",
        rate="",
        rate_ref="",
        day_count="",
        year_days="",
        rule_ref="",
        amount=f"({amount(line.amount, currency)})",
        description=description,
        source=source,
        **common,
    )


def _reviewed(table: str, matter: Matter) -> str | None:
    """When the table was last reviewed, if its file says so: the matter's own list, else the installed table."""
    own = next((s for s in matter.rates if s.id == table), None)
    if own is not None:
        return own.reviewed.isoformat() if own.reviewed else None
    try:
        series = rate_tables()[table]
    except (KeyError, ExequaturError):
        return None
    return series.reviewed.isoformat() if series.reviewed else None


def _rates(
    result: InstrumentStatement, refs: _Refs, matter: Matter
) -> tuple[tuple[RateView, ...], tuple[TableView, ...]]:
    # Rows read only by a conversion get a reference of their own, so that every row used is listed.
    for used in result.rate_rows():
        if not any(r is not None and (r.table, r.on) == (used.table, used.on) for r, _ in refs.rates.values()):
            refs.rate(used, None)
    rates: list[RateView] = []
    tables: dict[str, TableView] = {}
    for n, (row, applied) in enumerate(refs.rates.values(), start=1):
        rates.append(
            RateView(
                ref=f"r{n}",
                applied=applied,
                table=row.table if row else None,
                on=row.on.isoformat() if row else None,
                value=f"{row.value}" if row else None,
                place=str(row.row) if row else None,
                note=row.note if row else None,
            )
        )
        if row is not None and row.table not in tables:
            tables[row.table] = TableView(
                id=row.table, title=row.title, source=row.table_source, reviewed=_reviewed(row.table, matter)
            )
    return tuple(rates), tuple(tables.values())


def _instrument(number: int, result: InstrumentStatement | InstrumentFailure, matter: Matter) -> InstrumentView:
    given = matter.instrument(result.id) if matter.has_instrument(result.id) else None
    proceeding = _proceeding_for(matter, result.id)
    if isinstance(result, InstrumentFailure):
        return InstrumentView(
            number=number,
            id=result.id,
            failed=True,
            message=result.message,
            title=given.title if given else None,
        )
    cur = result.currency
    refs = _Refs(term.basis for term in result.regime)
    lines = sorted(result.lines, key=_line_day)  # stable: lines of one day keep the engine's order
    rows = tuple(_row(line, cur, refs) for line in lines)
    rates, tables = _rates(result, refs, matter)
    by_label = {c.label: c for c in given.components} if given else {}
    components = tuple(
        ComponentView(
            label=c.label,
            awarded=amount(c.awarded, cur),
            paid=amount(c.principal_paid + c.interest_paid, cur),
            principal=amount(c.principal, cur),
            interest=amount(c.interest, cur),
            owed=amount(c.principal + c.interest, cur),
            source=c.cited or (by_label[c.label].cited if c.label in by_label else None),
        )
        for c in result.components
    )
    rules = tuple(RuleView(ref=n, rule=k[0], citation=k[1], explanation=refs.told[k]) for k, n in refs.rules.items())
    per_diem = (
        None
        if result.per_diem is None
        else tuple(
            PerDiemView(
                component=p.component,
                base=amount(p.base, cur),
                rate=percent(p.rate),
                year_days=p.year_days,
                amount=per_diem_amount(p.amount),
            )
            for p in result.per_diem
        )
    )
    total_per_diem = result.per_diem_total
    forum = FORUMS.get(result.forum)
    return InstrumentView(
        number=number,
        id=result.id,
        failed=False,
        title=given.title if given else None,
        kind=result.kind,
        forum=f"{forum.name} ({result.forum})" if forum else result.forum,
        dated=f"{'made' if result.kind == 'award' else 'entered'} {long_date(result.date)}",
        currency=cur,
        sought=result.status == InstrumentStatus.SOUGHT.value,
        court=proceeding.court if proceeding else None,
        case_number=proceeding.case_number if proceeding else None,
        source=given.cited if given else None,
        rules=rules,
        components=components,
        rows=rows,
        totals=Totals(
            principal=amount(result.principal, cur),
            interest=amount(result.interest, cur),
            paid=amount(result.paid, cur),
            unapplied=amount(result.excess, cur) if result.excess else None,
            owed=amount(result.total, cur),
            capitalized=amount(result.capitalized, cur) if result.capitalized else None,
        ),
        per_diem=per_diem,
        per_diem_total=per_diem_amount(total_per_diem) if total_per_diem is not None else None,
        rates=rates,
        tables=tables,
        conversions=tuple(_conversion(c) for c in result.conversions),
        equivalent=_conversion(result.equivalent) if result.equivalent else None,
        notes=tuple(_note(n.kind, n.text) for n in result.notes),
    )


def _debt(debt: DebtPosition) -> DebtView:
    cur = debt.currency
    paid = f"{cur} {amount(debt.paid, cur)}"
    governing = next((s for s in debt.settlements if s.governs), None)
    if not debt.computable:
        explanation = f"The sum collectible on this debt cannot be stated; see the notes. Paid so far: {paid}."
    elif governing is not None:
        explanation = (
            f"Settlement {governing.id} ({governing.status}) governs: what is collectible is its unpaid sum, not "
            f"the instruments' totals. Paid so far: {paid}."
        )
    else:
        which = (
            f"the largest of the instruments that could be compared ({debt.largest}; left out: "
            f"{', '.join(debt.left_out)})"
            if debt.left_out
            else f"the largest of its instruments ({debt.largest})"
        )
        explanation = (
            f"The creditor may collect this debt once (single recovery): {which}. Collecting under one instrument "
            f"pays the others, and every payment is credited on each. Paid so far: {paid}."
        )
    return DebtView(
        id=debt.id,
        currency=cur,
        collectible=f"{cur} {amount(debt.collectible, cur)}" if debt.computable else None,
        explanation=explanation,
        totals=tuple((name, f"{cur} {amount(total, cur)}") for name, total in debt.totals),
        paid=paid,
        conversions=tuple(_conversion(c) for c in debt.conversions),
        notes=tuple(_note(n.kind, n.text) for n in debt.notes),
    )


def _summary(view: InstrumentView, result: InstrumentStatement | InstrumentFailure) -> SummaryRow:
    if isinstance(result, InstrumentFailure):
        return SummaryRow(
            id=result.id, description="could not be computed", currency=result.currency or "", owed=None, per_diem=None
        )
    return SummaryRow(
        id=result.id,
        description=f"{result.kind}, {view.forum}, {view.dated}" + (" (sought)" if view.sought else ""),
        currency=result.currency,
        owed=view.totals.owed if view.totals else None,
        per_diem=view.per_diem_total,
    )


def document(
    matter: Matter, statement: Statement, *, matter_file: Path, output: str, rate_files: Sequence[Path] = ()
) -> Document:
    """The view model of the statement; `output` is the format named in the command that reproduces it, and
    `rate_files` the --rates files it was computed with (named, with their sha256, beside the matter file)."""
    ids = [i.id for i in statement.instruments] + list(statement.not_yet)
    first = ids[0] if ids else (matter.instruments[0].id if matter.instruments else None)
    caption, paper = _caption(matter, first if first and matter.has_instrument(first) else None, len(ids) == 1)
    views = tuple(_instrument(n, r, matter) for n, r in enumerate(statement.instruments, start=1))
    debts = matter.debts()
    command = f"exequatur report {shlex.quote(str(matter_file))} --as-of {statement.as_of.isoformat()}"
    if len(ids) == 1 and len(matter.instruments) > 1:
        command += f" --instrument {shlex.quote(ids[0])}"
    command += "".join(f" --rates {shlex.quote(str(f))}" for f in rate_files)
    command += f" -o statement.{output}"
    return Document(
        caption=caption,
        as_of=long_date(statement.as_of),
        as_of_iso=statement.as_of.isoformat(),
        summary=tuple(_summary(v, r) for v, r in zip(views, statement.instruments, strict=True)),
        instruments=views,
        debts=tuple(_debt(d) for d in statement.debts if len(debts.get(d.id, ())) > 1),
        not_yet=statement.not_yet,
        version=exequatur_version(),
        sha256=file_sha256(matter_file),
        file_name=matter_file.name,
        command=command,
        paper=paper,
        rate_files=tuple((f.name, file_sha256(f)) for f in rate_files),
    )


def _css_string(text: str) -> str:
    """Text safe inside a CSS string literal (the page footer's content)."""
    return "".join(c if c.isalnum() or c in " .-_:/()" else f"\\{ord(c):x} " for c in text)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("exequatur.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = _css_string
    return env


def render(
    matter: Matter, statement: Statement, *, matter_file: Path, output: str, rate_files: Sequence[Path] = ()
) -> str:
    """The statement as one HTML page; `output` ("html" or "pdf") is named in the command that reproduces it."""
    doc = document(matter, statement, matter_file=matter_file, output=output, rate_files=rate_files)
    from exequatur.reports.wording import LINES_ROUNDED

    return _environment().get_template("statement.html.j2").render(doc=doc, lines_rounded=LINES_ROUNDED)


def statement_html(matter: Matter, statement: Statement, *, matter_file: Path, rate_files: Sequence[Path] = ()) -> str:
    """The statement of amount due as a self-contained HTML document (the same document as the PDF)."""
    return render(matter, statement, matter_file=matter_file, output="html", rate_files=rate_files)
