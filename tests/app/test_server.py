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


def test_page_is_german_for_screen_readers(server: str) -> None:
    page = httpx.get(server, timeout=10).text
    assert '<html lang="de">' in page
    labels = httpx.get(f"{server}/public/labels_de.js", timeout=10)
    assert labels.status_code == 200 and "Seitenleiste ein- oder ausblenden" in labels.text


def test_cors_only_for_the_apps_own_origin(server: str) -> None:
    own = httpx.get(f"{server}/auth/config", headers={"Origin": server}, timeout=10)
    assert own.headers.get("access-control-allow-origin") == server
    foreign = httpx.get(f"{server}/auth/config", headers={"Origin": "https://boese.example"}, timeout=10)
    assert "access-control-allow-origin" not in foreign.headers


def test_upload_and_login_texts_are_german(server: str) -> None:
    js = httpx.get(f"{server}/public/synerki.js", timeout=10)
    assert js.status_code == 200 and "Bitte verkleinern Sie sie" in js.text
    page = httpx.get(server, timeout=10)
    assert "/public/synerki.js" in page.text
    errors = httpx.get(f"{server}/project/translations", params={"language": "en-US"}, timeout=10).json()[
        "translation"
    ]["auth"]["login"]["errors"]
    assert "Benutzername und Passwort" in errors["credentialssignin"] and "warten Sie" in errors["logindelayed"]


def test_repeated_wrong_logins_are_delayed(server: str) -> None:
    # as if from another address behind a local proxy (uvicorn trusts 127.0.0.1's X-Forwarded-For): the
    # other tests' logins from 127.0.0.1 are not delayed by this one
    visitor = {"X-Forwarded-For": "203.0.113.9"}
    first = httpx.post(
        f"{server}/login", data={"username": "niemand", "password": "falsch-1"}, headers=visitor, timeout=10
    )
    assert first.status_code == 401 and first.json()["detail"] == "credentialssignin"
    again = httpx.post(
        f"{server}/login", data={"username": "inhaberin", "password": "korn-kruste-chefin"}, headers=visitor, timeout=10
    )
    assert again.status_code == 429 and again.json()["detail"] == "logindelayed"
    elsewhere = httpx.post(
        f"{server}/login",
        data={"username": "gast", "password": "showcase-lab"},
        headers={"X-Forwarded-For": "203.0.113.10"},
        timeout=10,
    )
    assert elsewhere.status_code == 200
