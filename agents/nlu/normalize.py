"""Text normalisation shared by the router and the slot extractor."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case, fold umlauts and ß, collapse whitespace (so 'Brötchen' == 'broetchen')."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return re.sub(r"\s+", " ", text).strip()


def latest_question(text: str) -> str:
    """The last question of a text that may carry the question before it („… leisten? Und ab März?“): a follow-up's
    slots read both wordings, the earlier first."""
    return next((q for q in reversed(re.split(r"[?!]", text or "")) if q.strip()), text or "")


def tokens(text: str) -> list[str]:
    """Folded word tokens (letters and digits)."""
    return re.findall(r"[a-z0-9]+", fold(text))


def one_edit_apart(a: str, b: str) -> bool:
    """True when `a` and `b` differ by one letter too many or too few or one swap of neighbours (a replaced
    letter is not counted: "stellen" is no "stollen", a typo of a date word is no other word)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
