"""The law and data commands as a user runs them: rules list/show/stale, rates list/update, compare."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from exequatur.io.ratetables import shipped_tables
from tests.conftest import EXAMPLE
from tests.interfaces.test_cli import run


def test_rules_list_names_every_forum() -> None:
    out = run("rules", "list")
    assert out.returncode == 0
    for code in ("US-NY", "US-FED", "CA-ON", "GB-EW", "FR", "US-DE", "ICSID-AF"):
        assert code in out.stdout


def test_rules_show_gives_dated_values_with_citations() -> None:
    out = run("rules", "show", "US-NY", "--on", "2023-01-01")
    assert out.returncode == 0
    assert "5004" in out.stdout
    assert "1981-06-25" in out.stdout
    assert run("rules", "show", "XX").returncode == 1


def test_rules_recognition_prints_a_forums_regimes() -> None:
    out = run("rules", "recognition", "GB-EW", "--format", "markdown")
    assert out.returncode == 0, out.stderr
    assert "`gb-ew/arbitration-act-1996`" in out.stdout
    assert "`s100-1-nyc-award`" in out.stdout
    assert "`us/fsia-suit`" not in out.stdout  # another forum's
    text = run("rules", "recognition", "CA-ON")
    assert text.returncode == 0
    assert "s12-4-central-bank" in text.stdout
    for bad in (
        ("rules", "recognition", "FR"),
        ("rules", "recognition", "XX"),
        ("rules", "recognition", "--format", "x"),
    ):
        failed = run(*bad)
        assert failed.returncode == 1
        assert "Traceback" not in failed.stderr
    assert "no recognition grounds are written for FR" in run("rules", "recognition", "FR").stderr


def test_rules_stale_counts_from_the_given_day() -> None:
    # On 2020-01-01 every file was reviewed less than 365 days before or after, and every table covers the day.
    fine = run("rules", "stale", "--days", "365", "--today", "2020-01-01")
    assert fine.returncode == 0, fine.stdout
    assert "every table covers it" in fine.stdout
    old = run("rules", "stale", "--days", "30", "--today", "2030-01-01")
    assert old.returncode == 1
    assert "cplr-5004.yaml: reviewed" in old.stdout


def test_rules_stale_no_longer_calls_a_table_that_has_ended_fine() -> None:
    # Reviews within a century, but no shipped table reaches 2030: the command must say so and exit 1.
    out = run("rules", "stale", "--days", "36500", "--today", "2030-01-01")
    assert out.returncode == 1
    assert "data table us-1y-cmt-weekly: ends" in out.stdout
    assert "reviewed within" not in out.stdout


def test_rates_update_writes_the_new_rows_to_a_copy(tmp_path: Path) -> None:
    official = tmp_path / "WGS1YR.csv"
    official.write_text("observation_date,WGS1YR\n2018-02-23,2.02\n2099-01-02,4.00\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    out = run("rates", "update", "us-1y-cmt-weekly", str(official), "--output", str(target))
    assert out.returncode == 0, out.stderr
    assert "1 row(s) added, 1 confirmed" in out.stdout
    # The copy holds the new row only, cited to the file it came from; the 2018 row stays the shipped one's.
    day, value, cited = next(csv.reader([target.read_text(encoding="utf-8").splitlines()[-1]]))
    assert (day, value) == ("2099-01-02", "4.00")
    assert cited.startswith("WGS1YR.csv, merged by `exequatur rates update`")
    wrong = tmp_path / "wrong.csv"
    shutil.copy(official, wrong)
    wrong.write_text("observation_date,WGS1YR\n2018-02-23,2.03\n", encoding="utf-8")
    refused = run("rates", "update", "us-1y-cmt-weekly", str(wrong), "--output", str(tmp_path / "x.csv"))
    assert refused.returncode == 1
    assert "contradicts" in refused.stderr
    assert not (tmp_path / "x.csv").exists()
    again = run("rates", "update", "us-1y-cmt-weekly", str(official), "--output", str(target))
    assert again.returncode == 1
    assert "add --force" in again.stderr
    wrong_name = run("rates", "update", "us-1y-cmt-weekly", str(official), "--output", str(tmp_path / "x.txt"))
    assert wrong_name.returncode == 1
    assert "must end in .csv" in wrong_name.stderr
    # The shipped table itself was not touched by any run.
    assert "2099-01-02" not in shipped_tables().path("us-1y-cmt-weekly").read_text(encoding="utf-8")


def test_compare_json_and_charts(tmp_path: Path) -> None:
    png, html = tmp_path / "c.png", tmp_path / "c.html"
    out = run(
        "compare",
        str(EXAMPLE),
        "--instrument",
        "award",
        "--forums",
        "US-NY,US-FED",
        "--recognized-on",
        "2018-03-02",
        "--until",
        "2023-08-14",
        "--format",
        "json",
        "--png",
        str(png),
        "--html",
        str(html),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    fed = next(f for f in data["forums"] if f["forum"] == "US-FED")
    # The D.D.C. judgment was entered on 2018-03-02: the projection must reproduce the example's instrument, which
    # tests/examples/test_rusoro.py holds to Rusoro's published US$1.48bn.
    assert abs(float(fed["total"]) - 1.48e9) < 5e6
    assert png.exists()
    assert html.exists()


def test_compare_csv_has_the_baseline_then_each_forum() -> None:
    args = ["compare", str(EXAMPLE), "--instrument", "award", "--forums", "US-NY,US-FED"]
    out = run(*args, "--recognized-on", "2018-03-02", "--until", "2023-08-14", "--format", "csv")
    assert out.returncode == 0, out.stderr
    header, *lines = out.stdout.splitlines()
    assert header == "label,forum,currency,at_entry,principal,interest,total,error"
    rows = list(csv.DictReader(out.stdout.splitlines()))
    assert [r["forum"] for r in rows][1:] == ["US-NY", "US-FED"]
    data = json.loads(run(*args, "--recognized-on", "2018-03-02", "--until", "2023-08-14", "--format", "json").stdout)
    assert [r["total"] for r in rows] == [data["baseline"]["total"], *(f["total"] for f in data["forums"])]
    assert len(lines) == 3
