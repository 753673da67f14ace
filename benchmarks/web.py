"""Load the web app: N concurrent clients on loopback, each signed in, alternating between the matter page and the
JSON statement endpoint of the Rusoro example, for S seconds; print requests/s, p50, p95 and the errors.

Run: python benchmarks/web.py [--clients 20] [--seconds 60] [--as-of 2023-08-14] [--port N]. Goal (issue 14): p95 under
100 ms with 20 clients, and no error. The server is `exequatur serve` in a subprocess on a fresh SQLite file in a
temporary folder; the clients are asyncio tasks of one process (httpx), on the same machine, so they take part of
its cores. Only 127.0.0.1 is ever addressed, and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from exequatur.interfaces import api

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rusoro-v-venezuela.yaml"
MATTER = "rusoro-v-venezuela"
PASSWORD = "benchmark password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _client(base: str, name: str, as_of: str, until: float, times: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        page = (await client.get("/signin")).text
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token, "no sign-in form"
        signed = await client.post("/signin", data={"name": name, "password": PASSWORD, "csrf": token.group(1)})
        if signed.status_code not in (200, 303):
            errors.append(f"sign-in: {signed.status_code}")
            return
        paths = [f"/matters/{MATTER}?as_of={as_of}", f"/api/matters/{MATTER}/statement?as_of={as_of}"]
        i = 0
        while time.monotonic() < until:
            path = paths[i % 2]
            i += 1
            start = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{path}: {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")
                continue
            times.append(time.perf_counter() - start)


async def _run(base: str, clients: int, seconds: float, as_of: str) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    # Warm the caches (the first statement and page are computed once per revision and day), then measure.
    await _client(base, "bench0", as_of, time.monotonic() + 1, [], errors)
    start = time.monotonic()
    until = start + seconds
    await asyncio.gather(*(_client(base, f"bench{i}", as_of, until, times, errors) for i in range(clients)))
    return times, errors, time.monotonic() - start


def main() -> None:
    # The whole docstring, as written: its first line alone stops mid-sentence.
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default: 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run (default: 60)")
    parser.add_argument("--as-of", default="2023-08-14", help="the day of the statements (default: 2023-08-14)")
    parser.add_argument("--port", type=int, default=0, help="the server's port on 127.0.0.1 (default: a free one)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="exequatur-bench-"))
    db = f"sqlite:///{folder / 'bench.db'}"
    api.db_import(EXAMPLE.read_text(encoding="utf-8"), db=db, user="bench", file=EXAMPLE.name)
    for i in range(args.clients + 1):
        api.db_user_add(f"bench{i}", "viewer", PASSWORD, db=db, by="bench")
        api.db_user_grant(f"bench{i}", MATTER, db=db, by="bench")
    port = args.port or _free_port()
    code = "import sys; from exequatur.interfaces.cli import main; sys.argv[0] = 'exequatur'; main()"
    server = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", db, "--port", str(port)],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/signin", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        times, errors, elapsed = asyncio.run(_run(base, args.clients, args.seconds, args.as_of))
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    ms = sorted(t * 1000 for t in times)
    p50 = statistics.median(ms) if ms else float("nan")
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))] if ms else float("nan")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.clients} clients for {elapsed:.1f} s: matter page and JSON statement of {MATTER} on {args.as_of}")
    print(f"requests: {len(ms)}  requests/s: {len(ms) / elapsed:.1f}  p50: {p50:.1f} ms  p95: {p95:.1f} ms")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
