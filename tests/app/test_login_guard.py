"""Password guessing gets slower with every failed login; a right password is never locked out for good."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.login_guard import DELAYED, MAX_DELAY_S, LoginGuardMiddleware, LoginThrottle, address_key, user_key


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def test_delay_doubles_from_one_second_and_stops_at_thirty() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(clock=clock)
    keys = [user_key("inhaberin")]
    waits = []
    for _ in range(8):
        throttle.failed(keys)
        waits.append(throttle.wait_s(keys))
    assert waits == [1, 2, 4, 8, 16, MAX_DELAY_S, MAX_DELAY_S, MAX_DELAY_S]
    clock.now += MAX_DELAY_S
    assert throttle.wait_s(keys) == 0  # no permanent lockout


def test_success_clears_the_name_but_not_the_address() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(clock=clock)
    name, addr = user_key(" Inhaberin "), address_key("10.0.0.7")
    for _ in range(3):
        throttle.failed([name, addr])
    throttle.succeeded([name])
    assert throttle.wait_s([user_key("inhaberin")]) == 0
    assert throttle.wait_s([user_key("gast"), addr]) == 4  # another name from the same address still waits


def _app(passwords: dict[str, str], calls: list[str]) -> Starlette:
    """A stand-in for Chainlit's /login: 200 for a right password, 401 otherwise."""

    async def login(request: Request) -> JSONResponse:
        form = await request.form()
        name, password = str(form["username"]), str(form["password"])
        calls.append(name)
        if passwords.get(name) == password:
            return JSONResponse({"access_token": "t"})
        return JSONResponse({"detail": "credentialssignin"}, status_code=401)

    return Starlette(routes=[Route("/login", login, methods=["POST"])])


def test_login_is_refused_in_german_during_the_wait_without_checking_the_password() -> None:
    clock = FakeClock()
    calls: list[str] = []
    guarded = LoginGuardMiddleware(_app({"inhaberin": "richtig-123"}, calls), LoginThrottle(clock=clock))
    client = TestClient(guarded)
    assert client.post("/login", data={"username": "inhaberin", "password": "falsch"}).status_code == 401
    refused = client.post("/login", data={"username": "inhaberin", "password": "richtig-123"})
    assert refused.status_code == 429 and refused.json()["detail"] == DELAYED
    assert calls == ["inhaberin"]  # the refused attempt never reached the password check
    clock.now += 1
    # the browser sends the form as multipart: the user name is found there too
    ok = client.post("/login", files={"username": (None, "inhaberin"), "password": (None, "richtig-123")})
    assert ok.status_code == 200 and calls == ["inhaberin", "inhaberin"]


def test_guessing_other_names_from_one_address_waits_too() -> None:
    clock = FakeClock()
    calls: list[str] = []
    client = TestClient(LoginGuardMiddleware(_app({}, calls), LoginThrottle(clock=clock)))
    assert client.post("/login", data={"username": "anna", "password": "x"}).status_code == 401
    assert client.post("/login", data={"username": "bernd", "password": "x"}).status_code == 429
    assert calls == ["anna"]


def test_other_requests_pass_untouched() -> None:
    calls: list[str] = []
    client = TestClient(LoginGuardMiddleware(_app({}, calls), LoginThrottle(clock=FakeClock())))
    assert client.get("/login").status_code == 405  # the route answers, not the guard
    assert client.post("/login", content=b"x" * 70_000).status_code == 413
