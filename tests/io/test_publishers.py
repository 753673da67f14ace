"""Each publisher's parser on a saved sample of the file it serves (tests/fixtures/publishers/README.md names the
page each format was checked against). Expected rows are read off the sample files by eye."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exequatur.io.publishers import FEEDS, NO_FEED, parse_ecb_csv, parse_fred_csv, parse_valet_json, renew_hint
from exequatur.model.errors import RateTableFormatError

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "publishers"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_fred_weekly_csv() -> None:
    # FRED's no-key CSV: header observation_date,WGS1YR (fred.stlouisfed.org/graph/fredgraph.csv?id=WGS1YR).
    rows = parse_fred_csv(sample("fred-WGS1YR.csv"), "WGS1YR", "fred-WGS1YR.csv")
    assert len(rows) == 6
    assert rows[date(2026, 8, 14)] == Decimal("4.00")
    assert rows[date(2026, 9, 4)] == Decimal("3.91")


def test_fred_older_date_header() -> None:
    rows = parse_fred_csv(sample("fred-WGS1YR-DATE-header.csv"), "WGS1YR", "old.csv")
    assert rows == {
        date(2018, 2, 16): Decimal("2.00"),
        date(2018, 2, 23): Decimal("2.02"),
        date(2018, 3, 2): Decimal("2.05"),
    }


def test_fred_dot_is_a_day_without_a_value() -> None:
    rows = parse_fred_csv(sample("fred-DEXCAUS.csv"), "DEXCAUS", "fred-DEXCAUS.csv")
    assert date(2026, 5, 25) not in rows  # Memorial Day: "." in the file
    assert len(rows) == 9
    assert rows[date(2026, 5, 26)] == Decimal("1.3774")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("observation_date,DGS1\n2026-01-02,4.1\n", 1, "expected FRED's CSV header 'observation_date,WGS1YR'"),
        ("<!DOCTYPE html><html>Series not found</html>\n", 1, "expected FRED's CSV header"),
        ("observation_date,WGS1YR\n2026-01-02,4.1\n2026-01-09,n/a\n", 3, "not a decimal number"),
        ("observation_date,WGS1YR\n2026-01-02,1e1\n", 2, "not a decimal number"),
        ("observation_date,WGS1YR\n2026-13-02,4.1\n", 2, "not a date"),
        ("observation_date,WGS1YR\n2026-01-02,.\n", 1, "no observations"),
    ],
)
def test_fred_refuses_what_is_not_its_file(text: str, line: int, message: str) -> None:
    with pytest.raises(RateTableFormatError, match=message) as info:
        parse_fred_csv(text, "WGS1YR", "x.csv")
    assert info.value.source.line == line


def test_ecb_csvdata() -> None:
    # ECB data portal, data-api.ecb.europa.eu/service/data/EXR/D.USD.EUR.SP00.A?format=csvdata (28 columns; the
    # quoted TITLE_COMPL holds commas).
    rows = parse_ecb_csv(sample("ecb-EXR-D.USD.EUR.SP00.A.csv"), "USD", "ecb.csv")
    assert list(rows) == [
        date(2026, 10, 28),
        date(2026, 10, 29),
        date(2026, 10, 30),
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 4),
    ]
    assert rows[date(2026, 10, 29)] == Decimal("1.1130")


def test_ecb_refuses_another_series_or_another_file() -> None:
    with pytest.raises(RateTableFormatError, match=r"expected series EXR\.D\.CAD\.EUR\.SP00\.A") as info:
        parse_ecb_csv(sample("ecb-EXR-D.USD.EUR.SP00.A.csv"), "CAD", "ecb.csv")
    assert info.value.source.line == 2
    with pytest.raises(RateTableFormatError, match="lacks the column"):
        parse_ecb_csv(sample("fred-WGS1YR.csv"), "USD", "x.csv")


def test_valet_json() -> None:
    # Bank of Canada Valet, www.bankofcanada.ca/valet/observations/V39078/json (bankofcanada.ca/valet/docs).
    rows = parse_valet_json(sample("valet-V39078.json"), "V39078", "valet.json")
    assert len(rows) == 6
    assert set(rows.values()) == {Decimal("2.5000")}
    assert min(rows) == date(2026, 8, 3)
    assert max(rows) == date(2026, 8, 10)


def test_valet_refuses_another_series_and_non_json() -> None:
    with pytest.raises(RateTableFormatError, match="expected series V39079"):
        parse_valet_json(sample("valet-V39078.json"), "V39079", "valet.json")
    with pytest.raises(RateTableFormatError, match="not JSON"):
        parse_valet_json("<html>maintenance</html>", "V39078", "valet.json")
    bad = '{"observations": [{"d": "2026-08-03", "V39078": {"v": "2,50"}}]}'
    with pytest.raises(RateTableFormatError, match="not a decimal number") as info:
        parse_valet_json(bad, "V39078", "valet.json")
    assert "observations[0]" in info.value.source.file


def test_every_feed_names_a_table_and_the_french_tables_say_why_they_have_none() -> None:
    assert set(FEEDS).isdisjoint(NO_FEED)
    assert FEEDS["us-1y-cmt-weekly"].url == "https://fred.stlouisfed.org/graph/fredgraph.csv?id=WGS1YR"
    assert FEEDS["fx-ecb-eur-usd"].url == (
        "https://data-api.ecb.europa.eu/service/data/EXR/D.USD.EUR.SP00.A?format=csvdata"
    )
    assert FEEDS["ca-boc-bank-rate"].url == "https://www.bankofcanada.ca/valet/observations/V39078/json"
    assert "rates fetch us-1y-cmt-weekly" in renew_hint("us-1y-cmt-weekly")
    french = renew_hint("fr-taux-legal-professionnels")
    assert "no machine-readable official feed" in french
    assert "rates update fr-taux-legal-professionnels FILE" in french
