"""The labour laws behind the staff handbook: indexed from the shared law folder, searched like the handbook."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from tools.rag.documents import Chunk, chunk_file
from tools.rag.qa import Answer, extra_heading_words, relevance
from tools.rag.relevance import covered_words, question_words
from tools.rag.search import Hit, search
from tools.rag.sync import ensure_collection
from tools.rag.text import content_stems, fold
from tools.rag.thesaurus import expand, names_minor_age
from tools.settings import get_settings

LAWS_COLLECTION = "gesetze_arbeit"
# the laws an employee's everyday questions touch (working time, young workers, maternity protection, minimum
# wage, leave, sick pay, part time); the food and hygiene laws answer the owner's questions, not these
EMPLOYEE_LAWS = ("arbzg.md", "jarbschg.md", "muschg_2018.md", "milog.md", "burlg.md", "entgfg.md", "tzbfg.md")
TOP_K = 8  # law passages looked at: a paragraph's exceptions and fines often outrank the rule itself
# The law decision, calibrated on evals/rag/questions_laws_employee.jsonl (24 questions the 7 laws answer, with law
# and §, 11 they do not; the held-out set was never used): hit rate 0.417 → 0.792, wrongly answered 0.182 → 0.091.
# Law texts answer colloquial questions with few shared words, so the handbook's found/not-found line (log-odds > 0)
# kept most of them silent; the USE encoder separates the laws' matters from shop-floor questions far better.
LAW_TOPIC_USE = 0.32  # best USE cosine of the candidates: at or below, none of the laws speaks of the matter
LAW_FLOOR = -1.5  # the best candidate's relevance (the handbook's log-odds model) must pass this
TITLE_TIE = 2.0  # log-odds within which a paragraph whose title names the matter beats a better-ranked one
TITLE_PREFIX = 7  # letters a question word and a title word share to name the same matter („Berufsschul…“)
# words that name no matter of a paragraph: counting words, and work itself (every labour law's paragraphs are about
# work: „ich arbeite seit Montag …, ich bin schwanger“ named „Verbot der Sonn- und Feiertagsarbeit“)
_COUNTING = re.compile(r"^(?:erst|zweit|dritt|viert|naechst|letzt|arbeit|beschaeftig)\w*$")
COMPOUND_HEAD = 5  # letters of a question word that, ending a title word, make the title name it („Ruhepausen“)
NAMED_LAW_SLACK = 2.0  # log-odds below LAW_FLOOR still quoted when the question names the law's own subject
# paragraphs for trades and cases a bakery's employee is never in (ships, planes, lorries, mines, home work, the civil
# service, children under 15) and the laws' own machinery (committees, authorities, ordinances, fines): never quoted
# to an employee („was muss ich am ersten tag mitbringen?“ got § 20 JArbSchG Binnenschiffahrt, „ich bin schwanger,
# muss ich das sagen?“ § 30 MuSchG Ausschuss für Mutterschutz, trial 35)
_NOT_FOR_STAFF = re.compile(
    r"binnenschiff|luftfahrt|strassentransport|heimarbeit|unter tage|bergbau|oeffentlichen dienst|seeschiff"
    r"|von kindern|schulpflichtiger kinder|berlin-klausel|inkrafttreten|aufhebung von gesetzen|uebergangsvorschrift"
    r"|evaluationsbericht|eingangsformel|ausschuss|kommission|geschaefts- und informationsstelle|zustaendigkeit"
    r"|rechtsverordnung|erlass von|ermaechtigung|aufsichtsbehoerde|bussgeld|strafvorschrift"
    # the employer's notices and registers for the authority („§ 48 Aushang über Arbeitszeit und Pausen“ outranked
    # § 11 Ruhepausen for an apprentice's break, trial 37) and a commission's members
    r"|aushang|bekanntgabe des gesetzes|verzeichnisse?\b|mitglieder"
)
# laws for one group of people, quoted only when the question or the asker (said earlier in the thread) names the
# group: „verfällt mein resturlaub?“ got § 24 MuSchG, „ab wann ist nachtarbeit?“ § 5 MuSchG, a Minijobberin's leave
# § 19 JArbSchG (trial 37)
_GROUP_LAWS: dict[str, re.Pattern[str]] = {
    "muschg_2018.md": re.compile(
        r"\b(?:schwanger\w*|mutterschutz\w*|mutterschaft\w*|still(?:en|end\w*|zeit\w*)|entbind\w*|geburt\w*|wochenbett)"
    ),
    "jarbschg.md": re.compile(
        r"\b(?:jugendlich\w*|jugendarbeitsschutz\w*|minderjaehrig\w*|unter 18|azubi\w*|auszubild\w*|\w*ausbildung\w*"
        r"|lehrling\w*|berufsschul\w*|schueler\w*|1[3-7]\s*-?\s*jaehrig\w*)"
    ),
}
# the words that bring a group's law to the search when the asker said earlier they belong to it („bin 17“ two turns
# before „wie viel pause krieg ich?“)
GROUP_QUERY_WORDS = {"muschg_2018.md": "schwangere Frau", "jarbschg.md": "Jugendliche"}
_NUMBER = re.compile(r"^§+\s*\d+\w*\s*")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---", re.S)
# the file's own note on its text version: „Zuletzt geändert durch⏎:   Art. 2 Abs. 1 G v. 10.7.2020 I 1657“
_CHANGED = re.compile(r"Zuletzt geändert durch\s*\n:\s*[^\n]*?\bv\.\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")


class LawSource(BaseModel):
    """Where a quoted law passage stands: the law's name, its abbreviation and the paragraph."""

    law: str
    abbreviation: str
    paragraph: str
    changed: date | None = None  # the last change the file's text includes („Zuletzt geändert durch … v. 10.7.2020“)


def law_files() -> list[Path]:
    """The employee laws present in the shared folder (none when the folder is absent)."""
    folder = get_settings().laws_dir
    return [folder / name for name in EMPLOYEE_LAWS if (folder / name).is_file()]


def sync_laws(*, wait: bool = False) -> bool:
    """Index the employee laws once per process (file hashes and the pipeline version decide what is re-read); True
    when they can be searched. The first indexing takes minutes on a small CPU: a chat turn does not wait for it (it
    runs in the background and no law is quoted meanwhile), an evaluation or test passes `wait`."""
    files = law_files()
    return bool(files) and ensure_collection(LAWS_COLLECTION, files, background=not wait)


def _title(hit: Hit) -> str:
    """The paragraph's own title without its number („Samstagsruhe“ of „§ 16 Samstagsruhe“): a question's „16“ (an
    age) names no paragraph."""
    return _NUMBER.sub("", hit.heading.split(">")[-1].strip())


def paragraph_title(hit: Hit) -> str:
    """The paragraph's title without its number („Samstagsruhe“)."""
    return _title(hit)


def titled(question: str, hit: Hit, strict: bool = False) -> bool:
    """The paragraph's title names a question word – itself, by stem or thesaurus, or by its first letters
    („Berufsschultagen“ – „§ 9 Berufsschule“, „Schwangerschaft“ – „Mitteilungen … der schwangeren Frauen“) or as the
    head of a compound („pause“ – „Ruhepausen“). `strict`: a matter word, not a short or counting one („erste“ of
    „wo ist der Erste-Hilfe-Kasten?“ names no „Erste Nachuntersuchung“, „Tag“ no „Tägliche Freizeit“)."""
    title = _title(hit)
    if strict:
        question = " ".join(w for w in question_words(question) if len(w) >= COMPOUND_HEAD and not _COUNTING.match(w))
    if covered_words(question, title):
        return True
    words = fold(title).replace("-", " ").replace(",", " ").replace(";", " ").split()
    heads = {w[:TITLE_PREFIX] for w in words if len(w) >= TITLE_PREFIX}
    asked = question_words(question)
    if any(w[:TITLE_PREFIX] in heads for w in asked if len(w) >= TITLE_PREFIX):
        return True
    return any(compound_of(t, w) for t in words for w in asked)


def compound_of(title_word: str, word: str) -> bool:
    """The (folded) title word is a compound ending in the question word, its plural or genitive ending aside
    („ruhepausen“ – „pause“, „erstuntersuchung“ – „untersuchung“); a verb („arbeiten“) is no head of
    „nachtarbeit“."""
    if len(word) < COMPOUND_HEAD or len(title_word) <= len(word):
        return False
    forms = {title_word, title_word.removesuffix("n"), title_word.removesuffix("en"), title_word.removesuffix("s")}
    return any(f.endswith(word) and len(f) > len(word) for f in forms)


def law_pick(question: str, hits: list[Hit], slack: float = 0.0, topic: bool = True) -> Hit | None:
    """The paragraph that answers the question, or None: none when the laws do not speak of the matter (no candidate's
    USE cosine above `LAW_TOPIC_USE`, none above `LAW_FLOOR`); else a paragraph whose title names the matter when it is
    about as relevant as the best (`TITLE_TIE`), the title adding fewest other words first („§ 1 Mindestlohn“ before
    „§ 9 Beschluss der Mindestlohnkommission“, „§ 16 Samstagsruhe“ before „§ 21a Abweichende Regelungen“), else the
    best-ranked passage. The floor is lower by `NAMED_LAW_SLACK` when the question names the law's own subject
    („Mindestlohn“) and by `slack` where the caller asks so (a group's law for an asker of that group); `topic`
    False: the caller has settled that the laws speak of the matter (a paragraph title names it)."""
    if not hits or (topic and max(h.dense_use for h in hits) <= LAW_TOPIC_USE):
        return None
    rel = {id(h): relevance(h) for h in hits}
    top = max(rel.values())
    named_law = any(names_law_subject(question, h) for h in hits)
    floor = LAW_FLOOR - (NAMED_LAW_SLACK if named_law else slack)
    if top <= floor:
        return None
    defining = [h for h in hits if rel[id(h)] > floor and defines(question, h)]
    if defining:  # „ab wann zählt es als Nachtarbeit?“: § 2 ArbZG „Nachtarbeit im Sinne dieses Gesetzes ist …“
        return max(defining, key=lambda h: rel[id(h)])
    named = [h for h in hits if titled(question, h)]
    best_named = max((rel[id(h)] for h in named), default=float("-inf"))
    if best_named >= top - TITLE_TIE:
        near = [h for h in named if rel[id(h)] >= best_named - TITLE_TIE]
        return min(near, key=lambda h: (extra_heading_words(question, _title(h)), -rel[id(h)]))
    return hits[0]


def names_law_subject(question: str, hit: Hit) -> bool:
    """The question names the subject of the hit's law in the law's own name („krieg ich im Minijob auch
    Mindestlohn?“ – „Gesetz zur Regelung eines allgemeinen Mindestlohns“): that law is meant even where its text
    shares few other words with the question."""
    path = get_settings().laws_dir / hit.source
    title = _front_matter(str(path)).get("Title", "") if path.is_file() else ""
    # the word itself, not a thesaurus word („verdien“ is no „Mindestlohn“)
    own = {w[:TITLE_PREFIX] for w in fold(title).split() if len(w) >= TITLE_PREFIX} - _GENERIC_LAW_WORDS
    return any(w[:TITLE_PREFIX] in own for w in question_words(question) if len(w) >= TITLE_PREFIX)


# the first letters of law-name words that name no subject of their own („Gesetz“, „Arbeitnehmer“, „Regelung“)
_GENERIC_LAW_WORDS = frozenset({"arbeitn", "arbeits", "regelun", "allgeme", "zahlung", "schutze", "gesetze"})


def names_group(text: str, source: str) -> bool:
    """Whether the text names the people a group's law is for (pregnant women, young workers); True for the laws for
    everyone."""
    group = _GROUP_LAWS.get(source)
    folded = fold(text)
    return group is None or group.search(folded) is not None or (source == "jarbschg.md" and names_minor_age(text))


def _law_hits(query: str) -> list[Hit]:
    """The search's law passages for the query, without paragraphs no employee needs."""
    return [h for h in search(query, LAWS_COLLECTION, top_k=TOP_K).hits if not _NOT_FOR_STAFF.search(fold(_title(h)))]


# a question for what a word means in law („was ist Nachtarbeit?“, „ab wann zählt es als Nachtarbeit?“)
_ASKS_DEFINITION = re.compile(
    r"\bwas (?:ist|sind|heisst|bedeutet)\b|\b(?:zaehlt|zaehlen|gilt|gelten)\b.*\bals\b|\bab wann (?:ist|sind)\b"
    r"|\bwas versteht man\b"
)


def defines(question: str, hit: Hit) -> bool:
    """The question asks what a word means and the passage defines that word („Nachtarbeit im Sinne dieses Gesetzes
    ist …“)."""
    if _ASKS_DEFINITION.search(fold(question)) is None:
        return False
    text = " ".join(fold(hit.text).split())
    return any(f"{w} im sinne dieses gesetzes" in text for w in question_words(question) if len(w) >= COMPOUND_HEAD)


def search_laws(question: str, asker: str = "") -> Answer | None:
    """The law paragraph that answers the question (`law_pick`, its first passage: the rule), or None without the
    laws; confidence „sicher“ with the paragraph or „keine“. A group's law (young workers, pregnant women) only for
    a question or asker naming the group, and then before the general law where a paragraph of it is titled by the
    question („pause für jugendliche“: § 11 JArbSchG, not § 4 ArbZG). `asker`: what the asker said of themselves
    earlier in the thread („bin 17“, „ich bin schwanger“) – the group's law is searched with the group's words („wie
    viel pause krieg ich?“ two turns after „bin 17“: § 11 JArbSchG)."""
    if not sync_laws():
        return None
    named = f"{question} {asker}".strip()
    found = _law_hits(question)
    # whether the laws speak of the matter is judged on all of them, a group's law included (trial 35's line)
    on_topic = bool(found) and max(h.dense_use for h in found) > LAW_TOPIC_USE
    hits = [h for h in found if names_group(named, h.source)]
    best = law_pick(question, hits, topic=False) if on_topic else None
    groups = [g for g in _GROUP_LAWS if names_group(named, g)]
    if groups and (best is None or best.source not in groups):
        unnamed = " ".join(GROUP_QUERY_WORDS[g] for g in groups if not names_group(question, g))
        grouped = [h for h in found if names_group(named, h.source)]
        if unnamed:
            grouped = [h for h in _law_hits(f"{question} ({unnamed})") if names_group(named, h.source)]
        # only a paragraph of the group's law whose title the question names („samstags“ – „Samstagsruhe“, „pause“ –
        # „Ruhepausen“): the group's words alone would find some paragraph of its law for any question
        # the best-ranked of them: every title of the group's law names its people („schwangere Frauen“), so fewest
        # extra title words would pick by the title's length
        floor = LAW_FLOOR - NAMED_LAW_SLACK
        own = [h for h in grouped if h.source in groups and titled(question, h, strict=True) and relevance(h) > floor]
        pick = max(own, key=relevance, default=None)
        if pick is not None:
            best, hits = pick, grouped
    if best is None:
        return Answer(question=question, confidence="keine", passages=[], candidates=hits)
    return Answer(question=question, confidence="sicher", passages=[paragraph_start(best)], candidates=hits)


@lru_cache(maxsize=16)
def _chunks(path: str) -> list[Chunk]:
    return chunk_file(Path(path))


def paragraph_start(hit: Hit) -> Hit:
    """The hit's whole paragraph, from its first passage on: a long paragraph is split into passages, and its first
    subsection states the rule („(1) An Samstagen dürfen Jugendliche nicht beschäftigt werden.“), the later ones its
    exceptions and the rest of a list cut by the split (`quote_law` keeps the rule and shortens the rest)."""
    path = get_settings().laws_dir / hit.source
    if not path.is_file():
        return hit
    parts = [c.text.strip() for c in _chunks(str(path)) if c.heading == hit.heading]
    return hit if not parts else hit.model_copy(update={"text": "\n\n".join(parts)})


@lru_cache(maxsize=32)
def _front_matter(path: str) -> dict[str, str]:
    """`Title:` and `jurabk:` of a law file's front matter."""
    m = _FRONT.match(Path(path).read_text(encoding="utf-8")[:2000])
    pairs = (line.split(":", 1) for line in (m.group(1).splitlines() if m else []) if ":" in line)
    return {k.strip(): v.strip() for k, v in pairs}


@lru_cache(maxsize=32)
def _changed(path: str) -> date | None:
    """The date of the last change the law file's text includes, or None when the file does not say."""
    m = _CHANGED.search(Path(path).read_text(encoding="utf-8")[:4000])
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def law_source(hit: Hit) -> LawSource:
    """The law and paragraph of a passage („Gesetz zum Schutze der arbeitenden Jugend“, „JArbSchG“, „§ 16
    Samstagsruhe“) and how current its text is."""
    path = str(get_settings().laws_dir / hit.source)
    meta = _front_matter(path)
    parts = [p.strip() for p in hit.heading.split(">")]
    paragraph = next((p for p in reversed(parts) if p.startswith("§")), parts[-1])
    abbreviation = meta.get("jurabk", Path(hit.source).stem.upper())
    changed = _changed(path) if Path(path).is_file() else None
    return LawSource(law=meta.get("Title", parts[0]), abbreviation=abbreviation, paragraph=paragraph, changed=changed)


__all__ = [
    "EMPLOYEE_LAWS",
    "LAWS_COLLECTION",
    "LawSource",
    "law_files",
    "law_source",
    "law_units",
    "paragraph_start",
    "paragraph_title",
    "quote_law",
    "law_pick",
    "names_group",
    "names_law_subject",
    "titled",
    "search_laws",
    "sync_laws",
]


# --- quoting a paragraph: whole sentences and list items, never a torn half (trial 35) ---
LAW_QUOTE_CHARS = 900  # a paragraph longer than this is shortened to its sentences and list items nearest the question
LIST_WHOLE_CHARS = 450  # a list up to this long is quoted whole once one of its items is
_ABSATZ = re.compile(r"^\(\d+[a-z]?\)")
_REPEALED = re.compile(r"^(?:\(\d+[a-z]?\)|\d+[a-z]?\.)?\s*\(weggefallen\)$")
_ITEM = re.compile(r"^\d+[a-z]?\.\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ(])")
_NO_END = re.compile(r"(?:\b\d+[a-z]?|\b(?:Nr|Abs|Art|S|Satz|bzw|vgl|ggf|z|B|d|h|u|a))\.$")


class LawUnit(BaseModel):
    """A sentence or list item of a law paragraph; `group` ties a list's lead-in, items and closing words together."""

    text: str
    block: int  # the Absatz („(2) …“) it belongs to
    group: int = -1  # the list it belongs to (-1: none)
    lead: bool = False  # the sentence that opens the list („Zulässig ist die Beschäftigung … nur“)


def _blocks(text: str) -> list[str]:
    """The paragraph's blank-line separated blocks, each joined into one line."""
    text = re.sub(r"-\n\s*(?=[A-ZÄÖÜ])", "-", text)  # „Fünf-⏎Tage-Woche“ stays one word, „Sonn-⏎und“ two
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip() and not _REPEALED.match(b.strip())]


def sentences(text: str) -> list[str]:
    """Sentences of one line of law text: no split after an ordinal („ab dem 1. Januar“) or an abbreviation („Nr.“)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _NO_END.search(text[start : m.start()]):
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def law_units(text: str) -> list[LawUnit]:
    """The paragraph as sentences and list items in their order; a list item keeps its number and whole text, the
    sentence before a list is its lead-in and a lower-case block after it („beschäftigt werden.“) its closing words."""
    units: list[LawUnit] = []
    block, group, in_list = -1, -1, False
    for b in _blocks(text):
        if _ITEM.match(b):
            if not in_list:
                group += 1
                in_list = True
                if units and units[-1].block == block:
                    units[-1] = units[-1].model_copy(update={"group": group, "lead": True})
            units.append(LawUnit(text=b, block=max(block, 0), group=group))
            continue
        if in_list and b[:1].islower():  # the lead-in sentence goes on after the list
            units.append(LawUnit(text=b, block=max(block, 0), group=group))
            in_list = False
            continue
        in_list = False
        if _ABSATZ.match(b) or block < 0:
            block += 1
        units += [LawUnit(text=s, block=block) for s in sentences(b)]
    return units


def _score(question: set[str], unit: LawUnit) -> int:
    words = set(content_stems(unit.text))
    return len(question & words) + sum(1 for q in question - words if len(q) >= 5 and any(w.endswith(q) for w in words))


def _with_list(units: list[LawUnit], i: int) -> list[set[int]]:
    """A unit and what it cannot stand without, fullest first: a short list whole, else a list item with its lead-in
    and closing words."""
    group = units[i].group
    if group < 0:
        return [{i}]
    members = [j for j, u in enumerate(units) if u.group == group]
    item = {i} | {j for j in members if units[j].lead or not _ITEM.match(units[j].text)}
    whole = sum(len(units[j].text) for j in members) <= LIST_WHOLE_CHARS
    # a lead-in („…, es sei denn, dass sie“) or closing words never stand without an item, the rule's first sentence
    # aside
    if i > 0 and not _ITEM.match(units[i].text):
        return [set(members)] if whole else []
    return [set(members), item] if whole else [item]


def quote_law(question: str, text: str, max_chars: int = LAW_QUOTE_CHARS) -> str:
    """The paragraph, or when long its sentences and list items sharing most words with the question – each whole, a
    list item with its lead-in, a short list whole; one Absatz a line, left-out parts marked „…“."""
    units = law_units(text)
    if not units:
        return text.strip()
    keep: set[int] = set()
    if sum(len(u.text) + 1 for u in units) <= max_chars:
        keep = set(range(len(units)))
    else:
        q = set(content_stems(f"{question} {expand(question)}"))  # „azubi“ finds „Berufsausbildung“
        # the paragraph's first sentence (the rule) first, then what shares most words with the question
        # (an Absatz's own first sentence – a rule of its own – before list items and sentences going on, at a tie:
        # „(3) … nicht geregelt wird die Vergütung von zu ihrer Berufsausbildung Beschäftigten“ for an apprentice)
        order = [0, *sorted(range(1, len(units)), key=lambda i: (-_score(q, units[i]), not _opens(units, i), i))]
        for i in order:
            for option in _with_list(units, i):
                if not keep or sum(len(units[j].text) + 1 for j in keep | option) <= max_chars:
                    keep |= option
                    break
    return _render(units, keep)


def _opens(units: list[LawUnit], i: int) -> bool:
    """The unit is the first of its Absatz („(3) Von diesem Gesetz …“)."""
    return _ABSATZ.match(units[i].text) is not None


def _render(units: list[LawUnit], keep: set[int]) -> str:
    """Kept units in their order, one Absatz a line; „…“ where something was left out."""
    lines: list[str] = []
    for block in sorted({u.block for u in units}):
        idx = [i for i, u in enumerate(units) if u.block == block]
        if not any(i in keep for i in idx):
            continue
        line, gap = "", False
        for i in idx:
            if i not in keep:
                gap = True
                continue
            line += (" … " if gap and line else " … " if gap else " " if line else "") + units[i].text
            gap = False
        lines.append(line.strip() + (" …" if gap else ""))
    return "\n\n".join(lines)
