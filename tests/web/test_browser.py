"""The web app in a real browser: Debian's chromium, headless, driven by Playwright, against `exequatur serve` in a
subprocess on a fresh SQLite file. A new user signs in, uploads the Rusoro example, opens it, picks 14 Aug 2023
and downloads the statement PDF, whose text pypdf reads back.

`playwright install` (a browser download) is never used: the test launches the system's chromium (.ci/run installs
Debian's `chromium`), and is skipped, saying so, only where there is none. With EXEQUATUR_SCREENSHOTS=DIR set,
it also saves the screenshots of the main pages that docs/web.md shows.
"""

from __future__ import annotations

import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from exequatur.interfaces import api
from tests.conftest import EXAMPLE
from tests.web.conftest import PASSWORD, serve

CHROMIUM = os.environ.get("EXEQUATUR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> object:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does) for the browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_sign_in_upload_pick_a_date_and_download_the_pdf(browser: object, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'browser.db'}"
    api.db_user_add("maria", "editor", PASSWORD, db=db, by="test")
    shots = os.environ.get("EXEQUATUR_SCREENSHOTS")
    with serve(db) as server:
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(f"{server.url}/")
        assert page.url.startswith(f"{server.url}/signin")  # signed out: sent to the sign-in page
        page.fill("input[name=name]", "maria")
        page.fill("input[name=password]", PASSWORD)
        if shots:
            page.screenshot(path=f"{shots}/web-signin.png")
        page.click("button:has-text('Sign in')")
        page.wait_for_url(f"{server.url}/")
        assert "No matter yet" in page.content()

        page.click("nav >> text=Upload")
        page.set_input_files("input[type=file]", str(EXAMPLE))
        page.click("button:has-text('Check and import')")
        status = page.locator("p.ok")
        assert "new matter, revision 1" in status.inner_text()

        status.locator("a").click()
        page.wait_for_url(re.compile(r".*/matters/rusoro-v-venezuela$"))
        page.fill("input[name=as_of]", "2023-08-14")
        page.click("#as-of button")
        page.wait_for_url(re.compile(r".*as_of=2023-08-14"))
        assert "Balances on 2023-08-14" in page.content()
        if shots:
            page.screenshot(path=f"{shots}/web-matter.png")

        with page.expect_download() as download:
            page.click("#downloads a:has-text('PDF')")
        pdf = tmp_path / "statement.pdf"
        download.value.save_as(pdf)
        text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "as of 14 August 2023" in text
        # Rusoro's press release of 17 Aug 2023: the D.D.C. judgment "as US$1.48 billion", interest to 14 Aug 2023.
        found = re.search(r"ddc-judgment.*?USD ([\d,]+\.\d\d)", text, re.DOTALL)
        assert found, "no D.D.C. judgment total in the PDF"
        assert abs(Decimal(found.group(1).replace(",", "")) - Decimal("1.48e9")) <= Decimal("0.005e9")
        # The award's first year of interest, by hand (tests/examples/test_rusoro.py): 966,500,000 x 4.83494% x 366/365.
        assert "46,857,721.66" in text

        if shots:
            page.goto(f"{server.url}/")
            page.screenshot(path=f"{shots}/web-matters.png")
            page.goto(f"{server.url}/audit")
            page.screenshot(path=f"{shots}/web-audit.png")
            page.goto(
                f"{server.url}/compare?matter=rusoro-v-venezuela&instrument=award&forums=US-NY,US-FED,CA-ON,GB-EW"
                "&recognized_on=2017-01-01&until=2023-08-14"
            )
            page.screenshot(path=f"{shots}/web-compare.png")
            page.goto(f"{server.url}/upload")
            bad = tmp_path / "bad.yaml"
            bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("forum: US-NY", "forum: US-NYX", 1))
            page.set_input_files("input[type=file]", str(bad))
            page.click("button:has-text('Check and import')")
            page.screenshot(path=f"{shots}/web-upload-errors.png")
        context.close()
