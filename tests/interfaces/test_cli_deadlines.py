"""`exequatur deadlines`: the Rusoro acceptance (the Ontario appeal period expired, no ICSID annulment for the
Additional Facility award), the window, the .ics file, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from icalendar import Calendar
from typer.testing import CliRunner

from exequatur.interfaces.cli import app
from tests.conftest import EXAMPLE


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["deadlines", *args], env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_rusoro_lists_its_deadlines_with_dates_and_citations() -> None:
    status, out, _ = run(str(EXAMPLE), "--as-of", "2026-12-02", "--format", "json")
    assert status == 0
    rows = {r["rule"]: r for r in json.loads(out)["deadlines"]}
    # Ontario: judgment of 25 Apr 2017 + 30 days = Thu 25 May 2017 (r.61.04(1), r.3.01(1)); no appeal recorded, so
    # the time ran out, as Rusoro's release of 6 Dec 2017 said.
    ontario = rows["ca-on/r-61.04"]
    assert (ontario["instrument"], ontario["due"], ontario["status"]) == ("on-judgment", "2017-05-25", "missed")
    assert "r.61.04(1)" in ontario["citation"]
    # D.D.C., entered Fri 2 Mar 2018 (before 1 Dec 2018): the 14-day stay ended Fri 16 Mar 2018.
    assert rows["us-fed/frcp-62a"]["due"] == "2018-03-16"
    # ICAA 2017 s.10(b): ten years from the end of the set-aside at the seat (Paris, 7 Jun 2022), a Monday;
    # the Ontario recognition of 2017 meets it.
    icaa = rows["ca-on/icaa-2017-s10"]
    assert (icaa["due"], icaa["status"]) == ("2032-06-07", "met")
    # 9 U.S.C. §207: three years from 22 Aug 2016, met by the petition of 10 Oct 2016.
    assert (rows["us-fed/9-usc-207"]["due"], rows["us-fed/9-usc-207"]["status"]) == ("2019-08-22", "met")
    # The Additional Facility award: no ICSID annulment or revision; Paris set-aside needs the notification date.
    assert not [r for r in rows if r.startswith("icsid/")]
    assert rows["fr/cpc-1519"]["status"] == "needs-fact"
    assert any("No ICSID annulment" in n for n in json.loads(out)["notes"])


def test_the_table_shows_the_arithmetic(tmp_path: Path) -> None:
    status, out, _ = run(str(EXAMPLE), "--as-of", "2026-12-02", "--from", "2018-01-01", "--until", "2018-12-31")
    assert status == 0
    assert "2018-04-01, a Sunday → next court day 2018-04-02" in " ".join(out.split())
    assert "2017-05-25" not in out  # before --from


def test_ics_is_written_and_parses(tmp_path: Path) -> None:
    out = tmp_path / "rusoro.ics"
    status, _, err = run(str(EXAMPLE), "--as-of", "2026-12-02", "--ics", str(out))
    assert status == 0
    assert "written to" in err
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert len(events) == 7
    status, _, err = run(str(EXAMPLE), "--ics", str(out))
    assert status == 1
    assert "--force" in err


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    status, _, err = run(str(EXAMPLE), "--from", "2020-01-01", "--until", "2019-01-01")
    assert status == 2
    assert "before --from" in " ".join(err.split())
    status, _, err = run(str(EXAMPLE), "--ics", str(tmp_path / "x.txt"))
    assert status == 1
    assert "must end in .ics" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8") + "events:\n  - {event: notifyed, instrument: award, date: 2016-08-23}\n",
        encoding="utf-8",
    )
    status, _, err = run(str(bad))
    assert status == 1
    assert "did you mean 'notified'?" in err
    assert "Traceback" not in err
