"""Run the question sets against the collections and compute recall@k, MRR, refusals, latency."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from tools.rag import HANDBOOK_COLLECTION, HANDBOOK_DIR
from tools.rag.qa import Confidence, confidence_of
from tools.rag.search import Hit, search
from tools.rag.store import ingest_paths

HERE = Path(__file__).resolve().parent
LAWS_DIR = HERE.parent.parent.parent / "shared" / "data" / "gesetze"
LAWS_COLLECTION = "gesetze"


class Question(BaseModel):
    q: str
    targets: list[tuple[str, str]] = []


class Outcome(BaseModel):
    """One question's result: rank of the first relevant hit (0 = none) and the decision."""

    q: str
    rank: int
    confidence: Confidence  # sicher: quoted as the answer; unsicher: quoted with a caveat; keine: refused
    latency_ms: float
    top: list[Hit]


def load(name: str) -> list[Question]:
    """A question set from this folder (.jsonl with targets, or .txt = unanswerable)."""
    path = HERE / name
    if path.suffix == ".txt":
        return [Question(q=line.strip()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Question(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def matches(hit: Hit, targets: list[tuple[str, str]]) -> bool:
    """A hit is correct when its file starts with the target prefix and its heading contains the section."""
    return any(hit.source.startswith(src) and sec.lower() in hit.heading.lower() for src, sec in targets)


def run_set(questions: list[Question], collection: str, top_k: int = 5) -> list[Outcome]:
    out = []
    for q in questions:
        res = search(q.q, collection, top_k=top_k)
        rank = next((i for i, h in enumerate(res.hits, start=1) if matches(h, q.targets)), 0) if q.targets else 0
        out.append(
            Outcome(
                q=q.q,
                rank=rank,
                confidence=confidence_of(res.hits[0] if res.hits else None),
                latency_ms=res.latency_ms,
                top=res.hits,
            )
        )
    return out


def metrics(outcomes: list[Outcome]) -> dict[str, float]:
    """recall@1, recall@5, MRR and the share answered (found) of one set."""
    n = len(outcomes) or 1
    ranks = [o.rank for o in outcomes]
    return {
        "n": len(outcomes),
        "recall@1": sum(r == 1 for r in ranks) / n,
        "recall@5": sum(1 <= r <= 5 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "answered": share(outcomes, "sicher"),
    }


def share(outcomes: list[Outcome], confidence: Confidence) -> float:
    """Share of the outcomes with this decision."""
    return sum(o.confidence == confidence for o in outcomes) / max(1, len(outcomes))


def prepare(laws: bool) -> dict[str, str]:
    """Ingest the handbook (and the laws when present); returns a note per collection."""
    notes = {}
    t = time.perf_counter()
    rep = ingest_paths([HANDBOOK_DIR], HANDBOOK_COLLECTION)
    notes[HANDBOOK_COLLECTION] = (
        f"{len(rep.added) + len(rep.updated)} Dateien neu, {rep.chunks} Abschnitte, {time.perf_counter() - t:.1f} s"
    )
    if laws:
        t = time.perf_counter()
        rep = ingest_paths([LAWS_DIR], LAWS_COLLECTION)
        notes[LAWS_COLLECTION] = (
            f"{len(rep.added) + len(rep.updated)} Dateien neu, {rep.chunks} Abschnitte, {time.perf_counter() - t:.1f} s"
        )
    return notes


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95)) if values else 0.0
