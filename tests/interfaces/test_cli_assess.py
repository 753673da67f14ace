"""`exequatur assess` on the Rusoro example: a report for each recognition and confirmation proceeding, with
citations and the public facts, the pre-2021 Article 53 text for the suit of 2017, and a report that changes when
a fact does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exequatur.interfaces.cli import app
from tests.conftest import EXAMPLE


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["assess", *args], env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def assessed(proceeding: str, *extra: str, matter: Path = EXAMPLE) -> dict[str, object]:
    status, out, err = run(str(matter), "--proceeding", proceeding, "--as-of", "2026-12-02", "--format", "json", *extra)
    assert status == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def grounds(data: dict[str, object]) -> dict[str, dict[str, object]]:
    rows = data["grounds"]
    assert isinstance(rows, list)
    return {f"{g['regime']}:{g['id']}": g for g in rows}


@pytest.mark.parametrize("proceeding", ["on-recognition", "ny-recognition", "ddc-confirmation"])
def test_every_recognition_and_confirmation_of_rusoro_is_assessed(proceeding: str) -> None:
    data = assessed(proceeding)
    assert data["proceeding"] == proceeding
    assert "not legal advice" in str(data["disclaimer"])
    for g in grounds(data).values():
        assert g["citation"]
        assert g["status"] in {"met", "at-risk", "not-met", "unknown", "not-applicable"}
        assert g["kind"] in {"mandatory", "discretionary", "immunity-suit", "immunity-execution"}
        # An unknown ground asks its question; a decided one asks nothing (one at risk may ask what would settle it).
        if g["status"] == "unknown":
            assert g["question"]
        elif g["status"] != "at-risk":
            assert g["question"] is None


def test_the_new_york_suit_of_2017_gets_the_old_article_53() -> None:
    data = assessed("ny-recognition")
    assert data["regime"]["id"] == "us-ny/cplr-art-53"  # type: ignore[index]
    assert data["regime"]["version"] == "from 1970-09-01 to 2021-06-10"  # type: ignore[index]
    g = grounds(data)
    assert "us-ny/cplr-art-53:5304-b-1" in g
    assert "before 2021" not in str(g["us-ny/cplr-art-53:5304-b-1"]["citation"])
    assert "us-ny/cplr-art-53:5304-a-3" not in g  # subject-matter jurisdiction became mandatory only in 2021
    # The Ontario judgment is final: Venezuela did not appeal and its time ran out (release of 6 Dec 2017).
    applicability = g["us-ny/cplr-art-53:5302-applicability"]
    assert applicability["status"] == "not-met"
    assert "6 Dec 2017" in str(applicability["facts"])


def test_the_dc_confirmation_weighs_the_paris_set_aside_as_it_stood() -> None:
    # On the day of the D.D.C. opinion (1 Mar 2018) the Paris set-aside was pending: art. VI let the court adjourn
    # (a risk of delay, not a ground to refuse); today the set-aside has been rejected (7 Jun 2022).
    then = assessed("ddc-confirmation", "--as-of", "2018-03-01")
    now = assessed("ddc-confirmation")
    assert grounds(then)["us/new-york-convention:art-vi-adjournment"]["status"] == "at-risk"
    assert grounds(now)["us/new-york-convention:art-vi-adjournment"]["status"] == "not-met"
    # The treaty's offer to arbitrate, accepted by Rusoro, is the state's written agreement: §1605(a)(6).
    assert grounds(now)["us/fsia-suit:1604-immunity"]["status"] == "not-met"
    # Made in Paris, by a Canadian company against Venezuela: within the US reservation and 9 U.S.C. §202.
    assert grounds(now)["us/new-york-convention:us-reciprocity"]["status"] == "not-met"
    assert grounds(now)["us/new-york-convention:9-usc-202-us-citizens"]["status"] == "not-met"
    # Venezuela appeared (Foley Hoag), so the default-judgment rules of §1608(e) do not apply.
    assert grounds(now)["us/fsia-suit:1608-e-evidence"]["status"] == "not-applicable"


def test_the_new_york_suit_on_the_ontario_judgment_leaves_immunity_at_risk() -> None:
    # The treaty's agreement to arbitrate is the award's; §1605(a)(6) speaks of confirming an award, and whether it
    # reaches a suit on Ontario's judgment on the award was not found decided.
    g = grounds(assessed("ny-recognition"))["us/fsia-suit:1604-immunity"]
    assert g["status"] == "at-risk"
    assert "to confirm an award" in g["caveats"][0]  # type: ignore[index]
    carried = next(f for f in g["facts"] if f["fact"] == "arbitration-agreement-by-state")  # type: ignore[union-attr]
    assert carried["carried_from"] == "award"


def test_the_report_changes_when_a_fact_does(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    changed = tmp_path / "rusoro.yaml"
    changed.write_text(
        text.replace(
            "  - {fact: appeared, about: on-judgment, value: false,",
            "  - {fact: served, about: on-judgment, value: false, source: test}\n"
            "  - {fact: appeared, about: on-judgment, value: false,",
        ),
        encoding="utf-8",
    )
    before = grounds(assessed("ny-recognition"))["us-ny/cplr-art-53:5304-b-2"]
    after = grounds(assessed("ny-recognition", matter=changed))["us-ny/cplr-art-53:5304-b-2"]
    assert (before["status"], after["status"]) == ("unknown", "met")


def test_text_and_pdf(tmp_path: Path) -> None:
    status, out, _ = run(str(EXAMPLE), "--proceeding", "on-recognition", "--as-of", "2026-12-02")
    assert status == 0
    assert "ICAA 2017 s.10" in out
    assert "not legal advice" in out
    pdf = tmp_path / "a.pdf"
    status, _, err = run(str(EXAMPLE), "--proceeding", "ddc-confirmation", "--format", "pdf", "-o", str(pdf))
    assert status == 0, err
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_bad_requests_are_clear_errors(tmp_path: Path) -> None:
    status, _, err = run(str(EXAMPLE), "--proceeding", "ny-recogniton")
    assert status == 1
    assert "did you mean 'ny-recognition'?" in err
    status, _, err = run(str(EXAMPLE), "--proceeding", "paris-set-aside")
    assert status == 1
    assert "of kind set-aside" in err
    status, _, err = run(str(EXAMPLE), "--proceeding", "ny-recognition", "--format", "pdf")
    assert status == 2
    assert "-o OUT.pdf" in " ".join(err.split())
    assert "Traceback" not in err


def test_the_report_names_its_day_and_file_and_reads_in_plain_words(tmp_path: Path) -> None:
    import hashlib

    data = assessed("ddc-confirmation", "--as-of", "2018-03-01")
    assert data["as_of"] == "2018-03-01"
    assert data["matter_file"] == {  # type: ignore[comparison-overlap]
        "path": str(EXAMPLE),
        "sha256": hashlib.sha256(EXAMPLE.read_bytes()).hexdigest(),
    }
    g = grounds(data)
    # §1610(c) bars execution until the order; the writ that presupposes it came on 24 Mar 2023.
    assert (g["us/fsia-execution:1610-c-order"]["status"], g["us/fsia-execution:1610-c-order"]["reading"]) == (
        "met",
        "immune",
    )
    assert g["us/fsia-suit:1604-immunity"]["reading"] == "not immune"
    assert grounds(assessed("ddc-confirmation"))["us/fsia-execution:1610-c-order"]["status"] == "not-met"
    # Without --format, -o's extension says it.
    out = tmp_path / "a.json"
    status, _, err = run(str(EXAMPLE), "--proceeding", "on-recognition", "-o", str(out))
    assert status == 0, err
    on = json.loads(out.read_text(encoding="utf-8"))
    # The PDVH shares are in the United States, out of an Ontario court's reach.
    assert grounds(on)["ca/state-immunity-act:s12-execution:pdvh-shares"]["reading"] == "out of the forum's reach"
    status, _, err = run(str(EXAMPLE), "--proceeding", "on-recognition", "-o", str(tmp_path / "a.html"))
    assert status == 2
    assert ".txt, .json or .pdf" in err
    status, text, _ = run(str(EXAMPLE), "--proceeding", "on-recognition", "--as-of", "2020-01-01")
    assert "facts as they stood on 2020-01-01" in text


def test_the_schema_gives_each_fact_its_values() -> None:
    from exequatur.io.schema import json_schema

    schema = json.dumps(json_schema())
    assert '"const": "execution-waiver"' in schema
    assert '"enum": ["none", "implied", "explicit", "in-writing"]' in schema
