"""Free text that names processes other than the one asked: a story of the working day ("Morgens kommen die Blumen
vom Großmarkt, dann binden wir Sträuße …") → activities, and an answer whose topic is another process ("Das Binden
dauert …", "Moment, in der Küche sind es eher 30 Stunden") → that process."""

from __future__ import annotations

import re

from pydantic import BaseModel

from tools.readiness.mapper import normalize
from tools.readiness.process_defaults import alias_fit, trade_defaults
from tools.readiness.processes import ProcessMap

_TIME_WORDS = (
    "morgens|vormittags|mittags|nachmittags|abends|nachts|frueh|morgens frueh|zuerst|erst|dann|danach|anschliessend"
    "|spaeter|ausserdem|zwischendurch|und|am morgen|am abend|am nachmittag|am vormittag|zum schluss|meistens"
)
_LEAD = re.compile(rf"^(?:(?:{_TIME_WORDS})\b\s*)+", re.IGNORECASE)
_SEQUENCE = re.compile(rf"^(?:{_TIME_WORDS.replace('|und', '')})\b")
_SPLIT = re.compile(r"[,;.]|\s(?=(?:dann|danach|anschließend|anschliessend|und dann|und abends|und mittags)\b)")
_PRONOUNS = frozenset({"wir", "ich", "man", "sie", "er", "die jungs", "meine frau", "mein mann"})
_ARTICLES = frozenset({"der", "die", "das", "den", "dem", "ein", "eine", "einen", "unsere", "unser", "unseren"})
_PARTICLES = frozenset(
    {"aus", "ab", "an", "ein", "zu", "vor", "nach", "mit", "auf", "los", "weg", "zusammen", "fertig"}
)
_TOPIC_SKIP = frozenset({"moment", "also", "ok", "okay", "nein", "ach", "ja", "eigentlich", "naja", "halt", "und"})
_NUMBERISH = re.compile(r"^(\d|so$|ca$|etwa$|ungefaehr$|rund$|knapp$|jeden$|taeglich$|pro$)")
_GENERIC = frozenset({"und", "oder", "der", "die", "das", "fuer", "mit", "von", "zum", "zur", "beim", "sonstige"})


class Activity(BaseModel):
    """One activity read from a story: the user's words, a title, and the map process it is (None = new)."""

    words: str
    title: str
    process: str | None = None


def process_keys(pmap: ProcessMap) -> dict[str, list[str]]:
    """Words that name each process of the map: its id, the trade's aliases for it, the longer title words."""
    typical = {p.id: p for p in trade_defaults(pmap.trade).processes}
    keys = {}
    for p in pmap.processes:
        title = [w for w in normalize(p.title).split() if len(w) >= 4 and w not in _GENERIC]
        keys[p.id] = [p.id, *(typical[p.id].aliases if p.id in typical else []), *title]
    return keys


def _best(pmap: ProcessMap, words: list[str]) -> str | None:
    """The map process one of `words` names (an alias or its inflection), else None."""
    best, found = 1, None
    for pid, keys in process_keys(pmap).items():
        fit = max((alias_fit(k, w) for k in keys for w in words if len(w) >= 3), default=0)
        if fit > best:
            best, found = fit, pid
    return found


def named_processes(pmap: ProcessMap, text: str) -> list[str]:
    """Every map process the text names somewhere ("Onlineshop haben wir nicht" → ['onlineshop'])."""
    words = normalize(text).split()
    return [
        pid
        for pid, keys in process_keys(pmap).items()
        if any(alias_fit(k, w) >= 2 for k in keys for w in words if len(w) >= 3)
    ]


def topic_process(pmap: ProcessMap, text: str) -> str | None:
    """The process an answer is about when it opens with its name, before any amount ("Stundenzettel schreiben
    die Jungs …", "Das Binden dauert …"); None when the answer opens with an amount or names none."""
    head: list[str] = []
    for w in normalize(text).split():
        if _NUMBERISH.match(w) or len(head) >= 4:
            break
        if w not in _TOPIC_SKIP:
            head.append(w)
    return _best(pmap, head) if head else None


def _title(clause: str) -> str:
    """'binden wir Sträuße' → 'Sträuße binden', 'liefern wir aus' → 'Ausliefern', 'die Abrechnung' → 'Abrechnung'."""
    tokens = clause.split()
    verb = ""
    if len(tokens) >= 2 and tokens[0].islower() and tokens[0] not in _ARTICLES:
        verb, tokens = tokens[0], tokens[1:]
        if tokens and tokens[0].lower() in _PRONOUNS:
            tokens = tokens[1:]
    if verb and tokens and tokens[-1].lower() in _PARTICLES:
        verb, tokens = tokens[-1].lower() + verb, tokens[:-1]
    while tokens and tokens[0].lower() in _ARTICLES | _PRONOUNS:
        tokens = tokens[1:]
    title = " ".join([*tokens, verb]).strip()
    return title[:1].upper() + title[1:60]


def story_activities(pmap: ProcessMap, text: str) -> list[Activity]:
    """The activities of a story of the working day (two or more clauses, at least one opened by a time or sequence
    word: "morgens …, dann …, nachmittags …"); [] for an ordinary answer."""
    clauses = [c.strip() for c in _SPLIT.split(text.strip()) if c and c.strip()]
    if len(clauses) < 2 or not any(_SEQUENCE.match(normalize(c)) for c in clauses):
        return []
    out = []
    for clause in clauses:
        rest = _LEAD.sub("", clause).strip()
        if len(rest.split()) < 2 and not rest.lower().endswith(tuple(_PARTICLES)):
            continue
        pid = _best(pmap, normalize(rest).split())
        title = next((p.title for p in pmap.processes if p.id == pid), None) or _title(rest)
        out.append(Activity(words=clause, title=title, process=pid))
    return out if len(out) >= 2 else []
