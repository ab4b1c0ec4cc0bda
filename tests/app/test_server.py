"""The web app starts with `synerki serve` and the documented demo users can log in."""
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


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def test_page_is_served(server: str) -> None:
    page = httpx.get(server, timeout=10)
    assert page.status_code == 200 and "synerKI Assistent" in page.text


def test_demo_owner_logs_in_and_wrong_password_fails(server: str) -> None:
    ok = httpx.post(f"{server}/login", data={"username": "inhaberin", "password": "korn-kruste-chefin"}, timeout=10)
    assert ok.status_code == 200 and "access_token" in ok.headers.get("set-cookie", "")
    bad = httpx.post(f"{server}/login", data={"username": "inhaberin", "password": "falsch"}, timeout=10)
    assert bad.status_code == 401


def test_german_translation_says_sie(server: str) -> None:
    tr = httpx.get(f"{server}/project/translations", params={"language": "de-DE"}, timeout=10)
    assert tr.status_code == 200
    text = tr.text
    assert "Ziehen Sie Ihre Dateien hierher" in text and "Ziehe deine" not in text
