"""Text normalisation shared by the router and the slot extractor."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case, fold umlauts and ß, collapse whitespace (so 'Brötchen' == 'broetchen')."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> list[str]:
    """Folded word tokens (letters and digits)."""
    return re.findall(r"[a-z0-9]+", fold(text))
