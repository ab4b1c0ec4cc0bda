"""„Und wem sag ich das?“ after a handbook rule: the passage that names whom to tell in that rule's chapter (the
sick call for illness, the till's differences for the till), not the rule quoted once more."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold
from tools.rag import HANDBOOK_COLLECTION
from tools.rag.qa import Answer, answer
from tools.rag.search import Hit

# whom to tell, call or report to (folded text): „wem sag ich das?“, „wen muss ich anrufen?“, „bei wem melde ich
# mich?“, „an wen wende ich mich?“
_WHOM = re.compile(
    r"\b(?:wem|wen|bei wem|an wen|wer)\b.*\b(?:sag\w*|meld\w*|anruf\w*|anrufen|ruf\w*|bescheid|informier\w*"
    r"|schreib\w*|wend\w*|zustaendig|ansprech\w*)\b"
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


def contact_passage(shown_before: list[str]) -> Answer | None:
    """The handbook's passage on whom to tell about the topic of the passage(s) shown before; None without one."""
    if not shown_before:
        return None
    result = answer(CONTACT_QUERY.format(topic=_topic(shown_before[0])), HANDBOOK_COLLECTION)
    hits: list[Hit] = [*result.passages, *result.candidates[:3]]
    fresh = [h for h in hits if h.heading not in shown_before and _CONTACT.search(h.text)]
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
