"""`exequatur report`: the statement of amount due in the format asked for, written atomically to one file.

The PDF and HTML share one template (reports/document.py), the XLSX recomputes itself from its cells
(reports/workbook.py), and CSV and JSON are the itemized statement of `owe --detail`. Below the command line, so
that the Python API and the web app write the same files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from exequatur.io.atomic import write_atomic

if TYPE_CHECKING:
    from exequatur.engine.results import Statement
    from exequatur.model.matter import Matter


class ReportFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"
    HTML = "html"
    CSV = "csv"
    JSON = "json"

    @property
    def suffix(self) -> str:
        return f".{self.value}"


def write_report(
    matter: Matter,
    statement: Statement,
    fmt: ReportFormat,
    path: Path,
    *,
    matter_file: Path,
    rate_files: Sequence[Path] = (),
) -> Path:
    """Write the statement as `fmt` to `path` (replacing it whole or not at all); return the path. `rate_files`
    are the --rates files it was computed with, which the PDF and HTML name beside the matter file."""
    if fmt is ReportFormat.PDF:
        from exequatur.reports.pdf import write_statement_pdf  # WeasyPrint loads only for a PDF

        return write_statement_pdf(matter, statement, path, matter_file=matter_file, rate_files=rate_files)
    if fmt is ReportFormat.XLSX:
        from exequatur.reports.workbook import write_statement_xlsx

        return write_statement_xlsx(matter, statement, path, matter_file=matter_file)
    if fmt is ReportFormat.HTML:
        from exequatur.reports.document import statement_html

        return write_atomic(path, statement_html(matter, statement, matter_file=matter_file, rate_files=rate_files))
    from exequatur.reports.export import write_statement_csv, write_statement_json

    buffer = io.StringIO()
    if fmt is ReportFormat.CSV:
        write_statement_csv(statement, buffer, detail=True)
    else:
        write_statement_json(statement, buffer, detail=True)
    return write_atomic(path, buffer.getvalue())
