"""The command line as a user meets it: the example, the formats, --rates, and errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE

CLI = [sys.executable, "-c", "from exequatur.interfaces.cli import main; main()"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


def test_owe_json_matches_the_documented_shape() -> None:
    out = run("owe", str(EXAMPLE), "--as-of", "2023-08-14", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["matter"], data["as_of"]) == ("rusoro-v-venezuela", "2023-08-14")
    by_id = {i["id"]: i for i in data["instruments"]}
    assert set(by_id) == {"award", "on-judgment", "ny-judgment", "ddc-judgment", "ny-settlement-judgment"}
    (debt,) = data["debts"]  # one debt: single recovery across the award and every judgment on it
    assert debt["largest"] == "award"
    assert by_id["ny-judgment"]["status"] == "sought"
    for item in by_id.values():
        for key in ("principal", "interest", "paid", "total"):
            assert item[key].count(".") == 1
            assert len(item[key].split(".")[1]) == 2
        assert float(item["total"]) == pytest.approx(float(item["principal"]) + float(item["interest"]), abs=0.001)


def test_an_instrument_that_cannot_be_computed_is_reported_and_the_rest_still_are(tmp_path: Path) -> None:
    # The example with only the 2011 LIBOR fixing left in its own list: the award's 2012 reset has no rate, so the
    # award and the judgments that carry its balance fail with the reason; nothing else is affected and the
    # command exits 1. (A --rates file can no longer take rows away: it extends the list.)
    text = EXAMPLE.read_text(encoding="utf-8")
    trimmed = re.sub(r"^ +- \{date: 20(1[2-9]|2\d)-09-1\d, value: .*\n", "", text, flags=re.MULTILINE)
    assert trimmed.count("{date: 20") == text.count("{date: 20") - 11  # the fixings of 2012 to 2022 are gone
    matter = tmp_path / "rusoro-2011-only.yaml"
    matter.write_text(trimmed, encoding="utf-8")
    out = run("owe", str(matter), "--as-of", "2017-06-01", "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    by_id = {i["id"]: i for i in data["instruments"]}
    assert "usd-libor-12m" in by_id["award"]["error"]
    assert "2012-09-16" in by_id["award"]["error"]
    # Instruments entered after the date asked about are listed as not yet entered, not as errors.
    assert "ddc-judgment" in data["not_yet"]


def test_owe_one_instrument_succeeds() -> None:
    out = run("owe", str(EXAMPLE), "--as-of", "2023-08-14", "--instrument", "ddc-judgment")
    assert out.returncode == 0, out.stderr
    # Regression guard (a snapshot, not a proof): the exact cents were computed by this program; their correctness
    # rests on tests/examples/test_rusoro.py (Rusoro's published US$1.48bn) and the hand-worked unit tests.
    assert "1,481,116,704.47" in out.stdout
    assert "28 U.S.C. §1961" in out.stdout


def test_owe_detail_carries_citations_and_rate_rows() -> None:
    out = run("owe", str(EXAMPLE), "--as-of", "2019-01-01", "--instrument", "award", "--detail")
    assert out.returncode == 0, out.stderr
    assert "Award ¶ 900" in out.stdout
    assert "usd-libor-12m 0.83494% on 2011-09-16" in out.stdout
    assert "[1] [r1]" in out.stdout  # each line points to its rule and its rate row
    assert "rusoro-v-venezuela.yaml:" in out.stdout


def test_owe_csv_detail_has_one_row_per_line() -> None:
    out = run("owe", str(EXAMPLE), "--as-of", "2019-01-01", "--instrument", "award", "--format", "csv", "--detail")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["type"] for r in rows} == {"interest", "capitalization"}
    first = rows[0]
    assert (first["rate_table"], first["rate_date"], first["rate_value"]) == ("usd-libor-12m", "2011-09-16", "0.83494")


def test_rates_file_overrides_for_one_run(tmp_path: Path) -> None:
    table = tmp_path / "libor.csv"
    table.write_text(
        "# id: usd-libor-12m\n# title: flat test fixings\n# source: made up for this test\n"
        "# max_gap_days: 4000\ndate,value\n2011-09-16,0\n",
        encoding="utf-8",
    )
    args = ["owe", str(EXAMPLE), "--as-of", "2017-01-01", "--instrument", "award", "--format", "json", "--detail"]
    base = json.loads(run(*args).stdout)["instruments"][0]["lines"][0]
    flat = json.loads(run(*args, "--rates", str(table)).stdout)["instruments"][0]["lines"][0]
    # With LIBOR at 0 the first year earns the 4% floor: 966,500,000 x 0.04 = 38,660,000; x 366/365 = 38,765,917.81
    assert (flat["rate"], flat["amount"]) == ("4%", "38765917.81")
    assert flat["rate_row"]["row"].endswith("libor.csv:6")
    # The example's own fixing (0.83494% + 4%) when no file overrides it.
    assert base["rate"] == "4.83494%"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["owe", "EXAMPLE", "--as-of", "2023-02-30"], "not a date"),
        (["owe", "EXAMPLE", "--instrument", "nope"], "no instrument 'nope'"),
        (["owe", "EXAMPLE", "--rates", "/nonexistent.csv"], "cannot read the rate table"),
        (["owe", "/nonexistent.yaml"], "no such file"),
    ],
)
def test_bad_arguments_are_messages_not_tracebacks(args: list[str], message: str) -> None:
    out = run(*[str(EXAMPLE) if a == "EXAMPLE" else a for a in args])
    assert out.returncode != 0
    assert message in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_check_passes_on_the_example_and_schema_prints() -> None:
    assert run("check", str(EXAMPLE)).returncode == 0
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "exequatur matter file"
    assert "instruments" in schema["properties"]


def test_csv_summary_carries_the_forum_currency_equivalent() -> None:
    # The Ontario judgment converts at payment (s.121): on 2023-08-14 the CSV gives its CAD equivalent.
    out = run("owe", str(EXAMPLE), "--as-of", "2023-08-14", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert rows["on-judgment"]["equivalent_currency"] == "CAD"
    assert rows["award"]["equivalent_currency"] == ""
    # Each figure as the JSON gives it, the capitalized interest among them (part of the interest).
    document = json.loads(run("owe", str(EXAMPLE), "--as-of", "2023-08-14", "--format", "json").stdout)
    for instrument in document["instruments"]:
        row = rows[instrument["id"]]
        for key in ("principal", "interest", "paid", "total", "unapplied", "per_diem", "capitalized"):
            assert row[key] == instrument[key], (instrument["id"], key)
        assert Decimal(row["capitalized"]) <= Decimal(row["interest"])
    assert Decimal(rows["award"]["capitalized"]) > 0


def test_a_debt_in_two_currencies_past_the_exchange_tables_still_computes(tmp_path: Path) -> None:
    matter = tmp_path / "fx.yaml"
    matter.write_text(
        """matter: fx
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: a, kind: award, forum: ICC, date: 2019-01-02, currency: EUR, amounts: [{label: x, amount: "1000"}]}
  - {id: j, kind: judgment, forum: US-FED, date: 2020-01-02, currency: USD, based_on: a, amounts: carried}
""",
        encoding="utf-8",
    )
    out = run("owe", str(matter), "--as-of", "2026-11-20", "--format", "json")  # past H.10 and the ECB copy
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {i["id"] for i in data["instruments"]} == {"a", "j"}
    assert any(n["kind"] == "left-out" and "left out of the comparison" in n["text"] for n in data["debts"][0]["notes"])


def test_a_report_with_an_instrument_not_computed_says_which_and_why(tmp_path: Path) -> None:
    # The statement is written with the failure in its place, exit 1; stderr says which instrument and why.
    out = tmp_path / "early.json"
    done = run("report", str(EXAMPLE), "--as-of", "2017-01-01", "--instrument", "ddc-judgment", "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert f"statement written to {out}" in done.stderr
    assert "error: ddc-judgment: not computed, " in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["instruments"][0]["id"] == "ddc-judgment"
