"""Import and export through the database, on SQLite and on PostgreSQL: what goes in comes out (the same matter,
the same sources and comments), an import lands whole or not at all, and every change is in the audit log."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text

from exequatur.engine.owed import accrue
from exequatur.interfaces import api
from exequatur.interfaces.api import MatterFileError
from exequatur.io.yamllines import load_yaml
from exequatur.model.matter import Matter
from exequatur.model.rates import RateBook
from exequatur.store import models as m
from exequatur.store import repository
from exequatur.store.database import open_engine, transaction
from tests.store.conftest import placeless, small_matter
from tests.store.corpus import CORPUS, EXAMPLES


@pytest.fixture(scope="module")
def book() -> RateBook:
    return api.rate_book()


def _round_trip(text: str, db_url: str, book: RateBook) -> tuple[Matter, Matter, str]:
    original = api.matter_from_text(text, "original.yaml", book)
    api.db_import(text, db=db_url, user="tester", file="original.yaml", rates=book)
    exported = api.db_export(original.id, db=db_url)
    return original, api.matter_from_text(exported, "exported.yaml", book), exported


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_an_exported_matter_loads_to_the_matter_imported(name: str, db_url: str, book: RateBook) -> None:
    original, exported, text = _round_trip(CORPUS[name], db_url, book)
    assert api.check_text(text, "exported.yaml", book) == []
    assert placeless(exported) == placeless(original)


def test_an_exported_matter_owes_what_the_file_owes(db_url: str, book: RateBook) -> None:
    original, exported, _ = _round_trip(CORPUS["rusoro-v-venezuela.yaml"], db_url, book)
    day = date(2023, 8, 14)
    assert placeless(accrue(exported, day, book)) == placeless(accrue(original, day, book))


def _sources(tree: Any) -> Counter[str]:
    """Every `source:` text of a YAML tree."""
    found: Counter[str] = Counter()
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key == "source" and isinstance(value, str):
                found[value] += 1
            else:
                found += _sources(value)
    elif isinstance(tree, list):
        for value in tree:
            found += _sources(value)
    return found


def _comments(text: str) -> Counter[str]:
    """The comments of a file whose values hold no '#' (checked): what follows a '#' on each line."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        if "#" in line:
            found[line[line.index("#") :].strip()] += 1
    return found


@pytest.mark.parametrize("name", EXAMPLES)
def test_export_keeps_every_source_and_comment(name: str, db_url: str, book: RateBook) -> None:
    original = CORPUS[name]
    values = [v for v in re.findall(r'"[^"]*"', original) if "#" in v]
    assert values == [], "this test reads comments naively: it needs a file with no '#' inside a value"
    _, _, exported = _round_trip(original, db_url, book)
    assert _sources(load_yaml(exported)) == _sources(load_yaml(original))
    assert _comments(exported) == _comments(original)
    assert sum(_comments(original).values()) > 2


def test_comments_stay_at_their_items(db_url: str, book: RateBook) -> None:
    _, _, exported = _round_trip(small_matter(), db_url, book)
    lines = exported.splitlines()
    assert lines[0] == "# A small New York matter."
    assert lines[1] == "matter: small"
    assert '        amount: "250000.00"  # as the judgment states it' in lines
    # a '#' inside quotes is text, not a comment
    assert '      - {from: 2024-03-15, rate: "9%", source: "Judgment, p. 3 # not a comment"}' in lines


def test_a_matter_object_imports_too(db_url: str, book: RateBook) -> None:
    original = api.matter_from_text(CORPUS["rusoro-v-venezuela.yaml"], "rusoro.yaml", book)
    api.db_import(original, db=db_url, user="tester", rates=book)
    assert placeless(api.db_matter(original.id, db=db_url, rates=book)) == placeless(original)


def test_figures_are_stored_exactly(db_url: str, book: RateBook) -> None:
    amount = "987654321098765.43"  # 17 digits: a binary float keeps 15 or 16
    api.db_import(small_matter(amount=amount, rate="4.123456789012345678%"), db=db_url, rates=book)
    engine = open_engine(db_url)
    with transaction(engine) as session:
        stored = session.scalars(select(m.ComponentRow.amount)).one()
        rate = session.scalars(select(m.InterestTermRow.rate_percent)).one()
        paid = session.scalars(select(m.PaymentRow.amount)).one()
        if engine.dialect.name == "postgresql":
            kind = session.execute(text("SELECT pg_typeof(amount)::text FROM components")).scalar_one()
            assert kind == "numeric"
    assert (str(stored), str(rate), str(paid)) == (amount, "4.123456789012345678", "50000.00")


def _state(db_url: str) -> tuple[Any, ...]:
    """Everything a failed import must leave as it was: each table's row count, the audit log, every export."""
    engine = open_engine(db_url)
    with transaction(engine) as session:
        counts = tuple(session.scalar(select(func.count()).select_from(t)) for t in m.Base.metadata.sorted_tables)
        audit = [(r.matter, r.revision, r.entity, r.before, r.after) for r in repository.audit(session)]
        exports = [repository.export_text(session, s.matter) for s in repository.matters(session)]
        revisions = [(s.matter, s.revision) for s in repository.matters(session)]
    return counts, audit, exports, revisions


def test_a_file_with_problems_changes_nothing(db_url: str, book: RateBook) -> None:
    api.db_import(small_matter(), db=db_url, rates=book)
    before = _state(db_url)
    with pytest.raises(MatterFileError) as raised:
        api.db_import(small_matter(amount="12,34", paid="1"), db=db_url, file="bad.yaml", rates=book)
    assert str(raised.value).startswith("bad.yaml:")
    assert _state(db_url) == before


@pytest.mark.parametrize("stage", ["rows", "revision", "audit"])
@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_a_failure_midway_leaves_the_database_as_it_was(
    stage: str, existing: bool, db_url: str, book: RateBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.db_import(CORPUS["rusoro-v-venezuela.yaml"], db=db_url, rates=book)
    if existing:
        api.db_import(small_matter(), db=db_url, rates=book)
    before = _state(db_url)

    def fail(at: str) -> None:
        if at == stage:
            raise RuntimeError(f"injected at {at}")

    monkeypatch.setattr(repository, "_nothing", fail)
    with pytest.raises(RuntimeError, match=f"injected at {stage}"):
        api.db_import(small_matter(amount="999.00", paid="10.00"), db=db_url, rates=book)
    assert _state(db_url) == before
    monkeypatch.undo()
    done = api.db_import(small_matter(amount="999.00", paid="10.00"), db=db_url, rates=book)
    assert done.revision == (2 if existing else 1)


def _audit(db_url: str, matter: str = "small") -> list[tuple[str, str, str, int, Any, Any]]:
    return [
        (r.user, r.action, r.entity, r.revision, r.before, r.after) for r in api.db_audit(db=db_url, matter_id=matter)
    ]


def test_every_change_is_in_the_audit_log(db_url: str, book: RateBook) -> None:
    first = api.db_import(small_matter(), db=db_url, user="alice", rates=book)
    assert (first.created, first.revision) == (True, 1)
    created = _audit(db_url)
    assert [(u, a, e, r) for u, a, e, r, _, _ in created] == [
        ("alice", "create", "matter", 1),
        ("alice", "create", "instruments/j", 1),
        ("alice", "create", "payments[0]", 1),
        ("alice", "create", "comments", 1),
    ]
    assert all(before is None for *_, before, _ in created)
    instrument = created[1][5]
    assert instrument["amounts"] == [{"label": "damages", "amount": "250000.00", "source": "Judgment, p. 2"}]
    assert instrument["interest"][0]["rate"] == "9%"

    again = api.db_import(small_matter(), db=db_url, user="bob", rates=book)
    assert (again.created, again.revision, again.changes) == (False, 1, 0)
    assert len(_audit(db_url)) == 4

    second = api.db_import(small_matter(amount="260000.00"), db=db_url, user="bob", rates=book)
    assert (second.revision, second.changes) == (2, 1)
    user, action, entity, revision, before, after = _audit(db_url)[-1]
    assert (user, action, entity, revision) == ("bob", "update", "instruments/j", 2)
    assert before["amounts"][0]["amount"] == "250000.00"
    assert after["amounts"][0]["amount"] == "260000.00"
    assert {k: v for k, v in before.items() if k != "amounts"} == {k: v for k, v in after.items() if k != "amounts"}


def test_each_revision_keeps_its_file(db_url: str, book: RateBook) -> None:
    api.db_import(small_matter(), db=db_url, file="one.yaml", rates=book)
    api.db_import(small_matter(paid="1.00"), db=db_url, file="two.yaml", rates=book)
    engine = open_engine(db_url)
    with transaction(engine) as session:
        assert repository.revision_text(session, "small", 1) == small_matter()
        assert repository.revision_text(session, "small") == small_matter(paid="1.00")
    (summary,) = api.db_matters(db=db_url)
    assert (summary.matter, summary.revision, summary.instruments) == ("small", 2, 1)


def test_exporting_an_unknown_matter_names_the_ones_there(db_url: str, book: RateBook) -> None:
    api.db_import(small_matter(), db=db_url, rates=book)
    with pytest.raises(repository.UnknownMatter, match=r"no matter 'smal' in the database.*small"):
        api.db_export("smal", db=db_url)


def test_a_stored_figure_is_what_the_engine_reads(db_url: str, book: RateBook) -> None:
    api.db_import(small_matter(), db=db_url, rates=book)
    stored = api.db_matter("small", db=db_url, rates=book)
    assert stored.instruments[0].components[0].amount == Decimal("250000.00")
    assert stored.payments[0].amount == Decimal("50000.00")
    assert stored.instruments[0].interest[0].note == "Judgment, p. 3 # not a comment"


def test_every_moment_is_utc_with_its_offset(db_url: str, book: RateBook) -> None:
    api.db_import(small_matter(), db=db_url, rates=book)
    (summary,) = api.db_matters(db=db_url)
    moments = [summary.updated_at, *(r.at for r in api.db_audit(db=db_url))]
    assert all(t.utcoffset() == timedelta(0) and t.isoformat().endswith("+00:00") for t in moments), moments
