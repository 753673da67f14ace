"""The statement of amount due (HTML and PDF): the document carries the figures, the law, the sources and the
fingerprint of the matter file, on every page, and never lets user text through unescaped.

The New York figures are worked by hand from CPLR 5004 (9% simple, a day being 1/365 of a year), not read from
the program: see NY_FIGURES. The Rusoro test is about the document carrying the engine's figures, so there the
expected totals are the engine's own (its JSON), by design.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib.metadata import version
from pathlib import Path

import pytest
from pypdf import PdfReader

from exequatur.engine.results import NoteKind
from exequatur.interfaces.api import check, matter, owe
from exequatur.reports.document import NOTE_STYLES, statement_html
from exequatur.reports.export import statement_json
from exequatur.reports.pdf import write_statement_pdf

ROOT = Path(__file__).resolve().parents[2]
RUSORO = ROOT / "examples" / "rusoro-v-venezuela.yaml"

NY_MATTER = """\
matter: acme-v-roe
creditor: {name: Acme Lending LLC, country: US}
debtor: {name: John Roe, country: US}
instruments:
  - id: ny-judgment
    kind: judgment
    forum: US-NY
    date: 2019-06-03
    currency: USD
    amounts:
      - {label: damages, amount: "250000", source: "Judgment of 3 Jun 2019, Index No. 654321/2018"}
    source: "Judgment entered 3 Jun 2019 by the County Clerk"
payments:
  - {date: 2020-01-15, amount: "20000", currency: USD, instrument: ny-judgment, source: "wire received"}
  - {date: 2022-07-01, amount: "50000", currency: USD, instrument: ny-judgment, source: "cheque no. 1042"}
proceedings:
  - id: ny-action
    kind: enforcement
    forum: US-NY
    court: Supreme Court of the State of New York, County of New York
    case_number: Index No. 654321/2018
    result: ny-judgment
    source: "docket"
"""
AS_OF = date(2026, 12, 1)


def cents(x: Fraction) -> Decimal:
    """Half-up to the cent, from an exact fraction."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def shown(x: Decimal) -> str:
    return f"{x:,.2f}"


# Worked by hand (CPLR 5004: 9% a year, simple; interest first, then principal, at each payment):
#   2019-06-03 → 2020-01-15: 226 days; 250,000 × 9% × 226/365 = 13,931.51
#   payment 20,000: 13,931.51 to interest, 6,068.49 to principal; principal 243,931.51
#   2020-01-15 → 2022-07-01: 898 days; 243,931.51 × 9% × 898/365 = 54,012.45
#   payment 50,000: all to interest; 4,012.45 of that interest is left unpaid
#   2022-07-01 → 2026-12-01: 1,614 days; 243,931.51 × 9% × 1,614/365 = 97,078.06
#   owed: 243,931.51 + 4,012.45 + 97,078.06 = 345,022.02; per diem 243,931.51 × 9% ÷ 365 = 60.15
NINE = Fraction(9, 100)
FIRST = cents(250_000 * NINE * Fraction(226, 365))
PRINCIPAL = Decimal(250_000) - (Decimal(20_000) - FIRST)
SECOND = cents(Fraction(PRINCIPAL) * NINE * Fraction(898, 365))
LEFT_UNPAID = SECOND - Decimal(50_000)
THIRD = cents(Fraction(PRINCIPAL) * NINE * Fraction(1614, 365))
NY_FIGURES = {
    "first period": (FIRST, Decimal("13931.51")),
    "to principal": (Decimal(20_000) - FIRST, Decimal("6068.49")),
    "principal left": (PRINCIPAL, Decimal("243931.51")),
    "second period": (SECOND, Decimal("54012.45")),
    "interest left unpaid": (LEFT_UNPAID, Decimal("4012.45")),
    "third period": (THIRD, Decimal("97078.06")),
    "total": (PRINCIPAL + LEFT_UNPAID + THIRD, Decimal("345022.02")),
    "per diem": (cents(Fraction(PRINCIPAL) * NINE / 365), Decimal("60.15")),
}


def pdf_text(path: Path) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(path)
    return reader, [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def ny_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ny") / "acme-v-roe.yaml"
    path.write_text(NY_MATTER, encoding="utf-8")
    assert check(path) == []
    return path


@pytest.fixture(scope="module")
def ny_pdf(ny_file: Path) -> tuple[Path, PdfReader, list[str]]:
    out = ny_file.with_suffix(".pdf")
    written = write_statement_pdf(matter(ny_file), owe(ny_file, as_of=AS_OF), out, matter_file=ny_file)
    assert written == out
    reader, pages = pdf_text(out)
    return out, reader, pages


@pytest.fixture(scope="module")
def rusoro_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, list[str]]:
    out = tmp_path_factory.mktemp("rusoro") / "rusoro.pdf"
    statement = owe(RUSORO, as_of=date(2023, 8, 14))
    write_statement_pdf(matter(RUSORO), statement, out, matter_file=RUSORO)
    return pdf_text(out)


@pytest.mark.parametrize("name", list(NY_FIGURES))
def test_hand_figures_are_consistent(name: str) -> None:
    """The hand figures, recomputed here in exact fractions: guards the expected values against a typo."""
    computed, by_hand = NY_FIGURES[name]
    assert computed == by_hand


@pytest.mark.parametrize("name", list(NY_FIGURES))
def test_ny_pdf_shows_each_hand_figure(ny_pdf: tuple[Path, PdfReader, list[str]], name: str) -> None:
    _, _, pages = ny_pdf
    assert shown(NY_FIGURES[name][1]) in " ".join(pages)


def test_ny_pdf_shows_days_law_sources_and_caption(ny_pdf: tuple[Path, PdfReader, list[str]]) -> None:
    _, _, pages = ny_pdf
    text = " ".join(pages)
    for days in ("226", "898", "1614"):
        assert re.search(rf"\b{days}\b", text)
    assert "CPLR 5004" in text.replace(".", "")  # the citation, however the rule spells it (C.P.L.R. / CPLR)
    assert "wire received" in text
    assert "cheque no. 1042" in text
    assert "Judgment of 3 Jun 2019, Index No. 654321/2018" in text  # the awarded amount's source
    # The caption: court, case number, the parties, the title and the date.
    assert "SUPREME COURT OF THE STATE OF NEW YORK, COUNTY OF NEW YORK" in text.upper()
    assert "Index No. 654321/2018" in pages[0]
    assert "Acme Lending LLC" in pages[0]
    assert "John Roe" in pages[0]
    assert "against" in pages[0]
    assert "STATEMENT OF AMOUNT DUE" in pages[0].upper()
    assert "1 December 2026" in pages[0]


def test_every_page_has_the_footer(ny_pdf: tuple[Path, PdfReader, list[str]], ny_file: Path) -> None:
    _, reader, pages = ny_pdf
    digest = hashlib.sha256(ny_file.read_bytes()).hexdigest()
    assert "page 1 of" in pages[0]
    for n, text in enumerate(pages, start=1):
        assert f"page {n} of {len(reader.pages)}" in text
        assert digest in text
        assert f"exequatur {version('exequatur')}" in text


def test_ny_pdf_is_letter_with_a_landscape_schedule(ny_pdf: tuple[Path, PdfReader, list[str]]) -> None:
    """A New York court files on US Letter (8.5 × 11 in = 612 × 792 pt); the itemized table is printed across."""
    _, reader, pages = ny_pdf
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (612, 792)
    last = reader.pages[-1].mediabox
    assert (round(float(last.width)), round(float(last.height))) == (792, 612)
    assert "Balance after the line" in pages[-1]


def test_the_reproduction_line(ny_pdf: tuple[Path, PdfReader, list[str]], ny_file: Path) -> None:
    _, _, pages = ny_pdf
    text = " ".join(pages)
    assert f"Computed by exequatur {version('exequatur')} from acme-v-roe.yaml" in text
    assert "--as-of 2026-12-01 -o statement.pdf" in text


def test_pdf_is_written_whole(ny_pdf: tuple[Path, PdfReader, list[str]]) -> None:
    out, _, _ = ny_pdf
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_html_is_the_same_document_and_self_contained(ny_file: Path) -> None:
    html = statement_html(matter(ny_file), owe(ny_file, as_of=AS_OF), matter_file=ny_file)
    assert html.startswith("<!DOCTYPE html>")
    assert "345,022.02" in html
    assert "60.15" in html
    assert hashlib.sha256(ny_file.read_bytes()).hexdigest() in html
    assert "-o statement.html" in html
    # Nothing to fetch: no stylesheet links, scripts, images, fonts or imports.
    for fetched in ("<link", "<script", "<img", "url(", "@import", "http://", "https://"):
        assert fetched not in html


def test_rusoro_pdf_carries_each_instrument_total(rusoro_pdf: tuple[PdfReader, list[str]]) -> None:
    _, pages = rusoro_pdf
    text = " ".join(pages)
    data = statement_json(owe(RUSORO, as_of=date(2023, 8, 14)))
    assert len(data["instruments"]) == 5
    for item in data["instruments"]:
        assert f"{Decimal(item['total']):,.2f}" in text, item["id"]
    for debt in data["debts"]:
        assert f"{Decimal(debt['collectible']):,.2f}" in text


def test_rusoro_pdf_is_a4_and_repeats_the_table_header(rusoro_pdf: tuple[PdfReader, list[str]]) -> None:
    """An award seated in Paris, a set-aside in Paris: A4 (210 × 297 mm = 595 × 842 pt). Every page of the
    itemized schedules is landscape and starts with the table's header, repeated."""
    reader, pages = rusoro_pdf
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)
    landscape = [n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert len(landscape) > 5  # five schedules, the award's and the D.D.C. judgment's over several pages
    for n in landscape:
        assert "Balance after the line" in pages[n]


def test_rusoro_lists_every_rate_row_and_the_review_date() -> None:
    statement = owe(RUSORO, as_of=date(2023, 8, 14))
    html = statement_html(matter(RUSORO), statement, matter_file=RUSORO)
    rows = [row for item in statement.instruments if hasattr(item, "rate_rows") for row in item.rate_rows()]
    assert rows
    for row in rows:
        assert str(row.row) in html
    # The shipped weekly CMT table says in its header when it was last reviewed; the statement repeats it.
    csv = (ROOT / "src" / "exequatur" / "data" / "us_1y_cmt_weekly.csv").read_text(encoding="utf-8")
    reviewed = re.search(r"^# reviewed: (\S+)$", csv, re.MULTILINE)
    assert reviewed is not None
    assert f"Table reviewed {reviewed.group(1)}" in html


def test_user_text_is_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert('x')</script>"
    text = RUSORO.read_text(encoding="utf-8").replace(
        'source: "Award ¶ 899: compensation', f'source: "{hostile} Award ¶ 899: compensation', 1
    )
    assert hostile in text
    path = tmp_path / "rusoro.yaml"
    path.write_text(text, encoding="utf-8")
    html = statement_html(matter(path), owe(path, as_of=date(2023, 8, 14)), matter_file=path)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


FAILING = """\
matter: early-federal
creditor: {name: "A & B <Ltd>", country: US}
debtor: {name: C Corp, country: US}
instruments:
  - id: fed
    kind: judgment
    forum: US-FED
    date: 1995-01-03
    currency: USD
    amounts: [{label: damages, amount: "1000", source: "Judgment"}]
  - id: ny
    kind: judgment
    forum: US-NY
    date: 1995-01-03
    currency: USD
    debt: fed
    amounts: [{label: damages, amount: "1000", source: "Judgment"}]
"""


def test_a_failed_instrument_is_shown_as_such(tmp_path: Path) -> None:
    """A federal judgment before 2000-12-21 needs a rate table exequatur does not ship: the instrument fails,
    the statement says so in its place, and the debt's position shows it was left out."""
    path = tmp_path / "early.yaml"
    path.write_text(FAILING, encoding="utf-8")
    statement = owe(path, as_of=date(2020, 1, 1))
    failure = statement.instruments[0]
    assert not hasattr(failure, "lines")
    html = statement_html(matter(path), statement, matter_file=path)
    assert "Could not be computed" in html
    assert "before 2000-12-21" in html
    assert "A &amp; B &lt;Ltd&gt;" in html
    assert "Debt fed" in html
    assert "Left out:" in html


def test_every_note_kind_has_a_style() -> None:
    assert set(NOTE_STYLES) == set(NoteKind)


def test_a_file_name_cannot_break_out_of_the_page_footer(tmp_path: Path) -> None:
    """The footer's text sits in a CSS string inside <style>; the body shows the name HTML-escaped."""
    path = tmp_path / 'o"brien <b> & \\ {x}.yaml'
    path.write_text(NY_MATTER, encoding="utf-8")
    html = statement_html(matter(path), owe(path, as_of=AS_OF), matter_file=path)
    style = html[html.index("<style>") : html.index("</style>")]
    footer = re.search(r'@bottom-left \{\s*content: "([^"\\]*(?:\\.[^"\\]*)*)";', style)
    assert footer is not None
    assert footer.group(1).endswith(hashlib.sha256(path.read_bytes()).hexdigest())
    assert "<b>" not in style
    assert "o&#34;brien &lt;b&gt; &amp; \\ {x}.yaml" in html


def test_a_rate_with_no_table_row_is_explained_and_the_command_names_the_instrument() -> None:
    """After LIBOR ceased (30 Jun 2023) the award's 4% floor applies alone from the 2023-09-16 reset: no table
    row gives that rate, and the statement still says how it was found."""
    statement = owe(RUSORO, as_of=date(2024, 9, 17), instrument="award")
    html = statement_html(matter(RUSORO), statement, matter_file=RUSORO)
    assert "fallback to the floor alone, 4%" in html
    assert "rusoro-v-venezuela.yaml --as-of 2024-09-17 --instrument award -o statement.html" in html
