"""Court calendars against the lists the courts (or their governments) publish, and dates worked by hand from the
rules' own words. Every expected date below is copied from the source named above it, never from the program."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from exequatur.model.errors import RuleError
from exequatur.rules.calendars import (
    ClosedKind,
    CourtCalendar,
    calendar,
    calendar_for,
    calendar_ids,
)
from exequatur.rules.registry import FORUMS


def weekday_closures(cal: CourtCalendar, year: int) -> set[date]:
    """The weekdays of `year` the calendar closes: what a published holiday list shows."""
    return {c.day for c in cal.closed_days(date(year, 1, 1), date(year, 12, 31)) if c.kind is not ClosedKind.WEEKEND}


def days(year: int, *month_days: tuple[int, int]) -> set[date]:
    return {date(year, m, d) for m, d in month_days}


# ------------------------------------------------------------------------------------------------ New York courts

# New York State Unified Court System, "2024 Holidays" (Court Terms & Holidays page):
# https://nycourts.gov/courts/nyc/housing/calendar.shtml
UCS_2024 = days(
    2024,
    (1, 1),  # New Year's Day, Monday
    (1, 15),  # Dr. Martin Luther King, Jr. Day
    (2, 12),  # Lincoln's Birthday
    (2, 19),  # President's Day
    (5, 27),  # Memorial Day
    (6, 19),  # Juneteenth
    (7, 4),  # Independence Day
    (9, 2),  # Labor Day
    (10, 14),  # Columbus Day
    (11, 5),  # Election Day
    (11, 11),  # Veterans Day
    (11, 28),  # Thanksgiving Day
    (12, 25),  # Christmas Day
)


def test_new_york_courts_close_exactly_on_the_ucs_2024_list() -> None:
    assert weekday_closures(calendar_for("US-NY"), 2024) == UCS_2024


def test_new_york_courts_sit_on_a_day_the_holidays_package_lists() -> None:
    # The `holidays` package's US-NY list has Susan B. Anthony Day on Thursday 15 February 2024; it is not a
    # public holiday of GCL §24 and the UCS list above does not close for it.
    assert holidays.country_holidays("US", subdiv="NY", years=2024).get(date(2024, 2, 15)) == "Susan B. Anthony Day"
    assert calendar_for("US-NY").is_court_day(date(2024, 2, 15))


def test_new_york_moves_a_sunday_holiday_to_monday_and_leaves_a_saturday_one() -> None:
    ny = calendar_for("US-NY")
    # GCL §24: "if any of such days except Flag day is Sunday, the next day thereafter". Lincoln's Birthday fell
    # on Sunday 12 February 2023, so Monday 13 February 2023 was a public holiday.
    reason = ny.closed(date(2023, 2, 13))
    assert reason is not None
    assert "Lincoln's Birthday" in reason
    assert "GCL §24" in reason
    # On Saturday 12 February 2022 GCL §24 moved nothing: Friday 11 February 2022 was a court day, although the
    # `holidays` package (which moves Saturday holidays to Friday, the federal way) lists it as observed.
    assert holidays.country_holidays("US", subdiv="NY", years=2022).get(date(2022, 2, 11)) == (
        "Lincoln's Birthday (observed)"
    )
    assert ny.is_court_day(date(2022, 2, 11))


def test_new_york_friday_before_a_monday_holiday() -> None:
    ny = calendar_for("US-NY")
    # Friday 9 February 2024 is open; Saturday 10 and Sunday 11 are weekend; Monday 12 is Lincoln's Birthday.
    assert ny.next_court_day(date(2024, 2, 9)) == date(2024, 2, 9)
    assert ny.next_court_day(date(2024, 2, 10)) == date(2024, 2, 13)
    assert ny.add_court_days(date(2024, 2, 9), 1) == date(2024, 2, 13)
    assert ny.previous_court_day(date(2024, 2, 12)) == date(2024, 2, 9)
    assert ny.closed(date(2024, 2, 10)) == "Saturday"
    assert ny.closed(date(2024, 2, 11)) == "Sunday"


# ---------------------------------------------------------------------------------------------- federal courts

# U.S. Office of Personnel Management, federal holidays 2023 (5 U.S.C. 6103; the footnotes give 6103(b) and
# Executive Order 11582 for the Friday and Monday shifts): https://www.opm.gov/policy-data-oversight/pay-leave/
# federal-holidays/ (as copied at https://www.j4neiros.us/2023/12/federal-holidays-2023.html).
OPM_2023 = days(
    2023,
    (1, 2),  # New Year's Day (Sunday 1 January, observed Monday)
    (1, 16),  # Birthday of Martin Luther King, Jr.
    (2, 20),  # Washington's Birthday
    (5, 29),  # Memorial Day
    (6, 19),  # Juneteenth National Independence Day
    (7, 4),  # Independence Day
    (9, 4),  # Labor Day
    (10, 9),  # Columbus Day
    (11, 10),  # Veterans Day (Saturday 11 November, observed Friday)
    (11, 23),  # Thanksgiving Day
    (12, 25),  # Christmas Day
)


def test_federal_legal_holidays_are_opms_2023_list() -> None:
    # Counting backward FRCP 6(a)(6)(C) adds no state holiday, so the calendar is 5 U.S.C. 6103 alone.
    assert weekday_closures(calendar_for("US-FED").counting_backward(), 2023) == OPM_2023


def test_federal_forward_counting_adds_the_district_states_holidays() -> None:
    # New York's GCL §24 holidays that are not federal: Lincoln's Birthday (Sunday 12 February 2023, so Monday 13)
    # and the general election day (Tuesday 7 November 2023).
    assert weekday_closures(calendar_for("US-FED", state="NY"), 2023) == OPM_2023 | days(2023, (2, 13), (11, 7))
    assert calendar_for("US-FED") == calendar_for("US-FED", state="NY")  # the default district state is NY


# U.S. District Court for the Southern District of New York, "The following days will be observed as holidays by
# this Court" (2021): https://nysd.uscourts.gov/about/holidays
SDNY_2021 = days(
    2021,
    (1, 1),
    (1, 18),
    (2, 15),
    (5, 31),
    (7, 5),  # Independence Day (Observed): 4 July was a Sunday
    (9, 6),
    (10, 11),
    (11, 11),
    (11, 25),
    (11, 26),  # "Administrative Closure"
    (12, 24),  # "Christmas Eve": Christmas Day was a Saturday
    (12, 31),  # "New Year's Eve": New Year's Day 2022 was a Saturday
)


def test_federal_calendar_against_sdnys_2021_list() -> None:
    fed = calendar_for("US-FED", state="NY").counting_backward()
    # Two differences, both explained by the page: it was written before the Juneteenth Act (Pub. L. 117-17, 17
    # June 2021) made Saturday 19 June a holiday, observed Friday 18 June; and 26 November was the court's own
    # administrative closure, an inaccessible clerk's office under FRCP 6(a)(3), not a legal holiday.
    assert weekday_closures(fed, 2021) == (SDNY_2021 - days(2021, (11, 26))) | days(2021, (6, 18))


def test_federal_observed_days_follow_5_usc_6103b_and_eo_11582() -> None:
    fed = calendar_for("US-FED")
    saturday = fed.closed(date(2023, 11, 10))  # Veterans Day on Saturday 11 November 2023
    assert saturday is not None
    assert "Veterans Day (observed)" in saturday
    assert "6103(b)" in saturday
    sunday = fed.closed(date(2023, 1, 2))  # New Year's Day on Sunday 1 January 2023
    assert sunday is not None
    assert "11582" in sunday
    # A Saturday holiday on 1 January is observed in the year before: Friday 31 December 2021.
    assert not fed.is_court_day(date(2021, 12, 31))


def test_federal_days_declared_by_the_president() -> None:
    fed = calendar_for("US-FED")
    # Executive Orders closing the executive departments: Tuesday 24 December 2024, and Thursday 9 January 2025,
    # the national day of mourning for President Carter. FRCP 6(a)(6)(B): "any day declared a holiday by the
    # President".
    for day in (date(2024, 12, 24), date(2025, 1, 9)):
        reason = fed.closed(day)
        assert reason is not None
        assert "6(a)(6)(B)" in reason


def test_federal_rule_committee_note_example() -> None:
    # 2009 committee note to FRAP 26(a) (same rule as FRCP 6(a)): "If ... a filing is due within 10 days after an
    # event, and the tenth day falls on Saturday, September 1, 2007, then the filing is due on Tuesday, September
    # 4, 2007 (Monday, September 3, is Labor Day). But if a filing is due 10 days before an event, and the tenth
    # day falls on Saturday, September 1, then the filing is due on Friday, August 31."
    fed = calendar_for("US-FED")
    assert fed.next_court_day(date(2007, 9, 1)) == date(2007, 9, 4)
    assert fed.counting_backward().previous_court_day(date(2007, 9, 1)) == date(2007, 8, 31)


def test_state_holidays_count_only_forward() -> None:
    fed = calendar_for("US-FED", state="NY")
    election_day = date(2023, 11, 7)
    reason = fed.closed(election_day)
    assert reason is not None
    assert "6(a)(6)(C)" in reason
    assert fed.counting_backward().is_court_day(election_day)
    assert fed.counting_backward().id == "US-FED-NY-backward"


def test_federal_district_in_another_state() -> None:
    # New Jersey keeps Lincoln's Birthday: the District of New Jersey lists "Lincoln's Birthday Wednesday February
    # 12, 2025" (https://www.njd.uscourts.gov/court-info/court-holidays).
    nj = calendar_for("US-FED", state="NJ")
    assert not nj.is_court_day(date(2025, 2, 12))
    assert nj.counting_backward().is_court_day(date(2025, 2, 12))
    delaware = calendar_for("US-FED", state="DE")
    assert not delaware.is_court_day(date(2024, 3, 29))  # Good Friday, 1 Del. C. §501
    assert delaware.counting_backward().is_court_day(date(2024, 3, 29))


# --------------------------------------------------------------------------------------------- Delaware courts

# State of Delaware, Department of Human Resources, "2024 Holidays" (1 Del. C. §501):
# https://dhr.delaware.gov/labor/holidays/2024.shtml
DELAWARE_2024 = days(
    2024,
    (1, 1),
    (1, 15),  # Martin Luther King Jr. Day
    (3, 29),  # Good Friday
    (5, 27),
    (6, 19),  # Juneteenth
    (7, 4),
    (9, 2),
    (11, 5),  # Election Day
    (11, 11),
    (11, 28),
    (11, 29),  # Day After Thanksgiving
    (12, 25),
)


def test_delaware_courts_close_on_the_2024_state_list() -> None:
    # The list also has Return Day, Thursday 7 November, "after 12 noon" and for Sussex County only: not a full
    # closure of the State's courts (the Sussex courts close at noon), so not a closure here.
    assert weekday_closures(calendar_for("US-DE"), 2024) == DELAWARE_2024


def test_delaware_saturday_holiday_is_observed_on_friday_and_announced_closures() -> None:
    de = calendar_for("US-DE")
    # 1 Del. C. §501: "If any of the legal holidays other than Saturday fall on Saturday, the Friday preceding".
    # Independence Day was Saturday 4 July 2020.
    assert not de.is_court_day(date(2020, 7, 3))
    # Closures the Judiciary announced: Juneteenth, Friday 19 June 2020, and Friday 23 December 2022.
    for day in (date(2020, 6, 19), date(2022, 12, 23)):
        closed = de.closure(day)
        assert closed is not None
        assert closed.kind is ClosedKind.CLOSURE
        assert closed.source is not None
        assert closed.source.startswith("https://")


# ----------------------------------------------------------------------------------------------------- Ontario

# Ontario Ministry of the Attorney General, POA bulletin POAIB-339, "the Ministry of the Attorney General has
# defined the following calendar dates as holidays" (the r.1.03 list): Saturdays and Sundays, New Year's Day,
# Family Day, Good Friday, Easter Monday, Victoria Day, Canada Day, Civic Holiday, Labour Day, Thanksgiving Day,
# Remembrance Day, Christmas Day, Boxing Day: https://municipalcourts.on.ca/bulletins/poaib-339
# Its dates for 2024, worked by hand from that list:
ONTARIO_2024 = days(
    2024,
    (1, 1),  # New Year's Day
    (2, 19),  # Family Day, third Monday of February
    (3, 29),  # Good Friday
    (4, 1),  # Easter Monday
    (5, 20),  # Victoria Day, the Monday before 25 May
    (7, 1),  # Canada Day
    (8, 5),  # Civic Holiday, first Monday of August
    (9, 2),  # Labour Day
    (10, 14),  # Thanksgiving Day, second Monday of October
    (11, 11),  # Remembrance Day
    (12, 25),  # Christmas Day
    (12, 26),  # Boxing Day
)


def test_ontario_courts_close_on_the_rule_1_03_list_for_2024() -> None:
    assert weekday_closures(calendar_for("CA-ON"), 2024) == ONTARIO_2024


def test_ontario_christmas_rules() -> None:
    on = calendar_for("CA-ON")
    # r.1.03(1): "where Christmas Day falls on a Saturday or Sunday, the following Monday and Tuesday are
    # holidays, and where Christmas Day falls on a Friday, the following Monday is a holiday".
    assert weekday_closures(on, 2021) >= days(2021, (12, 27), (12, 28))  # Christmas on a Saturday
    assert weekday_closures(on, 2020) >= days(2020, (12, 28))  # Christmas on a Friday
    # Christmas on Sunday 25 December 2022: Monday 26 and Tuesday 27. The `holidays` package's public CA-ON list
    # stops at Monday 26.
    assert not on.is_court_day(date(2022, 12, 27))
    assert date(2022, 12, 27) not in holidays.country_holidays("CA", subdiv="ON", years=2022)
    assert on.closed(date(2022, 12, 26)) is not None
    assert "Boxing Day" in (on.closed(date(2022, 12, 26)) or "")


def test_ontario_weekend_holidays_move_to_monday() -> None:
    on = calendar_for("CA-ON")
    assert not on.is_court_day(date(2023, 7, 3))  # Canada Day on Saturday 1 July 2023
    assert not on.is_court_day(date(2023, 11, 13))  # Remembrance Day on Saturday 11 November 2023
    assert not on.is_court_day(date(2022, 1, 3))  # New Year's Day on Saturday 1 January 2022


def test_ontario_truth_and_reconciliation_day_is_not_a_rules_holiday() -> None:
    # Monday 30 September 2024: not in r.1.03, so a time limit ending on it is not extended.
    assert calendar_for("CA-ON").is_court_day(date(2024, 9, 30))


def test_ontario_short_periods_leave_out_holidays() -> None:
    on = calendar_for("CA-ON")
    assert on.short_periods is not None
    assert on.short_periods.max_days == 7
    assert on.short_period_calendar() is on


def test_ontario_legislation_act_holidays() -> None:
    act = calendar("CA-ON-legislation-act")
    # s.88: Sunday is a holiday, Saturday is not; the Civic Holiday is not one (Monday 5 August 2024).
    assert act.is_court_day(date(2024, 8, 3))
    assert not act.is_court_day(date(2024, 8, 4))
    assert act.is_court_day(date(2024, 8, 5))
    # s.88(5): Christmas on Saturday 25 December 2021 makes Monday 27 a holiday; Boxing Day that fell on Sunday
    # 26 is not moved, so Tuesday 28 is not one.
    assert not act.is_court_day(date(2021, 12, 27))
    assert act.is_court_day(date(2021, 12, 28))
    # No shift for Remembrance Day on a Saturday (11 November 2023): Monday 13 November is an ordinary day.
    assert act.is_court_day(date(2023, 11, 13))


# ------------------------------------------------------------------------------------------ England and Wales

# GOV.UK, "UK bank holidays", England and Wales, 2024: https://www.gov.uk/bank-holidays
BANK_HOLIDAYS_2024 = days(
    2024,
    (1, 1),  # New Year's Day
    (3, 29),  # Good Friday
    (4, 1),  # Easter Monday
    (5, 6),  # Early May bank holiday
    (5, 27),  # Spring bank holiday
    (8, 26),  # Summer bank holiday
    (12, 25),  # Christmas Day
    (12, 26),  # Boxing Day
)
# HMCTS, "Christmas and New Year courts and tribunals opening times 2024": closed 25, 26, 27 December 2024 and
# 1 January 2025, 27 December for the County and Family Courts, Crown Courts, High Court and Court of Appeal:
# https://www.gov.uk/government/news/christmas-and-new-year-courts-and-tribunals-opening-times-2024
HMCTS_2024 = days(2024, (12, 25), (12, 26), (12, 27))


def test_england_short_periods_exclude_the_2024_bank_holidays() -> None:
    short = calendar_for("GB-EW").short_period_calendar()
    assert short is not None
    assert short.id == "GB-EW-cpr-2.8-4"
    assert weekday_closures(short, 2024) == BANK_HOLIDAYS_2024


def test_england_court_office_closes_on_bank_holidays_and_hmcts_closures() -> None:
    office = calendar_for("GB-EW")
    assert weekday_closures(office, 2024) == BANK_HOLIDAYS_2024 | HMCTS_2024
    # 27 December 2024 is not a Bank Holiday: it still counts in a period of 5 days or less (CPR 2.8(4)).
    short = office.short_period_calendar()
    assert short is not None
    assert short.is_court_day(date(2024, 12, 27))
    closed = office.closure(date(2024, 12, 27))
    assert closed is not None
    assert closed.kind is ClosedKind.CLOSURE


def test_cpr_2_8_4_example() -> None:
    # CPR 2.8(4), example: "Notice of an application must be served at least 3 days before the hearing. An
    # application is to be heard on Monday 20 October. The last date for service is Tuesday 14 October." In 2025
    # 20 October is a Monday: the 3 clear days are Friday 17, Thursday 16 and Wednesday 15 (the weekend does not
    # count), and service must be on the court day before them.
    short = calendar_for("GB-EW").short_period_calendar()
    assert short is not None
    third_clear_day = short.add_court_days(date(2025, 10, 20), -3)
    assert third_clear_day == date(2025, 10, 15)
    assert short.add_court_days(third_clear_day, -1) == date(2025, 10, 14)


def test_cpr_2_8_5_defence_due_over_christmas() -> None:
    # Lexology, "Calculating a defence due date over Christmas": "if the defence would have been due on 26
    # December 2017 it does not actually become due until 28 December 2017 because this is the first day when the
    # court office is open after the date when the defence would have been due."
    office = calendar_for("GB-EW")
    assert office.next_court_day(date(2017, 12, 26)) == date(2017, 12, 28)


def test_england_one_off_bank_holidays() -> None:
    short = calendar_for("GB-EW").short_period_calendar()
    assert short is not None
    # The State Funeral of Queen Elizabeth II (Monday 19 September 2022) and the Coronation (Monday 8 May 2023)
    # were bank holidays by proclamation.
    assert not short.is_court_day(date(2022, 9, 19))
    assert not short.is_court_day(date(2023, 5, 8))


# ------------------------------------------------------------------------------------------------------ France

# Service-Public.fr, "Jours fériés et ponts dans le secteur privé", dates des fêtes légales en 2025
# (https://www.service-public.fr/particuliers/vosdroits/F2405, as reproduced by the comarquage at
# https://ville-meaux.fr/development-area/particuliers?xml=F2405).
FRANCE_2025 = days(
    2025,
    (1, 1),  # Jour de l'An, mercredi
    (4, 21),  # Lundi de Pâques
    (5, 1),  # Fête du Travail
    (5, 8),  # Victoire 1945
    (5, 29),  # Ascension
    (6, 9),  # Lundi de Pentecôte
    (7, 14),  # Fête nationale
    (8, 15),  # Assomption
    (11, 1),  # Toussaint, samedi
    (11, 11),  # Armistice 1918
    (12, 25),  # Noël
)


def test_france_closes_on_the_2025_fetes_legales() -> None:
    fr = calendar_for("FR")
    assert weekday_closures(fr, 2025) == FRANCE_2025 - days(2025, (11, 1))  # la Toussaint tombe un samedi
    assert fr.closed(date(2025, 11, 1)) == "Saturday"


def test_cpc_642_extends_to_the_next_working_day() -> None:
    fr = calendar_for("FR")
    # A time limit expiring on Sunday 8 June 2025 runs past Lundi de Pentecôte (9 June) to Tuesday 10 June.
    assert fr.next_court_day(date(2025, 6, 8)) == date(2025, 6, 10)
    # On Saturday 1 November 2025 (Toussaint) it runs to Monday 3 November.
    assert fr.next_court_day(date(2025, 11, 1)) == date(2025, 11, 3)


def test_alsace_moselle_adds_good_friday_and_26_december() -> None:
    # C. trav. art. L3134-13; service-public.fr names Vendredi saint and 26 décembre for Alsace-Moselle.
    moselle = calendar_for("FR", state="57")
    assert weekday_closures(moselle, 2025) == weekday_closures(calendar_for("FR"), 2025) | days(2025, (4, 18), (12, 26))
    assert calendar_for("FR", state="67") == moselle
    assert calendar_for("FR").is_court_day(date(2025, 4, 18))


# ------------------------------------------------------------------------------------------------------- ICSID


def test_icsid_counts_weekends_only_and_says_why() -> None:
    icsid = calendar_for("ICSID")
    assert weekday_closures(icsid, 2025) == set()
    assert "weekends only" in icsid.citation
    assert calendar_for("ICSID-AF") == icsid
    assert icsid.next_court_day(date(2025, 12, 27)) == date(2025, 12, 29)


# ---------------------------------------------------------------------------------------------- the interface


def test_add_court_days_counts_from_the_day_after() -> None:
    ny = calendar_for("US-NY")
    assert ny.add_court_days(date(2024, 11, 4), 0) == date(2024, 11, 4)
    # Monday 4 November 2024 + 2 court days: Tuesday 5 is Election Day, so Wednesday 6 and Thursday 7.
    assert ny.add_court_days(date(2024, 11, 4), 2) == date(2024, 11, 7)
    assert ny.add_court_days(date(2024, 11, 7), -2) == date(2024, 11, 4)


def test_unknown_forum_state_or_calendar_is_a_clear_error() -> None:
    with pytest.raises(RuleError, match="no court calendar for forum 'XX'") as raised:
        calendar_for("XX")
    assert raised.value.forum == "XX"
    with pytest.raises(RuleError, match=r"not a U\.S\. state"):
        calendar_for("US-FED", state="ZZ")
    with pytest.raises(RuleError, match="takes no venue"):
        calendar_for("US-NY", state="NY")
    with pytest.raises(RuleError, match="Alsace-Moselle"):
        calendar_for("FR", state="971")
    with pytest.raises(RuleError, match="no court calendar 'nope'"):
        calendar("nope")


@pytest.mark.parametrize("calendar_id", calendar_ids())
def test_every_calendar_is_cited_and_reviewed(calendar_id: str) -> None:
    cal = calendar(calendar_id)
    assert cal.forum in FORUMS
    assert cal.reviewed <= date.today()  # noqa: DTZ011 - a calendar day, no time zone involved
    assert len(cal.citation) > 10
    assert cal.source.startswith("https://")
    for holiday_list in cal.holiday_lists:
        assert holiday_list.citation
        assert holiday_list.source.startswith("https://")
        for rule in (*holiday_list.removed, *holiday_list.substitutions):
            assert len(rule.citation) > 10
            assert rule.source.startswith("https://")
    for closure in cal.closures:
        assert closure.kind is ClosedKind.CLOSURE
        assert len(closure.citation) > 10
        assert closure.source is not None
        assert closure.source.startswith("https://")


@pytest.mark.parametrize("code", ["US-NY", "US-FED", "US-DE", "CA-ON", "GB-EW", "FR", "ICSID"])
def test_every_forum_calendar_knows_what_it_builds_on(code: str) -> None:
    cal = calendar_for(code)
    assert cal.forum in FORUMS
    assert all(country for country, _ in cal.builds_on)
