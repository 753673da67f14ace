"""A bad value is reported under the option that took it: every date option of every command, --pool, --forums."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import typer
from typer.core import TyperOption
from typer.testing import CliRunner

from exequatur.interfaces.cli import app
from tests.conftest import EXAMPLE, ROOT
from tests.interfaces.test_cli_help import COMMANDS

CLAIMS = str(ROOT / "examples" / "venezuela-creditors.yaml")
#: Where the valid `report` run writes (JSON: the quickest of its formats).
REPORT = str(Path(tempfile.mkdtemp(prefix="exequatur-report-")) / "statement.json")
BALANCES = str(Path(tempfile.mkdtemp(prefix="exequatur-portfolio-")) / "balances.csv")

#: A run of each command with a date option that succeeds as written; the test then spoils one date at a time.
VALID: dict[tuple[str, ...], list[str]] = {
    ("owe",): [str(EXAMPLE), "--as-of", "2023-08-14"],
    ("report",): [str(EXAMPLE), "--as-of", "2023-08-14", "--instrument", "ddc-judgment", "-o", REPORT, "--force"],
    ("compare",): [
        str(EXAMPLE),
        *("--instrument", "award", "--forums", "US-NY", "--recognized-on", "2018-03-02", "--until", "2023-08-14"),
    ],
    ("waterfall",): [CLAIMS, "--pool", "100", "USD", "--date", "2025-11-29"],
    ("assess",): [str(EXAMPLE), "--proceeding", "ddc-confirmation", "--as-of", "2026-12-02", "--format", "json"],
    ("deadlines",): [str(EXAMPLE), "--from", "2017-01-01", "--until", "2030-12-31", "--as-of", "2026-12-02"],
    ("portfolio",): [
        str(ROOT / "examples" / "portfolio-judgments.csv"),
        *("--as-of", "2026-06-01", "-o", BALANCES, "--force"),
    ],
    ("rules", "show"): ["US-NY", "--on", "2023-01-01"],
    ("rules", "stale"): ["--today", "2020-01-01"],
    ("rates", "stale"): ["--on", "2020-01-01"],
}

DATE_OPTIONS = [
    (path, option)
    for path, command in COMMANDS
    for param in command.params
    if isinstance(param, TyperOption) and param.metavar == "YYYY-MM-DD"
    for option in param.opts
]


def invoke(*args: str) -> tuple[int, str]:
    """Exit status and what the user reads, the box rich draws around usage errors flattened away."""
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


def spoiled(path: tuple[str, ...], option: str, value: str) -> list[str]:
    args = list(VALID[path])
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    return [*path, *args]


def test_the_date_options_are_the_ones_expected() -> None:
    # Every command with a date option has a valid run above, so that the next test spoils each of its dates.
    assert {path for path, _ in DATE_OPTIONS} == set(VALID)
    assert len(DATE_OPTIONS) == 13


@pytest.mark.parametrize("path", sorted(VALID), ids=" ".join)
def test_the_valid_runs_pass(path: tuple[str, ...]) -> None:
    status, shown = invoke(*path, *VALID[path])
    assert status in (0, 1), shown  # rules stale and rates stale exit 1 when something is stale: not a usage error
    assert "Invalid value" not in shown


@pytest.mark.parametrize(("path", "option"), DATE_OPTIONS, ids=[f"{' '.join(p)} {o}" for p, o in DATE_OPTIONS])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", "is not a date; write YYYY-MM-DD"),
        ("20230214", "is not a date; write YYYY-MM-DD"),  # Python's fromisoformat would read it
        ("9999-12-31", "outside the dates exequatur computes"),
    ],
)
def test_a_bad_date_is_reported_under_its_own_option(
    path: tuple[str, ...], option: str, value: str, message: str
) -> None:
    status, shown = invoke(*spoiled(path, option, value))
    assert status == 2, shown
    assert f"Invalid value for '{option}':" in shown
    assert message in shown
    others = {o for p, o in DATE_OPTIONS if p == path} - {option}
    assert not any(f"'{other}'" in shown for other in others)


@pytest.mark.parametrize(
    ("pool", "message"),
    [
        (("abc", "USD"), "not a decimal number"),
        (("-5", "USD"), "negative"),
        (("100", "XYZ"), "unknown currency 'XYZ'"),
        (("100.005", "USD"), "100.005 has more decimals than USD has minor units"),
        (("1.5", "JPY"), "1.5 has more decimals than JPY has minor units (0)"),
        (("1,000.50", "USD"), ""),  # fine: the control that the rest fail for their value
    ],
)
def test_a_bad_pool_is_reported_under_pool(pool: tuple[str, str], message: str) -> None:
    status, shown = invoke("waterfall", CLAIMS, "--pool", *pool, "--date", "2025-11-29", "--format", "json")
    if not message:
        assert status == 0, shown
        return
    assert status == 2, shown
    assert "Invalid value for '--pool':" in shown
    assert message in shown


def test_an_unknown_forum_is_reported_under_forums_with_the_closest_code() -> None:
    args = ["compare", str(EXAMPLE), "--instrument", "award", "--recognized-on", "2018-03-02", "--until", "2023-08-14"]
    status, shown = invoke(*args, "--forums", "US-FED,us-ny")
    assert status == 2
    assert "Invalid value for '--forums': unknown forum 'us-ny'; did you mean 'US-NY'?" in shown
    status, shown = invoke(*args, "--forums", "US-FD")
    assert "did you mean 'US-FED'?" in shown
    # New Jersey is a real place one letter from New York: it is named, not taken for New York.
    status, shown = invoke(*args, "--forums", "US-NJ")
    assert (status, "no rules for the courts of New Jersey" in shown, "US-NY'?" in shown) == (2, True, False)
    status, shown = invoke(*args, "--forums", " , ")
    assert (status, "name at least one forum code" in shown) == (2, True)


def test_an_unknown_instrument_names_the_closest_id() -> None:
    status, shown = invoke("owe", str(EXAMPLE), "--as-of", "2023-08-14", "--instrument", "ddc-judgement")
    assert status == 1
    assert "no instrument 'ddc-judgement'" in shown
    assert "did you mean 'ddc-judgment'?" in shown


def test_unknown_forum_and_table_names_suggest_the_closest() -> None:
    status, shown = invoke("rules", "show", "us-fed")
    assert (status, "unknown forum 'us-fed'; did you mean 'US-FED'?" in shown) == (1, True)
    status, shown = invoke("rates", "fetch", "us-1y-cmt-weekli")
    assert (status, "did you mean 'us-1y-cmt-weekly'?" in shown) == (1, True)


def test_every_command_is_reached_through_the_walk() -> None:
    # The walk DATE_OPTIONS is built from is typer's own command tree: a command added later is walked too.
    assert ("compare",) in {path for path, _ in COMMANDS}
    assert isinstance(typer.main.get_command(app), typer.core.TyperGroup)
