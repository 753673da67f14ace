"""US-DE: interest on judgments. (Being written: see issue 4.)"""

from __future__ import annotations

from exequatur.model.errors import RuleError
from exequatur.model.instruments import Instrument
from exequatur.rules.basis import RegimeTerm
from exequatur.rules.forum import RuleContext

FORUM = "US-DE"


class DelawareJudgmentInterest:
    def regime(self, instrument: Instrument, context: RuleContext) -> tuple[RegimeTerm, ...]:
        raise RuleError(f"no interest rule for forum {FORUM} yet", forum=FORUM)
