"""Rate rows stored in the database, on SQLite and on PostgreSQL: an official download merges as `rates update`
merges it into a file (io/rateupdate.py's own rules), a contradiction leaves the database as it was, each change
is in the audit log, and the stored rows extend the shipped table so that a judgment past its end can be computed.

The table is us-1y-cmt-weekly (28 U.S.C. §1961), whose shipped rows end with the week ending Fri 2026-08-14
(4.00; so it covers to 2026-08-21). The new rows are a test's own (3.95 for the week ending 2026-08-21, 3.89 for
2026-08-28), not the publisher's: what is checked is that the figure follows whatever row the database holds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from exequatur.engine.results import InstrumentFailure
from exequatur.interfaces import api
from exequatur.io.ratetables import UserTables, rate_tables, shipped_tables
from exequatur.io.rateupdate import store as store_file
from exequatur.model.errors import RateTableFormatError
from exequatur.store import models as m
from exequatur.store import rates
from exequatur.store.database import open_engine, ready, transaction

TABLE = "us-1y-cmt-weekly"
TODAY = date(2026, 12, 2)
NEW = {date(2026, 8, 14): Decimal("4.00"), date(2026, 8, 21): Decimal("3.95"), date(2026, 8, 28): Decimal("3.89")}
#: A judgment entered Wed 2026-09-02: §1961(a) takes "the calendar week preceding" the week of entry (Mon
#: 2026-08-24 to Sun 08-30), i.e. the H.15 average for the week ending Fri 2026-08-28, past the shipped table.
JUDGMENT = """\
matter: fed-past-the-table
creditor: {name: C Inc.}
debtor: {name: D Ltd.}
instruments:
  - {id: j, kind: judgment, forum: US-FED, date: 2026-09-02, currency: USD,
     amounts: [{label: judgment, amount: "1000000.00"}]}
"""


def _engine(db_url: str) -> Any:
    engine = open_engine(db_url)
    ready(engine)
    return engine


def _update(db_url: str, rows: dict[date, Decimal], *, user: str = "alice", today: date = TODAY) -> Any:
    with transaction(_engine(db_url)) as session:
        return rates.update(session, TABLE, rows, today=today, provenance="WGS1YR.csv (test)", user=user)


def _state(db_url: str) -> tuple[Any, ...]:
    """Everything the rate rows and the audit log hold."""
    with transaction(_engine(db_url), write=False) as session:
        tables = [
            (t.table, t.revision, t.covered_until, t.reviewed, t.source)
            for t in session.scalars(select(m.RateTableRow))
        ]
        rows = [
            (r.table_pk, r.date, r.value, r.source)
            for r in session.scalars(select(m.RateRowRow).order_by(m.RateRowRow.pk))
        ]
        audit = session.scalar(select(func.count()).select_from(m.AuditRow))
    return tuple(tables), tuple(rows), audit


def test_a_merge_lands_as_rows_with_their_source_and_an_audit_row(db_url: str) -> None:
    report = _update(db_url, NEW)
    assert report.result.added == (date(2026, 8, 21), date(2026, 8, 28))
    assert report.result.confirmed == 1  # 2026-08-14 equals the shipped row (4 = 4.00)
    assert report.lines()[0] == f"{TABLE}: 2 row(s) added, 1 confirmed; written to the database"
    with transaction(_engine(db_url), write=False) as session:
        stored = rates.rows_of(session, TABLE)
        assert [(r.date, r.value, r.source, r.added_by) for r in stored] == [
            (date(2026, 8, 21), Decimal("3.95"), "WGS1YR.csv (test)", "alice"),
            (date(2026, 8, 28), Decimal("3.89"), "WGS1YR.csv (test)", "alice"),
        ]
        audit = [r for r in session.scalars(select(m.AuditRow)) if r.entity == f"rates/{TABLE}"]
        assert [(r.user, r.action, r.revision, r.matter) for r in audit] == [("alice", "create", 1, "")]
        assert audit[0].before is None
        assert audit[0].after["rows"] == {
            "2026-08-21": {"value": "3.95", "source": "WGS1YR.csv (test)"},
            "2026-08-28": {"value": "3.89", "source": "WGS1YR.csv (test)"},
        }
        assert rates.revision(session) == 1
        [summary] = rates.listed(session)
    assert (summary.rows, summary.last, summary.updated_by) == (2, date(2026, 8, 28), "alice")


def test_the_stored_rows_extend_the_shipped_table_and_hide_none(db_url: str) -> None:
    _update(db_url, NEW)
    book = api.db_rate_book(db=db_url)
    series = book.get(TABLE, on=date(2026, 8, 28))
    assert series.exactly(date(2026, 8, 28)).value == Decimal("3.89")
    assert series.exactly(date(2026, 8, 28)).source.file == "db:rates/us-1y-cmt-weekly"
    shipped = series.exactly(date(2026, 8, 14))
    assert (shipped.value, shipped.source.file) == (Decimal("4"), "exequatur/data/us_1y_cmt_weekly.csv")
    assert len(series.points) == len(shipped_tables()[TABLE].points) + 2


@pytest.mark.parametrize(
    ("rows", "dates"),
    [
        ({date(2026, 8, 14): Decimal("4.10")}, ["2026-08-14"]),  # a shipped row
        ({date(2026, 8, 21): Decimal("3.96"), date(2026, 9, 4): Decimal("3.80")}, ["2026-08-21"]),  # a stored row
    ],
)
def test_a_contradiction_leaves_the_database_as_it_was(
    db_url: str, rows: dict[date, Decimal], dates: list[str]
) -> None:
    _update(db_url, NEW)
    before = _state(db_url)
    with pytest.raises(RateTableFormatError) as raised:
        _update(db_url, rows, user="bob")
    for day in dates:
        assert f"{day}: table" in str(raised.value)
    if dates == ["2026-08-21"]:
        assert "exequatur db rates remove us-1y-cmt-weekly" in str(raised.value)
    assert _state(db_url) == before


def test_a_later_merge_adds_and_an_unchanged_one_writes_nothing(db_url: str) -> None:
    _update(db_url, NEW)
    again = _update(db_url, NEW)
    assert again.lines()[0] == f"{TABLE}: 0 row(s) added, 3 confirmed; nothing new to keep; nothing written"
    before = _state(db_url)
    _update(db_url, NEW)
    assert _state(db_url) == before
    _update(db_url, {date(2026, 9, 4): Decimal("3.80")}, user="bob", today=date(2026, 12, 3))
    with transaction(_engine(db_url), write=False) as session:
        assert [r.date for r in rates.rows_of(session, TABLE)][-1] == date(2026, 9, 4)
        audit = list(session.scalars(select(m.AuditRow).order_by(m.AuditRow.pk)))
        assert [(r.user, r.action, r.revision) for r in audit] == [("alice", "create", 1), ("bob", "update", 2)]
        assert audit[1].before["row_count"] == 2
        assert audit[1].after["row_count"] == 3
        assert rates.revision(session) == 2


def test_remove_takes_the_stored_rows_back_and_is_audited(db_url: str) -> None:
    _update(db_url, NEW)
    assert api.db_rates_remove(TABLE, db=db_url, user="carol") == 2
    with transaction(_engine(db_url), write=False) as session:
        assert rates.rows_of(session, TABLE) == []
        assert [(r.user, r.action) for r in session.scalars(select(m.AuditRow))][-1] == ("carol", "delete")
    assert api.db_rate_book(db=db_url).get(TABLE, on=TODAY).last_row == date(2026, 8, 14)


def test_an_unknown_table_is_refused_with_a_suggestion(db_url: str) -> None:
    with pytest.raises(rates.UnknownTable, match="did you mean 'us-1y-cmt-weekly'"):
        api.db_rates_update("us-1y-cmt-wekly", NEW, provenance="x", today=TODAY, db=db_url)


def test_a_judgment_past_the_shipped_table_is_owed_once_the_row_is_stored(db_url: str) -> None:
    # 28 U.S.C. §1961(a)-(b): the week ending 2026-08-28 (3.89%), computed daily (365), compounded annually. From
    # entry, Wed 2026-09-02, to 2026-12-02 is 91 days, within the first year: 1,000,000.00 x 0.0389 x 91/365 =
    # 3,539,900/365 = 9,698.356... -> 9,698.36.
    before = api.db_rate_book(db=db_url)
    [failed] = api.owe(api.matter_from_text(JUDGMENT, "j.yaml", before), TODAY, rates=before).instruments
    assert isinstance(failed, InstrumentFailure)
    assert "no row dated 2026-08-28" in failed.message
    _update(db_url, NEW)
    after = api.db_rate_book(db=db_url)
    statement = api.owe(api.matter_from_text(JUDGMENT, "j.yaml", after), TODAY, rates=after)
    [line] = statement.instruments
    assert line.interest == Decimal("9698.36")


def test_the_data_directory_copies_are_imported_with_their_citations(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXEQUATUR_DATA_DIR", str(tmp_path))
    store_file(rate_tables(), TABLE, NEW, today=TODAY, provenance="WGS1YR.csv, merged by `exequatur rates update`")
    assert TABLE in UserTables(tmp_path / "rates")
    [report] = api.db_rates_import(today=TODAY, db=db_url, user="dave")
    assert report.result.added == (date(2026, 8, 21), date(2026, 8, 28))
    with transaction(_engine(db_url), write=False) as session:
        assert {r.source for r in rates.rows_of(session, TABLE)} == {"WGS1YR.csv, merged by `exequatur rates update`"}
    again = api.db_rates_import(today=TODAY, db=db_url, user="dave")
    assert again[0].stored_in is None  # nothing new
