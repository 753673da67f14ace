"""Large statements and far dates on the command line: a clear message, never minutes of layout or a traceback."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

CLI = "from exequatur.interfaces.cli import main; main()"

DAILY = """matter: daily
creditor: {name: C}
debtor: {name: D}
instruments:
  - id: a
    kind: award
    forum: ICC
    date: 2000-01-01
    currency: USD
    amounts: [{label: damages, amount: "1000"}]
    interest: [{from: 2000-01-01, rate: "3%", compounding: daily}]
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=300, check=False)


def test_a_detail_table_beyond_the_limit_is_refused_and_csv_gives_it_whole(tmp_path: Path) -> None:
    matter = tmp_path / "daily.yaml"
    matter.write_text(DAILY, encoding="utf-8")
    # Daily compounding from 2000-01-01 to 2020-01-01: 7,305 days, each an accrual and a capitalization line.
    table = run("owe", str(matter), "--as-of", "2020-01-01", "--detail")
    assert table.returncode == 1
    assert "14,610 lines" in table.stderr
    assert "--format csv" in table.stderr
    whole = run("owe", str(matter), "--as-of", "2020-01-01", "--detail", "--format", "csv")
    assert whole.returncode == 0, whole.stderr
    rows = list(csv.DictReader(io.StringIO(whole.stdout)))
    assert len(rows) == 14_610
    assert rows[0]["from"] == "2000-01-01"


def test_an_as_of_date_past_the_range_is_refused_under_its_option(tmp_path: Path) -> None:
    matter = tmp_path / "daily.yaml"
    matter.write_text(DAILY, encoding="utf-8")
    for day in ("9999-12-31", "3006-01-01"):
        out = run("owe", str(matter), "--as-of", day)
        assert out.returncode == 2
        flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", out.stderr).split())  # rich draws the usage error in a box
        assert "--as-of" in flat
        assert "outside the dates exequatur computes" in flat
        assert "Traceback" not in out.stderr
