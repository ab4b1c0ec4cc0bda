"""In-process sparse scoring for Qdrant local mode (its pure-Python sparse search is O(n) per query).

The sparse vectors stay in Qdrant; this module reads them once per collection version into a CSR
matrix and scores queries with the same IDF formula Qdrant uses. With QDRANT_URL set, the server's
own sparse index is used instead (see tools.rag.search).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from qdrant_client import models
from scipy import sparse as sp

from tools.rag.store import SPARSE, get_client, version
from tools.rag.text import feature_index

_LOCK = threading.Lock()
_CACHE: dict[str, tuple[int, SparseIndex]] = {}


@dataclass
class Scored:
    """A point id with its payload and sparse score (mirrors qdrant's ScoredPoint fields we use)."""

    id: str
    score: float
    payload: dict[str, Any]


class SparseIndex:
    """CSR matrix of one collection's sparse vectors plus IDF weights per feature."""

    def __init__(self, ids: list[str], payloads: list[dict[str, Any]], rows: list[tuple[list[int], list[float]]]):
        self.ids, self.payloads = ids, payloads
        self.column: dict[int, int] = {}
        data, indices, indptr = [], [], [0]
        for idx, val in rows:
            for i, v in zip(idx, val):
                indices.append(self.column.setdefault(i, len(self.column)))
                data.append(v)
            indptr.append(len(indices))
        self.matrix = sp.csr_matrix(
            (
                np.asarray(data, dtype=np.float32),
                np.asarray(indices, dtype=np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(ids), max(1, len(self.column))),
        )
        df = np.bincount(np.asarray(indices, dtype=np.int64), minlength=self.matrix.shape[1])
        n = len(ids)
        # Qdrant's IDF: ln((N - df + 0.5) / (df + 0.5) + 1)
        self.idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0).astype(np.float32)
        self.csc = self.matrix.tocsc()

    def knows(self, word_stem: str) -> bool:
        """Whether any passage of the collection contains this word stem."""
        return feature_index("w:" + word_stem) in self.column

    def query(self, indices: list[int], values: list[float], limit: int) -> list[Scored]:
        """Top `limit` points by IDF-weighted dot product; points without overlap are left out."""
        cols, weights = [], []
        for i, v in zip(indices, values):
            c = self.column.get(i)
            if c is not None:
                cols.append(c)
                weights.append(v * self.idf[c])
        if not cols:
            return []
        scores = np.asarray(self.csc[:, cols] @ np.asarray(weights, dtype=np.float32)).ravel()
        nonzero = np.flatnonzero(scores > 0)
        if nonzero.size == 0:
            return []
        top = nonzero[np.argsort(-scores[nonzero], kind="stable")[:limit]]
        return [Scored(id=self.ids[i], score=float(scores[i]), payload=self.payloads[i]) for i in top]


def _build(collection: str) -> SparseIndex:
    ids, payloads, rows = [], [], []
    offset = None
    client = get_client()
    while True:
        points, offset = client.scroll(collection, limit=1000, offset=offset, with_payload=True, with_vectors=[SPARSE])
        for p in points:
            vec = p.vector.get(SPARSE) if isinstance(p.vector, dict) else None
            ids.append(str(p.id))
            payloads.append(p.payload or {})
            rows.append((list(vec.indices), list(vec.values)) if isinstance(vec, models.SparseVector) else ([], []))
        if offset is None:
            return SparseIndex(ids, payloads, rows)


def get_index(collection: str) -> SparseIndex:
    """The cached index of a collection, rebuilt after any write to it in this process."""
    current = version(collection)
    with _LOCK:
        cached = _CACHE.get(collection)
        if cached is None or cached[0] != current:
            cached = (current, _build(collection))
            _CACHE[collection] = cached
        return cached[1]


__all__ = ["Scored", "SparseIndex", "get_index"]
