"""A server killed (SIGKILL) in the middle of an import leaves the database as it was: the import is one
transaction. The server runs in a subprocess with a test-only hook (EXEQUATUR_TEST_IMPORT_PAUSE) that sleeps
inside the import's transaction, after the matter's rows are written and before its revision and audit rows; the
hook creates a marker file as it starts sleeping, the test then kills the server, and compares every table's row
count, the audit log and every export with what they were before. On SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from exequatur.store import models as m
from exequatur.store import repository
from exequatur.store.database import open_engine, transaction
from tests.conftest import EXAMPLE
from tests.web.conftest import PASSWORD, PostgresServer, seed, serve


def state(url: str) -> tuple[Any, ...]:
    engine = open_engine(url)
    try:
        with transaction(engine) as session:
            counts = tuple(session.scalar(select(func.count()).select_from(t)) for t in m.Base.metadata.sorted_tables)
            audit = [(r.matter, r.revision, r.entity, r.action) for r in repository.audit(session)]
            exports = [repository.export_text(session, s.matter) for s in repository.matters(session)]
            revisions = [(s.matter, s.revision) for s in repository.matters(session)]
    finally:
        engine.dispose()
    return counts, audit, exports, revisions


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kill.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.new_database()
    seed(url)
    return url


@pytest.mark.parametrize("what", ["a new matter", "a new revision"])
def test_a_server_killed_mid_import_leaves_the_database_as_it_was(fresh_url: str, tmp_path: Path, what: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    if what == "a new matter":
        text = text.replace("matter: rusoro-v-venezuela", "matter: rusoro-copy", 1)
        assert "matter: rusoro-copy" in text
    else:
        text = text.replace('"966500000"', '"966500001"', 1) if '"966500000"' in text else text + "# changed\n"
    before = state(fresh_url)
    marker = tmp_path / "paused"
    env = {"EXEQUATUR_TEST_IMPORT_PAUSE": "120", "EXEQUATUR_TEST_IMPORT_MARKER": str(marker)}
    with serve(fresh_url, env) as server:
        client = httpx.Client(base_url=server.url, timeout=150)
        page = client.get("/signin").text
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token
        signed = client.post("/signin", data={"name": "admin", "password": PASSWORD, "csrf": token.group(1)})
        assert signed.status_code in (200, 303)
        csrf = client.get("/api/me").json()["csrf"]
        outcome: list[Any] = []

        def send() -> None:
            try:
                outcome.append(client.post("/api/matters", json={"text": text}, headers={"X-CSRF-Token": csrf}))
            except httpx.HTTPError as exc:  # the server died under it: what is expected
                outcome.append(exc)

        sender = threading.Thread(target=send)
        sender.start()
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert time.monotonic() < deadline, "the import never reached its transaction"
            assert not outcome, f"the import ended before the pause: {outcome}"
            time.sleep(0.05)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(10)
        sender.join(30)
        assert outcome
        assert isinstance(outcome[0], httpx.HTTPError)
    assert state(fresh_url) == before
