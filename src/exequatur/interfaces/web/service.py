"""The web app's one service layer: what the pages and the JSON API both call, with the access rules in one place.

Each function takes the signed-in Account and refuses, as NotFound, a matter it may not see (the same answer as
for a matter that does not exist, so a viewer learns nothing of the others). Matters come from the store (one
SQLAlchemy engine for the server's life); the engine, the reports and the checks are the Python API's and the CLI's
own (interfaces.api, reports/), so a statement in the browser is the statement `exequatur owe` prints.

The rate book is the shipped tables extended by the rate rows stored in the database (store/rates.py), never the
server's data directory: every user computes with the same rows, whichever machine serves them. Its revision (the
sum of the stored tables' revisions) is part of every cache key, so a figure computed before a rate update is
never served after it.

A stored matter is parsed once per revision, and a statement, schedule, checklist, history or its chart computed
once per revision and day, and a comparison once per revision and its arguments (small LRU caches); a download
(statement PDF, XLSX..., checklist PDF) is rendered once per revision, day and format (an LRU bounded in bytes).
A user's role and grants, a matter's revision and the rates' revision are read from the database at most once
every FRESH seconds: a change made through this server (an import, a grant, a rate update) clears them at once,
and one made elsewhere (`exequatur user revoke`, `db import`, `db rates update`) is seen within FRESH seconds.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from exequatur.interfaces import api
from exequatur.interfaces.api import MatterFileError, require_instrument
from exequatur.model.errors import ExequaturError, MatterError
from exequatur.store import models as m
from exequatur.store import users
from exequatur.store.database import open_engine, ready, transaction
from exequatur.store.users import Account

if TYPE_CHECKING:
    from exequatur.engine.deadlines import Schedule
    from exequatur.engine.history import History
    from exequatur.engine.results import Statement
    from exequatur.io.rateupdate import StoreReport
    from exequatur.model.matter import Matter
    from exequatur.model.rates import RateBook
    from exequatur.store.repository import Imported

#: Set only by the tests: seconds an import sleeps inside its transaction, after its rows are written and before
#: its revision and audit rows (the test kills the server then); the file named by MARKER_VARIABLE is created when
#: the sleep starts, so the test knows the transaction is open.
PAUSE_VARIABLE = "EXEQUATUR_TEST_IMPORT_PAUSE"
MARKER_VARIABLE = "EXEQUATUR_TEST_IMPORT_MARKER"
#: The largest matter file an upload may be (the loader's own limit is checked too).
MAX_UPLOAD = 5_000_000
#: The largest official rate CSV an upload may be (the largest shipped table, 13,000 daily rows, is ~300 kB).
MAX_RATES_UPLOAD = 5_000_000

#: What each report format downloads as.
MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


class NotFound(ExequaturError):
    """No such thing, or one the user may not see: the same answer for both."""


class Forbidden(ExequaturError):
    """The user's role does not allow it."""


#: Seconds a user's grants and a matter's revision are kept before they are read again.
FRESH = 1.0


class _Fresh:
    """Values read from the database, kept FRESH seconds; `clear()` forgets them all (after a change)."""

    def __init__(self) -> None:
        self._items: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, read: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
        if found is not None and now - found[0] < FRESH:
            return found[1]
        value = read()
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class _Lru:
    """Least recently used first out, bounded by the total weight of what it holds: a count (each value weighs
    1) or, for rendered files, their bytes; a value heavier than the whole bound is returned but not kept."""

    def __init__(self, bound: int, weigh: Callable[[Any], int] = lambda _: 1) -> None:
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._bound = bound
        self._weigh = weigh
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two threads may both compute it once, never block each other
        weight = self._weigh(value)
        with self._lock:
            if key not in self._items and weight <= self._bound:
                self._items[key] = value
                self._held += weight
                while self._held > self._bound:
                    _, dropped = self._items.popitem(last=False)
                    self._held -= self._weigh(dropped)
        return value

    @property
    def held(self) -> int:
        return self._held


def _files(budget: int) -> _Lru:
    """Rendered downloads (a statement PDF takes seconds to draw), LRU, bounded by their total size in bytes: a
    few large PDFs or many small CSVs, never more than `budget` bytes held; a file larger than it is not kept."""
    return _Lru(budget, len)


#: Bytes of rendered downloads kept (see _files).
FILES_BUDGET = 64_000_000


@dataclass(frozen=True, slots=True)
class Stored:
    matter: Matter
    text: str
    revision: int


@dataclass(frozen=True, slots=True)
class Overview:
    """A line of the matters list: what the matter lets collect today, and what is due next."""

    matter: str
    title: str | None
    revision: int
    updated_by: str
    collectible: tuple[tuple[str, Decimal | None], ...]  # (currency, sum); None where it cannot be stated
    next_deadline: dict[str, Any] | None
    error: str | None = None


class Service:
    def __init__(self, db: str | None = None) -> None:
        self.engine = open_engine(db)
        ready(self.engine)
        self._matters = _Lru(64)
        self._computed = _Lru(512)
        self.files = _files(FILES_BUDGET)
        self._fresh = _Fresh()
        self._book: tuple[int, RateBook] | None = None
        self._book_lock = threading.Lock()

    def changed(self) -> None:
        """Forget the grants and revisions read: called after every change this server makes."""
        self._fresh.clear()

    def rates_revision(self) -> int:
        """The revision of the database's rate rows, read at most once every FRESH seconds."""
        from exequatur.store import rates

        def read() -> int:
            with transaction(self.engine, write=False) as session:
                return rates.revision(session)

        found: int = self._fresh.get(("rates",), read)
        return found

    @property
    def rates(self) -> RateBook:
        """The shipped tables extended by the database's rate rows, built again when their revision moves."""
        from exequatur.store import rates

        revision = self.rates_revision()
        with self._book_lock:
            if self._book is None or self._book[0] < revision:
                with transaction(self.engine, write=False) as session:
                    self._book = (rates.revision(session), rates.rate_book(session))
            return self._book[1]

    def cached(self, key: Any, make: Callable[[], Any]) -> Any:
        """A value computed once per key and rates revision (a key holds the matter's revision): statements,
        rendered pages, serialized JSON."""
        return self._computed.get((key, self.rates_revision()), make)

    # -- users ---------------------------------------------------------------------------------------------------

    def account(self, name: str) -> Account | None:
        def read() -> Account | None:
            with transaction(self.engine, write=False) as session:
                return users.account(session, name)

        found: Account | None = self._fresh.get(("user", name), read)
        return found

    def authenticate(self, name: str, password: str) -> Account | None:
        with transaction(self.engine, write=False) as session:
            row = users.find(session, name)
            if row is None:
                users.dummy_verify(password)
                return None
            if not users.verify_password(row.password_hash, password):
                return None
            return users.account(session, name)

    def end_sessions(self, name: str) -> None:
        """Sign `name` out everywhere: every session cookie of the user, this one and any copy, stops working."""
        with transaction(self.engine) as session:
            users.end_sessions(session, name)
        self.changed()

    def add_user(self, by: Account, name: str, role: str, password: str) -> None:
        self._admin(by)
        hashed = users.hash_password(password)
        with transaction(self.engine) as session:
            users.add(session, name, role, hashed, by=by.name)
        self.changed()

    def users(self, by: Account) -> list[dict[str, Any]]:
        self._admin(by)
        with transaction(self.engine, write=False) as session:
            return [
                {"name": u.name, "role": u.role, "grants": [g.matter for g in u.grants], "created_by": u.created_by}
                for u in users.listed(session)
            ]

    def grant(self, by: Account, name: str, matter: str, *, give: bool = True) -> bool:
        self._admin(by)
        try:
            with transaction(self.engine) as session:
                target = users.find(session, name)
                if give and target is not None and target.role == "admin":
                    raise ExequaturError(f"{name} is an admin and sees every matter already: no grant is needed")
                if give:
                    return users.grant(session, name, matter, by=by.name)
                return users.revoke(session, name, matter, by=by.name)
        finally:
            self.changed()

    @staticmethod
    def _admin(by: Account) -> None:
        if not by.admin:
            raise Forbidden("only an admin may manage users and grants")

    # -- matters -------------------------------------------------------------------------------------------------

    def _revision(self, who: Account, matter: str) -> int:
        if not who.may_see(matter):
            raise NotFound(f"no matter {matter!r}")

        def read() -> int | None:
            with transaction(self.engine, write=False) as session:
                return session.scalars(select(m.MatterRow.revision).where(m.MatterRow.matter == matter)).one_or_none()

        found: int | None = self._fresh.get(("revision", matter), read)
        if found is None:
            raise NotFound(f"no matter {matter!r}")
        return found

    def stored(self, who: Account, matter: str) -> Stored:
        revision = self._revision(who, matter)
        return self._stored(matter, revision)

    def _stored(self, matter: str, revision: int) -> Stored:
        def load() -> Stored:
            from exequatur.interfaces.api import matter_from_text
            from exequatur.store.repository import export_text

            with transaction(self.engine, write=False) as session:
                text = export_text(session, matter)
            return Stored(matter=matter_from_text(text, f"db:{matter}", self.rates), text=text, revision=revision)

        stored: Stored = self._matters.get((matter, revision, self.rates_revision()), load)
        return stored

    def summaries(self, who: Account) -> list[Any]:
        from exequatur.store.repository import matters

        with transaction(self.engine, write=False) as session:
            return [s for s in matters(session) if who.may_see(s.matter)]

    def statement(self, who: Account, matter: str, as_of: date, instrument: str | None = None) -> Statement:
        stored = self.stored(who, matter)
        if instrument is not None:
            require_instrument(stored.matter, instrument, f"matter {matter}")

        def compute() -> Statement:
            return api.owe(stored.matter, as_of, instrument=instrument, rates=self.rates)

        result: Statement = self.cached(("owe", matter, stored.revision, as_of, instrument), compute)
        return result

    def schedule(self, who: Account, matter: str, as_of: date) -> Schedule:
        stored = self.stored(who, matter)

        def compute() -> Schedule:
            return api.deadlines(stored.matter, as_of)

        result: Schedule = self.cached(("deadlines", matter, stored.revision, as_of), compute)
        return result

    def history(self, who: Account, matter: str, as_of: date) -> History:
        """Each instrument's statement month by month to `as_of` (engine/history.py), once per revision and day."""
        stored = self.stored(who, matter)

        def compute() -> History:
            from exequatur.engine.history import history

            return history(stored.matter, as_of, self.rates)

        result: History = self.cached(("history", matter, stored.revision, as_of), compute)
        return result

    def history_png(self, who: Account, matter: str, as_of: date) -> bytes:
        """The history as a PNG (reports/charts.py, matplotlib's Agg canvas), once per revision and day."""
        revision = self.stored(who, matter).revision

        def draw() -> bytes:
            from exequatur.reports.charts import history_figure, png_bytes

            return png_bytes(history_figure(self.history(who, matter, as_of)))

        data: bytes = self.cached(("history-png", matter, revision, as_of), draw)
        return data

    def checklists(self, who: Account, matter: str, as_of: date) -> list[dict[str, Any]]:
        """The recognition checklist of each proceeding that has one; why not, for the others."""
        stored = self.stored(who, matter)

        def compute() -> list[dict[str, Any]]:
            from exequatur.reports.assessment import assessment_json

            out = []
            for p in stored.matter.proceedings:
                try:
                    out.append(assessment_json(api.assess(stored.matter, p.id, as_of)))
                except ExequaturError as exc:
                    out.append({"proceeding": p.id, "forum": p.forum, "not_assessed": str(exc)})
            return out

        result: list[dict[str, Any]] = self.cached(("assess", matter, stored.revision, as_of), compute)
        return result

    def assessment(self, who: Account, matter: str, proceeding: str, as_of: date) -> Any:
        stored = self.stored(who, matter)
        return api.assess(stored.matter, proceeding, as_of)

    def overview(self, who: Account, today: date) -> list[Overview]:
        from exequatur.engine.deadlines import Status
        from exequatur.engine.results import InstrumentStatement
        from exequatur.reports.deadlines import deadline_json

        out = []
        for s in self.summaries(who):
            try:
                statement = self.statement(who, s.matter, today)
                schedule = self.schedule(who, s.matter, today)
            except ExequaturError as exc:
                out.append(Overview(s.matter, s.title, s.revision, s.updated_by, (), None, error=str(exc)))
                continue
            collectible = tuple(
                (d.currency, d.collectible if d.computable else None) for d in statement.debts
            ) or tuple((i.currency, i.total) for i in statement.instruments if isinstance(i, InstrumentStatement))
            upcoming = [d for d in schedule.deadlines if d.status is Status.OPEN and d.due is not None]
            upcoming.sort(key=lambda d: d.due or today)
            nxt = deadline_json(upcoming[0]) if upcoming else None
            out.append(Overview(s.matter, s.title, s.revision, s.updated_by, collectible, nxt))
        return out

    # -- reports ---------------------------------------------------------------------------------------------------

    def report(self, who: Account, matter: str, as_of: date, fmt: str) -> tuple[bytes, str, str]:
        """The statement as a file of `fmt` (pdf, xlsx, html, csv, json), as `exequatur report` writes it: its
        bytes, media type and file name."""
        from exequatur.reports.formats import ReportFormat, write_report

        try:
            chosen = ReportFormat(fmt)
        except ValueError:
            raise NotFound(
                f"no report format {fmt!r} (there are: {', '.join(f.value for f in ReportFormat)})"
            ) from None
        stored = self.stored(who, matter)

        def render() -> bytes:
            statement = self.statement(who, matter, as_of)
            with self._matter_file(stored) as path:
                out = path.with_suffix(chosen.suffix)
                write_report(stored.matter, statement, chosen, out, matter_file=path)
                return out.read_bytes()

        data = self.files.get(("report", matter, stored.revision, self.rates_revision(), as_of, chosen.value), render)
        return data, MEDIA[chosen.value], f"{matter}-{as_of}{chosen.suffix}"

    @staticmethod
    @contextmanager
    def _matter_file(stored: Stored) -> Iterator[Path]:
        # The reports name the matter file and print its sha256: they get the exported file, as `db export` writes.
        with tempfile.TemporaryDirectory(prefix="exequatur-web-") as folder:
            path = Path(folder) / f"{stored.matter.id}.yaml"
            path.write_text(stored.text, encoding="utf-8")
            yield path

    def calendar(self, who: Account, matter: str, as_of: date) -> bytes:
        from exequatur.reports.deadlines import schedule_ics

        schedule = self.schedule(who, matter, as_of)
        if not any(d.due is not None for d in schedule.deadlines):
            # a calendar holds at least one event (RFC 5545 §3.6): the CLI's words, and a 404, not a ValueError
            raise NotFound(f"no dated deadline in that window: the matter has none as of {as_of}")
        return schedule_ics(schedule, schedule.deadlines)

    def assessment_pdf(self, who: Account, matter: str, proceeding: str, as_of: date) -> bytes:
        from exequatur.reports.assessment import assessment_pdf
        from exequatur.reports.provenance import file_sha256

        stored = self.stored(who, matter)

        def render() -> bytes:
            result = self.assessment(who, matter, proceeding, as_of)
            with self._matter_file(stored) as path:
                return assessment_pdf(result, (f"db:{matter}@{stored.revision}", file_sha256(path)))

        data: bytes = self.files.get(
            ("assessment-pdf", matter, stored.revision, self.rates_revision(), proceeding, as_of), render
        )
        return data

    def compare(
        self, who: Account, matter: str, instrument: str, forums: list[str], recognized_on: date, until: date
    ) -> Any:
        from exequatur.engine.compare import compare

        stored = self.stored(who, matter)
        require_instrument(stored.matter, instrument, f"matter {matter}")
        if not forums:
            raise ExequaturError("name at least one forum to compare")
        if until < recognized_on:
            raise ExequaturError(f"the end date {until} is before the date of recognition {recognized_on}")
        key = ("compare", matter, stored.revision, instrument, tuple(forums), recognized_on, until)
        return self.cached(key, lambda: compare(stored.matter, instrument, forums, recognized_on, until, self.rates))

    def waterfall(self, who: Account, claims_text: str, amount: Decimal, currency: str, on: date) -> Any:
        """Allocate a pool among the claims of a claims file; a claim's `matter:` names a stored matter the user may
        see by its id, with or without `.yaml` (`rusoro-v-venezuela` or `rusoro-v-venezuela.yaml`): the stored
        matter is written to a temporary folder under the very name the claim gives, for parse_claims to find."""
        from exequatur.engine.waterfall import waterfall
        from exequatur.interfaces.api import matter as load_matter
        from exequatur.io.claimsfile import parse_claims
        from exequatur.io.yamllines import LineDict, YamlProblem, load_yaml

        try:
            raw = load_yaml(claims_text)
        except YamlProblem:
            raw = None  # parse_claims reports it at its line
        named: dict[str, str] = {}  # as the claim names it -> the stored matter's id
        if isinstance(raw, LineDict) and isinstance(raw.get("claims"), list):
            for claim in raw["claims"]:
                given = claim.get("matter") if isinstance(claim, dict) else None
                if isinstance(given, str) and given and Path(given).name == given and given not in (".", ".."):
                    named[given] = given.removesuffix(".yaml").removesuffix(".yml")
        with tempfile.TemporaryDirectory(prefix="exequatur-claims-") as folder:
            for given, matter in sorted(named.items()):
                if given == "claims.yaml" or not who.may_see(matter):
                    continue
                try:
                    stored = self.stored(who, matter)
                except NotFound:
                    continue  # parse_claims says the file is not there
                (Path(folder) / given).write_text(stored.text, encoding="utf-8")
            claims, errors = parse_claims(claims_text, str(Path(folder) / "claims.yaml"))
            if claims is None:
                raise MatterFileError([_renamed(e, folder, raw) for e in errors])
            return waterfall(claims, amount, currency, on, self.rates, lambda path: load_matter(path, self.rates))

    # -- rate tables ---------------------------------------------------------------------------------------------------

    def rate_tables(self, who: Account, today: date) -> list[dict[str, Any]]:
        """Every table as this server computes with it (shipped + the database's rows): its last row, the last day
        it covers, whether that is before `today`, and how many rows the database added, by whom last. Anyone
        signed in may look: the tables are public data."""
        from exequatur.store import rates

        with transaction(self.engine, write=False) as session:
            stored = {t.table: t for t in rates.listed(session)}
            tables = rates.tables(session)
        out = []
        for table in tables:
            added = stored.get(table)
            line: dict[str, Any] = {
                "table": table,
                "db_rows": added.rows if added else 0,
                "db_revision": added.revision if added else 0,
                "updated_by": added.updated_by if added else None,
                "updated_at": added.updated_at.isoformat() if added else None,
            }
            try:
                series = tables[table]
            except ExequaturError as exc:
                out.append({**line, "error": str(exc), "stale": True})
                continue
            behind = (today - series.last).days
            out.append(
                {
                    **line,
                    "title": series.title,
                    "first": series.first.isoformat(),
                    "last_row": series.last_row.isoformat(),
                    "covered_until": series.last.isoformat(),
                    "stale": behind > 0,
                    "days_behind": max(behind, 0),
                    "error": None,
                }
            )
        return out

    def rate_rows(self, who: Account, table: str) -> list[dict[str, Any]]:
        """The rows the database added to `table`, oldest first, each with its source; NotFound for no such table."""
        from exequatur.store import rates

        try:
            with transaction(self.engine, write=False) as session:
                rows = rates.rows_of(session, table)
        except rates.UnknownTable as exc:
            raise NotFound(str(exc)) from None
        return [
            {
                "date": r.date.isoformat(),
                "value": str(r.value),
                "source": r.source,
                "added_by": r.added_by,
                "added_at": r.added_at.isoformat(),
            }
            for r in rows
        ]

    def update_rates(self, who: Account, table: str, text: str, file: str, today: date) -> StoreReport:
        """Merge an official CSV (its text; `file` names it) into the database's rows of `table`, in one
        transaction, audited: `rates update`'s rules, a contradiction refused with its dates and nothing written.
        Forbidden for a viewer; NotFound for a table not shipped."""
        from exequatur.io.rateupdate import parse_official
        from exequatur.store import rates

        if who.role not in ("admin", "editor"):
            raise Forbidden("a viewer may not change rate tables")
        try:
            rates.require_table(table)
        except rates.UnknownTable as exc:
            raise NotFound(str(exc)) from None
        if len(text.encode("utf-8")) > MAX_RATES_UPLOAD:
            raise ExequaturError(f"{file}: larger than {MAX_RATES_UPLOAD:,} bytes")
        new_rows = parse_official(text, file)
        with transaction(self.engine) as session:
            report = rates.update(
                session,
                table,
                new_rows,
                today=today,
                provenance=f"{file}, uploaded by {who.name} to the web app on {today}",
                user=who.name,
                where="the database",  # not its URL or file: a user of the web app need not know them
            )
        self.changed()
        return report

    # -- changes -----------------------------------------------------------------------------------------------------

    def check(self, text: str, file: str) -> list[MatterError]:
        from exequatur.interfaces.api import check_text

        return check_text(text, file, self.rates)

    def import_text(self, who: Account, text: str, file: str) -> Imported:
        """Check and store a matter file, in one transaction (an editor's new matter is granted to it in the same
        transaction). MatterFileError with the problems at their lines; Forbidden for a viewer, or an editor
        replacing a matter not granted to it."""
        from exequatur.interfaces.api import matter_from_text
        from exequatur.io.files import FileKind, kind_of
        from exequatur.io.schema import MatterFile
        from exequatur.io.yamllines import load_yaml
        from exequatur.store.repository import import_checked

        if who.role not in ("admin", "editor"):
            raise Forbidden("a viewer may not import matter files")
        if len(text.encode("utf-8")) > MAX_UPLOAD:
            raise ExequaturError(f"{file}: larger than {MAX_UPLOAD:,} bytes")
        if kind_of(text) is FileKind.CLAIMS:
            raise ExequaturError(f"{file}: a debtor's claims file, not a matter file (use the waterfall page)")
        matter_from_text(text, file, self.rates)
        raw = load_yaml(text)
        spec = MatterFile.model_validate(raw)
        pause = float(os.environ.get(PAUSE_VARIABLE, "0") or 0)

        def step(stage: str) -> None:
            if pause and stage == "revision":
                marker = os.environ.get(MARKER_VARIABLE)
                if marker:
                    Path(marker).write_text(spec.matter, encoding="utf-8")
                time.sleep(pause)

        with transaction(self.engine) as session:
            exists = session.scalars(select(m.MatterRow.pk).where(m.MatterRow.matter == spec.matter)).one_or_none()
            if exists is not None and not who.may_see(spec.matter):
                # Not "not granted to you": that says a matter exists, and what an admin called it. The refusal
                # itself still tells an editor the id is taken (a free id would be imported): see docs/web.md.
                raise Forbidden(
                    f"the matter id {spec.matter!r} cannot be imported by you: choose another id, or ask an admin"
                )
            done = import_checked(session, spec, raw, text, file=file, user=who.name, step=step)
            if exists is None and not done.created and not who.may_see(spec.matter):
                # another import created it meanwhile: this one would replace a matter not granted to the editor
                raise Forbidden(f"matter {spec.matter!r} was just created by someone else and is not granted to you")
            if done.created and not who.admin:
                users.grant(session, who.name, spec.matter, by=who.name)
        self.changed()
        return done

    def audit(self, who: Account, matter: str | None = None) -> list[m.AuditRow]:
        from exequatur.store.repository import audit

        if matter is not None:
            self._revision(who, matter)
        with transaction(self.engine, write=False) as session:
            rows = audit(session, matter)
        return [r for r in rows if who.admin or (r.matter and who.may_see(r.matter))]


#: A claim's `matter:` entry that names no stored matter the user may see: one answer for a matter that does not
#: exist and one not granted, and nothing of the server's folders or of the command line's options.
_CLAIMED = re.compile(r"claims\[(\d+)\]\.matter")


def _renamed(error: MatterError, folder: str, raw: Any = None) -> MatterError:
    """An error of the uploaded claims file as the user knows it: `claims.yaml:LINE`, not a temporary path."""
    from dataclasses import replace

    from exequatur.model.source import Source

    name = error.source.file.replace(folder + os.sep, "")
    message = error.message.replace(folder, ".")
    claimed = _CLAIMED.fullmatch(error.field or "")
    if claimed and name == "claims.yaml":
        entry = None
        claims = raw.get("claims") if isinstance(raw, dict) else None
        if (
            isinstance(claims, list)
            and int(claimed.group(1)) < len(claims)
            and isinstance(claims[int(claimed.group(1))], dict)
        ):
            entry = claims[int(claimed.group(1))].get("matter")
        shown = f" {entry!r}" if isinstance(entry, str) else ""
        message = (
            f"no stored matter{shown} that you may see: write the id of a matter of the matters page "
            "(matter: ITS-ID, with or without .yaml)"
        )
    return replace(error, source=Source(name, error.source.line), message=message)


__all__ = ["Forbidden", "MatterFileError", "NotFound", "Overview", "Service"]
