"""`exequatur portfolio` as a user runs it: the example book, its totals, bad files, and rows set aside."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.interfaces.test_cli import run

JUDGMENTS = ROOT / "examples" / "portfolio-judgments.csv"
PAYMENTS = ROOT / "examples" / "portfolio-payments.csv"


def test_the_example_book_balances_and_totals(tmp_path: Path) -> None:
    out = tmp_path / "b.csv"
    done = run("portfolio", str(JUDGMENTS), "--payments", str(PAYMENTS), "--as-of", "2026-06-01", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert len(rows) == 8
    # CPLR 5004, by hand (tests/vector/test_portfolio.py): $10,512.81 principal and $5,088.49 interest left after
    # payments of $2,000 on 15 Jan 2020 and 15 Jan 2021.
    assert (rows["ny-2019-0001"]["principal"], rows["ny-2019-0001"]["interest"]) == ("10512.81", "5088.49")
    assert rows["ny-2019-0001"]["paid"] == "4000.00"
    assert "US-FED" in done.stdout
    assert "judgments" in done.stdout
    assert "balances written to" in done.stderr


def test_a_bad_file_is_one_line_and_rejects_let_the_rest_run(tmp_path: Path) -> None:
    bad = tmp_path / "j.csv"
    bad.write_text(
        "id,forum,entry_date,currency,principal\nx,US-NY,2020-01-02,USD,5.00\ny,US-NY,2020-02-31,USD,1.00\n",
        encoding="utf-8",
    )
    out = tmp_path / "b.csv"
    failed = run("portfolio", str(bad), "--as-of", "2026-06-01", "-o", str(out))
    assert failed.returncode == 1
    assert f"{bad}: line 3 (row 2): entry_date:" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not out.exists()
    rejects = tmp_path / "rejects.csv"
    done = run("portfolio", str(bad), "--as-of", "2026-06-01", "-o", str(out), "--rejects", str(rejects))
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["x"]
    set_aside = list(csv.DictReader(rejects.open(encoding="utf-8")))
    assert (set_aside[0]["row"], set_aside[0]["line"], set_aside[0]["field"]) == ("2", "3", "entry_date")
    wrong = run("portfolio", str(bad), "--as-of", "2026-06-01", "-o", str(tmp_path / "b.xlsx"))
    assert wrong.returncode == 1
    assert ".csv or .parquet" in wrong.stderr


def test_the_dask_engine_writes_the_same_file(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    common = ("portfolio", str(JUDGMENTS), "--payments", str(PAYMENTS), "--as-of", "2026-06-01")
    assert run(*common, "-o", str(one)).returncode == 0
    done = run(*common, "-o", str(many), "--engine", "dask", "--workers", "2", "--partitions", "3")
    assert done.returncode == 0, done.stderr
    assert one.read_bytes() == many.read_bytes()


def test_parts_on_forked_dask_workers_are_written_as_in_turn(tmp_path: Path) -> None:
    # A fresh command forks its local workers on Linux (vector/distributed.py start_method): the parts they
    # write are byte for byte those written in turn in one process.
    pytest.importorskip("dask.distributed")
    rows = JUDGMENTS.read_text(encoding="utf-8").splitlines()
    parts, paid = tmp_path / "parts", tmp_path / "paid"
    parts.mkdir()
    paid.mkdir()
    (parts / "a.csv").write_text("\n".join(rows[:5]) + "\n", encoding="utf-8")
    (parts / "b.csv").write_text("\n".join([rows[0], *rows[5:]]) + "\n", encoding="utf-8")
    payments = PAYMENTS.read_text(encoding="utf-8").splitlines()
    for name, forums in (("a.csv", ("ny-", "fed-")), ("b.csv", ("on-", "ew-"))):
        mine = [p for p in payments[1:] if p.startswith(forums)]
        (paid / name).write_text("\n".join([payments[0], *mine]) + "\n", encoding="utf-8")
    common = ("portfolio", str(parts), "--payments", str(paid), "--as-of", "2026-06-01")
    assert run(*common, "-o", str(tmp_path / "in-turn")).returncode == 0
    done = run(*common, "-o", str(tmp_path / "dask"), "--engine", "dask", "--workers", "2")
    assert done.returncode == 0, done.stderr
    for name in ("a.csv", "b.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "in-turn" / name).read_bytes(), name


def test_options_that_do_not_apply_and_float_columns_are_errors(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "b.csv"
    alone = run("portfolio", str(JUDGMENTS), "--as-of", "2026-06-01", "-o", str(out), "--workers", "3")
    assert alone.returncode == 1
    assert "--workers goes with --engine dask" in alone.stderr
    # The default's own value too (a review found --workers 2 taken without a word), and an engine unknown.
    two = run("portfolio", str(JUDGMENTS), "--as-of", "2026-06-01", "-o", str(out), "--workers", "2")
    assert (two.returncode, "--workers goes with --engine dask" in two.stderr) == (1, True)
    spark = run("portfolio", str(JUDGMENTS), "--as-of", "2026-06-01", "-o", str(out), "--engine", "spark")
    assert (spark.returncode, "--engine spark: unknown engine" in spark.stderr) == (1, True)
    floats = tmp_path / "j.parquet"
    table = {"id": ["a"], "forum": ["US-NY"], "entry_date": ["2020-01-02"], "currency": ["USD"], "principal": [0.3]}
    pq.write_table(pa.table(table), floats)
    done = run("portfolio", str(floats), "--as-of", "2026-06-01", "-o", str(out))
    assert done.returncode == 1
    assert "column principal holds binary floating-point numbers" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_scheduler_address_dask_cannot_read_is_the_users_error(tmp_path: Path) -> None:
    # A review found 'bogus' and an http:// URL reported as a bug (exit 70).
    pytest.importorskip("dask.distributed")
    common = ("portfolio", str(JUDGMENTS), "--as-of", "2026-06-01", "-o", str(tmp_path / "b.csv"), "--engine", "dask")
    for address in ("bogus", "http://127.0.0.1:9"):
        done = run(*common, "--scheduler", address)
        assert done.returncode == 1, done.stderr
        assert f"--scheduler {address}: not a Dask scheduler address" in done.stderr


def test_a_payment_on_a_judgment_set_aside_says_so(tmp_path: Path) -> None:
    judgments = tmp_path / "j.csv"
    judgments.write_text(
        "id,forum,entry_date,currency,principal\na,US-NY,2020-01-02,USD,5.00\nb,US-NY,2020-02-31,USD,1.00\n",
        encoding="utf-8",
    )
    payments = tmp_path / "p.csv"
    payments.write_text("judgment_id,date,amount\nb,2021-01-01,1.00\n", encoding="utf-8")
    rejects = tmp_path / "r.csv"
    done = run("portfolio", str(judgments), "--payments", str(payments), "--as-of", "2026-06-01", "-o",
               str(tmp_path / "b.csv"), "--rejects", str(rejects))  # fmt: skip
    assert done.returncode == 0, done.stderr
    reasons = [r["reason"] for r in csv.DictReader(rejects.open(encoding="utf-8"))]
    # The header is line 1, judgment a line 2, b (row 2) line 3.
    assert reasons[1] == f"judgment 'b' was set aside ({judgments}: line 3 (row 2))"


def test_totals_too_wide_for_the_page_are_never_cut(tmp_path: Path) -> None:
    # Output to a file gets a page of 132 columns. Sums of 18 digits in six columns do not fit it in one row per
    # group, so the totals are drawn a group at a time, each figure whole. Two judgments of US$
    # 999,999,999,999,999.99 entered on the as-of day (no interest yet): $1,999,999,999,999,999.98 in all.
    book = tmp_path / "j.csv"
    rows = "".join(f"big{k},US-NY,2026-06-01,USD,999999999999999.99\n" for k in range(2))
    book.write_text("id,forum,entry_date,currency,principal\n" + rows, encoding="utf-8")
    done = run("portfolio", str(book), "--as-of", "2026-06-01", "-o", str(tmp_path / "b.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("1,999,999,999,999,999.98") == 2  # principal and total
    assert "…" not in done.stdout


def test_the_results_never_overwrite_an_input_file(tmp_path: Path) -> None:
    # A review found `-o` the judgments file itself, with --force, replaced the input without a word.
    book = tmp_path / "j.csv"
    book.write_bytes(JUDGMENTS.read_bytes())
    common = ("portfolio", str(book), "--as-of", "2026-06-01", "--force")
    for option, args in (
        ("-o", ("-o", str(book))),
        ("--rejects", ("-o", str(tmp_path / "b.csv"), "--rejects", str(book))),
    ):
        done = run(*common, *args)
        assert done.returncode == 1, done.stderr
        assert f"{option} {book}: that is an input file" in done.stderr
        assert book.read_bytes() == JUDGMENTS.read_bytes()


def test_the_rejects_never_overwrite_the_balances(tmp_path: Path) -> None:
    # A review found `--rejects` equal to `-o` leaving only the rejects there, exit 0; and, with parts, the
    # rejects file inside the balances' folder.
    book = tmp_path / "j.csv"
    book.write_text("id,forum,entry_date,currency,principal\na,US-NY,2020-01-02,USD,5.00\n", encoding="utf-8")
    out = tmp_path / "b.csv"
    done = run("portfolio", str(book), "--as-of", "2026-06-01", "-o", str(out), "--rejects", str(out))
    assert done.returncode == 1
    assert f"--rejects {out}: that is the balances' file (-o)" in done.stderr
    assert not out.exists()
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "part-0.csv").write_bytes(book.read_bytes())
    folder = tmp_path / "balances"
    inside = folder / "rejects.csv"
    folder.mkdir()
    done = run("portfolio", str(parts), "--as-of", "2026-06-01", "-o", str(folder), "--rejects", str(inside))
    assert done.returncode == 1
    assert f"--rejects {inside}: inside the balances' folder" in done.stderr
    assert list(folder.iterdir()) == []
    # Nor among the input parts, where the next run would read the rejects as a part of judgments.
    for option, among in (("--rejects", parts / "rejects.csv"), ("--totals", parts / "totals.csv")):
        done = run("portfolio", str(parts), "--as-of", "2026-06-01", "-o", str(folder), option, str(among))
        assert done.returncode == 1
        assert f"{option} {among}: inside the folder of parts {parts}, where the next run" in done.stderr
        assert sorted(p.name for p in parts.iterdir()) == ["part-0.csv"]


@pytest.mark.parametrize("as_parts", [False, True])
def test_a_judgment_whose_payment_is_set_aside_unread_gets_no_figures(tmp_path: Path, as_parts: bool) -> None:
    # A review found a judgment's balance computed without its unreadable payment, overstated with no mark in
    # the balances. Judgment a (US-NY, $1,000 on 2020-01-02) has a payment whose amount is not a number: its row is
    # refused with that payment's error. Judgment b's payment predates its entry and is set aside, but would not
    # be credited anyway: b's figures stand, 9% simple on $1,000 from 2020-01-02 to 2021-01-02, 366 days:
    # 1,000 × 0.09 × 366 / 365 = 90.2465... → $90.25.
    judgments = (
        "id,forum,entry_date,currency,principal\na,US-NY,2020-01-02,USD,1000.00\nb,US-NY,2020-01-02,USD,1000.00\n"
    )
    payments = "judgment_id,date,amount\na,2020-06-01,ten\nb,2019-12-31,5.00\n"
    if as_parts:
        for name, text in (("judgments", judgments), ("payments", payments)):
            (tmp_path / name).mkdir()
            (tmp_path / name / "p.csv").write_text(text, encoding="utf-8")
        given, paid, out = tmp_path / "judgments", tmp_path / "payments", tmp_path / "balances"
    else:
        given, paid, out = tmp_path / "j.csv", tmp_path / "p.csv", tmp_path / "b.csv"
        given.write_text(judgments, encoding="utf-8")
        paid.write_text(payments, encoding="utf-8")
    rejects = tmp_path / "r.csv"
    done = run("portfolio", str(given), "--payments", str(paid), "--as-of", "2021-01-02", "-o", str(out),
               "--rejects", str(rejects))  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = out / "p.csv" if as_parts else out
    rows = {r["id"]: r for r in csv.DictReader(written.open(encoding="utf-8"))}
    assert rows["a"]["total"] == ""
    assert rows["a"]["error"].startswith("a payment (2020-06-01, ten): amount: ")
    assert (rows["b"]["interest"], rows["b"]["paid"], rows["b"]["error"]) == ("90.25", "0.00", "")
    reasons = [(r["field"], r["reason"]) for r in csv.DictReader(rejects.open(encoding="utf-8"))]
    assert reasons[1] == ("date", "2019-12-31 precedes the judgment's entry (2020-01-02)")
    # A review found a refused in "2 in columns; 1 not computed": both judgments computed, one withheld.
    assert "2 in columns by the compiled loop; 1 of them withheld, a payment of theirs set aside" in done.stderr
    assert "not computed" not in done.stderr


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_the_totals_are_written_for_a_program_to_read(tmp_path: Path, suffix: str) -> None:
    # By hand, CPLR 5004, 9% simple, 2020-01-02 to 2021-01-02 (366 days): $1,000 earns 1,000 × 0.09 × 366 / 365
    # = 90.2465... → 90.25 and a per diem of 90 / 365 = 0.2466 → 0.25; $2,000 earns 180.4931 → 180.49, per diem
    # 0.4932 → 0.49; $1 earns 0.0902 → 0.09, per diem 0.00. USD totals: 3,001.00 principal, 270.83 interest,
    # 3,271.83 in all, per diem 0.74. A New York judgment in yen is refused (Judiciary Law §27(b): entered in
    # dollars): one judgment, one error, no sums. In England (Judgments Act 1838 s.17, 8%): ¥100,000 × 0.08 × 366
    # / 365 = 8,021.92 → ¥8,022, per diem 21.92 → ¥22.
    book = tmp_path / "j.csv"
    book.write_text(
        "id,forum,entry_date,currency,principal\n"
        "a,US-NY,2020-01-02,USD,1000.00\nb,US-NY,2020-01-02,USD,2000\nd,US-NY,2020-01-02,USD,1\n"
        "c,US-NY,2020-01-02,JPY,100000\ne,GB-EW,2020-01-02,JPY,100000\n",
        encoding="utf-8",
    )
    totals = tmp_path / f"t{suffix}"
    done = run("portfolio", str(book), "--as-of", "2021-01-02", "-o", str(tmp_path / "b.csv"), "--totals", str(totals))
    assert done.returncode == 0, done.stderr
    assert f"totals written to {totals}" in done.stderr
    if suffix == ".json":
        document = json.loads(totals.read_text(encoding="utf-8"))
        assert (document["as_of"], document["by"], document["judgments"]) == ("2021-01-02", ["forum", "currency"], 5)
        groups = document["groups"]
    else:
        groups = list(csv.DictReader(totals.open(encoding="utf-8")))
        for g in groups:
            for key in ("judgments", "errors", "without_per_diem"):
                g[key] = int(g[key])
    by = {(g["forum"], g["currency"]): g for g in groups}
    assert list(by) == [("GB-EW", "JPY"), ("US-NY", "JPY"), ("US-NY", "USD")]
    assert by["GB-EW", "JPY"] == {"forum": "GB-EW", "currency": "JPY", "judgments": 1, "principal": "100000",
                                  "interest": "8022", "total": "108022", "paid": "0", "unapplied": "0",
                                  "per_diem": "22", "errors": 0, "without_per_diem": 0}  # fmt: skip
    # Its sums are not known, not zero: null in JSON, an empty cell in CSV.
    unknown = None if suffix == ".json" else ""
    refused = by["US-NY", "JPY"]
    assert (refused["judgments"], refused["errors"]) == (1, 1)
    assert [refused[k] for k in ("principal", "interest", "total", "paid", "unapplied", "per_diem")] == [unknown] * 6
    printed = next(line for line in done.stdout.splitlines() if "JPY" in line and "US-NY" in line)
    assert [cell.strip() for cell in printed.strip("│ ").split("│")] == ["US-NY", "JPY", "1", *["—"] * 6, "1"]
    assert "The sums are those of the judgments computed; one in error counts in judgments and errors." in done.stdout
    usd = by["US-NY", "USD"]
    assert (usd["judgments"], usd["principal"], usd["interest"], usd["total"]) == (3, "3001.00", "270.83", "3271.83")
    assert (usd["paid"], usd["per_diem"], usd["errors"]) == ("0.00", "0.74", 0)


def test_the_totals_go_to_a_file_of_their_own(tmp_path: Path) -> None:
    out = tmp_path / "b.csv"
    book = tmp_path / "j.csv"
    book.write_bytes(JUDGMENTS.read_bytes())
    for args, said in (
        (("--totals", str(tmp_path / "t.txt")), "the totals are written as .json or .csv"),
        (("--totals", str(out)), "that is the balances' file (-o)"),
        (("--totals", str(book), "--force"), "that is an input file"),
        (("--rejects", str(tmp_path / "r.csv"), "--totals", str(tmp_path / "r.csv")), "that is the rejects' file"),
    ):
        done = run("portfolio", str(book), "--as-of", "2026-06-01", "-o", str(out), *args)
        assert done.returncode == 1, args
        assert said in done.stderr, done.stderr
        assert not out.exists()
        assert book.read_bytes() == JUDGMENTS.read_bytes()


@pytest.mark.parametrize("how", ["file", "parts", "dask"])
def test_a_rates_file_is_used_for_the_run_on_every_path(tmp_path: Path, how: str) -> None:
    # 28 U.S.C. §1961(a): a judgment entered Monday 4 Mar 2024 takes the weekly 1-year CMT of the week before, the
    # row dated Friday 1 Mar 2024, here this run's own 4.44 in place of the published one; compounded annually,
    # the first anniversary capitalizes the year's interest: $1,000,000 × 4.44% = $44,400.00 on 4 Mar 2025.
    rates = tmp_path / "cmt.csv"
    rates.write_text("# id: us-1y-cmt-weekly\n# title: t\n# source: s\ndate,value\n2024-03-01,4.44\n", encoding="utf-8")
    book = "id,forum,entry_date,currency,principal\nj1,US-FED,2024-03-04,USD,1000000\n"
    if how == "parts":
        (tmp_path / "j").mkdir()
        (tmp_path / "j" / "p.csv").write_text(book, encoding="utf-8")
        given, out, written = tmp_path / "j", tmp_path / "out", tmp_path / "out" / "p.csv"
    else:
        given, out = tmp_path / "j.csv", tmp_path / "b.csv"
        written = out
        given.write_text(book, encoding="utf-8")
    extra = ("--engine", "dask", "--workers", "1") if how == "dask" else ()
    done = run("portfolio", str(given), "--as-of", "2025-03-04", "-o", str(out), "--rates", str(rates), *extra)
    assert done.returncode == 0, done.stderr
    row = next(csv.DictReader(written.open(encoding="utf-8")))
    assert (row["interest"], row["error"]) == ("44400.00", "")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,value\n", encoding="utf-8")
    done = run("portfolio", str(given), "--as-of", "2025-03-04", "-o", str(tmp_path / "x.csv"), "--rates", str(bad))
    assert done.returncode == 1
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr


def test_a_per_diem_no_judgment_has_is_not_totalled_as_zero(tmp_path: Path) -> None:
    # The shipped French tables end on 2026-06-30: on 2026-07-01 a French judgment's balance is known (its last
    # day's rate is the first half-year's) but no rate is in force after it, so it has no per diem. A Delaware
    # judgment beside it keeps its own.
    book = tmp_path / "j.csv"
    book.write_text(
        "id,forum,entry_date,currency,principal,creditor_individual\n"
        "f,FR,2025-02-10,EUR,10000.00,\nd,US-DE,2022-08-01,USD,300000.00,\n",
        encoding="utf-8",
    )
    totals = tmp_path / "t.json"
    done = run("portfolio", str(book), "--as-of", "2026-07-01", "-o", str(tmp_path / "b.csv"), "--totals", str(totals))
    assert done.returncode == 0, done.stderr
    by = {g["forum"]: g for g in json.loads(totals.read_text(encoding="utf-8"))["groups"]}
    assert (by["FR"]["per_diem"], by["FR"]["without_per_diem"], by["FR"]["errors"]) == (None, 1, 0)
    assert by["FR"]["interest"] not in (None, "0.00")
    assert (by["US-DE"]["without_per_diem"], by["US-DE"]["per_diem"] is not None) == (0, True)
    printed = next(line for line in done.stdout.splitlines() if "EUR" in line)
    assert [cell.strip() for cell in printed.strip("│ ").split("│")][-2:] == ["—", "0"]
    assert "1 judgment has no per diem on 2026-07-01" in " ".join(done.stdout.split())
