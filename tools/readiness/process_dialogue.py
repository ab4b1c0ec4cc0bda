"""The process-map dialogue as a pure state machine: `start(trade)` and `advance(state, text)` return the new
state and the German prompt (like the interview engine); the whole state is one JSON-able model per thread.

It walks the trade's typical processes in three groups, asks per process in one message for hours per week,
what hurts and where the data is, asks one follow-up when the hours are missing, allows "überspringen",
"fertig", adding ("Wir haben noch Catering") and dropping ("haben wir nicht") processes, and ends with the
firm's three most important goals. Processes the firm does not describe stay marked as assumed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from tools.format_de import num
from tools.readiness.bank import DATA_DIR
from tools.readiness.faq import is_question
from tools.readiness.mapper import normalize
from tools.readiness.process_defaults import FALLBACK_TRADE, default_map, match_process
from tools.readiness.process_parse import ParsedAnswer, parse_answer, per_day_basis
from tools.readiness.process_story import Activity, named_processes, process_keys, story_activities, topic_process
from tools.readiness.processes import DATA_TITLES, GROUP_TITLES, PAIN_TITLES, Process, ProcessGroup, ProcessMap
from tools.readiness.profile import (
    TRADES,
    business_named,
    employees_mentioned,
    names_trade,
    parse_trade,
    workdays_of,
)

Phase = Literal["trade", "processes", "goals", "done", "aborted"]
Event = Literal["question", "followup", "info", "added", "paused", "resumed", "done", "aborted"]
Command = Literal["abort", "pause", "skip", "finish", "drop", "resume", "back"]
_COMMANDS: list[tuple[Command, str]] = [
    ("abort", r"\b(abbrechen|abbruch|aufhoeren|stopp|stop|lass es)\b"),
    ("pause", r"\b(pause|pausieren|spaeter weiter|unterbrechen|spaeter fortsetzen)\b"),
    ("skip", r"\b(ueberspringen|ueberspring|skip|naechster|naechste|naechstes|keine angabe|weglassen|egal)\b"),
    (
        "finish",
        r"^(ok |okay |so )?(fertig|reicht|das reicht|reicht jetzt|genug|das wars|das war es|das war alles|schluss"
        r"|ende|mehr nicht|mehr habe ich nicht|rest passt|der rest passt|rest stimmt so)( so| jetzt| danke| erstmal)?$",
    ),
    (
        "drop",
        r"\b(haben wir (gar |auch |ja |eh )?nicht|gibt es (bei uns )?(auch )?nicht|gibts (bei uns )?(auch )?nicht"
        r"|(machen|verkaufen|bieten|nutzen) wir (gar |auch |ja )?nicht|trifft nicht zu|entfaellt|brauchen wir nicht)\b",
    ),
    ("resume", r"^(weiter|weitermachen|fortsetzen|mach weiter|weiter gehts|los gehts|los)$"),
    ("back", r"^(bitte |nochmal |noch mal )?(zurueck|vorherige frage|vorheriger ablauf|korrigieren|das war falsch)\b"),
]
_ADD = re.compile(
    r"(?i)\b(?:wir haben (?:auch |aber |dann )?noch|au(?:ß|ss)erdem(?: noch)?(?: haben wir)?|dazu kommt(?: noch)?"
    r"|(?:wir )?(?:machen|bieten|backen|betreiben|verkaufen)(?: wir)? (?:auch |aber |dann |au(?:ß|ss)erdem )?noch"
    r"|(?:wir )?(?:machen|bieten|backen|betreiben)(?: wir)? (?:auch |aber )?au(?:ß|ss)erdem"
    r"|zus(?:ä|ae)tzlich(?: noch)?(?: haben wir)?|es gibt (?:auch )?noch|noch (?:einen?|ein) (?:prozess|ablauf|bereich)"
    r"(?: f(?:ü|ue)r)?:?|(?:prozess|ablauf) (?:hinzuf(?:ü|ue)gen|erg(?:ä|ae)nzen):?|erg(?:ä|ae)nze)\s+(.+)$"
)
_ARTICLES = re.compile(r"(?i)^(?:den|die|das|einen|eine|ein|unser|unsere|unseren|unserer|unsern)\s+")
_SUPPORT = ("verwaltung", "buero", "personal", "einkauf", "it", "edv", "buchhaltung", "lager", "fuhrpark")
_MANAGEMENT = ("planung", "controlling", "strategie", "fuehrung", "qualitaetsmanagement", "risiko")
_WHY = frozenset({"warum", "wieso", "weshalb", "wozu", "wofuer", "wer"})
_DONTKNOW_GOALS = re.compile(r"\b(weiss (ich )?(nicht|net)|keine ahnung|ueberspringen|egal|nichts|fertig|weiter)\b")


class DialogueTexts(BaseModel):
    """The dialogue's German texts and its answers to questions about itself (`data/process_dialogue.yaml`)."""

    intro: str
    ask_trade: str
    ask_process: str
    followup: str
    ask_goals: str
    done: str
    trade_unclear: str = ""
    trade_unknown: str = "Branche: {label}."
    faq: list[dict[str, str]] = Field(default_factory=list)
    glossary: dict[str, str] = Field(default_factory=dict)


@lru_cache(maxsize=1)
def texts() -> DialogueTexts:
    """The texts, loaded once."""
    raw = yaml.safe_load((DATA_DIR / "process_dialogue.yaml").read_text(encoding="utf-8"))
    return DialogueTexts.model_validate(raw)


class DialogueState(BaseModel):
    """Everything the dialogue needs to continue; stored in ctx.memory['readiness']['process_map']."""

    version: int = 1
    phase: Phase = "processes"
    paused: bool = False
    map: ProcessMap = Field(default_factory=lambda: ProcessMap(trade="sonstige"))
    queue: list[str] = Field(default_factory=list, description="process ids still to ask; the first is current")
    answered: list[str] = Field(default_factory=list)
    pending: ParsedAnswer | None = Field(default=None, description="first answer while a follow-up is asked")
    pending_text: str = ""
    turns: int = 0
    last_prompt: str = ""
    workdays: float | None = Field(default=None, description="days a week the firm said it works (else the trade's)")
    weekday_firm: float | None = Field(default=None, description="5 for a practice or office named as the trade")
    team: int | None = Field(default=None, description="head count said in the opening („Hofladen, 6 Leute“)")

    @property
    def days(self) -> float:
        """Working days a week: the firm's own word, else a practice's or office's five, else its trade's days."""
        return self.workdays or self.weekday_firm or workdays_of(self.map.trade)

    @property
    def current(self) -> str:
        """The id of the process asked now ('' outside the process phase)."""
        return self.queue[0] if self.phase == "processes" and self.queue else ""

    def process(self, pid: str) -> Process:
        """The process with this id."""
        return next(p for p in self.map.processes if p.id == pid)


class DialogueTurn(BaseModel):
    """One step's result: new state, German text, what happened."""

    state: DialogueState
    text: str
    event: Event


def command(text: str) -> Command | None:
    """A navigation command in a short message ("überspringen", "fertig", "haben wir nicht"), else None."""
    t = normalize(text)
    if not t or len(t.split()) > 10 or t.startswith(("wie ", "was ", "warum ", "wieso ", "wozu ")):
        return None
    found = next((c for c, pattern in _COMMANDS if re.search(pattern, t)), None)
    if found == "drop":  # "Gebrauchtwagen verkaufen wir kaum, haben wir nicht" – not "Probleme haben wir nicht"
        p = parse_answer(text)
        return None if p.hours is not None or p.pains or p.no_pain or re.search(r"\bproblem", t) else "drop"
    return found if found is not None and len(t.split()) <= 6 else None


# ---------------------------------------------------------------- prompts


def _overview(m: ProcessMap) -> str:
    lines = []
    for group, title in GROUP_TITLES.items():
        names = [p.title for p in m.processes if p.group == group]
        lines.append(f"• {title}: {', '.join(names)}")
    return "\n".join(lines)


def _progress(state: DialogueState) -> str:
    total = len(state.answered) + len(state.queue)
    return f"Ablauf {len(state.answered) + 1} von {total}"


def _ask(state: DialogueState, prefix: str = "", event: Event = "question") -> DialogueTurn:
    """The prompt of the current step (next process or the goals), with an optional acknowledgement."""
    t = texts()
    if state.phase == "processes" and not state.queue:
        state.phase = "goals"
    if state.phase == "trade":
        prompt = t.ask_trade
    elif state.phase == "processes":
        p = state.process(state.current)
        prompt = t.ask_process.format(progress=_progress(state), group=GROUP_TITLES[p.group], title=p.title)
        if state.pending is not None:
            prompt = t.followup.format(title=p.title)
            event = "followup" if event == "question" else event
    else:
        prompt = t.ask_goals.format(goals="; ".join(state.map.goals))
    state.last_prompt = prompt
    return DialogueTurn(state=state, text=f"{prefix}{prompt}".strip(), event=event)


def _hours_text(hours: float | None) -> str:
    return "Stunden offen" if hours is None else f"{num(hours, 1, trim=True)} Std./Woche"


def _ack(p: Process, basis: str = "", own_days: bool = False) -> str:
    """ "Notiert – title: hours; pains; data", with how an amount per day was counted (days assumed unless said)."""
    days_said = own_days or "Arbeitstage" not in basis
    other = "6" if "× 5 Arbeitstage" in basis else "5"  # the example names another count than the one assumed
    how = f" ({basis})" if days_said else f" ({basis}; Tage angenommen – sagen Sie z. B. „wir arbeiten {other} Tage“)"
    parts = [_hours_text(p.hours_per_week) + (how if basis else "")]
    if p.pains:
        parts.append(", ".join(PAIN_TITLES[x] for x in p.pains))
    if p.data:
        parts.append("Daten: " + ", ".join(p.software or [DATA_TITLES[d] for d in p.data]))
    return f"Notiert – {p.title}: {'; '.join(parts)}."


# ---------------------------------------------------------------- steps


def _begin(trade: str) -> DialogueState:
    m = default_map(trade)
    return DialogueState(map=m, queue=[p.id for p in m.processes])


_WEEKDAY_FIRM = re.compile(r"(praxis|kanzlei|buero|agentur|physio|therap|arzt|aerzt|logopaed|heilpraktik)")


def _weekday_firm(text: str) -> float | None:
    """A practice or an office („Physiotherapie-Praxis“, „Kanzlei“) works Monday to Friday, whatever its trade class
    does (care services work daily): 5, else None."""
    return 5.0 if _WEEKDAY_FIRM.search(normalize(text)) else None


def _intro(state: DialogueState, general: bool) -> str:
    """The opening list of processes; `general`: a trade without its own list gets the general one, said so."""
    whose = "kleine Betriebe" if general else "Ihre Branche"
    return texts().intro.format(overview=_overview(state.map), n=len(state.queue), whose=whose)


def start(trade: str | None, named: bool = False, text: str = "") -> DialogueTurn:
    """A fresh dialogue: with a known trade its typical processes, else first the trade question; `named`: the
    trade was read from the opening message ("Wir sind eine Kfz-Werkstatt. Wo verlieren wir Zeit?") and is said."""
    business = None if trade else business_named(text)
    if not trade and business is None:
        state = DialogueState(phase="trade", team=employees_mentioned(text))
        return _ask(state)
    state = _begin(trade or FALLBACK_TRADE)
    state.weekday_firm, state.team = _weekday_firm(text), employees_mentioned(text)
    intro = _intro(state, general=business is not None)
    label = f"Branche: {TRADES[trade].label}.\n\n" if named and trade in TRADES else ""
    if business is not None:  # "Ich habe ein Fotostudio": a trade without a list of its own is said so
        label = texts().trade_unknown.format(label=business) + "\n\n"
    return _ask(state, prefix=f"{label}{intro}\n\n")


def trade_named(text: str) -> str | None:
    """The trade a message names word for word ("… wir sind ein Blumenladen …"), else None."""
    return parse_trade(text)[0] if names_trade(text) else None


def explain_term(state: DialogueState, text: str) -> str | None:
    """'Was heißt Controlling?' / 'Was ist Dialogannahme?': the glossary's explanation of a word of the map, or the
    words a process of the map stands for; None when the question names neither."""
    asks = re.compile(r"\b(heisst|bedeutet|meinen sie|ist|sind|versteht|verstehen)\b")
    # only the sentence that asks: "Was ist ein ERP? Das steht in den Mandantenunterlagen" asks for ERP (trial 16)
    sentences = [normalize(x) for x in re.split(r"(?<=[.?!])\s+", text.strip())]
    t = next((x for x in sentences if asks.search(x)), "")
    if not t:
        return None
    words = [w for w in t.split() if len(w) >= 4]
    for key, answer in texts().glossary.items():
        if any(w.startswith(key) or key in w for w in words):
            return answer
    keys = process_keys(state.map)
    for p in state.map.processes:
        title = normalize(p.title).split()  # "Person" is no "Personal": a short word must be the whole title word
        hit = any(w == p.id or w in keys[p.id][1:] for w in words) or any(
            t == w or (len(w) >= 8 and t.startswith(w)) for t in title for w in words
        )
        if hit:
            examples = ", ".join(k for k in keys[p.id][1:5] if k != p.id)
            return f"Mit „{p.title}“ meine ich alles, was in Ihrem Betrieb dazugehört – etwa {examples}."
    return None


def resume(state: DialogueState) -> DialogueTurn:
    """Continue a paused dialogue at its current step."""
    state = state.model_copy(deep=True)
    state.paused = False
    return _ask(state, prefix="Schön, dass Sie weitermachen. Wir waren hier:\n\n", event="resumed")


def answer_question(state: DialogueState, answer: str) -> DialogueTurn:
    """A question to the assistant ("Was bringt mir das?"): answered, then the same step again; nothing stored."""
    return DialogueTurn(
        state=state, text=f"{answer}\n\nZurück zur Prozesslandkarte:\n\n{state.last_prompt}".strip(), event="info"
    )


def faq_answer(text: str) -> str | None:
    """The dialogue's own answer to a question about it ("Wozu brauchen Sie das?"), else None."""
    words = normalize(text).split()
    if len(words) > 6:  # why-words alone only in short questions ("Wozu brauchen Sie das?")
        words = [w for w in words if w not in _WHY]
    best, answer = 0, None
    for entry in texts().faq:
        keys = entry["keywords"].split()
        score = sum(any(w == k or (len(k) >= 5 and w.startswith(k)) for k in keys) for w in words)
        if score > best:
            best, answer = score, entry["answer"]
    return answer


def _next(state: DialogueState, ack: str) -> DialogueTurn:
    """Leave the current process and ask the next step."""
    if state.queue:
        state.answered.append(state.queue.pop(0))
    state.pending, state.pending_text = None, ""
    return _ask(state, prefix=f"{ack}\n\n" if ack else "")


def _record(state: DialogueState, parsed: ParsedAnswer, text: str) -> DialogueTurn:
    p = state.process(state.current)
    p.hours_per_week = parsed.hours
    p.pains = list(parsed.pains)
    p.pain_text = text.strip()[:300]
    p.data = list(parsed.data) or (["unbekannt"] if parsed.dontknow else [])
    p.software = list(parsed.software)
    p.assumed = False
    return _next(state, _ack(p, per_day_basis(text, state.days, state.team), state.workdays is not None))


def _back(state: DialogueState) -> DialogueTurn:
    """Ask the previous process again; its typical values (or an empty added process) stand until answered."""
    state.pending, state.pending_text = None, ""
    if state.phase == "goals":
        state.phase = "processes"
    while state.answered:
        pid = state.answered.pop()
        if any(p.id == pid for p in state.map.processes):  # dropped processes are not asked again
            break
    else:
        return _ask(state, prefix="Das ist bereits der erste Ablauf.\n\n", event="info")
    before = state.process(pid)
    said = (
        "" if before.assumed else f" Bisher notiert: {_ack(before).split(': ', 1)[-1]} Ihre neue Antwort ersetzt das."
    )
    typical = {p.id: p for p in default_map(state.map.trade).processes}
    state.map.processes = [
        (typical[p.id] if p.id in typical else p.model_copy(update={"hours_per_week": None, "pains": [], "data": []}))
        if p.id == pid
        else p
        for p in state.map.processes
    ]
    state.queue.insert(0, pid)
    return _ask(state, prefix=f"Gut, zurück zum vorherigen Ablauf.{said}\n\n")


def _group_of(name: str) -> ProcessGroup:
    words = normalize(name).split()
    if any(w.startswith(_MANAGEMENT) for w in words):
        return "management"
    if any(w.startswith(_SUPPORT) for w in words):
        return "unterstuetzung"
    return "wertschoepfung"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalize(name)).strip("_")[:40] or "prozess"


def _add(state: DialogueState, raw_name: str) -> DialogueTurn:
    """Add a process named by the firm; it is asked right after the current one."""
    name = _ARTICLES.sub(
        "", re.split(r"[,.;!?]| und | mit | auf | für | fuer | am | im | zum | zur | nach | bei ", raw_name.strip())[0]
    ).strip()
    name = name[:1].upper() + name[1:60]
    known = match_process(state.map.trade, name)
    ids = {p.id for p in state.map.processes}
    if known is not None and known.id in ids:
        if known.id in state.queue:
            note = f"„{known.title}“ steht schon auf der Liste – ich frage gleich danach."
        else:
            note = f"„{known.title}“ haben wir schon besprochen."
        return _ask(state, prefix=f"{note}\n\n", event="info")
    if known is not None:
        proc = Process(id=known.id, title=known.title, group=known.group)
    else:
        pid = _slug(name)
        while pid in ids:
            pid += "_2"
        proc = Process(id=pid, title=name or "Weiterer Ablauf", group=_group_of(name))
    state.map.processes.append(proc)
    pos = 1 if state.phase == "processes" and state.queue else 0
    state.queue.insert(pos, proc.id)
    if state.phase == "goals":
        state.phase = "processes"
    note = f"Ich habe „{proc.title}“ ({GROUP_TITLES[proc.group]}) ergänzt und frage gleich danach."
    if pos == 0:
        note = f"Ich habe „{proc.title}“ ({GROUP_TITLES[proc.group]}) ergänzt."
    return _ask(state, prefix=f"{note}\n\n", event="added")


def _names_a_process(rest: str) -> bool:
    """'Catering' names a process; 'keine Software', 'alles auf Zetteln', '10 Stunden' answer the current one."""
    if command(rest) is not None or re.match(r"(?i)\s*(kein|keine|nicht|nichts|alles|viel|mehr|zu)\b", rest):
        return False
    p = parse_answer(rest)
    return p.hours is None and not p.dontknow and not p.pains and not p.data and not p.no_pain


def parse_goals(text: str) -> list[str]:
    """Up to three goals from one answer ('1. … 2. …', 'a, b und c', one per line)."""
    parts = re.split(r"\n|;|,|\s\d[.)]\s*|^\d[.)]\s*|\s+und\s+(?=[a-zäöüß]+\s)", text.strip())
    goals = [p.strip(" .-–•") for p in parts if p and len(p.strip(" .-–•")) >= 4]
    return [g[:1].upper() + g[1:120] for g in goals][:3]


def _answer_goals(state: DialogueState, text: str) -> DialogueTurn:
    goals = [] if _DONTKNOW_GOALS.search(normalize(text)) and len(text.split()) <= 4 else parse_goals(text)
    if goals:
        state.map.goals, state.map.goals_assumed = goals, False
    state.phase = "done"
    return DialogueTurn(state=state, text=texts().done, event="done")


_WORKDAYS = re.compile(
    r"\b(?:wir )?(?:arbeiten|haben|sind|oeffnen)(?: wir)?(?: nur| bloss| eigentlich)?(?: an)? (\d|fuenf|vier|sechs|sieben)"
    r" tage?n?\b(?! am tag)"
)
_DAY_WORDS = {"vier": 4.0, "fuenf": 5.0, "sechs": 6.0, "sieben": 7.0}


def _set_workdays(state: DialogueState, text: str) -> DialogueTurn | None:
    """ "Wir arbeiten nur 5 Tage": the firm's own working days; amounts per day already given are recounted."""
    m = _WORKDAYS.search(normalize(text))
    if m is None or len(normalize(text).split()) > 10:
        return None
    days = _DAY_WORDS.get(m.group(1)) or float(m.group(1))
    if not 1 <= days <= 7:
        return None
    state.workdays = days
    changed = []
    for p in state.map.processes:
        if not p.assumed and p.pain_text and per_day_basis(p.pain_text, days, state.team):
            p.hours_per_week = parse_answer(p.pain_text, days, state.team).hours
            changed.append(f"{p.title}: {_hours_text(p.hours_per_week)}")
    note = f"Gut, ich rechne mit {days:g} Arbeitstagen pro Woche."
    if changed:
        note += " Neu berechnet – " + "; ".join(changed) + "."
    return _ask(state, prefix=f"{note}\n\n", event="info")


_DROP_WORDS = re.compile(
    r"\b(haben|gibt|gibts|es|wir|machen|verkaufen|bieten|nutzen|brauchen|nicht|gar|auch|ja|eh|bei|uns|uebrigens"
    r"|leider|das|den|die|der|sowas|so|was|eigentlich|trifft|zu|entfaellt|an|einen|eine|ein|keinen|kein|keine)\b"
)


def _object_of(text: str) -> str:
    """The thing a "haben wir nicht" names, in the user's words ("Onlineshop haben wir nicht" → "Onlineshop")."""
    words = re.sub(r"[^\wäöüÄÖÜß ]", " ", text).split()
    kept = [w for w in words if not _DROP_WORDS.fullmatch(normalize(w))]
    return " ".join(kept[:3])


def _names_other_thing(text: str) -> bool:
    """True when "… haben wir nicht" names something ("Onlineshop haben wir nicht"), not just "haben wir nicht"."""
    return any(len(w) >= 4 for w in _object_of(text).split())


def _drop_clause(text: str) -> str:
    """The clause of a message that says "haben wir nicht" ("Versand haben wir auch nicht, wir liefern selbst aus"
    → "Versand haben wir auch nicht": the delivery named after it stays on the map; trial 16)."""
    clauses = re.split(r"[,;.!?]|\s(?:aber|sondern|dafuer|dafür)\s", text)
    return next((c for c in clauses if re.search(_COMMANDS[4][1], normalize(c))), text)


def _beside_drop(text: str) -> str:
    """What a message says besides its "haben wir nicht" clause when that part carries an amount ("Versand haben
    wir nicht, wir liefern selbst aus, so 5 Stunden die Woche" → "wir liefern selbst aus, so 5 Stunden die Woche");
    '' otherwise."""
    clause = _drop_clause(text)
    if clause == text or not re.search(_COMMANDS[4][1], normalize(clause)):
        return ""
    rest = text.replace(clause, "", 1).strip(" ,;.!?")
    return rest if parse_answer(rest).hours is not None else ""


def _drop_named(state: DialogueState, text: str) -> DialogueTurn | None:
    """ "Onlineshop haben wir nicht" while another process is asked: that process leaves the map, the question stays."""
    t = normalize(text)
    if not re.search(_COMMANDS[4][1], t) or len(t.split()) > 14:
        return None
    rest, text = _beside_drop(text), _drop_clause(text)
    named = [pid for pid in named_processes(state.map, text) if pid != state.current]
    if not named or state.current in named_processes(state.map, _object_of(text)):
        return None
    titles = [state.process(pid).title for pid in named]
    state.map.processes = [p for p in state.map.processes if p.id not in named]
    state.queue = [pid for pid in state.queue if pid not in named]
    state.answered = [pid for pid in state.answered if pid not in named]
    note = "Gut, " + " und ".join(f"„{x}“" for x in titles) + " nehme ich heraus."
    if rest and state.phase == "processes" and state.queue:  # "…, Verkauf so 40 Stunden": answered as well
        turn = _answer_process(state, rest)
        turn.text = f"{note}\n\n{turn.text}"
        return turn
    return _ask(state, prefix=f"{note}\n\n", event="info")


def _record_other(state: DialogueState, pid: str, parsed: ParsedAnswer, text: str) -> DialogueTurn:
    """An answer about another process of the map ("Stundenzettel … ein halber Tag", "in der Küche eher 30
    Stunden"): stored there (a correction when it was answered), then the current question again."""
    p = state.process(pid)
    again = pid in state.answered
    merged = parsed if not again else ParsedAnswer(hours=p.hours_per_week, pains=p.pains, data=p.data).merged(parsed)
    p.hours_per_week = merged.hours
    p.pains, p.data, p.software = list(merged.pains), list(merged.data), list(merged.software) or p.software
    p.pain_text = f"{p.pain_text} {text}".strip()[:300] if again else text.strip()[:300]
    p.assumed = False
    state.queue = [q for q in state.queue if q != pid]
    if not again:
        state.answered.append(pid)
    ack = _ack(p, per_day_basis(text, state.days, state.team), state.workdays is not None)
    ack = ack.replace("Notiert –", "Korrigiert –") if again else ack
    return _ask(state, prefix=f"{ack}\n\n")


def _take_story(state: DialogueState, acts: list[Activity]) -> DialogueTurn:
    """A story of the working day: each activity becomes (or is found as) a process, asked after the current one."""
    lines, pos = [], 1
    for a in acts:
        if a.process is not None:
            lines.append(f"• „{a.words}“ → {a.title} (steht schon auf der Liste)")
            continue
        ids = {p.id for p in state.map.processes}
        pid = _slug(a.title)
        while pid in ids:
            pid += "_2"
        state.map.processes.append(Process(id=pid, title=a.title, group=_group_of(a.title)))
        state.queue.insert(min(pos, len(state.queue)), pid)
        pos += 1
        lines.append(f"• „{a.words}“ → neu: {a.title}")
    head = "Aus Ihrer Beschreibung habe ich diese Abläufe übernommen:\n" + "\n".join(lines)
    tail = (
        "Die Stunden frage ich je Ablauf; Sie können sie auch gleich nennen, z. B. „"
        + acts[-1].title
        + " 5 Stunden pro Woche“."
    )
    return _ask(state, prefix=f"{head}\n{tail}\n\n", event="added")


# 250 people (the SME limit) × 40 hours: an amount above it for one process is a slip, not a figure to rank
MAX_HOURS_PER_WEEK = 10_000.0


def _answer_process(state: DialogueState, text: str) -> DialogueTurn:
    parsed = parse_answer(text, state.days, state.team)
    if parsed.hours is not None and parsed.hours > MAX_HOURS_PER_WEEK:
        said = num(parsed.hours, 1, trim=True)
        note = (
            f"„{said} Stunden pro Woche“ kann für einen Ablauf nicht stimmen – selbst 250 Beschäftigte zusammen "
            f"kommen auf etwa {num(MAX_HOURS_PER_WEEK, 0)} Stunden. Ich habe nichts notiert; bitte nennen Sie eine "
            "ungefähre Zahl (oder „weiß nicht“)."
        )
        return _ask(state, prefix=f"{note}\n\n", event="info")
    topic = topic_process(state.map, text)
    if topic is not None and topic != state.current and (parsed.hours is not None or topic in state.answered):
        return _record_other(state, topic, parsed, text)
    if parsed.hours is None and state.pending is None and (acts := story_activities(state.map, text)):
        return _take_story(state, acts)
    if state.pending is not None:
        return _record(state, state.pending.merged(parsed), f"{state.pending_text} {text}")
    if parsed.hours is None and not parsed.dontknow:
        state.pending, state.pending_text = parsed, text
        return _ask(state)
    return _record(state, parsed, text)


def advance(state: DialogueState, text: str) -> DialogueTurn:
    """Process one user message and return the next prompt (the given state is not changed)."""
    state = state.model_copy(deep=True)
    if state.phase in ("done", "aborted"):
        return DialogueTurn(state=state, text="Die Prozesslandkarte ist bereits abgeschlossen.", event="info")
    if state.paused:
        return resume(state)
    state.turns += 1
    cmd = command(text)
    if cmd == "abort":
        state.phase = "aborted"
        return DialogueTurn(
            state=state,
            text="Die Prozesslandkarte ist abgebrochen; nichts wurde gespeichert. "
            "Mit „Wo verlieren wir Zeit?“ können Sie jederzeit neu beginnen.",
            event="aborted",
        )
    if cmd == "pause":
        state.paused = True
        return DialogueTurn(
            state=state,
            text="Ich habe die Prozesslandkarte pausiert. Sagen Sie „weiter“, wann immer Sie möchten.",
            event="paused",
        )
    if cmd == "resume":
        return _ask(
            state, prefix="Wir sind mitten in der Prozesslandkarte – hier die aktuelle Frage:\n\n", event="info"
        )
    if state.phase == "trade":
        if not names_trade(text) and (is_question(text) or len(text.split()) > 4 or _no_trade(text)):
            return DialogueTurn(state=state, text=texts().trade_unclear or texts().ask_trade, event="info")
        # "fertig", "überspringen", "weiß nicht" at the trade question: the general list, never a trade "fertig"
        unnamed = not names_trade(text) and (cmd in ("skip", "finish") or parse_answer(text).dontknow)
        trade, label = (FALLBACK_TRADE, "Sonstige") if unnamed else parse_trade(text)
        fresh = _begin(trade)
        fresh.turns, fresh.weekday_firm = state.turns, _weekday_firm(text)
        fresh.team = employees_mentioned(text) or state.team
        intro = _intro(fresh, general=trade == FALLBACK_TRADE)
        said = f"Branche: {label}."
        if trade == FALLBACK_TRADE and not unnamed:  # "Fotostudio": no list of its own, said so
            said = texts().trade_unknown.format(label=label)
        return _ask(fresh, prefix=f"{said}\n\n{intro}\n\n")
    added = _ADD.search(text)
    if added and _names_a_process(added.group(1)):
        return _add(state, added.group(1))
    if cmd == "back":
        return _back(state)
    dropped = _drop_named(state, text) or _set_workdays(state, text)
    if dropped is not None:  # also while the goals are asked: "Onlineshop haben wir nicht" is no goal
        return dropped
    if state.phase == "goals":
        return _answer_goals(state, text)
    if cmd == "finish":
        left = len(state.queue)
        state.answered += state.queue
        state.queue = []
        state.pending = None
        note = f"Gut, die übrigen {left} Abläufe übernehme ich mit typischen Werten (als „angenommen“ markiert)."
        return _ask(state, prefix=f"{note}\n\n" if left else "")
    if cmd == "skip":
        return _next(state, "Übersprungen – dafür bleiben die typischen Werte (angenommen).")
    if (
        cmd == "drop"
        and _names_other_thing(_drop_clause(text))
        and state.current not in named_processes(state.map, _drop_clause(text))
    ):
        return _ask(
            state,
            prefix=f"„{_object_of(_drop_clause(text))}“ steht gar nicht auf Ihrer Liste – da ist nichts zu streichen.\n\n",
            event="info",
        )
    rest = _beside_drop(text)
    if rest:  # "Versand haben wir nicht, wir liefern selbst aus, so 5 Stunden": the rest is an answer of its own
        turn = _answer_process(state, rest)
        clause = _drop_clause(text)
        named = [pid for pid in named_processes(turn.state.map, clause) if pid != turn.state.current]
        if not named and _names_other_thing(clause):
            turn.text = f"„{_object_of(clause)}“ steht gar nicht auf Ihrer Liste.\n\n{turn.text}"
        return turn
    if cmd == "drop":
        pid = state.current
        state.map.processes = [p for p in state.map.processes if p.id != pid]
        state.queue.pop(0)
        state.pending = None
        return _ask(state, prefix="Gut, den Ablauf nehme ich heraus.\n\n")
    return _answer_process(state, text)


def result_map(state: DialogueState) -> ProcessMap:
    """The finished (or current) process map."""
    return state.map.model_copy(deep=True)


# „und am Samstag“, „morgen“, „aber nächste Woche“: a follow-up of another question or a day, never a trade
_NO_TRADE = re.compile(
    r"^(?:und|aber|oder|auch|dann|also|noch|na|ja|nein|ok|okay)\b|\b(?:montag|dienstag|mittwoch|donnerstag|"
    r"freitag|samstag|sonnabend|sonntag|heute|morgen|gestern|uebermorgen|woche|wochenende|monat|jahr)\b"
)


def _no_trade(text: str) -> bool:
    """A reply to the trade question that names no business but a day or a follow-up (trial 11, #13b)."""
    return _NO_TRADE.search(normalize(text)) is not None


def run_script(trade: str | None, answers: list[str] | None = None, goals: str | None = None) -> DialogueState:
    """Drive the dialogue with scripted answers (one per process, in order; none = all assumed), then the goals;
    "fertig" is sent when the answers run out, "weiß nicht" when no goals are given."""
    turn = start(trade or "sonstige")
    for text in answers or []:
        if turn.state.phase != "processes":
            break
        turn = advance(turn.state, text)
    if turn.state.phase == "processes":
        turn = advance(turn.state, "fertig")
    if turn.state.phase == "goals":
        turn = advance(turn.state, goals or "weiß nicht")
    return turn.state
