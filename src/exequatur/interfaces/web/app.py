"""The web app: server-rendered pages (Jinja2, autoescaped) and a JSON API under /api, both over one service layer
(service.py). `create_app(db)` builds it; `exequatur serve` runs it with uvicorn.

Access: every route but the sign-in page, the stylesheet and the OpenAPI schema needs a signed-in user; signed
out, a page redirects to the sign-in page and the API answers 401. A matter not granted to the user is 404, in
pages, API and downloads alike. Every POST checks the session's CSRF token (a form's hidden field, or the
X-CSRF-Token header). Errors a user can cause are an error page or a JSON error, never a traceback.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from exequatur.interfaces.api import MatterFileError
from exequatur.interfaces.web import views
from exequatur.interfaces.web.security import CSRF_FIELD, CSRF_HEADER, SignInLimiter, csrf_ok, csrf_token
from exequatur.interfaces.web.service import Forbidden, NotFound, Service
from exequatur.model.errors import ExequaturError, MatterError
from exequatur.model.numbers import FIRST_DATE, LAST_DATE
from exequatur.store.users import ROLES, Account

HERE = Path(__file__).parent
#: The dates a route accepts: those the engine computes (model/numbers.py), one limit for every route.
FIRST_DAY, LAST_DAY = FIRST_DATE, LAST_DATE
SESSION_HOURS = 12
REPORT_FORMATS = ("pdf", "xlsx", "html", "csv", "json")
PLAIN_HTTP = (
    "this server is reached over plain http, but its session cookie is Secure (it listens beyond loopback), so "
    "the browser does not keep it and signing in cannot work: use its https address (a TLS-terminating proxy; "
    "if you are on https already, start the server with --forwarded-allow-ips naming that proxy)"
)


class SignInRequired(Exception):
    pass


class CsrfFailed(Exception):
    def __init__(self, missing: bool) -> None:
        self.missing = missing


class TooManyAttempts(Exception):
    def __init__(self, wait: int) -> None:
        self.wait = wait


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the server's calendar day; only the interface reads the clock


def _checked_day(day: date | None, what: str = "as_of") -> date:
    chosen = day or _today()
    if not FIRST_DAY <= chosen <= LAST_DAY:
        raise ExequaturError(f"{what} {chosen}: choose a date from {FIRST_DAY} to {LAST_DAY}")
    return chosen


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD is a date here: pydantic would also read 0 as 1970-01-01, and 2016-08-21T10:00 as a day."""
    if isinstance(value, date) or value is None:
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise PydanticCustomError("iso_day", "not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("iso_day", "not a date") from None


#: A date parameter: YYYY-MM-DD, nothing else (see `_plain` for what a user is told otherwise).
Day = Annotated[date, BeforeValidator(_iso_day)]


def _plain(problem: dict[str, Any]) -> dict[str, str]:
    """One of pydantic's validation errors as plain words naming the field (`as_of`, `name`), not its type names."""
    loc = [str(p) for p in problem.get("loc", ()) if p not in ("query", "body", "path", "form", "header")]
    field = ".".join(loc) or "the request"
    kind = str(problem.get("type", ""))
    ctx = problem.get("ctx") or {}
    given = problem.get("input")
    if kind == "missing":
        message = "missing: it is required"
    elif kind == "iso_day" or kind.startswith(("date_", "datetime_")):
        shown = f"{str(given)[:40]!r} is" if isinstance(given, str | int | float) else "it is"
        message = f"{shown} not a date: write it as YYYY-MM-DD, e.g. 2023-08-14"
    elif kind == "string_too_long":
        message = f"too long: at most {ctx.get('max_length')} characters"
    elif kind == "string_too_short":
        message = f"too short: at least {ctx.get('min_length')} characters"
    elif kind == "string_type":
        message = "not text"
    elif kind in ("model_attributes_type", "dict_type", "json_invalid", "model_type"):
        message = "not a JSON object of the expected fields"
    else:
        message = str(problem.get("msg", "not valid"))
    return {"where": field, "message": message}


def _amount(value: Any) -> str:
    """1234567.8 -> 1,234,567.80 as the number was given (its decimals kept); text that is no number, as it is."""
    if value is None:
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number:,}" if number.is_finite() else str(value)


def _counted(n: int, word: str) -> str:
    """3, "line" -> "3 lines"; 1, "line" -> "1 line"."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False)
    env.filters["amount"] = _amount
    env.filters["counted"] = _counted
    env.filters["web"] = views.for_the_web  # an engine's message with its command-line advice said for the browser
    # JSON as the reader wrote it (¶, é, not \u00b6), escaped by the autoescape like any text (tojson would
    # give \u escapes, made for a <script>, which the pages have none of).
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True)
    return env


# -- request models of the API -----------------------------------------------------------------------------------


class MatterText(BaseModel):
    text: str = Field(description="The matter file's text (YAML).", max_length=5_000_000)
    file: str = Field("upload.yaml", description="The name its errors give.", max_length=200)


class NewUser(BaseModel):
    name: str = Field(max_length=100)
    role: str = Field(description="admin, editor or viewer", max_length=20)
    password: str = Field(min_length=8, max_length=1000)


class GrantRequest(BaseModel):
    user: str = Field(max_length=100)
    matter: str = Field(max_length=200)
    revoke: bool = False


class RatesText(BaseModel):
    text: str = Field(description="An official CSV (date,value rows), e.g. a FRED download.", max_length=5_000_000)
    file: str = Field("upload.csv", description="Its name, which cites the new rows and names errors.", max_length=200)


class WaterfallRequest(BaseModel):
    claims: str = Field(description="A debtor's claims file; a claim's `matter:` names a stored matter.")
    pool: str = Field(description="The proceeds, e.g. 5892000000", max_length=40)
    currency: str = Field(max_length=3, min_length=3)
    date: Day


#: Sent with every response: no framing, no sniffing, scripts and styles from this site only.
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
        b"form-action 'self'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware): the security headers on every response,
    and no caching of anything but the stylesheet."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(HEADERS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


class HeadAsGet:
    """HEAD answered as GET without the body (RFC 9110 §9.3.2): the routes are GET only, and a monitor's HEAD /
    would otherwise get 405. The status and headers are the GET's: a redirect to sign in, or 200."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, sending)


def signed_in(request: Request) -> Account:
    """The signed-in user; SignInRequired (a redirect, or 401 under /api) if there is none."""
    service: Service = request.app.state.service
    name = request.session.get("user")
    who = service.account(name) if isinstance(name, str) else None
    if who is None or request.session.get("epoch") != who.epoch:
        request.session.pop("user", None)
        raise SignInRequired
    return who


async def check_csrf(request: Request) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not csrf_ok(request.session, sent):
        raise CsrfFailed(missing=sent is None)


async def posted(request: Request) -> Account:
    """A signed-in user's POST, with the session's CSRF token (checked after the user, so that signed out is 401)."""
    who = signed_in(request)
    await check_csrf(request)
    return who


User = Annotated[Account, Depends(signed_in)]
Poster = Annotated[Account, Depends(posted)]
AsOf = Annotated[Day | None, Query(description="The day of the balances, YYYY-MM-DD (default: today).")]


def create_app(db: str | None = None, *, secure_cookies: bool = False, secret: str | None = None) -> FastAPI:
    """The app on the database `db` (default: the SQLite file in the data directory). `secure_cookies` marks the
    session cookie Secure (for a server not on loopback, behind HTTPS); `secret` signs it (default: random, so
    sign-ins end when the server restarts)."""
    service = Service(db)
    limiter = SignInLimiter()
    env = _templates()
    app = FastAPI(
        title="exequatur",
        summary="Enforcement of awards and money judgments: matters, statements, deadlines, checklists.",
        version=_version(),
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema itself is served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = service
    app.state.limiter = limiter
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or secrets.token_urlsafe(48),
        session_cookie="exequatur_session",
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure_cookies,
    )

    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, template: str, who: Account | None, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(
            user=who, csrf=csrf_token(request.session), path=request.url.path, today=_today(), **context
        )
        return HTMLResponse(html, status_code=status)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api")

    # -- errors ------------------------------------------------------------------------------------------------------

    def error(request: Request, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> Response:
        message = views.for_the_web(message)
        if errors is not None:
            errors = [{**e, "message": views.for_the_web(str(e.get("message", "")))} for e in errors]
        if wants_json(request):
            body: dict[str, Any] = {"error": message}
            if errors is not None:
                body["errors"] = errors
            return JSONResponse(body, status_code=status)
        name = request.session.get("user")
        who = service.account(name) if isinstance(name, str) else None
        if who is not None and request.session.get("epoch") != who.epoch:
            who = None  # a session ended by signing out shows no one as signed in
        return page(request, "error.html.j2", who, status, status_code=status, message=message, errors=errors)

    @app.exception_handler(SignInRequired)
    async def _signin(request: Request, _exc: SignInRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"error": "sign in first"}, status_code=401, headers={"WWW-Authenticate": "Cookie"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        if plain_http(request):
            return error(request, 403, PLAIN_HTTP)
        if wants_json(request):
            if exc.missing:
                why = "the X-CSRF-Token header is missing: send in it the csrf value that GET /api/me gives"
            else:
                why = "the X-CSRF-Token header is not this session's token: read it again from GET /api/me"
            return error(request, 403, why)
        return error(request, 403, "the form's security token is missing or stale: reload the page and try again")

    @app.exception_handler(TooManyAttempts)
    async def _throttled(request: Request, exc: TooManyAttempts) -> Response:
        response = error(request, 429, f"too many failed sign-ins: wait {exc.wait} seconds")
        response.headers["Retry-After"] = str(exc.wait)
        return response

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error(request, 403, str(exc))

    @app.exception_handler(MatterFileError)
    async def _matter_file(request: Request, exc: MatterFileError) -> Response:
        return error(request, 422, "the file has problems", [e.to_json() for e in exc.errors])

    @app.exception_handler(ExequaturError)
    async def _refused(request: Request, exc: ExequaturError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_plain(e) for e in exc.errors()]
        text = "; ".join(f"{p['where']}: {p['message']}" for p in problems)
        return error(request, 422, f"the request is not valid: {text}", problems if wants_json(request) else None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        return error(request, 500, f"exequatur failed (a bug, please report it): {type(exc).__name__}")

    # -- signing in ----------------------------------------------------------------------------------------------------

    def plain_http(request: Request) -> bool:
        """A Secure cookie asked for over plain http: the browser drops it, and no sign-in can work."""
        return secure_cookies and request.url.scheme != "https"

    @app.get("/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin_page(request: Request, next: str = "/") -> HTMLResponse:
        return page(
            request, "signin.html.j2", None, next=_safe_next(next), failed=False, plain_http=plain_http(request)
        )

    @app.post("/signin", include_in_schema=False)
    async def signin(
        request: Request,
        name: Annotated[str, Form(max_length=200)],
        password: Annotated[str, Form(max_length=1000)],
        next: Annotated[str, Form(max_length=2000)] = "/",
    ) -> Response:
        await check_csrf(request)
        address = request.client.host if request.client else "?"
        wait = limiter.wait(name, address)
        if wait:
            raise TooManyAttempts(wait)
        who = service.authenticate(name, password)
        if who is None:
            limiter.failed(name, address)
            return page(
                request,
                "signin.html.j2",
                None,
                401,
                next=_safe_next(next),
                failed=True,
                name=name,
                plain_http=plain_http(request),
            )
        request.session.clear()  # a new session on sign-in: no fixation
        request.session["user"] = who.name
        request.session["epoch"] = who.epoch
        csrf_token(request.session)
        return RedirectResponse(_safe_next(next), status_code=303)

    @app.post("/signout", include_in_schema=False)
    async def signout(request: Request) -> Response:
        await check_csrf(request)
        name = request.session.get("user")
        if isinstance(name, str):
            service.end_sessions(name)  # server-side: a copy of this cookie signs no one in any more
        request.session.clear()
        return RedirectResponse("/signin", status_code=303)

    @app.get("/signout", include_in_schema=False)
    def signout_get() -> Response:
        """A typed or bookmarked /signout: the matters page, whose header has the sign-out button (signing out
        is a POST with the CSRF token, so that no link on another site can sign a user out)."""
        return RedirectResponse("/", status_code=303)

    # -- pages -------------------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def matters_page(request: Request, who: User) -> HTMLResponse:
        return page(request, "matters.html.j2", who, rows=service.overview(who, _today()))

    @app.get("/matters/{matter}", response_class=HTMLResponse, include_in_schema=False)
    def matter_page(request: Request, who: User, matter: str, as_of: AsOf = None) -> HTMLResponse:
        day = _checked_day(as_of)
        stored = service.stored(who, matter)

        def body() -> Markup:
            from exequatur.reports.deadlines import schedule_json
            from exequatur.reports.export import statement_json
            from exequatur.reports.wording import LINES_ROUNDED

            statement = service.statement(who, matter, day)
            schedule = service.schedule(who, matter, day)
            html = env.get_template("matter_body.html.j2").render(
                as_of=day,
                info=views.matter_json(stored.matter, stored.revision),
                statement=statement_json(statement, detail=True),
                schedule=schedule_json(schedule, schedule.deadlines),
                timeline=views.timeline(stored.matter, schedule),
                checklists=service.checklists(who, matter, day),
                history=views.history_json(service.history(who, matter, day)),
                formats=REPORT_FORMATS,
                lines_rounded=LINES_ROUNDED,
            )
            return Markup(html)  # rendered (and escaped) by its own autoescaped template

        content = service.cached(("page", matter, stored.revision, day), body)
        return page(request, "matter.html.j2", who, title=stored.matter.title or matter, body=content)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page(request: Request, who: User) -> HTMLResponse:
        if who.role not in ("admin", "editor"):
            raise Forbidden("only an editor or an admin may upload matter files: ask one to upload it")
        return page(request, "upload.html.j2", who)

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload(request: Request, who: Poster, file: Annotated[UploadFile, File()]) -> HTMLResponse:
        from exequatur.interfaces.web.service import MAX_UPLOAD

        name = Path(file.filename or "upload.yaml").name
        if who.role not in ("admin", "editor"):
            raise Forbidden("a viewer may not import matter files")

        def refused(message: str, status: int = 400) -> HTMLResponse:
            # The form again, with why: the user picks another file there.
            return page(request, "upload.html.j2", who, status, file=name, refused=message)

        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return refused(f"{name}: larger than {MAX_UPLOAD:,} bytes", 413)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return refused(f"{name}: not UTF-8 text (a matter file is YAML, saved as UTF-8)")
        problems = service.check(text, name)
        if problems:
            lines = text.splitlines()
            shown = [
                {
                    "line": e.source.line,
                    "message": e.message,
                    "field": e.field,
                    "excerpt": lines[e.source.line - 1] if 0 < e.source.line <= len(lines) else None,
                }
                for e in problems
            ]
            return page(request, "upload.html.j2", who, 422, file=name, problems=shown)
        try:
            done = service.import_text(who, text, name)
        except MatterFileError:
            raise
        except Forbidden as exc:
            return refused(str(exc), 403)
        except NotFound as exc:
            return refused(str(exc), 404)
        except ExequaturError as exc:
            return refused(str(exc))
        return page(request, "upload.html.j2", who, file=name, done=done)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(
        request: Request,
        who: User,
        matter: str | None = None,
        instrument: str | None = None,
        forums: str = "US-NY,US-FED,CA-ON,GB-EW",
        recognized_on: Day | None = None,
        until: Day | None = None,
    ) -> HTMLResponse:
        from exequatur.reports.export import comparison_json

        result = None
        if matter and instrument:
            result = comparison_json(_compare(who, matter, instrument, forums, recognized_on, until))
        choices = [
            (s.matter, [i.id for i in service.stored(who, s.matter).matter.instruments]) for s in service.summaries(who)
        ]
        return page(
            request,
            "compare.html.j2",
            who,
            choices=choices,
            chosen={
                "matter": matter or "",
                "instrument": instrument or "",
                "forums": forums,
                "recognized_on": recognized_on or _today(),
                "until": until or _today(),
            },
            result=result,
        )

    def _compare(
        who: Account, matter: str, instrument: str, forums: str, recognized_on: date | None, until: date | None
    ) -> Any:
        codes = [c.strip().upper() for c in forums.split(",") if c.strip()]
        return service.compare(
            who, matter, instrument, codes, _checked_day(recognized_on, "recognized_on"), _checked_day(until, "until")
        )

    @app.get("/waterfall", response_class=HTMLResponse, include_in_schema=False)
    def waterfall_page(request: Request, who: User) -> HTMLResponse:
        return page(request, "waterfall.html.j2", who, form={"pool": "", "currency": "USD", "date": _today()})

    @app.post("/waterfall", response_class=HTMLResponse, include_in_schema=False)
    async def waterfall_post(
        request: Request,
        who: Poster,
        claims: Annotated[str, Form(max_length=5_000_000)],
        pool: Annotated[str, Form(max_length=40)],
        currency: Annotated[str, Form(max_length=3)],
        on: Annotated[Day, Form(alias="date")],
    ) -> HTMLResponse:
        from exequatur.reports.charts import png_bytes, waterfall_figure
        from exequatur.reports.export import waterfall_json

        form = {"pool": pool, "currency": currency, "date": on, "claims": claims}
        try:
            computed = _waterfall(who, claims, pool, currency, on)
        except MatterFileError as exc:
            return page(request, "waterfall.html.j2", who, 422, form=form, problems=[e.to_json() for e in exc.errors])
        # The chart comes with the answer to the POST, as a data: address (the CSP's img-src allows it): an <img>
        # can only GET, and the claims were posted.
        chart = base64.b64encode(png_bytes(waterfall_figure(computed))).decode("ascii")
        return page(request, "waterfall.html.j2", who, form=form, result=waterfall_json(computed), chart=chart)

    @app.post("/waterfall/chart.{fmt}", include_in_schema=False)
    async def waterfall_chart(
        who: Poster,
        fmt: str,
        claims: Annotated[str, Form(max_length=5_000_000)],
        pool: Annotated[str, Form(max_length=40)],
        currency: Annotated[str, Form(max_length=3)],
        on: Annotated[Day, Form(alias="date")],
    ) -> Response:
        """The waterfall's chart as a download: png (matplotlib) or html (plotly; its scripts run in the file the
        user opens, not under this site's CSP)."""
        return _chart_download(fmt, _waterfall(who, claims, pool, currency, on), f"waterfall-{on}")

    def _waterfall(who: Account, claims: str, pool: str, currency: str, on: date) -> Any:
        from exequatur.model.numbers import parse_amount

        try:
            amount = parse_amount(pool)
        except (ValueError, ExequaturError, InvalidOperation) as exc:
            raise ExequaturError(f"the pool: {exc} (a sum of money, e.g. 5892000000 or 5,892,000,000)") from None
        return service.waterfall(who, claims, amount, currency.upper(), _checked_day(on, "date"))

    @app.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request, who: User, matter: str | None = None) -> HTMLResponse:
        return page(request, "audit.html.j2", who, rows=service.audit(who, matter or None), matter=matter)

    @app.get("/rates", response_class=HTMLResponse, include_in_schema=False)
    def rates_page(request: Request, who: User, table: str | None = None) -> HTMLResponse:
        return rates_form(request, who, table)

    def rates_form(
        request: Request, who: Account, table: str | None, status: int = 200, **context: Any
    ) -> HTMLResponse:
        tables = service.rate_tables(who, _today())
        chosen = table if table in {t["table"] for t in tables} else None
        rows = service.rate_rows(who, chosen) if chosen else []
        return page(request, "rates.html.j2", who, status, tables=tables, chosen=chosen, rows=rows, **context)

    @app.post("/rates", response_class=HTMLResponse, include_in_schema=False)
    async def rates_upload(
        request: Request,
        who: Poster,
        table: Annotated[str, Form(max_length=200)],
        file: Annotated[UploadFile, File()],
    ) -> HTMLResponse:
        from exequatur.interfaces.web.service import MAX_RATES_UPLOAD

        if who.role not in ("admin", "editor"):
            raise Forbidden("a viewer may not change rate tables")
        name = Path(file.filename or "upload.csv").name
        data = await file.read(MAX_RATES_UPLOAD + 1)
        if len(data) > MAX_RATES_UPLOAD:
            return rates_form(
                request, who, table, 413, file=name, refused=f"{name}: larger than {MAX_RATES_UPLOAD:,} bytes"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return rates_form(request, who, table, 400, file=name, refused=f"{name}: not UTF-8 text (a CSV download)")
        try:
            report = service.update_rates(who, table, text, name, _today())
        except NotFound as exc:
            return rates_form(request, who, None, 404, file=name, refused=str(exc))
        except ExequaturError as exc:  # a contradiction, with its dates; a file that is no CSV of rates
            return rates_form(request, who, table, 422, file=name, refused=str(exc))
        return rates_form(request, who, table, file=name, report=report.lines())

    def users_form(
        request: Request, who: Account, status: int = 200, *, typed: dict[str, str] | None = None, **context: Any
    ) -> HTMLResponse:
        """The Users page; after a refused change, with why and what was typed (never the password)."""
        return page(
            request,
            "users.html.j2",
            who,
            status,
            accounts=service.users(who),
            matters=[s.matter for s in service.summaries(who)],
            roles=ROLES,
            typed=typed or {},
            **context,
        )

    @app.get("/users", response_class=HTMLResponse, include_in_schema=False)
    def users_page(request: Request, who: User) -> HTMLResponse:
        return users_form(request, who)

    @app.post("/users", include_in_schema=False)
    async def users_add(
        request: Request,
        who: Poster,
        name: Annotated[str, Form(max_length=100)],
        role: Annotated[str, Form(max_length=20)],
        password: Annotated[str, Form(max_length=1000)],
    ) -> Response:
        try:
            service.add_user(who, name, role, password)
        except Forbidden:
            raise
        except ExequaturError as exc:
            typed = {"name": name, "role": role}
            return users_form(request, who, 400, typed=typed, add_error=views.for_the_web(str(exc)))
        return RedirectResponse("/users", status_code=303)

    @app.post("/grants", include_in_schema=False)
    async def grants_change(
        request: Request,
        who: Poster,
        user: Annotated[str, Form(max_length=100)],
        matter: Annotated[str, Form(max_length=200)],
        revoke: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        try:
            service.grant(who, user, matter, give=not revoke)
        except Forbidden:
            raise
        except ExequaturError as exc:
            typed = {"user": user, "matter": matter}
            return users_form(request, who, 400, typed=typed, grant_error=views.for_the_web(str(exc)))
        return RedirectResponse("/users", status_code=303)

    # -- the JSON API ----------------------------------------------------------------------------------------------

    @app.get("/api/me", tags=["users"])
    def api_me(request: Request, who: User) -> dict[str, Any]:
        """The signed-in user, its grants and the session's CSRF token (send it as X-CSRF-Token on a POST)."""
        return {"name": who.name, "role": who.role, "grants": sorted(who.grants), "csrf": csrf_token(request.session)}

    @app.get("/api/matters", tags=["matters"])
    def api_matters(who: User, as_of: AsOf = None) -> list[dict[str, Any]]:
        """The matters the user may see, each with what it lets collect on the day and its next open deadline."""
        day = _checked_day(as_of)
        return [
            {
                "matter": o.matter,
                "title": o.title,
                "revision": o.revision,
                "updated_by": o.updated_by,
                "collectible": [{"currency": c, "amount": None if a is None else str(a)} for c, a in o.collectible],
                "next_deadline": o.next_deadline,
                "error": o.error,
            }
            for o in service.overview(who, day)
        ]

    @app.post("/api/matters", tags=["matters"], status_code=201)
    def api_import(who: Poster, body: MatterText) -> dict[str, Any]:
        """Check and import a matter file (a new matter, or a new revision of one); 422 with its problems."""
        done = service.import_text(who, body.text, Path(body.file).name or "upload.yaml")
        return {"matter": done.matter, "revision": done.revision, "created": done.created, "changes": done.changes}

    @app.post("/api/check", tags=["matters"])
    def api_check(who: Poster, body: MatterText) -> dict[str, Any]:
        """The problems of a matter file, each at its line (as `exequatur check --json`); empty if none."""
        return {"errors": [e.to_json() for e in service.check(body.text, Path(body.file).name or "upload.yaml")]}

    @app.get("/api/matters/{matter}", tags=["matters"])
    def api_matter(who: User, matter: str) -> dict[str, Any]:
        """A matter: its parties, instruments as a tree, payments, proceedings, assets and actions."""
        stored = service.stored(who, matter)
        return views.matter_json(stored.matter, stored.revision)

    @app.get(
        "/api/matters/{matter}/statement",
        tags=["reports"],
        response_class=Response,
        responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
    )
    def api_statement(
        who: User, matter: str, as_of: AsOf = None, detail: bool = False, instrument: str | None = None
    ) -> Response:
        """The statement of what is owed on the day (as `exequatur owe --format json [--detail]`)."""
        day = _checked_day(as_of)
        revision = service.stored(who, matter).revision

        def serialized() -> bytes:
            from exequatur.reports.export import statement_json

            data = statement_json(service.statement(who, matter, day, instrument), detail=detail)
            return json.dumps(data, ensure_ascii=False).encode("utf-8")

        body = service.cached(("statement-json", matter, revision, day, detail, instrument), serialized)
        return Response(body, media_type="application/json")

    @app.get("/api/matters/{matter}/report/{fmt}", tags=["reports"], response_class=Response)
    def api_report(who: User, matter: str, fmt: str, as_of: AsOf = None) -> Response:
        """The statement of amount due as a file (as `exequatur report`): pdf, xlsx, html, csv or json."""
        data, media, filename = service.report(who, matter, _checked_day(as_of), fmt)
        return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @app.get("/api/matters/{matter}/deadlines", tags=["reports"])
    def api_deadlines(who: User, matter: str, as_of: AsOf = None) -> dict[str, Any]:
        """Every deadline, open, met, missed, needing a fact or a task (as `exequatur deadlines --format json`)."""
        from exequatur.reports.deadlines import schedule_json

        schedule = service.schedule(who, matter, _checked_day(as_of))
        return schedule_json(schedule, schedule.deadlines)

    @app.get("/api/matters/{matter}/deadlines.ics", tags=["reports"], response_class=Response)
    def api_calendar(who: User, matter: str, as_of: AsOf = None) -> Response:
        """The dated deadlines as an iCalendar file (as `exequatur deadlines --ics`)."""
        data = service.calendar(who, matter, _checked_day(as_of))
        headers = {"Content-Disposition": f'attachment; filename="{matter}-deadlines.ics"'}
        return Response(data, media_type="text/calendar", headers=headers)

    @app.get("/api/matters/{matter}/timeline", tags=["reports"])
    def api_timeline(who: User, matter: str, as_of: AsOf = None) -> list[dict[str, Any]]:
        """Everything dated in the matter, with the deadlines' due days, oldest first."""
        stored = service.stored(who, matter)
        return views.timeline(stored.matter, service.schedule(who, matter, _checked_day(as_of)))

    @app.get("/api/matters/{matter}/history", tags=["reports"])
    def api_history(who: User, matter: str, as_of: AsOf = None) -> dict[str, Any]:
        """Each instrument's statement month by month from its date to the day (the engine's own figures on each
        day), with the payments: what the matter page's chart shows."""
        return views.history_json(service.history(who, matter, _checked_day(as_of)))

    @app.get(
        "/api/matters/{matter}/chart.png",
        tags=["reports"],
        response_class=Response,
        responses={200: {"content": {"image/png": {}}}},
    )
    def api_history_png(who: User, matter: str, as_of: AsOf = None) -> Response:
        """The history as a PNG chart: each instrument's total owed over time, payments marked."""
        return Response(service.history_png(who, matter, _checked_day(as_of)), media_type="image/png")

    @app.get("/api/matters/{matter}/checklists", tags=["reports"])
    def api_checklists(who: User, matter: str, as_of: AsOf = None) -> list[dict[str, Any]]:
        """The recognition checklist of each proceeding (as `exequatur assess --format json`), or why there is none."""
        return service.checklists(who, matter, _checked_day(as_of))

    @app.get("/api/matters/{matter}/assessment/{proceeding}.pdf", tags=["reports"], response_class=Response)
    def api_assessment_pdf(who: User, matter: str, proceeding: str, as_of: AsOf = None) -> Response:
        """One proceeding's recognition checklist as PDF (as `exequatur assess --format pdf`)."""
        data = service.assessment_pdf(who, matter, proceeding, _checked_day(as_of))
        headers = {"Content-Disposition": f'attachment; filename="{matter}-{proceeding}-assessment.pdf"'}
        return Response(data, media_type="application/pdf", headers=headers)

    @app.get("/api/matters/{matter}/file", tags=["matters"], response_class=Response)
    def api_file(who: User, matter: str) -> Response:
        """The matter file, written from the database (as `exequatur db export`)."""
        stored = service.stored(who, matter)
        headers = {"Content-Disposition": f'attachment; filename="{matter}.yaml"'}
        return Response(stored.text, media_type="application/yaml", headers=headers)

    @app.get("/api/matters/{matter}/compare", tags=["reports"])
    def api_compare(
        who: User,
        matter: str,
        instrument: str,
        forums: Annotated[str, Query(description="Comma-separated forum codes, e.g. US-NY,US-FED")],
        recognized_on: Day,
        until: Day,
    ) -> dict[str, Any]:
        """What the instrument would be worth in each forum if recognized there on a day (as `exequatur compare`)."""
        from exequatur.reports.export import comparison_json

        return comparison_json(_compare(who, matter, instrument, forums, recognized_on, until))

    @app.get("/api/matters/{matter}/compare.png", tags=["reports"], response_class=Response)
    def api_compare_png(
        who: User,
        matter: str,
        instrument: str,
        forums: Annotated[str, Query(description="Comma-separated forum codes, e.g. US-NY,US-FED")],
        recognized_on: Day,
        until: Day,
    ) -> Response:
        """The comparison's chart as PNG (as `exequatur compare --chart FILE.png`)."""
        result = _compare(who, matter, instrument, forums, recognized_on, until)
        return _chart(result, "png", f"{matter}-{instrument}-compare", download=False)

    @app.get("/api/matters/{matter}/compare.html", tags=["reports"], response_class=Response)
    def api_compare_html(
        who: User,
        matter: str,
        instrument: str,
        forums: Annotated[str, Query(description="Comma-separated forum codes, e.g. US-NY,US-FED")],
        recognized_on: Day,
        until: Day,
    ) -> Response:
        """The comparison's interactive chart, a self-contained HTML file with plotly's script (a download: this
        site's CSP lets no script run in its pages)."""
        result = _compare(who, matter, instrument, forums, recognized_on, until)
        return _chart(result, "html", f"{matter}-{instrument}-compare", download=True)

    @app.post("/api/waterfall", tags=["reports"])
    def api_waterfall(who: Poster, body: WaterfallRequest) -> dict[str, Any]:
        """Allocate a pool among a debtor's creditors by priority (as `exequatur waterfall --format json`)."""
        from exequatur.reports.export import waterfall_json

        return waterfall_json(_waterfall(who, body.claims, body.pool, body.currency, body.date))

    @app.get("/api/audit", tags=["audit"])
    def api_audit(who: User, matter: str | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first: who changed what, when, before and after (of the matters the user sees)."""
        from exequatur.store.repository import audit_json

        return [audit_json(r) for r in service.audit(who, matter or None)]

    @app.get("/api/rates", tags=["rates"])
    def api_rates(who: User) -> list[dict[str, Any]]:
        """Every rate table as the server computes with it (shipped, extended by the database's rows): its last
        row, the last day it covers, whether that is before today, and the rows the database added."""
        return service.rate_tables(who, _today())

    @app.get("/api/rates/{table}", tags=["rates"])
    def api_rate_rows(who: User, table: str) -> list[dict[str, Any]]:
        """The rows the database added to a table, oldest first, each with its source and who added it."""
        return service.rate_rows(who, table)

    @app.post("/api/rates/{table}", tags=["rates"])
    def api_rates_update(who: Poster, table: str, body: RatesText) -> dict[str, Any]:
        """Merge an official CSV into the table's rows in the database (admins and editors), as `exequatur db rates
        update`: 400 with the contradicted dates, and nothing written, if it disagrees with the table's history."""
        report = service.update_rates(who, table, body.text, Path(body.file).name or "upload.csv", _today())
        r = report.result
        return {
            "table": table,
            "added": [d.isoformat() for d in r.added],
            "confirmed": r.confirmed,
            "covered_until": r.ends_after.isoformat(),
            "written": report.stored_in is not None,
            "report": report.lines(),
        }

    @app.get("/api/users", tags=["users"])
    def api_users(who: User) -> list[dict[str, Any]]:
        """Every user with its role and grants (admins only)."""
        return service.users(who)

    @app.post("/api/users", tags=["users"], status_code=201)
    def api_add_user(who: Poster, body: NewUser) -> dict[str, Any]:
        """Add a user (admins only)."""
        service.add_user(who, body.name, body.role, body.password)
        return {"name": body.name, "role": body.role}

    @app.post("/api/grants", tags=["users"])
    def api_grant(who: Poster, body: GrantRequest) -> dict[str, Any]:
        """Grant a user a matter, or take the grant back (admins only)."""
        changed = service.grant(who, body.user, body.matter, give=not body.revoke)
        return {"user": body.user, "matter": body.matter, "granted": not body.revoke, "changed": changed}

    def _chart(result: Any, fmt: str, name: str, *, download: bool) -> Response:
        """A comparison's or a waterfall's chart (reports/charts.py): png (matplotlib) or html (plotly)."""
        from exequatur.engine.compare import Comparison
        from exequatur.reports import charts

        compared = isinstance(result, Comparison)
        if fmt == "png":
            figure = charts.comparison_figure(result) if compared else charts.waterfall_figure(result)
            data: bytes = charts.png_bytes(figure)
            media = "image/png"
        elif fmt == "html":
            plotted = charts.comparison_plotly(result) if compared else charts.waterfall_plotly(result)
            data = plotted.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
            media = "text/html; charset=utf-8"
        else:
            raise NotFound(f"no chart format {fmt!r} (there are: png, html)")
        headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'} if download else {}
        return Response(data, media_type=media, headers=headers)

    def _chart_download(fmt: str, result: Any, name: str) -> Response:
        return _chart(result, fmt, name, download=True)

    return app


def _safe_next(target: str) -> str:
    """Only a path of this site: never an address elsewhere (an open redirect)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("exequatur")
    except PackageNotFoundError:
        return "0"


__all__ = ["MatterError", "create_app"]
