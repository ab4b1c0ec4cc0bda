"""Text normalisation shared by the router and the slot extractor."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_STRIP = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_VOCABULARY = Path(__file__).resolve().parent / "data" / "train"
# words that are German words of their own without the umlaut („hatten“ is no „hätten“): never restored
_OWN_WORDS = frozenset(
    "hatte hatten wurde wurden konnte konnten musste mussten durfte durften waren war schon zahlen zahlt "
    "mochte fordern drucken tauschen kuchen laden plane zahl fahrt fuhr fuhren hoher warmer schonen lohne mull "
    "hande tute gruss sanger schatze lasst".split()
)


@cache
def _umlaut_words() -> dict[str, str]:
    """Words typed without their umlaut („brotchen“, „fur“, „ubermorgen“) → their folded form, learnt from the
    German example requests and the catalogue; a form that is a word of its own there („schon“) is left alone."""
    from tools.company.catalog import BRANCHES, PRODUCTS

    texts = [p.read_text(encoding="utf-8") for p in sorted(_VOCABULARY.glob("*.txt"))]
    texts += [" ".join([p.name, *p.synonyms]) for p in PRODUCTS] + [f"{b.name} {b.town}" for b in BRANCHES]
    words = set(re.findall(r"[a-zäöüß]+", unicodedata.normalize("NFC", " ".join(texts)).lower()))
    plain = {w for w in words if w == w.translate(_STRIP)} | _OWN_WORDS
    return {
        w.translate(_STRIP): w.translate(_FOLD)
        for w in words
        if w != w.translate(_STRIP) and re.search("[äöü]", w) and w.translate(_STRIP) not in plain
    }


def _restore_umlauts(text: str) -> str:
    umlauts = _umlaut_words()
    return re.sub(r"[a-zäöüß]+", lambda m: umlauts.get(m.group(0), m.group(0)), text)


def fold(text: str) -> str:
    """Lower-case, fold umlauts and ß, collapse whitespace (so 'Brötchen' == 'broetchen' == 'brotchen': a known
    word typed without its umlaut is folded as if it had it)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    text = _restore_umlauts(lowered).translate(_FOLD)
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
