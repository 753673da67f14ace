"""The security review's findings, each as a test that failed before its fix: sign-out ends the session on the
server, CSV cells are no formulas, X-Forwarded-For does not reset the sign-in throttle, every POST checks CSRF,
an editor's import does not tell a foreign matter from a free id beyond what it must, and the pages' own bugs."""

from __future__ import annotations

from csv import reader
from typing import Any

from exequatur.interfaces import api
from tests.web.conftest import PASSWORD, client_as, csrf_header


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
