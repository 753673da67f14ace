"""`rates fetch`: the publisher's file is downloaded (here: served by a stand-in for urlopen), parsed, checked
against the table's history and kept in the user's copy; offline it is one line of error, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from urllib.error import HTTPError
from urllib.request import Request

import pytest
from typer.testing import CliRunner

from exequatur.interfaces.cli import app
from exequatur.io import ratefetch
from exequatur.io.datadir import ENVIRONMENT_VARIABLE
from exequatur.io.publishers import FEEDS
from exequatur.io.ratefetch import FetchError, download, fetch_table
from exequatur.io.ratetables import rate_tables, shipped_tables
from exequatur.model.errors import RateTableFormatError

CMT = "us-1y-cmt-weekly"
TODAY = date(2026, 12, 1)


class _Response:
    def __init__(self, body: bytes) -> None:
        self._body = io.BytesIO(body)

    def read(self, limit: int = -1) -> bytes:
        return self._body.read(limit)

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        return None


def serve(monkeypatch: pytest.MonkeyPatch, bodies: dict[str, bytes]) -> list[str]:
    """Answer urlopen from `bodies` by URL (404 for any other); return the URLs asked for."""
    asked: list[str] = []

    def fake_urlopen(request: Request, timeout: float) -> _Response:
        asked.append(request.full_url)
        assert timeout > 0  # a download never waits for ever
        if request.full_url not in bodies:
            raise HTTPError(request.full_url, 404, "Not Found", {}, None)  # type: ignore[arg-type]
        return _Response(bodies[request.full_url])

    monkeypatch.setattr(ratefetch, "urlopen", fake_urlopen)
    return asked


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path))
    return tmp_path


def fred_body(rows: list[tuple[date, str]]) -> bytes:
    """A FRED fredgraph.csv answer (tests/fixtures/publishers/fred-WGS1YR.csv has the same layout)."""
    return ("observation_date,WGS1YR\n" + "".join(f"{d},{v}\n" for d, v in rows)).encode()


def cmt_rows_with_three_new_weeks() -> tuple[list[tuple[date, str]], date]:
    shipped = shipped_tables()[CMT]
    known = [(p.on, str(p.value)) for p in shipped.points[-2:]]  # the shipped table's own last two weeks
    last = shipped.last_row
    new = [(last + timedelta(days=7 * k), f"3.{k}0") for k in (1, 2, 3)]
    return known + new, last + timedelta(days=21)


def test_fetch_keeps_the_new_weeks_in_the_users_copy(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows, newest = cmt_rows_with_three_new_weeks()
    feed = FEEDS[CMT]
    serve(monkeypatch, {feed.url: fred_body(rows)})
    fetched = fetch_table(feed, rate_tables(), today=TODAY)
    assert fetched.report.result.added == tuple(d for d, _ in rows[2:])
    assert fetched.report.result.confirmed == 2
    copy = data / "rates" / f"{CMT}.csv"
    assert fetched.report.written == copy
    series = rate_tables()[CMT]
    assert series.last_row == newest
    row = series.exactly(newest)
    assert (row.value, row.source.file) == (Decimal("3.30"), str(copy))
    assert row.note == f"FRED, Federal Reserve Bank of St. Louis series WGS1YR ({feed.url}), fetched 2026-12-01"
    assert series.exactly(rows[0][0]).source.file == "exequatur/data/us_1y_cmt_weekly.csv"


def test_a_download_that_contradicts_the_history_writes_nothing(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows, _ = cmt_rows_with_three_new_weeks()
    feed = FEEDS[CMT]
    serve(monkeypatch, {feed.url: fred_body(rows)})
    fetch_table(feed, rate_tables(), today=TODAY)
    before = (data / "rates" / f"{CMT}.csv").read_bytes()
    revised = [(rows[0][0], "9.99"), *rows[1:]]
    serve(monkeypatch, {feed.url: fred_body(revised)})
    with pytest.raises(RateTableFormatError, match=rf"contradicts 1 row\(s\) of {CMT}: {rows[0][0]}: table"):
        fetch_table(feed, rate_tables(), today=TODAY)
    assert (data / "rates" / f"{CMT}.csv").read_bytes() == before


def test_fetch_command_prints_what_it_kept(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows, newest = cmt_rows_with_three_new_weeks()
    serve(monkeypatch, {FEEDS[CMT].url: fred_body(rows)})
    result = CliRunner().invoke(app, ["rates", "fetch", CMT])
    assert result.exit_code == 0, result.output
    assert f"{CMT}: 3 row(s) added, 2 confirmed; written to {data / 'rates' / (CMT + '.csv')}" in result.stdout
    assert f"the table now covers to {newest + timedelta(days=7)}" in result.stdout


def test_a_publisher_error_spoils_only_its_table(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = serve(monkeypatch, {})
    result = CliRunner().invoke(app, ["rates", "fetch"])
    assert result.exit_code == 1
    assert len(asked) == len(FEEDS)  # every feed was tried
    assert f"error: {CMT}: fred.stlouisfed.org answered HTTP 404 Not Found" in result.stderr
    assert "fr-taux-legal-particuliers: not fetched: no machine-readable official feed" in result.stdout
    assert not (data / "rates").exists()


def test_the_french_tables_have_no_feed(data: Path) -> None:
    result = CliRunner().invoke(app, ["rates", "fetch", "fr-taux-legal-professionnels"])
    assert result.exit_code == 1
    assert "no machine-readable official feed" in result.stderr
    assert "exequatur rates update fr-taux-legal-professionnels FILE" in result.stderr


def test_download_refuses_a_body_that_is_not_text(monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, {"https://example.org/x": b"\xff\xfe\x00binary"})
    with pytest.raises(FetchError, match="did not send UTF-8 text"):
        download("https://example.org/x")


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "from exequatur.interfaces.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)


@pytest.mark.parametrize("args", [["rates", "fetch", CMT], ["rates", "fetch"]])
def test_offline_is_one_line_of_error(tmp_path: Path, args: list[str]) -> None:
    # A real run of the command with every HTTPS request sent to a closed local port: what an offline machine sees.
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")}
    env.update({"https_proxy": "http://127.0.0.1:9", ENVIRONMENT_VARIABLE: str(tmp_path)})
    out = run_cli(*args, env=env)
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(f"error: {CMT}: cannot reach fred.stlouisfed.org")
    assert "are you online?" in lines[0]
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "rates").exists()
