"""Qdrant storage: one client per process (built under a lock), collections with dense + sparse vectors,
file-level sync. Local mode allows one process per folder; others read a snapshot (tools.rag.snapshot)."""

from __future__ import annotations

import atexit
import hashlib
import threading
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from qdrant_client import QdrantClient, models

from tools.concurrency import built_once
from tools.errors import UserFacingError
from tools.rag.documents import SUPPORTED, Chunk, chunk_file
from tools.rag.embed import ENCODERS, EncoderName, embed
from tools.rag.snapshot import snapshot_client
from tools.rag.text import sparse_vector
from tools.settings import get_settings

DENSE, DENSE_USE, SPARSE = "dense", "dense_use", "sparse"
# named dense vector -> encoder that fills it
DENSE_VECTORS: dict[str, EncoderName] = {DENSE: "e5", DENSE_USE: "use"}
MEMORY = ":memory:"
INGEST_BATCH = 8  # passages per encoder call while ingesting
_LOCK = threading.RLock()  # writes (and the reads that decide them) one at a time
_OPEN_LOCK = threading.Lock()  # taken inside _LOCK, never the other way round
_COUNT_LOCK = threading.Lock()  # innermost: only guards the counters
_OWNED: dict[str, QdrantClient] = {}  # local folder -> this process's client (published once complete)
_VERSIONS: dict[str, int] = {}
_EPOCH = [0]  # bumped when the client behind every collection changes (a new snapshot, or the own client)
_SNAPSHOT: list[QdrantClient] = []  # the snapshot readers got last


def version(name: str) -> int:
    """A counter bumped on every write to a collection in this process (for in-memory caches)."""
    return _VERSIONS.get(name, 0) + _EPOCH[0]  # both only grow: the sum changes whenever either does


def _bump(name: str) -> None:
    with _COUNT_LOCK:
        _VERSIONS[name] = _VERSIONS.get(name, 0) + 1


def _bump_all() -> None:
    with _COUNT_LOCK:
        _EPOCH[0] += 1


class IngestReport(BaseModel):
    """What one ingestion run changed."""

    collection: str
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    removed: list[str] = []
    skipped: dict[str, str] = {}
    chunks: int = 0


BUSY = (
    "Die Wissensdatenbank ist gerade von einem anderen Programm geöffnet (z. B. der laufenden Web-App). "
    "Lesen geht weiter; zum Ändern bitte dort hochladen – oder richten Sie einen Qdrant-Server ein "
    "(QDRANT_URL), den mehrere Programme gleichzeitig nutzen können."
)


@built_once(maxsize=4)
def _remote(url: str, api_key: str | None) -> QdrantClient:
    """Client of a Qdrant server; QDRANT_URL=':memory:' gives the client's in-memory mode (tests)."""
    if url == MEMORY:
        return QdrantClient(location=MEMORY)
    return QdrantClient(url=url, api_key=api_key, timeout=30)


def _held_elsewhere(path: Path) -> bool:
    """Whether another process holds the folder's lock (checked before the client loads every collection)."""
    import portalocker

    lock = path / ".lock"
    if not lock.is_file():
        return False
    with open(lock, "r+") as f:
        try:
            portalocker.lock(f, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.exceptions.LockException:
            return True
        portalocker.unlock(f)
    return False


def _local(path: Path, *, write: bool) -> QdrantClient:
    """The folder's own client when this process can lock the folder, else (for reading) a snapshot."""
    key = str(path)
    client = _OWNED.get(key)
    if client is not None:
        return client
    with _OPEN_LOCK:  # one client per folder and process: a second one would find the folder locked
        client = _OWNED.get(key)
        if client is not None:
            return client
        path.mkdir(parents=True, exist_ok=True)
        if not _held_elsewhere(path):
            try:
                client = QdrantClient(path=key)
            except RuntimeError:  # another process took the lock in between
                client = None
            if client is not None:
                atexit.register(client.close)  # close before interpreter teardown (avoids noisy __del__ errors)
                _OWNED[key] = client
                _bump_all()  # readers of an earlier snapshot rebuild their caches
                return client
        if write:
            raise UserFacingError(BUSY)
        snap = snapshot_client(path)
        if not _SNAPSHOT or _SNAPSHOT[0] is not snap:
            _SNAPSHOT[:] = [snap]
            _bump_all()
        return snap


def get_client(*, write: bool = False) -> QdrantClient:
    """The process-wide client: server when QDRANT_URL is set, else local mode on disk. While another
    process (e.g. the web app) holds the local folder, readers get a read-only snapshot and writers an error."""
    s = get_settings()
    if s.qdrant_url:
        return _remote(s.qdrant_url, s.qdrant_api_key)
    return _local(s.qdrant_path, write=write)


def read_only() -> bool:
    """True while this process reads a snapshot because another process holds the knowledge base."""
    s = get_settings()
    return not s.qdrant_url and str(s.qdrant_path) not in _OWNED and _held_elsewhere(s.qdrant_path)


def ensure_collection(name: str) -> None:
    """Create the collection (dense cosine + sparse with IDF) if it does not exist."""
    with _LOCK:
        client = get_client()
        if client.collection_exists(name) and _dense_sizes(client, name) == _wanted_sizes():
            return
        client = get_client(write=True)
        if client.collection_exists(name):
            client.delete_collection(name)  # built with other embedding models: rebuilt from the files
        _bump(name)
        client.create_collection(
            name,
            vectors_config={
                v: models.VectorParams(size=n, distance=models.Distance.COSINE) for v, n in _wanted_sizes().items()
            },
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
        )
        if get_settings().qdrant_url not in (None, MEMORY):  # local and in-memory mode have no payload indexes
            client.create_payload_index(name, "doc_id", models.PayloadSchemaType.KEYWORD)


def _wanted_sizes() -> dict[str, int]:
    return {v: ENCODERS[e].dim for v, e in DENSE_VECTORS.items()}


def _dense_sizes(client: QdrantClient, name: str) -> dict[str, int]:
    vectors = client.get_collection(name).config.params.vectors
    return {k: p.size for k, p in vectors.items()} if isinstance(vectors, dict) else {}


def drop_collection(name: str) -> None:
    """Delete a whole collection (no error when it does not exist)."""
    with _LOCK:
        client = get_client(write=True)
        if client.collection_exists(name):
            client.delete_collection(name)
        _bump(name)


def count(name: str) -> int:
    """Number of chunks in a collection (0 when it does not exist)."""
    client = get_client()
    if not client.collection_exists(name):
        return 0
    return client.count(name, exact=True).count


def _pipeline_version() -> str:
    """Changes whenever chunking, keyword features or the model change: stored chunks are then rebuilt."""
    from tools.rag import documents, text
    from tools.rag import embed as embed_mod

    models_used = tuple(e.model_name for e in embed_mod.ENCODERS.values())
    params = (
        documents.MAX_CHARS,
        documents.MIN_TAIL,
        models_used,
        sorted(text.STOPWORDS),
        text.NGRAM,
        text.NGRAM_WEIGHT,
        text._SUFFIXES,
        text.STEMMER,
        text._BM25_K1,
        text._BM25_B,
        text._AVG_LEN,
    )
    return hashlib.sha1(repr(params).encode()).hexdigest()[:12]


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() + ":" + _pipeline_version()


_PROJECT = Path(__file__).resolve().parents[2]


def doc_id(path: Path) -> str:
    """Stable key of a file in a collection: its path inside the project (so a moved or copied checkout keeps
    its index without a second copy of each document), else its resolved path."""
    resolved = path.resolve()
    return resolved.relative_to(_PROJECT).as_posix() if resolved.is_relative_to(_PROJECT) else str(resolved)


def doc_path(key: str) -> Path:
    """The file a doc_id names (inverse of `doc_id`)."""
    p = Path(key)
    return p if p.is_absolute() else _PROJECT / p


def stored_files(name: str) -> dict[str, str]:
    """doc_id -> file hash of every file in the collection."""
    client = get_client()
    if not client.collection_exists(name):
        return {}
    files: dict[str, str] = {}
    offset = None
    while True:
        points, offset = client.scroll(
            name, limit=1000, offset=offset, with_payload=["doc_id", "file_hash"], with_vectors=False
        )
        for p in points:
            assert p.payload is not None  # asked for with with_payload
            files[p.payload["doc_id"]] = p.payload["file_hash"]
        if offset is None:
            return files


def _doc_filter(key: str) -> models.Filter:
    return models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchValue(value=key))])


def delete_file(name: str, key: str) -> None:
    """Remove all chunks of one file."""
    with _LOCK:
        get_client(write=True).delete(name, points_selector=models.FilterSelector(filter=_doc_filter(key)))
        _bump(name)


def sparse_text(chunk: Chunk) -> str:
    """Keyword text of a chunk: the last heading counts twice, then the path and the text."""
    return f"{chunk.heading.split(' > ')[-1]}\n{chunk.heading}\n{chunk.text}"


def _embed_text(chunk: Chunk) -> str:
    return f"{chunk.heading}: {chunk.text}"


def _upsert(name: str, key: str, file_hash: str, chunks: list[Chunk]) -> None:
    texts = [_embed_text(c) for c in chunks]
    # small batches: a question waits for at most one of them (tools.rag.embed.asking)
    dense = {v: embed(texts, e, batch_size=INGEST_BATCH) for v, e in DENSE_VECTORS.items()}
    points = []
    for i, c in enumerate(chunks):
        idx, val = sparse_vector(sparse_text(c))
        vector: dict[str, Any] = {v: m[i].tolist() for v, m in dense.items()}
        vector[SPARSE] = models.SparseVector(indices=idx, values=val)
        points.append(
            models.PointStruct(
                id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}#{c.index}")),
                vector=vector,
                payload={
                    "doc_id": key,
                    "file_hash": file_hash,
                    "source": c.source,
                    "heading": c.heading,
                    "text": c.text,
                    "index": c.index,
                },
            )
        )
    with _LOCK:
        for i in range(0, len(points), 256):
            get_client(write=True).upsert(name, points=points[i : i + 256], wait=True)
        _bump(name)


def ingest_file(
    path: Path | str, collection: str, *, known: dict[str, str] | None = None, max_chars: int | None = None
) -> tuple[str, int]:
    """Ingest one file; returns ('added'|'updated'|'unchanged', chunk count).

    A changed file replaces its old chunks; an unchanged one (same hash) is skipped; `max_chars` bounds an
    upload's text (a folder the owner ingests by command may hold longer texts, e.g. a law)."""
    path = Path(path)
    ensure_collection(collection)
    key, digest = doc_id(path), _file_hash(path)
    known = stored_files(collection) if known is None else known
    if known.get(key) == digest:
        return "unchanged", 0
    chunks = chunk_file(path, max_chars)
    with _LOCK:
        if key in known:
            delete_file(collection, key)
        if chunks:
            _upsert(collection, key, digest, chunks)
    return ("updated" if key in known else "added"), len(chunks)


def _walk(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Supported files under `paths` and the folders that were scanned."""
    files, roots = [], []
    for p in paths:
        if p.is_dir():
            roots.append(p.resolve())
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.startswith((".", "~$"))
                )
            )
        elif p.is_file():
            files.append(p)
    return files, roots


def ingest_paths(paths: list[Path | str], collection: str) -> IngestReport:
    """Sync files and folders into a collection: new/changed files (re)ingested,
    files deleted from a scanned folder removed."""
    report = IngestReport(collection=collection)
    files, roots = _walk([Path(p) for p in paths])
    get_client(write=True)  # another process holds the knowledge base: say so once, not once per file
    ensure_collection(collection)
    known = stored_files(collection)
    seen = set()
    for f in files:
        seen.add(doc_id(f))
        try:
            status, n = ingest_file(f, collection, known=known)
        except Exception as exc:  # noqa: BLE001 - a broken file (any parser error) must not stop the others; reported
            report.skipped[f.name] = str(exc)
            continue
        getattr(report, status).append(f.name)
        report.chunks += n
    for key in known:
        if key not in seen and any(doc_path(key).is_relative_to(r) for r in roots):
            delete_file(collection, key)
            report.removed.append(doc_path(key).name)
    return report
