"""`exequatur init` writes a commented starter matter that passes `check` and that `owe` computes, and never
replaces a file unless told to."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from exequatur.io.files import starter_matter
from exequatur.io.matterfile import parse_matter
from tests.conftest import ROOT

CLI = [sys.executable, "-c", "from exequatur.interfaces.cli import main; main()"]


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, cwd=folder)


def test_init_writes_a_starter_that_checks_and_owes(tmp_path: Path) -> None:
    made = run_in(tmp_path, "init")
    assert made.returncode == 0, made.stderr
    written = tmp_path / "matter.yaml"
    assert written.read_text(encoding="utf-8") == starter_matter()
    checked = run_in(tmp_path, "check", "matter.yaml")
    assert checked.returncode == 0, checked.stderr
    assert (
        checked.stdout
        == "matter.yaml: OK — matter example-creditor-v-example-debtor, 1 instrument, 1 debt, 1 payment\n"
    )
    owed = run_in(tmp_path, "owe", "matter.yaml", "--as-of", "2025-03-15", "--format", "json")
    assert owed.returncode == 0, owed.stderr
    (judgment,) = json.loads(owed.stdout)["instruments"]
    # By hand, CPLR 5004's 9% simple on 1/365 of a year a day. Entry 2024-03-15 to the payment on 2024-09-30 is
    # 199 days: 250,000.00 x 9% x 199/365 = 12,267.12; the 50,000.00 pays that interest and 37,732.88 of the
    # principal, leaving 212,267.12. From 2024-09-30 to 2025-03-15, 166 days: 212,267.12 x 9% x 166/365 = 8,688.41.
    assert (judgment["forum"], judgment["principal"], judgment["interest"]) == ("US-NY", "212267.12", "8688.41")
    assert (judgment["paid"], judgment["total"]) == ("50000.00", "220955.53")


def test_init_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "acme.yaml"
    target.write_text("matter: mine\n", encoding="utf-8")
    refused = run_in(tmp_path, "init", "acme.yaml")
    assert refused.returncode == 1
    assert "the file exists; add --force to replace it" in refused.stderr
    assert target.read_text(encoding="utf-8") == "matter: mine\n"
    forced = run_in(tmp_path, "init", "acme.yaml", "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == starter_matter()
    # The write is atomic (io.atomic): no temporary file is left beside the target.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"]


def test_init_refuses_a_name_that_is_not_yaml_and_a_missing_folder(tmp_path: Path) -> None:
    wrong = run_in(tmp_path, "init", "notes.txt")
    assert wrong.returncode == 1
    assert "ends in .yaml" in wrong.stderr
    missing = run_in(tmp_path, "init", "nowhere/m.yaml")
    assert missing.returncode == 1
    assert "does not exist" in missing.stderr
    assert list(tmp_path.iterdir()) == []
    assert "Traceback" not in wrong.stderr + missing.stderr


def test_init_dash_prints_the_starter_and_it_is_commented(tmp_path: Path) -> None:
    out = run_in(tmp_path, "init", "-")
    assert out.returncode == 0, out.stderr
    assert out.stdout == starter_matter()
    assert list(tmp_path.iterdir()) == []
    matter, errors = parse_matter(out.stdout, "starter.yaml")
    assert matter is not None, errors
    (judgment,) = matter.instruments
    assert (judgment.kind.value, judgment.forum, len(matter.payments)) == ("judgment", "US-NY", 1)
    # Every field the starter sets is explained: each key line has a comment on it or on a line just above it.
    lines = out.stdout.splitlines()
    for i, line in enumerate(lines):
        stripped = line.lstrip(" -")
        if not stripped or stripped.startswith("#") or ":" not in stripped.split("#")[0]:
            continue
        explained = "#" in line or any(lines[k].lstrip().startswith("#") for k in range(max(0, i - 4), i))
        assert explained, f"line {i + 1} of the starter has no comment: {line}"


def test_the_starter_ships_as_package_data() -> None:
    # The template is read with importlib.resources from the installed package: pyproject must include it.
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["exequatur"]
    package = ROOT / "src" / "exequatur"
    template = package / "io" / "templates" / "starter-matter.yaml"
    assert template.is_file()
    assert any(template in package.glob(pattern) for pattern in patterns)
