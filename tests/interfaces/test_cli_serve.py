"""`exequatur serve --demo` as a new user runs it from a clone: it says where its database is, and leaves no
folder behind when stopped."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.web.conftest import free_port


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "kill"])
def test_serve_demo_removes_its_folder_when_stopped(stop: signal.Signals) -> None:
    port = free_port()
    code = "import sys; from exequatur.interfaces.cli import main; sys.argv[0] = 'exequatur'; main()"
    env = {k: v for k, v in os.environ.items() if k != "EXEQUATUR_DB"}
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        found = re.search(r"demo database (\S+) with the matter rusoro-v-venezuela \(its folder is removed", first)
        assert found, first
        folder = Path(found.group(1)).parent
        assert folder.is_dir()
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/signin", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the demo server did not answer within 60 s"
            time.sleep(0.2)
        process.send_signal(stop)
        process.wait(30)
        assert "Traceback" not in process.stderr.read()
        assert not folder.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
