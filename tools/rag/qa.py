"""Decide whether the found passages answer a question, and pick the passages to quote."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, computed_field

from tools.rag.embed import asking
from tools.rag.relevance import compound_parts, covered_words, partial_coverage, question_words
from tools.rag.search import Hit, search
from tools.rag.sparse_index import SparseIndex, get_index
from tools.rag.text import content_stems, feature_index, fold, ngrams, stem
from tools.rag.thesaurus import expand, expand_word

# The found/not-found decision is a logistic model on three features of the best passage: the
# IDF-weighted share of the question's words it covers, its USE cosine, and its E5 cosine in standard
# deviations above the E5 candidate list (a passage that stands out). Fitted (balanced classes, C=1)
# on the two tuning sets of evals/rag (answerable handbook questions vs. the unanswerable lists);
# never on the hold-out or blind sets. Balanced accuracy there 0.856.
RELEVANCE_COEF = {"coverage": 3.97, "dense_use": 1.31, "dense_z": 0.84}
RELEVANCE_BIAS = -5.01
# Below 0 and above this log-odds the best passage is quoted as "possibly relevant" rather than
# withheld: the largest value at which ≥ 95 % of the tuning sets' answerable questions still get a
# quote (97 % there); unanswerable questions below it: 65 % on the tuning sets.
UNSURE_FLOOR = -1.0
MIN_SCORE_RATIO = 0.85
# the decision looks at this many of the top passages: a relevant second or third passage (the fused ranking put
# a looser match first) answers as well (issue 16 item 7; chosen on evals/handbook_chat's tuned set)
DECIDING_HITS = 3  # further quoted passages must fuse almost as well as the best one
RELEVANCE_TIE = 0.2  # log-odds within which the first fused passage stays the answer (browser trial 5)
_SENT = re.compile(r"(?<=[.!?])\s+|\n+")


Confidence = Literal["sicher", "unsicher", "keine"]


class Answer(BaseModel):
    """Passages that answer a question ("sicher"), one that may answer it ("unsicher"), or nothing."""

    question: str
    confidence: Confidence
    passages: list[Hit]
    candidates: list[Hit]

    @computed_field  # type: ignore[prop-decorator]  # mypy rejects decorators over @property (pydantic docs)
    @property
    def found(self) -> bool:
        """The passages are quoted as the answer."""
        return self.confidence == "sicher"


def relevance(hit: Hit) -> float:
    """Log-odds that the passage answers the question (> 0: it does)."""
    return RELEVANCE_BIAS + sum(w * float(getattr(hit, name)) for name, w in RELEVANCE_COEF.items())


def is_relevant(hit: Hit) -> bool:
    """The calibrated relevance rule for one hit."""
    return relevance(hit) > 0


def confidence_of(best: Hit | None) -> Confidence:
    """How sure the best passage answers the question: the three-way decision of `answer`."""
    rel = relevance(best) if best is not None else float("-inf")
    return "sicher" if rel > 0 else "unsicher" if rel > UNSURE_FLOOR else "keine"


def complements(question: str, best: Hit, others: list[Hit]) -> list[Hit]:
    """Plausible passages (above the unsure floor) covering question words the best one lacks: "Muss ich einen
    Schnitt melden?" needs the reporting rule next to the first-aid passage (browser trial, issue 16)."""
    missing = set(question_words(question)) - covered_words(question, f"{best.heading}\n{best.text}")
    return [
        h for h in others if relevance(h) > UNSURE_FLOOR and missing & covered_words(question, f"{h.heading}\n{h.text}")
    ][:1]


def extra_heading_words(question: str, heading: str) -> int:
    """Content words of the passage's headings below the document title that the question does not name: "Krankes
    Kind" adds "Kind" to "Was mache ich, wenn ich krank bin?", "Krankmeldung" adds nothing; "Krankheit >
    Lohnfortzahlung" adds "Krankheit" to "wann krieg ich meinen Lohn?", "Lohn und Gehalt > Lohnzahlung" nothing (a
    compound of a question word counts, and so does a heading word whose everyday synonym the question uses)."""
    path = heading.split(">")[1:] or [heading]
    q_all = set(content_stems(f"{question} {expand(question)}"))
    q_long = [s for s in q_all if len(s) >= 4]  # long enough to count as the head of a compound
    return sum(
        1
        for w in question_words(" ".join(path))
        if not (set(content_stems(f"{w} {expand_word(w)}")) & q_all or any(s in fold(w) for s in q_long))
    )


ABSENT_WORD_LETTERS = 7  # shorter unknown words are mostly spoken forms and fillers („hamm“, „seh“)
KNOWN_GRAM_SHARE = 0.5  # „Urlaupsantrag“ (a typo) shares 6 of 10 4-grams with the handbook, „Glatteis“ 1 of 5


def unknown_words(question: str, collection: str) -> list[str]:
    """Long question words the documents never use – not as a word, an inflection or typo of one, a compound of their
    words or an everyday synonym („Glatteis“, „Betriebsrat“)."""
    index = get_index(collection)
    if not index.ids:
        return []
    parts = compound_parts(question, index)
    return [
        w
        for w in question_words(question)
        if len(w) >= ABSENT_WORD_LETTERS and not parts.get(w) and not expand_word(w) and not _known_letters(w, index)
    ]


def absent_topic(question: str, best: Hit, collection: str) -> bool:
    """A long question word the documents never use – not as a word, a compound of their words or an everyday
    synonym – that the closest passage does not hold either (not even most of its letters): the question's topic
    („Glatteis“, „Betriebsrat“) is not in the documents, however close the passage's other words come."""
    return any(partial_coverage(w, f"{best.heading}\n{best.text}") == 0.0 for w in unknown_words(question, collection))


def _known_letters(word: str, index: SparseIndex) -> bool:
    """The collection has the word's stem or most of its 4-grams: an inflection („wäscht“ – „Wäsche“) or a typo."""
    s = stem(word)
    grams = ngrams(s)
    held = [index.column.get(feature_index("g:" + g)) is not None for g in grams]
    # a typo keeps the word's end; a compound of which only the first part is known („Weihnachtsfeier“) is unknown
    ends_known = len(held) < 2 or held[-1] or held[-2]
    return index.knows(s) or (bool(grams) and ends_known and sum(held) / len(grams) >= KNOWN_GRAM_SHARE)


def answer(question: str, collection: str, *, top_k: int = 5, max_passages: int = 2) -> Answer:
    """Search and keep only passages that pass the relevance rule (never invents anything); a document being
    ingested meanwhile waits with its next batch until the question is answered."""
    with asking():
        return _answer(question, collection, top_k, max_passages)


def _answer(question: str, collection: str, top_k: int, max_passages: int) -> Answer:
    hits = search(question, collection, top_k=top_k).hits
    # what retrieval found decides: the most relevant of the top passages (not only the first by fused score)
    best = max(hits[:DECIDING_HITS], key=relevance) if hits else None
    if best is not None and hits[0] is not best and relevance(hits[0]) >= relevance(best) - RELEVANCE_TIE:
        best = hits[0]  # about as relevant: the better fused match ("krank bin" → Krankmeldung, not "Krankes Kind")
    confidence = confidence_of(best)
    if confidence == "unsicher" and best is not None and absent_topic(question, best, collection):
        confidence = "keine"  # „muss ich bei Glatteis trotzdem fahren?“: the documents never speak of it
    passages: list[Hit] = []
    if confidence == "sicher" and best is not None:
        others = [h for h in hits[:3] if h is not best and is_relevant(h) and h.score >= MIN_SCORE_RATIO * best.score]
        # of passages that all answer, the general one comes first: its heading adds no case the question lacks
        passages = sorted([best, *others], key=lambda h: extra_heading_words(question, h.heading))
    elif confidence == "unsicher" and best is not None:
        passages = [best]
    if passages and best is not None:
        passages += complements(question, best, [h for h in hits[:DECIDING_HITS] if h not in passages])
    unique: list[Hit] = []
    for h in passages:  # a passage indexed twice (e.g. the same text in two files) is quoted once
        if all(h.text.strip() != u.text.strip() for u in unique):
            unique.append(h)
    return Answer(question=question, confidence=confidence, passages=unique[:max_passages], candidates=hits)


def _shared(question_stems: set[str], part_stems: set[str]) -> int:
    """Question words a sentence or table row holds, alone or as the end of a compound („Stollen“ in the row
    „Christstollen“: trial 29, the allergen table was cut before the row a customer asked about)."""
    long = [q for q in question_stems - part_stems if len(q) >= 5]
    return len(question_stems & part_stems) + sum(1 for q in long if any(p.endswith(q) for p in part_stems))


def quote(question: str, hit: Hit, max_chars: int = 700) -> str:
    """The passage text, shortened to the sentences/lines that share most words with the question."""
    text = hit.text.strip()
    if len(text) <= max_chars:
        return text
    parts = [p.strip() for p in _SENT.split(text) if p.strip()]
    q = set(content_stems(question))
    scored = sorted(range(len(parts)), key=lambda i: -_shared(q, set(content_stems(parts[i]))))
    keep: set[int] = set()
    size = 0
    for i in scored:
        if size + len(parts[i]) > max_chars and keep:
            break
        keep.add(i)
        size += len(parts[i]) + 1
    if not keep:
        return text[:max_chars]
    rows = [i for i, part in enumerate(parts) if part.startswith("|")]
    if any(i in keep for i in rows):  # a table keeps its header and separator lines and stays a table
        keep.update(rows[:2])
    out = ""
    for i in sorted(keep):
        table_row = parts[i].startswith("|")
        out += parts[i] if not out else ("\n" if table_row and out.endswith("|") else " … ") + parts[i]
    return out


__all__ = ["Answer", "answer", "is_relevant", "quote", "unknown_words"]
