"""Hostile test 26: after „Abmelden“ a copied login cookie kept working for the token's 15 days."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jwt as pyjwt
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.sessions import SignOutEverywhere, checked, sign_out, still_valid
from tools.settings import get_settings, scoped_settings

SECRET = "test-secret-" * 4


def _token(identifier: str, iat: int) -> str:
    return pyjwt.encode({"identifier": identifier, "iat": iat, "exp": 4_000_000_000}, SECRET, algorithm="HS256")


def _decode(token: str) -> SimpleNamespace:
    return SimpleNamespace(**pyjwt.decode(token, SECRET, algorithms=["HS256"]))


@pytest.fixture
def var(tmp_path: Path):  # type: ignore[no-untyped-def]
    with scoped_settings(get_settings().model_copy(update={"var_dir": tmp_path})):
        yield tmp_path


def test_a_token_from_before_the_sign_out_is_refused_a_new_one_and_other_users_are_not(var: Path) -> None:
    decode = checked(_decode)
    old, colleague = _token("inhaberin", 1_000), _token("mitarbeiter", 1_000)
    assert decode(old).identifier == "inhaberin"
    sign_out("inhaberin", at=2_000)
    with pytest.raises(pyjwt.InvalidTokenError):
        decode(old)
    assert decode(_token("inhaberin", 2_001)).identifier == "inhaberin"  # logged in again after signing out
    assert decode(colleague).identifier == "mitarbeiter"
    assert (var / "auth" / "signed_out.json").exists()  # kept over a restart


def test_a_forged_token_is_refused_before_the_sign_out_list_is_read(var: Path) -> None:
    forged = pyjwt.encode({"identifier": "inhaberin", "iat": 9_999_999_999}, "other-secret-" * 4, algorithm="HS256")
    with pytest.raises(pyjwt.InvalidSignatureError):
        checked(_decode)(forged)
    assert still_valid({"identifier": "inhaberin", "iat": 5})  # nobody signed out yet


def test_logout_records_the_sign_out_of_the_cookies_user(var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import chainlit.auth

    monkeypatch.setattr(chainlit.auth, "decode_jwt", _decode)

    async def logout(request):  # type: ignore[no-untyped-def]
        return JSONResponse({"success": True})

    app = Starlette(routes=[Route("/logout", logout, methods=["POST"])])
    app.add_middleware(SignOutEverywhere)
    client = TestClient(app)
    assert client.post("/logout", cookies={"access_token": "kaputt"}).status_code == 200  # nothing to end
    assert not (var / "auth" / "signed_out.json").exists()
    client.post("/logout", cookies={"access_token": _token("inhaberin", 1_000)})
    assert not still_valid({"identifier": "inhaberin", "iat": 1_000})
    assert still_valid({"identifier": "gast", "iat": 1_000})


def test_the_app_refuses_signed_out_tokens_on_every_route() -> None:
    import chainlit.auth
    import chainlit.server

    from app.hardening import harden_chainlit

    harden_chainlit()
    assert getattr(chainlit.auth.decode_jwt, "signed_out_check", False)
    assert getattr(chainlit.server.decode_jwt, "signed_out_check", False)
    wrapped = chainlit.auth.decode_jwt
    harden_chainlit()  # installed once, not wrapped twice
    assert chainlit.auth.decode_jwt is wrapped
