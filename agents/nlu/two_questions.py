"""Two questions in one message („wie viele Brötchen morgen in Stendal und wer fährt morgen aus?“).

The router reads a message as one request; a second question joined by „und“ (or a second sentence) to another
tool would be dropped silently. `split` finds the two parts, so the supervisor can answer both.
"""

from __future__ import annotations

import re
import unicodedata

from agents.nlu.normalize import tokens
from agents.nlu.residual_words import residual

MIN_PART_WORDS = 3  # a shorter part („und wann?“) is no question of its own but a follow-up of the first
_QUESTION_WORD = (
    r"(?:was|wie|wer|wann|wo|wohin|welche\w*|warum|wieso|weshalb|k(?:ö|oe|o)nnen|kann|reicht|haben|gibt|sind|"
    r"ist|m(?:ü|ue|u)ssen|brauchen|lohnt|rechnet|zeig\w*)"
)
# „…, und was kostet …“ / „… und wer fährt …“ / „…? Und was …“: the second question starts at a question word
_JOIN = re.compile(rf"(?:[,;?!.]\s*|\s)(?:und|sowie|au(?:ß|ss)erdem|dazu)\s+(?={_QUESTION_WORD}\b)", re.I)
_SENTENCE = re.compile(rf"[?]\s+(?={_QUESTION_WORD}\b)", re.I)
# „Backplan für morgen und Liquidität bis März“: two requests named as nouns, joined by „und“
_REQUESTS = re.compile(r"\s+(?:und|sowie)\s+", re.I)


def split(text: str) -> tuple[str, str] | None:
    """The two questions of `text` (as written), or None when it asks one thing."""
    t = unicodedata.normalize("NFC", text).strip()
    for pattern in (_JOIN, _SENTENCE):
        parts = [p.strip(" ,;?!.") for p in pattern.split(t, maxsplit=1)]
        if len(parts) == 2 and all(len(tokens(p)) >= MIN_PART_WORDS for p in parts):
            return parts[0], parts[1]
    return None


def split_requests(text: str) -> tuple[str, str] | None:
    """Two requests named as nouns („Backplan für morgen und Liquidität bis März“), each with a word of its own
    beyond days, goods and branches – „Plan für morgen und übermorgen in Stendal“ is one request; else None."""
    t = unicodedata.normalize("NFC", text).strip()
    parts = [p.strip(" ,;?!.") for p in _REQUESTS.split(t)]
    if len(parts) != 2 or not all(len(tokens(p)) >= MIN_PART_WORDS for p in parts):
        return None
    return (parts[0], parts[1]) if all(residual(p) for p in parts) else None
