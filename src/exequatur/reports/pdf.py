"""The statement of amount due printed to PDF: the HTML of reports/document.py, laid out by WeasyPrint.

WeasyPrint is imported only here and only when a PDF is asked for: it needs Pango from the system, and the rest
of exequatur (the HTML statement included) works without it. The fetcher refuses every URL: the document is
self-contained, so nothing is ever read from the network or the disk while printing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from exequatur.engine.results import Statement
from exequatur.io.atomic import write_atomic
from exequatur.model.errors import ExequaturError
from exequatur.model.matter import Matter
from exequatur.reports.document import render


def statement_pdf(matter: Matter, statement: Statement, *, matter_file: Path, rate_files: Sequence[Path] = ()) -> bytes:
    """The statement of amount due as PDF bytes."""
    try:
        from weasyprint import HTML, URLFetcher
    except OSError as exc:  # WeasyPrint loads Pango when imported
        raise ExequaturError(
            f"a PDF needs Pango from the system ({exc}); on Debian or Ubuntu: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 fonts-dejavu-core. The same statement is available now as HTML (-o statement.html)"
        ) from None

    html = render(matter, statement, matter_file=matter_file, output="pdf", rate_files=rate_files)
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    assert isinstance(pdf, bytes)  # write_pdf() without a target returns the document's bytes
    return pdf


def write_statement_pdf(
    matter: Matter, statement: Statement, path: Path, *, matter_file: Path, rate_files: Sequence[Path] = ()
) -> Path:
    """Write the statement of amount due to `path` as PDF, atomically (never a half-written file)."""
    return write_atomic(path, statement_pdf(matter, statement, matter_file=matter_file, rate_files=rate_files))
