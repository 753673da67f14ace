"""`exequatur db rates update|list|import|remove`: the same report as `rates update`, the rows in the database, and
every mistake (an unknown table, a contradiction, a file that is no CSV) one line on stderr with exit 1."""

from __future__ import annotations

from pathlib import Path

from tests.interfaces.test_cli_db import run

TABLE = "us-1y-cmt-weekly"
#: The shipped table's last row is the week ending 2026-08-14 (4.00); the later rows are a test's own.
NEW = "observation_date,WGS1YR\n2026-08-14,4.00\n2026-08-21,3.95\n2026-08-28,3.89\n"


def test_update_reports_as_rates_update_and_list_says_who(tmp_path: Path) -> None:
    data = tmp_path / "data"
    csv = tmp_path / "WGS1YR.csv"
    csv.write_text(NEW, encoding="utf-8")
    assert (
        run(data, "rates", "list").stdout
        == "no rate rows stored yet: `exequatur db rates update TABLE FILE` adds some\n"
    )
    done = run(data, "rates", "update", TABLE, str(csv), "--user", "alice")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{TABLE}: 2 row(s) added, 1 confirmed; written to sqlite:///")
    assert lines[1:] == [
        "  new rows 2026-08-21 to 2026-08-28",
        "  the table now covers to 2026-09-04 (it ended 2026-08-21)",
    ]
    listed = run(data, "rates", "list").stdout.rstrip().split("\t")
    assert listed[:3] == [TABLE, "2 row(s) added", "2026-08-21 to 2026-08-28"]
    assert listed[-1] == "alice"
    log = run(data, "log").stdout
    assert f"alice\t@1\tcreate\trates/{TABLE}" in log
    assert run(data, "rates", "remove", TABLE).stdout == f"{TABLE}: 2 row(s) removed from the database\n"


def test_mistakes_are_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    csv = tmp_path / "WGS1YR.csv"
    csv.write_text("observation_date,WGS1YR\n2026-08-14,4.10\n", encoding="utf-8")
    unknown = run(data, "rates", "update", "us-1y-cmt-wekly", str(csv))
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("error: unknown table 'us-1y-cmt-wekly'; did you mean 'us-1y-cmt-weekly'?")
    contradicted = run(data, "rates", "update", TABLE, str(csv))
    assert contradicted.returncode == 1
    assert "2026-08-14: table 4 (exequatur/data/us_1y_cmt_weekly.csv:" in contradicted.stderr
    assert "new file 4.10" in contradicted.stderr
    missing = run(data, "rates", "update", TABLE, str(tmp_path / "none.csv"))
    assert missing.returncode == 1
    for done in (unknown, contradicted, missing):
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr
    assert run(data, "rates", "list").stdout.startswith("no rate rows stored yet")
