"""Company profile (trade, size, region) read from free-text answers."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import yaml
from pydantic import BaseModel

from tools.number_words import INDEFINITE_ARTICLES, NUMBER_WORDS
from tools.readiness.bank import DATA_DIR
from tools.readiness.mapper import normalize
from tools.readiness.places import (  # noqa: F401 (the place helpers were part of this module; callers import them here)
    list_parts,
    looks_like_place,
    place_shown,
    region_class,
    region_listed,
    region_mentioned,
    region_named,
)


class Trade(BaseModel):
    """A trade: German label, stems that name it unambiguously (weight 2) and generic ones (weight 1)."""

    label: str
    strong: tuple[str, ...]
    weak: tuple[str, ...] = ()
    workdays: float = 5.0  # days a week the business usually works ("jeden Tag eine Stunde" in the process map)


def _load_trades() -> dict[str, Trade]:
    """The trades and their word stems from `data/trades.yaml` (matching rules at its top)."""
    raw = yaml.safe_load((DATA_DIR / "trades.yaml").read_text(encoding="utf-8"))
    return {tid: Trade.model_validate(t) for tid, t in raw.items()}


TRADES: dict[str, Trade] = _load_trades()


def workdays_of(trade: str | None) -> float:
    """Working days per week of a trade (data/trades.yaml `workdays`; 5 for an unknown trade)."""
    return TRADES[trade].workdays if trade in TRADES else Trade(label="", strong=()).workdays


STRONG, WEAK = 2.0, 1.0
HEAD_BONUS = 1.5  # a stem before " mit " names the main business ("Café mit Konditorei" is a café)
FUZZY_WEIGHT = 0.8  # a stem found only with a typo counts a little less
_HEAD_ENDS = (" mit ", " sowie ", " inkl ", " inklusive ", " samt ", " nebst ", " plus ")
SIZE_CLASSES = (
    ("kleinst", 1, 9, "1–9 Beschäftigte"),
    ("klein", 10, 49, "10–49 Beschäftigte"),
    ("mittel", 50, 249, "50–249 Beschäftigte"),
    ("gross", 250, 10**9, "ab 250 Beschäftigten"),
)
# number words of a head count: not the article ("eine Bäckerei mit acht Leuten" has eight, not one)
# Low German count words a visitor of the Altmark may write ("wi sünd veer Lüüd")
LOW_GERMAN_COUNTS = {"twee": 2, "dree": 3, "veer": 4, "fief": 5, "soess": 6, "soeben": 7, "negen": 9, "teihn": 10}
COUNT_WORDS = {w: n for w, n in NUMBER_WORDS.items() if w not in INDEFINITE_ARTICLES} | LOW_GERMAN_COUNTS


class Profile(BaseModel):
    """Short company profile; only the classes (not the name) are stored for comparisons."""

    trade: str | None = None
    trade_label: str | None = None
    employees: int | None = None
    size_class: str | None = None
    region: str | None = None
    region_class: str | None = None


def _fold(text: str) -> str:
    """Normalised text for trade stems: accents dropped ('Café' → 'cafe', umlauts kept for `normalize`),
    hyphenated words joined ('Online-Shop' → 'onlineshop'), padded with spaces."""
    kept = "".join(
        ch if ch in "äöüÄÖÜß" else "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        for ch in text
    )
    t = re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", "", normalize(kept))
    return f" {t.replace('-', ' ')} "


class _Hit(NamedTuple):
    start: int
    end: int
    trade: str
    weight: float


def _exact_hits(t: str) -> list[_Hit]:
    """Every occurrence of every stem; a hit inside a longer hit ('laden' in 'hofladen') is dropped."""
    hits = []
    for tid, tr in TRADES.items():
        for keys, w in ((tr.strong, STRONG), (tr.weak, WEAK)):
            for k in keys:
                core, lead = k.strip(), len(k) - len(k.lstrip())
                for m in re.finditer(re.escape(k), t):
                    hits.append(_Hit(m.start() + lead, m.start() + lead + len(core), tid, w))
    return [
        h
        for h in hits
        if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start for o in hits)
    ]


def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _near(key: str, word: str) -> int | None:
    """Offset in the word where the stem occurs with one typo (two for stems of 9+ letters), else None.

    Short stems (under 7 letters) must start the word; the first letter must be right."""
    allowed = 2 if len(key) >= 9 else 1
    for i in range(len(word) if len(key) >= 7 else 1):
        if word[i] != key[0]:
            continue
        for n in (len(key) - 1, len(key), len(key) + 1):
            if i + n <= len(word) and _distance(key, word[i : i + n]) <= allowed:
                return i
    return None


def _fuzzy_hits(t: str) -> list[_Hit]:
    """Stems of 5+ letters found with a typo ('Bäckrei', 'Spediton'), used only when nothing matches exactly."""
    hits = []
    pos = 0
    for word in t.split():
        pos = t.index(word, pos)
        for tid, tr in TRADES.items():
            for keys, w in ((tr.strong, STRONG), (tr.weak, WEAK)):
                for k in (k for k in keys if " " not in k and len(k) >= 5):
                    i = _near(k, word)
                    if i is not None:
                        hits.append(_Hit(pos + i, pos + i + len(k), tid, w * FUZZY_WEIGHT))
        pos += len(word)
    return hits


def _scored(text: str) -> tuple[dict[str, float], dict[str, int]]:
    """Score per trade (strong 2, generic 1, ×1.5 before ' mit ', typos ×0.8) and where each is first named."""
    t = _fold(text)
    head = min((i for i in (t.find(s) for s in _HEAD_ENDS) if i >= 0), default=len(t))
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for h in _exact_hits(t) or _fuzzy_hits(t):
        scores[h.trade] = scores.get(h.trade, 0.0) + h.weight * (HEAD_BONUS if h.start < head else 1.0)
        first[h.trade] = min(first.get(h.trade, h.start), h.start)
    return scores, first


def names_trade(text: str) -> bool:
    """True when `text` names a trade word for word ("… ich habe eine kleine Tischlerei …"); typos do not count,
    so that a request to start the check is never read as a trade by accident."""
    return bool(_exact_hits(_fold(text)))


def trade_scores(text: str) -> dict[str, float]:
    """Score of each trade the text names (0 for none); for tests and the eval's diagnosis."""
    return _scored(text)[0]


# "Ich habe ein Fotostudio mit 3 Leuten", "wir sind eine kleine Hundeschule": the business a visitor names in an
# opening, also when no trade of the list matches it (a German noun: written with a capital letter)
_BUSINESS = re.compile(
    r"\b(?i:(?:ich (?:habe|hab|betreibe|leite|führe|fuehre)|wir (?:haben|sind|betreiben|führen|fuehren))"
    r"\s+(?:ein|eine|einen|nen|ne|'ne|'nen)\s+(?:(?:kleine[nsrm]?|eigene[nsrm]?|familiengeführte[nsrm]?|neue[nsrm]?)\s+)?)"
    r"([A-ZÄÖÜ][\wäöüß-]{3,})"
)
_NO_BUSINESS = frozenset(
    "betrieb firma unternehmen frage problem idee ahnung zeit menge reihe art teil ding sache".split()
)


def business_named(text: str) -> str | None:
    """The business an opening names as written ("Fotostudio"), known trade or not; None when it names none."""
    m = _BUSINESS.search(text)
    return m.group(1) if m is not None and _fold(m.group(1)).strip() not in _NO_BUSINESS else None


# no business: a question back, a request for a file or the result, a short „und …“ fragment (hostile test 25: „und als
# Excel“ was stored as the trade „und als Excel“)
_NO_TRADE = re.compile(
    r"\b(?:excel|pdf|csv|tabelle|export\w*|download\w*|ergebnis|auswertung|bericht)\b"
    r"|^(?:was|wie|warum|wieso|weshalb|wer|wo|wann|welche\w*|kann|koennen|darf|muss|soll)\b"
)


def looks_like_trade(text: str) -> bool:
    """An answer that may name an unknown trade („Bestattungsinstitut“), not a command or a question back."""
    t = normalize(text)
    fragment = t.startswith(("und ", "oder ", "aber ")) and len(t.split()) <= 3
    return re.search(r"[a-z]{3}", t) is not None and "?" not in text and not fragment and not _NO_TRADE.search(t)


def parse_trade(text: str) -> tuple[str, str]:
    """Trade id and German label: the best-scoring trade, on a tie the one named first; unknown trades keep
    the user's words as label."""
    scores, first = _scored(text)
    if not scores:
        return "sonstige", (text.strip()[:60] or "Sonstige")
    order = list(TRADES)
    tid = min(scores, key=lambda x: (-scores[x], first[x], order.index(x)))
    return tid, TRADES[tid].label


_TOGETHER = ("zweit", "dritt", "viert", "fuenft", "sechst", "siebt", "acht", "neunt", "zehnt")


# „ich und meine Frau“, „mein Mann und ich“: a couple (or parent and child) running the business (trial 31)
_COUPLE = re.compile(
    r"\b(?:nur )?ich und (?:meine?|meinem|meiner) (?:frau|mann|partner\w*|sohn|tochter|bruder|schwester|vater|mutter)\b"
    r"|\b(?:meine?) (?:frau|mann|partner\w*|sohn|tochter|bruder|schwester|vater|mutter) und ich\b"
)


def parse_employees(text: str) -> int | None:
    """Number of employees from '12', 'ca. 45 Leute', 'zwischen 10 und 20', 'nur ich'; None if unclear."""
    t = normalize(text)
    if _COUPLE.search(t) and not re.search(r"\d", t):
        return 2
    if re.search(r"\b(nur ich|allein|alleine|solo|einzelunternehm|ein mann)", t):
        return 1
    together = re.search(r"\bzu (zweit|dritt|viert|fuenft|sechst|siebt|acht|neunt|zehnt)\b", t)
    if together:  # "wir sind zu dritt"
        return _TOGETHER.index(together.group(1)) + 2
    plus = re.search(r"(\d+) ?(?:plus|\+|und) ?(\d+) (?:aushilf|teilzeit|minijob|azubi|auszubild|saison)", t + " ")
    plus = plus or re.search(r"(\d+) ?(?:plus|\+) ?(\d+)\b", t)
    if plus:  # "3 plus 2 Aushilfen": everyone counts
        return int(plus.group(1)) + int(plus.group(2))
    m = re.search(r"zwischen (\d+) und (\d+)|(\d+) ?(?:bis|-) ?(\d+)", t)
    if m:
        a, b = (int(x) for x in (m.group(1) or m.group(3), m.group(2) or m.group(4)))
        return round((a + b) / 2)
    m = re.search(r"\d+", t.replace(".", ""))
    if m:
        return int(m.group(0))
    for w in t.split():
        if w in COUNT_WORDS:
            return COUNT_WORDS[w]
    return None


_PEOPLE = (
    r"(mitarbeite\w*|beschaeftigte\w*|angestellte\w*|leute\w*|personen|koepfe\w*|kolleg\w*|mann\b|frau\b"
    r"|lue(?:ue)?d|staff|people|employees|aushilfen"
    # any staff noun (trial 28: „5 fahrlehrer“, „4 Gesellen“, „22 Pflegekräfte“, „9 Therapeutinnen“): feminine
    # plurals, -kräfte, and the roles of small businesses – never things („3 Stühle“, „15 Zimmer“, „4 Filialen“);
    # the -er roles also in the dative plural („mit 2 Steuerberatern und 6 Fachangestellten“: trial 31)
    r"|\w+innen\b|\w*kraefte\b|\w*kraft\b|\w*lehrern?\b|\w*lehrling\w*|\w*gesell(?:e|en)\b|\w*meistern?\b|azubi\w*"
    r"|auszubildende\w*|\w*angestellte\w*|\w*helfern?\b|\w*arbeitern?\b|\w*therapeut(?:en)?\b|\w*pflegern?\b|\w*fahrern?\b|monteur\w*"
    r"|\w*mechanikern?\b|\w*mechatronikern?\b|\w*elektrikern?\b|\w*technikern?\b|\w*verkaeufern?\b|koeche\b|kellner\b"
    r"|\w*erziehern?\b|\w*beratern?\b|\w*assistent(?:en)?\b|\w*gaertnern?\b|floristen\b|friseur(?:e|en)?\b"
    r"|\w*aerzte\b|\w*verwaltern?\b|\w*buchhaltern?\b|\w*sachbearbeitern?\b|tischlern?\b|schreinern?\b|malern?\b"
    r"|installateure\b|handwerkern?\b|fachleute\b|seelen\b|koepfe\b)"
)
# „3 Gesellen + ich“, „4 Leute und ich“: the one speaking counts, too
# (on the normalised text, where „+“ is gone: „3 gesellen ich“ counts only when the message has a „+“)
_AND_ME = re.compile(
    r"^ (?P<join>plus |und |)(?:ich|mich|mir)\b(?! (?:bin|habe|hab|will|moechte|wuerde|mache|muss|denke|glaube|weiss))"
)
# „2 Steuerberater und 4 Fachangestellte“: two staff counts of different roles side by side are added up
_STAFF_JOIN = re.compile(r"^\s*(?:,|\+|plus|und|sowie)\s*$")
# "wir sind doch 14", "wir sind eigentlich 12": a count right after "wir sind" (not years, per cent or euros)
_WE_ARE = re.compile(
    r"\b(?:wir sind|es sind|sind wir|sind es) (?:(?:doch|eigentlich|insgesamt|zusammen|jetzt|nur|aber|ja|schon|mal)"
    r" ){0,3}(\d{1,5})\b(?! ?(?:jahr|prozent|euro|filial|standort|%|uhr|stunden|std|tage|minuten))"
)
# "wir sind zu fünft", "zu dritt sind wir": the head count said as "zu N-t"
_WE_ARE_TOGETHER = re.compile(
    r"\b(?:wir sind|sind wir)(?: \w+){0,2} zu (zweit|dritt|viert|fuenft|sechst|siebt|acht|neunt|zehnt)\b"
    r"|\bzu (zweit|dritt|viert|fuenft|sechst|siebt|acht|neunt|zehnt) sind wir\b"
)


def employees_mentioned(text: str) -> int | None:
    """A head count named next to another answer ('Bäckerei mit 12 Mitarbeitenden'): only a number followed
    by a word for people (or 'nur ich') counts, so 'Bäckerei seit 1961' is no size; None otherwise."""
    t = normalize(text)
    words = "|".join(sorted(COUNT_WORDS, key=len, reverse=True))  # „achtzehn“ before its tail „zehn“
    if _COUPLE.search(t) and not re.search(r"\d", t):
        return 2
    if re.search(r"\b(nur ich|ganz allein|alleine|einzelunternehm)", t):
        return 1
    counts = list(
        re.finditer(rf"(\d+ ?(?:plus|\+) ?)?\b(\d[\d.]*|{words})(\s*(?:bis|-)\s*\d+)?\s+(?:[a-z]+ )?{_PEOPLE}", t)
    )
    counts = [m for m in counts if m.group(0).split()[-1] not in _NOT_STAFF]
    we = _WE_ARE.search(t)
    # „es sind eigentlich 7, ich hab die zwei Azubis vergessen“: the total said after „wir/es sind“ wins over a
    # count of one role elsewhere; „wir sind 3 Gesellen + ich“ is a staff count itself
    if we and not any(m.start() <= we.start(1) < m.end() for m in counts):
        return int(we.group(1))
    if counts:
        return _staff_total(t, counts, "+" in text)
    together = _WE_ARE_TOGETHER.search(t)
    return _TOGETHER.index(together.group(1) or together.group(2)) + 2 if together else None


# words a count may stand before that end like a staff noun but are none („3 Stühle“ never matches anyway)
_NOT_STAFF = frozenset({"innen", "kraft", "kraefte"})


def _staff_total(t: str, counts: list[re.Match[str]], plus_sign: bool) -> int | None:
    """The head count of the staff counts found: the first one, plus the next of another role right beside it
    („2 Steuerberater und 4 Fachangestellte“ → 6), plus one for „+ ich“ after the last one taken."""
    total = parse_employees(counts[0].group(0))
    if total is None:
        return None
    last = counts[0]
    for m in counts[1:]:
        between = t[last.end() : m.start()]
        n = parse_employees(m.group(0))
        if n is None or not _STAFF_JOIN.match(between) or m.group(0).split()[-1] == last.group(0).split()[-1]:
            break
        total, last = total + n, m
    me = _AND_ME.match(t[last.end() :])
    return total + 1 if me and (me.group("join") or plus_sign) else total


def size_class(employees: int) -> tuple[str, str]:
    """EU size class id and German label."""
    for cid, lo, hi, label in SIZE_CLASSES:
        if lo <= employees <= hi:
            return cid, label
    return "kleinst", SIZE_CLASSES[0][3]


def employees_listed(text: str) -> int | None:
    """A head count standing alone in a list answer ("Tischlerei, 12, Gardelegen"); None otherwise."""
    parts = list_parts(text)
    if len(parts) < 2:
        return None
    for part in parts[1:]:
        t = normalize(part)
        if re.fullmatch(r"(?:ca |etwa |rund |so |ungefaehr )?\d{1,5}", t) or t in COUNT_WORDS:
            return parse_employees(t)
    return None
