"""Decide whether the found passages answer a question, and pick the passages to quote."""
from __future__ import annotations

import re

from pydantic import BaseModel

from tools.rag.search import Hit, search
from tools.rag.text import content_stems

# Calibrated on the two tuning sets of evals/rag (handbook + handbook_fresh vs. the two unanswerable
# lists; never on the hold-out or blind sets) by a grid search for the best balanced accuracy (0.891
# with the USE encoder): a passage answers the question when it covers 58 % of the question's
# IDF-weighted words, or 32 % of them with a dense cosine >= 0.32.
MIN_COVERAGE = 0.58
MIN_COVERAGE_WITH_DENSE = 0.32
MIN_DENSE = 0.32
MIN_SCORE_RATIO = 0.85  # further quoted passages must fuse almost as well as the best one
_SENT = re.compile(r"(?<=[.!?])\s+|\n+")


class Answer(BaseModel):
    """Passages that answer a question, or found=False when the documents say nothing."""

    question: str
    found: bool
    passages: list[Hit]
    candidates: list[Hit]


def is_relevant(hit: Hit) -> bool:
    """The calibrated relevance rule for one hit."""
    return hit.coverage >= MIN_COVERAGE or (hit.coverage >= MIN_COVERAGE_WITH_DENSE and hit.dense >= MIN_DENSE)


def answer(question: str, collection: str, *, top_k: int = 5, max_passages: int = 2) -> Answer:
    """Search and keep only passages that pass the relevance rule (never invents anything)."""
    hits = search(question, collection, top_k=top_k).hits
    relevant: list[Hit] = []
    if hits and is_relevant(hits[0]):  # the best passage decides; weaker ones may add to it
        relevant = [hits[0]] + [h for h in hits[1:3] if is_relevant(h) and h.score >= MIN_SCORE_RATIO * hits[0].score]
    return Answer(question=question, found=bool(relevant), passages=relevant[:max_passages], candidates=hits)


def quote(question: str, hit: Hit, max_chars: int = 700) -> str:
    """The passage text, shortened to the sentences/lines that share most words with the question."""
    text = hit.text.strip()
    if len(text) <= max_chars:
        return text
    parts = [p.strip() for p in _SENT.split(text) if p.strip()]
    q = set(content_stems(question))
    scored = sorted(range(len(parts)), key=lambda i: -len(q & set(content_stems(parts[i]))))
    keep: set[int] = set()
    size = 0
    for i in scored:
        if size + len(parts[i]) > max_chars and keep:
            break
        keep.add(i)
        size += len(parts[i]) + 1
    return " … ".join(parts[i] for i in sorted(keep)) if keep else text[:max_chars]


__all__ = ["Answer", "answer", "is_relevant", "quote"]
