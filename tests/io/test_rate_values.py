"""Rate files hold plain positive figures, and an update moves a table's coverage as far as its new rows reach."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exequatur.io.atomic import write_atomic
from exequatur.io.ratetables import parse_rate_table
from exequatur.model.errors import RateTableFormatError

CLI = "from exequatur.interfaces.cli import main; main()"
FX = "# id: fx-test\n# title: t\n# source: s\n# quote: USD per EUR\ndate,value\n2026-11-27,1.05\n2026-11-30,VALUE\n"


@pytest.mark.parametrize("value", ["0", "-1.3", "0.0"])
def test_an_exchange_rate_at_or_below_zero_is_refused_at_its_line(value: str) -> None:
    with pytest.raises(RateTableFormatError, match="above zero") as caught:
        parse_rate_table(FX.replace("VALUE", value), "fx.csv")
    assert caught.value.source.line == 7


@pytest.mark.parametrize("value", ["1e3", "NaN", "Infinity", "٣", "1.05.2"])
def test_a_value_that_is_not_a_plain_decimal_is_refused(value: str) -> None:
    with pytest.raises(RateTableFormatError, match="plain decimal"):
        parse_rate_table(FX.replace("VALUE", value), "fx.csv")


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXEQUATUR_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_a_half_year_row_carries_the_french_table_to_the_end_of_its_half_year(tmp_path: Path) -> None:
    # The legal rate is fixed per half-year (C. mon. fin. L313-2): a row dated 2026-07-01 covers 2026-07-01 to
    # 2026-12-31. A judgment of EUR 1,000,000 of 2026-03-02 (no date of service, so no increase) owed on
    # 2026-12-01: 2026-03-02 .. 2026-07-01 = 121 days at 2.62% (arrêté of 15 Dec 2025, autres cas) = 8,685.4795;
    # 2026-07-01 .. 2026-12-01 = 153 days at 2.50% (the test's row) = 10,479.4521; total 19,164.93.
    data = tmp_path / "data"
    rows = tmp_path / "s2.csv"
    rows.write_text("date,value\n2026-07-01,2.50\n", encoding="utf-8")
    update = run(data, "rates", "update", "fr-taux-legal-professionnels", str(rows))
    assert update.returncode == 0, update.stderr
    assert "covers to 2026-12-31" in update.stdout
    matter = tmp_path / "fr.yaml"
    matter.write_text(
        "matter: fr\ncreditor: {name: C SARL}\ndebtor: {name: D}\ninstruments:\n"
        "  - {id: j, kind: judgment, forum: FR, date: 2026-03-02, currency: EUR,"
        ' amounts: [{label: x, amount: "1000000"}]}\n',
        encoding="utf-8",
    )
    owed = run(data, "owe", str(matter), "--as-of", "2026-12-01", "--format", "csv")
    assert owed.returncode == 0, owed.stderr
    assert "19164.93" in owed.stdout


def test_an_update_with_a_zero_exchange_rate_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rows = tmp_path / "fx.csv"
    rows.write_text("observation_date,DEXUSEU\n2026-11-30,0\n", encoding="utf-8")
    out = run(data, "rates", "update", "fx-usd-eur", str(rows))
    assert out.returncode == 1
    assert "above zero" in out.stderr
    assert not (data / "rates" / "fx-usd-eur.csv").exists()


def test_atomic_writes_get_the_ordinary_file_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "t.csv", "x")
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644
