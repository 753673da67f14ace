"""The security review's findings, each as a test that failed before its fix: sign-out ends the session on the
server, CSV cells are no formulas, X-Forwarded-For does not reset the sign-in throttle, every POST checks CSRF,
an editor's import does not tell a foreign matter from a free id beyond what it must, and the pages' own bugs."""

from __future__ import annotations

from csv import reader
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from exequatur.interfaces import api
from exequatur.interfaces.cli_web import plain_http_warning
from exequatur.interfaces.web.app import _amount, create_app
from tests.conftest import ROOT
from tests.web.conftest import PASSWORD, client_as, csrf_header, csrf_of, seed, serve, sign_in


def test_a_cookie_copied_before_sign_out_signs_no_one_in_after_it(app: Any, seeded_url: str) -> None:
    api.db_user_add("leaver", "viewer", PASSWORD, db=seeded_url, by="test")
    client = client_as(app, "leaver")
    assert client.get("/api/me").status_code == 200
    copied = dict(client.cookies)
    token = csrf_header(client)
    assert client.post("/signout", headers=token).status_code == 303
    thief = client_as(app, None)
    thief.cookies.update(copied)
    assert thief.get("/api/me").status_code == 401
    assert thief.get("/").status_code == 303  # a page sends it to the sign-in page
    again = client_as(app, "leaver")  # signing in again makes a new session that works
    assert again.get("/api/me").status_code == 200


FORMULA = """\
matter: csv-formula
creditor: {name: "=HYPERLINK(1)", country: US}
debtor: {name: D Ltd., country: GB}
instruments:
  - id: j
    kind: judgment
    forum: US-NY
    date: 2024-03-15
    currency: USD
    amounts: [{label: damages, amount: "250000.00", source: "@SUM(1)"}]
payments:
  - date: 2024-06-01
    amount: "300000.00"
    currency: USD
    instrument: j
    source: "=2+3"
"""


def test_no_cell_of_the_statement_csv_is_a_formula(app: Any) -> None:
    admin = client_as(app, "admin")
    response = admin.post("/api/matters", json={"text": FORMULA}, headers=csrf_header(admin))
    assert response.status_code == 201, response.text
    csv = admin.get("/api/matters/csv-formula/report/csv", params={"as_of": "2024-12-31"})
    assert csv.status_code == 200
    rows = list(reader(csv.text.splitlines()))
    texts = [value for row in rows[1:] for value in row]
    assert "'=2+3" in texts
    assert not [v for v in texts if v.startswith(("=", "+", "@", "\t", "\r"))]
    assert "250000.00" in texts  # the amounts as they were


def test_a_spoofed_x_forwarded_for_does_not_reset_the_throttle_per_address(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'throttle.db'}"
    seed(url)
    with serve(url) as server, httpx.Client(base_url=server.url) as client:
        statuses = []
        for n in range(6):  # a new name each time, so that only the address's count can throttle
            token = csrf_of(client.get("/signin").text)
            response = client.post(
                "/signin",
                data={"name": f"nobody{n}", "password": "wrong password", "csrf": token},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            )
            statuses.append(response.status_code)
    assert statuses == [401] * 5 + [429]


def test_serve_warns_off_loopback_and_the_sign_in_page_says_why_plain_http_fails(seeded_url: str) -> None:
    assert plain_http_warning("127.0.0.1") is None
    assert plain_http_warning("::1") is None
    warning = plain_http_warning("0.0.0.0")
    assert warning is not None
    assert "HTTPS" in warning
    assert "TLS-terminating proxy" in warning
    client = client_as(create_app(seeded_url, secure_cookies=True), None)
    page = client.get("/signin")
    assert "plain http" in page.text
    failed = client.post("/signin", data={"name": "viewer", "password": PASSWORD, "csrf": csrf_of(page.text)})
    assert failed.status_code == 403  # the Secure cookie was not kept over http: say so, not "stale token"
    assert "plain http" in failed.text
    assert "security token" not in failed.text
    secure = TestClient(create_app(seeded_url, secure_cookies=True), base_url="https://testserver")
    assert "plain http" not in secure.get("/signin").text
    assert sign_in(secure, "viewer").status_code == 303


def test_api_check_needs_the_csrf_token(app: Any) -> None:
    client = client_as(app, "viewer")
    body = {"text": "matter: x\n"}
    assert client.post("/api/check", json=body).status_code == 403
    assert client.post("/api/check", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/api/check", json=body, headers=csrf_header(client)).status_code == 200


def test_the_waterfall_page_lists_the_claims_with_their_amounts(app: Any) -> None:
    client = client_as(app, "admin")
    claims = (ROOT / "examples" / "venezuela-creditors.yaml").read_text(encoding="utf-8")
    token = csrf_header(client)["X-CSRF-Token"]
    form = {"claims": claims, "pool": "5000000000", "currency": "USD", "date": "2024-01-19", "csrf": token}
    response = client.post("/waterfall", data=form)
    assert response.status_code == 200, response.text
    expected = client.post("/api/waterfall", json={**form, "csrf": None}, headers={"X-CSRF-Token": token}).json()
    assert len(expected["claims"]) > 3
    body = response.text.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == len(expected["claims"])
    for claim in expected["claims"]:
        assert f"<code>{claim['id']}</code>" in body
        assert _amount(claim["allocated"]) in body
    assert "990,000,000.00 USD" in body  # Crystallex's stated claim


def test_the_audit_log_shows_before_and_after_as_written_and_escaped(app: Any) -> None:
    admin = client_as(app, "admin")
    text = FORMULA.replace("csv-formula", "audit-text").replace("=2+3", "Award ¶ 5 <b>é</b>")
    assert admin.post("/api/matters", json={"text": text}, headers=csrf_header(admin)).status_code == 201
    page = admin.get("/audit", params={"matter": "audit-text"}).text
    assert "Award ¶ 5 &lt;b&gt;é&lt;/b&gt;" in page
    assert "\\u00b6" not in page
    assert "<b>é</b>" not in page


DATED = [
    "/matters/rusoro-v-venezuela",
    "/api/matters",
    "/api/matters/rusoro-v-venezuela/statement",
    "/api/matters/rusoro-v-venezuela/report/csv",
    "/api/matters/rusoro-v-venezuela/deadlines",
    "/api/matters/rusoro-v-venezuela/deadlines.ics",
    "/api/matters/rusoro-v-venezuela/timeline",
    "/api/matters/rusoro-v-venezuela/history",
    "/api/matters/rusoro-v-venezuela/chart.png",
    "/api/matters/rusoro-v-venezuela/checklists",
    "/api/matters/rusoro-v-venezuela/assessment/ny-recognition.pdf",
]


def test_every_dated_route_has_the_engine_s_one_date_limit(app: Any) -> None:
    from exequatur.model.numbers import FIRST_DATE, LAST_DATE

    client = client_as(app, "admin")
    limits = f"from {FIRST_DATE} to {LAST_DATE}"
    for path in DATED:
        for day in ("9999-12-31", "2200-01-01", "1899-12-31"):
            response = client.get(path, params={"as_of": day})
            assert response.status_code == 400, (path, day, response.status_code)
            assert limits in response.text, (path, day, response.text[:300])


def test_a_waterfall_s_missing_and_ungranted_matters_get_one_message_with_no_internals(app: Any) -> None:
    client = client_as(app, "stranger")  # granted nothing
    claims = (ROOT / "examples" / "venezuela-creditors.yaml").read_text(encoding="utf-8")
    messages = {}
    for name in ("rusoro-v-venezuela.yaml", "nonesuch.yaml", "../../etc/passwd"):
        body = {"claims": claims.replace("rusoro-v-venezuela.yaml", name), "pool": "1", "currency": "USD"}
        response = client.post("/api/waterfall", json={**body, "date": "2024-01-19"}, headers=csrf_header(client))
        assert response.status_code == 422
        (error,) = response.json()["errors"]
        messages[name] = error["message"].replace(repr(name), "NAME")
        page = client.post("/waterfall", data={**body, "date": "2024-01-19", **_csrf_field(client)})
        assert page.status_code == 422
        for leak in ("exequatur-claims-", "--matters", "/tmp"):
            assert leak not in error["message"]
            assert leak not in page.text
    assert len(set(messages.values())) == 1, messages


def _csrf_field(client: TestClient) -> dict[str, str]:
    return {"csrf": csrf_header(client)["X-CSRF-Token"]}


def test_an_upload_refused_shows_the_form_again_with_why(app: Any) -> None:
    from exequatur.interfaces.web.service import MAX_UPLOAD

    client = client_as(app, "editor")
    token = _csrf_field(client)
    for data, status, why in (
        (b"\xff\xfe", 400, "not UTF-8"),
        (b"#" * (MAX_UPLOAD + 1), 413, "larger than"),
    ):
        response = client.post("/upload", data=token, files={"file": ("x.yaml", data)})
        assert response.status_code == status
        assert why in response.text
        assert 'type="file" name="file"' in response.text  # the form, to pick another file


def test_an_editor_importing_over_a_foreign_matter_is_not_told_it_exists(app: Any) -> None:
    admin = client_as(app, "admin")
    text = FORMULA.replace("csv-formula", "someone-elses").replace("=HYPERLINK(1)", "Secret Creditor")
    assert admin.post("/api/matters", json={"text": text}, headers=csrf_header(admin)).status_code == 201
    editor = client_as(app, "editor")
    response = editor.post("/api/matters", json={"text": text + "# mine\n"}, headers=csrf_header(editor))
    assert response.status_code == 403
    error = response.json()["error"]
    assert "granted" not in error
    assert "exists" not in error
    assert "Secret" not in error
    assert error == "the matter id 'someone-elses' cannot be imported by you: choose another id, or ask an admin"
    page = editor.post("/upload", data=_csrf_field(editor), files={"file": ("x.yaml", text.encode())})
    assert page.status_code == 403
    assert "cannot be imported by you" in page.text


def test_head_is_answered_as_get_without_a_body(app: Any) -> None:
    signed_out = client_as(app, None)
    assert signed_out.head("/signin").status_code == 200
    assert signed_out.head("/").status_code == 303
    head = client_as(app, "viewer").head("/")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["x-frame-options"] == "DENY"


def test_the_openapi_schema_is_public_and_holds_no_data(app: Any) -> None:
    response = client_as(app, None).get("/api/openapi.json")
    assert response.status_code == 200
    text = response.text.lower()
    assert "rusoro" not in text  # no matter of this server
    assert not [name for name in ("stranger", "leaver", "csv-formula", "someone-elses") if name in text]
