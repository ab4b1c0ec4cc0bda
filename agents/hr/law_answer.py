"""What the law says where the handbook only touches a question: the paragraph quoted as the law, not the
company's rule, without advice beyond its text (trial 32)."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from tools.format_de import quotable
from tools.rag.laws import law_source, paragraph_title, quote_law, search_laws
from tools.rag.laws import titled as names_matter
from tools.rag.qa import Answer, relevance
from tools.rag.relevance import covered_words
from tools.rag.search import Hit

LAW_LEAD = "**Was das Gesetz sagt** – das ist der Gesetzestext, keine Regel von Korn & Kruste:"
NO_OWN_RULE = "In unserem Mitarbeiterhandbuch steht dazu nichts Eigenes."
NO_ADVICE = (
    "Ich gebe hier nur den Gesetzestext wieder, keine Rechtsberatung. Wie er in Ihrem Fall gilt, klären Sie bitte mit "
    "Ihrer Filialleitung oder der Geschäftsführung."
)
# an amount the law names may have been raised since the text's version (§ 1 MiLoG: „8,50 Euro ab 1. Januar 2015“)
AMOUNT_NOTE = (
    "Beträge im Gesetzestext können seit dieser Fassung durch Verordnung geändert worden sein – den heute gültigen "
    "Betrag nennt Ihnen die Lohnabrechnung oder die Geschäftsführung."
)
_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:euro|eur|€)", re.I)
TITLE_WORDS = 2  # question words a paragraph's title must name to stand instead of a sure handbook rule
LAW_MARGIN = 1.0  # log-odds by which a law paragraph must beat a sure handbook rule to be quoted besides it
# the question asks for the law itself („laut Gesetz“, „gesetzlich“, „darf mein Chef das rechtlich?“)
_NAMES_LAW = re.compile(r"\b(?:gesetz\w*|rechtlich\w*|mutterschutz\w*|mindestlohn\w*)\b")
# matters only a law settles: named in the question but absent from the handbook's passage, the law stands instead
# („bin schwanger, wann muss ich das sagen?“ got the accident checklist's „Was ist zu tun?“, trial 35)
_LAW_MATTER = re.compile(r"\b(?:mutterschutz\w*|mindestlohn\w*|schwanger\w*|stillen\w*|entbindung\w*)\b")


def names_law(question: str) -> bool:
    """The question names the law or a matter only a law settles (Mutterschutz, Mindestlohn)."""
    return _NAMES_LAW.search(fold(question)) is not None


def _misses_matter(question: str, handbook: Answer) -> bool:
    """The question names a matter only a law settles (Schwangerschaft, Mindestlohn) that no quoted handbook passage
    speaks of."""
    matters = {m.group(0) for m in _LAW_MATTER.finditer(fold(question))}
    said = " ".join(fold(f"{h.heading}\n{h.text}") for h in handbook.passages)
    return bool(matters) and not any(m[:7] in said for m in matters)


def _handbook_names(question: str, handbook: Answer, law: Hit) -> bool:
    """Every question word the paragraph's title names is in a quoted handbook passage (heading or text) too."""
    named = covered_words(question, paragraph_title(law))
    said = set().union(*(covered_words(question, f"{h.heading}\n{h.text}") for h in handbook.passages))
    return bool(named) and named <= said


def _cites_law(handbook: Answer) -> bool:
    """A quoted handbook passage refers to a law („gilt das Jugendarbeitsschutzgesetz“, „gesetzlichen Ruhepausen“)."""
    return any("gesetz" in fold(h.text) for h in handbook.passages)


def law_passage(question: str, handbook: Answer, newest: str = "", asker: str = "") -> tuple[Hit, bool] | None:
    """The law paragraph to quote, and whether it stands instead of the handbook's passages, or None: instead of
    them when the handbook has no sure answer or the paragraph answers far more surely („war im Urlaub krank, krieg
    ich die Tage wieder?“: § 9 BUrlG, not the leave entitlement) or the question names a matter only a law settles and
    the handbook's passage does not; besides them when the question names the law or the handbook's rule cites a law
    whose paragraph's title names the matter asked („samstags“ for an apprentice: § 16 Samstagsruhe). `newest`: the
    follow-up's own words when `question` is read with the one before („und dürfen wir trinkgeld behalten?“ after
    the Berufsschule gets no § 9 JArbSchG). `asker`: what the asker said of themselves earlier in the thread („bin 17“):
    a group's law for them (`search_laws`)."""
    law = search_laws(question, asker)
    if law is None or law.confidence != "sicher" or not law.passages:
        return None
    hit = law.passages[0]
    if newest and not covered_words(newest, hit.text):
        return None  # a follow-up read with the question before it: the paragraph must speak of the new words too
    if handbook.confidence == "keine" or not handbook.passages:
        return hit, True
    # instead of a plausible or sure handbook passage only when the paragraph's title names at least two of the
    # question's words: „und am ersten Weihnachtsfeiertag?“ after the surcharges stays the company's holiday
    # surcharge, not § 9 ArbZG „Sonn- und Feiertagsruhe“
    titled = len(covered_words(question, paragraph_title(hit))) >= TITLE_WORDS
    if _misses_matter(question, handbook):
        return hit, True
    if handbook.confidence == "unsicher":
        # not when the handbook's passage already names what the title names („und nachts?“ after Sunday surcharges:
        # the Nachtzuschlag, not § 6 ArbZG Nacht- und Schichtarbeit)
        if titled and not _handbook_names(question, handbook, hit):
            return hit, True
        # „wie hoch ist eigentlich der Mindestlohn?“: the nearest rule („mindestens den gesetzlichen Mindestlohn“)
        # with the law the question names, whose title names the matter (trial 37)
        return (hit, False) if names_law(question) and names_matter(question, hit) else None
    if titled and relevance(hit) >= relevance(handbook.passages[0]) + LAW_MARGIN:
        return hit, True
    # besides the rule when the question names the law, or the rule cites a law whose paragraph is about the matter
    # asked („muss ich an berufsschultagen noch arbeiten?“: the rule counts school days, § 9 JArbSchG says when not)
    # (the paragraph's title must name the matter: a word of the question merely found in its text – „Januar“ in
    # „§ 18 Feiertagsruhe“ – does not make it the answer)
    cited = _cites_law(handbook) and names_matter(question, hit)
    if names_law(question) or cited:
        return hit, False
    return None


def law_block(question: str, hit: Hit) -> str:
    """The paragraph quoted as the law (whole sentences and list items, `quote_law`), its source and the note that
    this is no legal advice."""
    src = law_source(hit)
    text = quotable(quote_law(question, hit.text))
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())
    version = f"; Gesetzestext in der Fassung bis {src.changed:%d.%m.%Y}" if src.changed else ""
    note = f"\n\n{AMOUNT_NOTE}" if _AMOUNT.search(text) else ""
    source = f"*Quelle: {src.law} ({src.abbreviation}), {src.paragraph}{version}*"
    return f"{LAW_LEAD}\n\n{quoted}\n\n{source}{note}\n\n{NO_ADVICE}"


__all__ = ["AMOUNT_NOTE", "LAW_LEAD", "NO_OWN_RULE", "law_block", "law_passage", "names_law"]
