"""exequatur: what is owed on arbitral awards and money judgments, in every forum, to the cent, and why.

The Python API: `owe(path, as_of)` gives a Statement; `matter(path)` loads and checks a matter file;
`accrue(matter, as_of, rates)` is the engine itself; `rate_book()` holds the shipped rate tables;
`deadlines(path, as_of)` gives a Schedule of every deadline of the matter; `assess(path, proceeding, as_of)` checks
a recognition proceeding's grounds and immunities against the matter's facts (a checklist, not legal advice).

Each name is imported from its module when it is first read, so that `import exequatur` (and the command line,
which imports the modules it needs itself) does not load the engine, the forums' rules and their libraries.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exequatur.engine.deadlines import Deadline, Schedule
    from exequatur.engine.owed import accrue
    from exequatur.engine.recognition import Assessment
    from exequatur.engine.results import InstrumentFailure, InstrumentStatement, Statement
    from exequatur.interfaces.api import MatterFileError, assess, check, deadlines, matter, owe, rate_book

#: Where each name of the API is defined.
_MODULES = {
    "Assessment": "exequatur.engine.recognition",
    "Deadline": "exequatur.engine.deadlines",
    "InstrumentFailure": "exequatur.engine.results",
    "InstrumentStatement": "exequatur.engine.results",
    "MatterFileError": "exequatur.interfaces.api",
    "Schedule": "exequatur.engine.deadlines",
    "Statement": "exequatur.engine.results",
    "accrue": "exequatur.engine.owed",
    "assess": "exequatur.interfaces.api",
    "check": "exequatur.interfaces.api",
    "deadlines": "exequatur.interfaces.api",
    "matter": "exequatur.interfaces.api",
    "owe": "exequatur.interfaces.api",
    "rate_book": "exequatur.interfaces.api",
}

__all__ = [
    "Assessment",
    "Deadline",
    "InstrumentFailure",
    "InstrumentStatement",
    "MatterFileError",
    "Schedule",
    "Statement",
    "accrue",
    "assess",
    "check",
    "deadlines",
    "matter",
    "owe",
    "rate_book",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """The API's names, imported on first use (PEP 562); kept in the package once read."""
    try:
        module = _MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
