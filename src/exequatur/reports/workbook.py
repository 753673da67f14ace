"""The statement as an XLSX workbook an opponent can check: every interest figure is a live formula over its cells.

Sheets:

- **Summary**: the matter, the as-of date, each instrument's principal, interest, paid and total as formulas
  referring to its own sheet's totals, the exequatur version and the SHA-256 of the matter file.
- **one sheet per instrument**: a row per awarded component, then every line of the statement in date order.
  Inputs are values (dates, awarded amounts, payments, rates, year lengths, 30/360 day counts a payment cuts out
  of a period); everything else is a formula: days (=to−from, or the ISDA 2006 §4.16(f)/(g) formula over the date
  cells), the exact interest (=base×rate/100×days/year), the accrual since it was last rounded (an exact running
  sum that restarts at a payment from the unpaid interest left in cents and at a capitalization from zero), the
  interest in cents (=ROUND(accrued after)−ROUND(accrued before)), capitalizations (=ROUND(accrued), carried into
  the next line's base), payments applied interest first, then principal, component by component (the "United
  States rule"), the running balances, the totals and the per diem.
- **Rates**: every rate-table row the statements read (table, title, date, value, file:line, the table's source)
  and every conversion (amount, rate, converted, rows, citation).

The workbook asks to be recalculated on load (calcPr fullCalcOnLoad), so what a spreadsheet shows is what its own
formulas give; the engine's figures are the reference the tests hold it to.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from exequatur.engine.daycount import days as convention_days
from exequatur.engine.results import (
    AccrualLine,
    CapitalizationLine,
    Conversion,
    InstrumentFailure,
    InstrumentStatement,
    NoteKind,
    PaymentLine,
    Statement,
)
from exequatur.io.atomic import write_atomic
from exequatur.model.interest import DayCount
from exequatur.model.matter import Matter
from exequatur.model.money import minor_units
from exequatur.reports.provenance import exequatur_version, file_sha256
from exequatur.reports.wording import LINES_ROUNDED
from exequatur.rules.basis import RateRow

SUMMARY = "Summary"
RATES = "Rates"

# The columns of an instrument sheet's table, in order: (header, width).
_COLUMNS = (
    ("Line", 15),
    ("Component", 18),
    ("From / on", 11),
    ("To", 11),
    ("Days", 7),
    ("Base", 17),
    ("Rate %", 10),
    ("Year days", 6),
    ("Interest, exact", 17),
    ("Accrued before, exact", 17),
    ("Accrued after, exact", 17),
    ("Interest", 15),
    ("Capitalized", 15),
    ("Amount", 17),
    ("To interest", 15),
    ("To principal", 15),
    ("Unapplied", 12),
    ("Principal owed", 17),
    ("Interest owed", 17),
    ("Total owed", 17),
    ("Rule and citation", 45),
    ("Rate and its source", 45),
    ("Source", 45),
)
(
    KIND,
    COMPONENT,
    FROM,
    TO,
    DAYS,
    BASE,
    RATE,
    YEAR,
    EXACT,
    BEFORE,
    AFTER,
    CENTS,
    CAPITALIZED,
    AMOUNT,
    TO_INTEREST,
    TO_PRINCIPAL,
    UNAPPLIED,
    PRINCIPAL,
    INTEREST,
    TOTAL,
    RULE,
    RATE_SOURCE,
    SOURCE,
) = range(1, len(_COLUMNS) + 1)
#: Per component, five working columns follow the table: its principal, capitalized interest and exact accrual
#: since the last rounding after each row, and what a payment row gave to its interest and to its principal.
_PER_COMPONENT = ("principal", "capitalized", "accrued since rounding, exact", "paid to interest", "paid to principal")
FIRST_COMPONENT_COLUMN = len(_COLUMNS) + 1

#: The kinds of row, as written in the Line column.
AWARDED, ACCRUAL, CAPITALIZATION, PAYMENT = "awarded", "interest", "capitalization", "payment"

_FORBIDDEN_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# Control characters an XLSX file cannot hold.
_ILLEGAL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DATE = "yyyy-mm-dd"
_EXACT = "#,##0.000000"
_RATE = "0.0#####"
_BOLD = Font(bold=True)
AnyCell = Cell | MergedCell
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_INPUT_FONT = Font(color="1F4E9E")  # inputs in blue, formulas in black, as financial models mark them


@dataclass(frozen=True, slots=True)
class SheetTotals:
    """Where an instrument sheet keeps its figures on the as-of date, as references for other sheets."""

    sheet: str
    principal: str
    interest: str
    paid: str
    total: str
    per_diem: str | None


@dataclass(slots=True)
class _RatesIndex:
    """Cells of the Rates sheet other sheets refer to: each instrument's converted sums, by conversion."""

    converted: dict[tuple[str, int], str] = field(default_factory=dict)
    #: The amount cell of each instrument's forum-currency equivalent: its total, filled in once its sheet exists.
    equivalent: dict[str, str] = field(default_factory=dict)


def write_statement_xlsx(matter: Matter, statement: Statement, path: Path, *, matter_file: Path) -> Path:
    """Write the statement as a workbook of live formulas to `path`, atomically; return the path written."""
    workbook = statement_workbook(matter, statement, matter_file=matter_file)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_atomic(path, buffer.getvalue())


def statement_workbook(matter: Matter, statement: Statement, *, matter_file: Path) -> Workbook:
    """The workbook of `statement` (see the module's docstring for its sheets)."""
    workbook = Workbook()
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    summary = workbook.active
    assert summary is not None  # a new workbook has one sheet
    summary.title = SUMMARY
    computed = [i for i in statement.instruments if isinstance(i, InstrumentStatement)]
    names = sheet_names([i.id for i in computed])
    rates = workbook.create_sheet(RATES)
    index = _rates_sheet(rates, computed)
    totals = []
    for position, (result, name) in enumerate(zip(computed, names, strict=True), start=1):
        sheet = workbook.create_sheet(name, index=position)
        sheet_totals = _instrument_sheet(sheet, result, index)
        totals.append(sheet_totals)
        amount = index.equivalent.get(result.id)
        if amount is not None and result.equivalent is not None and result.equivalent.amount == result.total:
            rates[amount].value = f"={sheet_totals.total}"
            rates[amount].font = Font()
    _summary_sheet(summary, matter, statement, totals, matter_file)
    return workbook


def sheet_names(ids: Sequence[str]) -> list[str]:
    """A sheet name for each instrument id: at most 31 characters, none of []:*?/\\, no quote at either end,
    unique without regard to case and distinct from the Summary and Rates sheets."""
    taken = {SUMMARY.casefold(), RATES.casefold(), "history"}  # Excel reserves "History"
    out = []
    for raw in ids:
        base = _FORBIDDEN_IN_SHEET_NAME.sub("-", _ILLEGAL_TEXT.sub("", raw)).strip("'").strip() or "instrument"
        name, n = base[:31], 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(name.casefold())
        out.append(name)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Cells


def _cell(col: int, row: int, *, absolute: bool = False) -> str:
    letter = get_column_letter(col)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def _number(value: Decimal | int) -> Decimal | int:
    """A number as the file stores it: a Decimal in positional notation (never 1E+3)."""
    return Decimal(format(value, "f")) if isinstance(value, Decimal) else value


def _facts(sheet: Worksheet, row: int, facts: list[tuple[str, str | date]]) -> int:
    """Label and value pairs down columns A and B from `row` (dates as date inputs); the row after them."""
    for label, value in facts:
        _text(sheet, row, 1, label).font = _BOLD
        if isinstance(value, date):
            _input(sheet, row, 2, value, _DATE)
        else:
            _text(sheet, row, 2, value)
        row += 1
    return row


def _text(sheet: Worksheet, row: int, col: int, value: str | None) -> AnyCell:
    """A text cell that stays text: a matter's words beginning with "=" are never taken for a formula."""
    cell = sheet.cell(row=row, column=col)
    if value:
        cell.value = _ILLEGAL_TEXT.sub("", value)
        cell.data_type = "s"
    return cell


def _formula(sheet: Worksheet, row: int, col: int, formula: str, number_format: str | None = None) -> AnyCell:
    cell = sheet.cell(row=row, column=col, value=f"={formula}")
    if number_format:
        cell.number_format = number_format
    return cell


def _input(sheet: Worksheet, row: int, col: int, value: Decimal | int | date, number_format: str) -> AnyCell:
    cell = sheet.cell(row=row, column=col, value=value if isinstance(value, date) else _number(value))
    cell.number_format = number_format
    cell.font = _INPUT_FONT
    return cell


def _money_format(currency: str) -> str:
    places = minor_units(currency)
    return "#,##0" if places == 0 else "#,##0." + "0" * places


def _header(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = _text(sheet, row, col, title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------------------------------------------------------
# An instrument's sheet


@dataclass(slots=True)
class _Layout:
    sheet: Worksheet
    result: InstrumentStatement
    places: int
    money: str
    slots: dict[str, int]

    def state(self, slot: int, which: int, row: int) -> str:
        """The cell of a component's working column `which` (an index into _PER_COMPONENT) on `row`."""
        return _cell(FIRST_COMPONENT_COLUMN + len(_PER_COMPONENT) * slot + which, row)

    def principal(self, slot: int, row: int) -> str:
        return self.state(slot, 0, row)

    def capitalized(self, slot: int, row: int) -> str:
        return self.state(slot, 1, row)

    def accrued(self, slot: int, row: int) -> str:
        return self.state(slot, 2, row)

    def paid_interest(self, slot: int, row: int) -> str:
        return self.state(slot, 3, row)

    def paid_principal(self, slot: int, row: int) -> str:
        return self.state(slot, 4, row)

    def round(self, ref: str) -> str:
        return f"ROUND({ref},{self.places})"

    def set(self, row: int, ref_col: int, formula: str, number_format: str) -> None:
        _formula(self.sheet, row, ref_col, formula, number_format)

    def set_state(self, slot: int, which: int, row: int, formula: str | int) -> None:
        col = FIRST_COMPONENT_COLUMN + len(_PER_COMPONENT) * slot + which
        number_format = _EXACT if which == 2 else self.money
        if isinstance(formula, int):
            _input(self.sheet, row, col, formula, number_format)
        else:
            _formula(self.sheet, row, col, formula, number_format)

    def carry(self, slot: int, row: int) -> None:
        """The component's state after `row` is its state before it."""
        for which in range(3):
            self.set_state(slot, which, row, self.state(slot, which, row - 1))

    def balances(self, row: int, opened: int) -> None:
        """Principal, interest and total owed after `row`, over the components opened so far."""
        slots = range(opened)
        principal = "+".join(self.principal(s, row) for s in slots)
        interest = "+".join(f"{self.capitalized(s, row)}+{self.round(self.accrued(s, row))}" for s in slots)
        self.set(row, PRINCIPAL, principal, self.money)
        self.set(row, INTEREST, interest, self.money)
        self.set(row, TOTAL, f"{_cell(PRINCIPAL, row)}+{_cell(INTEREST, row)}", self.money)


def _instrument_sheet(sheet: Worksheet, result: InstrumentStatement, rates: _RatesIndex) -> SheetTotals:
    money = _money_format(result.currency)
    layout = _Layout(
        sheet=sheet,
        result=result,
        places=minor_units(result.currency),
        money=money,
        slots={c.label: slot for slot, c in enumerate(result.components)},
    )
    row = _instrument_heading(sheet, result)
    header_row = row
    titles = [title for title, _ in _COLUMNS]
    titles += [f"{c.label}: {what}" for c in result.components for what in _PER_COMPONENT]
    _header(sheet, header_row, titles)
    for col, (_, width) in enumerate(_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    for col in range(FIRST_COMPONENT_COLUMN, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 17
    sheet.freeze_panes = _cell(COMPONENT + 1, header_row + 1)

    row = header_row
    linked = _linked_conversions(result, rates)
    for slot, component in enumerate(result.components):
        row += 1
        _text(sheet, row, KIND, AWARDED)
        _text(sheet, row, COMPONENT, component.label)
        _input(sheet, row, FROM, result.date, _DATE)
        if slot in linked:
            layout.set(row, AMOUNT, linked[slot], money)
        else:
            _input(sheet, row, AMOUNT, component.awarded, money)
        _text(sheet, row, SOURCE, component.cited)
        for earlier in range(slot):
            layout.carry(earlier, row)
        layout.set_state(slot, 0, row, _cell(AMOUNT, row))
        layout.set_state(slot, 1, row, 0)
        layout.set_state(slot, 2, row, 0)
        layout.balances(row, slot + 1)
    first_line = row + 1
    opened = len(result.components)
    for line in result.lines:
        row += 1
        if isinstance(line, AccrualLine):
            _accrual_row(layout, row, line)
        elif isinstance(line, CapitalizationLine):
            _capitalization_row(layout, row, line)
        else:
            _payment_row(layout, row, line)
        if opened:
            layout.balances(row, opened)
    last = row
    return _totals(layout, header_row, first_line, last)


def _instrument_heading(sheet: Worksheet, result: InstrumentStatement) -> int:
    """The instrument's particulars, its interest terms and notes above the table; returns the header row."""
    _text(sheet, 1, 1, f"{result.id}: {result.kind} ({result.forum}) of {result.date}, {result.currency}").font = Font(
        bold=True, size=13
    )
    facts: list[tuple[str, str | date]] = [
        ("Date", result.date),
        ("As of", result.as_of),
        ("Status", result.status + (" (projected as if entered then)" if result.status == "sought" else "")),
        ("Currency", result.currency),
    ]
    row = _facts(sheet, 2, facts)
    said: set[str] = set()  # what every term of a regime repeats, written once (Basis.shared)
    for term in result.regime:
        _text(sheet, row, 1, "Interest term").font = _BOLD
        _text(sheet, row, 2, f"{term.basis.rule} — {term.basis.citation}. {term.basis.told(said)}")
        row += 1
    for note in result.notes:
        _text(sheet, row, 1, "Note").font = _BOLD
        _text(sheet, row, 2, note.text)
        row += 1
    _text(sheet, row, 1, "How to read").font = _BOLD
    _text(
        sheet,
        row,
        2,
        "Blue figures are inputs (dates, awarded sums, payments, rates, year lengths); every other figure is a "
        "formula over the cells of this sheet. Interest is base × rate ÷ 100 × days ÷ year days, exact; it is "
        f"rounded to the cent only where it is capitalized, paid or shown. {LINES_ROUNDED}",
    )
    return row + 2


def _accrual_row(layout: _Layout, row: int, line: AccrualLine) -> None:
    sheet = layout.sheet
    slot = layout.slots[line.component]
    _text(sheet, row, KIND, ACCRUAL)
    _text(sheet, row, COMPONENT, line.component)
    _input(sheet, row, FROM, line.start, _DATE)
    _input(sheet, row, TO, line.end, _DATE)
    _days(sheet, row, line)
    layout.set(row, BASE, f"{layout.principal(slot, row - 1)}+{layout.capitalized(slot, row - 1)}", layout.money)
    _input(sheet, row, RATE, line.rate, _RATE)
    _input(sheet, row, YEAR, line.year_days, "0")
    base, rate, days, year = (_cell(c, row) for c in (BASE, RATE, DAYS, YEAR))
    layout.set(row, EXACT, f"{base}*{rate}/100*{days}/{year}", _EXACT)
    layout.set(row, BEFORE, layout.accrued(slot, row - 1), _EXACT)
    layout.set(row, AFTER, f"{_cell(BEFORE, row)}+{_cell(EXACT, row)}", _EXACT)
    layout.set(row, CENTS, f"{layout.round(_cell(AFTER, row))}-{layout.round(_cell(BEFORE, row))}", layout.money)
    _text(sheet, row, RULE, f"{line.basis.rule} — {line.basis.citation}")
    _text(sheet, row, RATE_SOURCE, _rate_source(line))
    for other in layout.slots.values():
        if other != slot:
            layout.carry(other, row)
    layout.set_state(slot, 0, row, layout.principal(slot, row - 1))
    layout.set_state(slot, 1, row, layout.capitalized(slot, row - 1))
    layout.set_state(slot, 2, row, _cell(AFTER, row))


def _days(sheet: Worksheet, row: int, line: AccrualLine) -> None:
    """Days as a formula over the date cells; a 30/360 count that a payment cut out of its period is an input."""
    start, end = _cell(FROM, row), _cell(TO, row)
    if line.day_count is DayCount.THIRTY_360:
        d1 = f"MIN(DAY({start}),30)"
        d2 = f"IF(AND(DAY({end})=31,{d1}=30),30,DAY({end}))"
        formula = f"360*(YEAR({end})-YEAR({start}))+30*(MONTH({end})-MONTH({start}))+{d2}-{d1}"
        how = "ISDA 2006 §4.16(f) Bond Basis"
    elif line.day_count is DayCount.THIRTY_E_360:
        formula = (
            f"360*(YEAR({end})-YEAR({start}))+30*(MONTH({end})-MONTH({start}))+MIN(DAY({end}),30)-MIN(DAY({start}),30)"
        )
        how = "ISDA 2006 §4.16(g) Eurobond Basis"
    else:
        _formula(sheet, row, DAYS, f"{end}-{start}", "0")
        return
    if convention_days(line.day_count, line.start, line.end) == line.days:
        _formula(sheet, row, DAYS, formula, "0")
        return
    cell = _input(sheet, row, DAYS, line.days, "0")
    cell.comment = Comment(
        f"{how}, counted within the period: the period's days from its own start to this line's end, less those "
        f"to this line's start (a payment cut the period here); so not the count of {line.start} to {line.end} "
        "on their own dates.",
        "exequatur",
    )


def _rate_source(line: AccrualLine) -> str:
    parts = [line.rate_note or f"{line.rate}%"]
    if line.rate_row is not None:
        parts.append(f"rate row {_row_text(line.rate_row)}")
    parts.append(f"{line.day_count.value}")
    return "; ".join(parts)


def _row_text(row: RateRow, unit: str = "%") -> str:
    return f"{row.table} {row.on}: {row.value}{unit} ({row.row})"


def _capitalization_row(layout: _Layout, row: int, line: CapitalizationLine) -> None:
    sheet = layout.sheet
    slot = layout.slots[line.component]
    _text(sheet, row, KIND, CAPITALIZATION)
    _text(sheet, row, COMPONENT, line.component)
    _input(sheet, row, FROM, line.on, _DATE)
    layout.set(row, BEFORE, layout.accrued(slot, row - 1), _EXACT)
    layout.set(row, CAPITALIZED, layout.round(_cell(BEFORE, row)), layout.money)
    _text(sheet, row, RULE, f"{line.basis.rule} — {line.basis.citation}")
    for other in layout.slots.values():
        if other != slot:
            layout.carry(other, row)
    layout.set_state(slot, 0, row, layout.principal(slot, row - 1))
    layout.set_state(slot, 1, row, f"{layout.capitalized(slot, row - 1)}+{_cell(CAPITALIZED, row)}")
    layout.set_state(slot, 2, row, 0)


def _payment_row(layout: _Layout, row: int, line: PaymentLine) -> None:
    """A payment applied to the interest of each component in turn (rounded to the cent on the day, then its
    capitalized interest), then to the principal of each in turn; what is left over is unapplied."""
    sheet = layout.sheet
    _text(sheet, row, KIND, PAYMENT)
    _input(sheet, row, FROM, line.on, _DATE)
    _input(sheet, row, AMOUNT, line.amount, layout.money)
    amount = _cell(AMOUNT, row)
    _text(sheet, row, RULE, line.rule)
    source = ", ".join(p for p in (line.cited, line.credited, f"at {line.source}") if p)
    _text(sheet, row, SOURCE, source)
    slots = range(len(layout.slots))
    for slot in slots:
        before = [layout.paid_interest(s, row) for s in range(slot)]
        left = f"({amount}{''.join('-' + b for b in before)})"
        rounded = layout.round(layout.accrued(slot, row - 1))
        capitalized = layout.capitalized(slot, row - 1)
        paid = layout.paid_interest(slot, row)
        layout.set_state(slot, 3, row, f"MIN({left},{rounded}+{capitalized})")
        # A component the payment reached starts accruing again from the interest left unpaid, in cents.
        layout.set_state(slot, 2, row, f"IF({left}>0,MAX({rounded}-{paid},0),{layout.accrued(slot, row - 1)})")
        layout.set_state(slot, 1, row, f"{capitalized}-MAX({paid}-{rounded},0)")
    to_interest = _cell(TO_INTEREST, row)
    layout.set(row, TO_INTEREST, "+".join(layout.paid_interest(s, row) for s in slots) or "0", layout.money)
    for slot in slots:
        before = [layout.paid_principal(s, row) for s in range(slot)]
        left = f"({amount}-{to_interest}{''.join('-' + b for b in before)})"
        principal = layout.principal(slot, row - 1)
        layout.set_state(slot, 4, row, f"MIN({left},{principal})")
        layout.set_state(slot, 0, row, f"{principal}-{layout.paid_principal(slot, row)}")
    layout.set(row, TO_PRINCIPAL, "+".join(layout.paid_principal(s, row) for s in slots) or "0", layout.money)
    layout.set(row, UNAPPLIED, f"{amount}-{to_interest}-{_cell(TO_PRINCIPAL, row)}", layout.money)


def _totals(layout: _Layout, header_row: int, first: int, last: int) -> SheetTotals:
    sheet, money = layout.sheet, layout.money
    row = last + 1
    _text(sheet, row, KIND, "totals").font = _BOLD

    def column(col: int) -> str:
        return f"{_cell(col, first)}:{_cell(col, max(first, last))}"

    for col in (CENTS, CAPITALIZED, TO_INTEREST, TO_PRINCIPAL, UNAPPLIED):
        layout.set(row, col, f"SUM({column(col)})", money)
    kinds = f"{_cell(KIND, first)}:{_cell(KIND, max(first, last))}"
    layout.set(row, AMOUNT, f'SUMIF({kinds},"{PAYMENT}",{column(AMOUNT)})', money)
    for col in (PRINCIPAL, INTEREST, TOTAL):
        layout.set(row, col, _cell(col, last), money)
    for col in range(1, FIRST_COMPONENT_COLUMN):
        sheet.cell(row=row, column=col).font = _BOLD

    row += 2
    name = quote_sheetname(sheet.title)
    result = layout.result
    _text(sheet, row, 1, f"Owed on {result.as_of}").font = Font(bold=True, size=12)
    figures = (
        ("Principal", _cell(PRINCIPAL, last)),
        ("Interest", _cell(INTEREST, last)),
        ("Paid", _cell(AMOUNT, last + 1)),
        ("Unapplied (credit)", _cell(UNAPPLIED, last + 1)),
        ("Total", _cell(TOTAL, last)),
    )
    cells: dict[str, str] = {}
    for label, ref in figures:
        row += 1
        _text(sheet, row, 1, label).font = _BOLD
        layout.set(row, 2, ref, money)
        cells[label] = f"{name}!{_cell(2, row, absolute=True)}"
    per_diem = _per_diem(layout, row + 2, last)
    return SheetTotals(
        sheet=sheet.title,
        principal=cells["Principal"],
        interest=cells["Interest"],
        paid=cells["Paid"],
        total=cells["Total"],
        per_diem=None if per_diem is None else f"{name}!{per_diem}",
    )


def _per_diem(layout: _Layout, row: int, last: int) -> str | None:
    """The per diem after the as-of date, by component (=base × rate ÷ 100 ÷ year days) and in all, rounded."""
    sheet, result = layout.sheet, layout.result
    _text(sheet, row, 1, f"Per diem after {result.as_of}").font = Font(bold=True, size=12)
    if result.per_diem is None:
        note = next((n.text for n in result.notes if n.kind is NoteKind.NO_PER_DIEM), "the next day's rate is unknown")
        _text(sheet, row + 1, 1, note)
        return None
    row += 1
    _header(sheet, row, ("Component", "Base", "Rate %", "Year days", "Per diem, exact", "Per diem"))
    first = row + 1
    for entry in result.per_diem:
        row += 1
        slot = layout.slots[entry.component]
        _text(sheet, row, 1, entry.component)
        layout.set(row, 2, f"{layout.principal(slot, last)}+{layout.capitalized(slot, last)}", layout.money)
        _input(sheet, row, 3, entry.rate, _RATE)
        _input(sheet, row, 4, entry.year_days, "0")
        layout.set(row, 5, f"{_cell(2, row)}*{_cell(3, row)}/100/{_cell(4, row)}", _EXACT)
        layout.set(row, 6, layout.round(_cell(5, row)), layout.money)
    row += 1
    _text(sheet, row, 1, "per diem of the instrument").font = _BOLD
    exact = f"SUM({_cell(5, first)}:{_cell(5, row - 1)})" if row > first else "0"
    layout.set(row, 5, exact, _EXACT)
    layout.set(row, 6, layout.round(_cell(5, row)), layout.money)
    return _cell(6, row, absolute=True)


# ---------------------------------------------------------------------------------------------------------------
# Rates


def _rates_sheet(sheet: Worksheet, results: Sequence[InstrumentStatement]) -> _RatesIndex:
    index = _RatesIndex()
    _text(sheet, 1, 1, "Rate-table rows read").font = Font(bold=True, size=13)
    _header(sheet, 2, ("Instrument", "Table", "Title", "Date", "Value %", "Row (file:line)", "Table source", "Note"))
    row = 2
    for result in results:
        for rate_row in result.rate_rows():
            row += 1
            _text(sheet, row, 1, result.id)
            _text(sheet, row, 2, rate_row.table)
            _text(sheet, row, 3, rate_row.title)
            _input(sheet, row, 4, rate_row.on, _DATE)
            _input(sheet, row, 5, rate_row.value, "0.0#####")
            _text(sheet, row, 6, str(rate_row.row))
            _text(sheet, row, 7, rate_row.table_source)
            _text(sheet, row, 8, rate_row.note)
    row += 2
    _text(sheet, row, 1, "Conversions").font = Font(bold=True, size=13)
    row += 1
    _header(
        sheet,
        row,
        (
            "Instrument",
            "Date",
            "From",
            "Amount",
            "To",
            "Rate",
            "Converted",
            "Rows",
            "Converted as",
            "Citation",
            "Row value 1",
            "Row value 2",
        ),
    )
    for result in results:
        for n, conversion in enumerate((*result.conversions, *((result.equivalent,) if result.equivalent else ()))):
            row += 1
            _conversion_row(sheet, row, result, conversion)
            if n < len(result.conversions):
                index.converted[(result.id, n)] = f"{quote_sheetname(sheet.title)}!{_cell(7, row, absolute=True)}"
            else:
                index.equivalent[result.id] = _cell(4, row)
    for col, width in enumerate((18, 18, 30, 12, 16, 22, 40, 40, 30, 50, 14, 14), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    return index


def _conversion_row(sheet: Worksheet, row: int, result: InstrumentStatement, conversion: Conversion) -> None:
    """amount × rate, rounded to the target's minor unit; the rate a formula over the rows' values it came from."""
    _text(sheet, row, 1, result.id)
    _input(sheet, row, 2, conversion.on, _DATE)
    _text(sheet, row, 3, conversion.source_currency)
    _input(sheet, row, 4, conversion.amount, _money_format(conversion.source_currency))
    _text(sheet, row, 5, conversion.target_currency)
    _text(sheet, row, 8, "; ".join(_row_text(r, unit="") for r in conversion.rows))
    _text(sheet, row, 10, conversion.citation)
    # The rows' values, one after the other from column 11 (K); the rate multiplies or divides by each.
    values = []
    for k, rate_row in enumerate(conversion.rows):
        _input(sheet, row, 11 + k, rate_row.value, "0.0#########")
        values.append(_cell(11 + k, row))
    places = minor_units(conversion.target_currency)
    signs = tuple(1 if m else -1 for m in conversion.multiplies) if conversion.rows else ()
    steps = " ".join(("× " if sign > 0 else "÷ ") + v for sign, v in zip(signs, values, strict=True))
    _text(sheet, row, 9, f"amount {steps}, rounded" if steps else "the same sum (same currency)")
    rate = "*".join(("" if sign > 0 else "1/") + value for sign, value in zip(signs, values, strict=True)) or "1"
    _formula(sheet, row, 6, rate, "0.0#########")
    # amount × quote ÷ base, multiplied before it is divided (the engine's order).
    numerator = "*".join([_cell(4, row), *(v for s, v in zip(signs, values, strict=True) if s > 0)])
    denominators = [v for s, v in zip(signs, values, strict=True) if s < 0]
    expression = numerator + ("/(" + "*".join(denominators) + ")" if denominators else "")
    _formula(sheet, row, 7, f"ROUND({expression},{places})", _money_format(conversion.target_currency))


def _linked_conversions(result: InstrumentStatement, rates: _RatesIndex) -> dict[int, str]:
    """Components whose awarded sum is a conversion of the Rates sheet (a judgment that converted the sums it
    carried, in their order): the sheet refers to the converted cell instead of repeating the figure."""
    conversions = result.conversions
    if len(conversions) < len(result.components):
        return {}
    out = {}
    for slot, component in enumerate(result.components):
        ref = rates.converted.get((result.id, slot))
        if ref is None or conversions[slot].converted != component.awarded:
            return {}
        if conversions[slot].target_currency != result.currency:
            return {}
        out[slot] = ref
    return out


# ---------------------------------------------------------------------------------------------------------------
# Summary


def _summary_sheet(
    sheet: Worksheet, matter: Matter, statement: Statement, totals: Sequence[SheetTotals], matter_file: Path
) -> None:
    _text(sheet, 1, 1, matter.title or matter.id).font = Font(bold=True, size=14)
    digest = file_sha256(matter_file)
    facts: list[tuple[str, str | date]] = [
        ("Matter", matter.id),
        ("Creditor", matter.creditor.name),
        ("Debtor", matter.debtor.name),
        ("As of", statement.as_of),
        ("Matter file", matter_file.name),
        ("Matter file SHA-256", digest),
        ("exequatur version", exequatur_version()),
    ]
    row = _facts(sheet, 2, facts)
    row += 1
    _header(
        sheet,
        row,
        ("Instrument", "Kind", "Forum", "Status", "Currency", "Principal", "Interest", "Paid", "Total", "Per diem"),
    )
    by_sheet = iter(totals)
    for result in statement.instruments:
        row += 1
        _text(sheet, row, 1, result.id)
        if isinstance(result, InstrumentFailure):
            _text(sheet, row, 2, f"not computed: {result.message}")
            continue
        sheet_totals = next(by_sheet)
        money = _money_format(result.currency)
        _text(sheet, row, 2, result.kind)
        _text(sheet, row, 3, result.forum)
        _text(sheet, row, 4, result.status)
        _text(sheet, row, 5, result.currency)
        for col, ref in enumerate(
            (sheet_totals.principal, sheet_totals.interest, sheet_totals.paid, sheet_totals.total), start=6
        ):
            _formula(sheet, row, col, ref, money)
        if sheet_totals.per_diem is not None:
            _formula(sheet, row, 10, sheet_totals.per_diem, money)
    for instrument in statement.not_yet:
        row += 1
        _text(sheet, row, 1, instrument)
        _text(sheet, row, 2, f"dated after {statement.as_of}: nothing is owed on it yet")
    row += 2
    _text(sheet, row, 1, "How to check").font = _BOLD
    _text(
        sheet,
        row,
        2,
        "Each instrument's sheet computes its figures with formulas over its own inputs (in blue); the Rates "
        "sheet lists every rate-table row read, with its file and line. The workbook recalculates when opened.",
    )
    for col, width in enumerate((24, 40, 12, 12, 10, 18, 18, 18, 18, 14), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
