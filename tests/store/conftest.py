"""Databases for the storage tests: a fresh SQLite file, and a fresh database on a real PostgreSQL server that the
session starts in a temporary folder (initdb + pg_ctl) and stops at the end.

The server's binaries are looked for in EXEQUATUR_PG_BIN, Debian's /usr/lib/postgresql/<version>/bin (what
.ci/run installs) and PATH. Only when there are none are the PostgreSQL cases skipped, saying so; a server that is
there but fails to start fails the tests. PostgreSQL refuses to run as root: as root, the server runs as the
`postgres` user (else `nobody`) through runuser.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from exequatur.model.rates import RatePoint, RateSeries
from exequatur.model.source import Source

NOWHERE = Source("", 0)


def placeless(value: Any) -> Any:
    """`value` with every place (file:line, a rate list's origin) blanked: two matters equal under it say the same
    thing, whichever file and line each was read from."""
    if isinstance(value, Source):
        return NOWHERE
    if isinstance(value, RatePoint):
        return value._replace(source=NOWHERE)
    if isinstance(value, tuple):
        return tuple(placeless(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: placeless(getattr(value, f.name)) for f in fields(value) if f.init}
        if isinstance(value, RateSeries):
            changes["origin"] = ""
        return replace(value, **changes)
    return value


def _pg_bin() -> Path | None:
    candidates = [os.environ.get("EXEQUATUR_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    found = shutil.which("pg_ctl")
    candidates.append(str(Path(found).resolve().parent) if found else "")
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class PostgresServer:
    port: int
    user: str = "exequatur"
    counter: Any = None

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{next(self.counter)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl) in EXEQUATUR_PG_BIN, /usr/lib/postgresql/*/bin or PATH: "
            "install Debian's postgresql package (.ci/run does) to run the storage tests on PostgreSQL"
        )
    prefix: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="exequatur-pg-"))
    if os.geteuid() == 0:
        names = {p.pw_name for p in pwd.getpwall()}
        account = "postgres" if "postgres" in names else "nobody"
        info = pwd.getpwnam(account)
        os.chown(root, info.pw_uid, info.pw_gid)
        prefix = ["runuser", "-u", account, "--"]
    data, log = root / "data", root / "server.log"
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            server_log = log.read_text() if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}{server_log}")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "exequatur", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
        yield PostgresServer(port=port, counter=itertools.count())
    finally:
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'matters.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.new_database()


def small_matter(**changes: str) -> str:
    """A small matter with a comment on a figure, a payment and an interest term; `changes` replace its values."""
    values = {"amount": "250000.00", "paid": "50000.00", "rate": "9%", "source": "Judgment, p. 2"} | changes
    return textwrap.dedent(
        f"""\
        # A small New York matter.
        matter: small
        creditor: {{name: C Inc., country: US}}
        debtor: {{name: D Ltd., country: GB}}
        instruments:
          - id: j
            kind: judgment
            forum: US-NY
            date: 2024-03-15
            currency: USD
            amounts:
              - label: damages
                amount: "{values["amount"]}"  # as the judgment states it
                source: "{values["source"]}"
            interest:
              - from: 2024-03-15
                rate: "{values["rate"]}"
                source: "Judgment, p. 3 # not a comment"
        payments:
          - {{date: 2024-09-30, amount: "{values["paid"]}", currency: USD, instrument: j, source: "Wire of 30 Sep"}}
        """
    )
