"""The second review's findings (a new user on a clean clone, a hand check of the figures), each as a test that
failed before its fix: no 500 for a calendar with nothing in it, stored ids in a claims file, the waterfall's
sources, downloads rendered once, errors in plain words, and the pages' missing or wrong words."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from exequatur.interfaces.web import service as web_service
from exequatur.interfaces.web.app import _amount
from tests.conftest import ROOT
from tests.web.conftest import MATTER, client_as, csrf_header

CLAIMS = (ROOT / "examples" / "venezuela-creditors.yaml").read_text(encoding="utf-8")


def _matter_page(client: Any, day: str) -> str:
    response = client.get(f"/matters/{MATTER}", params={"as_of": day})
    assert response.status_code == 200, response.text[:500]
    return str(response.text)


# -- 1. a calendar with no dated deadline ------------------------------------------------------------------------


def test_a_calendar_with_no_dated_deadline_is_a_404_in_the_cli_s_words_and_not_offered(app: Any) -> None:
    client = client_as(app, "viewer")
    path = f"/api/matters/{MATTER}/deadlines.ics"
    for method in ("GET", "HEAD"):
        response = client.request(method, path, params={"as_of": "2016-08-21"})  # the day before the award
        assert response.status_code == 404, (method, response.status_code)
    assert "no dated deadline in that window" in client.get(path, params={"as_of": "2016-08-21"}).json()["error"]
    assert "deadlines.ics" not in _matter_page(client, "2016-08-21")
    assert client.get(path, params={"as_of": "2023-08-14"}).status_code == 200
    assert "deadlines.ics" in _matter_page(client, "2023-08-14")


# -- 3. the waterfall --------------------------------------------------------------------------------------------


def _waterfall(client: Any, claims: str) -> Any:
    body = {"claims": claims, "pool": "5000000000", "currency": "USD", "date": "2024-01-19"}
    return client.post("/api/waterfall", json=body, headers=csrf_header(client))


def test_a_claim_names_a_stored_matter_by_its_id_as_the_advice_says(app: Any) -> None:
    client = client_as(app, "viewer")
    with_suffix = _waterfall(client, CLAIMS)
    assert with_suffix.status_code == 200, with_suffix.text
    by_id = _waterfall(client, CLAIMS.replace("matter: rusoro-v-venezuela.yaml", f"matter: {MATTER}"))
    assert by_id.status_code == 200, by_id.text
    assert by_id.json()["claims"] == with_suffix.json()["claims"]
    token = csrf_header(client)["X-CSRF-Token"]
    form = {"claims": CLAIMS.replace("rusoro-v-venezuela.yaml", MATTER), "pool": "1", "currency": "USD"}
    page = client.post("/waterfall", data={**form, "date": "2024-01-19", "csrf": token})
    assert page.status_code == 200, page.text[-800:]


def test_a_refused_claim_s_advice_names_no_matter_and_says_what_works(app: Any) -> None:
    client = client_as(app, "viewer")
    response = _waterfall(client, CLAIMS.replace("rusoro-v-venezuela.yaml", "nonesuch"))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert "rusoro" not in error["message"]  # no example of a matter the user may not have
    assert "with or without .yaml" in error["message"]  # both work (the test above)


def test_the_waterfall_page_shows_every_claim_s_source(app: Any) -> None:
    client = client_as(app, "admin")
    expected = _waterfall(client, CLAIMS).json()["claims"]
    assert all(c["source"] for c in expected), [c["id"] for c in expected if not c["source"]]
    token = csrf_header(client)["X-CSRF-Token"]
    form = {"claims": CLAIMS, "pool": "5000000000", "currency": "USD", "date": "2024-01-19", "csrf": token}
    body = client.post("/waterfall", data=form).text.split("<tbody>")[1].split("</tbody>")[0]
    for claim in expected:
        assert str(escape(claim["source"])) in body, claim["id"]


# -- 4. downloads rendered once ----------------------------------------------------------------------------------


def test_a_statement_download_is_rendered_once_per_revision_day_and_format(app: Any, monkeypatch: Any) -> None:
    from exequatur.reports import formats

    calls: list[str] = []
    real = formats.write_report

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[2]))
        return real(*args, **kwargs)

    monkeypatch.setattr(formats, "write_report", counting)
    client = client_as(app, "viewer")
    first = client.get(f"/api/matters/{MATTER}/report/csv", params={"as_of": "2020-02-02"})
    again = client.get(f"/api/matters/{MATTER}/report/csv", params={"as_of": "2020-02-02"})
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert len(calls) == 1
    client.get(f"/api/matters/{MATTER}/report/json", params={"as_of": "2020-02-02"})
    client.get(f"/api/matters/{MATTER}/report/csv", params={"as_of": "2020-02-03"})
    assert len(calls) == 3  # another format, another day: rendered


def test_the_download_cache_holds_no_more_than_its_budget() -> None:
    files = web_service._files(100)
    for n in range(10):
        assert files.get(n, lambda n=n: bytes(30 + n)) == bytes(30 + n)
    assert files.held <= 100
    assert files.get("big", lambda: bytes(500)) == bytes(500)  # too large to keep: given, not held
    assert files.held <= 100
    made: list[int] = []
    files.get(9, lambda: made.append(1) or b"")  # type: ignore[func-returns-value]
    assert not made  # the newest is still held


# -- 5. errors in plain words ------------------------------------------------------------------------------------


def test_a_date_is_yyyy_mm_dd_and_a_wrong_one_is_told_so_plainly(app: Any) -> None:
    client = client_as(app, "viewer")
    for given in ("0", "2016-08", "2016-08-21T10:00:00", "yesterday", "2016-02-30"):
        response = client.get(f"/api/matters/{MATTER}/statement", params={"as_of": given})
        assert response.status_code == 422, (given, response.status_code)
        error = response.json()["error"]
        assert "as_of" in error
        assert "YYYY-MM-DD" in error
        for raw in ("Input should", "Datetimes provided", "input is too short", "query."):
            assert raw not in error, (given, error)
    page = client.get(f"/matters/{MATTER}", params={"as_of": "0"})
    assert page.status_code == 422
    assert "YYYY-MM-DD" in page.text


def test_a_missing_or_too_long_field_is_named_in_plain_words(app: Any) -> None:
    admin = client_as(app, "admin")
    missing = admin.post("/api/users", json={"role": "viewer", "password": "12345678"}, headers=csrf_header(admin))
    assert missing.status_code == 422
    assert missing.json()["error"] == "the request is not valid: name: missing: it is required"
    body = {"claims": "x", "pool": "1" * 50, "currency": "USD", "date": "2024-01-19"}
    long = admin.post("/api/waterfall", json=body, headers=csrf_header(admin))
    assert long.json()["error"] == "the request is not valid: pool: too long: at most 40 characters"


def test_an_api_call_without_the_csrf_header_is_told_the_header_is_missing(app: Any) -> None:
    client = client_as(app, "viewer")
    missing = client.post("/api/check", json={"text": "matter: x\n"})
    assert missing.status_code == 403
    assert "X-CSRF-Token header is missing" in missing.json()["error"]
    assert "reload" not in missing.json()["error"]
    stale = client.post("/api/check", json={"text": "matter: x\n"}, headers={"X-CSRF-Token": "forged"})
    assert "not this session's token" in stale.json()["error"]


def test_get_signout_leads_to_the_page_with_the_sign_out_button(app: Any) -> None:
    client = client_as(app, "viewer")
    response = client.get("/signout")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert client_as(app, None).get("/signout").status_code == 303


def test_command_line_advice_is_said_for_a_browser_user() -> None:
    from exequatur.interfaces.web.views import for_the_web
    from exequatur.io.publishers import renew_hint

    for table in ("usd-sofr", "fr-taux-legal-particuliers", "no-such-table"):
        said = for_the_web(renew_hint(table))
        assert "ask an admin to run `exequatur rates" in said, said
        assert not re.search(r"(?<!to )run `", said), said
    said = for_the_web("no user 'x' (add one with `exequatur user add x --role viewer`)")
    assert said == "no user 'x' (an admin adds users on the Users page)"


def test_a_grant_to_an_unknown_user_on_the_users_page_says_so_in_the_app_s_words(app: Any) -> None:
    admin = client_as(app, "admin")
    token = csrf_header(admin)["X-CSRF-Token"]
    response = admin.post("/grants", data={"user": "nobody", "matter": MATTER, "csrf": token})
    assert response.status_code == 400
    assert "exequatur user add" not in response.text
    assert "Users page" in response.text


# -- 6. the pages ------------------------------------------------------------------------------------------------


def test_the_deadline_table_says_whose_deadline_it_is(app: Any) -> None:
    client = client_as(app, "viewer")
    deadlines = client.get(f"/api/matters/{MATTER}/deadlines", params={"as_of": "2023-08-14"}).json()["deadlines"]
    table = _matter_page(client, "2023-08-14").split('id="deadlines"')[1].split("</table>")[0]
    assert "<th>Whose</th>" in table
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == len(deadlines)
    for row, d in zip(rows, deadlines, strict=True):
        whose = "either party" if d["actor"] == "either" else f"the {d['actor']}"
        assert f"<td>{whose}</td>" in row


def test_the_chart_caption_says_on_which_days_the_points_are(app: Any) -> None:
    client = client_as(app, "viewer")
    page = _matter_page(client, "2023-08-14")
    caption = page.split("<figcaption>")[1].split("</figcaption>")[0]
    assert "first of each month" not in caption
    history = client.get(f"/api/matters/{MATTER}/history", params={"as_of": "2023-08-14"}).json()
    first = history["table"][0]["date"]
    assert f"from {first}" in caption
    assert f"on day {int(first[8:])} of the month" in caption
    steps = {row["date"][8:] for row in history["table"]} - {first[8:]}
    assert history["steps"]["start"] == first
    assert steps  # other days: the instruments', the payments' and the as-of day, which the caption names


def test_one_line_is_one_line(app: Any) -> None:
    admin = client_as(app, "admin")
    text = """\
matter: one-line
creditor: {name: C Ltd., country: US}
debtor: {name: D Ltd., country: GB}
instruments:
  - id: j
    kind: judgment
    forum: US-NY
    date: 2024-03-15
    currency: USD
    amounts: [{label: damages, amount: "1000.00"}]
"""
    assert admin.post("/api/matters", json={"text": text}, headers=csrf_header(admin)).status_code == 201
    page = admin.get("/matters/one-line", params={"as_of": "2024-03-20"}).text
    found = re.findall(r"\((\d+) lines?\)", page)
    assert found
    assert "(1 lines)" not in page
    for n in found:
        assert f"({n} line{'' if n == '1' else 's'})" in page


def test_the_compare_page_has_no_dead_select_and_shows_the_local_currency_figures(app: Any) -> None:
    client = client_as(app, "viewer")
    query = {
        "matter": MATTER,
        "instrument": "award",
        "forums": "US-NY,CA-ON,GB-EW",
        "recognized_on": "2017-01-01",
        "until": "2023-08-14",
    }
    page = client.get("/compare", params=query).text
    assert 'name="pick"' not in page
    assert "Matter and instrument" not in page
    api = client.get(f"/api/matters/{MATTER}/compare", params=query).json()
    local = [r["equivalent"] for r in api["forums"] if r.get("equivalent")]
    assert len(local) == 2  # CA-ON in CAD, GB-EW in GBP
    assert "Payable in local currency" in page
    for e in local:
        assert f"{float(e['to']['amount']):,.2f} {e['to']['currency']}" in page


def test_a_viewer_gets_no_upload_page_and_no_link_to_it(app: Any) -> None:
    viewer = client_as(app, "viewer")
    response = viewer.get("/upload")
    assert response.status_code == 403
    assert "editor or an admin" in response.text
    assert 'href="/upload"' not in viewer.get("/").text
    assert client_as(app, "editor").get("/upload").status_code == 200


def test_a_refused_new_user_shows_the_form_again_with_what_was_typed(app: Any) -> None:
    admin = client_as(app, "admin")
    token = csrf_header(admin)["X-CSRF-Token"]
    response = admin.post("/users", data={"name": "viewer", "role": "editor", "password": "long enough", "csrf": token})
    assert response.status_code == 400
    assert "exists already" in response.text
    assert 'name="name" required' in response.text
    assert 'value="viewer"' in response.text  # the name typed
    assert "<option selected>editor</option>" in response.text  # the role chosen
    assert "long enough" not in response.text  # never the password


def test_granting_a_matter_to_an_admin_says_an_admin_sees_every_matter(app: Any) -> None:
    admin = client_as(app, "admin")
    token = csrf_header(admin)
    response = admin.post("/api/grants", json={"user": "admin", "matter": MATTER}, headers=token)
    assert response.status_code == 400
    assert "sees every matter already" in response.json()["error"]
    page = admin.post("/grants", data={"user": "admin", "matter": MATTER, "csrf": token["X-CSRF-Token"]})
    assert page.status_code == 400
    assert "sees every matter already" in page.text


# -- 8. small ----------------------------------------------------------------------------------------------------


def test_the_web_benchmark_s_help_ends_its_sentences_and_takes_a_port() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "web.py"), "--help"], capture_output=True, text=True, check=True
    )
    assert "the run stops by itself." in done.stdout
    assert "--port PORT" in done.stdout
    assert "a free one" in done.stdout


def test_a_too_large_amount_is_named_by_its_first_digits(app: Any) -> None:
    client = client_as(app, "viewer")
    body = {"claims": CLAIMS, "pool": "9" * 39, "currency": "USD", "date": "2024-01-19"}
    error = client.post("/api/waterfall", json=body, headers=csrf_header(client)).json()["error"]
    assert "9" * 21 not in error
    assert f"'{'9' * 20}…' (39 characters)" in error


# -- 7. the statement's clarity, on the matter page -----------------------------------------------------------------


def test_the_matter_page_says_how_lines_are_rounded_and_what_was_capitalized(app: Any) -> None:
    from exequatur.reports.wording import LINES_ROUNDED

    client = client_as(app, "viewer")
    page = _matter_page(client, "2023-08-14")
    assert str(escape(LINES_ROUNDED)) in page
    statement = client.get(f"/api/matters/{MATTER}/statement", params={"as_of": "2023-08-14"}).json()
    compounded = [i for i in statement["instruments"] if i.get("capitalized") not in (None, "0.00")]
    assert compounded  # the D.D.C. judgment: 28 U.S.C. §1961(b), compounded annually
    for i in compounded:
        assert f"{i['id']}: of the interest, {_amount(i['capitalized'])} {i['currency']} was capitalized" in page
