"""`exequatur report`: the New York statement of the issue in every format, each saying the same figures; and the
refusals (a file that exists, an unknown extension, standard input)."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.engine.test_itemization import NEW_YORK

CLI = [sys.executable, "-m", "exequatur"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "ny.yaml").write_text(NEW_YORK, encoding="utf-8")
    return tmp_path


def _report(folder: Path, name: str, *extra: str) -> Path:
    done = run("report", "ny.yaml", "--as-of", "2026-12-01", "-o", name, *extra, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert f"statement written to {name}" in done.stderr
    return folder / name


def test_owe_detail_json_has_the_issue_figures(folder: Path) -> None:
    # By hand (tests/engine/test_itemization.py): an interest line ends on the 2022-07-01 payment with
    # 54,012.45; that payment leaves 4,012.45 unpaid; per diem 243,931.51 × 9% ÷ 365 = 60.15.
    done = run("owe", "ny.yaml", "--as-of", "2026-12-01", "--detail", "--format", "json", cwd=folder)
    assert done.returncode == 0, done.stderr
    (judgment,) = json.loads(done.stdout)["instruments"]
    assert judgment["per_diem"] == "60.15"
    assert judgment["components"][0]["per_diem"] == "60.15"
    assert all("balance" in line for line in judgment["lines"])
    second = next(line for line in judgment["lines"] if line["type"] == "interest" and line["to"] == "2022-07-01")
    assert (second["from"], second["amount"]) == ("2020-01-15", "54012.45")
    assert second["balance"] == {"principal": "243931.51", "interest": "54012.45", "total": "297943.96"}
    payments = [line for line in judgment["lines"] if line["type"] == "payment"]
    assert [p["source"] for p in payments] == ["wire received", None]
    assert payments[1]["balance"]["interest"] == "4012.45"
    assert judgment["total"] == "345022.02"


def test_the_pdf_says_the_same(folder: Path) -> None:
    pdf = _report(folder, "statement.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for figure in ("345,022.02", "60.15", "54,012.45", "4,012.45", "243,931.51"):
        assert figure in text
    assert "wire received" in text
    assert hashlib.sha256((folder / "ny.yaml").read_bytes()).hexdigest() in text


def test_the_xlsx_holds_the_inputs_and_formulas(folder: Path) -> None:
    # Recalculated by LibreOffice in tests/reports/test_workbook.py; here: the command writes a workbook whose
    # instrument sheet computes its interest by formula.
    book = load_workbook(_report(folder, "statement.xlsx"))
    assert "Summary" in book.sheetnames
    formulas = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f.startswith("=ROUND(") for f in formulas)


def test_html_csv_and_json(folder: Path) -> None:
    html = _report(folder, "statement.html").read_text(encoding="utf-8")
    assert "345,022.02" in html
    assert "60.15" in html
    rows = list(csv.DictReader(io.StringIO(_report(folder, "statement.csv").read_text(encoding="utf-8"))))
    assert rows[-1]["balance_total"] == "345022.02"
    data = json.loads(_report(folder, "statement.json").read_text(encoding="utf-8"))
    assert data["instruments"][0]["per_diem"] == "60.15"


def test_refusals(folder: Path) -> None:
    (folder / "taken.pdf").write_text("mine", encoding="utf-8")
    taken = run("report", "ny.yaml", "--as-of", "2026-12-01", "-o", "taken.pdf", cwd=folder)
    assert taken.returncode == 1
    assert "--force" in taken.stderr
    assert (folder / "taken.pdf").read_text(encoding="utf-8") == "mine"
    unknown = run("report", "ny.yaml", "--as-of", "2026-12-01", "-o", "statement.docx", cwd=folder)
    assert unknown.returncode == 2
    assert "-o" in unknown.stderr
    stdin = subprocess.run(
        [*CLI, "report", "-", "--as-of", "2026-12-01", "-o", "s.pdf"],
        input=NEW_YORK,
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    assert stdin.returncode == 1
    assert "matter file on disk" in stdin.stderr
    assert "Traceback" not in taken.stderr + unknown.stderr + stdin.stderr


def test_the_command_the_statement_prints_reproduces_it(folder: Path) -> None:
    rates = folder / "extra.csv"
    rates.write_text("# id: extra-table\n# title: t\n# source: s\ndate,value\n2020-01-01,1\n", encoding="utf-8")
    first = _report(folder, "first.html", "--rates", "extra.csv").read_text(encoding="utf-8")
    printed = re.search(r"<code>(exequatur report [^<]+)</code>", first)
    assert printed is not None
    command = html.unescape(printed.group(1))
    assert "--rates extra.csv" in command
    assert hashlib.sha256(rates.read_bytes()).hexdigest() in first
    again = subprocess.run([*CLI, *shlex.split(command)[1:]], capture_output=True, text=True, check=False, cwd=folder)
    assert again.returncode == 0, again.stderr
    second = (folder / "statement.html").read_text(encoding="utf-8")
    assert second == first
