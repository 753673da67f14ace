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
from tests.conftest import EXAMPLE, ROOT
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


def test_the_instrument_tree_is_indented_under_the_csp(browser: object, tmp_path: Path) -> None:
    """A judgment is drawn to the right of the award it recognizes (by class: the CSP blocks a style="" attribute),
    and no page breaks the CSP. With EXEQUATUR_SCREENSHOTS=DIR, the rates, waterfall and users pages are saved too."""
    from tests.web.conftest import seed

    db = f"sqlite:///{tmp_path / 'tree.db'}"
    seed(db)
    shots = os.environ.get("EXEQUATUR_SCREENSHOTS")
    with serve(db) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{server.url}/signin")
        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.wait_for_url(f"{server.url}/")
        page.goto(f"{server.url}/matters/rusoro-v-venezuela?as_of=2023-08-14")
        margins = page.eval_on_selector_all(
            "#instruments ul.tree > li",
            "items => items.map(li => [li.className, parseFloat(getComputedStyle(li).marginLeft)])",
        )
        by_depth = dict(margins)
        assert {"depth-0", "depth-1", "depth-2"} <= set(by_depth), margins  # award, a judgment on it, one on that
        assert by_depth["depth-0"] < by_depth["depth-1"] < by_depth["depth-2"], margins
        page.goto(f"{server.url}/rates?table=us-1y-cmt-weekly")
        assert page.locator("text=us-1y-cmt-weekly").count() > 0  # every table listed, this one chosen
        assert page.locator("form[action='/rates'] input[type=file]").count() == 1  # an admin may upload
        if shots:
            page.goto(f"{server.url}/rates")
            page.screenshot(path=f"{shots}/web-rates.png")
        assert not blocked, blocked
        if shots:
            page.goto(f"{server.url}/waterfall")
            page.fill("textarea[name=claims]", (ROOT / "examples" / "venezuela-creditors.yaml").read_text("utf-8"))
            page.fill("input[name=pool]", "5,892,000,000")
            page.fill("input[name=date]", "2024-01-19")
            page.click("button:has-text('Allocate')")
            page.wait_for_selector("table.list")
            page.screenshot(path=f"{shots}/web-waterfall.png", full_page=True)
            page.goto(f"{server.url}/users")
            page.screenshot(path=f"{shots}/web-users.png")
        context.close()
