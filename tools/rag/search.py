"""Hybrid search: dense (MiniLM) and sparse (German keywords) lists fused by reciprocal rank."""
from __future__ import annotations

import time

from pydantic import BaseModel
from qdrant_client import models

from tools.rag.embed import embed_query
from tools.rag.store import DENSE, SPARSE, count, get_client
from tools.rag.text import coverage, sparse_vector

RRF_K = 60
CANDIDATES = 30
# weights of the two ranked lists in the fusion (keywords carry German better than MiniLM)
W_DENSE, W_SPARSE = 1.0, 1.0


class Hit(BaseModel):
    """One passage found for a query, best first in a result list."""

    source: str
    heading: str
    text: str
    score: float
    dense: float = 0.0
    sparse: float = 0.0
    coverage: float = 0.0
    doc_id: str = ""


class SearchResult(BaseModel):
    """Hits plus timing, for the CLI, the agent and the evaluation."""

    query: str
    collection: str
    hits: list[Hit]
    latency_ms: float


def _ranked(collection: str, query: models.NamedVector | models.NamedSparseVector | object, using: str,
            limit: int) -> list[models.ScoredPoint]:
    return get_client().query_points(collection, query=query, using=using, limit=limit,
                                     with_payload=True).points


def search(query: str, collection: str, top_k: int = 5) -> SearchResult:
    """Top-k passages for `query`; empty when the collection is empty or the query has no words."""
    start = time.perf_counter()
    if not query.strip() or count(collection) == 0:
        return SearchResult(query=query, collection=collection, hits=[], latency_ms=0.0)
    dense = _ranked(collection, embed_query(query).tolist(), DENSE, CANDIDATES)
    idx, val = sparse_vector(query, query=True)
    sparse = _ranked(collection, models.SparseVector(indices=idx, values=val), SPARSE, CANDIDATES) if idx else []
    fused: dict[str, Hit] = {}
    for weight, points, kind in ((W_DENSE, dense, "dense"), (W_SPARSE, sparse, "sparse")):
        for rank, p in enumerate(points, start=1):
            key = str(p.id)
            hit = fused.get(key)
            if hit is None:
                hit = fused[key] = Hit(source=p.payload["source"], heading=p.payload["heading"],
                                       text=p.payload["text"], score=0.0, doc_id=p.payload.get("doc_id", ""))
            hit.score += weight / (RRF_K + rank)
            setattr(hit, kind, float(p.score))
    hits = sorted(fused.values(), key=lambda h: h.score, reverse=True)[:top_k]
    for h in hits:
        h.coverage = coverage(query, f"{h.heading}\n{h.text}")
        h.score = round(h.score, 6)
    return SearchResult(query=query, collection=collection, hits=hits,
                        latency_ms=round((time.perf_counter() - start) * 1000, 2))
