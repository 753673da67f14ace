"""The XLSX statement, recalculated by an independent evaluator: LibreOffice headless.

The workbook holds formulas, not figures. LibreOffice opens each file (it recalculates on load: the files carry
no cached values and ask for a full calculation), saves a copy with the values it computed, and openpyxl reads
those values back. They must give the engine's cents on every line, and the hand figures below on the totals:
what is checked is the spreadsheet's own arithmetic over its inputs, not a copy of the engine's output.

Without `soffice` on PATH these tests are skipped, except in CI (CI set), where they fail.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from exequatur.engine.results import (
    AccrualLine,
    CapitalizationLine,
    InstrumentStatement,
    PaymentLine,
    Statement,
)
from exequatur.interfaces.api import matter, owe
from exequatur.reports.workbook import sheet_names, write_statement_xlsx
from tests.conftest import ROOT
from tests.engine import fraction_oracle as fo

CENT = Decimal("0.01")

NY = """\
matter: ny-example
title: Creditor v. Debtor (N.Y. Sup. Ct.)
creditor: {name: Creditor Ltd.}
debtor: {name: Debtor Inc.}
instruments:
  - id: ny-judgment
    kind: judgment
    forum: US-NY
    date: 2019-06-03
    currency: USD
    amounts: [{label: judgment, amount: "250000", source: "=HYPERLINK(\\"http://x\\") judgment of 3 Jun 2019"}]
payments:
  - {date: 2020-01-15, amount: "20000", currency: USD, instrument: ny-judgment, source: "wire of 15 Jan 2020"}
  - {date: 2022-07-01, amount: "50000", currency: USD, instrument: ny-judgment, source: "wire of 1 Jul 2022"}
"""

COMPOUNDING = """\
matter: compounding-example
creditor: {name: Claimant S.A.}
debtor: {name: Respondent}
instruments:
  - id: award
    kind: award
    forum: ICC
    date: 2023-07-01
    currency: USD
    amounts: [{label: damages, amount: "1000000"}]
    interest:
      - {from: 2023-07-01, rate: "6%", compounding: annual, day_count: act/act}
payments:
  - {date: 2025-03-15, amount: "100000", currency: USD, instrument: award}
"""

THIRTY = """\
matter: thirty-360
creditor: {name: C}
debtor: {name: D}
instruments:
  - id: monthly
    kind: award
    forum: ICC
    date: 2023-01-31
    currency: USD
    amounts: [{label: damages, amount: "100000"}]
    interest:
      - {from: 2023-01-31, rate: "12%", compounding: monthly, day_count: 30/360}
  - id: annual
    kind: award
    forum: ICC
    date: 2023-01-15
    currency: USD
    amounts: [{label: damages, amount: "100000"}]
    interest:
      - {from: 2023-01-15, rate: "10%", compounding: annual, day_count: 30/360}
payments:
  - {date: 2023-02-15, amount: "500", currency: USD, instrument: monthly}
  - {date: 2023-03-31, amount: "1000", currency: USD, instrument: annual}
"""

# Two components accruing under different terms, payments that stop inside the first component's interest, reach
# the second's principal and overpay; and a New York judgment in USD carrying the EUR award (CPLR: converted at
# entry, Judiciary Law §27(b)), which credits the payments made against the debt after its date, converted.
COMPONENTS = """\
matter: components
creditor: {name: C}
debtor: {name: D}
instruments:
  - id: award
    kind: award
    forum: ICC
    date: 2020-03-01
    currency: EUR
    amounts:
      - {label: damages, amount: "500000"}
      - {label: costs, amount: "40000"}
    interest:
      - {from: 2020-03-01, on: [damages], rate: "5.25%", compounding: quarterly, day_count: 30E/360}
      - {from: 2021-01-15, on: [costs], rate: "3.5%", day_count: act/360}
  - id: new-york
    kind: judgment
    forum: US-NY
    date: 2022-06-01
    currency: USD
    based_on: award
    amounts: carried
payments:
  - {date: 2021-06-24, amount: "1000", currency: EUR, instrument: award}
  - {date: 2022-12-30, amount: "100000", currency: EUR, debt: award}
  - {date: 2024-05-02, amount: "600000", currency: EUR, debt: award}
"""


RANDOM_AS_OF = date(2026, 6, 30)


@dataclass(frozen=True)
class RandomCase:
    id: str
    forum: str
    on: date
    amount: Fraction
    payments: tuple[tuple[date, Fraction], ...]
    rate: str | None = None
    compounding: str = "none"
    day_count: str = "act/365"

    @property
    def currency(self) -> str:
        return "GBP" if self.forum == "GB-EW" else "USD"

    def terms(self) -> fo.Terms:
        if self.rate is not None:
            return fo.award(self.on, Fraction(self.rate), self.compounding, self.day_count)
        return {"US-NY": fo.us_ny, "US-FED": fo.us_fed, "GB-EW": fo.gb_ew}[self.forum](self.on)


def random_cases(seed: int = 20261202, n: int = 14) -> list[RandomCase]:
    """Awards on their own terms (every compounding and day count) and judgments (US-NY, US-FED, GB-EW) entered
    2017-2026, with up to four payments each; all as of RANDOM_AS_OF, so they share one matter file."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        forum = ("award", "US-NY", "award", "US-FED", "award", "GB-EW")[k % 6]
        on = RANDOM_AS_OF - timedelta(days=rng.randrange(30, 365 * 9))
        if rng.random() < 0.3:  # a month's end, where the 30/360 rules bite
            on = date(on.year, on.month, 1) - timedelta(days=1)
        amount = Fraction(rng.randrange(100_000, 10**11), 100)
        span = (RANDOM_AS_OF - on).days
        days = sorted({on + timedelta(days=rng.randrange(1, span + 1)) for _ in range(rng.randrange(5))})
        pays = tuple((day, Fraction(rng.randrange(1, int(amount * 100) // 2), 100)) for day in days)
        if forum != "award":
            out.append(RandomCase(f"r{k:02d}", forum, on, amount, pays))
            continue
        out.append(
            RandomCase(
                f"r{k:02d}",
                "ICC",
                on,
                amount,
                pays,
                rate=f"{rng.randrange(1, 15000) / 1000:.3f}",
                compounding=rng.choice(["none", "annual", "semiannual", "quarterly", "monthly"]),
                day_count=("act/365", "act/360", "act/act", "30/360", "30E/360")[k // 2 % 5],
            )
        )
    return out


def random_matter(cases: list[RandomCase]) -> str:
    text = "matter: random\ncreditor: {name: C}\ndebtor: {name: D}\ninstruments:\n"
    for case in cases:
        kind = "award" if case.rate else "judgment"
        text += (
            f"  - id: {case.id}\n    kind: {kind}\n    forum: {case.forum}\n    date: {case.on}\n"
            f'    currency: {case.currency}\n    amounts: [{{label: sum, amount: "{fo.cents(case.amount)}"}}]\n'
        )
        if case.rate:
            text += (
                f'    interest:\n      - {{from: {case.on}, rate: "{case.rate}%", compounding: {case.compounding}, '
                f"day_count: {case.day_count}}}\n"
            )
    pays = [
        f'  - {{date: {d}, amount: "{fo.cents(a)}", currency: {case.currency}, instrument: {case.id}}}\n'
        for case in cases
        for d, a in case.payments
    ]
    return text + ("payments:\n" + "".join(pays) if pays else "")


HALVES_AS_OF = date(2021, 6, 30)


def half_cent_cases(seed: int = 7, n: int = 12) -> list[tuple[str, Fraction, fo.Terms]]:
    """Awards whose first capitalization is an exact half cent (built as in tests/engine/test_exact_fractions.py):
    the spreadsheet's ROUND, in binary floating point, must still round it up, as the law rounds (half-up)."""
    rng = random.Random(seed)
    out: list[tuple[str, Fraction, fo.Terms]] = []
    while len(out) < n:
        day_count = rng.choice(["act/365", "act/360", "act/act", "30/360", "30E/360"])
        compounding = rng.choice(["annual", "semiannual", "quarterly", "monthly"])
        start = date(2010, 1, 1) + timedelta(days=rng.randrange(3500))
        terms = fo.award(start, Fraction(rng.randrange(1, 2000), 100), compounding, day_count)
        assert terms.months is not None
        first = fo.add_months(start, terms.months)
        cents = fo.principal_for_half_cent(fo.exact_to_first_rounding(terms, first), rng.randrange(10**5, 10**12))
        if cents is not None and cents <= 10**13:
            out.append((f"h{len(out):02d}", Fraction(cents, 100), terms))
    return out


def half_cent_matter() -> str:
    text = "matter: half-cents\ncreditor: {name: C}\ndebtor: {name: D}\ninstruments:\n"
    for cid, amount, terms in half_cent_cases():
        rate = terms.rates[0][1]
        compounding = {12: "annual", 6: "semiannual", 3: "quarterly", 1: "monthly"}[terms.months or 0]
        text += (
            f"  - id: {cid}\n    kind: award\n    forum: ICC\n    date: {terms.start}\n    currency: USD\n"
            f'    amounts: [{{label: sum, amount: "{fo.cents(amount)}"}}]\n    interest:\n'
            f'      - {{from: {terms.start}, rate: "{fo.cents(rate)}%", compounding: {compounding}, '
            f"day_count: {terms.day_count}}}\n"
        )
    return text


# ---------------------------------------------------------------------------------------------------------------
# Writing the workbooks, and one LibreOffice run that recalculates them all


@dataclass(frozen=True)
class Book:
    statement: Statement
    written: Path
    matter_file: Path
    values: Any  # the recalculated workbook, read with data_only=True

    def instrument(self, instrument_id: str) -> InstrumentStatement:
        result = next(i for i in self.statement.instruments if i.id == instrument_id)
        assert isinstance(result, InstrumentStatement), result
        return result


MATTERS: dict[str, tuple[str, date]] = {
    "ny": (NY, date(2026, 12, 1)),
    "compounding": (COMPOUNDING, date(2025, 12, 31)),
    "thirty": (THIRTY, date(2023, 6, 15)),
    "components": (COMPONENTS, date(2025, 3, 1)),
}


def _soffice() -> str | None:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice headless) is not on PATH, and CI needs it to recalculate the workbooks")
        pytest.skip("soffice (LibreOffice headless) is not on PATH")
    return found


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Book]:
    soffice = _soffice()
    assert soffice is not None
    root = tmp_path_factory.mktemp("workbooks")
    (root / "in").mkdir()
    sources: dict[str, tuple[Path, date]] = {}
    for name, (text, as_of) in MATTERS.items():
        path = root / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        sources[name] = (path, as_of)
    path = root / "random.yaml"
    path.write_text(random_matter(random_cases()), encoding="utf-8")
    sources["random"] = (path, RANDOM_AS_OF)
    path = root / "half-cents.yaml"
    path.write_text(half_cent_matter(), encoding="utf-8")
    sources["half-cents"] = (path, HALVES_AS_OF)
    sources["rusoro"] = (ROOT / "examples" / "rusoro-v-venezuela.yaml", date(2023, 8, 14))
    written: dict[str, tuple[Statement, Path, Path]] = {}
    for name, (path, as_of) in sources.items():
        statement = owe(path, as_of=as_of)
        out = write_statement_xlsx(matter(path), statement, root / "in" / f"{name}.xlsx", matter_file=path)
        written[name] = (statement, out, path)
    outdir = root / "out"
    # One LibreOffice start for every file (its start-up is the slow part), in a profile of its own.
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *(str(out) for _, out, _ in written.values()),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    missing = [out.name for _, out, _ in written.values() if not (outdir / out.name).exists()]
    assert run.returncode == 0, f"soffice failed (exit {run.returncode}): {run.stderr}"
    assert not missing, f"soffice did not convert {missing}: {run.stderr}"
    return {
        name: Book(statement, out, path, openpyxl.load_workbook(outdir / out.name, data_only=True))
        for name, (statement, out, path) in written.items()
    }


# ---------------------------------------------------------------------------------------------------------------
# Reading a recalculated sheet


def money(value: object, places: int = 2) -> Decimal:
    """A computed cell as money: it must sit on a whole cent (up to binary noise), then it is that cent."""
    assert isinstance(value, int | float), value
    exact = Decimal(repr(value))
    quantum = Decimal(1).scaleb(-places)
    rounded = exact.quantize(quantum)
    assert abs(exact - rounded) < Decimal("1e-6"), f"{value} is not a whole number of cents"
    return rounded


@dataclass(frozen=True)
class Table:
    rows: list[dict[str, Any]]  # the awarded rows, then one per statement line
    totals: dict[str, Any]


def table(book: Book, sheet: str) -> Table:
    ws = book.values[sheet]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(values) if r and r[0] == "Line")
    header = values[start]
    rows = []
    for raw in values[start + 1 :]:
        row = {str(h): v for h, v in zip(header, raw, strict=False) if h is not None}
        if row["Line"] == "totals":
            return Table(rows, row)
        rows.append(row)
    raise AssertionError("no totals row")


def facts(book: Book, sheet: str) -> dict[str, Any]:
    """Label → value pairs of a sheet's first two columns (the Owed-on block, the Summary's particulars)."""
    return {r[0]: r[1] for r in book.values[sheet].iter_rows(max_col=2, values_only=True) if r[0] is not None}


def summary_row(book: Book, instrument_id: str) -> dict[str, Any]:
    rows = [list(r) for r in book.values["Summary"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Instrument")
    row = next(r for r in rows if r[0] == instrument_id)
    return dict(zip(header, row, strict=False))


def per_diem(book: Book, sheet: str) -> dict[str, Any]:
    rows = [list(r) for r in book.values[sheet].iter_rows(values_only=True)]
    total = next(r for r in rows if r[0] == "per diem of the instrument")
    return {"exact": total[4], "rounded": total[5]}


def assert_lines_match_engine(book: Book, instrument_id: str, sheet: str | None = None) -> None:
    """Every recalculated line against the engine's: days, base, cents, capitalizations, payments, balances."""
    result = book.instrument(instrument_id)
    places = 0 if result.currency == "JPY" else 2
    got = table(book, sheet or instrument_id)
    awarded, lines = got.rows[: len(result.components)], got.rows[len(result.components) :]
    assert [r["Line"] for r in awarded] == ["awarded"] * len(result.components)
    assert len(lines) == len(result.lines), (len(lines), len(result.lines))
    for n, (row, line) in enumerate(zip(lines, result.lines, strict=True)):
        where = f"{instrument_id} line {n + 1}: {row}"
        if isinstance(line, AccrualLine):
            assert row["Line"] == "interest", where
            assert row["Days"] == line.days, where
            assert money(row["Base"], places) == line.base, where
            assert money(row["Interest"], places) == line.cents, where
            assert abs(Decimal(repr(row["Interest, exact"])) - line.interest) <= abs(line.interest) * Decimal(
                "1e-12"
            ) + Decimal("1e-9"), where
        elif isinstance(line, CapitalizationLine):
            assert row["Line"] == "capitalization", where
            assert money(row["Capitalized"], places) == line.amount, where
        else:
            assert isinstance(line, PaymentLine)
            assert row["Line"] == "payment", where
            assert money(row["To interest"], places) == line.to_interest, where
            assert money(row["To principal"], places) == line.to_principal, where
            assert money(row["Unapplied"], places) == line.excess, where
        assert money(row["Principal owed"], places) == line.balance.principal, where
        assert money(row["Interest owed"], places) == line.balance.interest, where
        assert money(row["Total owed"], places) == line.balance.total, where
    owed = summary_row(book, instrument_id)
    assert money(owed["Principal"], places) == result.principal
    assert money(owed["Interest"], places) == result.interest
    assert money(owed["Paid"], places) == result.paid
    assert money(owed["Total"], places) == result.total
    assert money(got.totals["Unapplied"], places) == result.excess
    if result.per_diem_total is not None and result.per_diem:
        assert money(per_diem(book, sheet or instrument_id)["rounded"], places) == result.per_diem_total.quantize(
            Decimal(1).scaleb(-places)
        )


# ---------------------------------------------------------------------------------------------------------------
# (a) The New York example, by hand


def test_new_york_example_by_hand(books: dict[str, Book]) -> None:
    """USD 250,000 judgment of 3 Jun 2019 (US-NY: CPLR 5004, 9% simple, /365); payments of 20,000 on 15 Jan 2020
    and 50,000 on 1 Jul 2022; as of 1 Dec 2026.

        3 Jun 2019 → 15 Jan 2020: 226 days × 250,000 × 9% / 365 = 13,931.5068… → 13,931.51
        15 Jan 2020: 20,000 paid: 13,931.51 to interest, 6,068.49 to principal → principal 243,931.51
        15 Jan 2020 → 1 Jul 2022: 898 days × 243,931.51 × 9% / 365 = 54,012.4510… → 54,012.45
        1 Jul 2022: 50,000 paid, all to interest; 4,012.45 unpaid
        1 Jul 2022 → 1 Dec 2026: 1,614 days × 243,931.51 × 9% / 365 = 97,078.0579…; 4,012.45 + 97,078.0579…
                     = 101,090.5079… → interest 101,090.51, of which this line's cents 97,078.06
        total 243,931.51 + 101,090.51 = 345,022.02; per diem 243,931.51 × 9% / 365 = 60.1475 → 60.15"""
    book = books["ny"]
    rows = table(book, "ny-judgment").rows
    assert [r["Line"] for r in rows] == ["awarded", "interest", "payment", "interest", "payment", "interest"]
    first, pay1, second, pay2, third = rows[1:]
    assert (first["Days"], money(first["Interest"])) == (226, Decimal("13931.51"))
    assert (money(pay1["To interest"]), money(pay1["To principal"])) == (Decimal("13931.51"), Decimal("6068.49"))
    assert money(pay1["Principal owed"]) == Decimal("243931.51")
    assert (second["Days"], money(second["Base"]), money(second["Interest"])) == (
        898,
        Decimal("243931.51"),
        Decimal("54012.45"),
    )
    assert (money(pay2["To interest"]), money(pay2["To principal"])) == (Decimal("50000.00"), Decimal("0.00"))
    assert money(pay2["Interest owed"]) == Decimal("4012.45")
    assert (third["Days"], money(third["Interest"])) == (1614, Decimal("97078.06"))
    assert money(third["Interest owed"]) == Decimal("101090.51")
    owed = summary_row(book, "ny-judgment")
    assert money(owed["Principal"]) == Decimal("243931.51")
    assert money(owed["Interest"]) == Decimal("101090.51")
    assert money(owed["Paid"]) == Decimal("70000.00")
    assert money(owed["Total"]) == Decimal("345022.02")
    assert money(owed["Per diem"]) == Decimal("60.15")
    assert_lines_match_engine(book, "ny-judgment")


def test_summary_names_the_matter_file_and_version(books: dict[str, Book]) -> None:
    book = books["ny"]
    summary = facts(book, "Summary")
    assert summary["Matter"] == "ny-example"
    assert summary["Matter file SHA-256"] == hashlib.sha256(book.matter_file.read_bytes()).hexdigest()
    assert summary["exequatur version"] == "0.1.0"
    assert summary["As of"].date() == date(2026, 12, 1)


def test_text_from_the_matter_stays_text(books: dict[str, Book]) -> None:
    """A source text that begins with "=" is shown as written, never run as a formula."""
    rows = table(books["ny"], "ny-judgment").rows
    assert rows[0]["Source"] == '=HYPERLINK("http://x") judgment of 3 Jun 2019'


# ---------------------------------------------------------------------------------------------------------------
# (b) Compounding: capitalization rows, act/act year lengths, 30/360 inside its period


def test_annual_compounding_act_act_by_hand(books: dict[str, Book]) -> None:
    """USD 1,000,000 at 6% compounded annually from 1 Jul 2023, Actual/Actual (ISDA); 100,000 paid on
    15 Mar 2025; as of 31 Dec 2025. Each day divides by its own year's length:

        1 Jul 2023 → 1 Jan 2024: 184/365 × 60,000 = 30,246.5753…          → 30,246.58
        1 Jan 2024 → 1 Jul 2024: 182/366 × 60,000 = 29,836.0656…; sum 60,082.6409… → 60,082.64 capitalized
            (this line's cents: 60,082.64 − 30,246.58 = 29,836.06)
        base 1,060,082.64
        1 Jul 2024 → 1 Jan 2025: 184/366 × 63,604.9584 = 31,976.2632…     → 31,976.26
        1 Jan 2025 → 15 Mar 2025: 73/365 × 63,604.9584 = 12,720.9917; sum 44,697.2549… → 44,697.25 due
        15 Mar 2025: 100,000 to interest: 44,697.25, then 55,302.75 of the 60,082.64 capitalized; principal untouched
            capitalized left 4,779.89, base 1,004,779.89
        15 Mar 2025 → 1 Jul 2025: 108/365 × 60,286.7934 = 17,838.2841…    → 17,838.28 capitalized; base 1,022,618.17
        1 Jul 2025 → 31 Dec 2025: 183/365 × 61,357.0902 = 30,762.5959…    → 30,762.60
        principal 1,000,000; interest 4,779.89 + 17,838.28 + 30,762.60 = 53,380.77; total 1,053,380.77
        per diem 61,357.0902 / 365 = 168.1016… → 168.10"""
    book = books["compounding"]
    rows = table(book, "award").rows
    kinds = [r["Line"] for r in rows]
    assert kinds == [
        "awarded",
        "interest",
        "interest",
        "capitalization",
        "interest",
        "interest",
        "payment",
        "interest",
        "capitalization",
        "interest",
    ]
    assert [r["Year days"] for r in rows if r["Line"] == "interest"] == [365, 366, 366, 365, 365, 365]
    assert [money(r["Interest"]) for r in rows if r["Line"] == "interest"] == [
        Decimal("30246.58"),
        Decimal("29836.06"),
        Decimal("31976.26"),
        Decimal("12720.99"),
        Decimal("17838.28"),
        Decimal("30762.60"),
    ]
    assert [money(r["Capitalized"]) for r in rows if r["Line"] == "capitalization"] == [
        Decimal("60082.64"),
        Decimal("17838.28"),
    ]
    payment = rows[6]
    assert (money(payment["To interest"]), money(payment["To principal"])) == (Decimal("100000.00"), Decimal("0.00"))
    assert money(rows[7]["Base"]) == Decimal("1004779.89")
    assert money(rows[9]["Base"]) == Decimal("1022618.17")
    owed = summary_row(book, "award")
    assert (money(owed["Principal"]), money(owed["Interest"]), money(owed["Total"])) == (
        Decimal("1000000.00"),
        Decimal("53380.77"),
        Decimal("1053380.77"),
    )
    assert money(owed["Per diem"]) == Decimal("168.10")
    assert_lines_match_engine(book, "award")


def test_thirty_360_by_hand(books: dict[str, Book]) -> None:
    """30/360 Bond Basis (ISDA 2006 §4.16(f)), the days counted within each period from its own start.

    `monthly`: USD 100,000 at 12% compounded monthly from 31 Jan 2023; 500 paid on 15 Feb 2023; as of 15 Jun 2023.
        31 Jan → 15 Feb: 15 days, 500.00, paid in full; 15 Feb → 28 Feb: 13 days, 433.33 capitalized;
        28 Feb → 31 Mar: D1 28, D2 31 stays 31: 33 days × 100,433.33 × 12% / 360 = 1,104.77 capitalized
    `annual`: USD 100,000 at 10% compounded annually from 15 Jan 2023; 1,000 paid on 31 Mar 2023; as of 15 Jun.
        15 Jan → 31 Mar: 76 days, 2,111.11; 1,000 paid, 1,111.11 left unpaid (in cents)
        31 Mar → 15 Jun: 150 days from the period's start less 76 = 74 (not 75, the count on its own dates)
            74 × 100,000 × 10% / 360 = 2,055.5555…; 1,111.11 + 2,055.5555… = 3,166.6655… → interest 3,166.67
            (this line's cents 3,166.67 − 1,111.11 = 2,055.56); owed 103,166.67"""
    book = books["thirty"]
    monthly = table(book, "monthly").rows
    assert [(r["Line"], r["Days"]) for r in monthly[1:5]] == [
        ("interest", 15),
        ("payment", None),
        ("interest", 13),
        ("capitalization", None),
    ]
    assert money(monthly[1]["Interest"]) == Decimal("500.00")
    assert money(monthly[4]["Capitalized"]) == Decimal("433.33")
    assert (monthly[5]["Days"], money(monthly[5]["Base"]), money(monthly[5]["Interest"])) == (
        33,
        Decimal("100433.33"),
        Decimal("1104.77"),
    )
    annual = table(book, "annual").rows
    assert [(r["Line"], r["Days"]) for r in annual[1:]] == [("interest", 76), ("payment", None), ("interest", 74)]
    assert money(annual[1]["Interest"]) == Decimal("2111.11")
    assert money(annual[2]["Interest owed"]) == Decimal("1111.11")
    assert money(annual[3]["Interest"]) == Decimal("2055.56")
    assert money(summary_row(book, "annual")["Total"]) == Decimal("103166.67")
    assert_lines_match_engine(book, "monthly")
    assert_lines_match_engine(book, "annual")


def test_components_payments_and_conversion(books: dict[str, Book]) -> None:
    """Two components under different terms; a payment that stops inside the first component's interest, one
    that reaches principal, one that overpays; and a USD judgment carrying the EUR award through conversions."""
    book = books["components"]
    assert_lines_match_engine(book, "award")
    assert_lines_match_engine(book, "new-york")
    judgment = book.instrument("new-york")
    assert judgment.conversions, "the judgment converted what it carried"
    rows = [list(r) for r in book.values["Rates"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Instrument" and "Converted" in r)
    converted = [dict(zip(header, r, strict=False)) for r in rows[rows.index(header) + 1 :] if r[0] == "new-york"]
    assert [money(r["Converted"]) for r in converted][: len(judgment.conversions)] == [
        c.converted for c in judgment.conversions
    ]
    awarded = table(book, "new-york").rows[: len(judgment.components)]
    assert [money(r["Amount"]) for r in awarded] == [c.awarded for c in judgment.components]


# ---------------------------------------------------------------------------------------------------------------
# (c) Seeded random judgments and awards: every line against the engine, the totals against the fraction oracle


def test_random_cases_line_by_line(books: dict[str, Book]) -> None:
    cases = random_cases()
    assert {c.forum for c in cases} >= {"ICC", "US-NY", "US-FED", "GB-EW"}
    assert any(c.payments for c in cases)
    assert {c.day_count for c in cases if c.rate} == {"act/365", "act/360", "act/act", "30/360", "30E/360"}
    book = books["random"]
    for case in cases:
        assert_lines_match_engine(book, case.id)
        oracle = fo.owed(case.amount, case.terms(), case.payments, RANDOM_AS_OF)
        owed = summary_row(book, case.id)
        assert money(owed["Principal"]) == Decimal(fo.cents(oracle.principal)), case
        assert money(owed["Total"]) == Decimal(fo.cents(oracle.total)), case


def test_exact_half_cents_round_up(books: dict[str, Book]) -> None:
    book = books["half-cents"]
    for cid, amount, terms in half_cent_cases():
        oracle = fo.owed(amount, terms, [], HALVES_AS_OF)
        assert oracle.half_cents >= 1, f"{cid} was built for an exact half cent"
        assert_lines_match_engine(book, cid)
        owed = summary_row(book, cid)
        assert money(owed["Total"]) == Decimal(fo.cents(oracle.total)), cid


def test_rusoro_line_by_line(books: dict[str, Book]) -> None:
    """The shipped example: index rates with resets, three components, judgments carrying the award."""
    book = books["rusoro"]
    for result in book.statement.instruments:
        assert isinstance(result, InstrumentStatement)
        assert_lines_match_engine(book, result.id)
    rates = [list(r) for r in book.values["Rates"].iter_rows(values_only=True)]
    header = next(r for r in rates if r[0] == "Instrument" and "Converted" in r)
    conversions = [dict(zip(header, r, strict=False)) for r in rates[rates.index(header) + 1 :]]
    equivalents = 0
    for result in book.statement.instruments:
        assert isinstance(result, InstrumentStatement)
        if result.equivalent is not None:  # the forum-currency equivalent of the total: the last row of its own
            row = [c for c in conversions if c["Instrument"] == result.id][-1]
            assert money(row["Amount"]) == result.total
            assert money(row["Converted"]) == result.equivalent.converted
            equivalents += 1
    assert equivalents, "the Ontario judgment in USD shows its CAD equivalent"
    libor = [r for r in rates if r[1] == "usd-libor-12m"]
    assert libor, "the LIBOR rows the award read are listed"
    assert all(":" in str(r[5]) for r in libor), "each row names its file:line"


# ---------------------------------------------------------------------------------------------------------------
# Without LibreOffice: the workbook's shape


def test_every_figure_is_a_formula(books_written: list[Path]) -> None:
    """On the instrument sheets only inputs are values; days, bases, interest, balances, totals are formulas."""
    inputs = {"From / on", "To", "Rate %", "Year days", "Amount"}
    for path in books_written:
        workbook = openpyxl.load_workbook(path)
        assert workbook.calculation.fullCalcOnLoad
        for ws in workbook.worksheets[1:-1]:
            values = list(ws.iter_rows())
            start = next(i for i, r in enumerate(values) if r[0].value == "Line")
            header = [c.value for c in values[start]]
            for cells in values[start + 1 :]:
                kind = cells[0].value
                if kind == "totals":
                    break
                for title, cell in zip(header, cells, strict=False):
                    if cell.value is None or title in inputs or not isinstance(cell.value, int | float | str):
                        continue
                    if cell.data_type == "s":
                        continue  # words (a text beginning with "=" among them, kept as text)
                    numeric_input = title == "Days" and cell.comment is not None  # 30/360 cut by a payment
                    zero_restart = cell.value == 0 and str(title).endswith(("capitalized", "exact"))
                    assert cell.data_type == "f" or numeric_input or zero_restart, (path.name, ws.title, title, cell)


@pytest.fixture(scope="module")
def books_written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("written")
    out = []
    for name, (text, as_of) in MATTERS.items():
        path = root / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(write_statement_xlsx(matter(path), owe(path, as_of=as_of), root / f"{name}.xlsx", matter_file=path))
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")], "no temporary file left behind"
    return out


def test_sheet_names_are_valid_and_unique() -> None:
    names = sheet_names(["a" * 40, "a" * 40, "x/y:z*?[1]", "Summary", "RATES", "'quoted'", "A" * 40])
    assert all(len(n) <= 31 for n in names)
    assert not any(set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names} | {"summary", "rates"}) == len(names) + 2
    assert names[2] == "x-y-z---1-"
    assert not any(n.startswith("'") or n.endswith("'") for n in names)
