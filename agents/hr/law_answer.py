"""What the law says where the handbook only touches a question: the paragraph quoted as the law, not the
company's rule, without advice beyond its text (trial 32)."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from tools.format_de import quotable
from tools.rag.laws import law_source, quote_law, search_laws
from tools.rag.qa import Answer, relevance
from tools.rag.relevance import covered_words, question_words
from tools.rag.search import Hit

LAW_LEAD = "**Was das Gesetz sagt** – das ist der Gesetzestext, keine Regel von Korn & Kruste:"
NO_OWN_RULE = "In unserem Mitarbeiterhandbuch steht dazu nichts Eigenes."
NO_ADVICE = (
    "Ich gebe hier nur den Gesetzestext wieder, keine Rechtsberatung. Wie er in Ihrem Fall gilt, klären Sie bitte mit "
    "Ihrer Filialleitung oder der Geschäftsführung."
)
TITLE_WORDS = 2  # question words a paragraph's title must name to stand instead of a sure handbook rule
LAW_MARGIN = 1.0  # log-odds by which a law paragraph must beat a sure handbook rule to be quoted besides it
# the question asks for the law itself („laut Gesetz“, „gesetzlich“, „darf mein Chef das rechtlich?“)
_NAMES_LAW = re.compile(r"\b(?:gesetz\w*|rechtlich\w*|mutterschutz\w*|mindestlohn\w*)\b")


def names_law(question: str) -> bool:
    """The question names the law or a matter only a law settles (Mutterschutz, Mindestlohn)."""
    return _NAMES_LAW.search(fold(question)) is not None


def _adds_words(question: str, handbook: Answer, law: Hit) -> bool:
    """The law passage holds a question word the handbook's quoted passages lack („samstags“ for an apprentice
    under 18: the handbook names the Jugendarbeitsschutzgesetz but not its Saturday rule)."""
    said = set().union(*(covered_words(question, f"{h.heading}\n{h.text}") for h in handbook.passages))
    missing = set(question_words(question)) - said
    return bool(missing & covered_words(question, law.text))


def _cites_law(handbook: Answer) -> bool:
    """A quoted handbook passage refers to a law („gilt das Jugendarbeitsschutzgesetz“, „gesetzlichen Ruhepausen“)."""
    return any("gesetz" in fold(h.text) for h in handbook.passages)


def law_passage(question: str, handbook: Answer) -> tuple[Hit, bool] | None:
    """The law paragraph to quote, and whether it stands instead of the handbook's passages, or None: instead of
    them when the handbook has no sure answer or the paragraph answers far more surely („war im Urlaub krank, krieg
    ich die Tage wieder?“: § 9 BUrlG, not the leave entitlement); besides them when the question names the law or the
    handbook's rule points to a law whose paragraph covers what the rule leaves out („samstags“ for an apprentice)."""
    law = search_laws(question)
    if law is None or law.confidence != "sicher" or not law.passages:
        return None
    hit = law.passages[0]
    if handbook.confidence == "keine" or not handbook.passages:
        return hit, True
    # instead of a plausible or sure handbook passage only when the paragraph's title names at least two of the
    # question's words: „und am ersten Weihnachtsfeiertag?“ after the surcharges stays the company's holiday
    # surcharge, not § 9 ArbZG „Sonn- und Feiertagsruhe“
    titled = len(covered_words(question, hit.heading.split(">")[-1])) >= TITLE_WORDS
    if handbook.confidence == "unsicher":
        return (hit, True) if titled else None
    if titled and relevance(hit) >= relevance(handbook.passages[0]) + LAW_MARGIN:
        return hit, True
    if names_law(question) or (_cites_law(handbook) and _adds_words(question, handbook, hit)):
        return hit, False
    return None


def law_block(question: str, hit: Hit) -> str:
    """The paragraph quoted as the law (whole sentences and list items, `quote_law`), its source and the note that
    this is no legal advice."""
    src = law_source(hit)
    text = quotable(quote_law(question, hit.text))
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())
    return f"{LAW_LEAD}\n\n{quoted}\n\n*Quelle: {src.law} ({src.abbreviation}), {src.paragraph}*\n\n{NO_ADVICE}"


__all__ = ["LAW_LEAD", "NO_OWN_RULE", "law_block", "law_passage", "names_law"]
