"""The README's Rusoro deadlines are the program's: each entry's day, status, title, arithmetic and reason, as
`exequatur deadlines --format json` gives them, in the layout the README uses."""

from __future__ import annotations

from datetime import date

from exequatur.engine.deadlines import deadlines
from tests.conftest import EXAMPLE, ROOT, matter_from


def test_the_readme_shows_the_rusoro_deadlines_as_computed() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    schedule = deadlines(matter_from(EXAMPLE.read_text(encoding="utf-8")), date(2026, 12, 2))
    lines = []
    for d in schedule.deadlines:
        lines.append(f"{d.due or '—'!s:<11} {d.status.value:<11} {d.instrument}: {d.title} [{d.rule}, {d.actor.whose}]")
        lines.append(" " * 24 + d.computation)
        lines.append(" " * 24 + d.reason)
    assert "```text\n" + "\n".join(lines) + "\n```" in readme
