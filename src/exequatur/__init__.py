"""exequatur: what is owed on arbitral awards and money judgments, in every forum, to the cent, and why.

The Python API: `owe(path, as_of)` gives a Statement; `matter(path)` loads and checks a matter file;
`accrue(matter, as_of, rates)` is the engine itself; `rate_book()` holds the shipped rate tables;
`deadlines(path, as_of)` gives a Schedule of every deadline of the matter; `assess(path, proceeding, as_of)` checks
a recognition proceeding's grounds and immunities against the matter's facts (a checklist, not legal advice).
"""

from exequatur.engine.deadlines import Deadline, Schedule
from exequatur.engine.owed import accrue
from exequatur.engine.recognition import Assessment
from exequatur.engine.results import InstrumentFailure, InstrumentStatement, Statement
from exequatur.interfaces.api import MatterFileError, assess, check, deadlines, matter, owe, rate_book

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
