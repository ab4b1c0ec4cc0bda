"""Run scripted conversations through a fresh supervisor graph and score each turn on tool, slots and words."""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_tool, run_turn
from agents.nlu.normalize import fold
from evals.conversation.plain_scan import first_paragraph, plain_problems

HERE = Path(__file__).resolve().parent
SETS = {
    "abgestimmt": HERE / "conversations.yaml",
    "zurückgehalten": HERE / "conversations_holdout.yaml",
    # trial 6 (a fresh new-user trial): tuned on / held out
    "probe6-abgestimmt": HERE / "conversations_trial6.yaml",
    "probe6-zurückgehalten": HERE / "conversations_trial6_holdout.yaml",
    # the lead's look-back and supply questions (actual sales, returns, materials, arrivals, presence): held out
    "leitung-zurückgehalten": HERE / "conversations_lead_holdout.yaml",
    "wetter-zurückgehalten": HERE / "conversations_weather_holdout.yaml",
    "preis-zurückgehalten": HERE / "conversations_price_holdout.yaml",
    # trial 8 (a new employee asking the handbook, a guest in the readiness interview): tuned on / held out
    "probe8-abgestimmt": HERE / "conversations_trial8.yaml",
    "probe8-zurückgehalten": HERE / "conversations_trial8_holdout.yaml",
    # trial 9 (a skeptical owner: weather and price what-ifs, money questions): tuned on / held out
    "probe9-abgestimmt": HERE / "conversations_trial9.yaml",
    "probe9-zurückgehalten": HERE / "conversations_trial9_holdout.yaml",
    # the lead's hire question („Können wir uns eine neue Verkäuferin leisten?“): written held out, first run
    # 5/9, then tuned on; a second held-out set written after the fixes
    "einstellen-abgestimmt": HERE / "conversations_hire.yaml",
    "einstellen-zurückgehalten": HERE / "conversations_hire_holdout.yaml",
    # trial 12 (visitors of other small businesses in the readiness interview): tuned on / held out
    "probe12-abgestimmt": HERE / "conversations_trial12.yaml",
    "probe12-zurückgehalten": HERE / "conversations_trial12_holdout.yaml",
    # trial 14 (visitors map their processes in their own words, then ask for the strategy): tuned on / held out
    "probe14-abgestimmt": HERE / "conversations_trial14.yaml",
    "probe14-zurückgehalten": HERE / "conversations_trial14_holdout.yaml",
    # trial 11 (the owner's planning week: plans, tours, money, staff, returns): tuned on / held out
    "probe11-abgestimmt": HERE / "conversations_trial11.yaml",
    "probe11-zurückgehalten": HERE / "conversations_trial11_holdout.yaml",
    # trial 17 (new employees: apprentice, part-time saleswoman, driver ask the handbook and the rules): tuned / held out
    "probe17-abgestimmt": HERE / "conversations_trial17.yaml",
    "probe17-zurückgehalten": HERE / "conversations_trial17_holdout.yaml",
    # trial 15 (the owner who wants to trust the numbers: where from, how sure, a past day, the bakehouse's day)
    "probe15-abgestimmt": HERE / "conversations_trial15.yaml",
    "probe15-zurückgehalten": HERE / "conversations_trial15_holdout.yaml",
    # trial 16 (visitors of other small businesses: own-trade process lists, asides, self-corrections): tuned / held out
    "probe16-abgestimmt": HERE / "conversations_trial16.yaml",
    "probe16-zurückgehalten": HERE / "conversations_trial16_holdout.yaml",
    # the lead after merging trials 15–17 and hostile 16: other phrasings of their questions, never tuned on
    "leitung2-zurückgehalten": HERE / "conversations_lead2_holdout.yaml",
    # trial 20 (new employees in their own words: situations, follow-ups, gaps of the handbook, closed figures)
    "probe20-abgestimmt": HERE / "conversations_trial20.yaml",
    "probe20-zurückgehalten": HERE / "conversations_trial20_holdout.yaml",
    # trial 19 (a busy owner: colloquial, typos, town nicknames, relative dates, tool-switching follow-up chains,
    # two questions in one, „ja“/„nein“ to the assistant's offer): tuned on / held out
    "probe19-abgestimmt": HERE / "conversations_trial19.yaml",
    "probe19-zurückgehalten": HERE / "conversations_trial19_holdout.yaml",
    # trial 21 (visitors of rural small businesses in the check and the map: own words, asides, corrections): tuned / held out
    "probe21-abgestimmt": HERE / "conversations_trial21.yaml",
    "probe21-zurückgehalten": HERE / "conversations_trial21_holdout.yaml",
    # the lead after merging trials 19–21 and speed 22: other phrasings of their situations, never tuned on
    "leitung3-zurückgehalten": HERE / "conversations_lead3_holdout.yaml",
    "leitung4-zurückgehalten": HERE / "conversations_lead4_holdout.yaml",
    # the lead at the start of the 2026-12-02 stop, before merging trials 23/24 and hostile 23: never tuned on
    "leitung5-zurückgehalten": HERE / "conversations_lead5_holdout.yaml",
    # the lead at the start of the second 2026-12-02 stop, before any of its helpers' work: never tuned on
    # the lead at the start of the third 2026-12-02 stop, before merging any of its helpers' work: never tuned on
    "leitung6-zurückgehalten": HERE / "conversations_lead6_holdout.yaml",
    "leitung7-zurückgehalten": HERE / "conversations_lead7_holdout.yaml",
    "leitung8-zurückgehalten": HERE / "conversations_lead8_holdout.yaml",
    # the lead at the start of the fifth 2026-12-02 stop, before merging any of its helpers' work: never tuned on
    "leitung9-zurückgehalten": HERE / "conversations_lead9_holdout.yaml",
    "leitung10-zurückgehalten": HERE / "conversations_lead10_holdout.yaml",
    # trial 22 (a careful owner checking that numbers agree and answers fit the asker; a saleswoman and a driver
    # asking pay, illness, shifts): tuned on / held out
    "trial22-abgestimmt": HERE / "conversations_trial22.yaml",
    "trial22-zurückgehalten": HERE / "conversations_trial22_holdout.yaml",
    # trial 23 (a new employee's rights in the first week; a Friseursalon / Tischlerei in the check with
    # counter-questions, vague and numeric answers, the result and a PDF): tuned on / held out
    "trial23-abgestimmt": HERE / "conversations_trial23.yaml",
    "trial23-zurückgehalten": HERE / "conversations_trial23_holdout.yaml",
    # trial 24 (the owner's busy Monday: a follow-up chain across tools, town names, corrections, why/how sure,
    # what the assistant is, Excel/PDF, typos; the lead's weak spots): tuned on / held out
    "trial24-abgestimmt": HERE / "conversations_trial24.yaml",
    "trial24-zurückgehalten": HERE / "conversations_trial24_holdout.yaml",
    # trial 25 (the owner's Advent week: seasonal goods per branch and day, the 24th/31st December, December staff
    # and cash, a Christmas-market tour with its cost and a PDF, a second stall, follow-ups): tuned on / held out
    "trial25-abgestimmt": HERE / "conversations_trial25.yaml",
    "trial25-zurückgehalten": HERE / "conversations_trial25_holdout.yaml",
    # trial 26 (visitors of a Friseursalon, Pflegedienst, Tischlerei, Hofladen, Fahrschule, Steuerbüro in the
    # KI-Readiness check: short answers, counter-questions, corrections, pauses, what comes next): tuned on / held out
    "trial26-abgestimmt": HERE / "conversations_trial26.yaml",
    "trial26-zurückgehalten": HERE / "conversations_trial26_holdout.yaml",
    # trial 27 (the owner plans the turn of the year and January): tuned on / held out
    "trial27-abgestimmt": HERE / "conversations_trial27.yaml",
    "trial27-zurückgehalten": HERE / "conversations_trial27_holdout.yaml",
    # trial 28 (visitors of a Kfz-Werkstatt, Physiotherapiepraxis, Landgasthof, Elektrobetrieb, Blumenladen,
    # Hausverwaltung in the KI-Readiness check: comma self-descriptions with staff nouns, questions back, corrections,
    # leaving and coming back, what to do after the result): tuned on / held out
    "trial28-abgestimmt": HERE / "conversations_trial28.yaml",
    "trial28-zurückgehalten": HERE / "conversations_trial28_holdout.yaml",
    # trial 29 (a new employee's first week: pay day, Christmas money and surcharges, illness on a weekend, who to
    # ask, shift swaps, allergens for customers, cash shortfalls): tuned on / held out
    "trial29-abgestimmt": HERE / "conversations_trial29.yaml",
    "trial29-zurückgehalten": HERE / "conversations_trial29_holdout.yaml",
    # trial 32: an employee in December and the laws behind the handbook; tuned on / held out
    "trial32-abgestimmt": HERE / "conversations_trial32.yaml",
    "trial32-zurückgehalten": HERE / "conversations_trial32_holdout.yaml",
    # trial 35: a new employee in January (apprentice of 16, vocational school, early and night limits, sick during
    # leave, Minijob and Mindestlohn, pregnancy, breaks) and the laws; tuned on / held out
    "trial35-abgestimmt": HERE / "conversations_trial35.yaml",
    "trial35-zurückgehalten": HERE / "conversations_trial35_holdout.yaml",
    "trial37-abgestimmt": HERE / "conversations_trial37.yaml",
    "trial37-zurückgehalten": HERE / "conversations_trial37_holdout.yaml",
    # trial 30 (the owner's December: Stollen and Christmas amounts, the Christmas week's baking, ovens and tours,
    # holiday staff, November looked back, returns and their cost, Silvester, prices for 2027, the Inventur,
    # short opening days): tuned on / held out
    "trial30-abgestimmt": HERE / "conversations_trial30.yaml",
    "trial30-zurückgehalten": HERE / "conversations_trial30_holdout.yaml",
    # trial 31 (visitors of a Zahnarztpraxis, Tischlerei, Ferienwohnungen, Steuerbüro, Landmaschinenhandel, Imkerei in
    # the KI-Readiness check: sceptical, very short or long answers, cost and data protection, what they take home)
    "trial31-abgestimmt": HERE / "conversations_trial31.yaml",
    "trial31-zurückgehalten": HERE / "conversations_trial31_holdout.yaml",
    # trial 34 (visitors of a Friseursalon, Hofladen, Tischlerei … in the KI-Readiness check: mixed and partial
    # answers, the budget question's polarity, cost, interruptions, questions back, corrections): tuned / held out
    "trial34-abgestimmt": HERE / "conversations_trial34.yaml",
    "trial34-zurückgehalten": HERE / "conversations_trial34_holdout.yaml",
    # trial 38 (visitors of non-bakery small businesses of the region in the whole check: small towns as the place,
    # questions in between, partial answers, corrections, pauses, first steps fitting the trade): tuned / held out
    "trial38-abgestimmt": HERE / "conversations_trial38.yaml",
    "trial38-zurückgehalten": HERE / "conversations_trial38_holdout.yaml",
    # trial 33 (the owner plans January 2027 ahead: the Januarloch, Inventur, prices and cash for 2027, staff with
    # fewer hours, holiday planning and requests, last year's January returns, Christmas tours, bad amounts)
    "trial33-abgestimmt": HERE / "conversations_trial33.yaml",
    "trial33-zurückgehalten": HERE / "conversations_trial33_holdout.yaml",
    # trial 36 (the owner in December as a conversation: Advent weekends and bare weekdays after a dated request,
    # Christmas week, Silvester, November and last year looked back, staff, money, last week's returns)
    "trial36-abgestimmt": HERE / "conversations_trial36.yaml",
    "trial36-zurückgehalten": HERE / "conversations_trial36_holdout.yaml",
}
# tools that answer fast enough to run for real in every turn; the others are replaced by a stub unless --real
CHEAP_TOOLS = frozenset(
    {"interview", "process_map", "onboarding_qa", "help", "smalltalk", "out_of_scope", "strategy", "investment"}
)
# tools whose answer moves the thread on (the lab tour's position decides where "weiter" goes): always real
STATEFUL_TOOLS = frozenset({"lab_tour"})
SLOT_KEYS = ("products", "groups", "branches", "dates", "percent", "amounts", "months")


class Runner:
    """A tool runner that runs cheap tools (or all with `real`) and stubs the rest."""

    def __init__(self, real: bool) -> None:
        self.real = real

    def __call__(self, tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        if self.real or tool in CHEAP_TOOLS or tool in STATEFUL_TOOLS:
            return run_tool(tool, slots, ctx)
        return AgentReply(text=f"({tool})", tools_called=[tool], data={"stub": True})


@dataclass
class TurnScore:
    conv: str
    index: int
    say: str
    follow: bool
    errors: list[str] = field(default_factory=list)
    words_checked: bool = False
    plain_checked: bool = False
    answer: str = ""

    @property
    def right(self) -> bool:
        return not self.errors


def load(path: Path) -> list[dict[str, Any]]:
    """The conversations of one data file."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def _slot_errors(expected: dict[str, Any], slots: dict[str, Any]) -> list[str]:
    errors = []
    for key in SLOT_KEYS:
        if key not in expected:
            continue
        want = expected[key]
        if key == "dates":
            d = slots.get("dates")
            got: Any = [d["start"], d["end"]] if d else None
            want = [str(x) for x in want] if want else None
        elif key == "amounts":
            got, want = [float(x) for x in slots.get("amounts_eur") or []], [float(x) for x in want]
        elif key in ("products", "groups", "branches"):
            got, want = sorted(slots.get(key) or []), sorted(want or [])
        elif key == "percent":
            got, want = slots.get("percent"), float(want)
        else:
            got = slots.get(key)
        if got != want:
            errors.append(f"{key}: {got} statt {want}")
    return errors


def _interview(memory: dict[str, Any]) -> tuple[str, int, str, int, int]:
    """Where the interview and the process-map dialogue stand: a `stays` turn must change neither."""
    st = (memory.get("readiness") or {}).get("interview") or {}
    pm = (memory.get("readiness") or {}).get("process_map") or {}
    queue = pm.get("queue") or []
    return (
        st.get("current", ""),
        len(st.get("answers") or {}) + len(st.get("done_stack") or []),
        f"{pm.get('phase', '')}:{queue[0] if queue else ''}",
        len(pm.get("answered") or []),
        len((pm.get("map") or {}).get("processes") or []),
    )


def run_conversation(graph: Any, conv: dict[str, Any], prefix: str, verbose: bool = False) -> list[TurnScore]:
    """Play one conversation on its own thread and score every turn."""
    thread = f"{prefix}-{conv['id']}"
    config = {"configurable": {"thread_id": thread}}
    scores: list[TurnScore] = []
    prev_tool, prev_interview = "", _interview({})
    for i, turn in enumerate(conv["turns"]):
        start = time.perf_counter()
        result = run_turn(graph, str(turn["say"]), role=conv["role"], thread_id=thread)
        if verbose:
            print(
                f"  {time.perf_counter() - start:5.1f} s {result.tool:<16} {turn['say']}", file=sys.stderr, flush=True
            )
        values = graph.get_state(config).values
        score = TurnScore(conv=conv["id"], index=i + 1, say=str(turn["say"]), follow=bool(turn.get("follow")))
        want = turn.get("tool")
        wanted = [prev_tool] if want == "=" else want if isinstance(want, list) else [want]
        if want and result.tool not in wanted:
            score.errors.append(f"Werkzeug {result.tool} statt {'/'.join(wanted)}")
        if result.tool in wanted or not score.errors:
            score.errors += _slot_errors(turn, values.get("slots") or {})
        # a stubbed tool, alone or within two answers to one message („… und wer fährt aus?“)
        stub = bool(result.data.get("stub")) or any(c.get("stub") for c in result.data.get("chain") or [])
        if stub:
            result = result.model_copy(update={"data": {**result.data, "stub": True}})
        if not result.data.get("stub"):  # a tool that really ran: its first paragraph is plain German
            score.plain_checked, score.answer = True, result.text
            problems = plain_problems(result.text, [a.name for a in result.artifacts])
            if problems:
                score.errors.append(f"im ersten Absatz: {problems} – „{first_paragraph(result.text)[:90]}…“")
        if turn.get("words") and not result.data.get("stub"):
            score.words_checked = True
            missing = [w for w in turn["words"] if fold(str(w)) not in fold(result.text)]
            if missing:
                score.errors.append(f"fehlt im Text: {missing} – „{result.text[:90]}…“")
        if turn.get("not_words") and not result.data.get("stub"):  # a reading the visitor must not get (trial 34)
            score.words_checked = True
            wrong = [w for w in turn["not_words"] if fold(str(w)) in fold(result.text)]
            if wrong:
                score.errors.append(f"steht im Text, soll nicht: {wrong} – „{result.text[:90]}…“")
        now_interview = _interview(values.get("memory") or {})
        if turn.get("stays") and now_interview != prev_interview:
            score.errors.append(f"Dialog weitergegangen: {prev_interview} → {now_interview}")
        if turn.get("event") and result.data.get("event") != turn["event"]:
            score.errors.append(f"Ereignis {result.data.get('event')} statt {turn['event']}")
        prev_tool = result.tool if result.tool in wanted else wanted[0]
        prev_interview = now_interview
        scores.append(score)
    return scores


def run_set(
    path: Path, real: bool, prefix: str, verbose: bool = False, only: str | None = None
) -> list[list[TurnScore]]:
    """Every conversation of one file (or those whose id contains `only`) on a fresh graph with an
    in-memory checkpointer."""
    graph = build_graph(checkpointer=InMemorySaver(), runner=Runner(real))
    prefix = f"{prefix}-{uuid.uuid4().hex[:6]}"  # threads of an earlier run (e.g. a stored process map) stay apart
    return [run_conversation(graph, conv, prefix, verbose) for conv in load(path) if not only or only in conv["id"]]
