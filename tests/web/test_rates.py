"""The Rates page and /api/rates, on SQLite and on PostgreSQL: every table with its end and whether it is stale;
an editor's upload of an official CSV lands in the database and changes the figures the app computes at once (no
cached statement outlives it); a contradiction is shown in the page with its dates and writes nothing; a viewer
may look but not upload.

The case is a federal judgment entered Wed 2026-09-02, whose 28 U.S.C. §1961 rate is the H.15 1-year CMT average
of the week ending Fri 2026-08-28 ("the calendar week preceding" the week of entry): past the shipped table's last
row (2026-08-14). The rows uploaded are a test's own (3.95 for 2026-08-21, 3.89 for 2026-08-28).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import client_as, csrf_header

TABLE = "us-1y-cmt-weekly"
NEW = b"observation_date,WGS1YR\n2026-08-14,4.00\n2026-08-21,3.95\n2026-08-28,3.89\n"
CONTRADICTS = b"observation_date,WGS1YR\n2026-08-07,4.50\n2026-09-04,3.80\n"
JUDGMENT = """\
matter: fed-past-the-table
creditor: {name: C Inc.}
debtor: {name: D Ltd.}
instruments:
  - {id: j, kind: judgment, forum: US-FED, date: 2026-09-02, currency: USD,
     amounts: [{label: judgment, amount: "1000000.00"}]}
"""


def _statement(client: Any) -> dict[str, Any]:
    response = client.get("/api/matters/fed-past-the-table/statement", params={"as_of": "2026-12-02"})
    assert response.status_code == 200, response.text
    instrument: dict[str, Any] = response.json()["instruments"][0]
    return instrument


@pytest.fixture(scope="module")
def editor(app: Any) -> Any:
    client = client_as(app, "editor")
    response = client.post("/api/matters", json={"text": JUDGMENT, "file": "fed.yaml"}, headers=csrf_header(client))
    assert response.status_code == 201, response.text
    return client


def test_a_viewer_looks_but_may_not_upload(app: Any) -> None:
    viewer = client_as(app, "viewer")
    page = viewer.get("/rates")
    assert page.status_code == 200
    assert TABLE in page.text
    assert 'action="/rates"' not in page.text  # no upload form
    token = csrf_header(viewer)
    assert (
        viewer.post(
            "/rates", data={"table": TABLE, "csrf": token["X-CSRF-Token"]}, files={"file": ("n.csv", NEW)}
        ).status_code
        == 403
    )
    assert viewer.post(f"/api/rates/{TABLE}", json={"text": NEW.decode()}, headers=token).status_code == 403
    assert viewer.get(f"/api/rates/{TABLE}").json() == []


def test_an_upload_needs_the_csrf_token(editor: Any) -> None:
    assert editor.post("/rates", data={"table": TABLE}, files={"file": ("n.csv", NEW)}).status_code == 403
    assert editor.get(f"/api/rates/{TABLE}").json() == []


def _report_csv(client: Any) -> str:
    response = client.get("/api/matters/fed-past-the-table/report/csv", params={"as_of": "2026-12-02"})
    assert response.status_code == 200, response.text
    return str(response.text)


def test_an_upload_extends_the_table_and_the_figures_follow(editor: Any, app: Any) -> None:
    before = _statement(editor)  # computed, and cached, before the update
    report_before = _report_csv(editor)  # a download, rendered and cached before it too
    assert "9698.36" not in report_before
    assert "no row dated 2026-08-28" in before["error"]
    assert "on the web app's Rates page, or run `exequatur db rates update us-1y-cmt-weekly FILE`" in before["error"]
    listed = {t["table"]: t for t in editor.get("/api/rates").json()}
    assert (listed[TABLE]["last_row"], listed[TABLE]["covered_until"]) == ("2026-08-14", "2026-08-21")
    assert listed[TABLE]["stale"] is True  # the tests run on a day after 2026-08-21

    token = csrf_header(editor)["X-CSRF-Token"]
    page = editor.post("/rates", data={"table": TABLE, "csrf": token}, files={"file": ("WGS1YR.csv", NEW)})
    assert page.status_code == 200, page.text[:500]
    assert "2 row(s) added, 1 confirmed; written to the database" in page.text
    assert "3.89" in page.text
    assert "WGS1YR.csv, uploaded by editor to the web app on" in page.text  # each row's source, shown

    # §1961(a)-(b): 3.89% for the week ending 2026-08-28, daily on a 365-day year, compounded annually; 91 days
    # from entry (2026-09-02) to 2026-12-02, within the first year: 1,000,000.00 x 0.0389 x 91/365 = 9,698.356...,
    # so 9,698.36.
    after = _statement(editor)
    assert after["interest"] == "9698.36"
    assert "9698.36" in _report_csv(editor)  # the cached download is not served after the update
    rows = editor.get(f"/api/rates/{TABLE}").json()
    assert [(r["date"], r["value"], r["added_by"]) for r in rows] == [
        ("2026-08-21", "3.95", "editor"),
        ("2026-08-28", "3.89", "editor"),
    ]
    listed = {t["table"]: t for t in editor.get("/api/rates").json()}
    assert (listed[TABLE]["db_rows"], listed[TABLE]["last_row"], listed[TABLE]["updated_by"]) == (
        2,
        "2026-08-28",
        "editor",
    )
    audit = client_as(app, "admin").get("/api/audit").json()
    assert [(r["user"], r["action"]) for r in audit if r["entity"] == f"rates/{TABLE}"] == [("editor", "create")]
    assert client_as(app, "viewer").get("/rates", params={"table": TABLE}).text.count("WGS1YR.csv, uploaded by") == 2


def test_a_contradiction_is_shown_with_its_dates_and_writes_nothing(editor: Any) -> None:
    held = editor.get(f"/api/rates/{TABLE}").json()
    token = csrf_header(editor)
    page = editor.post(
        "/rates", data={"table": TABLE, "csrf": token["X-CSRF-Token"]}, files={"file": ("bad.csv", CONTRADICTS)}
    )
    assert page.status_code == 422
    assert "2026-08-07: table 4.04" in page.text
    assert "new file 4.50" in page.text
    assert "Nothing written" in page.text
    api = editor.post(f"/api/rates/{TABLE}", json={"text": CONTRADICTS.decode(), "file": "bad.csv"}, headers=token)
    assert api.status_code == 400
    assert "2026-08-07" in api.json()["error"]
    assert editor.get(f"/api/rates/{TABLE}").json() == held


def test_unknown_tables_and_files_that_are_no_csv(editor: Any) -> None:
    token = csrf_header(editor)
    unknown = editor.get("/api/rates/us-1y-cmt-wekly")
    assert unknown.status_code == 404
    assert "did you mean 'us-1y-cmt-weekly'" in unknown.json()["error"]
    no_csv = editor.post(f"/api/rates/{TABLE}", json={"text": "hello\n", "file": "x.csv"}, headers=token)
    assert no_csv.status_code == 400
    assert "holds no 'date,value' rows" in no_csv.json()["error"]


def test_an_update_made_elsewhere_is_seen_and_no_cached_figure_outlives_it(
    editor: Any, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date
    from decimal import Decimal

    from exequatur.interfaces import api
    from exequatur.interfaces.web import service

    later = JUDGMENT.replace("fed-past-the-table", "fed-later").replace("2026-09-02", "2026-09-09")
    assert editor.post("/api/matters", json={"text": later}, headers=csrf_header(editor)).status_code == 201
    url = "/api/matters/fed-later/statement"
    first = editor.get(url, params={"as_of": "2026-12-02"}).json()["instruments"][0]
    assert "no row dated 2026-09-04" in first["error"]  # and now cached
    api.db_rates_update(
        TABLE,
        {date(2026, 9, 4): Decimal("3.80")},
        provenance="WGS1YR.csv (command line)",
        today=date(2026, 12, 2),
        db=seeded_url,
        user="cli",
    )
    monkeypatch.setattr(service, "FRESH", 0.0)  # the server reads the rates' revision again at once
    # Entered Wed 2026-09-09: the week ending Fri 2026-09-04 (3.80%). 84 days to 2026-12-02, in the first year:
    # 1,000,000.00 x 0.038 x 84/365 = 3,192,000/365 = 8,745.205... -> 8,745.21.
    second = editor.get(url, params={"as_of": "2026-12-02"}).json()["instruments"][0]
    assert second["interest"] == "8745.21"
