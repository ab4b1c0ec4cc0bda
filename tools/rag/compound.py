"""German compound splitting against a collection's own vocabulary ('Mehllager' -> 'mehl', 'lager').

The work per word is bounded: longer words than `MAX_WORD` are not split (no German compound in
our documents comes close; a 4,000-letter "word" once cost two minutes), and each piece is looked
up once per word.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.rag.text import stem

MIN_PART = 3
MAX_WORD = 40  # longer "words" (pasted junk, 'xxxx…') are left whole
LINKS = ("", "s", "es", "n", "en", "e")  # Fugenelemente between the parts


def split_compound(word: str, known: Callable[[str], bool], depth: int = 2) -> list[str]:
    """Parts of a folded compound whose stems all occur in the vocabulary (`known`), longest
    head first; [] when the word is known itself, cannot be split or is longer than `MAX_WORD`."""
    if len(word) < 2 * MIN_PART + 1 or len(word) > MAX_WORD:
        return []
    seen: dict[str, bool] = {}

    def knows(piece: str) -> bool:  # at most one stem + lookup per distinct piece of this word
        if piece not in seen:
            seen[piece] = known(stem(piece))
        return seen[piece]

    return [] if knows(word) else _split(word, knows, depth)


def _split(word: str, known: Callable[[str], bool], depth: int) -> list[str]:
    for i in range(MIN_PART, len(word) - MIN_PART + 1):  # longest head (right part) first
        head = word[i:]
        head_parts = [head] if known(head) else (_split(head, known, depth - 1) if depth > 1 else [])
        if not head_parts:
            continue
        left = word[:i]
        for link in LINKS:
            if link and not left.endswith(link):
                continue
            modifier = left[: len(left) - len(link)]
            if len(modifier) >= MIN_PART and known(modifier):
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
