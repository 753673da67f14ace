"""A portfolio in part files: each part read, computed and written on its own (in turn, or by Dask workers) gives
the balances the whole file gives, row for row, and totals that add up to the whole's."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from exequatur.io.portfolio import PortfolioError
from exequatur.io.portfolio_parts import compute_all, parts
from exequatur.vector.portfolio import merged
from tests.conftest import ROOT
from tests.interfaces.test_cli import run

JUDGMENTS = ROOT / "examples" / "portfolio-judgments.csv"
PAYMENTS = ROOT / "examples" / "portfolio-payments.csv"
AS_OF = date(2026, 6, 1)


def _split(folder: Path) -> tuple[Path, Path]:
    """The example book cut into two parts by row, each judgment's payments in its own part's file."""
    judgments, payments = folder / "judgments", folder / "payments"
    judgments.mkdir()
    payments.mkdir()
    rows = list(csv.DictReader(JUDGMENTS.open(encoding="utf-8")))
    paid = list(csv.DictReader(PAYMENTS.open(encoding="utf-8")))
    for k, name in enumerate(("a.csv", "b.csv")):
        mine = rows[k::2]
        ids = {r["id"] for r in mine}
        for path, chosen in ((judgments / name, mine), (payments / name, [p for p in paid if p["judgment_id"] in ids])):
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=list((rows if path.parent == judgments else paid)[0]))
                writer.writeheader()
                writer.writerows(chosen)
    return judgments, payments


def _balances(*files: Path) -> dict[str, dict[str, str]]:
    return {r["id"]: r for f in files for r in csv.DictReader(f.open(encoding="utf-8"))}


def test_parts_in_turn_give_the_whole_files_balances_and_totals(tmp_path: Path) -> None:
    judgments, payments = _split(tmp_path)
    whole = tmp_path / "whole.csv"
    done = run("portfolio", str(JUDGMENTS), "--payments", str(PAYMENTS), "--as-of", "2026-06-01", "-o", str(whole))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    out.mkdir()
    found = parts(judgments, payments, out)
    assert [p.balances.name for p in found] == ["a.csv", "b.csv"]
    results = compute_all(found, AS_OF, keep_rejects=False, engine="numpy")
    assert _balances(out / "a.csv", out / "b.csv") == _balances(whole)
    assert sum(r.judgments for r in results) == 8
    # The totals of the parts add up to the whole's: the CPLR 5004 case of the example ($10,512.81 principal
    # and $5,088.49 interest left, tests/vector/test_portfolio.py) is in one part, and counted once.
    totals = merged([r.totals for r in results], ("forum",))
    ny = next(g for g in totals if g["forum"] == "US-NY")
    rows = _balances(whole)
    expected = sum(int(r["principal"].replace(".", "")) for r in rows.values() if r["forum"] == "US-NY")
    assert ny["principal"] == expected


def test_a_payments_file_no_part_has_is_an_error(tmp_path: Path) -> None:
    judgments, payments = _split(tmp_path)
    (payments / "c.csv").write_text("judgment_id,date,amount\n", encoding="utf-8")
    with pytest.raises(PortfolioError, match=r"c\.csv match no judgments file"):
        parts(judgments, payments, tmp_path / "out")


def test_dask_workers_write_the_same_parts(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    judgments, payments = _split(tmp_path)
    alone, together = tmp_path / "alone", tmp_path / "together"
    common = ("portfolio", str(judgments), "--payments", str(payments), "--as-of", "2026-06-01")
    first = run(*common, "-o", str(alone))
    assert first.returncode == 0, first.stderr
    second = run(*common, "-o", str(together), "--engine", "dask", "--workers", "2")
    assert second.returncode == 0, second.stderr
    for name in ("a.csv", "b.csv"):
        assert (alone / name).read_bytes() == (together / name).read_bytes()
    assert first.stdout == second.stdout  # the same totals table
    again = run(*common, "-o", str(alone))
    assert again.returncode == 1
    assert "exists there; add --force" in again.stderr


def test_a_folder_with_other_balances_is_refused_and_hidden_files_are_not_parts(tmp_path: Path) -> None:
    judgments, payments = _split(tmp_path)
    (judgments / ".b.csv.123.tmp.csv").write_text("not,a,part\n", encoding="utf-8")
    assert [p.judgments.name for p in parts(judgments, payments, tmp_path / "o")] == ["a.csv", "b.csv"]
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-999.csv").write_text("id\n", encoding="utf-8")
    common = ("portfolio", str(judgments), "--payments", str(payments), "--as-of", "2026-06-01", "-o", str(out))
    refused = run(*common, "--force")
    assert refused.returncode == 1
    assert "holds part-999.csv, which this run does not write" in refused.stderr
    named = run(*common[:-1], str(tmp_path / "o.csv"))
    assert named.returncode == 1
    assert "the balances go to a folder" in named.stderr


def test_a_bad_row_on_a_dask_worker_is_one_clean_error(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    judgments, payments = _split(tmp_path)
    bad = (judgments / "b.csv").read_text(encoding="utf-8").splitlines()
    first = bad[1].split(",")
    first[2] = "2021-02-31"
    (judgments / "b.csv").write_text("\n".join([bad[0], ",".join(first), *bad[2:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run("portfolio", str(judgments), "--payments", str(payments), "--as-of", "2026-06-01", "-o", str(out),
               "--engine", "dask", "--workers", "2")  # fmt: skip
    assert done.returncode == 1
    assert f"{judgments / 'b.csv'}: line 2 (row 1): entry_date:" in done.stderr
    assert "Traceback" not in done.stderr
    assert "distributed" not in done.stderr
