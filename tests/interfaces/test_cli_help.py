"""Every command's --help says what to type (YYYY-MM-DD, AMOUNT CUR, FILE, FILE..., DIR), never a Python type, and
--version prints the installed version."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from exequatur.interfaces.cli import app
from tests.interfaces.test_cli import run

#: What typer shows when a parameter gives no metavar: `<str>`, `<list[Path]>`, `<bool>`, `<table|json|csv>`...
PLACEHOLDER = re.compile(r"<[A-Za-z][^<>\s]*>?")
#: Wide enough that no option's row wraps between its name and its metavar.
WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group below `command`, with the words that invoke it."""
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))


def help_of(*path: str) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env=WIDE, prog_name="exequatur")
    assert result.exit_code == 0, result.output
    return result.output


def row(help_text: str, option: str) -> str:
    """What the help shows after `option` on its row (its metavar, then its help)."""
    for line in help_text.splitlines():
        cells = line.strip("│ ").split()
        if option in cells:
            return " ".join(cells[cells.index(option) + 1 :])
    raise AssertionError(f"{option} not in the help:\n{help_text}")


def test_the_walk_reaches_every_command_and_subcommand() -> None:
    paths = {path for path, _ in COMMANDS}
    assert {("owe",), ("check",), ("init",), ("record",), ("rules", "show"), ("rates", "fetch")} <= paths
    assert len(paths) >= 16


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda p: " ".join(p) or "exequatur")
def test_no_help_shows_a_type_placeholder(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    assert PLACEHOLDER.search(text) is None, f"`exequatur {' '.join(path)} --help` shows a type placeholder:\n{text}"


@pytest.mark.parametrize(
    ("path", "option", "metavar"),
    [
        (("owe",), "--as-of", "YYYY-MM-DD"),
        (("owe",), "--rates", "FILE"),
        (("owe",), "--instrument", "ID"),
        (("compare",), "--recognized-on", "YYYY-MM-DD"),
        (("compare",), "--until", "YYYY-MM-DD"),
        (("compare",), "--png", "FILE"),
        (("compare",), "--html", "FILE"),
        (("waterfall",), "--pool", "AMOUNT CUR"),
        (("waterfall",), "--date", "YYYY-MM-DD"),
        (("waterfall",), "--matters", "DIR"),
        (("check",), "--matters", "DIR"),
        (("rules", "show"), "--on", "YYYY-MM-DD"),
        (("rules", "stale"), "--today", "YYYY-MM-DD"),
        (("rates", "stale"), "--on", "YYYY-MM-DD"),
        (("rates", "update"), "--output", "FILE"),
        (("record",), "--format", "text|json"),
    ],
)
def test_each_option_shows_what_to_type(path: tuple[str, ...], option: str, metavar: str) -> None:
    assert row(help_of(*path), option).startswith(metavar + " ")


def test_arguments_show_their_metavar_and_usage_says_how_many() -> None:
    check = help_of("check")
    assert "Usage: exequatur check [OPTIONS] FILE..." in check
    assert row(check, "*").startswith("FILE... Matter files")
    assert "Usage: exequatur owe [OPTIONS] FILE" in help_of("owe")
    assert "Usage: exequatur init [OPTIONS] [FILE]" in help_of("init")  # optional: in brackets
    assert "Usage: exequatur rates update [OPTIONS] TABLE FILE" in help_of("rates", "update")


def test_flags_take_no_metavar() -> None:
    assert row(help_of("owe"), "--detail").startswith("Itemize every period")
    assert row(help_of("check"), "--json").startswith("Print the problems")
    assert row(help_of(), "--version").startswith("Print exequatur's version")


def test_version_prints_the_installed_version() -> None:
    out = run("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"exequatur {version('exequatur')}\n"
    assert re.fullmatch(r"exequatur \d+\.\d+\S*\n", out.stdout)
    assert out.stderr == ""
