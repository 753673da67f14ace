"""The Python API takes a matter as a file's path, as text, or as a Matter object, and gives the same answers
whichever way it came in: the command line passes paths, the web app stored matters, a program objects."""

from __future__ import annotations

from datetime import date

import pytest

from exequatur.interfaces import api
from exequatur.model.errors import ExequaturError
from tests.conftest import ROOT

RUSORO = ROOT / "examples" / "rusoro-v-venezuela.yaml"
ON = date(2023, 8, 14)


def test_owe_deadlines_and_assess_take_a_path_or_a_matter_alike() -> None:
    from_text = api.matter_from_text(RUSORO.read_text(encoding="utf-8"), file=str(RUSORO))
    by_path, by_object = api.owe(RUSORO, ON), api.owe(from_text, ON, rates=api.rate_book())
    assert [i.id for i in by_path.instruments] == [i.id for i in by_object.instruments]
    assert [str(i) for i in by_path.instruments] == [str(i) for i in by_object.instruments]
    assert api.deadlines(RUSORO, ON) == api.deadlines(from_text, ON)
    proceeding = next(p.id for p in from_text.proceedings if p.kind.value in ("confirmation", "recognition"))
    assert api.assess(RUSORO, proceeding, ON) == api.assess(from_text, proceeding, ON)


def test_an_unknown_instrument_names_the_matter_it_was_looked_for_in() -> None:
    loaded = api.matter(RUSORO)
    with pytest.raises(ExequaturError, match=rf"no instrument 'nope' in {loaded.id}"):
        api.owe(loaded, ON, instrument="nope")
    with pytest.raises(ExequaturError, match=r"no instrument 'nope' in .*rusoro-v-venezuela\.yaml"):
        api.owe(RUSORO, ON, instrument="nope")
