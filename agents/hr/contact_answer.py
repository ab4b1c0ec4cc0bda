"""„Und wem sag ich das?“ after a handbook rule: the passage that names whom to tell in that rule's chapter (the
sick call for illness, the till's differences for the till), not the rule quoted once more."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from tools.rag import HANDBOOK_COLLECTION
from tools.rag.qa import Answer, answer
from tools.rag.search import Hit, search

# whom to tell, call or report to (folded text): „wem sag ich das?“, „wen muss ich anrufen?“, „bei wem melde ich
# mich?“, „an wen wende ich mich?“, „wen frag ich da?“
_WHOM = re.compile(
    r"\b(?:wem|wen|bei wem|an wen|wer)\b.*\b(?:sag\w*|meld\w*|anruf\w*|anrufen|ruf\w*|bescheid|informier\w*"
    r"|schreib\w*|wend\w*|zustaendig|ansprech\w*|frag\w*)\b"
    r"|\b(?:wem|wen)\b\s*\??$"
)
# a passage that names a person or office to tell
_CONTACT = re.compile(r"\b(?:Filialleitung|Geschäftsführung|Schichtleitung|Backstube|Hygienebeauftragte\w*)\b")
CONTACT_QUERY = "Bei wem melde ich mich, wenn es um {topic} geht?"


def asks_whom(sentence: str) -> bool:
    """The sentence asks whom to tell or call, not what the rule is."""
    return bool(_WHOM.search(fold(sentence).strip()))


def _topic(heading: str) -> str:
    """The section above the passage quoted before („Krankheit“ for „… > Krankheit > Krankheit und Lebensmittel“)."""
    parts = [p.strip() for p in heading.split(">")]
    return parts[-2] if len(parts) > 1 else parts[0]


CONTACTS_SECTION = "> Ansprechpartner >"  # the welcome chapter's contacts: who the Filialleitung etc. is


def _shown_hit(heading: str) -> Hit | None:
    """The passage with this heading, found by searching its own section names."""
    hits = search(" ".join(heading.split(">")[1:]) or heading, HANDBOOK_COLLECTION, top_k=10).hits
    return next((h for h in hits if h.heading == heading), None)


def named_contact(shown_before: list[str]) -> Answer | None:
    """The passage quoted before names whom to tell („telefonisch bei Ihrer Filialleitung“, „wenn die Filialleitung
    zustimmt“): the contacts section on that person (who it is in each branch); None when it names none."""
    shown = _shown_hit(shown_before[0]) if shown_before else None
    found = _CONTACT.search(shown.text) if shown is not None else None
    if found is None:
        return None
    role = fold(found.group(0))[:10]  # „Filialleitung“ and „Filialleitungen“ alike
    result = answer(f"Ansprechpartner {found.group(0)}", HANDBOOK_COLLECTION)
    hits = [*result.passages, *result.candidates[:3]]
    hit = next((h for h in hits if CONTACTS_SECTION in h.heading and role in fold(h.heading)), None)
    if hit is None or hit.heading in shown_before:
        return None
    return result.model_copy(update={"confidence": "sicher", "passages": [hit]})


def contact_passage(shown_before: list[str]) -> Answer | None:
    """The handbook's passage on whom to tell about the topic of the passage(s) shown before; None without one."""
    if not shown_before:
        return None
    result = answer(CONTACT_QUERY.format(topic=_topic(shown_before[0])), HANDBOOK_COLLECTION)
    hits: list[Hit] = [*result.passages, *result.candidates[:3]]
    fresh = [h for h in hits if h.heading not in shown_before and _CONTACT.search(h.text)]
    # the rule quoted before is itself the topic's passage on whom to tell (the sick call), or the topic has none
    # of its own (a shift swap: the nearest is the sick call of another section): the person that rule names
    own = bool(hits) and hits[0].heading == shown_before[0]
    if (own or not fresh or _topic(fresh[0].heading) != _topic(shown_before[0])) and (
        named_by_rule := named_contact(shown_before)
    ) is not None:
        return named_by_rule
    named = fresh or [h for h in hits if _CONTACT.search(h.text)]
    if not named:
        return None
    return result.model_copy(update={"confidence": "sicher", "passages": named[:1]})


def with_contact(result: Answer) -> Answer:
    """The rule found for a message that also asks whom to tell: the rule first, then the passage naming whom."""
    contact = contact_passage([h.heading for h in result.passages])
    if contact is None or contact.passages[0].heading in {h.heading for h in result.passages}:
        return result
    return result.model_copy(update={"passages": [result.passages[0], contact.passages[0]]})
