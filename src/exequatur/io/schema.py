"""The matter-file format as strict pydantic models: a misspelt key is an error, never silently ignored.

These models describe the file, not the domain: `matterfile` turns them into the frozen records of
`exequatur.model`, with the line each record came from. `json_schema()` is what `exequatur schema` prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

import pycountry
from dateutil.relativedelta import relativedelta
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from exequatur.io.suggest import did_you_mean
from exequatur.model.errors import CurrencyError
from exequatur.model.facts import CATALOGUE, WORKED_OUT
from exequatur.model.instruments import CmtWeek, InstrumentKind, InstrumentStatus
from exequatur.model.interest import PERIOD_MONTHS, Compounding, DayCount, Reset
from exequatur.model.money import minor_units
from exequatur.model.numbers import LAST_DATE, MAX_RATE, check_amount, check_date, in_date_range, parse_decimal
from exequatur.model.proceedings import ProceedingKind
from exequatur.model.settlements import ActionKind, DefaultClause

#: The events a matter file states; rendered and entered come from the instruments' dates.
_FileTriggerKind = Literal[
    "notified",
    "served",
    "discovered",
    "corruption-discovered",
    "restraining-notice-served",
    "levied",
    "renewed",
    "execution-ordered",
]
FileEventKind = Literal[_FileTriggerKind, "done"]

#: What an agreed deadline may run from: an instrument's own date, a settlement's default, or a file event.
TriggerKind = Literal["rendered", "entered", "settlement-default", _FileTriggerKind]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")


def _shown(value: Any) -> str:
    """A value as the user wrote it: numbers plainly, text quoted."""
    return str(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else repr(value)


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return check_date(value, str(value))
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"{_shown(value)} is not a date; write YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a real calendar date") from None
    return check_date(day, value)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(f'{_shown(value)} is not a decimal number; write it as text, e.g. "1250000.00"')
    if isinstance(value, str):
        return parse_decimal(value)
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{_shown(value)} is not a finite number")
    return number


def _amount(value: Any) -> Decimal:
    return check_amount(_decimal(value), _shown(value))


def _percent(value: Any) -> Decimal:
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            number = Decimal(match.group(1))
            if abs(number) > MAX_RATE:
                raise ValueError(f"{value!r} is beyond the rates exequatur computes (at most {MAX_RATE}% a year)")
            return number
    raise ValueError(f'{_shown(value)} is not a percentage; write plain digits and a percent sign, e.g. "9%" or "4.5%"')


def _currency(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{_shown(value)} is not a currency code")
    try:
        minor_units(value)
    except CurrencyError as exc:
        raise ValueError(str(exc)) from None
    return value


def _identifier(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{_shown(value)} is not an identifier (letters, digits, '.', '_', '-')")
    return value


Date = Annotated[date, BeforeValidator(_date), Field(json_schema_extra={"format": "date"})]
Amount = Annotated[Decimal, BeforeValidator(_amount), Field(json_schema_extra={"type": "string"})]
Number = Annotated[Decimal, BeforeValidator(_decimal), Field(json_schema_extra={"type": "string"})]
Percent = Annotated[
    Decimal, BeforeValidator(_percent), Field(json_schema_extra={"type": "string", "pattern": r"^-?\d+(\.\d+)?%$"})
]


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value}% is negative; a stated rate of interest cannot be below zero")
    return value


#: A rate stated outright (a fixed rate, a floor, a settlement's rate): never negative.
FixedPercent = Annotated[Percent, AfterValidator(_not_negative)]
CurrencyCode = Annotated[str, BeforeValidator(_currency), Field(json_schema_extra={"pattern": "^[A-Z]{3}$"})]
Identifier = Annotated[str, AfterValidator(_identifier)]
Text = Annotated[str, Field(min_length=1)]


def _venue(value: Any) -> Any:
    """A département written unquoted (57) is read as the text it stands for; a state code in capitals (dc: DC)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.upper() if isinstance(value, str) else value


Venue = Annotated[str, BeforeValidator(_venue), Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class PartyFile(_Strict):
    name: Text
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code")
    sovereign: bool = False
    private_individual: bool = Field(
        default=False, description="a natural person not acting for professional purposes (FR: C. mon. fin. L313-2)"
    )
    source: str | None = None


class AmountFile(_Strict):
    label: Text
    amount: Amount
    source: str | None = None


class FallbackFile(_Strict):
    after: Date = Field(description="resets after this date use the fallback (e.g. 2023-06-30 for USD LIBOR)")
    use: Literal["floor", "index"]
    index: str | None = None
    adjustment: Percent = Field(default=Decimal(0), description="added to the successor index (e.g. 0.71513%)")
    source: str | None = None

    @model_validator(mode="after")
    def _index_when_needed(self) -> FallbackFile:
        if self.use == "index" and not self.index:
            raise ValueError("a fallback with use: index needs index: <rate table id>")
        if self.use == "floor" and self.index:
            raise ValueError("a fallback with use: floor takes no index")
        return self


class IndexRateFile(_Strict):
    index: Text
    spread: Percent = Decimal(0)
    floor: FixedPercent | None = None
    reset: Reset = Reset.ANNUAL
    fallback: FallbackFile | None = None

    @model_validator(mode="after")
    def _spread_cannot_turn_the_rate_negative(self) -> IndexRateFile:
        if self.spread < 0 and self.floor is None:
            raise ValueError(
                f'a negative spread ({self.spread}%) needs a floor (e.g. floor: "0%"), so that the rate cannot turn '
                "negative"
            )
        return self


# Union tags must not be field names: the loader drops them from error locations (see UNION_TAGS).
UNION_TAGS = frozenset(
    {"fixed-rate", "index-rate", "carried-amounts", "amount-list", "prejudgment-choice", "prejudgment-terms"}
)
UNION_FIELDS = frozenset({"rate", "amounts", "prejudgment"})


def _rate_kind(value: Any) -> str:
    return "index-rate" if isinstance(value, dict) else "fixed-rate"


RateField = Annotated[
    Annotated[FixedPercent, Tag("fixed-rate")] | Annotated[IndexRateFile, Tag("index-rate")],
    Discriminator(_rate_kind),
]


class InterestFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: Date = Field(alias="from")
    until: Date | None = None
    on: list[Text] | None = Field(default=None, description="component labels; default: all components")
    rate: RateField
    compounding: Compounding = Compounding.NONE
    day_count: DayCount = DayCount.ACT_365
    source: str | None = None


def _amounts_kind(value: Any) -> str:
    return "carried-amounts" if isinstance(value, str) else "amount-list"


AmountsField = Annotated[
    Annotated[Literal["carried"], Tag("carried-amounts")] | Annotated[list[AmountFile], Tag("amount-list")],
    Discriminator(_amounts_kind),
    Field(
        description=(
            "the sums granted; or 'carried': the unpaid principal and interest of based_on on this "
            "instrument's date (a judgment for the award plus interest to entry)"
        )
    ),
]


def _prejudgment_kind(value: Any) -> str:
    return "prejudgment-terms" if isinstance(value, list) else "prejudgment-choice"


PrejudgmentField = Annotated[
    Annotated[Literal["statutory", "none"], Tag("prejudgment-choice")]
    | Annotated[list[InterestFile], Tag("prejudgment-terms")],
    Discriminator(_prejudgment_kind),
    Field(
        description=(
            "a judgment with carried amounts on an award that states no interest: the interest from the award to "
            "the judgment. statutory (default): the forum's rule (US-NY CPLR 5002; CA-ON CJA s.128; none in US-FED "
            "and GB-EW, where the court decides); none; or the terms the judgment states"
        )
    ),
]


class TortFile(_Strict):
    injury: Date = Field(description="the date of injury, from which 6 Del. C. §2301(d) interest runs")
    settlement_demand: bool | None = Field(
        default=None,
        description="whether before trial the plaintiff extended a written settlement demand valid for 30 days or "
        "more for less than the judgment (§2301(d)'s condition)",
    )
    source: str | None = None


class InstrumentFile(_Strict):
    id: Identifier
    kind: InstrumentKind
    forum: Text
    date: Date
    currency: CurrencyCode
    amounts: AmountsField
    status: InstrumentStatus = Field(
        default=InstrumentStatus.ENTERED,
        description="sought: not entered yet; the date is the one assumed for projecting it",
    )
    title: str | None = None
    based_on: str | None = None
    debt: str | None = Field(
        default=None, description="the debt this instrument represents; default: the root of its based_on chain"
    )
    consumer_debt: bool = False
    post_judgment: Literal["statutory", "underlying"] = Field(
        default="statutory",
        description="after entry: the forum's statutory rate (default) or, where the judgment so orders, the "
        "terms of based_on",
    )
    converted_on: Date | None = Field(
        default=None, description="the day a foreign-currency sum was converted, where the court fixed it"
    )
    enforceable: Date | None = Field(
        default=None,
        description="FR: the day the decision was served or otherwise became enforceable; L313-3's +5 points start "
        "two months later, and without this date they are left out (Cass. 2e civ. 12 Jan 2023, n° 20-20.063)",
    )
    prejudgment: PrejudgmentField = "statutory"
    tort: TortFile | None = Field(
        default=None, description="US-DE: a tort judgment for bodily injury, death or property damage (§2301(d))"
    )
    cmt_week: CmtWeek | None = Field(
        default=None,
        description="US-FED: calendar-week (the statute's words, default) or latest-release (the week of the last "
        "H.15 release published before the day of entry); default: the matter's cmt_week",
    )
    venue: Venue | None = Field(
        default=None,
        description="where the court sits, for its calendar: US-FED the district's state (e.g. DC; default NY), FR "
        "an Alsace-Moselle département (57, 67, 68)",
    )
    seat: str | None = Field(
        default=None,
        description="an award's seat, as the forum code of its courts (e.g. FR for Paris): their set-aside "
        "deadlines then apply",
    )
    interest: list[InterestFile] | None = None
    source: str | None = None


class EventFile(_Strict):
    event: FileEventKind = Field(description="what happened: notified, served, discovered, ..., done")
    date: Date
    instrument: Text = Field(description="the award or judgment it happened to")
    rule: str | None = Field(
        default=None,
        validate_default=True,
        description="for event: done, the deadline rule whose act this was (e.g. us-fed/frap-4a1a)",
    )
    source: str | None = None

    @field_validator("rule")
    @classmethod
    def _done_names_its_rule(cls, rule: str | None, info: ValidationInfo) -> str | None:
        done = info.data.get("event") == "done"
        if done and rule is None:
            raise ValueError("an event 'done' names the deadline rule whose act it was (rule: us-fed/frap-4a1a)")
        if not done and rule is not None:
            raise ValueError("only an event 'done' names a rule; the others are triggers that rules find")
        return rule


class DeadlineFile(_Strict):
    """A time limit the parties agreed (a settlement's cure period), with the clause that sets it."""

    id: Identifier
    title: Text
    trigger: TriggerKind
    instrument: Text = Field(description="the instrument the trigger happens to (for settlement-default: the debt's)")
    period: str = Field(pattern=r"^\d+ (days?|court-days?|months?|years?)$", description='e.g. "30 days", "2 months"')
    calendar: str | None = Field(
        default=None, description="the forum whose court calendar counts it (default: the instrument's forum)"
    )
    roll: bool = Field(default=True, description="whether a last day on a closed day runs to the next court day")
    actor: Literal["creditor", "debtor", "either"] = "debtor"
    citation: Text = Field(description="the clause that sets the period, e.g. 'Settlement Agreement §7.2'")
    source: str | None = None


def _fact_values(schema: dict[str, Any]) -> None:
    """Each fact's own values in the JSON schema, so that an editor flags `execution-waiver: maybe` as check does."""
    schema["allOf"] = [
        {
            "if": {"properties": {"fact": {"const": name}}, "required": ["fact"]},
            "then": {"properties": {"value": {"type": "boolean"} if k.choices is None else {"enum": list(k.choices)}}},
        }
        for name, k in CATALOGUE.items()
    ]


#: Codes ISO 3166 reserves exceptionally for a country whose own code is another (ISO 3166-1, "exceptionally
#: reserved" code elements): the slip a user most often makes.
_RESERVED = {"UK": "GB (the United Kingdom)", "EL": "GR (Greece)"}


class FactFile(_Strict):
    """A fact a court weighs (model/facts.py's catalogue), with its value and source."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, json_schema_extra=_fact_values)

    fact: str = Field(
        description="the fact's name (see docs/recognition.md)", json_schema_extra={"enum": [*sorted(CATALOGUE)]}
    )
    about: Text = Field(description="the instrument or asset it is about, or 'debtor'")
    value: bool | str = Field(description="true or false, or one of the fact's choices")
    date: Date | None = Field(default=None, description="the day it was so, where that matters")
    source: str | None = None

    @field_validator("fact")
    @classmethod
    def _known_fact(cls, name: str) -> str:
        if name in WORKED_OUT:
            raise ValueError(f"{name} is not recorded but worked out: {WORKED_OUT[name]}")
        if name not in CATALOGUE:
            raise ValueError(f"unknown fact {name!r}{did_you_mean(name, CATALOGUE)}")
        return name

    @field_validator("value")
    @classmethod
    def _value_of_its_kind(cls, value: bool | str, info: ValidationInfo) -> bool | str:
        kind = CATALOGUE.get(str(info.data.get("fact")))
        if kind is None:
            return value
        if kind.choices is None and not isinstance(value, bool):
            raise ValueError(f"{info.data['fact']} is true or false, not {value!r}")
        if kind.choices is not None and value not in kind.choices:
            raise ValueError(
                f"{info.data['fact']} is one of {', '.join(kind.choices)}, not {_shown(value)}"
                f"{did_you_mean(str(value), kind.choices)}"
            )
        return value


class PaymentFile(_Strict):
    date: Date
    amount: Amount
    currency: CurrencyCode
    instrument: str | None = Field(default=None, description="the instrument paid against (or give debt:)")
    debt: str | None = Field(default=None, description="the debt paid against as a whole (or give instrument:)")
    source: str | None = None

    @model_validator(mode="after")
    def _one_target(self) -> PaymentFile:
        if (self.instrument is None) == (self.debt is None):
            raise ValueError("a payment names either the instrument or the debt it was paid against")
        return self


class ProceedingFile(_Strict):
    id: Identifier
    kind: ProceedingKind
    forum: Text
    court: str | None = None
    case_number: str | None = None
    filed: Date | None = None
    decided: Date | None = None
    concerns: str | None = None
    result: str | None = None
    outcome: str | None = None
    source: str | None = None


class InstalmentFile(_Strict):
    due: Date
    amount: Amount
    source: str | None = None


class ScheduleFile(_Strict):
    first: Date = Field(description="the due date of the first equal instalment")
    count: int = Field(ge=1, le=1200)
    every: Literal["monthly", "quarterly", "semiannual", "annual"] = "monthly"
    source: str | None = None

    @model_validator(mode="after")
    def _ends_within_the_dates_computed(self) -> ScheduleFile:
        last = self.first + relativedelta(months=PERIOD_MONTHS[self.every] * (self.count - 1))
        if not in_date_range(last):
            raise ValueError(f"the schedule's last instalment would fall on {last}, after {LAST_DATE}")
        return self


class DefaultFile(_Strict):
    on: Date
    clause: DefaultClause
    source: str | None = None


class SettlementFile(_Strict):
    id: Identifier
    debt: Text = Field(description="the debt settled (its id: the root instrument of a based_on chain)")
    date: Date
    amount: Amount
    currency: CurrencyCode
    instalments: list[InstalmentFile] = Field(default_factory=list)
    schedule: ScheduleFile | None = Field(
        default=None, description="the rest of the settled sum in equal instalments (the last takes the cents)"
    )
    interest: FixedPercent | None = Field(default=None, description="simple interest on the unpaid settled sum")
    default: DefaultFile | None = None
    source: str | None = None


class AssetFile(_Strict):
    id: Identifier
    description: Text
    owner: str | None = None
    location: str | None = None
    country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code of where the asset is; immunity from execution reads it per forum",
    )
    source: str | None = None

    @field_validator("country")
    @classmethod
    def _iso_country(cls, code: str | None) -> str | None:
        if code is None or pycountry.countries.get(alpha_2=code) is not None:
            return code
        meant = _RESERVED.get(code)
        hint = f": ISO writes {meant} for it" if meant else ""
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code{hint}")


class RecoveryFile(_Strict):
    date: Date
    amount: Amount
    currency: CurrencyCode
    source: str | None = None


class ActionFile(_Strict):
    id: Identifier
    kind: ActionKind
    date: Date | None = None
    court: str | None = None
    docket: str | None = None
    status: str | None = None
    instrument: str | None = None
    asset: str | None = None
    recoveries: list[RecoveryFile] = Field(
        default_factory=list, description="money recovered under the action: credited as payments on its instrument"
    )
    source: str | None = None


class RatePointFile(_Strict):
    date: Date
    value: Number = Field(description="percent per annum, as published")
    source: str | None = None


class RateListFile(_Strict):
    id: Identifier
    title: Text
    source: Text = Field(description="where the values come from (required)")
    max_gap_days: int = Field(default=7, ge=0, description="how far back the newest value may lie")
    values: list[RatePointFile] = Field(min_length=1)


class MatterFile(_Strict):
    """One matter: one creditor's claims against one debtor."""

    matter: Identifier
    title: str | None = None
    creditor: PartyFile
    debtor: PartyFile
    instruments: list[InstrumentFile] = Field(default_factory=list)
    payments: list[PaymentFile] = Field(default_factory=list)
    proceedings: list[ProceedingFile] = Field(default_factory=list)
    rates: list[RateListFile] = Field(default_factory=list)
    settlements: list[SettlementFile] = Field(default_factory=list)
    assets: list[AssetFile] = Field(default_factory=list)
    actions: list[ActionFile] = Field(default_factory=list)
    events: list[EventFile] = Field(
        default_factory=list, description="what happened that deadlines run from (or that met one)"
    )
    deadlines: list[DeadlineFile] = Field(
        default_factory=list, description="time limits the parties agreed (cure periods, standstills)"
    )
    facts: list[FactFile] = Field(
        default_factory=list, description="what a court weighs in recognizing or enforcing (docs/recognition.md)"
    )
    cmt_week: CmtWeek = Field(
        default=CmtWeek.CALENDAR_WEEK,
        description="US-FED judgments of this matter: which week's 1-year CMT average governs (28 U.S.C. §1961(a))",
    )
    source: str | None = None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation can hold, through Optional, unions, lists and Annotated (whose metadata, such as
    a union's Tag, is not a type and adds nothing)."""
    if isinstance(annotation, type):
        return [annotation] if issubclass(annotation, BaseModel) else []
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


def known_fields(root: type[BaseModel], loc: Sequence[int | str]) -> tuple[str, ...]:
    """The keys the mapping that holds the last step of `loc` may have, as a file spells them (`from`, not
    `start`). `loc` is a pydantic error location from `root`: list indexes and union tags are steps through
    the same mapping, not keys of it. Empty if the location leads to no model."""
    models = [root]
    for step in loc[:-1]:
        if isinstance(step, int) or step in UNION_TAGS:
            continue
        models = [
            inner
            for model in models
            for name, field in model.model_fields.items()
            if step in (name, field.alias)
            for inner in _models_in(field.annotation)
        ]
    keys = {field.alias or name for model in models for name, field in model.model_fields.items()}
    return tuple(sorted(keys))


def json_schema() -> dict[str, Any]:
    schema = MatterFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "exequatur matter file"
    return schema
