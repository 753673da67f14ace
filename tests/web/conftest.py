"""The web app's fixtures: a seeded database (SQLite, and PostgreSQL where the store's tests find a server), users
of each role, test clients signed in as each, and a real server in a subprocess for the browser and kill tests.

Users: `admin` (admin), `editor` (editor, granted the Rusoro matter), `viewer` (viewer, granted it) and
`stranger` (viewer, granted nothing). Every password is PASSWORD.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from exequatur.interfaces import api
from tests.conftest import EXAMPLE, ROOT
from tests.store.conftest import PostgresServer, postgres  # noqa: F401  # the throwaway PostgreSQL server

warnings.filterwarnings("ignore", message=".*httpx2.*")  # Starlette's TestClient on httpx: a notice, not a fault
from fastapi.testclient import TestClient  # noqa: E402

from exequatur.interfaces.web.app import create_app  # noqa: E402

PASSWORD = "correct horse battery"
MATTER = "rusoro-v-venezuela"
USERS = {"admin": "admin", "editor": "editor", "viewer": "viewer", "stranger": "viewer"}


def seed(url: str) -> None:
    api.db_import(EXAMPLE.read_text(encoding="utf-8"), db=url, user="seed", file=EXAMPLE.name)
    for name, role in USERS.items():
        api.db_user_add(name, role, PASSWORD, db=url, by="seed")
    for name in ("editor", "viewer"):
        api.db_user_grant(name, MATTER, db=url, by="seed")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the Rusoro example and the four users: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.new_database()
    seed(url)
    return url


@pytest.fixture(scope="module")
def app(seeded_url: str) -> Any:
    return create_app(seeded_url)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> httpx.Response:
    token = csrf_of(client.get("/signin").text)
    return client.post(
        "/signin", data={"name": name, "password": password, "csrf": token, "next": "/"}, follow_redirects=False
    )


def client_as(app: Any, name: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if name is not None:
        response = sign_in(client, name)
        assert response.status_code == 303, response.text
    return client


def csrf_header(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/me").json()["csrf"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@contextlib.contextmanager
def serve(db: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`exequatur serve --db DB` on a free loopback port, in a subprocess; stopped (killed if need be) at the end."""
    port = free_port()
    code = "import sys; from exequatur.interfaces.cli import main; sys.argv[0] = 'exequatur'; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", db, "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                if httpx.get(f"{url}/signin", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer within 60 s")
            time.sleep(0.2)
        yield Server(url=url, process=process)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr:
            process.stderr.close()


__all__ = ["MATTER", "PASSWORD", "Path", "client_as", "csrf_header", "seed", "serve", "sign_in"]
