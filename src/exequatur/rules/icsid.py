"""ICSID: the Convention's post-award time limits, and the Additional Facility, to which none of the Convention
applies (so no annulment or revision: its awards are reviewed by the courts of their seat).

An award states its own interest, so neither has an interest rule. Both count time on the Secretariat's days.

References:
    ICSID Convention arts. 49-52; Administrative and Financial Regulations (2006) reg. 29; ICSID Arbitration Rules
    (2022) r.9 and chapter XI; Additional Facility Rules art. 3; Additional Facility Arbitration Rules (2022)
    r.72. Data: rules/deadlines/icsid.yaml, icsid-af.yaml; calendars/icsid.yaml.
"""

from __future__ import annotations

from exequatur.rules.calendars import CourtCalendar, calendar_for
from exequatur.rules.forum import Forum, ForumKind


def secretariat_calendar(venue: str | None = None) -> CourtCalendar:
    """The ICSID Secretariat's days, where its rules count business days."""
    return calendar_for("ICSID", state=venue)


CONVENTION = Forum(
    code="ICSID",
    name="ICSID Convention arbitration",
    kind=ForumKind.ARBITRAL,
    calendar=secretariat_calendar,
    deadlines_file="icsid",
)

ADDITIONAL_FACILITY = Forum(
    code="ICSID-AF",
    name="ICSID Additional Facility arbitration",
    kind=ForumKind.ARBITRAL,
    calendar=secretariat_calendar,
    deadlines_file="icsid-af",
)
