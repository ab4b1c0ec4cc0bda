"""The supervisor as a LangGraph StateGraph: guard → route → authorize → act → finish."""
from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any, Callable, Literal

from langchain_core.runnables import RunnableConfig

from langgraph.graph import END, START, StateGraph
from pydantic import BaseModel, Field

from agents.contracts import ROLE_TOOLS, TOOL_AGENT, AgentReply, Artifact, Attachment, Role, Slots, TurnContext
from agents.domains import TOOL_TITLES, run_domain_tool
from agents.nlu.router import Router, default_router
from agents.nlu.slots import extract_slots
from agents.prompts import CLARIFY, EMPTY, REFUSAL, ROLE_NAMES, TOO_LONG
from agents.state import SupervisorState
from agents.supervisor import clarify
from tools.errors import UserFacingError
from tools.settings import get_settings

log = logging.getLogger(__name__)
HISTORY_TURNS = 20
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}
DOC_SUFFIXES = {".md", ".pdf", ".docx", ".txt"}
DATA_SUFFIXES = {".csv"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UNSUPPORTED = ("Die Datei „{name}“ kann ich nicht verarbeiten. Erlaubt sind Fotos (JPG, PNG, WEBP), Dokumente "
               "(PDF, DOCX, Markdown, Text) und Verkaufsdaten als CSV. Ihre Nachricht ist nicht verloren.")
TOO_BIG = "Die Datei „{name}“ ist mit {mb:.0f} MB zu groß (höchstens 20 MB). Bitte verkleinern Sie sie."
_NO_CLARIFY = {"help", "smalltalk", "out_of_scope"}
# a request that points to a tool the role may not use is refused only when the router is fairly sure;
# below this it asks back with the role's own tools ("Kriege ich als Azubi mehr Urlaub?" from an
# employee is more likely a handbook question than a staffing request)
FORBIDDEN_MIN_CONFIDENCE = 0.5


class TurnResult(BaseModel):
    """What one turn produced: the German answer plus where it came from."""

    text: str
    agent: str
    tool: str
    confidence: float = 1.0
    tools_called: list[str] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)


def _reply(state: SupervisorState, tool: str, reply: AgentReply) -> SupervisorState:
    return {"tool": tool, "reply": reply.model_dump(mode="json")}


def guard(state: SupervisorState) -> SupervisorState:
    """Reject empty and oversized messages with a German explanation."""
    text = (state.get("request") or "").strip()
    limit = get_settings().max_message_chars
    if not text and not state.get("attachments"):
        return _reply(state, "help", AgentReply(text=EMPTY.format(example="Wobei können Sie mir helfen?")))
    if len(text) > limit:
        return _reply(state, "help", AgentReply(text=TOO_LONG.format(n=len(text), limit=limit)))
    for a in state.get("attachments") or []:
        suffix = Path(a["name"]).suffix.lower()
        if suffix not in IMAGE_SUFFIXES | DOC_SUFFIXES | DATA_SUFFIXES:
            return _reply(state, "help", AgentReply(text=UNSUPPORTED.format(name=a["name"])))
        size = Path(a["path"]).stat().st_size if Path(a["path"]).exists() else 0
        if size > MAX_UPLOAD_BYTES:
            return _reply(state, "help", AgentReply(text=TOO_BIG.format(name=a["name"], mb=size / 1e6)))
    return {"reply": None, "tool": None}


def _attachment_tool(attachments: list[dict[str, Any]]) -> str | None:
    suffixes = {Path(a["name"]).suffix.lower() for a in attachments}
    if suffixes & IMAGE_SUFFIXES:
        return "quality_check"
    if suffixes & DATA_SUFFIXES:
        return "data_import"
    if suffixes & DOC_SUFFIXES:
        return "onboarding_qa"
    return None


def make_route(router: Router, model: Any = None):
    """The routing node: attachments first, a running interview next, then the LLM planner, then the router."""

    def route(state: SupervisorState) -> SupervisorState:
        text = state.get("request", "")
        today = get_settings().today()
        slots = extract_slots(text, today)
        attached = _attachment_tool(state.get("attachments") or [])
        if attached == "data_import" and text.strip() and router.route(text).tool == "forecast":
            attached = "forecast"  # "Prognose für diese Datei": forecast the uploaded series directly
        memory = state.get("memory") or {}  # a pending "Meinen Sie …?" is answered now or dropped
        if attached:
            return {"tool": attached, "confidence": 1.0, "slots": slots.model_dump(mode="json"), "calls": [],
                    "memory": clarify.forget(memory)}
        chosen = None if _interview_running(state) else clarify.resolve(memory, text, TOOL_TITLES)
        if chosen:  # "Ja" to "Meinen Sie …?": the offered tool answers the original request
            return {"tool": chosen.options[0], "confidence": 1.0, "calls": [], "memory": clarify.forget(memory),
                    "slots": extract_slots(chosen.request, today).model_dump(mode="json")}
        if model is not None and not _interview_running(state):
            from agents.llm.planner import plan

            calls = plan(model, text, ROLE_TOOLS[state["role"]], today, state.get("history"))
            if calls:
                first = calls[0]
                return {"tool": first.tool, "confidence": 1.0, "slots": first.slots.model_dump(mode="json"),
                        "calls": [{"tool": c.tool, "slots": c.slots.model_dump(mode="json")} for c in calls[1:]],
                        "llm_used": True, "memory": clarify.forget(memory)}
        decision = router.route(text)
        tool, conf = decision.tool, decision.confidence
        if _interview_running(state) and (tool not in ROLE_TOOLS[state["role"]] or conf < 0.8 or tool in {"smalltalk", "out_of_scope", "help"}):
            tool, conf = "interview", 1.0
        options = [t for t, _ in [(decision.tool, conf), *decision.alternatives]
                   if t in ROLE_TOOLS[state["role"]] and t not in _NO_CLARIFY][:2]
        forbidden_unsure = tool not in ROLE_TOOLS[state["role"]] and conf < FORBIDDEN_MIN_CONFIDENCE and options
        if (decision.unsure or forbidden_unsure) and tool != "interview":
            text_options = " oder ".join(f"„{TOOL_TITLES[o]}“" for o in options) or "etwas aus der Hilfe"
            return {"tool": "help", "confidence": conf, "slots": slots.model_dump(mode="json"),
                    "memory": clarify.remember(memory, text, options),
                    "reply": AgentReply(text=CLARIFY.format(options=text_options),
                                        data={"clarify": options}).model_dump(mode="json")}
        return {"tool": tool, "confidence": conf, "slots": slots.model_dump(mode="json"), "calls": [],
                "memory": clarify.forget(memory)}

    return route


def _interview_running(state: SupervisorState) -> bool:
    try:
        from agents.readiness.interview import is_active
    except ImportError:
        return False
    return bool(is_active(state.get("memory") or {}))


def authorize(state: SupervisorState) -> SupervisorState:
    """Enforce the role's tool set; nothing of a forbidden tool runs."""
    tool = state["tool"] or "help"
    if tool not in ROLE_TOOLS[state["role"]]:
        text = REFUSAL.format(title=TOOL_TITLES[tool], role=ROLE_NAMES[state["role"]])
        return _reply(state, tool, AgentReply(text=text, data={"refused": tool}))
    return {}


def _run_one(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    try:
        return run_domain_tool(tool, slots, ctx)
    except UserFacingError as exc:
        return AgentReply(text=str(exc), tools_called=[tool])
    except Exception:  # a tool bug must not kill the chat
        log.exception("tool %s failed", tool)
        return AgentReply(text=f"Bei der Funktion „{TOOL_TITLES[tool]}“ ist ein interner Fehler aufgetreten. "
                               "Ihre Nachricht ist nicht verloren – bitte versuchen Sie es gleich noch einmal "
                               "oder formulieren Sie die Frage anders.", tools_called=[tool])


def _merge(replies: list[AgentReply]) -> AgentReply:
    if len(replies) == 1:
        return replies[0]
    return AgentReply(text="\n\n".join(r.text for r in replies),
                      tools_called=[t for r in replies for t in r.tools_called],
                      artifacts=[a for r in replies for a in r.artifacts],
                      data={"chain": [r.data for r in replies]})


def act(state: SupervisorState) -> SupervisorState:
    """Run the routed tool (and any chained LLM calls the role may use) in the domain agents."""
    tool = state["tool"] or "help"
    ctx = TurnContext(role=state["role"], thread_id=state.get("user", "anonym"), user=state.get("user", "anonym"),
                      today=get_settings().today(), memory=dict(state.get("memory") or {}),
                      attachments=[Attachment(**a) for a in state.get("attachments") or []])
    replies = [_run_one(tool, Slots(**(state.get("slots") or {"text": state.get("request", "")})), ctx)]
    for call in state.get("calls") or []:
        if call["tool"] in ROLE_TOOLS[state["role"]]:  # re-checked: never trust the planner
            replies.append(_run_one(call["tool"], Slots(**call["slots"]), ctx))
    return {"reply": _merge(replies).model_dump(mode="json"), "memory": ctx.memory}


def make_word(model: Any):
    """With an LLM: let it word the answer from the tool results; keep ours unless it is grounded."""

    def word(state: SupervisorState, config: RunnableConfig) -> SupervisorState:
        reply = dict(state.get("reply") or {})
        if model is None or state.get("tool") in {"interview", "help", "out_of_scope"} or not reply.get("text"):
            return {}
        from agents.llm.wording import cite_sources, word_answer

        data = reply.get("data") or {}
        if state.get("tool") == "onboarding_qa" and not data.get("found"):
            return {}  # no passage, no answer: the embedded "nicht in den Unterlagen" stands
        on_token = (config.get("configurable") or {}).get("on_token")
        answer = word_answer(model, state.get("request", ""), reply["text"], reply.get("data") or {}, on_token)
        if answer is None:
            reply.setdefault("data", {})["llm_fallback"] = "Formulierung verworfen (ungeprüfte Zahl oder Fehler)"
            return {"reply": reply}
        reply["text"] = cite_sources(answer, data.get("passages") or []) if state.get("tool") == "onboarding_qa" else answer
        return {"reply": reply}

    return word


def finish(state: SupervisorState) -> SupervisorState:
    """Append the turn to the thread's history (bounded)."""
    history = list(state.get("history") or [])
    history.append({"role": "user", "content": state.get("request", "")})
    history.append({"role": "assistant", "content": (state.get("reply") or {}).get("text", "")})
    return {"history": history[-2 * HISTORY_TURNS:]}


def _after_guard(state: SupervisorState) -> Literal["route", "finish"]:
    return "finish" if state.get("reply") else "route"


def _after_route(state: SupervisorState) -> Literal["authorize", "finish"]:
    return "finish" if state.get("reply") else "authorize"


def _after_authorize(state: SupervisorState) -> Literal["act", "finish"]:
    return "finish" if state.get("reply") else "act"


def build_graph(router: Router | None = None, checkpointer: Any = None, model: Any = None):
    """Compile the supervisor graph: embedded router by default, an optional LLM chat model on top."""
    g = StateGraph(SupervisorState)
    g.add_node("guard", guard)
    g.add_node("route", make_route(router or default_router(), model))
    g.add_node("authorize", authorize)
    g.add_node("act", act)
    g.add_node("word", make_word(model))
    g.add_node("finish", finish)
    g.add_edge(START, "guard")
    g.add_conditional_edges("guard", _after_guard)
    g.add_conditional_edges("route", _after_route)
    g.add_conditional_edges("authorize", _after_authorize)
    g.add_edge("act", "word")
    g.add_edge("word", "finish")
    g.add_edge("finish", END)
    return g.compile(checkpointer=checkpointer)


def attachment_dict(path: Path, name: str | None = None, mime: str | None = None) -> dict[str, Any]:
    """An uploaded file as stored in the state."""
    name = name or path.name
    return {"path": str(path), "name": name, "mime": mime or mimetypes.guess_type(name)[0]}


def run_turn(graph: Any, text: str, *, role: Role, thread_id: str, user: str = "anonym",
             attachments: list[dict[str, Any]] | None = None,
             on_token: Callable[[str], None] | None = None) -> TurnResult:
    """Run one turn on a compiled graph and return the typed result."""
    config = {"configurable": {"thread_id": thread_id, "on_token": on_token},
              "recursion_limit": get_settings().recursion_limit}
    state = graph.invoke({"request": text, "role": role, "user": user, "attachments": attachments or [],
                          "reply": None, "tool": None, "slots": None, "confidence": 1.0, "calls": [],
                          "llm_used": False}, config)
    reply = AgentReply(**state["reply"])
    tool = state.get("tool") or "help"
    return TurnResult(text=reply.text, agent=TOOL_AGENT.get(tool, "supervisor"), tool=tool,
                      confidence=float(state.get("confidence") or 1.0), tools_called=reply.tools_called,
                      artifacts=reply.artifacts, data=reply.data)
