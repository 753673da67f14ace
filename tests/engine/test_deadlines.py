"""Deadlines worked by hand from the rules' own words: each test says what the rule counts, which days it skips,
and where the period ends. Weekdays and holidays were read from a printed calendar, not from the program."""

from __future__ import annotations

from datetime import date

import pytest

from exequatur.engine.deadlines import Deadline, Schedule, Status, deadlines
from tests.conftest import matter_from

AS_OF = date(2026, 12, 2)


def schedule(instruments: str, *, debtor: str = "{name: Debtor Co, country: FR}", rest: str = "") -> Schedule:
    parties = f"creditor: {{name: Creditor SA, country: FR}}\ndebtor: {debtor}"
    return deadlines(matter_from(f"matter: m\n{parties}\ninstruments:\n{instruments}\n{rest}"), AS_OF)


def event(kind: str, instrument: str, day: str, *, rule: str | None = None) -> str:
    named = f", rule: {rule}" if rule else ""
    return f"events:\n  - {{event: {kind}{named}, instrument: {instrument}, date: {day}}}\n"


US = "{name: United States of America, country: US, sovereign: true}"


def judgment(forum: str, entered: str, *, ident: str = "j", extra: str = "") -> str:
    return (
        f"  - {{id: {ident}, kind: judgment, forum: {forum}, date: {entered}, currency: USD, "
        f'amounts: [{{label: sum, amount: "1000"}}]{extra}}}'
    )


def award(forum: str, rendered: str, *, ident: str = "a", extra: str = "") -> str:
    return (
        f"  - {{id: {ident}, kind: award, forum: {forum}, date: {rendered}, currency: USD, "
        f'amounts: [{{label: sum, amount: "1000"}}]{extra}}}'
    )


def one(s: Schedule, rule: str) -> Deadline:
    found = [d for d in s.deadlines if d.rule == rule]
    assert len(found) == 1, [d.rule for d in s.deadlines]
    return found[0]


# -- the Federal Rules --------------------------------------------------------------------------------------------


def test_frap_4_a_sunday_runs_to_monday() -> None:
    # The issue's own example: entered Fri 2 Mar 2018; FRAP 26(a)(1)(A) leaves out the day of entry, so day 30 is
    # Sun 1 Apr 2018; (C) carries it to Mon 2 Apr.
    d = one(schedule(judgment("US-FED", "2018-03-02", extra=", venue: DC")), "us-fed/frap-4a1a")
    assert d.due == date(2018, 4, 2)
    assert d.computation == (
        "entered 2018-03-02 + 30 days = 2018-04-01, a Sunday → next court day 2018-04-02 (Fed. R. App. P. 26(a)(1)(C))"
    )
    assert d.trigger.date == date(2018, 3, 2)
    assert "4(a)(1)(A)" in d.citation


def test_frap_26_a_6_counts_the_holidays_of_the_district_s_state() -> None:
    # Entered Fri 16 Mar 2018: day 30 is Sun 15 Apr. Mon 16 Apr 2018 is D.C. Emancipation Day, a holiday of the
    # District (FRAP 26(a)(6)(C); FRAP 1(b): "state" includes D.C.), so in D.D.C. the notice is due Tue 17 Apr; in a
    # New York district Monday is a court day.
    dc = one(schedule(judgment("US-FED", "2018-03-16", extra=", venue: DC")), "us-fed/frap-4a1a")
    ny = one(schedule(judgment("US-FED", "2018-03-16", extra=", venue: NY")), "us-fed/frap-4a1a")
    assert dc.due == date(2018, 4, 17)
    assert "Emancipation Day" in dc.computation
    assert ny.due == date(2018, 4, 16)


def test_frap_4_gives_sixty_days_where_the_united_states_is_a_party() -> None:
    # FRAP 4(a)(1)(B): 60 days. Entered Mon 3 Jun 2019: day 60 is Fri 2 Aug 2019.
    s = schedule(
        judgment("US-FED", "2019-06-03"), debtor="{name: United States of America, country: US, sovereign: true}"
    )
    assert one(s, "us-fed/frap-4a1b").due == date(2019, 8, 2)
    assert not [d for d in s.deadlines if d.rule == "us-fed/frap-4a1a"]


@pytest.mark.parametrize(
    ("entered", "due", "period"),
    [
        # 14 days for a judgment entered before 1 Dec 2018: Fri 30 Nov 2018 + 14 = Fri 14 Dec 2018.
        ("2018-11-30", date(2018, 12, 14), "14 days"),
        # 30 days from 1 Dec 2018: Mon 3 Dec 2018 + 30 = Wed 2 Jan 2019 (1 Jan is New Year's Day, not the last day).
        ("2018-12-03", date(2019, 1, 2), "30 days"),
        # Tue 4 Jun 2019 + 30 = Thu 4 Jul 2019, Independence Day: the stay runs to Fri 5 Jul (FRCP 6(a)(1)(C)).
        ("2019-06-04", date(2019, 7, 5), "30 days"),
        # Before 1 Dec 2009: 10 days, weekends and holidays not counted (former FRCP 6(a), a period under 11 days).
        # Fri 1 Jul 2005: Jul 5 (Mon 4 Jul is Independence Day), 6, 7, 8, 11, 12, 13, 14, 15, 18 -> Mon 18 Jul.
        ("2005-07-01", date(2005, 7, 18), "10 court days"),
    ],
)
def test_frcp_62_a_the_version_in_force_on_the_day_of_entry(entered: str, due: date, period: str) -> None:
    d = one(schedule(judgment("US-FED", entered)), "us-fed/frcp-62a")
    assert d.due == due
    assert f"+ {period}" in d.computation
    assert d.nature.value == "wait"
    assert d.status is Status.MET  # long past on 2 Dec 2026: the stay has run


def test_9_usc_207_three_years_from_the_award_and_met_by_a_petition_in_time() -> None:
    # An ICC award of Mon 29 Feb 2016 confirmed in a federal court: three years end on 28 Feb 2019, a Thursday
    # (2019 has no 29 February: the period ends on the month's last day). The petition of 1 Mar 2019 is late.
    s = schedule(
        award("ICC", "2016-02-29") + "\n" + judgment("US-FED", "2019-06-03", extra=", based_on: a"),
        rest=(
            "proceedings:\n"
            "  - {id: petition, kind: confirmation, forum: US-FED, filed: 2019-03-01, concerns: a, result: j}\n"
        ),
    )
    d = one(s, "us-fed/9-usc-207")
    assert d.due == date(2019, 2, 28)
    assert d.status is Status.MISSED
    assert "late: confirmation proceeding petition filed 2019-03-01" in d.reason


def test_9_usc_207_does_not_reach_an_icsid_convention_award() -> None:
    # 22 U.S.C. §1650a: the Federal Arbitration Act does not apply to ICSID Convention awards.
    s = schedule(award("ICSID", "2019-03-01") + "\n" + judgment("US-FED", "2020-06-01", extra=", based_on: a"))
    assert not [d for d in s.deadlines if d.rule == "us-fed/9-usc-207"]


def test_fsia_1610_c_is_a_task_for_a_sovereign_debtor_and_met_by_the_order() -> None:
    sovereign = "{name: Republic of X, country: XX, sovereign: true}"
    s = schedule(judgment("US-FED", "2020-06-01"), debtor=sovereign)
    task = one(s, "us-fed/fsia-1610c")
    assert (task.status, task.due) == (Status.TASK, None)
    done = schedule(
        judgment("US-FED", "2020-06-01"),
        debtor=sovereign,
        rest="events:\n  - {event: execution-ordered, instrument: j, date: 2021-01-05}\n",
    )
    assert one(done, "us-fed/fsia-1610c").status is Status.MET
    assert not [d for d in schedule(judgment("US-FED", "2020-06-01")).deadlines if d.rule == "us-fed/fsia-1610c"]


# -- New York -----------------------------------------------------------------------------------------------------


def test_cplr_5513_runs_from_service_and_skips_election_day() -> None:
    # Served Sun 6 Oct 2024 (as recorded) + 30 days = Tue 5 Nov 2024, Election Day, a New York court holiday
    # (GCL §24): GCL §25-a carries the appeal to Wed 6 Nov.
    s = schedule(
        judgment("US-NY", "2024-10-01"), rest="events:\n  - {event: served, instrument: j, date: 2024-10-06}\n"
    )
    d = one(s, "us-ny/cplr-5513a")
    assert d.due == date(2024, 11, 6)
    assert "Election Day" in d.computation
    assert d.status is Status.MISSED  # no appeal recorded, and 2 Dec 2026 is long after


def test_cplr_5513_without_service_asks_for_it() -> None:
    d = one(schedule(judgment("US-NY", "2024-10-01")), "us-ny/cplr-5513a")
    assert (d.status, d.due, d.trigger.date) == (Status.NEEDS_FACT, None, None)
    assert "event: served" in d.reason


def test_cplr_5203_lien_from_a_leap_day_and_renewal() -> None:
    # Entered Fri 29 Feb 2020: ten years end on 28 Feb 2030 (2030 has no 29 February; GCL §30 takes the month's last
    # day), a Thursday. The lien is a period, not an act: it is not carried past a closed day.
    d = one(schedule(judgment("US-NY", "2020-02-29")), "us-ny/cplr-5203a")
    assert d.due == date(2030, 2, 28)
    assert d.status is Status.OPEN
    # Entered Wed 29 Feb 2012: the lien ran to Mon 28 Feb 2022; a renewal recorded on 1 Jun 2021 kept it, and
    # without one it lapsed.
    lapsed = one(schedule(judgment("US-NY", "2012-02-29")), "us-ny/cplr-5203a")
    assert (lapsed.due, lapsed.status) == (date(2022, 2, 28), Status.MISSED)
    assert lapsed.reason == "the lien lapsed (2022-02-28): nothing recorded"
    renewed = schedule(judgment("US-NY", "2012-02-29"), rest=event("renewed", "j", "2021-06-01"))
    assert one(renewed, "us-ny/cplr-5203a").status is Status.MET


def test_cplr_5222_one_year_per_notice() -> None:
    # One deadline per restraining notice: served 3 Mar 2025 and 10 Apr 2025, each lapses a year later.
    s = schedule(
        judgment("US-NY", "2024-10-01"),
        rest=(
            "events:\n"
            "  - {event: restraining-notice-served, instrument: j, date: 2025-03-03}\n"
            "  - {event: restraining-notice-served, instrument: j, date: 2025-04-10}\n"
        ),
    )
    dues = [d.due for d in s.deadlines if d.rule == "us-ny/cplr-5222b"]
    assert dues == [date(2026, 3, 3), date(2026, 4, 10)]
    # A judgment with no notice has no such deadline (the trigger may never happen).
    assert not [d for d in schedule(judgment("US-NY", "2024-10-01")).deadlines if d.rule == "us-ny/cplr-5222b"]


# -- Ontario ------------------------------------------------------------------------------------------------------


def test_ontario_appeal_over_canada_day_observed() -> None:
    # Made Thu 1 Jun 2023 + 30 days = Sat 1 Jul 2023, Canada Day; r.1.03(1) makes the following Monday (3 Jul) a
    # holiday too, so r.3.01(1)(c) carries the appeal to Tue 4 Jul 2023.
    d = one(schedule(judgment("CA-ON", "2023-06-01")), "ca-on/r-61.04")
    assert d.due == date(2023, 7, 4)
    assert d.computation.startswith("made 2023-06-01 + 30 days = 2023-07-01, a Saturday (Canada Day)")


def test_icaa_ten_years_and_the_2018_floor() -> None:
    # An award made Mon 1 May 2006 and recognized in Ontario: its tenth anniversary (1 May 2016) is before 31 Dec
    # 2018, so s.10 gives until 31 Dec 2018, a Monday.
    s = schedule(award("ICC", "2006-05-01") + "\n" + judgment("CA-ON", "2019-06-03", extra=", based_on: a"))
    assert one(s, "ca-on/icaa-2017-s10").due == date(2018, 12, 31)
    # An award of Mon 29 Feb 2016: the tenth anniversary falls on 28 Feb 2026, a Saturday, when the court offices
    # are closed: Legislation Act s.89(2) gives Mon 2 Mar 2026.
    leap = schedule(award("ICC", "2016-02-29") + "\n" + judgment("CA-ON", "2019-06-03", extra=", based_on: a"))
    assert one(leap, "ca-on/icaa-2017-s10").due == date(2026, 3, 2)


# -- France -------------------------------------------------------------------------------------------------------


def test_french_set_aside_month_ends_and_the_party_abroad() -> None:
    # Notified Thu 31 Jan 2019 to a debtor in France: one month ends on 28 Feb 2019 (no 31 February, CPC art. 641
    # al. 2), a Thursday.
    rest = "events:\n  - {event: notified, instrument: a, date: 2019-01-31}\n"
    home = schedule(award("ICC", "2019-01-15", extra=", seat: FR"), rest=rest)
    assert one(home, "fr/cpc-1519").due == date(2019, 2, 28)
    # A debtor in Venezuela has two months more (CPC art. 643 2°): three months from 31 Jan end on 30 Apr 2019,
    # a Tuesday (months are counted first, art. 641 al. 3).
    abroad = schedule(award("ICC", "2019-01-15", extra=", seat: FR"), debtor="{name: R, country: VE}", rest=rest)
    d = one(abroad, "fr/cpc-1519")
    assert d.due == date(2019, 4, 30)
    assert "+ 2 months for a party abroad" in d.computation
    # Art. 643 does not name the recours en annulation: the date without the two months is shown beside it.
    assert d.computation.endswith("without the 2 months for a party abroad: 2019-02-28")


def test_french_set_aside_a_saturday_leap_day_runs_to_monday() -> None:
    # Notified Fri 31 Jan 2020 (leap year): one month ends on Sat 29 Feb 2020; CPC art. 642 al. 2 carries it to the
    # first working day, Mon 2 Mar 2020.
    rest = "events:\n  - {event: notified, instrument: a, date: 2020-01-31}\n"
    d = one(schedule(award("ICC", "2020-01-15", extra=", seat: FR"), rest=rest), "fr/cpc-1519")
    assert d.due == date(2020, 3, 2)


def test_french_set_aside_without_notification_needs_it_and_no_seat_no_rule() -> None:
    d = one(schedule(award("ICC", "2020-01-15", extra=", seat: FR")), "fr/cpc-1519")
    assert d.status is Status.NEEDS_FACT
    assert not [d for d in schedule(award("ICC", "2020-01-15")).deadlines if d.rule == "fr/cpc-1519"]


# -- ICSID --------------------------------------------------------------------------------------------------------


def test_icsid_convention_periods_under_the_2006_regulations() -> None:
    # Dispatched Fri 1 Mar 2019. Art. 49(2): +45 days = Mon 15 Apr 2019. Art. 52(2): +120 days = Sat 29 Jun 2019;
    # AFR reg. 29(2) carries it to Mon 1 Jul. Art. 51(2): three years = Tue 1 Mar 2022.
    s = schedule(award("ICSID", "2019-03-01"))
    assert one(s, "icsid/art-49-2").due == date(2019, 4, 15)
    assert one(s, "icsid/art-52-2").due == date(2019, 7, 1)
    assert one(s, "icsid/art-51-2").due == date(2022, 3, 1)
    assert one(s, "icsid/art-52-2").status is Status.MISSED
    annulled = schedule(
        award("ICSID", "2019-03-01"),
        rest="proceedings:\n  - {id: ann, kind: annulment, forum: ICSID, filed: 2019-06-28, concerns: a}\n",
    )
    assert one(annulled, "icsid/art-52-2").status is Status.MET


def test_icsid_revision_is_capped_by_the_three_years() -> None:
    # Discovered 20 Dec 2021: 90 days would end Sun 20 Mar 2022, but "in any event within three years" of the
    # award of 1 Mar 2019, so 1 Mar 2022.
    s = schedule(
        award("ICSID", "2019-03-01"), rest="events:\n  - {event: discovered, instrument: a, date: 2021-12-20}\n"
    )
    d = one(s, "icsid/art-51-2-discovery")
    assert d.due == date(2022, 3, 1)
    assert "in any event by 2022-03-01" in d.computation


def test_icsid_2022_rules_and_no_annulment_for_an_additional_facility_award() -> None:
    # Dispatched Fri 13 Jan 2023: +120 days = Sat 13 May 2023 -> Mon 15 May (r.9, weekends).
    assert one(schedule(award("ICSID", "2023-01-13")), "icsid/art-52-2").due == date(2023, 5, 15)
    # The same award under the Additional Facility: none of the Convention applies; r.72 gives 45 days (Mon 27
    # Feb 2023) for supplementary decision, rectification or interpretation.
    af = schedule(award("ICSID-AF", "2023-01-13"))
    assert not [d for d in af.deadlines if d.rule.startswith("icsid/")]
    assert one(af, "icsid-af/rule-72").due == date(2023, 2, 27)
    assert any("No ICSID annulment" in n for n in af.notes)


# -- statuses -----------------------------------------------------------------------------------------------------


def test_a_done_event_meets_a_rule_and_a_late_one_misses_it() -> None:
    base = judgment("US-FED", "2018-03-02", extra=", venue: DC")
    on_time = schedule(
        base, rest="events:\n  - {event: done, rule: us-fed/frap-4a1a, instrument: j, date: 2018-04-02}\n"
    )
    late = schedule(base, rest=event("done", "j", "2018-04-03", rule="us-fed/frap-4a1a"))
    assert one(on_time, "us-fed/frap-4a1a").status is Status.MET
    assert one(late, "us-fed/frap-4a1a").status is Status.MISSED


def test_an_open_deadline_counts_its_days_and_a_sought_judgment_has_none() -> None:
    s = deadlines(
        matter_from(
            "matter: m\ncreditor: {name: C}\ndebtor: {name: D}\ninstruments:\n"
            + judgment("US-NY", "2026-11-20")
            + "\n"
            + judgment("US-NY", "2026-11-20", ident="s", extra=", status: sought")
        ),
        date(2026, 12, 2),
    )
    lien = one(s, "us-ny/cplr-5203a")
    assert lien.status is Status.OPEN
    assert lien.reason == f"{(date(2036, 11, 20) - date(2026, 12, 2)).days} days left"
    assert {d.instrument for d in s.deadlines} == {"j"}
    assert any(n.startswith("s: sought") for n in s.notes)


def test_the_list_is_in_date_order_with_the_undated_last() -> None:
    s = schedule(judgment("US-NY", "2024-10-01"))
    dated = [d.due for d in s.deadlines if d.due is not None]
    assert dated == sorted(dated)
    assert [d.due for d in s.deadlines][-1] is None


# -- deadlines the parties agreed -----------------------------------------------------------------------------------


SETTLED = """
matter: m
creditor: {name: C}
debtor: {name: D}
instruments:
  - {id: j, kind: judgment, forum: US-NY, date: 2020-06-01, currency: USD, amounts: [{label: s, amount: "1000"}]}
settlements:
  - id: deal
    debt: j
    date: 2021-01-04
    amount: "900"
    currency: USD
    instalments: [{due: 2021-06-30, amount: "900"}]
    default: {on: 2021-07-01, clause: revival}
deadlines:
  - id: cure
    title: cure period after a payment default
    trigger: settlement-default
    instrument: j
    period: 30 days
    actor: debtor
    citation: Settlement Agreement §7.2
"""


def test_an_agreed_cure_period_runs_from_the_settlement_default() -> None:
    # Default Thu 1 Jul 2021 + 30 days = Sat 31 Jul 2021: on the New York courts' calendar the last day runs to
    # Mon 2 Aug 2021, as the clause (roll: true, the default) says.
    s = deadlines(matter_from(SETTLED), AS_OF)
    d = one(s, "matter/cure")
    assert d.due == date(2021, 8, 2)
    assert d.trigger.date == date(2021, 7, 1)
    assert d.citation == "Settlement Agreement §7.2"
    assert "settlement-default 2021-07-01 + 30 days = 2021-07-31, a Saturday" in d.computation
    assert d.status is Status.MISSED
    cured = SETTLED + "events:\n  - {event: done, rule: matter/cure, instrument: j, date: 2021-07-30}\n"
    assert one(deadlines(matter_from(cured), AS_OF), "matter/cure").status is Status.MET


# -- the record as it stood, and what no rule read -------------------------------------------------------------------


def test_events_after_the_as_of_date_are_left_out() -> None:
    # A notice of appeal filed 30 Mar 2018, asked about on 20 Mar 2018: then the appeal was still open.
    text = judgment("US-FED", "2018-03-02", extra=", venue: DC")
    rest = event("done", "j", "2018-03-30", rule="us-fed/frap-4a1a")
    early = deadlines(
        matter_from(f"matter: m\ncreditor: {{name: C}}\ndebtor: {{name: D}}\ninstruments:\n{text}\n{rest}"),
        date(2018, 3, 20),
    )
    d = one(early, "us-fed/frap-4a1a")
    assert (d.status, d.reason) == (Status.OPEN, "13 days left")
    assert any("fall after 2018-03-20 and are left out" in n for n in early.notes)
    assert one(schedule(text, rest=rest), "us-fed/frap-4a1a").status is Status.MET


def test_an_event_no_rule_reads_is_noted() -> None:
    # A `done` on a federal rule for a New York judgment, and a notification of a judgment: neither is read.
    s = schedule(
        judgment("US-NY", "2024-10-01"),
        rest=(
            "events:\n"
            "  - {event: done, rule: us-fed/frap-4a1a, instrument: j, date: 2024-10-20}\n"
            "  - {event: notified, instrument: j, date: 2024-10-02}\n"
        ),
    )
    assert any("done on us-fed/frap-4a1a, which lists no deadline for j" in n for n in s.notes)
    assert any("no deadline of j runs from or is met by notified" in n for n in s.notes)


def test_a_seat_without_rules_is_said_so() -> None:
    s = schedule(award("LCIA", "2024-01-15", extra=", seat: GB-EW"))
    assert any(n.startswith("GB-EW: no deadline rules are written") for n in s.notes)


def test_icaa_restarts_from_the_set_aside_at_the_seat() -> None:
    # ICAA 2017 s.10(b): an award of 15 Jan 2019 whose set-aside at the seat was decided Tue 10 Mar 2020: ten
    # years from then, Sun 10 Mar 2030 -> Mon 11 Mar 2030 (s.89(2)). Still pending: the start is not known.
    base = award("ICC", "2019-01-15") + "\n" + judgment("CA-ON", "2021-06-01", extra=", based_on: a")
    decided = (
        "proceedings:\n  - {id: sa, kind: set-aside, forum: FR, filed: 2019-02-10, decided: 2020-03-10, concerns: a}\n"
    )
    d = one(schedule(base, rest=decided), "ca-on/icaa-2017-s10")
    assert d.due == date(2030, 3, 11)
    assert d.computation.startswith("sa (set-aside) decided 2020-03-10 + 10 years")
    pending = "proceedings:\n  - {id: sa, kind: set-aside, forum: FR, filed: 2019-02-10, concerns: a}\n"
    assert one(schedule(base, rest=pending), "ca-on/icaa-2017-s10").status is Status.NEEDS_FACT
