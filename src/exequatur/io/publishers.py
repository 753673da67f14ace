"""The publishers' own download formats, and which official series feeds which table (for `rates fetch`).

Each parser reads one publisher's file exactly as it is served and returns {date: value}; a day the publisher
marks as missing is absent, and anything else that is not a plain decimal is an error with its place. The formats:

- FRED (Federal Reserve Bank of St. Louis), `fredgraph.csv?id=SERIES`: a header `observation_date,SERIES` (files
  saved before 2024 have `DATE,SERIES`), then `YYYY-MM-DD,value`, with "." for a day without a value.
- ECB data portal, `service/data/EXR/D.CUR.EUR.SP00.A?format=csvdata`: one observation a line under the columns
  KEY,FREQ,CURRENCY,CURRENCY_DENOM,EXR_TYPE,EXR_SUFFIX,TIME_PERIOD,OBS_VALUE,OBS_STATUS,... (units of CUR per euro).
- Bank of Canada Valet, `valet/observations/SERIES/json`: {"terms": ..., "seriesDetail": {SERIES: ...},
  "observations": [{"d": "YYYY-MM-DD", SERIES: {"v": "value"}}, ...]}.

The French legal rate has no feed: it is fixed by an arrêté each half-year and published in the Journal officiel;
the tables that reproduce it (the Trésor's page, data.gouv.fr's spreadsheet) are pages and workbooks updated by
hand, not a maintained machine-readable series, so its tables take a manual `rates update` instead.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exequatur.model.errors import RateTableFormatError
from exequatur.model.source import Source

_DECIMAL = re.compile(r"-?\d+(\.\d+)?")

Parser = Callable[[str, str], dict[date, Decimal]]


def _value(text: str, where: Source) -> Decimal:
    if not _DECIMAL.fullmatch(text):
        raise RateTableFormatError(f"{text!r} is not a decimal number", source=where)
    return Decimal(text)


def _day(text: str, where: Source) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RateTableFormatError(f"{text!r} is not a date (YYYY-MM-DD)", source=where) from None


def _no_rows(origin: str, what: str) -> RateTableFormatError:
    return RateTableFormatError(f"no observations in the {what}", source=Source(origin, 1))


def parse_fred_csv(text: str, series: str, origin: str) -> dict[date, Decimal]:
    """A FRED `fredgraph.csv` download of one series."""
    rows: dict[date, Decimal] = {}
    lines = text.splitlines()
    header = lines[0].strip().lstrip("\ufeff") if lines else ""
    if header not in (f"observation_date,{series}", f"DATE,{series}"):
        raise RateTableFormatError(
            f"expected FRED's CSV header 'observation_date,{series}', found {header[:60]!r}", source=Source(origin, 1)
        )
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        where = Source(origin, number)
        cells = line.split(",")
        if len(cells) != 2:
            raise RateTableFormatError(f"expected 2 columns, found {line!r}", source=where)
        day, value = cells[0].strip(), cells[1].strip()
        if value in ("", "."):  # FRED's mark for a day without a value (a holiday)
            continue
        rows[_day(day, where)] = _value(value, where)
    if not rows:
        raise _no_rows(origin, f"FRED file of {series}")
    return rows


ECB_COLUMNS = ("KEY", "FREQ", "CURRENCY", "CURRENCY_DENOM", "TIME_PERIOD", "OBS_VALUE")


def parse_ecb_csv(text: str, currency: str, origin: str) -> dict[date, Decimal]:
    """An ECB data portal `csvdata` answer for the daily euro reference rate of `currency` (units per euro)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ECB_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise RateTableFormatError(
            f"not an ECB csvdata file: it lacks the column(s) {', '.join(missing)}", source=Source(origin, 1)
        )
    key = f"EXR.D.{currency}.EUR.SP00.A"
    rows: dict[date, Decimal] = {}
    for record in reader:
        where = Source(origin, reader.line_num)
        if record["KEY"] != key:
            raise RateTableFormatError(f"expected series {key}, found {record['KEY']!r}", source=where)
        value = (record["OBS_VALUE"] or "").strip()
        if not value:  # the ECB leaves OBS_VALUE empty for a day it did not fix a rate
            continue
        rows[_day((record["TIME_PERIOD"] or "").strip(), where)] = _value(value, where)
    if not rows:
        raise _no_rows(origin, f"ECB file of {key}")
    return rows


def parse_valet_json(text: str, series: str, origin: str) -> dict[date, Decimal]:
    """A Bank of Canada Valet `observations/SERIES/json` answer."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RateTableFormatError(f"not JSON: {exc.msg}", source=Source(origin, exc.lineno)) from None
    observations = document.get("observations") if isinstance(document, dict) else None
    if not isinstance(observations, list):
        raise RateTableFormatError("not a Valet observations answer (no 'observations' list)", source=Source(origin, 1))
    detail = document.get("seriesDetail")
    if isinstance(detail, dict) and series not in detail:
        raise RateTableFormatError(
            f"expected series {series}, found {', '.join(map(str, detail)) or 'none'}", source=Source(origin, 1)
        )
    rows: dict[date, Decimal] = {}
    for index, item in enumerate(observations):
        where = Source(f"{origin} (observations[{index}])", 0)
        if not isinstance(item, dict) or not isinstance(item.get("d"), str):
            raise RateTableFormatError("an observation without a date 'd'", source=where)
        cell = item.get(series)
        value = cell.get("v") if isinstance(cell, dict) else None
        if value is None or not str(value).strip():  # Valet leaves out a series on a day it has no value
            continue
        rows[_day(item["d"], where)] = _value(str(value).strip(), where)
    if not rows:
        raise _no_rows(origin, f"Valet answer for {series}")
    return rows


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """Where a table's official series is published, and how to read the publisher's file."""

    table: str
    publisher: str
    series: str
    url: str
    parse: Parser

    def provenance(self, fetched: date) -> str:
        return f"{self.publisher} series {self.series} ({self.url}), fetched {fetched}"


def _fred(table: str, series: str) -> Feed:
    return Feed(
        table=table,
        publisher="FRED, Federal Reserve Bank of St. Louis",
        series=series,
        url=f"https://fred.stlouisfed.org/graph/fredgraph.csv?id={series}",
        parse=lambda text, origin: parse_fred_csv(text, series, origin),
    )


def _ecb(table: str, currency: str) -> Feed:
    key = f"D.{currency}.EUR.SP00.A"
    return Feed(
        table=table,
        publisher="European Central Bank data portal",
        series=f"EXR.{key}",
        url=f"https://data-api.ecb.europa.eu/service/data/EXR/{key}?format=csvdata",
        parse=lambda text, origin: parse_ecb_csv(text, currency, origin),
    )


def _valet(table: str, series: str) -> Feed:
    return Feed(
        table=table,
        publisher="Bank of Canada Valet",
        series=series,
        url=f"https://www.bankofcanada.ca/valet/observations/{series}/json",
        parse=lambda text, origin: parse_valet_json(text, series, origin),
    )


#: The official series behind each shipped table that has a machine-readable publisher.
FEEDS: dict[str, Feed] = {
    f.table: f
    for f in (
        _fred("us-1y-cmt-weekly", "WGS1YR"),
        _fred("us-tbill-6m", "DTB6"),
        _fred("usd-sofr", "SOFR"),
        _fred("us-fed-discount-rate", "DPCREDIT"),  # primary credit, the table's series since 2003-01-09
        _fred("fx-usd-cad", "DEXCAUS"),
        _fred("fx-usd-gbp", "DEXUSUK"),
        _fred("fx-usd-eur", "DEXUSEU"),
        _ecb("fx-ecb-eur-usd", "USD"),
        _ecb("fx-ecb-eur-cad", "CAD"),
        _ecb("fx-ecb-eur-gbp", "GBP"),
        _valet("ca-boc-bank-rate", "V39078"),
    )
}

_FRENCH = (
    "no machine-readable official feed of the French legal rate is known (it is fixed by an arrêté each "
    "half-year, published in the Journal officiel); write the half-year's rate as a CSV (date,value) and run "
    "`exequatur rates update {table} FILE`"
)

#: Tables that can only be brought up to date by hand, and why.
NO_FEED: dict[str, str] = {
    t: _FRENCH.format(table=t) for t in ("fr-taux-legal-particuliers", "fr-taux-legal-professionnels")
}


def renew_hint(table: str) -> str:
    """How to bring `table` past its end, as an error message says it."""
    if table in FEEDS:
        return (
            f"run `exequatur rates fetch {table}`, or `exequatur rates update {table} FILE` with a newer official file"
        )
    if table in NO_FEED:
        return NO_FEED[table]
    return f"run `exequatur rates update {table} FILE` with a newer official file"
