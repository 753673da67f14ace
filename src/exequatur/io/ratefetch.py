"""`rates fetch`: download a table's official series from its publisher, check it, and keep it in the user's copy.

The standard library's urllib is enough (one GET a table, no retries). Offline, the first failure to reach a
publisher ends the command with one line; a publisher that answers with an error spoils only its own table. The
downloaded rows go through the same merge as `rates update`, so a row that contradicts the history is refused
and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from exequatur.io.publishers import Feed
from exequatur.io.ratetables import RateTables
from exequatur.io.rateupdate import StoreReport, store
from exequatur.model.errors import ExequaturError

TIMEOUT_SECONDS = 30.0
MAX_BYTES = 64 * 1024 * 1024  # the longest series (13,000 daily rows of ECB csvdata) is a few megabytes


class FetchError(ExequaturError):
    """A publisher answered, but not with the file (an HTTP error, a body too large or not text)."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class OfflineError(FetchError):
    """The publisher could not be reached at all (no network, DNS failure, timeout)."""


def download(url: str, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """The body of `url` as text; a one-line FetchError (or OfflineError) otherwise."""
    host = urlsplit(url).hostname or url
    request = Request(url, headers={"User-Agent": "exequatur (rates fetch)", "Accept": "*/*"})
    try:
        with urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(MAX_BYTES + 1)
    except HTTPError as exc:
        raise FetchError(f"{host} answered HTTP {exc.code} {exc.reason} for {url}", url=url) from None
    except (URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise OfflineError(f"cannot reach {host} ({reason}): are you online?", url=url) from None
    except OSError as exc:
        raise OfflineError(f"cannot reach {host} ({exc})", url=url) from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url} sent more than {MAX_BYTES} bytes: not a rate series", url=url)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"{url} did not send UTF-8 text", url=url) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    feed: Feed
    report: StoreReport


def fetch_table(feed: Feed, tables: RateTables, *, today: date, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """Download `feed`, parse the publisher's format, merge it into the table and store the user's copy."""
    try:
        text = download(feed.url, timeout=timeout)
    except OfflineError as exc:
        raise OfflineError(
            f"{exc} Without a network, download {feed.url} elsewhere and run "
            f"`exequatur rates update {feed.table} FILE`",
            url=feed.url,
        ) from None
    rows = feed.parse(text, feed.url)
    report = store(tables, feed.table, rows, today=today, provenance=feed.provenance(today))
    return Fetched(feed=feed, report=report)
