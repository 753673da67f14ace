"""Every data file the package reads is installed with it: `pip install .` (the README's first command) copies only
what pyproject.toml's package-data names, so a new data folder left out of it breaks the installed program."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "exequatur"


def matches(path: str, pattern: str) -> bool:
    """Setuptools' glob: `**/` spans folders, `*` stays within one."""
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, path) is not None


def test_the_glob_reading() -> None:
    assert matches("rules/params/us/ny/a.yaml", "rules/params/**/*.yaml")
    assert not matches("rules/deadlines/x.yaml", "rules/calendars/*.yaml")


def test_package_data_names_every_data_file() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["exequatur"]
    data = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data
    missing = [f for f in data if not any(matches(f, pattern) for pattern in patterns)]
    assert missing == [], f"add these to [tool.setuptools.package-data]: {missing}"
