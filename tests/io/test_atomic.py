"""Writes are atomic: a reader finds the old file or the new one, never a part; a killed `rates update` too."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from exequatur.io import atomic
from exequatur.io.atomic import write_atomic
from exequatur.io.datadir import ENVIRONMENT_VARIABLE
from exequatur.io.ratetables import RateTables, UserTables, parse_rate_table, shipped_tables

_TODAY = re.compile(r"(on|reviewed:) \d{4}-\d{2}-\d{2}")


def undated(text: str) -> str:
    """A table's text without the day a merge ran (its citations' "on DAY" and its "reviewed: DAY")."""
    return _TODAY.sub(r"\1 DAY", text)


CMT = "us-1y-cmt-weekly"
CLI = [sys.executable, "-c", "from exequatur.interfaces.cli import main; main()"]


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "t.csv"
    write_atomic(target, "old\n")
    write_atomic(target, b"new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["t.csv"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.csv"
    write_atomic(target, "old\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def _weeks(start_after: int, count: int) -> list[str]:
    last = shipped_tables()[CMT].last_row
    return [f"{last + timedelta(days=7 * (start_after + k))},{3 + (k % 90) / 100:.2f}" for k in range(1, count + 1)]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, check=False)


def test_a_killed_rates_update_leaves_the_old_table_or_the_new_one(tmp_path: Path) -> None:
    # The old state: a copy with four weeks past the shipped table. The new file adds ten years of weeks, so the
    # copy written is some 40 kB: a kill during the write would show as a truncated file.
    old_file, new_file = tmp_path / "old.csv", tmp_path / "WGS1YR.csv"
    old_file.write_text("observation_date,WGS1YR\n" + "\n".join(_weeks(0, 4)) + "\n", encoding="utf-8")
    new_file.write_text("observation_date,WGS1YR\n" + "\n".join(_weeks(0, 520)) + "\n", encoding="utf-8")

    def lane(name: str) -> tuple[Path, dict[str, str]]:
        directory = tmp_path / name
        return directory, {**os.environ, ENVIRONMENT_VARIABLE: str(directory)}

    first, env = lane("reference")
    assert _run(env, "rates", "update", CMT, str(old_file)).returncode == 0
    copy = first / "rates" / f"{CMT}.csv"
    old_text = copy.read_text(encoding="utf-8")
    assert _run(env, "rates", "update", CMT, str(new_file)).returncode == 0
    new_text = copy.read_text(encoding="utf-8")
    assert new_text != old_text
    assert len(parse_rate_table(new_text, "new").points) == 520

    # How long a whole run takes with two at a time (the machine has two cores; each lane has its own directory).
    def timed(index: int) -> float:
        directory, lane_env = lane(f"lane-{index}")
        write_atomic(directory / "rates" / f"{CMT}.csv", old_text)
        started = time.monotonic()
        assert _run(lane_env, "rates", "update", CMT, str(new_file)).returncode == 0
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        full_run = max(pool.map(timed, range(2)))
    rng = random.Random(1961)  # seeded: the same delays on every run of the test
    # Delays from a fifth of a full run (still importing) to well past its end (already written).
    delays = [rng.uniform(0.2, 1.6) * full_run for _ in range(52)]

    def attempt(index: int, delay: float) -> str:
        directory, lane_env = lane(f"lane-{index % 2}")
        target = directory / "rates" / f"{CMT}.csv"
        write_atomic(target, old_text)
        process = subprocess.Popen(
            [*CLI, "rates", "update", CMT, str(new_file)],
            env=lane_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=delay)  # a run that ends sooner is not waited for any longer
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        text = target.read_text(encoding="utf-8")
        # A run that straddles midnight dates its citation and review a day later: compare without those dates.
        assert undated(text) in (undated(old_text), undated(new_text)), (
            f"run {index}: a partial table after a kill at {delay:.3f} s"
        )
        # The next run reads it: the loader ignores any temporary file the kill left behind.
        tables = RateTables(shipped_tables(), UserTables(directory / "rates"))
        assert tables[CMT].last_row >= shipped_tables()[CMT].last_row
        return "new" if undated(text) == undated(new_text) else "old"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(attempt, range(len(delays)), delays))
    assert len(outcomes) >= 50
    # Kills landed on both sides of the write (else the delays missed the window the test is about).
    assert outcomes.count("old") >= 1, outcomes
    assert outcomes.count("new") >= 1, outcomes
    for name in ("lane-0", "lane-1"):
        _, lane_env = lane(name)
        assert _run(lane_env, "rates", "update", CMT, str(new_file)).returncode == 0
        listed = _run(lane_env, "rates", "list")
        assert listed.returncode == 0, listed.stderr
        assert ".tmp" not in listed.stdout
