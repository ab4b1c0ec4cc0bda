"""Tool `process_map`: the dialogue that maps the firm's processes ("Wo verlieren wir Zeit?"); its state lives in
ctx.memory['readiness']['process_map'], the finished map in the readiness store (per thread)."""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.prompts import RESULT_NOTICE
from agents.readiness.interview import is_paused as interview_paused
from tools.format_de import num
from tools.readiness.faq import is_question
from tools.readiness.mapper import normalize
from tools.readiness.process_chart import process_chart, process_table
from tools.readiness.process_dialogue import (
    DialogueState,
    DialogueTurn,
    advance,
    answer_question,
    command,
    explain_term,
    faq_answer,
    result_map,
    resume,
    start,
    trade_named,
)
from tools.readiness.process_parse import parse_answer
from tools.readiness.processes import PAIN_TITLES, ProcessMap
from tools.readiness.profile import business_named
from tools.readiness.store import load_process_map, save_process_map

MEMORY_KEY = "readiness"
STATE_KEY = "process_map"
_RESTART = re.compile(
    r"\b(neu|von vorne?|nochmal|noch mal|neue)\b.*\b(prozess|ablae?u?f|landkarte|karte|erfassen)"
    r"|\b(prozess\w*|ablaeufe|landkarte)\b.*\b(neu|von vorne?|nochmal|noch mal)\b"
)


def _stored(memory: dict[str, Any]) -> dict[str, Any]:
    mine: dict[str, Any] = memory.get(MEMORY_KEY) or {}
    raw: dict[str, Any] = mine.get(STATE_KEY) or {}
    return raw


def is_active(memory: dict[str, Any]) -> bool:
    """True while the dialogue runs and is not paused: the supervisor sends every answer here."""
    st = _stored(memory)
    return st.get("phase") in ("trade", "processes", "goals") and not st.get("paused", False)


def open_question(memory: dict[str, Any]) -> str | None:
    """The running map's open question, shown again under a reply that did not answer it (a refusal, an empty
    message), so the next message still answers it."""
    prompt = str(_stored(memory).get("last_prompt") or "")
    return f"Zurück zur Prozesslandkarte:\n\n{prompt}" if is_active(memory) and prompt else None


def resumes(memory: dict[str, Any], text: str) -> bool:
    """True when the dialogue is paused and `text` resumes it ("weiter")."""
    st = _stored(memory)
    return bool(st.get("paused")) and st.get("phase") in ("trade", "processes", "goals") and command(text) == "resume"


def stays(text: str, memory: dict[str, Any] | None = None) -> bool:
    """True when a message belongs to the dialogue: a question about it, a command, a process answer, or any
    statement while it asks for the trade or the goals ("mehr Umsatz, Kosten senken")."""
    if is_question(text):
        return faq_answer(text) is not None
    if _stored(memory or {}).get("phase") in ("trade", "goals"):
        return True
    p = parse_answer(text)
    return command(text) is not None or p.hours is not None or p.dontknow or bool(p.pains or p.data)


def leaves(text: str) -> bool:
    """True when a message during the dialogue asks something else (it may go to another tool)."""
    return is_question(text) and faq_answer(text) is None


def pause(memory: dict[str, Any]) -> dict[str, Any]:
    """Memory with the running dialogue paused (a question for another tool; "weiter" resumes it)."""
    mem = dict(memory.get(MEMORY_KEY) or {})
    if mem.get(STATE_KEY):
        mem[STATE_KEY] = {**mem[STATE_KEY], "paused": True}
    return {**memory, MEMORY_KEY: mem}


def _trade(memory: dict[str, Any]) -> str | None:
    """The trade known from the readiness interview of this thread (running or finished), if any."""
    mem = memory.get(MEMORY_KEY) or {}
    for raw in ((mem.get("interview") or {}).get("profile"), (mem.get("result") or {}).get("profile")):
        if raw and raw.get("trade"):
            return str(raw["trade"])
    return None


def summary(m: ProcessMap) -> str:
    """German lines on the bottlenecks, the goals and what is assumed."""
    lines = []
    worst = m.bottlenecks()
    if worst:
        parts = [
            f"{p.title} ({num(p.hours_per_week or 0, 1, trim=True)} Std./Woche; "
            f"{', '.join(PAIN_TITLES[x] for x in p.pains)}{'; angenommen' if p.assumed else ''})"
            for p in worst
        ]
        lines.append("Die größten Zeitfresser (Stunden × Probleme): " + "; ".join(parts) + ".")
    own = max(
        (p for p in m.processes if not p.assumed and p.hours_per_week),
        key=lambda p: p.hours_per_week or 0,
        default=None,
    )
    if own is not None and own not in worst:  # "Das Binden dauert am längsten": named even without a pain
        lines.append(
            f"Ihr zeitintensivster Ablauf nach Ihren Angaben: {own.title} ({num(own.hours_per_week or 0, 1, trim=True)} "
            "Std./Woche)."
        )
    goals = "; ".join(m.goals) or "–"
    lines.append(f"Ihre Ziele{' (typisch für die Branche, angenommen)' if m.goals_assumed else ''}: {goals}.")
    n_assumed = sum(p.assumed for p in m.processes)
    if n_assumed:
        lines.append(
            f"{n_assumed} von {len(m.processes)} Abläufen sind typische Werte der Branche („angenommen“); "
            "mit „Prozesslandkarte neu“ können Sie sie durch Ihre eigenen ersetzen."
        )
    return "\n".join(lines)


def _show(m: ProcessMap, head: str, event: str) -> AgentReply:
    chart = process_chart(m)
    return AgentReply(
        text=f"{head}\n\n{process_table(m)}\n\n{summary(m)}\n\n{RESULT_NOTICE}",
        tools_called=["process_map"],
        artifacts=[Artifact(kind="image", path=chart, name="Prozesslandkarte.png")],
        data={
            "event": event,
            "process_map": m.model_dump(mode="json"),
            "bottlenecks": [p.id for p in m.bottlenecks()],
        },
    )


def _reply(turn: DialogueTurn) -> AgentReply:
    st = turn.state
    return AgentReply(
        text=turn.text,
        tools_called=["process_map"],
        data={
            "event": turn.event,
            "phase": st.phase,
            "current": st.current,
            "answered": len(st.answered),
            "paused": st.paused,
        },
    )


CHECK_PAUSED = (
    "Ihr KI-Readiness-Check ist pausiert und wartet an der Stelle, an der Sie aufgehört haben. Wenn die "
    "Prozesslandkarte fertig ist – oder Sie hier „Pause“ sagen –, geht es mit „weiter“ im Check weiter.\n\n"
)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Start, continue, pause or finish the process-map dialogue; show the stored map when one exists."""
    mem: dict[str, Any] = dict(ctx.memory.get(MEMORY_KEY) or {})
    raw = _stored(ctx.memory)
    state = DialogueState.model_validate(raw) if raw else None
    text = slots.text or ""
    running = state is not None and state.phase in ("trade", "processes", "goals")
    restart = _RESTART.search(normalize(text)) is not None
    done = None if running else load_process_map(ctx.thread_id)
    if done is not None and not restart:
        return _show(done, "Hier ist Ihre Prozesslandkarte. Mit „Prozesslandkarte neu“ erfassen Sie sie neu.", "shown")
    if state is None or not running or restart:
        known = state.map.trade if state is not None and state.phase != "trade" else None
        earlier = _trade(ctx.memory) or known or (done.trade if done is not None else None)
        said = trade_named(text)  # "Wir sind ein Blumenladen – wo verlieren wir Zeit?": the trade said right away
        if said is None and business_named(text) is not None:  # "Wir haben ein Fotostudio": named, not on the list
            earlier = None  # the business said now wins over a trade remembered from the check (trial 21)
        turn = start(said or earlier, named=said is not None and said != earlier, text=text)
    elif state.paused:
        turn = resume(state) if command(text) != "abort" else advance(state.model_copy(update={"paused": False}), text)
    elif (
        is_question(text) and (answer := explain_term(state, text) or faq_answer(text)) is not None
    ):  # "Was bringt mir das?": same step again
        turn = answer_question(state, answer)
    else:
        turn = advance(state, text)
    fresh = state is None or not running or restart
    mem[STATE_KEY] = turn.state.model_dump(mode="json")
    ctx.memory[MEMORY_KEY] = mem
    if turn.event != "done":
        reply = _reply(turn)
        if fresh and interview_paused(ctx.memory):  # started from inside the check (browser trial, issue 20)
            reply.text = CHECK_PAUSED + reply.text
        return reply
    m = result_map(turn.state)
    save_process_map(ctx.thread_id, m, ctx.today)
    reply = _show(m, turn.text, "done")
    if mem.get("result"):
        reply.text += (
            "\n\nSagen Sie „Strategie erstellen“ – ich leite aus Karte und Interview konkrete KI-Anwendungsfälle ab."
        )
    elif interview_paused(ctx.memory):  # the map was started from inside the check: it waits where it stopped
        reply.text += (
            "\n\nIhr KI-Readiness-Check wartet an der Stelle, an der Sie aufgehört haben – schreiben Sie „weiter“. "
            "Danach leite ich mit „Strategie erstellen“ aus Karte und Check konkrete KI-Anwendungsfälle ab."
        )
    else:
        reply.text += (
            "\n\nMit dem KI-Readiness-Check („KI-Check starten“) und danach „Strategie erstellen“ leite ich "
            "daraus konkrete KI-Anwendungsfälle ab."
        )
    return reply
