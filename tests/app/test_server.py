"""The web app starts with `synerki serve` and the documented demo users can log in."""
from __future__ import annotations

import httpx


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
