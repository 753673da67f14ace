"""What reaches the user: colour on a terminal only (and never under NO_COLOR), problems on stderr with their
`file:line`, no traceback ever, and a quiet end when the reader of a pipe goes away."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.interfaces.test_cli import CLI
from tests.interfaces.test_cli_check import COUNTED

#: The environment of a user who asked for nothing: no forced colour, a colour terminal type.
PLAIN_ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
PLAIN_ENV["TERM"] = "xterm-256color"
SGR = re.compile(r"\x1b\[([\d;]*)m")

RUNS = {
    "owe table": ["owe", str(EXAMPLE), "--as-of", "2023-08-14"],
    "record": ["record", str(EXAMPLE)],
    "rules list": ["rules", "list"],
    "help": ["owe", "--help"],
    "usage error": ["owe", str(EXAMPLE), "--as-of", "2023-02-30"],
    "file error": ["owe", "/nonexistent.yaml"],
}


def colours(text: str) -> set[str]:
    """The colour parameters of the SGR escapes in `text` (foreground and background; not bold or dim)."""
    found = set()
    for params in SGR.findall(text):
        codes = [int(p) for p in params.split(";") if p]
        for i, code in enumerate(codes):
            if code in (38, 48) or 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 107:
                found.add(";".join(map(str, codes[i:])) if code in (38, 48) else str(code))
    return found


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_pipe_gets_no_escape_codes(name: str) -> None:
    out = subprocess.run([*CLI, *RUNS[name]], capture_output=True, text=True, env=PLAIN_ENV, check=False)
    assert out.stdout or out.stderr
    assert "\x1b[" not in out.stdout
    assert "\x1b[" not in out.stderr


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What the command writes to stdout when stdout is a terminal (a pseudo-terminal)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = subprocess.Popen([*CLI, *args], stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the command exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_terminal_gets_colour_unless_no_color_is_set() -> None:
    args = RUNS["owe table"]
    coloured = on_a_terminal(args, PLAIN_ENV)
    assert "1,481,116,704.47" in coloured
    assert colours(coloured)  # the control: on a terminal, rich colours the statement
    plain = on_a_terminal(args, {**PLAIN_ENV, "NO_COLOR": "1"})
    assert "1,481,116,704.47" in plain
    assert colours(plain) == set()


def test_problems_go_to_stderr_with_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(COUNTED.replace("date: 2020-06-01", "date: 2020-06-31"), encoding="utf-8")
    for args in (["owe", str(bad), "--as-of", "2023-01-01"], ["record", str(bad)], ["check", str(bad)]):
        out = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)
        assert out.returncode == 1
        assert out.stdout == ""
        assert out.stderr.startswith(f"{bad}:8: '2020-06-31' is not a real calendar date (payments[0].date)\n")
        assert "    8 |   - {date: 2020-06-31," in out.stderr  # the line itself, quoted under the message


def test_a_failure_nobody_foresaw_is_one_line_not_a_traceback() -> None:
    # A real run of main() with a command that fails the way a bug would: the guard, not the command, is tested.
    program = (
        "from exequatur.interfaces.cli import app, main\n"
        "@app.command('boom')\n"
        "def boom() -> None:\n"
        "    raise RuntimeError('something nobody foresaw')\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", program, "boom"], capture_output=True, text=True, check=False)
    assert out.returncode == 70
    assert out.stderr == (
        "error: exequatur failed (a bug, please report it with the command you ran): "
        "RuntimeError: something nobody foresaw\n"
    )
    debug = subprocess.run(
        [sys.executable, "-c", program, "boom"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "EXEQUATUR_TRACEBACK": "1"},
    )
    assert "Traceback" in debug.stderr  # the control: the failure does raise, and the guard is what hides it


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no one can create a file")
def test_an_output_that_cannot_be_written_is_a_message() -> None:
    out = subprocess.run([*CLI, "init", "/proc/exequatur-test.yaml"], capture_output=True, text=True, check=False)
    assert out.returncode == 1
    assert out.stderr.startswith("error: cannot write /proc/exequatur-test.yaml: ")
    assert len(out.stderr.splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    args = ["owe", str(EXAMPLE), "--as-of", "2023-08-14", "--detail", "--format", "csv"]
    process = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.readline().startswith(b"matter,as_of,")
    process.stdout.close()  # as `| head -1` does
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert errors == ""
