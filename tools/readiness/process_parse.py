"""A free-text answer about one process → hours per week, pains and data sources (rules, no model).

"so 10 Stunden, dauernd Fehler beim Abtippen, alles in Excel" → 10 h, [fehler, doppelt], [excel].
Numbers may be words ("zehn", "ein halber Tag" = 4 h); per day/month/year is converted to a week;
"weiß nicht" is a valid answer (hours None, `dontknow`).
"""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel, Field

from tools.number_words import NUMBER_WORDS as WHOLE_NUMBER_WORDS
from tools.readiness.mapper import normalize
from tools.readiness.processes import DataSource, Pain

WORKDAYS_PER_WEEK = 5.0  # "täglich 2 Stunden" → 10 h per week, unless the trade works more days (trades.yaml)
WEEKS_PER_MONTH = 52.0 / 12.0
HOURS_PER_DAY = 8.0  # "ein Tag" of work
T = TypeVar("T")
NUMBER_WORDS: dict[str, float] = {
    **WHOLE_NUMBER_WORDS,
    "anderthalb": 1.5,
    "eineinhalb": 1.5,
    "zweieinhalb": 2.5,
    "paar": 3,
    "halbe": 0.5,
    "halben": 0.5,
    "halber": 0.5,
    "halb": 0.5,
    "ne": 1,  # "so ne Stunde": the colloquial article counts one
}
_NUM = r"\b(\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNITS: list[tuple[str, float]] = [  # unit word → hours
    (r"(?:stunden|stunde|std|h)\b", 1.0),
    (r"(?:minuten|minute|min)\b", 1 / 60),
    (r"(?:arbeitstage|arbeitstag|tage|tag)\b", HOURS_PER_DAY),
    (r"(?:vormittage|vormittag|nachmittage|nachmittag)\b", HOURS_PER_DAY / 2),
    (r"(?:vollzeitstellen|vollzeitstelle|stellen|stelle|vollzeitkraefte|vollzeitkraft)\b", 40.0),
]
_PERIODS: list[tuple[str, float]] = [  # words that make an amount per day/month/year → factor to a week (0: workdays)
    (r"\b(taeglich|jeden tag|pro tag|am tag|je tag|am morgen|jeden morgen|morgens|abends|jeden abend)\b", 0.0),
    (r"\b(monatlich|im monat|pro monat|je monat|jeden monat|monatsende)\b", 1 / WEEKS_PER_MONTH),
    (r"\b(jaehrlich|im jahr|pro jahr|jedes jahr)\b", 1 / 52.0),
]
_PEOPLE = re.compile(
    r"\b" + _NUM + r" (?:leute|mitarbeiter|mitarbeiterinnen|personen|kollegen|kolleginnen|kraefte|frauen|maenner)\b"
)
# a count of people named by their role ("zwei Verkäuferinnen", "drei Gesellen", "4 Aushilfskräfte")
_ROLE_PEOPLE = re.compile(
    r"\b" + _NUM + r" (?:\w+innen|\w*leute|\w*kraefte|verkaeufer|gesellen|azubis|aushilfen|angestellte|helfer"
    r"|therapeuten|fahrer|koeche|kellner|mitarbeitende|beschaeftigte)\b"
)
_EACH = re.compile(r"\b(je|jeweils|pro person|pro kopf|jeder|jede)\b")
_DAY_UNIT = re.compile(r"(?:tage?|vormittage?|nachmittage?)$")
_FULL_TIME = re.compile(r"\b(vollzeit|ganztags|den ganzen tag|ganzen tag)\b")
_HALF_TIME = re.compile(r"\b(halbtags|teilzeit)\b")
_DONTKNOW = re.compile(
    r"\b(weiss (ich )?(nicht|net)|keine ahnung|kein plan|kann ich nicht sagen|schwer zu sagen|keinen schimmer"
    r"|unklar|ka|k a)\b"
)
_NO_PAIN = re.compile(
    r"\b(laeuft gut|laeuft rund|laeuft super|klappt gut|klappt|passt|kein problem|keine probleme|nichts hakt"
    r"|hakt nicht|hakt nichts|alles gut|alles okay|alles ok|ohne probleme|problemlos|probleme haben wir (eigentlich )?keine"
    r"|probleme gibt es (eigentlich )?keine|keine schmerzen)\b"
)
PAIN_WORDS: dict[Pain, tuple[str, ...]] = {
    "fehler": ("fehler", "falsch", "vertipp", "verwechsel", "vergess", "vergiss", "irrtum", "verzaehl", "verrechn"),
    "warten": (
        "wart",
        "dauert ewig",
        "dauert zu lange",
        "dauert lange",
        "verzoeger",
        "liegen bleib",
        "bleibt liegen",
        "langsam",
        "ewig",
        "haengt",
        "rueckmeldung",
        "rueckruf",
        "hinterhertelefon",
        "hinterher",
        "zu spaet",
        "verspaet",
    ),
    "nacharbeit": (
        "nacharbeit",
        "nachbesser",
        "korrigier",
        "korrektur",
        "reklamation",
        "noch mal",
        "nochmal",
        "neu mach",
    ),
    "spitzen": (
        "spitze",
        "stosszeit",
        "stress",
        "hektik",
        "hektisch",
        "saison",
        "weihnacht",
        "engpass",
        "ueberstunden",
        "ansturm",
        "zu wenig leute",
        "chaos",
        "schwankt",
        "krank",
        "ausfall",
        "ausfaell",
    ),
    "suchen": ("such", "finden", "find ", "wo liegt", "durcheinander", "zettelwirtschaft", "unuebersichtlich"),
    "doppelt": ("doppelt", "abtipp", "abschreib", "mehrfach", "zweimal", "uebertrag", "haendisch"),
    "sonstiges": (
        "nervt",
        "umstaendlich",
        "aufwendig",
        "aufwaendig",
        "muehsam",
        "zeitfresser",
        "frisst zeit",
        "kompliziert",
        "unterbrech",
        "klingelt",
        "stoert",
        "reisst raus",
    ),
}
DATA_WORDS: dict[DataSource, tuple[str, ...]] = {
    "papier": (
        "papier",
        "zettel",
        "ordner",
        "block",
        "heft",
        "ausdruck",
        "handschrift",
        "notiz",
        "kladde",
        "mappe",
        "tafel",
        "whiteboard",
        "formular",
        "karteikarte",
        "kartei",
        "kalender",
        "papierkram",
    ),
    "excel": ("excel", "tabelle", "sheets", "libreoffice", "calc", "spreadsheet"),
    "kasse": ("kasse", "kassensystem", "kassen"),
    "software": (
        "software",
        "programm",
        "app",
        "erp",
        "crm",
        "warenwirtschaft",
        "branchensoftware",
        "system",
        "cloud",
        "online tool",
        "portal",
    ),
    "email": ("mail", "telefon", "whatsapp", "anruf", "fax", "outlook", "telefonisch", "messenger"),
    "kopf": ("im kopf", "auswendig", "muendlich", "zuruf"),
}
# software names the firm may name: (pattern, display name, data source it stands for)
SOFTWARE: tuple[tuple[str, str, DataSource], ...] = (
    ("datev", "DATEV", "software"),
    ("lexware", "Lexware", "software"),
    ("lexoffice", "lexoffice", "software"),
    ("sevdesk", "sevDesk", "software"),
    ("sap", "SAP", "software"),
    ("addison", "Addison", "software"),
    ("wiso", "WISO", "software"),
    ("orgamax", "orgaMAX", "software"),
    ("weclapp", "weclapp", "software"),
    ("odoo", "Odoo", "software"),
    ("jtl", "JTL", "software"),
    ("navision", "Navision", "software"),
    ("dynamics", "Microsoft Dynamics", "software"),
    ("personio", "Personio", "software"),
    ("papershift", "Papershift", "software"),
    ("shopify", "Shopify", "software"),
    ("woocommerce", "WooCommerce", "software"),
    ("medifox", "MediFox", "software"),
    ("vivendi", "Vivendi", "software"),
    ("taifun", "Taifun", "software"),
    ("hero", "HERO", "software"),
    ("craftnote", "Craftnote", "software"),
    ("google sheets", "Google Sheets", "excel"),
    ("numbers", "Numbers", "excel"),
    ("outlook", "Outlook", "email"),
    ("gmail", "Gmail", "email"),
    ("whatsapp", "WhatsApp", "email"),
    ("vectron", "Vectron", "kasse"),
    ("orderbird", "orderbird", "kasse"),
    ("ready2order", "ready2order", "kasse"),
    ("lightspeed", "Lightspeed", "kasse"),
    ("gastrofix", "Gastrofix", "kasse"),
)


class ParsedAnswer(BaseModel):
    """What one free-text answer says about a process."""

    hours: float | None = Field(default=None, description="hours per week; None = not said or 'weiß nicht'")
    dontknow: bool = False
    pains: list[Pain] = Field(default_factory=list)
    no_pain: bool = False
    data: list[DataSource] = Field(default_factory=list)
    software: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list, description="phrases that produced the values")

    @property
    def vague(self) -> bool:
        """Neither hours nor a pain (nor 'läuft gut' / 'weiß nicht'): worth one follow-up."""
        return self.hours is None and not self.dontknow and not self.pains and not self.no_pain

    def merged(self, other: ParsedAnswer) -> ParsedAnswer:
        """This answer completed by a follow-up answer (the follow-up's hours win)."""
        return ParsedAnswer(
            hours=other.hours if other.hours is not None else self.hours,
            dontknow=(self.dontknow or other.dontknow)
            and (other.hours if other.hours is not None else self.hours) is None,
            pains=_union(self.pains, other.pains),
            no_pain=(self.no_pain or other.no_pain) and not (self.pains or other.pains),
            data=_union(self.data, other.data),
            software=_union(self.software, other.software),
            evidence=self.evidence + other.evidence,
        )


def _union(a: list[T], b: list[T]) -> list[T]:
    return a + [x for x in b if x not in a]


def _value(token: str) -> float:
    return float(token) if re.fullmatch(r"\d+(?:\.\d+)?", token) else NUMBER_WORDS[token]


# "so ne Stunde, manchmal zwei", "2 Stunden, oft auch 3": a second figure right after the amount, without its
# own unit, is the upper end of a range
_MORE_AT_TIMES = re.compile(
    r"^ (?:(?:aber|und|oder) )?(?:manchmal|mal|oft|oefter|teilweise|gelegentlich|bis zu|an manchen tagen|auch mal)"
    r"(?: auch| so| eher| sogar| schon)* "
    + _NUM
    + r"(?! ?(?:leute|mitarbeiter|personen|euro|prozent|mal\b|tage?\b|uhr))"
)


def _amount(t: str) -> tuple[float, str] | None:
    """The first amount of time: '10 stunden', 'zehn std', '10 bis 15 stunden', 'ein halber tag', 'halbe stunde',
    'ne stunde manchmal zwei' (a range)."""
    for unit, hours in _UNITS:
        m = re.search(_NUM + r"(?: ?(?:bis|-|oder) ?" + _NUM + r")? ?(halbe[rn]?|volle[rn]?|ganze[rn]?)? ?" + unit, t)
        if m:
            a = _value(m.group(1))
            b = _value(m.group(2)) if m.group(2) else a
            factor = 0.5 if m.group(3) and m.group(3).startswith("halb") else 1.0
            if m.group(1) in ("halbe", "halben", "halber", "halb"):  # "halbe Stunde", "halber Tag"
                a = b = 1.0
                factor = 0.5
            more = _MORE_AT_TIMES.search(t[m.end() :]) if not m.group(2) and factor == 1.0 else None
            if more is not None and _value(more.group(1)) > a:
                return (a + _value(more.group(1))) / 2 * hours, m.group(0) + more.group(0)
            return (a + b) / 2 * factor * hours, m.group(0)
    return None


_BARE = re.compile(
    r"(?:so |ca |circa |etwa |ungefaehr |rund |knapp |ueber |mehr als |vielleicht )*" + _NUM + r"(?: .*)?"
)
_NOT_HOURS = re.compile(_NUM + r" ?(leute|mitarbeiter|personen|kollegen|euro|eur|prozent|mal|filialen|kunden)\b")
_ONE = ("ein", "eine", "einen", "einer", "ne", "halb", "halbe", "halben", "halber", "paar")


def _without_unit(t: str) -> tuple[float, str] | None:
    """Full or half time ('zwei Leute ganztags' = 80 h) or a bare leading number ('so 10', 'zehn')."""
    for pattern, hours in ((_FULL_TIME, 40.0), (_HALF_TIME, 20.0)):
        m = pattern.search(t)
        if m:
            people = _PEOPLE.search(t)
            n = _value(people.group(1)) if people else 1.0
            return hours * n, (people.group(0) + " " if people else "") + m.group(0)
    bare = _BARE.fullmatch(t)
    if bare is None or bare.group(1) in _ONE or _NOT_HOURS.search(t):
        return None
    return _value(bare.group(1)), bare.group(1)


_CLOCK = re.compile(r"\b(?:von )?(\d{1,2})(?:[:.](\d\d))? ?(?:uhr )?bis (\d{1,2})(?:[:.](\d\d))? ?uhr\b")
_TOGETHER = re.compile(r"\bzu (zweit|dritt|viert|fuenft|sechst)\b")
_TOGETHER_N = {"zweit": 2, "dritt": 3, "viert": 4, "fuenft": 5, "sechst": 6}
_SEASONS = re.compile(r"\b(sommer|winter|saison|hochsaison|nebensaison|manchmal|mal)\b")


def _clock_span(t: str) -> tuple[float, str] | None:
    """A span of clock times ('von 6 bis 10 Uhr' = 4 h), times the people working it together ('zu zweit')."""
    m = _CLOCK.search(t)
    if m is None:
        return None
    start = int(m.group(1)) + int(m.group(2) or 0) / 60
    end = int(m.group(3)) + int(m.group(4) or 0) / 60
    span = (end - start) % 24
    together = _TOGETHER.search(t)
    if together:
        return span * _TOGETHER_N[together.group(1)], f"{m.group(0)} {together.group(0)}"
    return span, m.group(0)


def _seasonal_mean(t: str) -> tuple[float, str] | None:
    """'im Sommer 60 Stunden, im Winter 20': two amounts that alternate over the year → their mean."""
    if not _SEASONS.search(t):
        return None
    if not re.search(r"\d ?(?:stunden|stunde|std|h)\b", t):
        return None
    found = list(re.finditer(r"\b(\d+(?:\.\d+)?)\b(?! ?(?:leute|mitarbeiter|personen|euro|prozent|uhr|tage|tag))", t))
    if len(found) < 2:
        return None
    values = [_value(m.group(1)) for m in found[:2]]
    return sum(values) / 2, " / ".join(m.group(0) for m in found[:2])


def _people(t: str) -> tuple[float, str] | None:
    """How many people an answer names ("zwei Verkäuferinnen", "3 Leute", "zu dritt") and the phrase; None."""
    m = _PEOPLE.search(t) or _ROLE_PEOPLE.search(t)
    if m is not None and m.group(1) not in _ONE:
        return _value(m.group(1)), m.group(0)
    together = _TOGETHER.search(t)
    return (float(_TOGETHER_N[together.group(1)]), together.group(0)) if together else None


# "eine halbe Stunde pro Person": an amount per person of the team counted in the opening ("Hofladen, 6 Leute")
_PER_PERSON = re.compile(
    r"\b(?:pro|je) (?:person|kopf|mitarbeite\w*|kolleg\w*|nase)\b|\bjede[rs]? (?:von uns|einzelne\w*|mitarbeite\w*)\b"
)


def _people_or_team(t: str, team: int | None) -> tuple[float, str] | None:
    """The people the answer names, else the firm's head count when the answer counts per person."""
    people = _people(t)
    if people is None and team is not None and team > 1 and _PER_PERSON.search(t):
        return float(team), f"{team} Personen"
    return people


def parse_hours(text: str, workdays: float = WORKDAYS_PER_WEEK, team: int | None = None) -> tuple[float | None, str]:
    """Hours per week in an answer and the phrase they came from; (None, '') when none is named. An amount per
    day counts `workdays` days (the trade's working days: a bakery's "jeden Tag" is six); an amount per person
    counts the firm's `team` when the answer names no people itself."""
    t = normalize(text)
    found = _clock_span(t) or _seasonal_mean(t) or _amount(t) or _without_unit(t)
    if found is None:
        return None, ""
    hours, phrase = found
    people = _people_or_team(t, team)
    if people is not None and people[1] not in phrase and (_EACH.search(t) or _DAY_UNIT.search(phrase)):
        # "3 Leute je 2 Stunden"; "ein halber Tag, zwei Verkäuferinnen": a (half) day is one person's day
        hours, phrase = hours * people[0], f"{people[1]} × {phrase}"
    if "woche" not in t:
        for pattern, factor in _PERIODS:
            if re.search(pattern, t):
                return round(hours * (factor or workdays), 1), phrase
    return round(hours, 1), phrase


def per_day_basis(text: str, workdays: float, team: int | None = None) -> str:
    """How an amount became hours per week ("2 Std. am Tag × 7 Arbeitstage", "Mittel aus 60 und 20 Std."), so the
    firm can check it; '' when the answer names a plain amount per week."""
    seasonal = _seasonal_mean(normalize(text))
    if seasonal is not None and _clock_span(normalize(text)) is None:
        return "Mittel aus " + " und ".join(seasonal[1].split(" / ")) + " Std."
    per_day, phrase = parse_hours(text, 1.0, team)
    per_week, _ = parse_hours(text, workdays, team)
    if per_day is None or per_week is None or per_day == per_week or workdays == 1.0:
        return ""
    days = f"{workdays:g}".replace(".", ",")
    people = _people_or_team(normalize(text), team) if " × " in phrase else None  # "2 × 4 Std. am Tag": each
    each = f"{people[0]:g} × {f'{per_day / people[0]:g}'.replace('.', ',')}" if people else None
    return f"{each or f'{per_day:g}'.replace('.', ',')} Std. am Tag × {days} Arbeitstage"


def _found(t: str, words: tuple[str, ...]) -> str | None:
    padded = f" {t} "
    return next((w for w in words if (f" {w}" in padded if len(w) > 3 else f" {w} " in padded)), None)


def parse_answer(text: str, workdays: float = WORKDAYS_PER_WEEK, team: int | None = None) -> ParsedAnswer:
    """Hours per week (a day counts `workdays` days, a person the firm's `team`), pains, data sources and named
    software in one answer."""
    t = normalize(text)
    out = ParsedAnswer()
    out.hours, phrase = parse_hours(text, workdays, team)
    if phrase:
        out.evidence.append(phrase)
    out.dontknow = out.hours is None and _DONTKNOW.search(t) is not None
    negated = False
    for pain, words in PAIN_WORDS.items():
        w = _found(t, words)
        if w and re.search(r"\b(kein|keine|keinen|nie|ohne|selten) (\w+ )?" + re.escape(w.strip()), t):
            negated = True  # "kein Stress", "nie Fehler"
        elif w:
            out.pains.append(pain)
            out.evidence.append(w.strip())
    out.no_pain = not out.pains and (negated or _NO_PAIN.search(t) is not None)
    for pattern, name, source in SOFTWARE:
        if re.search(rf"\b{pattern}\b", t):
            out.software.append(name)
            out.data = _union(out.data, [source])
    for source, words in DATA_WORDS.items():
        if _found(t, words):
            out.data = _union(out.data, [source])
    return out
