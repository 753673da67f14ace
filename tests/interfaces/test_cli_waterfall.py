"""`exequatur waterfall` as a user runs it, and its clear errors for bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.interfaces.test_cli import run

EXAMPLE = ROOT / "examples" / "venezuela-creditors.yaml"


def test_the_venezuela_example(tmp_path: Path) -> None:
    out = run(
        "waterfall",
        str(EXAMPLE),
        "--pool",
        "5892000000",
        "USD",
        "--date",
        "2025-11-29",
        "--format",
        "json",
        "--png",
        str(tmp_path / "w.png"),
        "--html",
        str(tmp_path / "w.html"),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["distributed"] == "5892000000.00"
    first = data["claims"][0]
    assert (first["id"], first["allocated"], first["shortfall"]) == ("crystallex", "990000000.00", "0.00")
    rusoro = next(c for c in data["claims"] if c["id"] == "rusoro")
    assert any("ddc-judgment" in t and "1961" in t for t in rusoro["traces"])
    assert (tmp_path / "w.png").exists()
    table = run("waterfall", str(EXAMPLE), "--pool", "5892000000", "USD", "--date", "2025-11-29")
    assert "Gold Reserve" in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(
                run(
                    "waterfall", str(EXAMPLE), "--pool", "1000", "USD", "--date", "2025-11-29", "--format", "csv"
                ).stdout
            )
        )
    )
    assert rows[0]["allocated"] == "1000.00"


BAD = {
    "rank-missing": (
        "claims:\n  - {id: a, creditor: A, stated: {amount: '1', currency: USD, as_of: 2024-01-01}}\n",
        ":3: a claim needs its priority",
    ),
    "two-amounts": (
        "claims:\n  - {id: a, creditor: A, rank: 1, stated: {amount: '1', currency: USD, as_of: "
        "2024-01-01}, matter: x.yaml}\n",
        ":3: a claim takes its amount from exactly one",
    ),
    "unknown-matter": (
        "claims:\n  - {id: a, creditor: A, rank: 1, matter: nowhere.yaml}\n",
        ":3: matter file 'nowhere.yaml' is not a file",
    ),
    "unknown-currency": (
        "claims:\n  - {id: a, creditor: A, rank: 1, stated: {amount: '1', currency: ABC, as_of: 2024-01-01}}\n",
        "unknown currency 'ABC'",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_claims_files_name_the_place(tmp_path: Path, name: str) -> None:
    text, message = BAD[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text("debtor: {name: D}\n" + text, encoding="utf-8")
    out = run("waterfall", str(path), "--pool", "100", "USD", "--date", "2025-01-01")
    assert out.returncode == 1
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_a_pool_in_an_unknown_currency_is_an_error() -> None:
    out = run("waterfall", str(EXAMPLE), "--pool", "100", "XYZ", "--date", "2025-11-29")
    assert out.returncode == 2  # a usage error, refused as --pool is parsed, before any file is read
    assert "unknown currency 'XYZ'" in out.stderr
    assert "--pool" in out.stderr
    assert "Traceback" not in out.stderr


RUSORO = ROOT / "examples" / "rusoro-v-venezuela.yaml"


def claims(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text("debtor: {name: D}\nclaims:\n" + body, encoding="utf-8")
    return path


def test_two_claims_on_one_debt_are_refused(tmp_path: Path) -> None:
    path = claims(
        tmp_path,
        f"  - {{id: a, creditor: R, rank: 1, matter: {RUSORO}, instrument: award}}\n"
        f"  - {{id: b, creditor: R, rank: 2, matter: {RUSORO}, instrument: ddc-judgment}}\n",
    )
    out = run("waterfall", str(path), "--pool", "100", "USD", "--date", "2024-01-01", "--matters", str(ROOT))
    assert out.returncode == 1
    assert "single recovery" in out.stderr


def test_a_claim_not_yet_entered_on_the_sale_date_is_an_error(tmp_path: Path) -> None:
    path = claims(tmp_path, f"  - {{id: a, creditor: R, rank: 1, matter: {RUSORO}, instrument: ddc-judgment}}\n")
    out = run("waterfall", str(path), "--pool", "100", "USD", "--date", "2017-01-01", "--matters", str(ROOT))
    assert out.returncode == 1
    assert "not yet entered" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("pool", ["nan", "inf", "100.005", "1,00", "250,0000", "1e9"])
def test_a_pool_that_is_not_a_sum_of_money_is_an_error(pool: str) -> None:
    out = run("waterfall", str(EXAMPLE), "--pool", pool, "USD", "--date", "2025-11-29")
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    if pool != "100.005":  # refused as written (a usage error, exit 2); 100.005 is refused for its third decimal
        assert "--pool" in out.stderr
        assert out.returncode == 2


def test_chart_paths_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    args = ("waterfall", str(EXAMPLE), "--pool", "5892000000", "USD", "--date", "2025-11-29")
    first = run(*args, "--png", str(tmp_path / "w.png"))
    assert first.returncode == 0, first.stderr
    assert f"chart written to {tmp_path / 'w.png'}" in first.stderr
    assert (tmp_path / "w.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = run(*args, "--png", str(tmp_path / "w.png"))
    assert again.returncode == 1
    assert "add --force" in again.stderr
    wrong = run(*args, "--png", str(tmp_path / "notes.txt"))
    assert wrong.returncode == 1
    assert "must end in .png" in wrong.stderr
    assert not (tmp_path / "notes.txt").exists()
    forced = run(*args, "--png", str(tmp_path / "w.png"), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Traceback" not in wrong.stderr + again.stderr


def test_a_matter_path_outside_the_claims_folder_is_refused_unless_named(tmp_path: Path) -> None:
    # A claims file from someone else must not make exequatur open (and quote) files anywhere on the machine.
    secret = tmp_path / "private" / "notes.yaml"
    secret.parent.mkdir()
    secret.write_text("password: hunter2\n", encoding="utf-8")
    folder = tmp_path / "claims"
    folder.mkdir()
    path = claims(folder, "  - {id: a, creditor: R, rank: 1, matter: ../private/notes.yaml}\n")
    for command in (
        ("check", str(path)),
        ("waterfall", str(path), "--pool", "100", "USD", "--date", "2024-01-01"),
    ):
        out = run(*command)
        assert out.returncode == 1
        assert "leads outside" in out.stderr
        assert "--matters DIR" in out.stderr
        assert "hunter2" not in out.stdout + out.stderr
    allowed = run("check", str(path), "--matters", str(tmp_path / "private"))
    assert "leads outside" not in allowed.stderr  # now read as a matter file, and refused for what it holds
    assert allowed.returncode == 1
