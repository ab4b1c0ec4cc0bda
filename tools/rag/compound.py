"""German compound splitting against a collection's own vocabulary ('Mehllager' -> 'mehl', 'lager')."""
from __future__ import annotations

from collections.abc import Callable

from tools.rag.text import stem

MIN_PART = 3
_LINKS = ("", "s", "es", "n", "en", "e")  # Fugenelemente between the parts


def split_compound(word: str, known: Callable[[str], bool], depth: int = 2) -> list[str]:
    """Parts of a folded compound whose stems all occur in the vocabulary (`known`), longest
    head first; [] when the word is known itself or cannot be split."""
    if len(word) < 2 * MIN_PART + 1 or known(stem(word)):
        return []
    return _split(word, known, depth)


def _split(word: str, known: Callable[[str], bool], depth: int) -> list[str]:
    for i in range(MIN_PART, len(word) - MIN_PART + 1):  # longest head (right part) first
        head = word[i:]
        head_parts = [head] if known(stem(head)) else (_split(head, known, depth - 1) if depth > 1 else [])
        if not head_parts:
            continue
        left = word[:i]
        for link in _LINKS:
            if link and not left.endswith(link):
                continue
            modifier = left[: len(left) - len(link)]
            if len(modifier) >= MIN_PART and known(stem(modifier)):
                return [modifier, *head_parts]
    return []


def query_parts(words: list[str], known: Callable[[str], bool]) -> dict[str, list[str]]:
    """Folded query word -> its known parts, for every word the collection lacks but can compose."""
    out: dict[str, list[str]] = {}
    for w in words:
        parts = split_compound(w, known)
        if parts:
            out[w] = parts
    return out
