"""Chainlit's HTTP API answers errors in German (hostile tests 13/16: `Invalid authentication token`,
`Unauthorized`, `Thread not found` reached users in toasts and on stale sessions); status codes stay."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse, StreamingResponse

from app.api_language import GERMAN, INVALID_REQUEST, LOGIN_AGAIN, GermanApiErrors, german_detail
from evals.ui_language.words import du_forms, english_words


def _client() -> TestClient:
    app = FastAPI()

    @app.get("/user")
    async def user() -> None:
        raise HTTPException(status_code=401, detail="Invalid authentication token")

    @app.get("/project/thread/{tid}")
    async def thread(tid: str) -> None:
        raise HTTPException(status_code=404, detail="Thread not found")

    @app.post("/login")
    async def login() -> None:
        raise HTTPException(status_code=401, detail="credentialssignin")  # a key the login page translates

    @app.get("/ok")
    async def ok() -> dict[str, str]:
        return {"detail": "Thread not found"}  # a successful answer is never touched

    @app.get("/items/{n}")
    async def item(n: int) -> dict[str, int]:
        return {"n": n}

    @app.get("/text")
    async def text() -> PlainTextResponse:
        return PlainTextResponse("Not Found", status_code=404)

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def parts():  # type: ignore[no-untyped-def]
            yield b'{"detail": "Unau'
            yield b'thorized"}'

        return StreamingResponse(parts(), status_code=401, media_type="application/json")

    app.add_middleware(GermanApiErrors)
    return TestClient(app)


def test_chainlits_english_error_details_come_german_with_their_status() -> None:
    client = _client()
    r = client.get("/user")
    assert r.status_code == 401 and r.json() == {"detail": LOGIN_AGAIN}
    r = client.get("/project/thread/x")
    assert r.status_code == 404 and r.json()["detail"] == "Dieses Gespräch gibt es nicht (mehr)."
    assert int(r.headers["content-length"]) == len(r.content)
    assert client.get("/text").text == "Diese Seite gibt es nicht."
    assert client.get("/stream").json() == {"detail": "Bitte melden Sie sich an."}
    assert client.get("/items/abc").json() == {"detail": INVALID_REQUEST}  # FastAPI's English field errors


def test_login_codes_and_successful_answers_pass_unchanged() -> None:
    client = _client()
    assert client.post("/login").json() == {"detail": "credentialssignin"}
    assert client.get("/ok").json() == {"detail": "Thread not found"}
    assert german_detail("Ein schon deutscher Text.") == "Ein schon deutscher Text."
    assert german_detail("No callback found for action alert_act") == "Für diese Schaltfläche gibt es keine Aktion."


@pytest.mark.parametrize("english", sorted(GERMAN))
def test_every_sentence_is_german_and_formal(english: str) -> None:
    assert not english_words(GERMAN[english]) and not du_forms(GERMAN[english]), english


def test_the_page_script_names_http_status_texts_in_german() -> None:
    """The toast reads "<status text>: <detail>"; the status text comes from the browser, labels_de.js swaps it."""
    from tests.app.test_ui_language import _js_table

    status = _js_table("STATUS")
    assert status["Unauthorized"] == "Nicht angemeldet" and status["Not Found"] == "Nicht gefunden"
    assert not [g for g in status.values() if english_words(g) or du_forms(g)]
    assert json.dumps(status, ensure_ascii=False)


def test_the_running_app_translates_chainlits_errors() -> None:
    from app.hardening import harden_chainlit

    harden_chainlit()
    from chainlit.server import app

    assert app.user_middleware[0].cls is GermanApiErrors  # outermost: the other guards' answers pass it too
