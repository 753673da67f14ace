"""The deadline exports: the JSON shape the issue fixes, the window filter, and an .ics file that the icalendar
package reads back event for event."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from exequatur.engine.deadlines import Schedule, deadlines
from exequatur.reports.deadlines import schedule_ics, schedule_json, within
from tests.conftest import EXAMPLE, matter_from

AS_OF = date(2026, 12, 2)


def rusoro() -> Schedule:
    return deadlines(matter_from(EXAMPLE.read_text(encoding="utf-8")), AS_OF)


def test_the_json_has_the_fields_the_issue_names() -> None:
    data = schedule_json(rusoro(), rusoro().deadlines)
    assert data["matter"] == "rusoro-v-venezuela"
    for row in data["deadlines"]:
        assert {"id", "rule", "citation", "trigger", "due", "computation", "status"} <= set(row)
        assert "instrument" in row
        assert set(row["trigger"]) == {"event", "date"}
        assert row["status"] in {"open", "met", "missed", "needs-fact", "task"}
        assert row["due"] is None or date.fromisoformat(row["due"])
    frap = next(r for r in data["deadlines"] if r["rule"] == "us-fed/frap-4a1a")
    assert frap["trigger"] == {"event": "entered", "date": "2018-03-02"}
    assert frap["due"] == "2018-04-02"


def test_the_window_keeps_undated_entries() -> None:
    s = rusoro()
    shown = within(s, date(2019, 1, 1), date(2032, 12, 31))
    dated = {d.due for d in shown if d.due is not None}
    # §207, the New York lien, and the Ontario limitation (ten years from the remand decision of 7 Jun 2022)
    assert dated == {date(2019, 8, 22), date(2031, 11, 23), date(2032, 6, 7)}
    assert {d.status.value for d in shown if d.due is None} == {"needs-fact", "task"}


def test_the_ics_file_parses_with_one_event_per_dated_deadline() -> None:
    s = rusoro()
    stamp = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    cal = Calendar.from_ical(schedule_ics(s, s.deadlines, stamp=stamp))
    events = list(cal.walk("VEVENT"))
    dated = [d for d in s.deadlines if d.due is not None]
    assert len(events) == len(dated)
    by_uid = {str(e["UID"]): e for e in events}
    frap = by_uid["rusoro-v-venezuela/ddc-judgment:us-fed/frap-4a1a@exequatur"]
    assert frap.decoded("DTSTART") == date(2018, 4, 2)
    assert frap.decoded("DTEND") == date(2018, 4, 3)  # an all-day event ends the next day (RFC 5545 §3.6.1)
    description = str(frap["DESCRIPTION"])
    assert "Fed. R. App. P. 4(a)(1)(A)" in description
    assert "2018-04-01, a Sunday → next court day 2018-04-02" in description
    assert frap.decoded("DTSTAMP") == stamp


def test_the_ics_uids_are_stable_and_unique() -> None:
    text = """
matter: m
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: US-NY, date: 2024-10-01, currency: USD, amounts: [{label: s, amount: "1"}]}
events:
  - {event: restraining-notice-served, instrument: j, date: 2025-03-03}
  - {event: restraining-notice-served, instrument: j, date: 2025-04-10}
"""
    s = deadlines(matter_from(text), AS_OF)
    first = Calendar.from_ical(schedule_ics(s, s.deadlines, stamp=datetime(2026, 1, 1, tzinfo=UTC)))
    again = Calendar.from_ical(schedule_ics(s, s.deadlines, stamp=datetime(2026, 2, 1, tzinfo=UTC)))
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 4  # two notices, the lien and the 20-year presumption
    assert uids == [str(e["UID"]) for e in again.walk("VEVENT")]
