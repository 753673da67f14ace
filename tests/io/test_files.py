"""io.files: the kind of a file, checking it (a claims file with its matters), the starter, the CSV writer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from exequatur.io.files import ClaimsSummary, FileKind, MatterSummary, check_file, kind_of, starter_matter, write_csv
from exequatur.io.matterfile import parse_matter
from tests.conftest import EXAMPLE, ROOT

CLAIMS = ROOT / "examples" / "venezuela-creditors.yaml"


def test_the_kind_of_a_file_comes_from_its_top_level_keys() -> None:
    assert kind_of(CLAIMS.read_text(encoding="utf-8")) is FileKind.CLAIMS
    assert kind_of(EXAMPLE.read_text(encoding="utf-8")) is FileKind.MATTER
    assert kind_of("debtor: {name: D}\nclaims: []\n") is FileKind.CLAIMS
    # A matter file is read as one even if it also says claims: (so its own mistakes are reported as a matter's).
    assert kind_of("matter: m\nclaims: []\n") is FileKind.MATTER
    assert kind_of("  claims: []\n") is FileKind.MATTER  # not top level
    assert kind_of("") is FileKind.MATTER


def test_a_claims_file_is_checked_with_each_matter_it_names_once(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    claims = tmp_path / "claims.yaml"
    claims.write_text(
        "debtor: {name: D}\nclaims:\n"
        "  - {id: a, creditor: R, rank: 1, matter: m.yaml, instrument: award}\n"
        "  - {id: b, creditor: R, rank: 2, matter: ./m.yaml, instrument: ddc-judgment}\n",
        encoding="utf-8",
    )
    result = check_file(claims, known_tables=lambda _: True)
    assert result.ok, result.errors
    assert isinstance(result.summary, ClaimsSummary)
    assert result.summary.claims == 2
    assert [m.file for m in result.summary.matters] == ["m.yaml"]  # one file, named as from the claims' folder
    assert str(result).startswith(f"{claims}: OK — 2 claims against D; 1 matter file checked: m.yaml (matter ")
    (tmp_path / "m.yaml").write_text("matter: m\ncreditor: {name: C}\ndebtor: {name: D}\nbogus: 1\n", encoding="utf-8")
    failed = check_file(claims, known_tables=lambda _: True)
    assert failed.summary is None
    assert [(e.source.file, e.source.line) for e in failed.errors] == [(str(tmp_path / "m.yaml"), 4)]
    assert str(failed) == f"{claims}: 1 problem"


def test_a_file_that_cannot_be_read_is_an_error_at_line_0(tmp_path: Path) -> None:
    result = check_file(tmp_path / "none.yaml")
    assert not result.ok
    assert (result.errors[0].source.line, result.text) == (0, None)


def test_the_summary_counts_the_matter() -> None:
    matter, errors = parse_matter(starter_matter(), "starter.yaml")
    assert matter is not None, errors
    summary = MatterSummary.of(matter)
    assert (summary.instruments, summary.debts, summary.payments, summary.recoveries) == (1, 1, 1, 0)
    assert str(summary) == "matter example-creditor-v-example-debtor, 1 instrument, 1 debt, 1 payment"


def test_write_csv_keeps_the_columns_in_order_and_leaves_out_the_rest() -> None:
    out = io.StringIO()
    write_csv([{"b": "2", "a": "1", "z": "x"}, {"a": "3, with a comma"}], ["a", "b"], out)
    assert out.getvalue() == 'a,b\n1,2\n"3, with a comma",\n'
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [
        {"a": "1", "b": "2"},
        {"a": "3, with a comma", "b": ""},
    ]
