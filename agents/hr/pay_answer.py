"""Pay for the role asked about: „Was verdien ich als Verkäuferin?“ is answered with the handbook's wage row of
that role (or the apprentices' pay), not the whole table or another role's figure; a role the handbook has no
wage for is said to be missing, with the roles it does name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.hr.sources import source_line
from agents.nlu.normalize import fold
from tools.format_de import and_list, quotable
from tools.rag import HANDBOOK_COLLECTION
from tools.rag.qa import answer
from tools.rag.search import Hit

# a question about the pay itself (per hour or month), not about a bonus, overtime or the pay day
_PAY = re.compile(
    r"\b(?:verdien\w*|gehalt\w*|gehaelter|lohn|loehne|stundenlohn\w*|bezahl\w*|verguetung\w*|brutto"
    r"|zahl(?:t|en) (?:ihr|sie|man|euch)|(?:pro|die|je|in der) stunde|stundensatz|wie ?viel geld"
    r"|wie ?viel (?:krieg\w*|bekomm\w*|gibt\w*))\b"
)
_NOT_BASE_PAY = re.compile(
    r"\b(?:\w*zuschlag\w*|wochenende\w*|sonntag\w*|feiertag\w*|nacht\w*|ueberstund\w*|wann|weihnachtsgeld"
    r"|urlaubsgeld|abrechnung|ueberwie\w*|krank\w*|lohnfortzahlung|kasse\w*|abgezogen|abziehen)\b"
)


@dataclass(frozen=True)
class PayRole:
    """A role as the staff name it (`asked`, on folded text) and the handbook's wage row(s) for it (`row`,
    on a folded table row); `row` None: the role's pay is its own passage (`query`)."""

    name: str
    asked: str
    row: str | None = None
    query: str = "Welche Stundenlöhne zahlen wir?"


# the more specific role first („gelernte Fachverkäuferin“ before „Verkäuferin“)
ROLES = (
    PayRole(
        "Auszubildende",
        r"\b(?:azubi\w*|auszubild\w*|lehrjahr\w*|ausbildungsjahr\w*|lehrling\w*|ausbildung\w*)\b",
        query="Wie hoch ist die Ausbildungsvergütung?",
    ),
    PayRole("Minijob", r"\bminijob\w*\b", query="Was gilt für Minijobs?"),
    PayRole(
        "Fachverkäuferin / Fachverkäufer",
        r"\b(?:fachverkaeufer\w*|gelernt\w* verkaeufer\w*|verkaeufer\w* mit ausbildung)\b",
        r"fachverkaeufer",
    ),
    # the counter is where the sales staff stand („hinter der Theke“, „am Tresen“)
    PayRole("Verkauf", r"\b(?:verkaeufer\w*|verkauf|laden|\w*theke|\w*tresen|ladenverkauf)\b", r"verkauf|verkaeufer"),
    PayRole("Bäckerin / Bäcker", r"\b(?:baecker(?!meister)\w*|gesell\w*)\b", r"\bbaecker(?:in)?\b"),
    PayRole("Konditorin / Konditor", r"\bkonditor\w*\b", r"\bkonditor(?:in)?\b"),
    PayRole("Fahrerin / Fahrer", r"\b(?:fahrer\w*|fahr\w* \w* ?touren?|touren?|ausliefer\w*|klasse b)\b", r"fahrer"),
)
# a role word the handbook has no wage for („eine Reinigungskraft“, „einem Hausmeister“): a noun after
# als/ein/für with a person's ending
_OTHER_ROLE = re.compile(
    r"\b(?:als|ein|eine|einem|einer|einen|fuer|nen|ne)\s+(?:neue[nr]?\s+)?"
    r"(\w{3,}(?:kraft|kraefte|frau|mann|hilfe|er|erin|eur|eurin|ist|istin))\b"
)
_NOT_ROLE = frozenset("jahr monat woche stunde tag mehr weniger oder aber euer unser der neuer erster anderer".split())
_NOT_ROLE_PREFIX = ("teilzeit", "vollzeit", "aushilf", "anfaeng")  # how much, not which work: the general rules


def asks_pay(question: str) -> bool:
    """The last sentence asks what a role earns (or names a role after a pay question: „und als Azubi?“)."""
    sentences = [fold(s) for s in re.split(r"(?<=[.!?])\s+", question.strip()) if s.strip()]
    if not sentences or _NOT_BASE_PAY.search(sentences[-1]):
        return False
    if _PAY.search(sentences[-1]):
        return True
    earlier = " ".join(sentences[:-1])
    return bool(earlier and _PAY.search(earlier) and (roles_named(sentences[-1]) or _other_role(sentences[-1])))


def roles_named(text: str) -> list[PayRole]:
    """The roles a text names, the more specific first; „Fachverkäuferin“ is not also „Verkauf“."""
    t = fold(text)
    named = [r for r in ROLES if re.search(r.asked, t)]
    if any(r.name.startswith("Fachverk") for r in named):
        named = [r for r in named if r.name != "Verkauf"]
    return named


def _other_role(text: str) -> str | None:
    """A person's role the handbook's wage groups do not know („Reinigungskraft“), as typed."""
    for m in _OTHER_ROLE.finditer(fold(text)):
        word = m.group(1)
        if word in _NOT_ROLE or word.startswith(_NOT_ROLE_PREFIX):
            continue
        if not any(re.search(r.asked, word) for r in ROLES):
            start = fold(text).find(word)
            return text[start : start + len(word)] if start >= 0 else word
    return None


def _rows(hit: Hit, pattern: str) -> list[str]:
    """The table rows of a passage whose first cell matches `pattern`."""
    rows = [ln.strip() for ln in hit.text.splitlines() if ln.strip().startswith("|")]
    body = [r for r in rows[2:]] if len(rows) > 2 else []
    return [r for r in body if re.search(pattern, fold(r.split("|")[1]))]


def _outside_table(hit: Hit) -> str:
    """The passage's sentences after its table („Nach jedem vollen Betriebsjahr …“)."""
    lines = hit.text.splitlines()
    last = max((i for i, ln in enumerate(lines) if ln.strip().startswith("|")), default=-1)
    return " ".join(ln.strip() for ln in lines[last + 1 :] if ln.strip())


def _wage_table() -> Hit | None:
    result = answer(ROLES[-1].query, HANDBOOK_COLLECTION)
    return next((h for h in result.passages + result.candidates[:3] if len(_rows(h, ".")) > 1), None)


def _sentences(question: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", question.strip()) if s.strip()]


def answers_pay(question: str) -> bool:
    """`pay_answer` has an answer: a sentence names a role (or a role the handbook lacks). Cheap – no search, so
    the routing can ask it and the pay answer is built once, by the tool."""
    return any(roles_named(s) or _other_role(s) for s in _sentences(question))


def pay_answer(question: str) -> tuple[str, list[tuple[Hit, str]]] | None:
    """The German answer to a pay question for the role(s) asked about, with each passage and the part of it
    quoted; None when the question names no role (the general search answers it)."""
    sentences = _sentences(question)
    roles = next((r for s in reversed(sentences) if (r := roles_named(s))), [])
    if not roles:
        other = next((o for s in reversed(sentences) if (o := _other_role(s))), None)
        table = _wage_table()
        if other is None or table is None:
            return None
        names = [quotable(r.split("|")[1].strip()) for r in _rows(table, ".")]
        text = (
            f"Zum Lohn für „{other}“ steht in unseren Unterlagen nichts. Die Lohngruppen im Handbuch nennen nur: "
            f"{and_list([f'„{n}“' for n in names])} – dazu die Ausbildungsvergütung. Bitte fragen Sie die Geschäftsführung.\n\n"
            f"{source_line(table)}"
        )
        return text, [(table, "\n".join(names))]
    blocks: list[str] = []
    hits: list[tuple[Hit, str]] = []
    table_roles = [r for r in roles if r.row is not None]
    if table_roles:
        table = _wage_table()
        rows = [] if table is None else list(dict.fromkeys(x for r in table_roles for x in _rows(table, r.row or "")))
        if table is None or not rows:
            said = and_list([r.name for r in table_roles])
            blocks.append(f"Für {said} nennt unser Handbuch keinen Stundenlohn. Bitte fragen Sie die Geschäftsführung.")
        else:
            header = [ln.strip() for ln in table.text.splitlines() if ln.strip().startswith("|")][:2]
            lead = "Die Stundenlöhne für neue Beschäftigte (brutto) in unseren Unterlagen:"
            after = _outside_table(table)
            quoted = "\n".join(f"> {x}" for x in [*header, *rows]) + (f"\n>\n> {after}" if after else "")
            blocks.append(f"{lead}\n\n{quoted}\n\n{source_line(table)}")
            hits.append((table, quoted.replace("> ", "").replace(">", "")))
    for role in roles:
        if role.row is None:
            result = answer(role.query, HANDBOOK_COLLECTION)
            if result.passages:
                hit = result.passages[0]
                blocks.append(
                    f"Für {role.name} steht dazu:\n\n> {quotable(' '.join(hit.text.split()))}\n\n{source_line(hit)}"
                )
                hits.append((hit, hit.text))
    return ("\n\n".join(blocks), hits) if blocks else None
