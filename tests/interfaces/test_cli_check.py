"""`exequatur check` says what it checked: one line per file that passes, with counts from the loaded file; the
problems of the others on stderr, exit 1. `api.check_file` gives the command's result to Python."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from exequatur.interfaces.api import check_file, matter
from exequatur.io.claimsfile import load_claims
from exequatur.io.files import ClaimsSummary, MatterSummary
from tests.conftest import EXAMPLE, ROOT
from tests.interfaces.test_cli import run

CLAIMS = ROOT / "examples" / "venezuela-creditors.yaml"

#: Two instruments on one debt, two payments, one recovery, one proceeding, one asset, one action: counted by hand.
COUNTED = """\
matter: counted
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2019-01-02, currency: USD, amounts: [{label: x, amount: "1000"}]}
  - {id: j, kind: judgment, forum: US-FED, date: 2020-01-02, currency: USD, based_on: a, amounts: carried}
payments:
  - {date: 2020-06-01, amount: "10", currency: USD, instrument: a}
  - {date: 2020-07-01, amount: "20", currency: USD, debt: a}
proceedings:
  - {id: p, kind: confirmation, forum: US-FED, concerns: a, result: j}
assets:
  - {id: ship, description: a ship}
actions:
  - id: levy
    kind: writ-of-execution
    instrument: j
    asset: ship
    recoveries: [{date: 2021-01-04, amount: "2,500", currency: USD}]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_matter_that_passes_gets_one_line_with_its_counts(tmp_path: Path) -> None:
    path = write(tmp_path, "counted.yaml", COUNTED)
    out = run("check", str(path))
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        f"{path}: OK — matter counted, 2 instruments, 1 debt, 2 payments, 1 recovery, 1 proceeding, 1 asset, "
        "1 enforcement action\n"
    )
    assert out.stderr == ""


def test_the_example_line_counts_what_the_loader_loaded() -> None:
    loaded = matter(EXAMPLE)
    out = run("check", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    assert line.startswith(f"{EXAMPLE}: OK — matter rusoro-v-venezuela, ")
    assert f" {len(loaded.instruments)} instruments," in line
    assert f" {len(loaded.proceedings)} proceedings," in line
    assert f" {len(loaded.actions)} enforcement actions," in line


def test_a_claims_file_line_names_its_claims_and_the_matters_it_checked() -> None:
    claims, errors = load_claims(CLAIMS)
    assert claims is not None, errors
    out = run("check", str(CLAIMS))
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    assert line.startswith(f"{CLAIMS}: OK — {len(claims.claims)} claims against Bolivarian Republic of Venezuela; ")
    assert "1 matter file checked: rusoro-v-venezuela.yaml (matter rusoro-v-venezuela, 5 instruments, " in line


def test_a_claims_file_reports_the_problems_of_the_matters_it_names(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", COUNTED.replace("forum: ICC", "forum: ICCC"))
    claims = write(
        tmp_path, "claims.yaml", "debtor: {name: D}\nclaims:\n  - {id: c, creditor: C, rank: 1, matter: bad.yaml}\n"
    )
    out = run("check", str(claims))
    assert out.returncode == 1
    assert out.stdout == ""
    assert "bad.yaml:5: unknown forum 'ICCC'; did you mean 'ICC'?" in out.stderr


def test_good_and_bad_files_each_get_their_own_report(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", COUNTED)
    bad = write(tmp_path, "bad.yaml", COUNTED.replace("  - {id: p, kind", "  - {id: p, knd"))
    out = run("check", str(good), str(bad))
    assert out.returncode == 1
    (line,) = out.stdout.splitlines()
    assert line.startswith(f"{good}: OK — matter counted, 2 instruments")
    assert f"{bad}:11: unknown field 'knd'; did you mean 'kind'? (proceedings[0].knd)" in out.stderr
    assert str(good) not in out.stderr


def test_json_stays_the_list_of_problems(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", COUNTED)
    out = run("check", "--json", str(good))
    assert (out.returncode, json.loads(out.stdout)) == (0, [])
    bad = write(tmp_path, "bad.yaml", COUNTED.replace('amount: "10"', 'amount: "ten"'))
    out = run("check", "--json", str(good), str(bad))
    assert out.returncode == 1
    (problem,) = json.loads(out.stdout)
    assert (problem["file"], problem["line"], problem["field"]) == (str(bad), 8, "payments[0].amount")


def test_standard_input_is_checked_and_summarised() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from exequatur.interfaces.cli import main; main()", "check", "-"],
        input=COUNTED,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("<stdin>: OK — matter counted, 2 instruments,")


def test_the_api_gives_the_errors_and_the_summary(tmp_path: Path) -> None:
    result = check_file(write(tmp_path, "counted.yaml", COUNTED))
    assert result.ok
    assert result.errors == ()
    assert isinstance(result.summary, MatterSummary)
    assert (result.summary.instruments, result.summary.payments, result.summary.recoveries) == (2, 2, 1)
    assert result.summary.to_json()["kind"] == "matter"
    bad = check_file(
        write(tmp_path, "bad.yaml", COUNTED.replace("currency: USD, amounts: [", "currency: USS, amounts: ["))
    )
    assert not bad.ok
    assert bad.summary is None
    assert [(e.source.line, e.field) for e in bad.errors] == [(5, "instruments[0].currency")]
    claims = check_file(CLAIMS)
    assert isinstance(claims.summary, ClaimsSummary)
    assert [m.summary.matter for m in claims.summary.matters] == ["rusoro-v-venezuela"]
