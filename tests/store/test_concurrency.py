"""Two imports of one matter at the same time, on SQLite and on PostgreSQL: they are serialized. The second waits
for the first and then applies (or finds nothing to change), so the stored matter is one of the two files, whole,
and its revisions and audit rows are each import's, in order."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from exequatur.interfaces import api
from exequatur.model.rates import RateBook
from exequatur.store import models as m
from exequatur.store import repository
from exequatur.store.database import open_engine, transaction
from tests.store.conftest import placeless, small_matter


@pytest.fixture(scope="module")
def book() -> RateBook:
    return api.rate_book()


def _race(db_url: str, texts: list[str], book: RateBook) -> tuple[dict[int, Any], dict[int, BaseException]]:
    """Import each text in its own thread, all at once; each import pauses after writing its rows, so that
    without a lock the others read the matter before the first commits."""
    barrier = threading.Barrier(len(texts))
    done: dict[int, Any] = {}
    failed: dict[int, BaseException] = {}

    def run(i: int) -> None:
        barrier.wait()
        try:
            done[i] = api.db_import(texts[i], db=db_url, user=f"user{i}", file=f"{i}.yaml", rates=book)
        except BaseException as exc:
            failed[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return done, failed


def _pause_after_rows(stage: str) -> None:
    if stage == "rows":
        time.sleep(0.5)


CASES = {
    "new, different": (None, [small_matter(amount="260000.00"), small_matter(paid="1.00")]),
    "new, identical": (None, [small_matter(), small_matter()]),
    "stored, different": (small_matter(), [small_matter(amount="260000.00"), small_matter(paid="1.00")]),
    "stored, identical": (small_matter(), [small_matter(paid="2.00"), small_matter(paid="2.00")]),
}


@pytest.mark.filterwarnings("error::sqlalchemy.exc.SAWarning")
@pytest.mark.parametrize("case", sorted(CASES))
def test_two_imports_at_once_are_serialized(
    case: str, db_url: str, book: RateBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, texts = CASES[case]
    if first is not None:
        api.db_import(first, db=db_url, user="setup", rates=book)
    monkeypatch.setattr(repository, "_nothing", _pause_after_rows)
    done, failed = _race(db_url, texts, book)
    assert failed == {}, failed

    start = 1 if first is not None else 0
    applied = [i for i, d in done.items() if d.changes]
    identical = texts[0] == texts[1]
    assert len(applied) == (1 if identical else 2)
    assert sorted(d.revision for d in done.values()) == ([start + 1] * 2 if identical else [start + 1, start + 2])
    assert sum(d.created for d in done.values()) == (1 if first is None else 0)

    exported = api.db_export("small", db=db_url)
    assert api.check_text(exported, "exported.yaml", book) == []
    engine = open_engine(db_url)
    with transaction(engine) as session:
        row = session.scalars(select(m.MatterRow)).one()
        revisions = [(r.position, r.imported_by) for r in row.revisions]
        instruments = session.scalar(select(func.count()).select_from(m.InstrumentRow))
        audit = [(r.revision, r.user) for r in repository.audit(session, "small")]
    assert instruments == 1
    assert [p for p, _ in revisions] == list(range(1, row.revision + 1))
    assert row.revision == start + len(applied)
    # The audit log: each revision's rows by the one who made it, in the order of the revisions.
    assert [r for r, _ in audit] == sorted(r for r, _ in audit)
    assert dict(audit) == dict(revisions)
    last = int(revisions[-1][1].removeprefix("user"))  # the file of the last import that changed something
    assert placeless(api.matter_from_text(exported, "e.yaml", book)) == placeless(
        api.matter_from_text(texts[last], "t.yaml", book)
    )


def test_an_unchanged_import_writes_nothing(db_url: str, book: RateBook) -> None:
    """The "unchanged" answer is found before any row is touched: the matter's rows keep their keys."""
    api.db_import(small_matter(), db=db_url, rates=book)
    engine = open_engine(db_url)

    def keys() -> list[int]:
        with transaction(engine) as session:
            return list(session.scalars(select(m.InstrumentRow.pk).order_by(m.InstrumentRow.pk)))

    before = keys()
    assert api.db_import(small_matter(), db=db_url, rates=book).changes == 0
    assert keys() == before


def test_on_sqlite_a_reader_does_not_wait_for_a_writer(tmp_path: Any, book: RateBook) -> None:
    """A write transaction holds SQLite's write lock from its start; one that only reads goes on beside it,
    while another writer waits (here: gives up after a short busy timeout)."""
    import sqlite3

    from sqlalchemy import text

    path = tmp_path / "m.db"
    url = f"sqlite:///{path}"
    api.db_import(small_matter(), db=url, rates=book)
    with transaction(open_engine(url)) as session:
        session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock is held from here
        started = time.monotonic()
        assert [s.matter for s in api.db_matters(db=url)] == ["small"]
        assert api.db_export("small", db=url).startswith("# A small New York matter.")
        assert time.monotonic() - started < 5
        other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
