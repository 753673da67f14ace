"""Where the user's own data lives: outside the installed package, which may be read-only and is replaced on upgrade.

`platformdirs.user_data_dir("exequatur")` (e.g. ~/.local/share/exequatur), unless the environment variable
EXEQUATUR_DATA_DIR names another directory (tests and CI point it at a temporary one). Rate tables that
`rates update` and `rates fetch` write go in its `rates/` folder, one `<table id>.csv` each.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENVIRONMENT_VARIABLE = "EXEQUATUR_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("exequatur", appauthor=False))


def rates_dir() -> Path:
    return data_dir() / "rates"


def user_table_path(table: str) -> Path:
    """The file that holds the user's rows for `table` (it need not exist)."""
    return rates_dir() / f"{table}.csv"
