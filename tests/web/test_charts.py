"""The web app's charts: the matter page's history chart, compare's and the waterfall's, each a real PNG (decoded
by Pillow where it is installed), drawn from the engine's figures, and the HTML charts offered as downloads (their
plotly script could not run under the pages' CSP)."""

from __future__ import annotations

import base64
import io
import re
import struct
import textwrap
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from exequatur.interfaces.api import owe
from tests.conftest import EXAMPLE
from tests.web.conftest import MATTER, client_as, csrf_of

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
COMPARED = {"instrument": "award", "forums": "US-NY,US-FED", "recognized_on": "2018-03-02", "until": "2023-08-14"}


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG: decoded by Pillow if it is installed, else read from its IHDR chunk."""
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    header: tuple[int, int] = struct.unpack(">II", data[16:24])
    try:
        from PIL import Image
    except ImportError:
        return header
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # decodes every row: a truncated file fails here
        assert image.size == header
        return image.size


def test_the_matter_page_shows_its_chart_as_an_image_with_a_table(app: Any) -> None:
    client = client_as(app, "viewer")
    page = client.get(f"/matters/{MATTER}", params={"as_of": "2023-08-14"})
    assert page.status_code == 200
    found = re.search(r'<img class="chart" src="([^"]+)"[^>]*alt="([^"]+)"', page.text)
    assert found, "no chart on the matter page"
    src = found.group(1).replace("&amp;", "&")
    assert src == f"/api/matters/{MATTER}/chart.png?as_of=2023-08-14"
    assert "ddc-judgment" in found.group(2)
    assert "<script" not in page.text  # the strict CSP needs no script for it
    chart = client.get(src)
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/png"
    width, height = png_size(chart.content)
    assert (width, height) == (1200, 156 + 432)  # 10 x 4.9 inches at 120 dpi: one panel, every instrument in USD
    # The table under the chart states the D.D.C. judgment's total on the day as the statement does.
    (ddc,) = [i for i in owe(EXAMPLE, date(2023, 8, 14)).instruments if i.id == "ddc-judgment"]
    assert f"{ddc.total:,}" in page.text  # type: ignore[union-attr]


def test_the_history_api_ends_at_the_statement_on_the_day(app: Any) -> None:
    client = client_as(app, "viewer")
    data = client.get(f"/api/matters/{MATTER}/history", params={"as_of": "2023-08-14"}).json()
    statement = client.get(f"/api/matters/{MATTER}/statement", params={"as_of": "2023-08-14"}).json()
    totals = {i["id"]: i["total"] for i in statement["instruments"]}
    assert {line["instrument"]: line["points"][-1]["total"] for line in data["lines"]} == totals
    assert data["table"][-1] == {"date": "2023-08-14", "totals": [totals[line["instrument"]] for line in data["lines"]]}
    # Rusoro's press release of 17 Aug 2023: the D.D.C. judgment as US$1.48 billion with interest to 14 Aug 2023.
    assert abs(Decimal(totals["ddc-judgment"]) - Decimal("1.48e9")) <= Decimal("0.005e9")


def test_the_chart_is_404_without_a_grant_and_401_signed_out(app: Any) -> None:
    path = f"/api/matters/{MATTER}/chart.png"
    assert client_as(app, "stranger").get(path).status_code == 404
    assert client_as(app, None).get(path).status_code == 401


def test_compare_shows_its_png_and_offers_the_html(app: Any) -> None:
    client = client_as(app, "viewer")
    page = client.get("/compare", params={"matter": MATTER, **COMPARED})
    assert page.status_code == 200
    sources = [s.replace("&amp;", "&") for s in re.findall(r'<img class="chart" src="([^"]+)"', page.text)]
    assert len(sources) == 1
    assert sources[0].startswith(f"/api/matters/{MATTER}/compare.png?")
    chart = client.get(sources[0])
    assert chart.headers["content-type"] == "image/png"
    assert png_size(chart.content)[0] == 1200
    html = client.get(f"/api/matters/{MATTER}/compare.html", params=COMPARED)
    assert html.status_code == 200
    assert html.headers["content-disposition"] == f'attachment; filename="{MATTER}-award-compare.html"'
    assert "plotly" in html.text.lower()
    assert f'href="/api/matters/{MATTER}/compare.html?' in page.text


@pytest.mark.parametrize("fmt", ["png", "html"])
def test_the_waterfall_shows_its_chart_and_offers_downloads(app: Any, fmt: str) -> None:
    client = client_as(app, "viewer")
    claims = f"""\
        debtor: {{name: Bolivarian Republic of Venezuela, country: VE, sovereign: true}}
        claims:
          - {{id: rusoro, creditor: Rusoro Mining Ltd., rank: 1, matter: {MATTER}.yaml, instrument: ddc-judgment}}
        """
    form = {"claims": textwrap.dedent(claims), "pool": "1000000", "currency": "USD", "date": "2024-01-19"}
    token = csrf_of(client.get("/waterfall").text)
    page = client.post("/waterfall", data={**form, "csrf": token})
    assert page.status_code == 200, page.text[:300]
    found = re.search(r'<img class="chart" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page.text)
    assert found, "no waterfall chart on the page"
    assert png_size(base64.b64decode(found.group(1)))[0] == 1320  # 11 inches at 120 dpi
    assert f'action="/waterfall/chart.{fmt}"' in page.text
    download = client.post(f"/waterfall/chart.{fmt}", data={**form, "csrf": token})
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="waterfall-2024-01-19.{fmt}"'
    if fmt == "png":
        png_size(download.content)
    else:
        assert "plotly" in download.text.lower()
    # Without the session's CSRF token, refused.
    assert client.post(f"/waterfall/chart.{fmt}", data=form).status_code == 403
