"""Every file in tests/fixtures/bad_matters has one mistake; `exequatur check` must name it like a compiler.

Each file opens with `# expect: <line>: <fragment> (<field>)`; the field, a trailing parenthesis without
spaces, is left out when the error has none.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad_matters"
FILES = sorted(BAD.glob("*.yaml"))
HEADER = re.compile(r"^# expect: (\d+): (.+?)(?: \(([^\s()]+)\))?$")
CLI = "from exequatur.interfaces.cli import main; main()"


class Expect(NamedTuple):
    line: int
    fragment: str
    field: str | None


def expectation(path: Path) -> Expect:
    match = HEADER.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path.name}: first line is not '# expect: <line>: <fragment> (<field>)'"
    return Expect(int(match[1]), match[2], match[3])


@cache
def check(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "check", *options, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


each_file = pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])


def test_folder_holds_files_with_headers() -> None:
    assert len(FILES) >= 15
    for path in FILES:
        expectation(path)


@each_file
def test_check_fails_cleanly(path: Path) -> None:
    result = check(path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


@each_file
def test_check_names_line_message_and_field(path: Path) -> None:
    line, fragment, field = expectation(path)
    first = check(path).stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}: ")
    assert fragment in first
    if field is not None:
        assert first.endswith(f" ({field})")


@each_file
def test_check_json(path: Path) -> None:
    line, fragment, field = expectation(path)
    result = check(path, "--json")
    assert result.returncode == 1
    first = json.loads(result.stdout)[0]
    assert (first["file"], first["line"], first["field"]) == (str(path), line, field)
    assert fragment in first["message"]
