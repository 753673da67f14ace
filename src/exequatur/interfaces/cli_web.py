"""`exequatur serve` and `exequatur user ...`: the web app and its accounts.

Registered by interfaces/cli.py; each command imports what it needs when it runs, so importing the command line
loads neither FastAPI, uvicorn nor argon2 (tests/interfaces/test_cli_startup.py).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from exequatur.interfaces.cli_db import DbOption

#: The example the demo loads, from the folder the command runs in (a clone of the repository).
DEMO_MATTER = Path("examples") / "rusoro-v-venezuela.yaml"


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_warning(host: str) -> str | None:
    """What `serve` says when it listens beyond loopback: its session cookie is Secure, so a browser signs in only
    over HTTPS, which a TLS-terminating proxy in front must give."""
    if loopback(host):
        return None
    return (
        f"exequatur: warning: {host} is not a loopback address, so the session cookie is Secure and browsers send "
        "it only over HTTPS: put a TLS-terminating proxy in front (and name it with --forwarded-allow-ips). "
        "Over plain http, signing in fails.\n"
    )


def _password(password_file: Path | None) -> str:
    from exequatur.model.errors import ExequaturError

    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ExequaturError(f"--password-file {password_file}: cannot read it ({exc})") from None
        if not lines or not lines[0]:
            raise ExequaturError(f"--password-file {password_file}: its first line (the password) is empty")
        return lines[0]
    if not sys.stdin.isatty():
        raise ExequaturError("no terminal to ask for the password on: give it with --password-file FILE")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def register(app: typer.Typer, user_app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        db: DbOption = None,
        host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="The address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", metavar="PORT", min=0, max=65535, help="The port.")] = 8000,
        demo: Annotated[
            bool,
            typer.Option(
                "--demo",
                help="Start on a fresh SQLite file holding examples/rusoro-v-venezuela.yaml and a demo user, "
                "whose password is printed once.",
            ),
        ] = False,
        access_log: Annotated[bool, typer.Option("--access-log", help="Log every request.")] = False,
        forwarded_allow_ips: Annotated[
            str | None,
            typer.Option(
                "--forwarded-allow-ips",
                metavar="ADDRESSES",
                help="Trust X-Forwarded-For and X-Forwarded-Proto from these proxy addresses (comma-separated), "
                "e.g. the TLS-terminating proxy in front. Without it no forwarded header is trusted, from anyone.",
            ),
        ] = None,
    ) -> None:
        """Run the web app: matters, statements, deadlines, checklists and downloads in a browser, and a JSON API
        under /api (schema at /api/openapi.json). Sign in with a user made by `exequatur user add`.

        The session cookie is Secure whenever the server listens beyond loopback: serve it behind HTTPS then.
        Set EXEQUATUR_SECRET to keep sign-ins across restarts."""
        import uvicorn

        from exequatur.interfaces.web.app import create_app

        demo_folder = None
        if demo:
            db, demo_folder = _demo(db)
        secure = not loopback(host)
        app = create_app(db, secure_cookies=secure, secret=os.environ.get("EXEQUATUR_SECRET") or None)
        shown = f"[{host}]" if ":" in host else host
        sys.stderr.write(f"exequatur: serving on http://{shown}:{port}/ (Ctrl-C stops it)\n")
        warning = plain_http_warning(host)
        if warning:
            sys.stderr.write(warning)
        # uvicorn trusts X-Forwarded-For from 127.0.0.1 by default: a client on the same machine (or a proxy that
        # passes the header on) could then choose its address, and with it reset the sign-in throttle per address.
        proxied = forwarded_allow_ips is not None
        if demo_folder is not None:
            # uvicorn stops on SIGTERM, then raises it again under the handler it found: Python's default would end
            # the process before the folder (and its password hash) is removed, so the handler found exits cleanly.
            signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            uvicorn.run(
                app,
                host=host,
                port=port,
                log_level="warning",
                access_log=access_log,
                server_header=False,
                proxy_headers=proxied,
                forwarded_allow_ips=forwarded_allow_ips,
            )
        finally:
            if demo_folder is not None:  # Ctrl-C and SIGTERM end uvicorn.run: the demo leaves nothing behind
                app.state.service.engine.dispose()
                shutil.rmtree(demo_folder, ignore_errors=True)

    @user_app.command("add")
    def user_add(
        name: Annotated[str, typer.Argument(metavar="NAME", help="The user's name (letters, digits, . _ @ -).")],
        role: Annotated[str, typer.Option("--role", metavar="admin|editor|viewer", help="What the user may do.")],
        password_file: Annotated[
            Path | None,
            typer.Option("--password-file", metavar="FILE", help="Read the password from the file's first line."),
        ] = None,
        db: DbOption = None,
    ) -> None:
        """Add a user of the web app, with a role.

        Its password is asked for (or read from --password-file) and stored as an argon2 hash. An admin may do
        everything; an editor uploads matter files and sees the matters granted to it; a viewer only sees the
        matters granted to it."""
        from exequatur.interfaces.api import db_user_add

        db_user_add(name, role, _password(password_file), db=db)
        sys.stdout.write(f"user {name} added ({role})\n")

    @user_app.command("grant")
    def user_grant(
        name: Annotated[str, typer.Argument(metavar="NAME", help="The user.")],
        matter: Annotated[str, typer.Argument(metavar="MATTER", help="The id of a stored matter.")],
        db: DbOption = None,
    ) -> None:
        """Let a user see a matter (and, as an editor, import new revisions of it)."""
        from exequatur.interfaces.api import db_user_grant

        changed = db_user_grant(name, matter, db=db)
        sys.stdout.write(f"{name} may see {matter}{'' if changed else ' (already could)'}\n")

    @user_app.command("revoke")
    def user_revoke(
        name: Annotated[str, typer.Argument(metavar="NAME", help="The user.")],
        matter: Annotated[str, typer.Argument(metavar="MATTER", help="The id of a stored matter.")],
        db: DbOption = None,
    ) -> None:
        """Take back a user's grant of a matter."""
        from exequatur.interfaces.api import db_user_grant

        changed = db_user_grant(name, matter, db=db, revoke=True)
        sys.stdout.write(f"{name} may no longer see {matter}{'' if changed else ' (had no grant)'}\n")

    @user_app.command("list")
    def user_list(db: DbOption = None) -> None:
        """The users: name, role and granted matters."""
        from exequatur.interfaces.api import db_users

        for name, role, grants in db_users(db=db):
            sys.stdout.write(f"{name}\t{role}\t{','.join(grants) if role != 'admin' else '(all)'}\n")


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _demo(db: str | None) -> tuple[str, Path]:
    """A fresh SQLite file with the Rusoro example and a demo admin, and its folder (removed when the server
    stops); print how to sign in."""
    import tempfile

    from exequatur.interfaces.api import db_import, db_user_add
    from exequatur.model.errors import ExequaturError

    if db is not None:
        raise ExequaturError("--demo makes its own fresh database: leave out --db (and EXEQUATUR_DB)")
    if not DEMO_MATTER.is_file():
        raise ExequaturError(f"--demo loads {DEMO_MATTER}: run it from a clone of the repository")
    folder = Path(tempfile.mkdtemp(prefix="exequatur-demo-"))
    url = f"sqlite:///{folder / 'demo.db'}"
    db_import(DEMO_MATTER.read_text(encoding="utf-8"), db=url, user="demo-setup", file=str(DEMO_MATTER))
    password = secrets.token_urlsafe(12)
    db_user_add("demo", "admin", password, db=url, by="demo-setup")
    sys.stderr.write(
        f"exequatur: demo database {folder / 'demo.db'} with the matter rusoro-v-venezuela "
        "(its folder is removed when the server stops)\n"
        f"exequatur: sign in as   demo   with the password   {password}   (shown only now)\n"
    )
    return url, folder
