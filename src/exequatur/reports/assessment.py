"""An assessment as JSON, as terminal text, and as a PDF checklist: each ground with its status, the facts that
decided it (each with its source and line), its citation, and for an unknown ground the question to answer.

All three say plainly that this is a checklist for counsel, not legal advice. None decides anything: they render
the engine's Assessment.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from exequatur.engine.recognition import Assessment, GroundResult, GroundStatus, UsedFact
from exequatur.model.errors import ExequaturError
from exequatur.reports.fit import fitted
from exequatur.reports.provenance import exequatur_version

STYLES = {
    GroundStatus.MET: "bold red",
    GroundStatus.AT_RISK: "bold yellow",
    GroundStatus.NOT_MET: "green",
    GroundStatus.UNKNOWN: "magenta",
    GroundStatus.NOT_APPLICABLE: "dim",
}

#: What each status means, in the words the reports print under the grounds.
MEANING = {
    GroundStatus.MET: "the ground to refuse (or the immunity) is made out on the recorded facts",
    GroundStatus.AT_RISK: "raised or partly made out: counsel should expect it to be argued",
    GroundStatus.NOT_MET: "the recorded facts clear it",
    GroundStatus.UNKNOWN: "a fact it needs is not recorded: answer the question",
    GroundStatus.NOT_APPLICABLE: "its condition of application is not met",
}


#: How a status reads for an immunity (met: the state's immunity holds) and for a ground of refusal.
_IMMUNE = {
    GroundStatus.MET: "immune",
    GroundStatus.AT_RISK: "immunity in doubt",
    GroundStatus.NOT_MET: "not immune",
    GroundStatus.UNKNOWN: "immunity unknown",
    GroundStatus.NOT_APPLICABLE: "does not apply",
}
_REFUSAL = {
    GroundStatus.MET: "ground to refuse made out",
    GroundStatus.AT_RISK: "ground to refuse arguable",
    GroundStatus.NOT_MET: "ground to refuse cleared",
    GroundStatus.UNKNOWN: "ground to refuse unknown",
    GroundStatus.NOT_APPLICABLE: "does not apply",
}


def reading(g: GroundResult) -> str:
    """The status in a lawyer's words: for an immunity, whether the state is immune; else whether a ground holds."""
    outside = any(u.name == "asset-in-forum" and u.value is False for u in g.facts)
    if g.status is GroundStatus.MET and outside:
        return "out of the forum's reach"
    return (_IMMUNE if g.kind.startswith("immunity") else _REFUSAL)[g.status]


def _sentence(text: str) -> str:
    """`text` ending as a sentence does, so that what follows it in a paragraph does not run on."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _shown(value: bool | str | None) -> str:
    if value is None:
        return "not recorded"
    return ("true" if value else "false") if isinstance(value, bool) else value


def fact_json(used: UsedFact) -> dict[str, Any]:
    out: dict[str, Any] = {"fact": used.name, "about": used.about, "value": used.value}
    if used.carried_from is not None:
        out["carried_from"] = used.carried_from
    if used.derived is not None:
        out["derived"] = used.derived
    elif used.fact is not None:
        out |= {
            "date": None if used.fact.on is None else str(used.fact.on),
            "source": used.fact.cited,
            "file": used.fact.source.file,
            "line": used.fact.source.line,
        }
    return out


def ground_json(g: GroundResult) -> dict[str, Any]:
    return {
        "id": g.id,
        "regime": g.regime,
        "citation": g.citation,
        "kind": g.kind,
        "status": g.status.value,
        "reading": reading(g),
        "facts": [fact_json(u) for u in g.facts],
        "question": g.question,
        "text": g.text,
        "burden": g.burden,
        "asset": g.asset,
        "caveats": list(g.caveats),
    }


def assessment_json(a: Assessment, matter_file: tuple[str, str] | None = None) -> dict[str, Any]:
    """The assessment as JSON; `matter_file` (its path and sha256) says which file it was read from."""
    first = a.regimes[0]
    return {
        "matter": a.matter,
        "matter_file": None if matter_file is None else {"path": matter_file[0], "sha256": matter_file[1]},
        "as_of": str(a.as_of),
        "proceeding": a.proceeding,
        "forum": a.forum,
        "court": a.court,
        "instrument": a.instrument,
        "dated_by": a.dated_by,
        "regime": {"id": first.id, "citation": first.citation, "version": first.version},
        "regimes": [
            {
                "id": r.id,
                "title": r.title,
                "citation": r.citation,
                "version": r.version,
                "transition": r.transition,
                "source": r.source,
                "notes": list(r.notes),
            }
            for r in a.regimes
        ],
        "grounds": [ground_json(g) for g in a.grounds],
        "summary": dict(Counter(g.status.value for g in a.grounds)),
        "notes": list(a.notes),
        "disclaimer": a.disclaimer,
    }


def _facts_text(g: GroundResult) -> Text:
    out = Text()
    for u in g.facts:
        out.append(f"{u.name} of {u.about} = {_shown(u.value)}")
        if u.carried_from:
            out.append(f" (recorded on {u.carried_from})", style="dim")
        if u.derived:
            out.append(f" ({u.derived})", style="dim")
        elif u.fact is not None:
            when = f" on {u.fact.on}" if u.fact.on else ""
            out.append(f"{when} (line {u.fact.source.line}: {u.fact.cited or 'no source given'})", style="dim")
        out.append("\n")
    for caveat in g.caveats:
        out.append(f"! {caveat}\n", style="yellow")
    if g.question:
        out.append(f"? {g.question}", style="magenta")
    return out


def render_assessment(a: Assessment, matter_file: tuple[str, str] | None = None) -> RenderableType:
    parts: list[RenderableType] = [
        Text(
            f"{a.proceeding}: {a.forum}" + (f", {a.court}" if a.court else "") + f" — concerning {a.instrument}",
            style="bold",
        ),
        Text(f"facts as they stood on {a.as_of}; regimes chosen by the proceeding's date ({a.dated_by})"),
        Text(a.disclaimer, style="italic"),
    ]
    if matter_file is not None:
        parts.insert(2, Text(f"matter file {matter_file[0]}, sha256 {matter_file[1]}", style="dim"))
    for r in a.regimes:
        table = Table(title=f"{r.title} [{r.id}, {r.version}]", title_justify="left", expand=True, show_lines=True)
        table.add_column("status", no_wrap=True)
        table.add_column("ground", ratio=1)
        table.add_column("decided by", ratio=2)
        for g in (g for g in a.grounds if g.regime == r.id):
            ground = Text(f"{g.id}", style="bold")
            ground.append(f" ({g.kind})\n{g.citation}\n")
            ground.append(g.text, style="dim")
            shown = Text(g.status.value, style=STYLES[g.status])
            shown.append(f"\n{reading(g)}", style="dim")
            table.add_row(shown, ground, _facts_text(g))
        parts.append(fitted(table))
        parts.append(Text(r.citation, style="dim"))
        if r.transition:
            parts.append(Text(f"which version: {r.transition}", style="dim"))
        for note in r.notes:
            parts.append(Text(f"• {note}", style="dim"))
    counts = Counter(g.status for g in a.grounds)
    parts.append(Text(", ".join(f"{counts[s]} {s.value}" for s in GroundStatus if counts[s])))
    parts.append(Text("\n".join(f"{s.value}: {MEANING[s]}" for s in GroundStatus), style="dim"))
    parts.extend(Text(f"• {n}", style="dim") for n in a.notes)
    return Group(*parts)


def assessment_html(a: Assessment, matter_file: tuple[str, str] | None = None) -> str:
    env = Environment(
        loader=PackageLoader("exequatur.reports", "templates"), autoescape=True, undefined=StrictUndefined
    )
    env.filters["shown"] = _shown
    env.filters["sentence"] = _sentence
    env.filters["reading"] = reading
    return env.get_template("assessment.html.j2").render(
        a=a,
        matter_file=matter_file,
        meaning=MEANING,
        statuses=list(GroundStatus),
        version=exequatur_version(),
        counts=Counter(g.status for g in a.grounds),
    )


def assessment_pdf(a: Assessment, matter_file: tuple[str, str] | None = None) -> bytes:
    try:
        from weasyprint import HTML, URLFetcher
    except OSError as exc:  # WeasyPrint loads Pango when imported
        raise ExequaturError(
            f"a PDF needs Pango from the system ({exc}); on Debian or Ubuntu: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 fonts-dejavu-core; --format json or text work without it"
        ) from None
    pdf = HTML(string=assessment_html(a, matter_file), url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
