"""The YAML layer's limits (issue 9, item 3): every reproducer is refused with its file and line, never a traceback.

Tags are refused, nesting and aliases are bounded, a file is read up to a size limit (never whole first), and
standard input is read once. Each limit holds for claims files too, which use the same YAML helper.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from exequatur.io.claimsfile import load_claims, parse_claims
from exequatur.io.matterfile import load_matter, parse_matter
from exequatur.io.yamllines import MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES, YamlProblem, load_yaml, read_text
from exequatur.model.errors import MatterError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "rusoro-v-venezuela.yaml"
BAD = ROOT / "tests" / "fixtures" / "bad_matters" / "negative-amount.yaml"
CLI = "from exequatur.interfaces.cli import main; main()"

HEAD = "matter: m\ncreditor: {name: C}\ndebtor: {name: D}\n"


def only(errors: list[MatterError]) -> MatterError:
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def written(tmp_path: Path, text: str | bytes, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", CLI, *args], input=stdin, capture_output=True, check=False)


# -- tags ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("matter: !!int t\n", "!!int"),
        ("matter: !!seq\n", "!!seq"),
        ("matter: !!map [a]\n", "!!map"),
        ("matter: !!str m\n", "!!str"),
        ("matter: ! m\n", "!"),
        ("matter: !custom m\n", "!custom"),
        ("matter: !!python/object/apply:os.system [echo pwned]\n", "!!python/object/apply:os.system"),
        ("matter: !!python/name:os.system\n", "!!python/name:os.system"),
        ("!!str matter: m\n", "!!str"),
    ],
)
def test_an_explicit_tag_is_refused_at_its_line(tmp_path: Path, text: str, tag: str) -> None:
    path = written(tmp_path, text)
    error = only(load_matter(path)[1])
    assert error.source == (str(path), 1)
    assert f"explicit YAML tag {tag!r} is not allowed" in error.message


def test_a_tag_deep_in_the_file_names_its_own_line() -> None:
    text = HEAD + "instruments:\n  - id: a\n    kind: award\n    date: !!timestamp 2020-01-01\n"
    error = only(parse_matter(text, "f.yaml")[1])
    assert str(error).startswith("f.yaml:7: explicit YAML tag '!!timestamp'")


def test_a_tag_on_a_collection_in_a_claims_file_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "debtor: {name: D}\nclaims: !!map [a]\n", "claims.yaml")
    error = only(load_claims(path)[1])
    assert error.source == (str(path), 2)
    assert "explicit YAML tag '!!map'" in error.message


def test_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"matter: !!python/object/apply:os.system ['touch {marker}']\n"
    assert only(parse_matter(text, "f.yaml")[1]).source.line == 1
    assert not marker.exists()


# -- nesting ---------------------------------------------------------------------------------------------------


def test_250_levels_of_flow_nesting_are_a_located_error_not_a_recursion_error() -> None:
    text = HEAD + "title: " + "[" * 250 + "]" * 250 + "\n"
    error = only(parse_matter(text, "f.yaml")[1])
    assert str(error) == f"f.yaml:4: nested more than {MAX_DEPTH} levels deep"


def test_250_levels_of_block_nesting_name_the_line_that_goes_too_deep() -> None:
    text = HEAD + "title:\n" + "".join("  " * k + "-\n" for k in range(1, 251))
    error = only(parse_matter(text, "f.yaml")[1])
    # The root mapping is level 1; the list on line 4 + k is level k + 1, so level 65 is on line 4 + 64.
    assert str(error) == f"f.yaml:{4 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep"


def test_nesting_up_to_the_limit_is_read() -> None:
    levels = MAX_DEPTH - 1  # within the root mapping
    assert load_yaml("a: " + "[" * levels + "]" * levels + "\n")["a"]
    with pytest.raises(YamlProblem, match="nested more than 64 levels deep"):
        load_yaml("a: " + "[" * (levels + 1) + "]" * (levels + 1) + "\n")


def test_250_levels_in_a_claims_file() -> None:
    text = "debtor: {name: D}\nclaims: " + "[" * 250 + "]" * 250 + "\n"
    error = only(parse_claims(text, "c.yaml")[1])
    assert str(error) == f"c.yaml:2: nested more than {MAX_DEPTH} levels deep"


def test_aliases_cannot_nest_past_the_limit() -> None:
    deep = "[" * 40 + "]" * 40
    text = f"a: &a {deep}\nb: &b {'[' * 30}*a{']' * 30}\n"
    with pytest.raises(YamlProblem) as raised:
        load_yaml(text)
    assert raised.value.line == 2
    assert "alias *a nests the file more than 64 levels deep" in raised.value.message


# -- anchors and aliases -----------------------------------------------------------------------------------------


def test_merges_and_small_aliases_still_work() -> None:
    text = HEAD + (
        "x-defaults: &usd {currency: USD, instrument: a}\n"
        "instruments:\n"
        "  - {id: a, kind: award, forum: ICC, date: 2020-01-01, currency: USD, amounts: [{label: d, amount: '100'}]}\n"
        "payments:\n"
        "  - {<<: *usd, date: 2020-06-01, amount: '10'}\n"
    )
    errors = parse_matter(text, "f.yaml")[1]
    assert [str(e) for e in errors] == ["f.yaml:4: unknown field 'x-defaults' (x-defaults)"]


def billion_laughs(levels: int, width: int = 10) -> str:
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for k in range(1, levels):
        lines.append(f"lol{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_bound() -> None:
    text = billion_laughs(9)  # would expand to a billion strings
    with pytest.raises(YamlProblem) as raised:
        load_yaml(text)
    # Line 5 holds ten aliases of 11,111 nodes each: the bound is crossed there, the bomb is never built.
    assert raised.value.line == 5
    assert f"aliases repeat more than {MAX_ALIAS_NODES:,} values in all" in raised.value.message


def test_an_alias_bomb_in_a_matter_file_is_a_located_error(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD + billion_laughs(12) + "payments: *l11\n")
    error = only(load_matter(path)[1])
    assert error.source == (str(path), 8)
    assert "aliases repeat more than" in error.message


def test_an_alias_of_the_collection_it_is_in_is_refused() -> None:
    for text in ("a: &r [*r]\n", "a: &r {b: *r}\n", "a: &r\n  - [*r]\n"):
        with pytest.raises(YamlProblem, match=r"alias \*r is inside the collection &r it names"):
            load_yaml(text)


def test_an_alias_without_an_anchor_is_refused_at_its_line() -> None:
    error = only(parse_matter(HEAD + "title: *nowhere\n", "f.yaml")[1])
    assert str(error) == "f.yaml:4: alias *nowhere names no anchor (&nowhere) written before it"


# -- values the parser used to crash on ---------------------------------------------------------------------------


def test_yaml_1_1_integer_forms_stay_text() -> None:
    # 0x10, 1_000 and 1:30 are integers to YAML 1.1; a figure is read as written, so they stay text: harmless in a
    # title, refused where a number is expected (tests/fixtures/bad_matters/amount-hex-unquoted.yaml).
    matter, errors = parse_matter(HEAD + "title: 0x_\n", "f.yaml")
    assert not errors
    assert matter is not None
    assert matter.title == "0x_"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, "is too long a number (more than 100 digits)"),
        ("1.5e+99999999999999999999", "is not a number"),
        (".nan", "'.nan' is not a finite number"),
        ("-.inf", "'-.inf' is not a finite number"),
    ],
)
def test_a_number_yaml_cannot_read_is_a_located_error(value: str, message: str) -> None:
    error = only(parse_matter(HEAD + f"title: {value}\n", "f.yaml")[1])
    assert error.source == ("f.yaml", 4)
    assert message in error.message
    assert len(error.message) < 200  # a message names a huge value, it does not repeat it


def test_a_nul_byte_is_refused_at_its_line(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD + "title: a\0b\n")
    assert str(only(load_matter(path)[1])) == f"{path}:4: the character U+0000 is not allowed in a YAML file"


def test_an_escaped_lone_surrogate_is_refused_at_its_line() -> None:
    # Any output would fail on it (a UTF-8 terminal, a CSV file), so it is refused where it is written.
    error = only(parse_matter(HEAD + 'title: "bad \\ud800 title"\n', "f.yaml")[1])
    assert str(error) == (
        "f.yaml:4: YAML syntax: an escape that is not a character (half of a UTF-16 pair, or beyond U+10FFFF)"
    )


def test_bytes_that_are_not_utf8_are_refused_at_their_line(tmp_path: Path) -> None:
    path = written(tmp_path, HEAD.encode() + b"title: caf\xe9\n")
    error = only(load_matter(path)[1])
    assert error.source == (str(path), 4)
    assert "not a UTF-8 text file" in error.message


def test_a_claims_matter_path_no_file_system_accepts_is_an_error_not_a_crash(tmp_path: Path) -> None:
    for name in ('"a\\0b.yaml"', "x" * 5000):
        text = f"debtor: {{name: D}}\nclaims:\n  - {{id: c, creditor: C, rank: 1, matter: {name}}}\n"
        error = only(parse_claims(text, str(tmp_path / "claims.yaml"))[1])
        assert error.source.line == 3
        assert error.message.startswith("matter file")


# -- size -------------------------------------------------------------------------------------------------------


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    error = only(load_matter(path)[1])
    assert str(error) == f"{path}: the file is larger than 10 MiB, the largest exequatur reads"
    assert only(load_claims(path)[1]).message == error.message


def test_the_limit_is_inclusive(tmp_path: Path) -> None:
    path = written(tmp_path, "a: " + "x" * 97)  # 100 bytes
    assert read_text(path, limit=100) == "a: " + "x" * 97
    with pytest.raises(YamlProblem, match="larger than 99 bytes"):
        read_text(path, limit=99)


class Endless(io.RawIOBase):
    """A stream that never ends, like /dev/zero or `yes |`; counts what was read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"a" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_an_endless_standard_input_is_refused_after_limit_plus_one_bytes() -> None:
    stream = Endless()
    with pytest.raises(YamlProblem) as raised:
        read_text("-", stdin=io.BufferedReader(stream), limit=1000)
    assert raised.value.line == 0
    assert "larger than 1,000 bytes" in raised.value.message
    assert stream.given <= 1000 + 1 + io.DEFAULT_BUFFER_SIZE  # never more than one buffer beyond the limit


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused() -> None:
    error = only(load_matter("/dev/zero")[1])
    assert str(error) == "/dev/zero: the file is larger than 10 MiB, the largest exequatur reads"


# -- the check command: standard input once, every file checked ----------------------------------------------------


def test_check_reads_standard_input_once() -> None:
    # `check` must decide whether the text is a claims file and then check it: from one read of the stream.
    result = cli("check", "-", stdin=EXAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr.decode()


def test_check_names_standard_input_and_shows_its_line() -> None:
    result = cli("check", "-", stdin=BAD.read_bytes())
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("<stdin>:13: '-250000.00' is negative")
    assert lines[1] == '    13 |         amount: "-250000.00"'


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin")
def test_check_dev_stdin() -> None:
    result = cli("check", "/dev/stdin", stdin=BAD.read_bytes())
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("/dev/stdin:13: '-250000.00' is negative")
    assert lines[1] == '    13 |         amount: "-250000.00"'


def test_check_reads_an_endless_standard_input_no_further_than_the_limit() -> None:
    result = cli("check", "-", stdin=b"a" * (MAX_FILE_BYTES + 10))
    assert result.returncode == 1
    assert result.stderr.decode() == "<stdin>: the file is larger than 10 MiB, the largest exequatur reads\n"


def test_one_bad_file_never_stops_check_from_checking_the_next(tmp_path: Path) -> None:
    tag = written(tmp_path, "matter: !!int t\n", "tag.yaml")
    deep = written(tmp_path, HEAD + "title: " + "[" * 250 + "]" * 250 + "\n", "deep.yaml")
    bomb = written(tmp_path, HEAD + billion_laughs(12), "bomb.yaml")
    result = cli("check", str(tag), str(deep), str(tmp_path), str(tmp_path / "missing.yaml"), str(bomb), str(BAD))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err
    found = [line.split(": ")[0] for line in err.splitlines() if not line.startswith("    ")]
    assert found == [
        f"{tag}:1",
        f"{deep}:4",
        f"{tmp_path}",
        f"{tmp_path / 'missing.yaml'}",
        f"{bomb}:8",
        f"{BAD}:13",
    ]
    assert f"{tmp_path}: a directory, not a file" in err
