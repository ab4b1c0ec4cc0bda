"""Map a free-text German answer to an intent and a 1–5 maturity value with a confidence (rules, no LLM)."""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, Field

from tools.readiness.bank import Question

Intent = Literal["answer", "dontknow", "skip", "back", "pause", "resume", "abort", "unclear"]
ACCEPT = 0.6  # minimum confidence to take a value without asking back

# generic German answer phrases -> maturity level (questions are phrased so that "ja" = mature)
HEDGES: dict[int, list[str]] = {
    5: [
        "ja absolut",
        "ja klar",
        "ja total",
        "ja sehr",
        "ja alles",
        "ja komplett",
        "ja voll",
        "auf jeden fall",
        "voll und ganz",
        "absolut",
        "vollstaendig",
        "komplett",
        "durchgaengig",
        "alles digital",
        "definitiv",
        "hundertprozentig",
        "sehr gut",
        "immer",
        "trifft voll zu",
        "rundum",
    ],
    4: [
        "ja",
        "jo",
        "jep",
        "jap",
        "jawohl",
        "klar",
        "groesstenteils",
        "ueberwiegend",
        "weitgehend",
        "meistens",
        "eher ja",
        "eigentlich schon",
        "ja schon",
        "schon",
        "gut",
        "ganz gut",
        "ziemlich",
        "im grossen und ganzen",
        "die meisten",
        "fast alles",
        "fast immer",
        "doch",
        "nicht schlecht",
        "trifft ueberwiegend zu",
        "regelmaessig",
    ],
    3: [
        "teilweise",
        "teils",
        "zum teil",
        "jein",
        "manchmal",
        "mittel",
        "mittelmaessig",
        "so halb",
        "halb halb",
        "einigermassen",
        "geht so",
        "es geht",
        "gelegentlich",
        "mal so mal so",
        "bedingt",
        "mehr oder weniger",
        "ab und zu",
        "teils teils",
        "so mittel",
        "mal ja mal nein",
        "okay",
        "ok",
        "in ordnung",
        "passt so",
        # trial 22: everyday words for „in the middle“ („so halbwegs“, „durchwachsen“)
        "halbwegs",
        "so lala",
        "lala",
        "durchwachsen",
        "maessig",
        "leidlich",
        "mittelpraechtig",
        "hin und wieder",
        "je nachdem",
        # trial 34: a yes and a no in one breath is the middle, not the mean of „ja“ and „nein“ asked back
        "teils ja teils nein",
        "teils ja teils nicht",
        "ja und nein",
        "ja teils teils",
        "halb ja halb nein",
    ],
    2: [
        "eher nicht",
        "eher nein",
        "eher wenig",
        "eher selten",
        "eher schlecht",
        "kaum",
        "wenig",
        "selten",
        "ansatzweise",
        "in ansaetzen",
        "nicht wirklich",
        "nicht so richtig",
        "nicht richtig",
        "nicht so",
        "noch nicht so",
        "bisher wenig",
        "ein bisschen",
        "bisschen",
        "nur wenig",
        "nur einzelne",
        "nicht viel",
        "ein paar",
        "ein paarmal",
        "paarmal",
        "ein paar mal",
        "vereinzelt",
        "einzelne",
        "nicht so gut",
        "nicht gut",
        "nicht besonders",
        "trifft eher nicht zu",
        "nur teilweise nicht",
        # trial 23's hold-out: „Auf dem Land eher wackelig“ (the internet connection) – unreliable, poor
        "wackelig",
        "wacklig",
        "holprig",
        "unzuverlaessig",
        "mau",
        "duerftig",
    ],
    1: [
        "nein",
        "ne",
        "noe",
        "nee",
        "nope",
        "noch nicht",
        "gar nicht",
        "ueberhaupt nicht",
        "nie",
        "niemals",
        "nichts",
        "gar nichts",
        "null",
        "auf keinen fall",
        "fehlanzeige",
        "leider nein",
        "leider nicht",
        "keine",
        "keiner",
        "kein",
        "trifft gar nicht zu",
        "nicht",
    ],
}
# a flat "no" for the whole answer ("gar nicht", "nein"): never half of a partial answer
HEDGE_WORDS = frozenset(p for p in HEDGES[1] if p not in ("nicht", "kein", "keine"))
NUMBER_WORDS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5}
ORDINALS = {
    "erste": 1,
    "ersten": 1,
    "zweite": 2,
    "zweiten": 2,
    "dritte": 3,
    "dritten": 3,
    "vierte": 4,
    "vierten": 4,
    "fuenfte": 5,
    "fuenften": 5,
    "letzte": 5,
    "letzten": 5,
}

_RATING_FILLERS = {
    "eher",
    "so",
    "ca",
    "etwa",
    "ungefaehr",
    "vielleicht",
    "ich",
    "wuerde",
    "sagen",
    "sage",
    "na",
    "ja",
    "also",
    "hm",
    "hmm",
    "klar",
    "eine",
    "die",
    "das",
    "der",
    "glatte",
    "wohl",
    "mal",
    "bitte",
    "ok",
    "okay",
    "nehme",
    "nehmen",
    "wir",
    "mit",
    "gut",
    "knapp",
    "schon",
    "wuerd",
    "sag",
    "ne",
}
_FILLER_START = (
    r"^(?:(?:bitte|ok|okay|dann|nochmal|noch mal|eine frage|eins|geh|gehe|gehen wir|lass uns|ich will"
    r"|ich moechte|kann ich|frage|moment|moment mal|warte|warten sie|halt|aeh|aehm|oh|ach|ups|oops|sorry"
    r"|entschuldigung)\s+){0,3}"
)

_COMMANDS: list[tuple[Intent, str]] = [
    ("abort", r"\b(abbrechen|abbruch|interview beenden|beenden|aufhoeren|stopp|stop|schluss jetzt|lass es)\b"),
    (
        "pause",
        r"\b(pause|pausieren|(?:spaeter|nachher|morgen) weiter(?:machen)?|unterbrechen|spaeter fortsetzen|kurz weg"
        # trial 34: „können wir das später machen?“
        r"|(?:das|den rest|den check|es) (?:lieber |bitte )?(?:spaeter|nachher|morgen) (?:machen|fertig machen)"
        r"|muss (?:mal |jetzt |kurz |gleich |leider |dann |nun )*(?:weg|los))\b",
    ),
    (
        "back",
        _FILLER_START + r"(?:die |der )?(zurueck|vorherige frage|vorige frage|frage davor|frage vorher|"
        r"letzte frage nochmal|korrigieren)\b(?! zu(?:m|r) (?:interview|check|test|fragebogen|befragung))",
    ),
    (
        "skip",
        r"\b(ueberspringen|ueberspring|skip|naechste frage|keine angabe|weglassen|zu persoenlich"
        r"|(?:moechte|will|mag) ich (?:lieber |eigentlich |hier )?nicht sagen|lieber nicht sagen"
        r"|(?:die|das|diese|den) (?:frage )?lass(?:e)? ich (?:mal |lieber |hier |jetzt )*(?:aus|weg)|auslassen)\b",
    ),
    (
        "resume",
        r"^(?:(?:ok|okay|gut|so|dann|ja|bitte|jetzt)\s+){0,3}(weiter|weitermachen|fortsetzen|interview fortsetzen|"
        r"zurueck zu(?:m|r) (?:interview|check|test|fragebogen|befragung)|"
        r"mach weiter|machen wir weiter|weiter gehts|weiter geht s|los gehts|los geht s|los)"
        r"(?:\s+(?:mit (?:dem|den) (?:check|interview|test|fragen)|bitte|jetzt|gehts|geht s))*$",
    ),
]
_W_QUESTION = re.compile(r"^(?:wie|was|wann|wo|wer|warum|wieso|weshalb|welche[rsnm]?)\b")
_DONTKNOW = re.compile(
    r"\b(weiss (ich )?(nicht|net|nich)|keine ahnung|keinen? plan|k ?a|kann ich nicht sagen|keinen schimmer"
    r"|ka|keine info)\b"
)
_TYPOS = [
    (r"\b(nich|net|nicht?s?ht)\b", "nicht"),
    (r"\bja+\b", "ja"),
    (r"\bnee+\b", "nee"),
    (r"\bweis\b", "weiss"),
    (r"\bvllt\b|\bvlt\b", "vielleicht"),
    (r"\bnein+\b", "nein"),
    (r"\bteil(?:we|ew)iss?e?\b|\bteilwiese\b|\bteiweise\b", "teilweise"),  # "teilweiße", "teilweis"
    # a visitor answering in English ("yes, partly") or Low German ("jo", "dat hebbt wi nich")
    (r"\b(?:yes|yeah|jo)\b", "ja"),
    (r"\bno\b", "nein"),
    (r"\b(?:partly|partially)\b", "teilweise"),
    (r"\bsometimes\b", "manchmal"),
    (r"\bnever\b", "nie"),
    (r"\balways\b", "immer"),
    # "vage Ideen, mehr nicht": "nothing more" negates nothing of the answer ("nicht mehr" does: not any longer)
    (r"(?<=\w) (?:aber |und )?mehr (?:auch |aber )?nicht$", ""),
]
_NEGATORS = {"nicht", "nichts", "kein", "keine", "keinen", "keins", "keiner", "nix", "ohne", "nie"}
# words that end the clause a trailing negation may belong to ("Budget gibts keins", "Cloud nutzen wir nicht")
_CLAUSE_END = {"aber", "und", "sondern", "doch", "#"}
_TRAILING_NEGATION = 3  # a negator at most this many words after a keyword negates it
# amount words only qualify a question keyword ("überwiegend auf Papier") and carry no level of their own then
_QUANTIFIERS = {
    "ueberwiegend",
    "meistens",
    "groesstenteils",
    "weitgehend",
    "fast alles",
    "fast immer",
    "komplett",
    "vollstaendig",
}
_FLIP = {5: 3, 4: 2, 3: 2}  # "nicht immer" ~ teils, "nicht regelmäßig" ~ selten
_WEAK = {"nicht", "kein", "keine", "schon", "doch", "gut", "ok", "okay"}


class Mapped(BaseModel):
    """What one answer means for the current question."""

    intent: Intent
    value: float | None = None
    confidence: float = 0.0
    evidence: list[str] = Field(default_factory=list, description="the phrases that produced the value")


def normalize(text: str) -> str:
    """Lower-case ASCII form: umlauts spelled out, punctuation to spaces, single spaces."""
    t = text.lower().strip()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        t = t.replace(a, b)
    t = re.sub(r"(\d),(\d)", r"\1.\2", t)
    t = re.sub(r"[^a-z0-9./ -]+", " ", t)
    t = re.sub(r"(?<![0-9])[./]|[./](?![0-9])", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    for pattern, repl in _TYPOS:
        t = re.sub(pattern, repl, t)
    return t


# pausing or resuming may be one short clause of a longer message ("So, bin wieder da. Weiter geht's",
# "ich muss mal kurz weg, machen wir später weiter"); the other commands must be the whole (short) message
_CLAUSE = re.compile(r"[,.;:!?]+|\s[-–]\s")
_CLAUSE_INTENTS = frozenset({"pause", "resume"})
_SKIP_WORDS = 7  # "Das möchte ich lieber nicht sagen" skips; the other commands are at most five words
# words of a "back again" clause next to "weiter" ("So, bin wieder da.", "Hallo, da bin ich wieder")
_BACK_CHATTER = frozenset(
    "so ok okay gut hallo hi moin servus ja also sorry entschuldigung bin ich wieder da hier zurueck dann jetzt "
    "bitte sind wir es kann losgehen weiter".split()
)


# "Stopp, ich hab grad keine Zeit mehr": no time now pauses (the check can go on later), it is no answer
_NO_TIME = re.compile(
    r"\bkeine zeit (?:mehr|jetzt|gerade|grad)\b|\b(?:grad|gerade|jetzt|im moment|momentan) keine zeit\b"
)


# "ich muss kurz an die Rezeption", "muss mal eben ans Telefon", "bin gleich wieder da": a short errand pauses
_ERRAND = re.compile(
    r"\bmuss (?:(?:mal|jetzt|kurz|gleich|eben|schnell) )+(?:an|ans|zu|zur|zum|in|ins|nach|raus|rueber|runter"
    r"|telefonieren)\b|\bbin (?:gleich|sofort|kurz) (?:wieder da|zurueck|weg)\b"
    # trial 34: „Moment, das Telefon klingelt“, „da kommt grad ein Kunde rein“, „Kundschaft ist da“
    r"|\b(?:telefon|handy) (?:klingelt|bimmelt|geht)\b|\bes klingelt\b"
    r"|\b(?:kommt|kommen) (?:grad |gerade |gleich |jetzt |da )*(?:ein |eine |ne |n )?(?:kunde|kundin|kunden|kundschaft"
    r"|patient|patientin|lieferung|lieferant|gast|gaeste)\b"
    r"|\b(?:kunde|kundin|kundschaft|patient|patientin|lieferung|lieferant) (?:ist |sind )?(?:da|im laden)\b"
    # „Augenblick, eine Kundin kommt“ (trial 34 run 4: the subject before the verb was asked back as an answer)
    r"|\b(?:ein|eine|ne|die|der) (?:kunde|kundin|patient|patientin|lieferung|lieferant) (?:kommt|ist da|steht da)"
    r"(?: (?:rein|herein|gerade|grad|jetzt|gleich))*$|\bkundschaft (?:kommt|ist da)(?: (?:rein|gerade|grad|jetzt))*$"
    # „moment, telefon“: the interruption named in one word, as its own clause
    r"|^(?:das )?(?:telefon|kundschaft|kunde|kundin)$"
)
# a bare „Moment bitte“ / „einen Augenblick“ as the whole message pauses; „Moment, was heißt das?“ asks
_HOLD_ON = re.compile(r"^(?:einen |ein |nen )?(?:moment|momentchen|augenblick|sekunde)(?: (?:bitte|mal|kurz|noch))*$")


def _short_command(t: str, intents: frozenset[str] | None = None) -> Intent | None:
    """The command a short normalized text gives (only one of `intents` when given), else None."""
    if not t or len(t.split()) > _SKIP_WORDS or _W_QUESTION.search(t):
        return None  # "Wie lange ist meine Pause?" asks something, it does not pause the interview
    if (intents is None or "pause" in intents) and (_NO_TIME.search(t) or _ERRAND.search(t)):
        return "pause"
    for intent, pattern in _COMMANDS:
        if len(t.split()) > (_SKIP_WORDS if intent == "skip" else 5):
            continue
        if (intents is None or intent in intents) and re.search(pattern, t):
            return intent
    return None


# "so, da bin ich wieder", "hab wieder Zeit", "Kundschaft ist weg": a visitor coming back to a paused check
_BACK_AGAIN = re.compile(
    r"\b(?:(?:ich )?bin (?:jetzt |nun )?(?:wieder )?(?:da|zurueck|hier)|da bin ich (?:wieder|zurueck)|wieder da"
    r"|hab\w* (?:jetzt |nun )?wieder zeit|(?:jetzt|nun) hab\w* ich (?:wieder )?zeit|\w+ ist (?:weg|durch|vorbei|fertig))\b"
)
_COMING_BACK_WORDS = 10


def comes_back(text: str) -> bool:
    """A short message (no question) saying the visitor is back or wants to go on, also next to other words:
    "so, Mittag ist durch. Weiter", "hallo, ich bin wieder da" – read as "weiter" only while a check is paused
    (trial 28: the first went to the help and the visitor's next answers were lost)."""
    t = normalize(text)
    if not t or len(t.split()) > _COMING_BACK_WORDS or text.strip().endswith("?") or _W_QUESTION.search(t):
        return False
    clauses = [normalize(c) for c in _CLAUSE.split(text)]
    return _BACK_AGAIN.search(t) is not None or any(_short_command(c, _CLAUSE_INTENTS) == "resume" for c in clauses)


def command_intent(text: str) -> Intent | None:
    """A navigation command (zurück, überspringen, Pause, weiter, abbrechen) in a short message, or a pause or
    resume command as one clause of a longer one (all its clauses agreeing), else None."""
    if _HOLD_ON.match(normalize(text)):
        return "pause"
    whole = _short_command(normalize(text))
    if whole is not None or _W_QUESTION.search(normalize(text)):
        return whole
    clauses = [normalize(c) for c in _CLAUSE.split(text)]
    if sum(1 for c in clauses if c) < 2:
        return None
    found = {i for c in clauses if (i := _short_command(c, _CLAUSE_INTENTS)) is not None}
    if found == {"resume"}:  # "Ja, gelegentlich. Weiter." answers: only greetings may stand next to "weiter"
        others = [c for c in clauses if c and _short_command(c, _CLAUSE_INTENTS) is None]
        return "resume" if all(set(c.split()) <= _BACK_CHATTER for c in others) else None
    return found.pop() if len(found) == 1 else None


def _rating(t: str, ordinals: bool) -> float | None:
    """An explicit rating like '3', 'eher 4', '2 von 5', 'zwischen 2 und 3', 'drei'; 0 means out of range."""
    m = re.search(r"zwischen (\d) und (\d)", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return (a + b) / 2 if 1 <= a <= 5 and 1 <= b <= 5 else 0.0
    # '2 von 5', 'vier von fünf', 'Stufe 3'
    m = re.search(
        r"\b(\d(?:\.\d)?|eins|eine|einer|zwei|drei|vier|fuenf) ?(?:von|aus) ?(?:5|fuenf)\b"
        r"|\b(?:stufe|level|wert|punkt) (\d(?:\.\d)?)\b",
        t,
    )
    if m:
        said = m.group(1) or m.group(2)
        v = 1.0 if said.startswith("ein") else float(NUMBER_WORDS.get(said) or said)
        return v if 1 <= v <= 5 else 0.0
    words = t.split()
    content = [
        w
        for w in words
        if w not in _RATING_FILLERS
        and w not in NUMBER_WORDS
        and w not in ORDINALS
        and not re.fullmatch(r"\d+(?:\.\d)?", w)
    ]
    if len(words) <= 5 and not content:  # '3', 'eher 4', 'ich sage mal drei' - not 'seit 5 Jahren'
        nums = [w for w in words if re.fullmatch(r"\d+(?:\.\d)?", w)] + [
            str(NUMBER_WORDS[w]) for w in words if w in NUMBER_WORDS
        ]
        if ordinals:
            nums += [str(ORDINALS[w]) for w in words if w in ORDINALS]
        if len(nums) == 1:
            v = float(nums[0])
            return v if 1 <= v <= 5 else 0.0
    return None


def _keyword_pattern(phrase: str) -> re.Pattern[str]:
    """Keywords match inflected forms ('ruhige' ~ 'ruhigen') and, when long, the end of compounds ('pflegesoftware')."""
    words = []
    for w in phrase.split():
        stem = re.sub(r"(en|er|es|e|n|s)$", "", w) if len(w) >= 4 else w
        words.append(re.escape(stem) + ("[a-z]*" if len(w) >= 4 else "(?![a-z0-9])"))
    left = "" if len(phrase) >= 6 else "(?<![a-z0-9])"
    return re.compile(left + " ".join(words))


# "Budget gibts keins", "Zeit haben wir keine": the noun first, its negation after the verb
# ("Geld dafür gibt's eigentlich keins": adverbs may stand between the noun, the verb and the negation)
_INVERTED_FILLERS = (
    r"(?:noch|da|dafuer|hier|bei uns|leider|halt|eben|eigentlich|wirklich|momentan|aktuell|derzeit|auch|so)"
)
_INVERTED = re.compile(  # the noun is no filler: "dafür haben wir keine Zeit" is no "kein dafür" (trial 26)
    r"\b(?!"
    + _INVERTED_FILLERS
    + r"\b)([a-z]{4,}) (?:"
    + _INVERTED_FILLERS
    + r" )*(?:gibt es|gibts|gibt s|haben wir|hab ich|habe ich|ham wir"
    r"|hat er|hat sie) (?:" + _INVERTED_FILLERS + r" )*(?:keins|keine|keinen|kein"
    # trial 34: „Geld dafür haben wir nicht extra“ is „kein Geld“, not a flat „nicht“ = 1
    r"|nicht(?= extra\b| (?:so )?richtig\b| wirklich\b| viel\b|$| aber\b| und\b| #))\b"
)


def _trailing_negator(after: str) -> str | None:
    """A negator within the next few words of the same clause ("… gibts keins", "… nutzen wir nicht")."""
    for w in after.split()[:_TRAILING_NEGATION]:
        if w in _CLAUSE_END:
            return None
        if w in _NEGATORS:
            return w
    return None


def _phrases(t: str, table: dict[int, list[str]], source: str) -> tuple[list[tuple[float, float, str]], str]:
    """Find table phrases longest first and mask them; a negator right before a positive phrase lowers it."""
    found: list[tuple[float, float, str]] = []
    items = sorted(((normalize(p), lvl) for lvl, ps in table.items() for p in ps), key=lambda x: -len(x[0]))
    negated = {
        p.split(" ", 1)[1]: lvl for p, lvl in items if p.split(" ", 1)[0] in ("kein", "keine", "ohne") and " " in p
    }
    for phrase, lvl in items:
        if not phrase:
            continue
        pattern = (
            _keyword_pattern(phrase)
            if source == "keyword"
            else re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])")
        )
        while (m := pattern.search(t)) is not None:
            level, start, end = float(lvl), m.start(), m.end()
            before = t[:start].split()[-2:]
            neg = next((w for w in reversed(before) if w in _NEGATORS), None)
            trailing = neg is None and source == "keyword"
            if trailing:  # "Budget gibts keins": the negation after the keyword
                neg = _trailing_negator(t[m.end() :])
            # „festes Budget haben wir nicht“: the question's own „kein festes Budget“ level if it has one
            if neg and lvl >= 3:
                level = float(negated.get(phrase, _FLIP[lvl]))
                start = t[:start].rstrip().rfind(neg) if neg in before else start
                if trailing:  # the negation is used up here: no stray „nicht“ = 1 after it (trial 34)
                    hit = re.search(rf"\b{neg}\b", t[end:])
                    end = end + hit.end() if hit else end
            weight = 0.6 if phrase in _WEAK else 1.0
            found.append((level, weight, phrase if not neg or lvl < 3 else f"{neg} {phrase}"))
            t = t[:start] + " # " + t[end:]
    return found, t


# "X schon, aber Y nicht", "privat ja, im Betrieb nicht": two clauses that say yes and no on purpose
_CONTRAST = re.compile(r"\b(?:aber|allerdings|jedoch|sondern|nur|ausser|sonst|ansonsten|der rest|alles andere)\b")


# "ja gut, aber eigentlich gar nicht" takes the first part back: no partial answer, asked back
_RETRACTS = re.compile(r"\baber (?:eigentlich|doch|im grunde|ehrlich gesagt)\b")


def contrasts(text: str) -> bool:
    """The answer has two parts set against each other ("…, aber …", or two clauses split by a comma), and the
    second does not take the first back."""
    t = normalize(text)
    if _RETRACTS.search(t):
        return False
    return _CONTRAST.search(t) is not None or sum(1 for c in re.split(r"[,;]", text) if c.strip()) >= 2


def _restricted_part(text: str) -> bool:
    """A later part of the answer limits the yes („…, auf dem Markt nur Handy“, „…, sonst Papier“): trial 34 read
    „Am Hof Glasfaser seit letztem Jahr, auf dem Markt nur Handy“ as „Ja, überall stabil“."""
    parts = [normalize(c) for c in _SPLIT_CLAUSES.split(text) if normalize(c)]
    return any(re.search(r"\bnur\b|^(?:sonst|ansonsten)\b", c) for c in parts[1:])


_LEAD_WORDS = 3  # a first clause this short („eher nicht“, „nein“, „ja, klar“) is the answer itself


def _lead_answer(text: str, found: list[tuple[float, float, str]]) -> float | None:
    """The value of a short first clause whose cues agree („eher nicht, wir sind immer ausgebucht“: the clause
    after it gives the reason, its „immer“ answers nothing); None when there is no such clause."""
    parts = _CLAUSE.split(text, maxsplit=1)
    lead = normalize(parts[0])
    if len(parts) < 2 or not lead or len(lead.split()) > _LEAD_WORDS or not normalize(parts[1]):
        return None
    if _SCOPED_YES.match(lead):  # „Im Winter ja, im Sommer ist keine Zeit“: a yes for one part (trial 34: 4)
        return 3.0
    inside = [(v, w) for v, w, phrase in found if _keyword_pattern(phrase).search(lead)]
    if not inside or max(v for v, _ in inside) - min(v for v, _ in inside) > 1:
        return None
    return sum(v * w for v, w in inside) / sum(w for _, w in inside)


_RESTRICTIVE = frozenset({"nur", "bloss", "lediglich", "kaum", "wenig", "selten", "manchmal", "ausser"})
_PRONOUNS = frozenset({"sie", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres"})


def _names_own_term(t: str, question: Question) -> str | None:
    """A noun of the question itself named in a short answer without a negation ("über den Verband" to "Tauschen
    Sie sich mit … Ihrem Verband … aus?"): a partial yes (trial 26: asked back, the next answer landed there)."""
    words = t.split()
    if len(words) > 6 or any(w in _NEGATORS or w in _RESTRICTIVE for w in words):  # "nur das Kassenprogramm"
        return None
    nouns = {normalize(w)[:5] for w in re.findall(r"(?<!^)\b[A-ZÄÖÜ][a-zäöüß]{4,}", question.text)}
    nouns -= {p[:5] for p in _PRONOUNS}
    return next((w for w in words if len(w) >= 5 and w[:5] in nouns), None)


# "Service hat Tablets, Küche nicht", "Rezepte ja, sonst nicht": one part yes, another part no (trial 28: read as
# "no tablets" → 1,6 and as "ja" → 4); only an explicit yes-clause next to a short "X nicht" clause counts
_SPLIT_CLAUSES = re.compile(r"[,;]|\s[-–]\s|\baber\b")
_YES_CLAUSE = re.compile(r"\b(?:ja|schon|hat|haben|nutzt|nutzen|laeuft|laufen|gibt es|machen|macht)\b")
_NO_CLAUSE = re.compile(r"^(?:\w+ ){0,3}(?:nicht|nein|nee|noe|ne|nope|kaum|nix|nichts)$")
_NOT_A_PART = frozenset(
    "eher gar ueberhaupt leider noch auch also eigentlich wohl bisher nein nee ne noe ja doch so das es".split()
)


# words after the preposition that name no part: „für uns ja“, „im Großen und Ganzen ja“, „im Moment schon“
_NO_SCOPE = (
    "mich",
    "uns",
    "dich",
    "euch",
    "die meisten",
    "den meisten",
    "alle",
    "jeden",
    "jedem",
    "grossen",
    "grunde",
    "prinzip",
    "allgemeinen",
    "wesentlichen",
    "moment",
    "augenblick",
    "endeffekt",
    "zweifel",
)
# "im Winter ja", "für den Laden ja", "beim Einkauf schon": a yes said for one part only is a partial yes (trial 34:
# „für Hygiene ja, sonst nö“ and „im Winter ja“ were read as a plain „ja“ = 4)
_SCOPED_YES = re.compile(
    r"^(?:nur |aber )?(?:fuer|im|beim|bei|in|an|am|zum|zur|auf|vor|nach|ausser)(?! (?:" + "|".join(_NO_SCOPE) + r")\b)"
    r"(?: [a-z]+){1,3} (?:ja|schon|jo|jep)$"
)


# „ja, ChatGPT für Instagram-Texte“, „ja, für die Buchhaltung“: a yes for one named task or part (trial 31/34: 4)
_YES_FOR_ONE = re.compile(
    r"^(?:ja|jo|schon|ja schon)(?: [a-z]+){0,2} (?:fuer|beim|zum|zur) (?!(?:alles|alle|jede\w*|uns|mich|viel\w*"
    r"|mehrere\w*|verschiedene\w*|den ganzen|das ganze)\b)(?:[a-z]+ ){0,2}[a-z-]+$"
)


def _split_answer(text: str) -> Mapped | None:
    """An answer that says yes for one part and no for another: "teils" (3), or 2 when the rest is "sonst nicht";
    a yes said for one part only ("im Winter ja") is 3."""
    whole = normalize(text)
    one = _YES_FOR_ONE.match(whole) is not None and " und " not in whole
    if one:  # „ja, regelmäßig beim Stammtisch“ says how often: the hedge decides, not the part
        one = all(p in ("ja", "jo", "schon", "ja schon") for _, _, p in _phrases(whole, HEDGES, "hedge")[0])
    if (_SCOPED_YES.match(whole) or one) and len(whole.split()) <= 6:
        return Mapped(intent="answer", value=3.0, confidence=0.8, evidence=[whole])
    clauses = [normalize(c) for c in _SPLIT_CLAUSES.split(text) if normalize(c)]
    no = [c for c in clauses if _NO_CLAUSE.match(c) and c.split()[0] not in _NOT_A_PART]
    yes = [c for c in clauses if c not in no and _YES_CLAUSE.search(c) and not re.search(r"\b(?:nicht|kein\w*)\b", c)]
    if len(clauses) > 3 or not no or not yes:
        return None
    # "sonst nicht", "mehr nicht", "der Rest nicht": only the yes-part holds
    only = any(c.split()[0] in ("sonst", "mehr", "rest") or c.startswith(("der rest", "alles andere")) for c in no)
    # the evidence is the visitor's own parts (trial 38: „erkannt an: „nur ein Teil““ quoted words never written)
    return Mapped(intent="answer", value=2.0 if only else 3.0, confidence=0.8, evidence=[*yes, *no])


# "ne"/"nen" after a preposition or verb and before a noun is the spoken article „eine/einen“, not „nee“
_ARTICLE_NE = re.compile(
    r"\b(fuer|mit|an|auf|in|um|ueber|durch|ohne|gegen|bei|von|zu|hab|habe|haben|hat|hatten|ist|sind|war|gibt|gibts"
    r"|wie|als|so|mal|nur|noch|schon|auch|probiert|gemacht|genutzt) (?:ne|nen) (?=[a-z]{3,})"
)


_POLAR_NEG = frozenset({"ohne", "kein", "keine", "keinen", "keinem", "keiner", "keins"})
_POLAR_STEM = 5  # words compared by their first letters: „festem Budget“ ~ „festes Budget“
_POLAR_REACH = 2  # a negation reaches this many words („ohne festes Budget“)


_POLAR_AFTER = 4  # „Budget haben wir dafür nicht eingeplant“: the negation four words after the noun


def _negated_after(words: list[str]) -> bool:
    for w in words[:_POLAR_AFTER]:
        if w in _CLAUSE_END:
            return False
        if w in _NEGATORS:
            return True
    return False


def _mentions(t: str) -> tuple[set[str], set[str]]:
    """Stems of the longer words a normalized text says with and without a negation before or just after them."""
    words = t.split()
    pos: set[str] = set()
    neg: set[str] = set()
    for i, w in enumerate(words):
        if len(w) < _POLAR_STEM or w in _POLAR_NEG:
            continue
        before = words[max(0, i - _POLAR_REACH) : i]
        negated = any(b in _POLAR_NEG or b == "nicht" for b in before) or _negated_after(words[i + 1 :])
        (neg if negated else pos).add(w[:_POLAR_STEM])
    return pos, neg


def _shown_levels(value: float) -> list[int]:
    """The levels whose texts the interview quotes for a value: one, or the two it lies between (see
    `engine._level_quote`)."""
    lo, hi = min(5, max(1, math.floor(value))), min(5, max(1, math.ceil(value)))
    if lo == hi or value - lo < 0.25 or hi - value < 0.25:
        return [lo if value - lo < 0.5 else hi]
    return [lo, hi]


def _polarity(value: float, t: str, question: Question) -> tuple[float, str | None]:
    """The level kept or moved so that its text does not say the opposite of the answer: „mit festem Budget“ is
    never „ohne festes Budget“, „ohne Budget“ never „mit Budget“ (trial 34). Only a term one level text negates
    and another says plainly counts; the nearest level agreeing with the answer wins."""
    texts = {lvl: _mentions(normalize(txt)) for lvl, txt in question.levels.items()}
    negated = set().union(*(n for _, n in texts.values()))
    said = set().union(*(p for p, _ in texts.values()))
    nouns = {  # nouns only (capitalised, not the first word): „Budget“, never „davon“ or „damit“
        normalize(w)[:_POLAR_STEM]
        for txt in question.levels.values()
        for w in re.findall(r"(?<!^)\b[A-ZÄÖÜ]\w{4,}", txt)
    }
    polar = negated & said & nouns
    pos, neg = _mentions(t)
    pos, neg = (pos - neg) & polar, (neg - pos) & polar
    shown = [texts.get(lvl, (set(), set())) for lvl in _shown_levels(value)]
    # „mit festem Budget“ clashes with any level shown that says „ohne“; „ja, aber ohne festes Budget“ (3,5) only
    # when every level shown says the term plainly (between „ohne“ and „mit Budget“ it is quoted honestly)
    plain = [p - n for p, n in shown]
    said_everywhere = plain[0].intersection(*plain[1:])
    clash = (pos & set().union(*(n for _, n in shown))) or (neg & said_everywhere)
    if not clash:
        return value, None
    term = sorted(clash)[0]
    want_neg = term in neg
    fits = [lvl for lvl, (p, n) in texts.items() if (term in n if want_neg else term in p and term not in n)]
    if not fits:
        return value, None
    best = min(fits, key=lambda lvl: (abs(lvl - value), -lvl))
    word = next((w for w in t.split() if w.startswith(term)), term)
    return float(best), f"{'ohne' if want_neg else 'mit'} {word}"


def map_answer(text: str, question: Question | None = None, *, asked_back: bool = False) -> Mapped:
    """Map a free-text answer to the 1–5 scale; low confidence means: ask back. A level whose text says the
    opposite of the answer („ohne festes Budget“ for „mit festem Budget“) is moved to the nearest agreeing one."""
    m = _map_answer(text, question, asked_back=asked_back)
    if question is None or m.value is None or any(e.startswith("Zahl") for e in m.evidence):
        return m
    t = normalize(text)
    value, term = _polarity(m.value, t, question)
    if term is None:
        return m
    evidence = m.evidence if term in m.evidence else [*m.evidence, term]
    return m.model_copy(update={"value": round(value, 2), "evidence": evidence})


def _map_answer(text: str, question: Question | None = None, *, asked_back: bool = False) -> Mapped:
    """The rule reading of one answer, before the polarity check."""
    intent = command_intent(text)
    if intent is not None:
        return Mapped(intent=intent, confidence=1.0)
    t = normalize(text)
    if not t:
        return Mapped(intent="unclear")
    rating = _rating(t, ordinals=asked_back)
    if rating is not None:
        if rating == 0.0:
            return Mapped(intent="unclear", evidence=["Zahl außerhalb 1–5"])
        return Mapped(intent="answer", value=rating, confidence=0.95, evidence=[f"Zahl {rating:g}"])
    split = _split_answer(text)
    if split is not None and split.value is not None and question is not None:
        # „privat ja, im Laden nicht“: the question's own word for the yes-part („privat“ = 2) is lower than „teils“
        yes_parts = [c for c in map(normalize, _SPLIT_CLAUSES.split(text)) if c and not set(c.split()) & _NEGATORS]
        said = [f for c in yes_parts for f in _phrases(c, question.keywords, "keyword")[0]]
        if said and all(v < split.value for v, _, _ in said):
            low = max(v for v, _, _ in said)
            return split.model_copy(update={"value": low, "evidence": [p for _, _, p in said]})
    if split is not None:
        return split
    found: list[tuple[float, float, str]] = []
    rest = _INVERTED.sub(r"kein \1", t)  # "Budget gibts keins" reads as "kein Budget"
    rest = _ARTICLE_NE.sub(r"\1 eine ", rest)  # "für ne Stellenanzeige": the article, no "nee" (trial 28)
    rest = re.sub(r"\balles andere\w*\b", "der rest", rest)  # „Termine ja, alles andere auf Papier“: no „ja, alles“
    if question is not None:
        kw, rest = _phrases(rest, question.keywords, "keyword")
        found += kw
    dk = _DONTKNOW.search(rest)
    if dk:
        rest = rest[: dk.start()] + " # " + rest[dk.end() :]
    hedges, rest = _phrases(rest, HEDGES, "hedge")
    if found:
        hedges = [h for h in hedges if h[2] not in _QUANTIFIERS]
    found += hedges
    own = question is not None and not found and not dk and "?" not in text and not _W_QUESTION.search(t)
    if own and question is not None and (named := _names_own_term(t, question)) is not None:
        return Mapped(intent="answer", value=3.0, confidence=ACCEPT, evidence=[named])
    if not found:
        return Mapped(intent="dontknow" if dk else "unclear", confidence=1.0 if dk else 0.0)
    total = sum(w for _, w, _ in found)
    value = sum(v * w for v, w, _ in found) / total
    spread = max(v for v, _, _ in found) - min(v for v, _, _ in found)
    if len(found) == 1:
        conf = 0.8 if found[0][1] >= 1.0 else 0.55
    elif spread > 2 and not _CONTRAST.search(normalize(text)) and (lead := _lead_answer(text, found)) is not None:
        value, conf = lead, ACCEPT  # "eher nicht, wir sind immer ausgebucht": the first words answer, the rest why
    elif spread > 2 and contrasts(text) and not any(v <= 1 and w >= 1 and src in HEDGE_WORDS for v, w, src in found):
        # "ich kümmer mich schon, aber Geld gibt's keins": a yes and a no on purpose is a partial answer
        value, conf = min(max(value, 2.0), 3.5), ACCEPT
    else:
        conf = 0.9 if spread <= 1 else 0.6 if spread <= 2 else 0.35
    if dk:
        conf = min(conf, 0.5)
    if min(v for v, _, _ in found) >= 4 and _restricted_part(text):  # „Am Hof Glasfaser, auf dem Markt nur Handy“
        return Mapped(
            intent="answer", value=3.0, confidence=conf, evidence=[*(p for _, _, p in found), "nur teilweise"]
        )
    return Mapped(intent="answer", value=round(value, 2), confidence=conf, evidence=[p for _, _, p in found])
