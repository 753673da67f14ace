"""Court calendars: the days each court's law leaves out when a period ends on them, with the reason and its citation.

Each calendar is built on the `holidays` package's list for its country (and subdivision), then made the court's
own by cited data in rules/calendars/*.yaml: observances the court does not close for are removed, the law's own
rule for a holiday that falls on a weekend replaces the package's ("observed" days), and dated closures the court
announced are added. The deadline engine asks a calendar whether a day is a court day and where the next one is;
it never reads the public holiday list itself.

References:
    New York: N.Y. Gen. Constr. Law §§24, 25-a. Federal: Fed. R. Civ. P. 6(a)(6) (and Fed. R. App. P. 26(a)(6)),
    5 U.S.C. §6103, Executive Order 11582. Delaware: 1 Del. C. §501. Ontario: Rules of Civil Procedure r.1.03(1),
    r.3.01(1); Legislation Act, 2006, ss.88-89. England and Wales: CPR 2.8(4)-(5); Banking and Financial Dealings
    Act 1971, Sch. 1. France: CPC art. 642, Code du travail art. L3133-1, L3134-13. ICSID: Arbitration Rules
    (2022) r.9. The published lists each calendar is tested against are named in docs/calendars.md.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exequatur.model.errors import RuleError
from exequatur.rules.datafiles import load_yaml

if TYPE_CHECKING:
    import holidays

DATA_PACKAGE = "exequatur.rules"
DATA_DIR = "calendars"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: The forum codes calendar_for() knows, with the calendar id each one uses (US-FED is built per state).
FORUM_CALENDARS: dict[str, str] = {
    "US-NY": "US-NY-courts",
    "US-DE": "US-DE-courts",
    "CA-ON": "CA-ON-rules",
    "GB-EW": "GB-EW-court-office",
    "FR": "FR",
    "ICSID": "ICSID",
    "ICSID-AF": "ICSID",
}

#: The district whose state's holidays a federal calendar adds when none is named (FRCP 6(a)(6)(C)).
DEFAULT_FEDERAL_STATE = "NY"

#: French départements whose courts keep the Alsace-Moselle holidays (C. trav. art. L3134-13).
ALSACE_MOSELLE = frozenset({"57", "67", "68"})


class ClosedKind(StrEnum):
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OBSERVED = "observed"  # a holiday moved (or doubled) by the law's own rule for one on a weekend
    CLOSURE = "closure"  # a dated closure the court (or its administration) announced


@dataclass(frozen=True, slots=True, kw_only=True)
class ClosedDay:
    """Why a court is closed on a day: what the day is, and the law or announcement that makes it so."""

    day: date
    name: str
    kind: ClosedKind
    citation: str = ""
    source: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.citation})" if self.citation else self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """An observance the base list gives that does not close this court (matched by its exact name)."""

    name: str
    citation: str
    source: str
    start: date | None = None
    until: date | None = None

    def applies(self, name: str, day: date) -> bool:
        return name == self.name and _within(day, self.start, self.until)


@dataclass(frozen=True, slots=True, kw_only=True)
class Substitution:
    """The law's rule for a holiday on a given weekday: the days `also` after it (negative: before) are holidays."""

    falls_on: int
    also: tuple[int, ...]
    citation: str
    source: str
    names: tuple[str, ...] = ()  # holidays (shell patterns) it applies to; empty: every holiday of the list
    excepted: tuple[str, ...] = ()
    start: date | None = None
    until: date | None = None

    def applies(self, name: str, day: date) -> bool:
        if day.weekday() != self.falls_on or not _within(day, self.start, self.until):
            return False
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in self.excepted):
            return False
        return not self.names or any(fnmatch.fnmatchcase(name, pattern) for pattern in self.names)


@dataclass(frozen=True, slots=True, kw_only=True)
class HolidayList:
    """One list of holidays from the `holidays` package, as the court's law reads it.

    With `observed` false (the default) the package's own "observed" days are ignored and only this list's
    substitutions move or double a holiday; with it true the package's observed days are kept (they are the law's
    own, as England's substitute bank holidays are).
    """

    country: str
    citation: str
    source: str
    subdivision: str | None = None
    categories: tuple[str, ...] = ("public",)
    observed: bool = False
    language: str | None = None
    removed: tuple[Removal, ...] = ()
    substitutions: tuple[Substitution, ...] = ()
    #: Only for periods counted forward (FRCP 6(a)(6)(C)); counting_backward() leaves the list out.
    forward_only: bool = False
    #: Said after every citation from this list (e.g. why a state's holiday counts in a federal court).
    scope: str = ""

    def cite(self, citation: str) -> str:
        return f"{citation}; {self.scope}" if self.scope else citation

    def closures(self, year: int) -> tuple[ClosedDay, ...]:
        return _list_closures(self, year)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortPeriods:
    """A rule that leaves more days out of a short period than out of a long one (CPR 2.8(4), Ontario r.3.01(1)(b)).

    A period of `max_days` days or fewer does not count the days `calendar` closes (this calendar when None).
    """

    max_days: int
    citation: str
    calendar: CourtCalendar | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CourtCalendar:
    """The days a court's law does not count as court days: weekends, its holidays, and its own closures."""

    id: str
    forum: str
    name: str
    citation: str
    source: str
    reviewed: date
    weekend: tuple[int, ...] = (5, 6)
    holiday_lists: tuple[HolidayList, ...] = ()
    closures: tuple[ClosedDay, ...] = ()
    short_periods: ShortPeriods | None = None
    notes: tuple[str, ...] = ()
    _by_day: dict[date, ClosedDay] = field(init=False, repr=False, compare=False, hash=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_day", {c.day: c for c in self.closures})

    @property
    def builds_on(self) -> tuple[tuple[str, str | None], ...]:
        """The (country, subdivision) lists of the `holidays` package this calendar starts from."""
        return tuple((h.country, h.subdivision) for h in self.holiday_lists)

    def closure(self, day: date) -> ClosedDay | None:
        """Why the court is closed on `day` (a weekend first, then a holiday, then an announced closure), or None."""
        if day.weekday() in self.weekend:
            return ClosedDay(day=day, name=WEEKDAYS[day.weekday()].capitalize(), kind=ClosedKind.WEEKEND)
        for holiday_list in self.holiday_lists:
            for closed in holiday_list.closures(day.year):
                if closed.day == day:
                    return closed
        return self._by_day.get(day)

    def holiday(self, day: date) -> ClosedDay | None:
        """The holiday or closure on `day`, whatever its weekday (a Saturday that is also Boxing Day)."""
        for holiday_list in self.holiday_lists:
            for closed in holiday_list.closures(day.year):
                if closed.day == day:
                    return closed
        return self._by_day.get(day)

    def closed(self, day: date) -> str | None:
        """The reason the court is closed on `day` ("Saturday", "Sunday", or the holiday with its citation)."""
        closed = self.closure(day)
        return None if closed is None else str(closed)

    def is_court_day(self, day: date) -> bool:
        return self.closure(day) is None

    def next_court_day(self, day: date) -> date:
        """`day` itself if the court is open, else the first day after it that is a court day."""
        while not self.is_court_day(day):
            day += timedelta(days=1)
        return day

    def previous_court_day(self, day: date) -> date:
        """`day` itself if the court is open, else the last day before it that is a court day."""
        while not self.is_court_day(day):
            day -= timedelta(days=1)
        return day

    def add_court_days(self, day: date, n: int) -> date:
        """The n-th court day after `day` (before it when n is negative), not counting `day`; `day` when n is 0."""
        step = timedelta(days=1 if n > 0 else -1)
        for _ in range(abs(n)):
            day += step
            while not self.is_court_day(day):
                day += step
        return day

    def closed_days(self, start: date, end: date) -> Iterator[ClosedDay]:
        """Every day from `start` to `end` inclusive on which the court is closed, with its reason."""
        day = start
        while day <= end:
            closed = self.closure(day)
            if closed is not None:
                yield closed
            day += timedelta(days=1)

    def counting_backward(self) -> CourtCalendar:
        """This calendar without the lists that count only forward (FRCP 6(a)(6)(C): state holidays)."""
        if not any(h.forward_only for h in self.holiday_lists):
            return self
        return replace(
            self,
            id=f"{self.id}-backward",
            name=f"{self.name}, counting backward",
            holiday_lists=tuple(h for h in self.holiday_lists if not h.forward_only),
        )

    def short_period_calendar(self) -> CourtCalendar | None:
        """The calendar whose closures a short period leaves out, or None where the forum has no such rule."""
        if self.short_periods is None:
            return None
        return self.short_periods.calendar or self


def _within(day: date, start: date | None, until: date | None) -> bool:
    return (start is None or day >= start) and (until is None or day <= until)


def country_holidays(
    country: str,
    *,
    subdiv: str | None = None,
    years: int | tuple[int, ...] | None = None,
    observed: bool = True,
    language: str | None = None,
    categories: tuple[str, ...] | None = None,
) -> holidays.HolidayBase:
    """`holidays.country_holidays(country, ...)`, importing that one country's module of the `holidays` package.

    The package's own lookup imports `holidays.countries`, whose `__init__` imports all of its ~300 country
    modules (a tenth of a second, most of `owe`'s time on a matter with a federal judgment). The country's class is
    the package's own, from its own file, under its own module name; where the package is laid out otherwise, or
    `holidays.countries` is already imported, the package's lookup is used."""
    import holidays  # its registry is imported only when a list is asked for
    from holidays.registry import COUNTRIES

    # The package looks a code up as an attribute of `holidays`, the class of that name in the country's module.
    module = next((module for module, names in COUNTRIES.items() if country in names[1:]), None)
    entity: Any = None
    if module is not None:
        entity = _country_class(module, country)
    if entity is None:
        return holidays.country_holidays(
            country, subdiv=subdiv, years=years, observed=observed, language=language, categories=categories
        )
    table: holidays.HolidayBase = entity(
        years=years,
        subdiv=subdiv,
        expand=True,
        observed=observed,
        prov=None,
        state=None,
        language=language,
        categories=categories,
    )
    return table


def _country_class(module: str, name: str) -> Any:
    """The class `name` of `holidays.countries.<module>`, its module imported without the package's `__init__`."""
    import holidays

    qualified = f"holidays.countries.{module}"
    loaded = sys.modules.get(qualified)
    if loaded is None and "holidays.countries" in sys.modules:
        loaded = importlib.import_module(qualified)
    if loaded is None:
        path = Path(holidays.__file__).parent / "countries" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(qualified, path) if path.is_file() else None
        if spec is None or spec.loader is None:
            return None
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = loaded
        try:
            spec.loader.exec_module(loaded)
        except BaseException:
            del sys.modules[qualified]
            raise
    return getattr(loaded, name, None)


@lru_cache(maxsize=512)
def _list_closures(holiday_list: HolidayList, year: int) -> tuple[ClosedDay, ...]:
    """The days of `year` the list closes: its holidays less removals, plus the days its substitutions add.

    Substitutions can cross a year end (New Year's Day on a Saturday is observed on 31 December), so the years
    either side are read too.
    """
    table = country_holidays(
        holiday_list.country,
        subdiv=holiday_list.subdivision,
        years=(year - 1, year, year + 1),
        categories=holiday_list.categories,
        observed=holiday_list.observed,
        language=holiday_list.language,
    )
    found: dict[date, ClosedDay] = {}
    kept: list[tuple[date, str]] = []
    for day in sorted(table):
        for name in table.get_list(day):
            if any(r.applies(name, day) for r in holiday_list.removed):
                continue
            kept.append((day, name))
            kind = ClosedKind.OBSERVED if holiday_list.observed and name.endswith("(observed)") else ClosedKind.HOLIDAY
            found.setdefault(
                day,
                ClosedDay(
                    day=day,
                    name=name,
                    kind=kind,
                    citation=holiday_list.cite(holiday_list.citation),
                    source=holiday_list.source,
                ),
            )
    # A day the law adds for a holiday on a weekend is named as such only where it is not a holiday of its own
    # (Ontario's Boxing Day stays Boxing Day when Christmas on a Sunday also makes that Monday a holiday).
    for day, name in kept:
        for substitution in holiday_list.substitutions:
            if not substitution.applies(name, day):
                continue
            for offset in substitution.also:
                moved = day + timedelta(days=offset)
                found.setdefault(
                    moved,
                    ClosedDay(
                        day=moved,
                        name=f"{name} (observed)",
                        kind=ClosedKind.OBSERVED,
                        citation=holiday_list.cite(substitution.citation),
                        source=substitution.source,
                    ),
                )
    return tuple(found[d] for d in sorted(found) if d.year == year)


# ------------------------------------------------------------------------------------------------------ loading


def _fail(message: str, *, where: str) -> RuleError:
    return RuleError(f"calendars/{where}: {message}", forum=where)


def _keys(raw: Any, allowed: set[str], required: set[str], *, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(f"expected a mapping, got {type(raw).__name__}", where=where)
    unknown = set(raw) - allowed
    if unknown:
        raise _fail(f"unknown key(s) {sorted(unknown)}", where=where)
    missing = required - set(raw)
    if missing:
        raise _fail(f"missing key(s) {sorted(missing)}", where=where)
    return raw


def _weekday(name: Any, *, where: str) -> int:
    try:
        return WEEKDAYS.index(str(name).lower())
    except ValueError:
        raise _fail(f"{name!r} is not a weekday", where=where) from None


def _date(raw: Any, *, where: str) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw
    raise _fail(f"{raw!r} is not a date (write it unquoted, YYYY-MM-DD)", where=where)


def _required_date(raw: Any, *, where: str) -> date:
    day = _date(raw, where=where)
    if day is None:
        raise _fail("a date is required", where=where)
    return day


def _strings(raw: Any) -> tuple[str, ...]:
    return tuple(str(s) for s in (raw or ()))


def _removal(raw: Any, *, where: str) -> Removal:
    r = _keys(raw, {"name", "citation", "source", "from", "until"}, {"name", "citation", "source"}, where=where)
    return Removal(
        name=str(r["name"]),
        citation=str(r["citation"]),
        source=str(r["source"]),
        start=_date(r.get("from"), where=where),
        until=_date(r.get("until"), where=where),
    )


def _substitution(raw: Any, *, where: str) -> Substitution:
    allowed = {"falls_on", "also", "holidays", "except", "citation", "source", "from", "until"}
    s = _keys(raw, allowed, {"falls_on", "also", "citation", "source"}, where=where)
    return Substitution(
        falls_on=_weekday(s["falls_on"], where=where),
        also=tuple(int(n) for n in s["also"]),
        names=_strings(s.get("holidays")),
        excepted=_strings(s.get("except")),
        citation=str(s["citation"]),
        source=str(s["source"]),
        start=_date(s.get("from"), where=where),
        until=_date(s.get("until"), where=where),
    )


def _holiday_list(raw: Any, *, where: str) -> HolidayList:
    allowed = {
        "country",
        "subdivision",
        "categories",
        "observed",
        "language",
        "citation",
        "source",
        "remove",
        "substitute",
    }
    h = _keys(raw, allowed, {"country", "citation", "source"}, where=where)
    return HolidayList(
        country=str(h["country"]),
        subdivision=None if h.get("subdivision") is None else str(h["subdivision"]),
        categories=_strings(h.get("categories")) or ("public",),
        observed=bool(h.get("observed", False)),
        language=h.get("language"),
        citation=str(h["citation"]),
        source=str(h["source"]),
        removed=tuple(_removal(r, where=where) for r in h.get("remove") or ()),
        substitutions=tuple(_substitution(s, where=where) for s in h.get("substitute") or ()),
    )


def _closure(raw: Any, *, where: str) -> ClosedDay:
    c = _keys(raw, {"date", "name", "citation", "source"}, {"date", "name", "citation", "source"}, where=where)
    return ClosedDay(
        day=_required_date(c["date"], where=where),
        name=str(c["name"]),
        kind=ClosedKind.CLOSURE,
        citation=str(c["citation"]),
        source=str(c["source"]),
    )


@cache
def _files() -> dict[str, dict[str, Any]]:
    """Every shipped calendar file, by the id it declares."""
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files(DATA_PACKAGE).joinpath(DATA_DIR).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        raw = load_yaml(entry.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or "id" not in raw:
            raise _fail("a calendar file needs an id", where=entry.name)
        if raw["id"] in found:
            raise _fail(f"calendar id {raw['id']!r} is declared twice", where=entry.name)
        found[str(raw["id"])] = {**raw, "_file": entry.name}
    return found


def calendar_ids() -> tuple[str, ...]:
    """The ids of the shipped calendars (US-FED-<state> calendars are built from US-FED)."""
    return tuple(sorted(_files()))


@cache
def calendar(calendar_id: str) -> CourtCalendar:
    """A shipped calendar by its id (e.g. "CA-ON-legislation-act", "GB-EW-cpr-2.8-4")."""
    try:
        raw = _files()[calendar_id]
    except KeyError:
        raise RuleError(
            f"no court calendar {calendar_id!r}; known: {', '.join(calendar_ids())}", forum=calendar_id
        ) from None
    where = str(raw["_file"])
    allowed = {
        "_file",
        "id",
        "forum",
        "name",
        "citation",
        "source",
        "reviewed",
        "weekend",
        "holidays",
        "closures",
        "short_periods",
        "district_state",
        "notes",
    }
    c = _keys(raw, allowed, {"id", "forum", "name", "citation", "source", "reviewed", "weekend"}, where=where)
    short: ShortPeriods | None = None
    if c.get("short_periods") is not None:
        s = _keys(c["short_periods"], {"max_days", "calendar", "citation"}, {"max_days", "citation"}, where=where)
        short = ShortPeriods(
            max_days=int(s["max_days"]),
            citation=str(s["citation"]),
            calendar=None if s.get("calendar") is None else calendar(str(s["calendar"])),
        )
    if c.get("district_state") is not None:
        _keys(c["district_state"], {"citation"}, {"citation"}, where=where)
    return CourtCalendar(
        id=str(c["id"]),
        forum=str(c["forum"]),
        name=str(c["name"]),
        citation=" ".join(str(c["citation"]).split()),
        source=str(c["source"]),
        reviewed=_required_date(c["reviewed"], where=where),
        weekend=tuple(sorted(_weekday(d, where=where) for d in c["weekend"])),
        holiday_lists=tuple(_holiday_list(h, where=where) for h in c.get("holidays") or ()),
        closures=tuple(sorted((_closure(x, where=where) for x in c.get("closures") or ()), key=lambda x: x.day)),
        short_periods=short,
        notes=tuple(" ".join(str(n).split()) for n in c.get("notes") or ()),
    )


# --------------------------------------------------------------------------------------------------- federal


def _state_holidays(state: str, citation: str) -> tuple[HolidayList, ...]:
    """The holidays a state declares, for FRCP 6(a)(6)(C): its courts' statutory list where one is written here,
    else the `holidays` package's list for the state (not reviewed against that state's statute)."""
    court = f"US-{state}-courts"
    if court in _files():
        return tuple(
            replace(h, forward_only=True, scope=f"a holiday of the district's state: {citation}")
            for h in calendar(court).holiday_lists
        )
    return (
        HolidayList(
            country="US",
            subdivision=state,
            observed=True,
            forward_only=True,
            citation=f"a holiday of {state} as the `holidays` package lists it, not reviewed against {state}'s statute",
            scope=f"a holiday of the district's state: {citation}",
            source="https://holidays.readthedocs.io/",
        ),
    )


@cache
def federal_calendar(state: str = DEFAULT_FEDERAL_STATE) -> CourtCalendar:
    """A United States district court in `state`: federal legal holidays, plus the state's for forward counting."""
    code = state.upper()
    if code not in country_holidays("US").subdivisions:
        raise RuleError(f"US-FED: {state!r} is not a U.S. state or territory code (e.g. NY, DE, DC)", forum="US-FED")
    base = calendar("US-FED")
    district = _files()["US-FED"].get("district_state") or {}
    citation = str(district.get("citation", "FRCP 6(a)(6)(C)"))
    return replace(
        base,
        id=f"US-FED-{code}",
        name=f"{base.name} (district in {code})",
        holiday_lists=(*base.holiday_lists, *_state_holidays(code, citation)),
    )


def calendar_for(forum_code: str, *, state: str | None = None) -> CourtCalendar:
    """The court calendar of a forum code: US-NY, US-DE, US-FED, CA-ON, GB-EW, FR, ICSID (or ICSID-AF).

    `state` names the district's state for US-FED (NY when not given, as most enforcement here is in New York
    federal courts) and, for FR, a département of Alsace-Moselle ("57", "67" or "68"). Ontario's calendar is the
    Rules of Civil Procedure one; for a statutory time limit use calendar("CA-ON-legislation-act"). England's is the
    court-office one (CPR 2.8(5)); its short_period_calendar() is CPR 2.8(4)'s.
    """
    if forum_code == "US-FED":
        return federal_calendar((state or DEFAULT_FEDERAL_STATE).upper())
    if forum_code == "FR" and state is not None:
        if state not in ALSACE_MOSELLE:
            raise RuleError(
                f"FR: venue {state!r} is not an Alsace-Moselle département (57, 67, 68); the rest of metropolitan "
                "France needs no venue, and the overseas holidays are not covered",
                forum="FR",
            )
        return calendar("FR-alsace-moselle")
    if forum_code not in FORUM_CALENDARS:
        known = ", ".join(sorted({*FORUM_CALENDARS, "US-FED"}))
        raise RuleError(f"no court calendar for forum {forum_code!r}; calendars exist for {known}", forum=forum_code)
    if state is not None:
        raise RuleError(
            f"{forum_code}: its courts keep one calendar, so it takes no venue (only US-FED, a district's state, and "
            "FR, an Alsace-Moselle département, do)",
            forum=forum_code,
        )
    return calendar(FORUM_CALENDARS[forum_code])
