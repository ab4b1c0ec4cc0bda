"""A running web app for the server and browser tests (started once per module that asks for it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    port = _free_port()
    env = dict(os.environ)
    # the server gets its own var folder: no SQLite or Qdrant lock shared with the test process
    env["SYNERKI_VAR_DIR"] = str(tmp_path_factory.mktemp("server-var"))
    log_path = Path(env.get("SYNERKI_VAR_DIR", ROOT / "var")) / "test-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")  # kept for debugging a failed browser test
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(1)
    else:
        proc.kill()
        pytest.fail("Web-App startete nicht innerhalb von 90 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()
