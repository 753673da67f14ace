"""The command line starts light: importing it, or the package, loads none of the engine, the forums' law files,
pydantic or the `holidays` registry; `owe` reads no deadline or recognition file, and imports `holidays` only for
a rule that reads a holiday list (the §1961 release calendar, a federal venue). Issue 13, item 6.

Each check runs in a fresh interpreter, since this one has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

#: What no command's start-up may load: the slow libraries, and the modules that read or check law files.
HEAVY = (
    "holidays",
    "holidays.countries",
    "holidays.countries.united_states",
    "rich",
    "exequatur.reports.itemized",
    "pydantic",
    "exequatur.io.schema",
    "exequatur.engine.owed",
    "exequatur.engine.deadlines",
    "exequatur.rules.registry",
    "exequatur.rules.deadlines",
    "exequatur.rules.recognition",
    "icalendar",
    "jinja2",
    "matplotlib",
    "plotly",
    "weasyprint",
    "openpyxl",
    "numpy",
)

#: A New York judgment: nothing in it reads a holiday list.
NEW_YORK = """\
matter: ny-only
creditor: {name: C Inc., country: US}
debtor: {name: D Ltd., country: GB}
instruments:
  - id: j
    kind: judgment
    forum: US-NY
    date: 2024-03-15
    currency: USD
    amounts: [{label: damages, amount: "250000.00", source: "Judgment, p. 2"}]
    source: "Judgment entered 2024-03-15"
"""


def loaded_after(code: str) -> list[str]:
    """The modules of HEAVY that a fresh interpreter has loaded after running `code`."""
    probe = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json, sys
        print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    loaded: list[str] = json.loads(out.stdout.splitlines()[-1])
    return loaded


def run_owe(path: Path, *options: str) -> str:
    """Code that runs `exequatur owe path` as the installed command does, output discarded, exit status kept."""
    return f"""
        import contextlib, io, sys
        sys.argv = ["exequatur", "owe", {str(path)!r}, "--as-of", "2026-12-01", *{list(options)!r}]
        from exequatur.interfaces.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main()
            except SystemExit as exc:
                assert not exc.code, exc.code
        """


def test_importing_the_command_line_loads_nothing_heavy() -> None:
    assert loaded_after("import exequatur.interfaces.cli") == []


def test_importing_the_package_loads_no_module_of_it() -> None:
    probe = """
        import json, sys
        import exequatur
        print(json.dumps(sorted(m for m in sys.modules if m.startswith("exequatur."))))
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(probe)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout) == []


def test_the_package_still_gives_its_api() -> None:
    import exequatur
    from exequatur.engine.deadlines import Schedule
    from exequatur.interfaces import api

    assert exequatur.owe is api.owe
    assert exequatur.Schedule is Schedule
    assert set(exequatur.__all__) <= set(dir(exequatur))
    namespace: dict[str, object] = {}
    exec("from exequatur import *", namespace)
    assert set(exequatur.__all__) <= namespace.keys()


def test_an_unknown_name_of_the_package_is_an_attribute_error() -> None:
    import exequatur

    with pytest.raises(AttributeError, match="no_such_name"):
        _ = exequatur.no_such_name


def test_owe_reads_no_deadline_or_recognition_file() -> None:
    loaded = loaded_after(run_owe(EXAMPLE))
    assert "exequatur.engine.owed" in loaded  # the probe did run the command
    assert not {"exequatur.rules.deadlines", "exequatur.rules.recognition", "exequatur.engine.deadlines"} & set(loaded)


def test_owe_imports_holidays_only_for_a_rule_that_reads_a_holiday_list(tmp_path: Path) -> None:
    matter = tmp_path / "ny.yaml"
    matter.write_text(NEW_YORK, encoding="utf-8")
    loaded = loaded_after(run_owe(matter))
    assert "exequatur.engine.owed" in loaded
    assert "holidays" not in loaded
    assert "holidays" in loaded_after(run_owe(EXAMPLE))  # its D.D.C. judgment: §1961's H.15 release day


def test_the_forums_read_their_files_on_first_use() -> None:
    probe = """
        import json
        from exequatur.rules.deadlines import deadline_book
        from exequatur.rules.recognition import regime
        from exequatur.rules.registry import FORUMS
        before = (deadline_book.cache_info().currsize, regime.cache_info().currsize)
        book = FORUMS["US-FED"].deadlines
        regimes = FORUMS["US-FED"].recognition
        after = (deadline_book.cache_info().currsize, regime.cache_info().currsize)
        same = book is FORUMS["US-FED"].deadlines and regimes == FORUMS["US-FED"].recognition
        print(json.dumps([before, after, same, len(regimes)]))
        """
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(probe)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    before, after, same, regimes = json.loads(out.stdout)
    assert before == [0, 0]  # importing every forum read neither kind of file
    assert after == [1, regimes]
    assert regimes > 0
    assert same  # read once: the same objects on every access


def test_owe_imports_only_the_us_module_of_holidays() -> None:
    # holidays.countries imports its ~300 country modules; the §1961 release calendar and a federal venue need one.
    loaded = loaded_after(run_owe(EXAMPLE))
    assert "holidays.countries.united_states" in loaded
    assert "holidays.countries" not in loaded


def test_owe_as_json_or_csv_lays_out_no_table() -> None:
    for fmt in ("json", "csv"):
        loaded = loaded_after(run_owe(EXAMPLE, "--format", fmt))
        assert "exequatur.engine.owed" in loaded
        assert not {"rich", "exequatur.reports.itemized"} & set(loaded), fmt
    assert {"rich", "exequatur.reports.itemized"} <= set(loaded_after(run_owe(EXAMPLE)))  # the table does
