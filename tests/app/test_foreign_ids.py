"""Another login's thread id answers like an unknown one (hostile test 24: Chainlit said 401 „Unauthorized“ for a
thread that is not the user's and 404 for one that does not exist – a logged-in user learned which ids exist)."""

from __future__ import annotations

from starlette.responses import JSONResponse


def _refuse(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)  # FastAPI's answer to an HTTPException


def _client(user: str | None):  # type: ignore[no-untyped-def]
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from app.api_language import GermanApiErrors
    from app.foreign_ids import ForeignIdsAsNotFound

    owners = {"t-chefin": "inhaberin", "t-team": "mitarbeiter"}

    async def thread(request: Request) -> JSONResponse:  # Chainlit's get_thread with is_thread_author
        if user is None:
            return _refuse(401, "Unauthorized")
        owner = owners.get(request.path_params["thread_id"])
        if owner is None:
            return _refuse(404, "Thread not found")
        if owner != user:
            return _refuse(401, "Unauthorized")
        return JSONResponse({"id": request.path_params["thread_id"]})

    async def file(request: Request) -> JSONResponse:  # Chainlit's get_file with another login's session
        return _refuse(401, "You are not authorized to download files from this session")

    async def user_of(request: Request) -> str | None:
        return user

    app = Starlette(
        routes=[
            Route("/project/thread/{thread_id}", thread, methods=["GET", "PUT", "DELETE"]),
            Route("/project/file/{file_id}", file),
            Route("/auth/jwt", file, methods=["POST"]),
        ]
    )
    app.add_middleware(ForeignIdsAsNotFound, user_of=user_of)
    app.add_middleware(GermanApiErrors)
    return TestClient(app)


def test_another_logins_thread_is_answered_like_an_unknown_one() -> None:
    client = _client("mitarbeiter")
    foreign, unknown = client.get("/project/thread/t-chefin"), client.get("/project/thread/gibt-es-nicht")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.content == unknown.content and "Gespräch gibt es nicht" in foreign.json()["detail"]
    assert client.delete("/project/thread/t-chefin").status_code == 404
    assert client.get("/project/thread/t-team").status_code == 200  # her own thread
    other_file = client.get("/project/file/f1?session_id=s-chefin")
    assert other_file.status_code == 404 and "Datei gibt es nicht" in other_file.json()["detail"]


def test_without_a_login_the_answer_stays_401_and_other_routes_are_untouched() -> None:
    client = _client(None)
    assert client.get("/project/thread/t-chefin").status_code == 401  # the browser goes to the login page
    assert _client("mitarbeiter").post("/auth/jwt").status_code == 401  # not a thread, file or element route


def test_the_app_installs_the_rewrite_inside_the_german_texts() -> None:
    from app.api_language import GermanApiErrors
    from app.foreign_ids import ForeignIdsAsNotFound
    from app.hardening import harden_chainlit

    harden_chainlit()
    from chainlit.server import app

    classes = [m.cls for m in app.user_middleware]
    assert ForeignIdsAsNotFound in classes
    assert classes.index(GermanApiErrors) < classes.index(ForeignIdsAsNotFound)  # German is outermost


async def test_an_unknown_thread_id_has_no_author_instead_of_an_error(fresh_var) -> None:
    """Chainlit's SQL layer raised ValueError for an unknown id: a 500 there, a 404 for another login's thread."""
    import uuid

    from chainlit.user import User

    from app.chat_store import make_data_layer

    layer = make_data_layer()
    user = await layer.create_user(User(identifier="inhaberin", metadata={}))
    assert user is not None
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, name="Liquidität", user_id=user.id)
    assert await layer.get_thread_author(thread_id) == "inhaberin"
    assert await layer.get_thread_author(str(uuid.uuid4())) == ""
    await layer.engine.dispose()
