"""The Chainlit web app: login, role-specific starters, chat turns off the event loop, history."""

from __future__ import annotations

import asyncio
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import chainlit as cl  # noqa: E402
from chainlit.data.base import BaseDataLayer  # noqa: E402
from chainlit.types import ThreadDict  # noqa: E402

from agents.contracts import Artifact, Role  # noqa: E402
from agents.plain import METHOD_TITLE, split_method  # noqa: E402
from agents.progress import ProgressHook  # noqa: E402
from agents.prompts import AI_NOTICE, STARTERS  # noqa: E402
from agents.supervisor.tour import CHECK_REQUEST as TOUR_CHECK  # noqa: E402
from agents.supervisor.tour import NEXT_REQUEST as TOUR_NEXT  # noqa: E402
from agents.uploads import attachment_dict  # noqa: E402
from app.access import RELOGIN, current_role  # noqa: E402
from app.chat_store import make_data_layer  # noqa: E402
from app.hardening import harden_chainlit  # noqa: E402
from app.logs import quiet_libraries  # noqa: E402
from app.page_language import serve_german_page  # noqa: E402
from app.turns import ANSWERING, TURNS, german_errors, visitor  # noqa: E402
from app.users import authenticate, demo_password_warnings, ensure_demo_users  # noqa: E402

quiet_libraries()
ensure_demo_users()
harden_chainlit()
serve_german_page()


def _warm_up() -> None:
    """Build the supervisor, the demo data and the handbook index before the first user waits for them."""
    import logging

    from agents.service import get_graph

    for warning in demo_password_warnings():  # public passwords from the README still work: say so in the log
        logging.getLogger("synerki").warning(warning)
    get_graph()
    try:
        from tools.company.data import ensure_data
        from tools.precompute import warm_imports
        from tools.rag import HANDBOOK_COLLECTION
        from tools.rag.qa import answer

        ensure_data()
        answer("Pausenregelung", HANDBOOK_COLLECTION)
        warm_imports()
    except Exception:  # warm-up only: the first real request retries and reports in German
        logging.getLogger(__name__).exception("Aufwärmen fehlgeschlagen")


threading.Thread(target=_warm_up, daemon=True).start()


@cl.data_layer
def _data_layer() -> BaseDataLayer:
    return make_data_layer()


@cl.password_auth_callback
async def _login(username: str, password: str) -> cl.User | None:
    # bcrypt takes a while: off the event loop; the delay after failed logins is app.login_guard's job
    role = await asyncio.to_thread(authenticate, username.strip(), password)
    if role is None:
        return None
    return cl.User(identifier=username.strip(), metadata={"role": role})  # shown in the UI; never used for access


async def _role() -> Role | None:
    """The role this turn runs with: the user store's, never the login cookie's; None once the user was removed."""
    user = cl.user_session.get("user")
    return await asyncio.to_thread(current_role, user.identifier if user else None)


def _turn_key(name: str, role: Role) -> str:
    """Who is asking, for the per-user limit and the thread's owner: the login, or the visit for the shared
    guest login (app.turns.visitor)."""
    return visitor(name, role, cl.context.session.id)


async def _say(text: str) -> None:
    await cl.Message(content=text, author="synerKI (KI)").send()


async def _relogin() -> None:
    await _say(RELOGIN)


@cl.set_starters
async def _starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    role = (await asyncio.to_thread(current_role, user.identifier) if user else None) or "guest"
    return [
        cl.Starter(label=q if len(q) < 60 else q[:57] + "…", message=q) for q in STARTERS.get(role, STARTERS["guest"])
    ]


@cl.on_chat_start
@german_errors(_say)
async def _start() -> None:
    cl.user_session.set("ai_notice_shown", False)
    if await _role() == "owner":
        await _show_alerts()


async def _show_alerts() -> None:
    """The owner sees open alerts from `synerki daily`, each with one-click follow-up actions."""
    from agents.supervisor.alerts import alerts_greeting, open_alerts

    alerts = await asyncio.to_thread(open_alerts)
    if not alerts:
        return
    actions = []
    for a in alerts[:6]:
        actions.append(
            cl.Action(
                name="alert_act", payload={"id": a.id}, label=f"▶ {a.title[:40]}", tooltip="Passende Auswertung öffnen"
            )
        )
        actions.append(
            cl.Action(name="alert_dismiss", payload={"id": a.id}, label="✕ erledigt", tooltip="Hinweis ausblenden")
        )
    await cl.Message(content=alerts_greeting(alerts), actions=actions, author="synerKI (KI)").send()


@cl.action_callback("alert_act")
@german_errors(_say)
async def _alert_act(action: cl.Action) -> None:
    from agents.supervisor.alerts import act_on_alert

    role = await _role()
    if role is None:
        await _relogin()
        return
    user = cl.user_session.get("user")
    name, thread_id = (user.identifier if user else "anonym"), cl.context.session.thread_id
    reply = await TURNS.run(_turn_key(name, role), thread_id, act_on_alert, action.payload["id"], role, thread_id, name)
    text, method = split_method(reply.text)
    msg = cl.Message(content=text, elements=_elements(reply.artifacts), author="synerKI (KI)")
    await msg.send()
    if method:
        await _method_step(msg, method)


@cl.action_callback("alert_dismiss")
@german_errors(_say)
async def _alert_dismiss(action: cl.Action) -> None:
    from agents.supervisor.alerts import dismiss_alert

    role = await _role()
    if role != "owner":
        return
    done = await asyncio.to_thread(dismiss_alert, action.payload["id"], role)
    await action.remove()
    await cl.Message(
        content="Hinweis als erledigt markiert." if done else "Diesen Hinweis gibt es nicht mehr.",
        author="synerKI (KI)",
    ).send()


_WAITING: set[asyncio.Future[None]] = set()
STILL_RUNNING = "Ihre letzte Frage wird noch berechnet – die Antwort erscheint hier, sobald sie fertig ist."


@cl.on_chat_resume
async def _resume(thread: ThreadDict) -> None:
    cl.user_session.set("ai_notice_shown", True)
    if ANSWERING.busy(thread["id"]):  # a reload or a second tab while the answer runs: its words went to the old tab
        await cl.context.emitter.send_toast(STILL_RUNNING, "info")
        task = asyncio.ensure_future(_show_when_answered(thread["id"]))
        _WAITING.add(task)  # a reference until it is done (the event loop keeps only weak ones)
        task.add_done_callback(_WAITING.discard)


@german_errors(_say)
async def _show_when_answered(thread_id: str) -> None:
    """Once the running answer of this thread is stored, show the thread again in this tab (with the answer)."""
    from chainlit.data import get_data_layer

    await ANSWERING.wait(thread_id)
    layer = get_data_layer()
    fresh = await layer.get_thread(thread_id) if layer else None
    if fresh:
        await cl.context.emitter.resume_thread(fresh)


def _elements(artifacts: list[Artifact]) -> list[cl.Element]:
    out: list[cl.Element] = []
    for art in artifacts:
        if art.kind == "image":
            out.append(cl.Image(path=str(art.path), name=art.name, display="inline", size="large"))
        else:
            out.append(cl.File(path=str(art.path), name=art.name, mime=art.mime, display="inline"))
    return out


def _progress_steps(loop: asyncio.AbstractEventLoop, pending: list[Future[None]]) -> ProgressHook:
    """A progress hook for the worker thread: opens a step saying what is computed before a tool runs and
    closes it with its duration when the tool is done."""
    import time

    from chainlit.utils import utc_now

    from agents.progress import done_text, step_title

    open_steps: dict[str, tuple[cl.Step, float, str]] = {}  # tool -> (step, start, first text)
    in_order = asyncio.Lock()  # a step is closed only after it was sent

    async def start(tool: str, text: str) -> None:
        async with in_order:
            if tool in open_steps:  # a stage of a running tool finished (e.g. a link of the overview)
                open_steps[tool][0].output = text
                await open_steps[tool][0].update()
                return
            step = cl.Step(name=step_title(tool, text), type="tool", show_input=False, default_open=True)
            step.start, step.output = utc_now(), text
            open_steps[tool] = (step, time.perf_counter(), text)
            await step.send()

    async def end(tool: str) -> None:
        async with in_order:
            if tool not in open_steps:
                return
            step, began, first = open_steps.pop(tool)
            step.end = utc_now()
            seconds = f"{time.perf_counter() - began:.1f}".replace(".", ",")
            step.output = f"{done_text(first)} – fertig nach {seconds} s"
            await step.update()

    def hook(tool: str, text: str | None) -> None:  # runs in the worker thread
        coro = start(tool, text) if text is not None else end(tool)
        pending.append(asyncio.run_coroutine_threadsafe(coro, loop))

    return hook


@cl.on_message
@german_errors(_say)
async def _on_message(message: cl.Message) -> None:
    files = [attachment_dict(Path(el.path), el.name, el.mime) for el in (message.elements or []) if el.path]
    await _answer(message.content or "", files)


async def _answer(text_in: str, files: list[dict[str, Any]]) -> None:
    """Run one turn off the event loop and send its answer (with the lab tour's buttons where it offers them)."""
    # the Chainlit thread id survives reconnects and is the key of the LangGraph checkpoint
    thread_id = cl.context.session.thread_id
    user = cl.user_session.get("user")
    role = await _role()
    if role is None:  # removed from the user store: the old login cookie no longer counts
        await _relogin()
        return
    async with ANSWERING.track(thread_id):  # a tab that reopens the thread meanwhile shows the answer when stored
        await _answer_turn(text_in, files, thread_id, user, role)


async def _answer_turn(text_in: str, files: list[dict[str, Any]], thread_id: str, user: Any, role: Role) -> None:
    from agents.service import ask

    loop = asyncio.get_running_loop()
    answer = cl.Message(content="", author="synerKI (KI)")

    pending: list[Future[None]] = []

    def on_token(token: str) -> None:  # called from the worker thread while an LLM words the answer
        pending.append(asyncio.run_coroutine_threadsafe(answer.stream_token(token), loop))

    # blocking work (model fits, solvers, detection) runs off the event loop, in the turns' own pool
    who = _turn_key(user.identifier if user else "anonym", role)
    result = await TURNS.run(
        who,
        thread_id,
        ask,
        text_in,
        role=role,
        thread_id=thread_id,
        user=who,  # the thread's owner: one visit of the shared guest login never continues another's
        attachments=files,
        on_token=on_token,
        on_progress=_progress_steps(loop, pending),
    )
    await asyncio.gather(*(asyncio.wrap_future(f) for f in pending))
    text, method = split_method(result.text)  # the method and its terms are folded away below the answer
    if not cl.user_session.get("ai_notice_shown") and AI_NOTICE not in text:
        text = f"{text}\n\n---\n_{AI_NOTICE}_"
        cl.user_session.set("ai_notice_shown", True)
    answer.content = text  # replaces streamed tokens if the grounding check rejected them
    answer.elements = _elements(result.artifacts)
    answer.actions = _tour_actions(result.data.get("tour") or {})
    await answer.send()  # ends a stream and persists the message
    if method:
        await _method_step(answer, method)


async def _method_step(answer: cl.Message, method: str) -> None:
    """'So habe ich gerechnet' as a closed step under the answer: one click opens the method and its terms."""
    from chainlit.utils import utc_now

    step = cl.Step(
        name=METHOD_TITLE, type="tool", parent_id=answer.id, show_input=False, default_open=False, language=None
    )
    step.start, step.output, step.end = utc_now(), method, utc_now()
    await step.send()


def _tour_actions(tour: dict[str, Any]) -> list[cl.Action]:
    """The lab tour's buttons: "Weiter" to the next station, the readiness check after the last one."""
    actions = []
    if tour.get("next"):
        actions.append(
            cl.Action(name="tour_next", payload={"say": TOUR_NEXT}, label="Weiter ▶", tooltip="Nächste Station")
        )
    if tour.get("check_offer"):
        actions.append(
            cl.Action(
                name="tour_check", payload={"say": TOUR_CHECK}, label="Check starten", tooltip="Eigenen Betrieb prüfen"
            )
        )
    return actions


@cl.action_callback("tour_next")
@cl.action_callback("tour_check")
@german_errors(_say)
async def _tour_action(action: cl.Action) -> None:
    """A tour button says its words as the visitor's message (the same turn as typing them)."""
    say = TOUR_NEXT if action.name == "tour_next" else TOUR_CHECK
    await action.remove()  # one click per station: the old button disappears
    user = cl.user_session.get("user")
    await cl.Message(content=say, author=user.identifier if user else "Sie", type="user_message").send()
    await _answer(say, [])
