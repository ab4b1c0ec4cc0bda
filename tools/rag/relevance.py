"""How much of a question a passage covers, weighting each question word by its rarity (IDF)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from tools.rag.compound import LINKS, MAX_WORD, MIN_PART, query_parts
from tools.rag.sparse_index import SparseIndex
from tools.rag.text import _TOKEN, NGRAM, STOPWORDS, content_stems, feature_index, fold, ngrams, stem
from tools.rag.thesaurus import contextual, expand_word

PARTIAL_NGRAM_SHARE = 0.6  # a typo or compound counts when most of its 4-grams occur in the passage
UNKNOWN_NON_NOUN = 0.5  # weight share of an unknown verb/adjective (colloquial wording) vs. an unknown noun
# weight share of a known lower-case word (verb, adjective, adverb): German nouns are capitalised and
# carry the topic; "passiert", "zeigt", "oft" say little about whether a passage answers
KNOWN_NON_NOUN = 0.5
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß0-9]+")


def _nouns(question: str) -> set[str]:
    """Capitalised words after the first one: in German these are nouns (folded)."""
    return {fold(t) for i, t in enumerate(_WORD.findall(question)) if i > 0 and t[0].isupper()}


def question_words(question: str) -> list[str]:
    """The question's content words, folded and de-duplicated, in order."""
    return [t for t in dict.fromkeys(_TOKEN.findall(fold(question))) if t not in STOPWORDS and len(t) > 1]


def _idf(word: str, index: SparseIndex) -> float | None:
    col = index.column.get(feature_index("w:" + stem(word)))
    return None if col is None else float(index.idf[col])


def _word_weight(word: str, index: SparseIndex | None, nouns: set[str], parts: list[str]) -> float:
    """IDF of the word in the collection; a compound the collection lacks weighs like its rarest
    known part. A word the collection never uses gets the highest weight when it is a noun
    (a topic the documents lack), half of it otherwise (wording)."""
    if index is None or not index.ids:
        return 1.0
    n = len(index.ids)
    top = math.log((n + 0.5) / 0.5 + 1.0)
    share = 1.0 if word in nouns else KNOWN_NON_NOUN
    idf = _idf(word, index)
    if idf is not None:
        return share * idf
    if parts:
        return share * max(_idf(p, index) or top for p in parts)
    return top if word in nouns else UNKNOWN_NON_NOUN * top


def _covered(word: str, doc_stems: set[str], folded: str, parts: list[str], also: str = "") -> float:
    """How far a passage holds one question word; `also`: formal words the question's context gives it."""
    if parts:  # a compound the collection lacks: the share of its parts the passage has
        whole = _covered(word, doc_stems, folded, [], also)
        return max(whole, sum(_covered(p, doc_stems, folded, []) for p in parts) / len(parts))
    s = stem(word)
    if s in doc_stems or (len(s) >= 4 and s in folded):
        return 1.0
    if any(a in doc_stems or (len(a) >= 4 and a in folded) for a in content_stems(f"{expand_word(word)} {also}")):
        return 1.0
    grams = ngrams(s)
    if len(grams) >= 3:
        return max((_partial(word, grams, t) for t in set(_TOKEN.findall(folded)) if len(t) >= NGRAM), default=0.0)
    return 0.0


TYPO_EDITS = 2  # a word this few letter edits away from a passage's word is a typo of it („Urlaubsantarg“)


def _partial(word: str, grams: list[str], token: str) -> float:
    """The share of a question word's 4-grams one word of the passage holds, when most of them are there and the
    word's end too or the word is a typo of it; 0 otherwise: a compound whose first part alone matches
    („Weihnachtsfeier“ – „Weihnachtsgeschäft“, „Weihnachtstag“ – „Weihnachtsgeld“), or grams gathered from two
    words, is another word (trial 32)."""
    held = [g in token for g in grams]
    share = sum(held) / len(grams)
    if share < PARTIAL_NGRAM_SHARE:
        return 0.0
    return share if held[-1] or held[-2] or _edits(fold(word), token) <= TYPO_EDITS else 0.0


def _edits(a: str, b: str) -> int:
    """Letter edits (insert, delete, replace, swap of neighbours) that turn `a` into `b`."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def compound_parts(question: str, index: SparseIndex | None) -> dict[str, list[str]]:
    """Question words the collection lacks but can compose from its own words or the everyday words the thesaurus
    translates („Bäckerazubi“ → bäcker, azubi: the handbook says „Auszubildende“)."""
    if index is None:
        return {}
    words = question_words(question)
    parts = query_parts(words, index.knows)
    for w in words:
        if w not in parts and not index.knows(stem(w)) and not expand_word(w):
            head = everyday_head(w, index.knows)
            if head:
                parts[w] = head
    return parts


_EVERYDAY_HEAD = 5  # shortest everyday head („azubi“); shorter ones („tag“, „geld“) end too many other words


def everyday_head(word: str, known: Callable[[str], bool]) -> list[str]:
    """„baeckerazubi“ → [baecker, azubi]: a compound whose head is an everyday word of the thesaurus and whose
    modifier (without its linking letters) the collection knows; [] otherwise. Pasted junk longer than a word
    („xxxx…“, 4000 letters) is left whole: each head tried costs a stemming pass (hostile test 18/8)."""
    if len(word) > MAX_WORD:
        return []
    for i in range(MIN_PART, len(word) - _EVERYDAY_HEAD + 1):  # longest head first
        head, left = word[i:], word[:i]
        if not expand_word(head):
            continue
        for link in LINKS:
            modifier = left[: len(left) - len(link)] if link else left
            if left.endswith(link) and len(modifier) >= MIN_PART and known(stem(modifier)):
                return [modifier, head]
    return []


def weighted_coverage(
    question: str, text: str, index: SparseIndex | None, parts: dict[str, list[str]] | None = None
) -> float:
    """IDF-weighted share of the question's words present in `text` (0..1)."""
    words = question_words(question)
    if not words:
        return 0.0
    parts = compound_parts(question, index) if parts is None else parts
    folded = fold(text)
    doc_stems = set(content_stems(text))
    nouns = _nouns(question)
    weights = [_word_weight(w, index, nouns, parts.get(w, [])) for w in words]
    context = contextual(question)
    got = sum(
        w * _covered(word, doc_stems, folded, parts.get(word, []), context.get(word, ""))
        for word, w in zip(words, weights)
    )
    return got / sum(weights)


def covered_words(question: str, text: str) -> set[str]:
    """The question's content words `text` contains (itself, by stem or by a thesaurus word; no partial matches)."""
    folded = fold(text)
    doc_stems = set(content_stems(text))
    context = contextual(question)
    return {w for w in question_words(question) if _covered(w, doc_stems, folded, [], context.get(w, "")) >= 1.0}


def partial_coverage(word: str, text: str) -> float:
    """How far `text` holds one question word: 1 for the word, its stem or a thesaurus word, else the share of its
    4-grams when most of them occur (a typo), else 0."""
    return _covered(word, set(content_stems(text)), fold(text), [])
