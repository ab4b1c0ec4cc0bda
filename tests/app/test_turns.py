"""Chat turns run in a pool of their own, one at a time per thread and at most two at once per login
(hostile test 13: turns ran in asyncio's default pool of min(32, CPUs + 4) = 6 workers here, which logins and
role look-ups share, so six slow turns of one user froze every login and every other chat)."""

from __future__ import annotations

import asyncio
import threading
import time

from app.turns import TurnGate


def _blocking(gate: threading.Event, log: list[str], name: str) -> str:
    log.append(f"+{name}")
    gate.wait(5)
    log.append(f"-{name}")
    return name


async def test_a_busy_turn_pool_never_blocks_logins_and_role_lookups() -> None:
    turns, release, log = TurnGate(workers=2, per_user=2), threading.Event(), []
    busy = [asyncio.create_task(turns.run(f"u{i}", f"t{i}", _blocking, release, log, str(i))) for i in range(6)]
    await asyncio.sleep(0.2)
    start = time.perf_counter()
    assert await asyncio.wait_for(asyncio.to_thread(lambda: "login"), 2) == "login"  # e.g. bcrypt of a login
    assert time.perf_counter() - start < 1
    release.set()
    assert sorted(await asyncio.gather(*busy)) == [str(i) for i in range(6)]


async def test_turns_of_one_thread_run_one_after_another() -> None:
    turns, release, log = TurnGate(), threading.Event(), []
    first = asyncio.create_task(turns.run("chefin", "t1", _blocking, release, log, "a"))
    second = asyncio.create_task(turns.run("chefin", "t1", _blocking, release, log, "b"))
    other = asyncio.create_task(turns.run("chefin", "t2", _blocking, release, log, "c"))
    await asyncio.sleep(0.3)
    assert "+a" in log and "+c" in log and "+b" not in log  # another thread runs, the same thread waits
    release.set()
    await asyncio.gather(first, second, other)
    assert log.index("-a") < log.index("+b")


async def test_one_login_gets_at_most_two_turns_at_once() -> None:
    turns, release, log = TurnGate(workers=8, per_user=2), threading.Event(), []
    mine = [asyncio.create_task(turns.run("gast", f"g{i}", _blocking, release, log, f"g{i}")) for i in range(4)]
    theirs = asyncio.create_task(turns.run("mitarbeiter", "m", _blocking, release, log, "m"))
    await asyncio.sleep(0.3)
    assert sum(e.startswith("+g") for e in log) == 2 and "+m" in log
    release.set()
    await asyncio.gather(*mine, theirs)


def test_the_web_app_runs_its_turns_through_the_gate() -> None:
    """The chat turn and the alert button (both run tools) use TURNS, not asyncio's shared default pool."""
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "app" / "chainlit_app.py").read_text(encoding="utf-8")
    assert source.count("await TURNS.run(") == 2 and "_turn_key(name, role), thread_id, act_on_alert" in source
    assert "user=who," in source and 'who = _turn_key(user.identifier if user else "anonym", role)' in source
    assert "to_thread(ask" not in source.replace("\n", "").replace(" ", "")
    assert "to_thread(act_on_alert" not in source.replace("\n", "").replace(" ", "")


async def test_a_turn_runs_in_the_callers_context() -> None:
    """Chainlit keeps its session in a context variable; the progress steps a turn opens need it (as to_thread)."""
    import contextvars

    session: contextvars.ContextVar[str] = contextvars.ContextVar("session")
    session.set("sitzung-1")
    assert await TurnGate().run("chefin", "t", session.get) == "sitzung-1"


async def test_a_failing_callback_answers_in_german_with_an_error_id(caplog) -> None:  # type: ignore[no-untyped-def]
    """Hostile test 13: an exception outside the tools (router, checkpoint, the app) reached the user as
    Chainlit's error message with its English text, e.g. 'database is locked' or 'Chainlit context not found'."""
    from app.turns import german_errors

    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    @german_errors(send)
    async def on_message(text: str) -> None:
        raise RuntimeError(f"database is locked: /srv/var/checkpoints.sqlite ({text})")

    await on_message("Wie ist der Kontostand?")
    assert len(sent) == 1 and "interner Fehler" in sent[0] and "Fehler-ID" in sent[0]
    assert "database" not in sent[0] and "/srv" not in sent[0]
    error_id = sent[0].split("Fehler-ID ")[1][:8]
    assert error_id in caplog.text and "database is locked" in caplog.text  # the log keeps what happened


async def test_a_user_facing_error_keeps_its_own_german_sentence() -> None:
    from app.turns import german_errors
    from tools.errors import RequestError

    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    @german_errors(send)
    async def on_message() -> None:
        raise RequestError("Für diesen Tag gibt es keine Prognose.")

    await on_message()
    assert sent == ["Für diesen Tag gibt es keine Prognose."]


def test_every_chainlit_callback_that_runs_a_turn_answers_failures_in_german() -> None:
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "app" / "chainlit_app.py").read_text(encoding="utf-8")
    for callback in ("_start", "_alert_act", "_alert_dismiss", "_on_message", "_tour_action"):
        assert f"@german_errors(_say)\nasync def {callback}(" in source, callback


def test_each_visit_of_the_shared_guest_login_is_its_own_visitor() -> None:
    """Hostile test 13: all lab visitors log in as „gast“; by login alone visitor B could continue visitor A's
    thread (its URL in the lab computer's browser history) and ask for A's readiness result."""
    from app.turns import visitor

    assert visitor("gast", "guest", "s1") != visitor("gast", "guest", "s2")
    assert visitor("inhaberin", "owner", "s1") == visitor("inhaberin", "owner", "s2") == "inhaberin"


def test_a_tab_that_reopens_a_thread_waits_for_its_running_answer() -> None:
    """hostile16: a reload during a long answer lost it in the new tab (it went to the old socket); the new tab
    now learns that the thread is being answered and waits until the answer is stored."""
    from app.turns import Answering

    async def scenario() -> list[str]:
        answering, seen = Answering(), []

        async def answer(delay: float) -> None:
            async with answering.track("t1"):
                await asyncio.sleep(delay)
                seen.append(f"Antwort {delay}")

        async def reopened_tab() -> None:
            assert answering.busy("t1")
            assert await answering.wait("t1")
            seen.append("Tab zeigt das Gespräch")

        first = asyncio.create_task(answer(0.05))
        second = asyncio.create_task(answer(0.1))  # a second tab's message in the same thread
        await asyncio.sleep(0.01)
        await asyncio.gather(first, second, reopened_tab())
        assert not answering.busy("t1") and not await answering.wait("t1")
        return seen

    assert asyncio.run(scenario()) == ["Antwort 0.05", "Antwort 0.1", "Tab zeigt das Gespräch"]


def test_a_failed_answer_does_not_leave_its_thread_busy() -> None:
    from app.turns import Answering

    async def scenario() -> bool:
        answering = Answering()
        try:
            async with answering.track("t2"):
                raise RuntimeError("kaputt")
        except RuntimeError:
            pass
        return answering.busy("t2")

    assert asyncio.run(scenario()) is False


def test_a_stopped_turn_keeps_its_thread_until_the_worker_is_done() -> None:
    """hostile16: the stop button cancels the waiting task, but the turn's worker runs on; the thread's next turn
    must not start on the checkpoint before it is finished."""
    import threading

    from app.turns import TurnGate

    gate, order = TurnGate(workers=2), []
    release = threading.Event()

    def slow() -> str:
        release.wait(2)
        order.append("erster Turn fertig")
        return "a"

    def quick() -> str:
        order.append("zweiter Turn")
        return "b"

    async def scenario() -> None:
        first = asyncio.create_task(gate.run("u", "t", slow))
        await asyncio.sleep(0.05)
        first.cancel()  # the stop button
        second = asyncio.create_task(gate.run("u", "t", quick))
        await asyncio.sleep(0.1)
        assert order == []  # the second turn waits for the stopped one's worker
        release.set()
        assert await second == "b"
        try:
            await first
        except asyncio.CancelledError:
            pass

    asyncio.run(scenario())
    assert order == ["erster Turn fertig", "zweiter Turn"]


def test_the_stop_button_answers_in_german() -> None:
    from app.hardening import harden_chainlit
    from app.socket_guard import STOPPED, stop

    harden_chainlit()
    from chainlit.server import sio

    assert sio.handlers["/"]["stop"] is stop and "Angehalten" in STOPPED
    assert asyncio.run(stop("kein-socket")) is None
