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
        (("export", "x", "-o", str(tmp_path / "x.txt")), "the file name must end in .yaml"),
        (("list", "--db", "nonsense://"), "no database driver of that name"),
        (("list", "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x"), "connection"),
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
    assert done.stdout == f"{url}: at migration 0002\n"  # 0002: the web app's users and grants
