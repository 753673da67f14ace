"""The law and data commands as a user runs them: rules list/show/stale, rates list/update, compare."""

from __future__ import annotations

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


def test_rules_stale_counts_from_the_given_day() -> None:
    assert run("rules", "stale", "--days", "365", "--today", "2026-11-25").returncode == 0
    old = run("rules", "stale", "--days", "30", "--today", "2030-01-01")
    assert old.returncode == 1
    assert "cplr-5004.yaml: reviewed" in old.stdout


def test_rates_update_writes_a_merged_copy(tmp_path: Path) -> None:
    official = tmp_path / "WGS1YR.csv"
    official.write_text("observation_date,WGS1YR\n2018-02-23,2.02\n2099-01-02,4.00\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    out = run("rates", "update", "us-1y-cmt-weekly", str(official), "--output", str(target))
    assert out.returncode == 0, out.stderr
    assert "1 row(s) added" in out.stdout
    assert target.read_text(encoding="utf-8").rstrip().endswith("2099-01-02,4.00")
    wrong = tmp_path / "wrong.csv"
    shutil.copy(official, wrong)
    wrong.write_text("observation_date,WGS1YR\n2018-02-23,2.03\n", encoding="utf-8")
    refused = run("rates", "update", "us-1y-cmt-weekly", str(wrong), "--output", str(tmp_path / "x.csv"))
    assert refused.returncode == 1
    assert "contradicts" in refused.stderr
    assert not (tmp_path / "x.csv").exists()
    # The shipped table itself was not touched by either run.
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
