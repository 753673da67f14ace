"""Who may see and do what, route by route, on SQLite and on PostgreSQL: every route refuses a signed-out user
(a page redirects to the sign-in page, the API answers 401) and answers 404 for a matter not granted to the user,
in pages, API and downloads alike; roles bound what each user may change; every POST needs the session's CSRF
token; sign-in is throttled; user text is escaped; every change is in the audit log with who made it."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from fastapi.routing import APIRoute

from exequatur.interfaces.web.app import create_app
from tests.web.conftest import MATTER, PASSWORD, client_as, csrf_header, sign_in

#: Where each route's path parameters point: the Rusoro matter, one of its proceedings, a report format, a table.
PATH_VALUES = {"matter": MATTER, "fmt": "csv", "proceeding": "ny-recognition", "table": "us-1y-cmt-weekly"}
#: Query parameters a route needs, so that it is the access check that answers and not the validation.
COMPARED = {"instrument": "award", "forums": "US-NY", "recognized_on": "2018-01-01", "until": "2019-01-01"}
QUERIES: dict[str, dict[str, str]] = {
    "/api/matters/{matter}/compare": COMPARED,
    "/api/matters/{matter}/compare.png": COMPARED,
    "/api/matters/{matter}/compare.html": COMPARED,
}
#: The routes anyone may reach: the way in and out, the stylesheet, the schema.
OPEN = {"/signin", "/signout", "/api/openapi.json"}


def routes(app: Any) -> list[tuple[str, str]]:
    out = []
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path not in OPEN:
            out.extend((method, route.path) for method in sorted(route.methods))
    return out


def url(path: str) -> str:
    return path.format(**PATH_VALUES)


def test_the_matrix_covers_the_routes(app: Any) -> None:
    paths = {p for _, p in routes(app)}
    assert {"/", "/matters/{matter}", "/upload", "/audit", "/compare", "/waterfall", "/users"} <= paths
    assert {"/api/matters", "/api/matters/{matter}/statement", "/api/matters/{matter}/report/{fmt}"} <= paths
    # The charts: the matter's history (PNG and its figures), compare's PNG and HTML, the waterfall's downloads.
    assert {
        "/api/matters/{matter}/chart.png",
        "/api/matters/{matter}/history",
        "/api/matters/{matter}/compare.png",
        "/api/matters/{matter}/compare.html",
        "/waterfall/chart.{fmt}",
    } <= paths
    # The rate tables: the page (and its upload), the list, a table's stored rows, an upload by the API.
    assert {"/rates", "/api/rates", "/api/rates/{table}"} <= paths
    assert ("POST", "/rates") in routes(app)
    assert ("POST", "/api/rates/{table}") in routes(app)


def test_every_route_refuses_a_signed_out_user(app: Any) -> None:
    client = client_as(app, None)
    for method, path in routes(app):
        response = client.request(method, url(path), params=QUERIES.get(path))
        if path.startswith("/api"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json() == {"error": "sign in first"}
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/signin?next=")


def test_every_route_of_a_matter_is_404_without_a_grant(app: Any) -> None:
    client = client_as(app, "stranger")
    matter_routes = [(m, p) for m, p in routes(app) if "{matter}" in p]
    assert len(matter_routes) >= 14
    for method, path in matter_routes:
        response = client.request(method, url(path), params=QUERIES.get(path))
        assert response.status_code == 404, (method, path, response.status_code, response.text[:200])
        assert "Rusoro" not in response.text
    for path, params in [
        ("/compare", {"matter": MATTER, "instrument": "award"}),
        ("/audit", {"matter": MATTER}),
        ("/api/audit", {"matter": MATTER}),
    ]:
        assert client.get(path, params=params).status_code == 404, path


def test_a_user_without_a_grant_sees_no_trace_of_the_matter(app: Any) -> None:
    client = client_as(app, "stranger")
    assert client.get("/api/matters").json() == []
    assert client.get("/api/audit").json() == []
    for page in ("/", "/audit", "/compare"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert MATTER not in response.text, page
    claims = f"""\
        debtor: {{name: Bolivarian Republic of Venezuela, country: VE, sovereign: true}}
        claims:
          - {{id: rusoro, creditor: Rusoro Mining Ltd., rank: 1, matter: {MATTER}.yaml, instrument: ddc-judgment}}
        """
    body = {"claims": textwrap.dedent(claims), "pool": "1000000", "currency": "USD", "date": "2024-01-19"}
    response = client.post("/api/waterfall", json=body, headers=csrf_header(client))
    assert response.status_code == 422
    assert "no stored matter" in response.json()["errors"][0]["message"]  # the same as for a missing one


def test_a_granted_viewer_sees_the_matter_everywhere(app: Any) -> None:
    client = client_as(app, "viewer")
    assert [m["matter"] for m in client.get("/api/matters").json()] == [MATTER]
    for path in (
        "/",
        "/matters/{matter}?as_of=2023-08-14",
        "/api/matters/{matter}",
        "/api/matters/{matter}/statement?as_of=2023-08-14",
        "/api/matters/{matter}/deadlines",
        "/api/matters/{matter}/timeline",
        "/api/matters/{matter}/checklists",
        "/api/matters/{matter}/file",
        "/api/matters/{matter}/report/csv?as_of=2023-08-14",
        "/api/matters/{matter}/deadlines.ics",
        "/api/matters/{matter}/history?as_of=2023-08-14",
        "/api/matters/{matter}/chart.png?as_of=2023-08-14",
    ):
        response = client.get(url(path))
        assert response.status_code == 200, (path, response.text[:300])


@pytest.mark.parametrize(
    ("name", "method", "path", "status"),
    [
        ("viewer", "POST", "/api/matters", 403),
        ("viewer", "GET", "/users", 403),
        ("viewer", "GET", "/api/users", 403),
        ("viewer", "POST", "/api/users", 403),
        ("viewer", "POST", "/api/grants", 403),
        ("viewer", "POST", "/api/rates/us-1y-cmt-weekly", 403),
        ("viewer", "GET", "/api/rates", 200),
        ("viewer", "GET", "/api/rates/us-1y-cmt-weekly", 200),
        ("editor", "POST", "/api/rates/no-such-table", 404),
        ("editor", "GET", "/api/users", 403),
        ("editor", "POST", "/api/grants", 403),
        ("admin", "GET", "/api/users", 200),
    ],
)
def test_roles(app: Any, name: str, method: str, path: str, status: int) -> None:
    client = client_as(app, name)
    bodies = {
        "/api/matters": {"text": "matter: x\n", "file": "x.yaml"},
        "/api/users": {"name": "newcomer", "role": "viewer", "password": PASSWORD},
        "/api/grants": {"user": "stranger", "matter": MATTER},
        "/api/rates/us-1y-cmt-weekly": {"text": "observation_date,WGS1YR\n2026-08-21,3.95\n", "file": "x.csv"},
        "/api/rates/no-such-table": {"text": "observation_date,WGS1YR\n2026-08-21,3.95\n", "file": "x.csv"},
    }
    response = client.request(method, path, json=bodies.get(path), headers=csrf_header(client))
    assert response.status_code == status, response.text[:300]


SMALL = """\
matter: {matter}
title: "{title}"
creditor: {{name: C Inc., country: US}}
debtor: {{name: D Ltd., country: GB}}
instruments:
  - id: j
    kind: judgment
    forum: US-NY
    date: 2024-03-15
    currency: USD
    amounts: [{{label: damages, amount: "250000.00", source: "Judgment, p. 2"}}]
"""


def test_an_editor_imports_sees_its_matter_and_the_log_says_who(app: Any) -> None:
    editor = client_as(app, "editor")
    text = SMALL.format(matter="editor-small", title="<script>alert('x')</script> & Co")
    response = editor.post("/api/matters", json={"text": text, "file": "small.yaml"}, headers=csrf_header(editor))
    assert response.status_code == 201, response.text
    assert response.json()["created"] is True
    page = editor.get("/matters/editor-small")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in page.text
    rows = client_as(app, "admin").get("/api/audit", params={"matter": "editor-small"}).json()
    assert {r["user"] for r in rows} == {"editor"}
    assert {"create", "grant"} <= {r["action"] for r in rows}
    # 250,000.00 at New York's 9% (CPLR 5004) for the 366 days of 2024-03-15 .. 2025-03-16: 250000 x 0.09 x 366/365.
    statement = editor.get("/api/matters/editor-small/statement", params={"as_of": "2025-03-16"}).json()
    assert statement["instruments"][0]["interest"] == "22561.64"
    assert client_as(app, "stranger").get("/matters/editor-small").status_code == 404


def test_an_editor_may_not_replace_a_matter_not_granted(app: Any) -> None:
    admin = client_as(app, "admin")
    text = SMALL.format(matter="admins-own", title="Admin's")
    assert admin.post("/api/matters", json={"text": text}, headers=csrf_header(admin)).status_code == 201
    editor = client_as(app, "editor")
    response = editor.post("/api/matters", json={"text": text + "# changed\n"}, headers=csrf_header(editor))
    assert response.status_code == 403
    assert (
        response.json()["error"]
        == "the matter id 'admins-own' cannot be imported by you: choose another id, or ask an admin"
    )


def test_an_admin_grant_is_audited_and_takes_effect(app: Any) -> None:
    admin = client_as(app, "admin")
    text = SMALL.format(matter="to-grant", title="Granted later")
    assert admin.post("/api/matters", json={"text": text}, headers=csrf_header(admin)).status_code == 201
    stranger = client_as(app, "stranger")
    assert stranger.get("/api/matters/to-grant").status_code == 404
    body = {"user": "stranger", "matter": "to-grant"}
    assert admin.post("/api/grants", json=body, headers=csrf_header(admin)).json()["changed"] is True
    assert stranger.get("/api/matters/to-grant").status_code == 200
    rows = admin.get("/api/audit", params={"matter": "to-grant"}).json()
    assert [(r["action"], r["user"], r["entity"]) for r in rows if r["action"] == "grant"] == [
        ("grant", "admin", "grants/stranger")
    ]
    body["revoke"] = True  # type: ignore[assignment]
    assert admin.post("/api/grants", json=body, headers=csrf_header(admin)).json()["changed"] is True
    assert stranger.get("/api/matters/to-grant").status_code == 404


def test_every_post_needs_the_csrf_token(app: Any) -> None:
    client = client_as(app, "admin")
    assert client.post("/api/matters", json={"text": "x"}).status_code == 403
    assert client.post("/api/matters", json={"text": "x"}, headers={"X-CSRF-Token": "forged"}).status_code == 403
    upload = client.post("/upload", files={"file": ("x.yaml", b"matter: x\n")})
    assert upload.status_code == 403
    assert "security token" in upload.text
    signin = client_as(app, None).post("/signin", data={"name": "admin", "password": PASSWORD})
    assert signin.status_code == 403
    users = client.post("/users", data={"name": "x", "role": "viewer", "password": PASSWORD, "csrf": "forged"})
    assert users.status_code == 403
    rates = client.post("/rates", data={"table": "us-1y-cmt-weekly"}, files={"file": ("x.csv", b"2026-08-21,3.95\n")})
    assert rates.status_code == 403
    assert "security token" in rates.text
    body = {"text": "2026-08-21,3.95\n"}
    assert client.post("/api/rates/us-1y-cmt-weekly", json=body).status_code == 403
    assert client.get("/api/rates/us-1y-cmt-weekly").json() == []  # nothing written


def test_upload_shows_the_problems_at_their_lines(app: Any) -> None:
    client = client_as(app, "editor")
    token = csrf_header(client)["X-CSRF-Token"]
    bad = SMALL.format(matter="bad", title="Bad").replace("forum: US-NY", "forum: US-NYX")
    response = client.post("/upload", data={"csrf": token}, files={"file": ("bad.yaml", bad.encode())})
    assert response.status_code == 422
    line = bad.splitlines().index("    forum: US-NYX") + 1
    assert f"bad.yaml:{line}</code>" in response.text
    assert "US-NYX" in response.text
    assert client.get("/api/matters/bad").status_code == 404  # nothing imported
    binary = client.post("/upload", data={"csrf": token}, files={"file": ("x.yaml", b"\xff\xfe")})
    assert binary.status_code == 400
    assert "not UTF-8" in binary.text


def test_the_session_cookie_is_httponly_lax_and_secure_off_loopback(seeded_url: str) -> None:
    for secure in (False, True):
        client = client_as(create_app(seeded_url, secure_cookies=secure), None)
        response = sign_in(client, "viewer")
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert ("secure" in cookie.replace("samesite", "")) is secure


def test_sign_in_is_throttled_after_five_failures(seeded_url: str) -> None:
    app = create_app(seeded_url)
    client = client_as(app, None)
    for _ in range(5):
        assert sign_in(client, "viewer", "wrong password").status_code == 401
    throttled = sign_in(client, "viewer")  # the right password, but too late
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert "too many" in throttled.text


def test_errors_are_messages_not_tracebacks(app: Any) -> None:
    client = client_as(app, "viewer")
    cases = [
        ("/matters/{matter}?as_of=1800-01-01", 400, "choose a date"),
        ("/matters/{matter}?as_of=yesterday", 422, "as_of"),
        ("/api/matters/{matter}/statement?instrument=nope", 400, "no instrument"),
        ("/api/matters/{matter}/report/docx", 404, "no report format"),
        ("/no/such/page", 404, "no such page"),
    ]
    for path, status, text in cases:
        response = client.get(url(path))
        assert response.status_code == status, (path, response.text[:300])
        assert text in response.text
        assert "Traceback" not in response.text
