"""`exequatur record --format json`: the matter's proceedings, assets, actions and recoveries as data."""

from __future__ import annotations

import json
import re
from pathlib import Path

from exequatur.interfaces.api import matter
from tests.conftest import EXAMPLE
from tests.interfaces.test_cli import run
from tests.interfaces.test_cli_check import COUNTED

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_the_example_record_as_json() -> None:
    out = run("record", str(EXAMPLE), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    loaded = matter(EXAMPLE)
    assert (data["matter"], data["debtor"]) == ("rusoro-v-venezuela", "Bolivarian Republic of Venezuela")
    assert [p["id"] for p in data["proceedings"]] == [p.id for p in loaded.proceedings]
    assert [a["id"] for a in data["assets"]] == [a.id for a in loaded.assets]
    assert [a["id"] for a in data["actions"]] == [a.id for a in loaded.actions]
    dates = [p[k] for p in data["proceedings"] for k in ("filed", "decided")] + [a["date"] for a in data["actions"]]
    assert any(dates)
    assert all(d is None or ISO.match(d) for d in dates)
    for item in (*data["proceedings"], *data["assets"], *data["actions"]):
        assert item["at"]["file"] == str(EXAMPLE)
        assert item["at"]["line"] > 0
    first = data["proceedings"][0]
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[first["at"]["line"] - 1].strip().startswith("- id:")


def test_recoveries_are_decimal_strings_with_their_action(tmp_path: Path) -> None:
    path = tmp_path / "counted.yaml"
    path.write_text(COUNTED, encoding="utf-8")
    out = run("record", str(path), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    (recovery,) = data["recoveries"]  # the two payments are not recoveries
    assert recovery["date"] == "2021-01-04"
    assert recovery["amount"] == "2500.00"  # written "2,500": a string with the currency's cents, never a float
    assert (recovery["currency"], recovery["instrument"]) == ("USD", "j")
    assert "levy" in recovery["recovered_under"]
    assert recovery["at"]["line"] == 19
    (action,) = data["actions"]
    assert (action["kind"], action["date"], action["asset"]) == ("writ-of-execution", None, "ship")
    (proceeding,) = data["proceedings"]
    assert (proceeding["concerns"], proceeding["result"], proceeding["filed"]) == ("a", "j", None)


def test_text_stays_the_default_and_a_bad_file_is_reported_at_its_line(tmp_path: Path) -> None:
    out = run("record", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    assert "rusoro-v-venezuela: proceedings" in out.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(COUNTED.replace("kind: writ-of-execution", "kind: writ"), encoding="utf-8")
    failed = run("record", str(bad), "--format", "json")
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.startswith(f"{bad}:16: ")
