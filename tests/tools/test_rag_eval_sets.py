"""The RAG question sets: untuned sets must not near-copy the sets the retrieval was tuned on."""

from __future__ import annotations

from evals.rag.__main__ import HANDBOOK_SETS
from evals.rag.runner import load

MAX_SIMILARITY = 0.8  # character-trigram Jaccard; identical questions score 1.0


def _grams(text: str) -> set[str]:
    t = text.lower()
    return {t[i : i + 3] for i in range(len(t) - 2)}


def _similarity(a: str, b: str) -> float:
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / len(ga | gb)


def test_untuned_sets_do_not_copy_tuning_questions() -> None:
    tuned = [q.q for _, pos, neg, tuned in HANDBOOK_SETS if tuned for q in load(pos) + load(neg)]
    for label, pos, neg, was_tuned in HANDBOOK_SETS:
        if was_tuned:
            continue
        copies = [q.q for q in load(pos) + load(neg) if max(_similarity(q.q, t) for t in tuned) >= MAX_SIMILARITY]
        assert copies == [], f"{label}: {copies}"


def test_sets_are_big_enough_and_have_targets() -> None:
    for label, pos, neg, _ in HANDBOOK_SETS:
        answerable, unanswerable = load(pos), load(neg)
        assert answerable and all(q.targets for q in answerable), label
        assert unanswerable and not any(q.targets for q in unanswerable), label
    assert sum(len(load(pos)) for _, pos, _, tuned in HANDBOOK_SETS if not tuned) >= 60
