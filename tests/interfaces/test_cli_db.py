"""`exequatur db ...` as a user runs it: the default database in the data directory, created on first use; every
mistake a message with exit status 1, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import EXAMPLE, ROOT
from tests.store.conftest import small_matter

#: What the first import of the example changes, counted from the file: the matter itself, each item of its lists,
#: and its comments.
EXAMPLE_ITEMS = 2 + sum(
    len(v) for v in yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")).values() if isinstance(v, list)
)

CLI = [sys.executable, "-c", "from exequatur.interfaces.cli import main; main()"]


def run(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXEQUATUR_DATA_DIR": str(data)}
    env.pop("EXEQUATUR_DB", None)
    return subprocess.run(
        [*CLI, "db", *args], capture_output=True, text=True, check=False, env=env, input=stdin, cwd=ROOT
    )


def test_import_export_list_and_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run(data, "import", str(EXAMPLE), "--user", "alice")
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(f"rusoro-v-venezuela: new matter, revision 1, {EXAMPLE_ITEMS} items changed\n")
    assert (data / "exequatur.db").is_file()
    again = run(data, "import", str(EXAMPLE))
    assert again.stdout.endswith("rusoro-v-venezuela: unchanged (revision 1)\n")
    listed = run(data, "list")
    assert listed.stdout.startswith("rusoro-v-venezuela\trevision 1\t5 instruments\t")
    assert listed.stdout.rstrip().endswith("\talice")
    out = tmp_path / "out.yaml"
    assert run(data, "export", "rusoro-v-venezuela", "-o", str(out)).returncode == 0
    check = subprocess.run([*CLI, "check", str(out)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    log = json.loads(run(data, "log", "rusoro-v-venezuela", "--json").stdout)
    assert {e["user"] for e in log} == {"alice"}
    assert {e["action"] for e in log} == {"create"}
    assert "instruments/ddc-judgment" in {e["entity"] for e in log}


def test_import_reads_standard_input(tmp_path: Path) -> None:
    done = run(tmp_path, "import", "-", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert done.stdout == f"<stdin>: rusoro-v-venezuela: new matter, revision 1, {EXAMPLE_ITEMS} items changed\n"


def test_mistakes_are_messages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("matter: x\ncreditor: {name: C}\ndebtor: {name: D}\ninstrumnts: []\n", encoding="utf-8")
    cases = [
        (("import", str(bad)), f"{bad}:4: unknown field 'instrumnts'"),
        (("import", str(tmp_path / "none.yaml")), "no such file"),
        (("import", str(ROOT / "examples" / "venezuela-creditors.yaml")), "a debtor's claims file, not a matter file"),
        (("export", "nothing"), "error: no matter 'nothing' in the database"),
        (("export", "x", "-o", str(tmp_path / "x.txt")), "the file name must end in .yaml or .yml"),
        (("log", "nothing"), "error: no matter 'nothing' in the database"),
        (("list", "--db", "nonsense://"), "no database driver of that name"),
        (("list", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x"), "connection"),
        (("list", "--db", "postgresql+psycopg://u:pw@127.0.0.1:notaport/x"), "is not a database URL"),
        (("list", "--db", "sqlite://"), "in-memory SQLite database"),
        (("import", str(EXAMPLE), "--db", "sqlite:///"), "in-memory SQLite database"),
    ]
    for args, message in cases:
        done = run(tmp_path / "data", *args)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert "pw" not in done.stderr


def test_upgrade_says_where_and_which_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    done = run(tmp_path, "upgrade", "--db", url)
    assert done.returncode == 0, done.stderr
    # The newest migration shipped (0003 when this was written: the web app's session epoch), read from the
    # folder, and the version the database itself records.
    import sqlite3

    import exequatur.store.migrations as migrations

    versions = Path(migrations.__file__).parent / "versions"
    newest = max(f.name[:4] for f in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert done.stdout == f"{url}: at migration {newest}\n"
    with sqlite3.connect(tmp_path / "m.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(newest,)]


def test_upgrade_refuses_an_unknown_migration_and_a_foreign_database(tmp_path: Path) -> None:
    import sqlite3

    newer, foreign = tmp_path / "newer.db", tmp_path / "foreign.db"
    with sqlite3.connect(newer) as c:
        c.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        c.execute("INSERT INTO alembic_version VALUES ('0099')")
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE invoices (id INTEGER)")
    for path, message in [(newer, "at migration 0099, which this exequatur"), (foreign, "not an exequatur database")]:
        done = run(tmp_path, "upgrade", "--db", f"sqlite:///{path}")
        assert (done.returncode, done.stdout) == (1, ""), done.stderr
        assert message in done.stderr
        assert "Traceback" not in done.stderr
    with sqlite3.connect(foreign) as c:
        assert c.execute("SELECT name FROM sqlite_master").fetchall() == [("invoices",)]


def test_a_command_that_only_reads_does_not_create_a_database_it_cannot_find(tmp_path: Path) -> None:
    # A mistyped --db used to list an empty new database and leave it, and its folders, behind.
    typo = tmp_path / "no" / "such" / "matters.db"
    for args in (("list",), ("log",), ("export", "rusoro-v-venezuela"), ("rates", "list")):
        done = run(tmp_path / "data", *args, "--db", f"sqlite:///{typo}")
        assert (done.returncode, done.stdout) == (1, ""), (args, done.stdout, done.stderr)
        assert f"no database at {typo}" in done.stderr, args
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "no").exists()
    # Importing creates it; then the same commands read it.
    assert run(tmp_path / "data", "import", "-", "--db", f"sqlite:///{typo}", stdin=small_matter()).returncode == 0
    assert run(tmp_path / "data", "list", "--db", f"sqlite:///{typo}").returncode == 0


def test_an_empty_database_says_so_and_times_are_utc(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "list").stdout == "no matters stored yet: `exequatur db import FILE` adds one\n"
    assert run(data, "log").stdout == "no changes recorded yet: `exequatur db import FILE` makes the first\n"
    assert run(data, "import", "-", stdin=small_matter()).returncode == 0  # one instrument
    listed = run(data, "list").stdout
    assert "\t1 instrument\t" in listed
    assert " UTC\t" in listed
    logged = run(data, "log").stdout.splitlines()
    assert all(" UTC\t" in line for line in logged)
    at = json.loads(run(data, "log", "--json").stdout)[0]["at"]
    assert at.endswith("+00:00"), at
    out = tmp_path / "out.yml"
    assert run(data, "export", "small", "-o", str(out)).returncode == 0
    assert "--force" in run(data, "export", "small", "-o", str(out)).stderr


def test_an_empty_user_is_refused(tmp_path: Path) -> None:
    done = run(tmp_path, "import", str(EXAMPLE), "--user", "")
    assert done.returncode == 2
    assert "--user" in done.stderr
    assert "empty" in done.stderr


def test_log_help_shows_the_argument_once(tmp_path: Path) -> None:
    shown = run(tmp_path, "log", "--help").stdout
    assert "[MATTER]" in shown
    assert "[[MATTER]]" not in shown
    assert run(tmp_path, "list", "--help").stdout.count("EXEQUATUR_DB") == 1


def test_two_imports_at_once_from_two_processes(tmp_path: Path) -> None:
    """Two `db import` commands of the same new matter, started together: both succeed, one creates it and the
    other finds it unchanged (SQLite); the export passes check."""
    data = tmp_path / "data"
    files = []
    for i in range(2):
        f = tmp_path / f"{i}.yaml"
        f.write_text(small_matter(), encoding="utf-8")
        files.append(f)
    env = {**os.environ, "EXEQUATUR_DATA_DIR": str(data)}
    env.pop("EXEQUATUR_DB", None)
    procs = [
        subprocess.Popen(
            [*CLI, "db", "import", str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        for f in files
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    said = sorted(o.split(": ", 2)[2] for o, _ in outs)
    assert said == ["new matter, revision 1, 4 items changed\n", "unchanged (revision 1)\n"]
    exported = tmp_path / "e.yaml"
    assert run(data, "export", "small", "-o", str(exported)).returncode == 0
    check = subprocess.run([*CLI, "check", str(exported)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_data_directory_that_cannot_be_made_is_named_with_why(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    data = tmp_path / "file" / "data"
    done = run(data, "list")
    assert done.returncode == 1
    assert f"cannot create the data directory {data}: Not a directory" in done.stderr


def test_a_missing_file_is_named_without_a_line_0(tmp_path: Path) -> None:
    missing = tmp_path / "nonexist.yaml"
    done = run(tmp_path / "data", "import", str(missing))
    assert done.returncode == 1
    assert done.stderr.strip() == f"{missing}: no such file"
