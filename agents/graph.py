"""The supervisor as a LangGraph StateGraph: guard → route → authorize → act → word → finish."""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from pydantic import BaseModel, Field

from agents.contracts import AgentReply, Artifact, Attachment, Role, Slots, TurnContext, View
from agents.exports.request import export_request
from agents.finance.hire_answer import asks_hire
from agents.hr.handbook_documents import wants_removal
from agents.hr.leave_answer import asks_leave
from agents.hr.onboarding_qa import MEMORY_KEY as HANDBOOK_MEMORY
from agents.hr.staffing import asks_fewer_hours
from agents.ignored_input import with_ignored_note
from agents.nlu import followup, two_questions
from agents.nlu.dates import MONTHS, far_ahead_note, impossible_date_note, missing_date_note
from agents.nlu.gibberish import is_gibberish
from agents.nlu.normalize import tokens
from agents.nlu.other_business import asks_about_other_business
from agents.nlu.residual_words import residual
from agents.nlu.router import (
    MIN_CONFIDENCE,
    RouteDecision,
    Router,
    default_router,
    heed_offers,
    heed_products,
    heed_quality,
    heed_weather,
)
from agents.nlu.slots import extract_slots
from agents.opening_note import with_opening_note
from agents.operations.common import asks_bakehouse_work, asks_what_to_bake
from agents.operations.fuel_rate import named_fuel_rate
from agents.operations.oven_cost import asks_oven_hour_cost
from agents.operations.planning_time import asks_planning_time, gives_minutes
from agents.operations.stocktaking import asks_stocktaking
from agents.operations.tour_cost_answer import asks_tour_cost
from agents.plain import METHOD_HEADING, method_after_decision, short_version, split_method
from agents.progress import INSTANT, ProgressHook, progress_text, shown_title
from agents.prompts import (
    CLARIFY,
    EMPLOYEE_REFUSAL,
    EMPTY,
    FORBIDDEN_MAYBE,
    GUEST_REFUSAL,
    GUEST_TOUR_HINT,
    INTERNAL_ERROR,
    NO_PREVIOUS_FILE,
    NOT_UNDERSTOOD,
    NOTHING_OFFERED,
    OFFER_DECLINED,
    OTHER_QUESTION,
    OTHER_THREAD,
    REFUSAL,
    ROLE_NAMES,
    TOO_LONG,
)
from agents.readiness.interview import answers_paused as interview_answered_in_pause
from agents.readiness.interview import (
    asks_about_result,
    asks_check_faq_after_result,
    asks_for_own_business,
    asks_next_steps,
    describes_business,
    explains_result,
    opens_with_question,
)
from agents.readiness.interview import faq_before_start as interview_faq
from agents.readiness.interview import is_active as interview_running
from agents.readiness.interview import is_paused as interview_paused
from agents.readiness.interview import leaves as interview_leaves
from agents.readiness.interview import open_question as interview_open_question
from agents.readiness.interview import opens as interview_opens
from agents.readiness.interview import pause as pause_interview
from agents.readiness.interview import resumes as interview_resumes
from agents.readiness.interview import starts_on_weiter as interview_on_weiter
from agents.readiness.interview import stays as interview_stays
from agents.readiness.interview import wants_result as interview_wants_result
from agents.readiness.process_map import is_active as process_map_running
from agents.readiness.process_map import leaves as process_map_leaves
from agents.readiness.process_map import open_question as map_open_question
from agents.readiness.process_map import pause as pause_process_map
from agents.readiness.process_map import resumes as process_map_resumes
from agents.readiness.process_map import stays as process_map_stays
from agents.registry import agent_of, allowed_tools, authorize, spec, title
from agents.sales.margin import asks_margin
from agents.sales.review import asks_branch_profit
from agents.state import SupervisorState
from agents.supervisor import clarify, import_dialog, offer
from agents.supervisor import tour as lab_tour
from agents.supervisor.employee_default import (
    HANDBOOK_TOOL,
    HandbookCheck,
    asks_bake_time,
    asks_money_figure,
    asks_own_terms,
    closed_money_tool,
    goes_to_handbook,
    handbook_confidence,
)
from agents.supervisor.money_remark import money_remark_tool
from agents.supervisor.named_function import named_closed_function, names_demo_firm
from agents.supervisor.smalltalk import asks_data_origin
from agents.supervisor.tour_steps import station_of
from agents.supervisor.why_refused import asks_why_refused, why_refused
from agents.uploads import (
    announced_without_file,
    attachment_tool,
    left_out_note,
    rejection,
    shared_out,
    usable,
    wrong_kind,
)
from tools.errors import UserFacingError
from tools.format_de import integer
from tools.readiness.faq import asks_take_away, doubts_answer
from tools.settings import Settings, get_settings

__all__ = ["ToolRunner", "TurnResult", "build_graph", "run_safely", "run_tool", "run_turn"]

log = logging.getLogger(__name__)
HISTORY_TURNS = 20
_NO_CLARIFY = {"help", "smalltalk", "out_of_scope"}
# answers an LLM never rewords: fixed dialogues and the lab tour's stations (their buttons follow the text)
_OWN_WORDING = {"interview", "process_map", "help", "out_of_scope", "lab_tour"}
# a request that points to a tool the role may not use is refused only when the router is fairly sure;
# below this it asks back with the role's own tools ("Kriege ich als Azubi mehr Urlaub?" from an
# employee is more likely a handbook question than a staffing request)
FORBIDDEN_MIN_CONFIDENCE = 0.5
# a message the router gives to a tool the role may not use with this confidence is no follow-up of the last one
FORBIDDEN_POINTS = 0.8
# below this confidence the router's pick for a message that opens like a follow-up ("und …") is no other topic
FOLLOW_UP_SURE = 0.45
OWN_BUSINESS_SURE = 0.5  # a visitor's question about KI for their own business starts the check below this
# help or small talk picked below this confidence for a message pointing back at figures yields to a runner-up
# tool of those figures with at least NEIGHBOUR_MIN
NEUTRAL_WEAK = 0.5
NEIGHBOUR_MIN = 0.2
# multi-turn dialogues that take every answer while they run (the interview, the process map)
DIALOGUES = frozenset({"interview", "process_map"})
# a message that names the check itself: its FAQ answers it whatever the router picks
_NAMES_CHECK = re.compile(r"\b(?:check|checks|test|interview|fragebogen|fragen|umfrage|readiness)\b", re.IGNORECASE)
LAST_FILE_KEY = "last_file_request"  # memory: tool and slots of the latest answer that gave a file
# inside a running interview (or process map) only a confident request for another tool leaves it
INTERVIEW_EXIT_CONFIDENCE = 0.8
# ... or a question ("Wie lange ist meine Pause?") the router places with a tool the role may use
QUESTION_EXIT_CONFIDENCE = 0.3
# a question during a dialogue for a tool the role may not use is refused (not read as an answer) from this confidence
FORBIDDEN_LEAVES = 0.5

ToolRunner = Callable[[str, Slots, TurnContext], AgentReply]


class Node(Protocol):
    """A graph node that reads the run config (settings, thread id, token callback)."""

    def __call__(self, state: SupervisorState, config: RunnableConfig) -> SupervisorState: ...


# a message that asks something (a question mark or a question word first), not one that only hands a file over
_ASKS = re.compile(r"\?\s*$|^(?:wie|was|wann|welche\w*|wo|wieviel\w*|wer|rechne|zeig|sag)\b", re.I)
FORECAST_WORDS = re.compile(r"prognos|vorhersag|voraussag|vorausschau|forecast|hochrechn", re.I)


def run_tool(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    """The default tool runner: the registry's agent module for `tool`."""
    return spec(tool).run(slots, ctx)


class TurnResult(BaseModel):
    """What one turn produced: the German answer plus where it came from."""

    text: str
    agent: str
    tool: str
    confidence: float = 1.0
    tools_called: list[str] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)


def _settings(config: RunnableConfig | None) -> Settings:
    """The settings of this run (tests and the app may pass their own in the run config)."""
    found = ((config or {}).get("configurable") or {}).get("settings")
    return found if isinstance(found, Settings) else get_settings()


def _reply(tool: str, reply: AgentReply) -> SupervisorState:
    return {"tool": tool, "reply": reply.model_dump(mode="json")}


_TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # a colour code pasted from a terminal („\x1b[31m“)
# letters and symbols that print as nothing (Braille blank, Hangul fillers): read as spaces, like a blank
_BLANK_LOOKING = frozenset("\u2800\u3164\u115f\u1160\uffa0")


def readable(text: str) -> str:
    """The message as words: terminal colour codes and format characters removed, other control characters
    (NUL, bell, escape …) made spaces, so they neither glue to a word nor mislead the router; line breaks stay."""
    text = _TERMINAL_CODE.sub("", text)
    return "".join(_readable_char(ch) for ch in text).strip()


def _readable_char(ch: str) -> str:
    kind = unicodedata.category(ch)
    if kind == "Cf":
        return ""
    return " " if (kind == "Cc" and ch not in "\n\t") or ch in _BLANK_LOOKING else ch


def _and_open_question(state: SupervisorState, text: str) -> str:
    """A reply that did not answer the running interview's or process map's question, with that question again
    (its step is kept)."""
    memory = state.get("memory") or {}
    pending = interview_open_question(memory) or map_open_question(memory)
    return f"{text}\n\n{pending}" if pending else text


def guard(state: SupervisorState, config: RunnableConfig) -> SupervisorState:
    """Reject empty and oversized messages and unusable files with a German explanation."""
    text = (state.get("request") or "").strip()
    limit = _settings(config).max_message_chars
    if not readable(text) and not state.get("attachments"):  # also zero-width spaces, control characters only
        empty = EMPTY.format(example="Wobei können Sie mir helfen?")
        return _reply("help", AgentReply(text=_and_open_question(state, empty)))
    if len(text) > limit:
        too_long = TOO_LONG.format(n=integer(len(text)), limit=integer(limit))
        return _reply("help", AgentReply(text=_and_open_question(state, too_long)))
    reason = rejection(state.get("attachments") or [])
    if reason:
        return _reply("help", AgentReply(text=reason))
    kept, left = usable(state.get("attachments") or [])  # a mix: the usable files go on, the others are named
    return {"reply": None, "tool": None, "request": readable(text), "attachments": kept, "left_out": left}


def _routed(tool: str, slots: Slots, memory: dict[str, Any], confidence: float = 1.0) -> SupervisorState:
    """A routed turn answers or drops what was asked back before (a "Meinen Sie …?", an upload awaiting a yes)."""
    kept = memory if tool == "data_import" else import_dialog.forget(memory)  # the import reads its own
    return {
        "tool": tool,
        "confidence": confidence,
        "slots": slots.model_dump(mode="json"),
        "calls": [],
        "memory": followup.remember(clarify.forget(kept), tool, slots),
    }


# tools whose answer can say what it costs when asked right after it („was kostet mich das?“ after the tours)
_COST_TOOLS = frozenset({"delivery_routes"})
# figures without money for a role: a cost question after them is refused as the cost of those figures
_QUANTITY_VIEWS = frozenset({"quantities", "read_only"})


def _cost_of_last(memory: dict[str, Any], text: str, role: Role) -> tuple[followup.LastRequest, str] | None:
    """„Was kostet mich das?“ pointing back at the last answer: that request and the role's view of its tool, when the
    tool can say its cost (or the view has no money, so the cost is refused by name); None otherwise."""
    last = followup.recall(memory)
    view = authorize(role, last.tool) if last is not None else None
    if last is None or view is None or not asks_tour_cost(text):
        return None
    if not followup.points_back(memory, text, last.tool):
        return None
    if last.tool in _COST_TOOLS and view == "full":
        return last, view
    return (last, view) if view in _QUANTITY_VIEWS else None


def _neighbour_of_figures(decision: RouteDecision, memory: dict[str, Any], text: str) -> RouteDecision:
    """A weak pick (unsure, or help/small talk) for a message pointing back at the last figures ("was können wir
    dagegen tun?" after the plan, "warum so viele Kilometer?" after the tours): the first of the router's
    candidates that belongs to those figures, if there is one."""
    last = followup.recall(memory)
    candidates = [(decision.tool, decision.confidence), *decision.alternatives]
    candidates.sort(key=lambda tc: last is None or tc[0] != last.tool)  # the figures' own tool first
    for tool, conf in candidates:
        if conf >= NEIGHBOUR_MIN and followup.points_back(memory, text, tool):
            return RouteDecision(agent=agent_of(tool), tool=tool, confidence=max(conf, MIN_CONFIDENCE))
    return decision


def _named_topic(
    decision: RouteDecision, question: str, slots: Slots, role: Role, allowed: frozenset[str]
) -> RouteDecision:
    """Questions whose words name the tool that answers them, whatever the router read; a later rule wins."""
    remark = money_remark_tool(_or_help(decision), question)
    rules: list[tuple[str, Callable[[], bool]]] = [
        ("production_plan", lambda: asks_bakehouse_work(question)),  # „Was muss die Backstube … machen?“
        ("production_plan", lambda: "production_plan" in allowed and asks_what_to_bake(question)),
        # „Wann machen wir die Inventur?“ was asked back: the handbook's tool says that no date is stored and
        # which days between the years were quietest (trial 30)
        (HANDBOOK_TOOL, lambda: HANDBOOK_TOOL in allowed and asks_stocktaking(question)),
        # „Kann ich die Urlaubsanträge genehmigen?“ from the owner: the leave entered and the staff left, not the
        # employees' rule how to apply (trial 30)
        ("staffing", lambda: role == "owner" and "staffing" in allowed and asks_leave(question)),
        ("staffing", lambda: "staffing" in allowed and asks_fewer_hours(question)),  # „Stunden kürzen?“ (trial 33)
        ("forecast", lambda: asks_margin(question, slots.products)),  # price − cost × pieces sold
        (HANDBOOK_TOOL, lambda: role == "owner" and wants_removal(question)),  # an uploaded document out again
        ("liquidity", lambda: asks_hire(question)),  # one more person: its cost against result and cash
        ("oven_schedule", lambda: asks_oven_hour_cost(question)),  # no cost per oven hour: said so
        ("forecast", lambda: asks_branch_profit(question)),  # no profit per branch: the revenue ranking
        (HANDBOOK_TOOL, lambda: HANDBOOK_TOOL in allowed and asks_bake_time(question, slots)),
        # „Wieviel gibts an Weihnachten extra?“ from staff: their own pay and time off, not the plan for the 24th
        (HANDBOOK_TOOL, lambda: role == "employee" and HANDBOOK_TOOL in allowed and asks_own_terms(question, slots)),
        # „kuchen am samstag in salzwedel“: goods and a day and nothing else ask the forecast, not an offer or help
        ("forecast", lambda: _bare_goods_and_day(decision.tool, question, slots)),
        # „7 Euro zu viel in der Kasse“: money, not goods – the till's rules (handbook), the budget's figures
        # (an unsure pick counts as the help it would become: asked back)
        (remark or decision.tool, lambda: remark is not None),
    ]
    for tool, asks in rules:
        if decision.tool != tool and asks():
            decision = decision.model_copy(update={"agent": agent_of(tool), "tool": tool, "confidence": 1.0})
    if "delivery_routes" in allowed and named_fuel_rate(question) is not None:  # „mit 0,25 € je km“: the tour
        # cost's own figure, also when the router barely picked the tours („Kraftstoffsatz … hinterlegen“)
        tours = {"agent": agent_of("delivery_routes"), "tool": "delivery_routes", "confidence": 1.0}
        decision = decision.model_copy(update=tours)
    return decision


def _or_help(decision: RouteDecision) -> str:
    """The router's tool, or „help“ when it is unsure (the request would be asked back)."""
    return "help" if decision.unsure else decision.tool


_BARE_GOODS_MISREAD = frozenset({"offers", "help", "smalltalk", "out_of_scope"})


def _bare_goods_and_day(tool: str, question: str, slots: Slots) -> bool:
    """The message names goods and a day (and maybe a branch) and no other word: the forecast's question, when the
    router read it as an offer, help or small talk (trial 24)."""
    named = bool(slots.products or slots.groups) and slots.dates is not None
    return tool in _BARE_GOODS_MISREAD and named and not residual(question)


def _both_questions(
    router: Router, text: str, tool: str, allowed: frozenset[str], slots: Slots, today: date
) -> list[tuple[str, Slots, str]]:
    """„… und wer fährt morgen aus?“: both questions of a two-question message as (tool, slots, part) in the
    order asked, when one part asks the routed tool and the other surely another tool; [] else. Access is decided
    per part: a part the role may not use comes second (the act node refuses it), so the other is still answered."""
    parts = two_questions.split(text) or two_questions.split_requests(text)
    if parts is None:
        return []
    picks = [router.route(p) for p in parts]
    if any(d.unsure or d.confidence < FOLLOW_UP_SURE for d in picks) or tool not in [d.tool for d in picks]:
        return []
    i = 1 if picks[0].tool == tool else 0
    other = picks[i].tool
    if other == tool or other in followup.NEUTRAL_TOOLS | DIALOGUES | _NO_CLARIFY:
        return []
    if tool not in allowed and other not in allowed:  # both closed: one refusal says it
        return []
    own = extract_slots(parts[i], today)
    # „… morgen in Stendal und wer fährt aus?“: the same day – not for a part that names its own month („… und
    # Liquidität bis März“ had become the cash plan up to tomorrow)
    names_month = any(w in MONTHS for w in tokens(parts[i]))
    if own.dates is None and slots.dates is not None and not names_month:
        own = own.model_copy(update={"dates": slots.dates})
    both = [(tool, slots, parts[1 - i]), (other, own, parts[i])]
    asked = both if i == 1 else both[::-1]
    return asked if asked[0][0] in allowed else asked[::-1]  # „Kontostand und Brötchen?“: the plan, then the refusal


def make_route(router: Router, model: Any = None, handbook: HandbookCheck = handbook_confidence) -> Node:
    """The routing node: attachments first, a running interview next, then the LLM planner, then the router;
    `handbook` says how well the handbook answers a message (an employee's default tool)."""

    def _sure_forecast(text: str) -> bool:
        """The text asks for a forecast („Prognose für meine Datei“), not just „Hier sind unsere Verkaufsdaten“
        (which the router may guess as a forecast, unsure)."""
        if FORECAST_WORDS.search(text):
            return True
        if not _ASKS.search(text.strip()):  # „Hier sind unsere Verkaufszahlen“ hands the file over: import it
            return False
        # „Wie viel verkaufe ich nächste Woche? Meine Kassendaten hängen an.“: the asking sentence decides too
        asking = [q for q in re.split(r"(?<=\?)\s+", text.strip()) if q.endswith("?")]
        for part in dict.fromkeys([text, *asking]):
            asked = router.route(part)
            if asked.tool == "forecast" and not asked.unsure:
                return True
        return False

    def route(state: SupervisorState, config: RunnableConfig) -> SupervisorState:
        text = state.get("request", "")
        today = _settings(config).today()
        slots = extract_slots(text, today)
        memory = state.get("memory") or {}  # a pending "Meinen Sie …?" is answered now or dropped
        allowed = allowed_tools(state["role"])
        attached = attachment_tool(state.get("attachments") or [])
        if attached == "data_import" and text.strip() and _sure_forecast(text):
            attached = "forecast"  # "Prognose für diese Datei": forecast the uploaded series directly
        if attached == "onboarding_qa" and text.strip():  # a text file sent as "Prüf dieses Blech-Foto"
            asked = router.route(text)
            wrong = wrong_kind(state.get("attachments") or [], text, "" if asked.unsure else asked.tool)
            if wrong:
                return {"tool": "help", "reply": AgentReply(text=wrong).model_dump(mode="json")}
        if attached:
            return _routed(attached, slots, memory)
        in_dialogue = interview_running(memory) or process_map_running(memory)
        missing = None if in_dialogue else announced_without_file(text, state.get("attachments") or [])
        if missing:  # "Hier sind unsere Verkaufsdaten als CSV" with nothing attached
            return {"tool": "help", "reply": AgentReply(text=missing).model_dump(mode="json")}
        if import_dialog.addressed(memory, text):  # "Ja" to "Übernehmen?", "letzten Import rückgängig machen"
            return _routed("data_import", slots, memory)
        note = None if in_dialogue else impossible_date_note(text, today) or far_ahead_note(text, today)
        note = note or (None if slots.dates else missing_date_note(text, today))
        if note:  # "der Brückentag nach Pfingsten", „am 31.02.“: say there is none instead of guessing a day
            return {
                "tool": "help",
                "slots": slots.model_dump(mode="json"),
                "reply": AgentReply(text=note).model_dump(mode="json"),
            }
        dialogue_running = interview_running(memory) or process_map_running(memory)
        if not dialogue_running and state["role"] != "guest" and asks_about_other_business(text):
            return _routed("out_of_scope", slots, memory)  # „Umsatz der Bäckerei gegenüber?“: no own figures
        toured = None if dialogue_running else lab_tour.addressed(memory, text)
        if toured:  # "weiter" during the lab tour, "Check starten" after its last station
            return _routed(toured, slots, memory)
        # "weiter" after a pause resumes the paused dialogue, unless the other one is running now
        if interview_resumes(memory, text) and not process_map_running(memory):
            return _routed("interview", slots, memory)
        if process_map_resumes(memory, text) and not interview_running(memory):
            return _routed("process_map", slots, memory)
        interview = interview_running(memory)
        dialogue = "interview" if interview else "process_map" if process_map_running(memory) else None
        offered = None if dialogue else offer.accepted(memory, text)
        if offered:  # „ok mach“ to „Soll ich dafür eine Recruiting-Kampagne entwerfen?“: the offered tool answers
            return _routed(offered.tool, extract_slots(offered.request, today), memory)
        refused_offer = None if dialogue else offer.declined(memory, text)
        if refused_offer:  # „nein danke“ to the offer: said so, nothing run
            reply = AgentReply(text=OFFER_DECLINED.format(title=title(refused_offer.tool)))
            return {"tool": "smalltalk", "reply": reply.model_dump(mode="json"), "memory": offer.remember(memory, None)}
        chosen = None if dialogue else clarify.resolve(memory, text, title)
        if chosen:  # "Ja" to "Meinen Sie …?": the offered tool answers the original request
            return _routed(chosen.options[0], extract_slots(chosen.request, today), memory)
        if not dialogue and offer.go_ahead_without_offer(memory, text):  # „ok mach“ with nothing offered before
            reply = AgentReply(text=NOTHING_OFFERED, data={"nothing_offered": True})
            return {"tool": "help", "slots": slots.model_dump(mode="json"), "reply": reply.model_dump(mode="json")}
        if not dialogue and "interview" in allowed and interview_answered_in_pause(memory, text):
            return _routed("interview", slots, memory)  # „eher nicht“ after „Moment, das Telefon klingelt“: answered
        refused_before = None if dialogue else asks_why_refused(memory, text, allowed)
        if refused_before:  # "Warum darf ich das nicht sehen?" right after a refusal
            reply = why_refused(state["role"], refused_before)
            return {"tool": "help", "slots": slots.model_dump(mode="json"), "reply": reply.model_dump(mode="json")}
        cost_back = None if dialogue else _cost_of_last(memory, text, state["role"])
        if cost_back is not None:  # „was kostet uns das?“ right after an answer: the cost of those figures
            last_req, view = cost_back
            if view == "full":
                return _routed(last_req.tool, last_req.slots.model_copy(update={"text": text}), memory)
            shown = f"Kosten und Geldbeträge zu „{title(last_req.tool)}“"  # the function asked about, not a guess
            reply = AgentReply(text=_refusal(state["role"], "budget_forecast", shown), data={"refused": "cost"})
            return {"tool": "help", "slots": slots.model_dump(mode="json"), "reply": reply.model_dump(mode="json")}
        if not dialogue and "production_plan" in allowed and (asks_planning_time(text) or gives_minutes(memory, text)):
            return _routed("production_plan", slots, memory)  # „Wie viel Zeit spare ich bei der Planung?“ (leitung10)
        if not dialogue and "interview" in allowed and interview_wants_result(memory, text, state["role"] == "guest"):
            return _routed("interview", slots, memory)  # "Zeig mir das Ergebnis": the check's result again
        if not dialogue and "strategy" in allowed and asks_about_result(memory, text):
            return _routed("strategy", slots, memory)  # "Und was heißt das jetzt für uns?" after the result
        if not dialogue and "interview" in allowed and explains_result(memory, text):
            return _routed("interview", slots, memory)  # "Warum nur 2 von 5?" after the result: the areas behind it
        if not dialogue and "strategy" in allowed and asks_next_steps(memory, text):
            return _routed("strategy", slots, memory)  # "Was soll ich als erstes tun?", "… als PDF?" after it
        before = followup.recall(memory)  # „woher kommen deine Zahlen?“ with no figures before it (after figures:
        if not dialogue and asks_data_origin(text) and (before is None or before.tool not in followup.SLOT_TOOLS):
            return _routed("smalltalk", slots, memory)  # how those were made, answered by their tool)
        if not dialogue and "strategy" in allowed and asks_check_faq_after_result(memory, text):
            return _routed("strategy", slots, memory)  # „Gibt es dafür Förderung?“ after the result: the FAQ answer
        if model is not None and not dialogue:
            from agents.llm.planner import plan

            calls = plan(model, text, allowed, today, state.get("history"), followup.recall(memory))
            if calls:
                routed = _routed(calls[0].tool, calls[0].slots, memory)
                routed["calls"] = [{"tool": c.tool, "slots": c.slots.model_dump(mode="json")} for c in calls[1:]]
                return routed
        question = text if dialogue else followup.focus(text)  # a long story ending in a question: the question
        if question != text:
            slots = extract_slots(question, today)
        decision = heed_quality(heed_products(router.route(question), question, slots.products), question)
        if slots.products or slots.groups:  # „Kuchen am Samstag in Salzwedel“ is no offer request; „was können wir
            decision = heed_offers(decision, question)  # dagegen tun?“ after the returns names no goods: it may be one
        decision = heed_weather(router, decision, question, dated=slots.dates is not None)
        decision = _named_topic(decision, question, slots, state["role"], allowed)
        # „Liquidität von Korn und Kruste“ from a guest: refused by the function it names, whatever the router read
        closed_named = None if dialogue else named_closed_function(question, allowed, state["role"] == "guest")
        if closed_named:
            decision = RouteDecision(agent=agent_of(closed_named), tool=closed_named, confidence=1.0)
        money = closed_money_tool(decision, question, allowed)
        if money:  # „Wie viel Gewinn macht die Filiale …?“ from staff: refused, not the branch's handbook page
            decision = decision.model_copy(update={"agent": agent_of(money), "tool": money, "confidence": 1.0})
        # the visitor's "ok, dann fangen wir an" / "Bäckerei mit 3 Filialen": the check offered in the greeting
        sure_elsewhere = decision.tool != "interview" and decision.tool in allowed and not decision.unsure
        closed_pick = decision.tool not in allowed and not decision.unsure
        # „Ich hab ne Gärtnerei, was kann KI für mich tun?“ is the check's own topic: a barely sure tour or strategy
        # pick does not take it away
        own = asks_for_own_business(question) and decision.confidence < OWN_BUSINESS_SURE
        # „na gut. Imkerei, ich und meine Frau, bei Salzwedel“: a business described after a word of assent is no
        # small talk (trial 31: the greeting came back and every answer after it, too)
        described = decision.tool in followup.NEUTRAL_TOOLS and describes_business(question)
        opened = (
            interview_opens(question, (sure_elsewhere and not own and not described) or bool(closed_named), closed_pick)
            or interview_on_weiter(memory, question)
            # „Landmaschinenhandel, 18 Leute. Bringt mir das überhaupt was?“ (trial 31); „wie viel Geld hat die
            # Bäckerei auf dem Konto?“ asks a figure of the firm, not what the check costs (leitung10)
            or (opens_with_question(text) and not asks_money_figure(text))
        )
        if state["role"] == "guest" and not dialogue and opened:
            return _routed("interview", slots, memory)
        if not dialogue and "interview" in allowed and interview_paused(memory) and interview_faq(question):
            return _routed("interview", slots, memory)  # "Werden meine Daten gespeichert?" in the pause: answered
        closed_ask = _closed_ask(decision, allowed, question)
        # „bringt mir das überhaupt was?“, „ich hab keine Zeit für sowas“, „… per Mail?“ are about the check, whatever
        # tool the router was sure of (trial 31: the help, the process map, the strategy's „first the check“)
        about_check = doubts_answer(question) is not None or (asks_take_away(question) and not closed_ask)
        if (
            state["role"] == "guest"
            and not dialogue
            and (about_check or not (sure_elsewhere or closed_ask))
            and interview_faq(question)
        ):
            return _routed("interview", slots, memory)  # "Wie lange dauert der Check?" before it runs: answered
        weak = decision.unsure or (decision.tool in followup.NEUTRAL_TOOLS and decision.confidence < NEUTRAL_WEAK)
        if not dialogue and weak:
            decision = _neighbour_of_figures(decision, memory, text)
        # a tool the role may not use is no other topic, unless the message clearly asks for it
        # (after a refused request a fairly sure pick of another closed tool is a new request: its own refusal)
        last = followup.recall(memory)
        points_at = FORBIDDEN_MIN_CONFIDENCE if last is not None and last.tool not in allowed else FORBIDDEN_POINTS
        pointed = decision.tool if decision.tool in allowed or decision.confidence >= points_at else None
        # "Und was erwarten wir für Dienstag?": a follow-up's own words point elsewhere only when the router is sure
        unsure = decision.unsure or decision.confidence < FOLLOW_UP_SURE
        closed_pick = decision.tool not in allowed and not asks_money_figure(text)
        follow = None if dialogue else followup.follow_up(memory, text, today, pointed, unsure, closed_pick)
        if follow is not None:  # "Und am Sonntag?": the last request's tool with what the message names replaced
            return _routed(follow.tool, follow.slots, memory)
        tool, conf = decision.tool, decision.confidence
        if interview:
            # „… für 40000 Euro?“ is no question about the check: it leaves (refused) instead of staying for the FAQ
            faq_only = closed_ask and interview_stays(text)
            staying = interview_stays(text, memory) and not faq_only
            leaving = (interview_leaves(text) and not staying) or faq_only
        else:
            leaving, staying = process_map_leaves(text), process_map_stays(text, memory)
        exit_at = QUESTION_EXIT_CONFIDENCE if leaving else INTERVIEW_EXIT_CONFIDENCE
        # an answer inside a dialogue ("Bäckerei") never starts the lab tour: only its own words do, outside it
        # a clear question for a tool the role may not use is refused (the dialogue waits) rather than taken
        # as an answer ("Wie viele Brötchen verkauft die Bäckerei morgen?" is no headcount); a command ("Zeig
        # mir den Liquiditätsplan") gets the dialogue's own aside
        refused = tool not in allowed and leaving and conf >= FORBIDDEN_LEAVES and text.strip().endswith("?")
        blocked = (tool not in allowed and not refused) or conf < exit_at or tool in _NO_CLARIFY | {"lab_tour"}
        if dialogue and (staying or blocked):
            tool, conf = dialogue, 1.0
        elif dialogue and (tool in allowed or not (interview or refused)):  # another tool answers, the dialogue waits
            # … except for the strategy, which waits for the check's end itself: it says so, the check stays open
            if not (interview and tool == "strategy"):
                memory = pause_interview(memory) if interview else pause_process_map(memory)
        # a refused question (a guest asking the bakery's figures) leaves the dialogue (check or map) running: the
        # refusal repeats its open question, so the next message still answers it
        # "wie viel Laugenteig ist das?" right after the plan asks about the plan, not the handbook's dough table
        about_figures = followup.points_back(memory, text, tool)
        if (
            (tool not in DIALOGUES or tool not in allowed)  # a closed dialogue („… meinen Dienstplan“) is no dialogue
            and not about_figures
            and goes_to_handbook(state["role"], decision, allowed, text, handbook, slots, _rule_shown(memory, last))
        ):
            return _routed(HANDBOOK_TOOL, slots, memory, conf)  # "Wann kommt die Kohle aufs Konto?" from staff
        options = [
            t for t, _ in [(decision.tool, conf), *decision.alternatives] if t in allowed and t not in _NO_CLARIFY
        ][:2]
        forbidden_unsure = tool not in allowed and conf < FORBIDDEN_MIN_CONFIDENCE and options
        if (decision.unsure or forbidden_unsure) and tool not in DIALOGUES:
            if is_gibberish(text, slots):  # „asdf jklö“: said so, not guessed as a function
                return _reply("help", AgentReply(text=NOT_UNDERSTOOD))
            text_options = " oder ".join(f"„{title(o)}“" for o in options) or "etwas aus der Hilfe"
            ask_back = CLARIFY.format(options=text_options)
            if forbidden_unsure and agent_of(tool) == "finance":  # money figures: say they are closed to the role
                ask_back = FORBIDDEN_MAYBE.format(title=title(tool), role=ROLE_NAMES[state["role"]]) + ask_back
            return {
                "tool": "help",
                "confidence": conf,
                "slots": slots.model_dump(mode="json"),
                "memory": clarify.remember(import_dialog.forget(memory), text, options),
                "reply": AgentReply(text=ask_back, data={"clarify": options}).model_dump(mode="json"),
            }
        # "Wie verteilen wir das auf die Öfen?" after Saturday's plan: Saturday's ovens
        carried = followup.carry(memory, text, tool, slots, today)
        both = [] if dialogue else _both_questions(router, question, tool, allowed, carried, today)
        if not both:
            return _routed(tool, carried, memory, conf)
        # two questions for two tools in one message: both answered, in the order asked
        (tool_1, slots_1, _), (tool_2, slots_2, part_2) = both
        routed = _routed(tool_1, slots_1, memory, conf)
        routed["calls"] = [{"tool": tool_2, "slots": slots_2.model_dump(mode="json"), "asked": part_2}]
        return routed

    return route


def with_export(route: Node) -> Node:
    """ "… als Excel": route the message without the file words – or, when only pointers to the previous answer
    remain ("den Plan von eben als Datei"), the thread's last request – and keep the wanted format for `act`."""

    def node(state: SupervisorState, config: RunnableConfig) -> SupervisorState:
        wanted = export_request(state.get("request", ""))
        if wanted is None or state.get("attachments"):
            return {**route(state, config), "export": None}
        memory = state.get("memory") or {}
        # "… als PDF?" after the check: the strategy's report
        next_steps = "strategy" in allowed_tools(state["role"]) and asks_next_steps(memory, state.get("request", ""))
        dialogue = interview_running(memory) or process_map_running(memory)
        if wanted.format == "pdf" or next_steps or dialogue:
            routed = route(state, config)  # routed once for the three cases below
            # „Bericht als PDF“ after the check is the strategy's own PDF report; „… alles in Excel“ answers the
            # dialogue: where the data lives
            own = DIALOGUES | {"strategy"} if wanted.format == "pdf" else DIALOGUES
            if next_steps or routed.get("tool") in own:
                return {**routed, "export": None}
        if not wanted.refers_back:
            return {
                **route({**state, "request": wanted.rest}, config),
                "export": {"format": wanted.format, "back": False},
            }
        filed = memory.get(LAST_FILE_KEY)  # the latest answer that gave a file, e.g. the plan before a "warum"
        last = followup.LastRequest.model_validate(filed) if filed else followup.recall(memory)
        from agents.exports.attach import named_file_tool

        named = named_file_tool(wanted.rest)  # „und jetzt die Budgetprognose davon als PDF“ after the cash plan
        if named is not None and (last is None or named != last.tool):
            return {
                **route({**state, "request": wanted.rest}, config),
                "export": {"format": wanted.format, "back": False},
            }
        if last is None:
            return {"tool": "help", "export": None, "reply": AgentReply(text=NO_PREVIOUS_FILE).model_dump(mode="json")}
        return {**_routed(last.tool, last.slots, memory), "export": {"format": wanted.format, "back": True}}

    return node


def _rule_shown(memory: dict[str, Any], last: followup.LastRequest | None) -> list[str] | None:
    """The handbook sections the last answer quoted, when the last answer was the handbook's; else None."""
    if last is None or last.tool != HANDBOOK_TOOL:
        return None
    return list((memory.get(HANDBOOK_MEMORY) or {}).get("shown") or []) or None


def _closed_ask(decision: RouteDecision, allowed: frozenset[str], text: str) -> bool:
    """A clear question for a closed figure tool („Lohnt sich ein Ofen für 40000 Euro?“ from a guest): refused, never
    taken for a question about the check because a word („Euro“) is one of its FAQ's key words. The handbook's
    questions („Muss ich dafür bezahlen?“) read like the check's own and are left to the FAQ."""
    # „Lohnt sich für Korn und Kruste ein neuer Ofen für 40000 Euro?“: the firm's name costs the router some
    # confidence, but a question about the demo bakery's figures is never one about the check (leitung 8)
    points = FORBIDDEN_MIN_CONFIDENCE if names_demo_firm(text) else FORBIDDEN_POINTS
    return (
        decision.tool not in allowed
        and decision.tool != HANDBOOK_TOOL
        and not decision.unsure
        and decision.confidence >= points
        and _NAMES_CHECK.search(text) is None
    )


def _refusal(role: Role, tool: str, shown: str) -> str:
    """The German refusal; a guest also learns whose data the function uses and what a visitor can do here."""
    if role == "employee":
        return EMPLOYEE_REFUSAL.format(title=shown)
    if role != "guest":
        return REFUSAL.format(title=shown, role=ROLE_NAMES[role])
    who = "der Inhaberin" if authorize("employee", tool) is None else "dem Team der Bäckerei"  # wording only
    # the handbook answers from the bakery's internal documents; the other closed tools compute on its data
    uses = "beruht auf den internen Unterlagen" if tool == HANDBOOK_TOOL else "rechnet mit den eigenen Daten"
    refusal = GUEST_REFUSAL.format(title=shown, who=who, uses=uses)
    station = station_of(tool)  # „zeigen Sie mir mal eine Absatzprognose“: the tour shows it on made-up data
    return refusal + (GUEST_TOUR_HINT.format(n=station[0], title=station[1].title) if station else "")


def authorize_turn(state: SupervisorState) -> SupervisorState:
    """Enforce the role's access (agents.registry.authorize); nothing of a forbidden tool runs."""
    tool = state.get("tool") or "help"
    view = authorize(state["role"], tool)
    if view is None:
        slots = Slots.model_validate(state.get("slots") or {"text": state.get("request", "")})
        shown = shown_title(tool, slots, get_settings().today())  # a look back is refused as „Ist-Verkaufszahlen“
        text = _refusal(state["role"], tool, shown)
        refused = _reply(tool, AgentReply(text=_and_open_question(state, text), data={"refused": tool}))
        memory = refused["memory"] = followup.forget_refused(state.get("memory") or {}, tool)
        if interview_open_question(memory):  # "weiter" after this aside continues the check ("resumed")
            refused["memory"] = {**memory, "readiness": {**memory["readiness"], "aside": True}}
        return refused
    return {"view": view}


def run_safely(runner: ToolRunner, tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    """The single place where a failing tool becomes a German answer (the user's message is never lost)."""
    try:
        return runner(tool, slots, ctx)
    except UserFacingError as exc:
        return AgentReply(text=str(exc), tools_called=[tool], data={"error": exc.code})
    except Exception:  # a tool bug must not kill the chat: logged with an id the user can quote
        error_id = uuid.uuid4().hex[:8]
        log.exception("tool %s failed (Fehler-ID %s)", tool, error_id)
        return AgentReply(
            text=INTERNAL_ERROR.format(title=title(tool), error_id=error_id),
            tools_called=[tool],
            data={"error": "internal", "error_id": error_id},
        )


def _merge(replies: list[AgentReply]) -> AgentReply:
    if len(replies) == 1:
        return replies[0]
    # each answer's "So habe ich gerechnet" goes to the end: the web app folds everything after the first heading
    # away, which would hide the second answer (browser trial 19)
    heads, methods = zip(*(split_method(r.text) for r in replies), strict=True)
    method = "\n\n".join(m for m in methods if m)
    return AgentReply(
        text="\n\n".join(h for h in heads if h) + (f"\n\n{METHOD_HEADING} {method}" if method else ""),
        tools_called=[t for r in replies for t in r.tools_called],
        artifacts=[a for r in replies for a in r.artifacts],
        data={"chain": [r.data for r in replies]},
    )


def _with_note(reply: AgentReply, note: str) -> AgentReply:
    """The answer with a note after its decision (before the folded „So habe ich gerechnet“)."""
    if not note:
        return reply
    head, method = split_method(reply.text)
    text = f"{head}\n\n{note}" + (f"\n\n{METHOD_HEADING} {method}" if method else "")
    return reply.model_copy(update={"text": text})


def _refused_part(role: Role, tool: str, slots: Slots, today: date) -> AgentReply:
    """The refusal of one question of a two-question message (the other one is answered)."""
    return AgentReply(text=_refusal(role, tool, shown_title(tool, slots, today)), data={"refused": tool})


def make_act(runner: ToolRunner) -> Node:
    """The acting node: run the routed tool (and chained LLM calls the role may use) with the given runner."""

    def act(state: SupervisorState, config: RunnableConfig) -> SupervisorState:
        tool = state.get("tool") or "help"
        taken, left = shared_out(tool, state.get("attachments") or [])  # one kind of file, a bounded number
        left = [*(state.get("left_out") or []), *left]
        thread_id = str(((config or {}).get("configurable") or {}).get("thread_id") or state.get("user", "anonym"))
        progress = ((config or {}).get("configurable") or {}).get("on_progress")
        ctx = TurnContext(
            role=state["role"],
            view=state.get("view") or "full",
            thread_id=thread_id,
            user=state.get("user", "anonym"),
            today=_settings(config).today(),
            memory=dict(state.get("memory") or {}),
            attachments=[Attachment(**a) for a in taken],
            progress=progress,
        )

        asked = str(state.get("request") or "")  # the message itself: a follow-up's slots carry the one before

        def one(name: str, slots: Slots, turn: TurnContext) -> AgentReply:
            # short days (24./31.12.) and hours the owner states are said after the decision (trial 30)
            if progress is None or name in INSTANT:
                return with_opening_note(name, slots, run_safely(runner, name, slots, turn), turn.today, asked)
            progress(name, progress_text(name, slots, turn.today))  # the user sees what runs before it runs
            try:
                return with_opening_note(name, slots, run_safely(runner, name, slots, turn), turn.today, asked)
            finally:
                progress(name, None)

        replies = [one(tool, Slots(**(state.get("slots") or {"text": state.get("request", "")})), ctx)]
        for call in state.get("calls") or []:
            view: View | None = authorize(state["role"], call["tool"])  # re-checked: never trust the planner
            if view is not None:
                reply = one(call["tool"], Slots(**call["slots"]), ctx.model_copy(update={"view": view}))
            elif call.get("asked"):  # the other question of the message is closed to the role: refused, not dropped
                reply = _refused_part(state["role"], call["tool"], Slots(**call["slots"]), ctx.today)
            else:
                continue
            if call.get("asked"):  # the second question of the message: said which one this answers
                reply = reply.model_copy(update={"text": OTHER_QUESTION.format(asked=call["asked"]) + reply.text})
            replies.append(reply)
        merged = _with_note(_merge(replies), left_out_note(left, len(taken) + len(left)))
        merged = with_ignored_note(merged, asked)  # „-500 Brötchen“, a 3000-letter name: said, not dropped
        if followup.asks_how(state.get("request", "")):  # „Wie sicher ist das?“, „warum?“: how it was computed, open
            measured = str(replies[0].data.get("certainty") or "")  # the tool's own back-test, when it has one
            merged = merged.model_copy(update={"text": method_after_decision(merged.text, measured)})
        if followup.asks_shorter(state.get("request", "")):  # „kürzer bitte“: the decision, the rest on request
            merged = merged.model_copy(update={"text": short_version(merged.text)})
        from agents.exports.attach import attach_files, has_file

        if has_file(tool, replies[0].data):  # remembered for "den Plan von eben als Datei" a few turns later
            ctx.memory[LAST_FILE_KEY] = {"tool": tool, "slots": state.get("slots") or {"text": state.get("request")}}
        wanted = state.get("export")
        if wanted:  # "… als Excel": the answer's tables as the wanted file, in the same view
            merged = attach_files(
                tool, merged, str(wanted.get("format")), ctx.view, state["role"], bool(wanted.get("back"))
            )
        if taken and replies[0].data.get("error"):  # a file that could not be read: no request to return to
            ctx.memory.pop(followup.MEMORY_KEY, None)  # „als Excel“ would re-run it without the file (hostile 26)
        memory = offer.remember(ctx.memory, merged.data)  # „ok mach“ next answers what this answer offered
        return {"reply": merged.model_dump(mode="json"), "memory": memory}

    return act


def make_word(model: Any) -> Node:
    """With an LLM: let it word the answer from the tool results; keep ours unless it is grounded."""

    def word(state: SupervisorState, config: RunnableConfig) -> SupervisorState:
        reply = dict(state.get("reply") or {})
        if model is None or state.get("tool") in _OWN_WORDING or not reply.get("text"):
            return {}
        from agents.llm.wording import cite_sources, word_answer

        data = reply.get("data") or {}
        if state.get("tool") == "onboarding_qa" and not data.get("found"):
            return {}  # no passage, no answer: the embedded "nicht in den Unterlagen" stands
        on_token = (config.get("configurable") or {}).get("on_token")
        answer = word_answer(model, state.get("request", ""), reply["text"], data, on_token)
        if answer is None:
            reply.setdefault("data", {})["llm_fallback"] = "Formulierung verworfen (ungeprüfte Zahl oder Fehler)"
            return {"reply": reply}
        reply["text"] = (
            cite_sources(answer, data.get("passages") or []) if state.get("tool") == "onboarding_qa" else answer
        )
        return {"reply": reply}

    return word


def finish(state: SupervisorState) -> SupervisorState:
    """Append the turn to the thread's history (bounded)."""
    history = list(state.get("history") or [])
    history.append({"role": "user", "content": state.get("request", "")})
    history.append({"role": "assistant", "content": (state.get("reply") or {}).get("text", "")})
    return {"history": history[-2 * HISTORY_TURNS :]}


def _answered_or(next_node: str) -> Callable[[SupervisorState], str]:
    def after(state: SupervisorState) -> str:
        return "finish" if state.get("reply") else next_node

    return after


def build_graph(
    router: Router | None = None,
    checkpointer: Any = None,
    model: Any = None,
    runner: ToolRunner = run_tool,
    handbook: HandbookCheck = handbook_confidence,
) -> Any:
    """Compile the supervisor graph: embedded router by default, an optional LLM on top, an injectable runner
    and handbook check (tests pass fakes)."""
    g: StateGraph[SupervisorState, Any, SupervisorState, SupervisorState] = StateGraph(SupervisorState)
    g.add_node("guard", guard)
    g.add_node("route", with_export(make_route(router or default_router(), model, handbook)))
    g.add_node("authorize", authorize_turn)
    g.add_node("act", make_act(runner))
    g.add_node("word", make_word(model))
    g.add_node("finish", finish)
    g.add_edge(START, "guard")
    g.add_conditional_edges("guard", _answered_or("route"), ["route", "finish"])
    g.add_conditional_edges("route", _answered_or("authorize"), ["authorize", "finish"])
    g.add_conditional_edges("authorize", _answered_or("act"), ["act", "finish"])
    g.add_edge("act", "word")
    g.add_edge("word", "finish")
    g.add_edge("finish", END)
    return g.compile(checkpointer=checkpointer)


def thread_owner(graph: Any, config: RunnableConfig) -> str | None:
    """The login that began this thread (None for a new thread or a graph without checkpoints)."""
    if getattr(graph, "checkpointer", None) is None:
        return None
    values = graph.get_state(config).values
    owner = values.get("thread_user") or values.get("user")  # threads from before the field: their last login
    return str(owner) if owner else None


def run_turn(
    graph: Any,
    text: str,
    *,
    role: Role,
    thread_id: str,
    user: str = "anonym",
    attachments: list[dict[str, Any]] | None = None,
    on_token: Callable[[str], None] | None = None,
    settings: Settings | None = None,
    on_progress: ProgressHook | None = None,
) -> TurnResult:
    """Run one turn on a compiled graph and return the typed result; `on_progress` hears each tool's start
    (with a German line saying what is computed) and end."""
    settings = settings or get_settings()
    config: RunnableConfig = {
        "configurable": {
            "thread_id": thread_id,
            "on_token": on_token,
            "settings": settings,
            "on_progress": on_progress,
        },
        "recursion_limit": settings.recursion_limit,
    }
    if thread_owner(graph, config) not in (None, user):  # a thread id taken over from another login
        return TurnResult(text=OTHER_THREAD, agent="supervisor", tool="help", data={"refused": "thread"})
    state = graph.invoke(
        {
            "request": text,
            "role": role,
            "user": user,
            "thread_user": user,
            "attachments": attachments or [],
            "left_out": [],
            "reply": None,
            "tool": None,
            "view": None,
            "slots": None,
            "confidence": 1.0,
            "calls": [],
            "export": None,
        },
        config,
    )
    reply = AgentReply(**state["reply"])
    tool = state.get("tool") or "help"
    return TurnResult(
        text=reply.text,
        agent=agent_of(tool),
        tool=tool,
        confidence=float(state.get("confidence") or 1.0),
        tools_called=reply.tools_called,
        artifacts=reply.artifacts,
        data=reply.data,
    )
