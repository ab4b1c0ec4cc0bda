"""The labour laws behind the staff handbook: indexed from the shared law folder, searched like the handbook."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from tools.rag.documents import Chunk, chunk_file
from tools.rag.qa import UNSURE_FLOOR, Answer, answer, extra_heading_words, relevance
from tools.rag.relevance import covered_words
from tools.rag.search import Hit
from tools.rag.store import count, ingest_paths, read_only
from tools.settings import get_settings

LAWS_COLLECTION = "gesetze_arbeit"
# the laws an employee's everyday questions touch (working time, young workers, maternity protection, minimum
# wage, leave, sick pay, part time); the food and hygiene laws answer the owner's questions, not these
EMPLOYEE_LAWS = ("arbzg.md", "jarbschg.md", "muschg_2018.md", "milog.md", "burlg.md", "entgfg.md", "tzbfg.md")
TOP_K = 8  # law passages looked at: a paragraph's exceptions and fines often outrank the rule itself
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---", re.S)
_SYNCED: set[str] = set()
_LOCK = threading.Lock()


class LawSource(BaseModel):
    """Where a quoted law passage stands: the law's name, its abbreviation and the paragraph."""

    law: str
    abbreviation: str
    paragraph: str


def law_files() -> list[Path]:
    """The employee laws present in the shared folder (none when the folder is absent)."""
    folder = get_settings().laws_dir
    return [folder / name for name in EMPLOYEE_LAWS if (folder / name).is_file()]


def sync_laws(*, wait: bool = False) -> bool:
    """Index the employee laws once per process (file hashes and the pipeline version decide what is re-read); True
    when they can be searched. The first indexing takes minutes on a small CPU: a chat turn does not wait for it (it
    runs in the background and no law is quoted meanwhile), an evaluation or test passes `wait`."""
    files = law_files()
    if not files:
        return False
    with _LOCK:
        if LAWS_COLLECTION in _SYNCED or read_only():
            return count(LAWS_COLLECTION) > 0
        _SYNCED.add(LAWS_COLLECTION)
        collection = LAWS_COLLECTION
    if wait or count(collection) > 0:  # re-checking known files is quick (hashes; embeddings are cached by text)
        ingest_paths(list(files), collection)
        return True
    threading.Thread(target=ingest_paths, args=(list(files), collection), daemon=True, name="laws-ingest").start()
    return False


def _title(hit: Hit) -> str:
    """The paragraph's own title („§ 16 Samstagsruhe“), the last heading of the passage."""
    return hit.heading.split(">")[-1].strip()


def search_laws(question: str) -> Answer | None:
    """The law paragraph that answers the question, or None without the laws: of the passages the handbook's
    relevance rule accepts, one whose paragraph title names a question word („§ 16 Samstagsruhe“ for „samstags“,
    not „§ 21a Abweichende Regelungen“ that also mentions Saturdays), the title adding fewest other words first
    („§ 1 Mindestlohn“ before „§ 9 Beschluss der Mindestlohnkommission“)."""
    if not sync_laws():
        return None
    found = answer(question, LAWS_COLLECTION, top_k=TOP_K, max_passages=1)
    # the laws speak of the matter (a passage passes the relevance rule); the paragraph quoted is one whose title
    # names it and that at least plausibly answers („§ 16 Samstagsruhe“ just below the line for „muss ich am
    # samstag arbeiten?“ while its exceptions in § 21a pass it)
    plausible = [h for h in found.candidates if relevance(h) > UNSURE_FLOOR and covered_words(question, _title(h))]
    titled = plausible if found.confidence == "sicher" else []
    if not titled:
        return found.model_copy(update={"confidence": "keine", "passages": []})
    best = min(titled, key=lambda h: (extra_heading_words(question, _title(h)), -relevance(h)))
    return found.model_copy(update={"confidence": "sicher", "passages": [paragraph_start(best)]})


@lru_cache(maxsize=16)
def _chunks(path: str) -> list[Chunk]:
    return chunk_file(Path(path))


def paragraph_start(hit: Hit) -> Hit:
    """The first passage of the hit's paragraph: a long paragraph is split, and its first subsection states the
    rule („(1) An Samstagen dürfen Jugendliche nicht beschäftigt werden.“), the later ones its exceptions."""
    path = get_settings().laws_dir / hit.source
    if not path.is_file():
        return hit
    first = next((c for c in _chunks(str(path)) if c.heading == hit.heading), None)
    return hit if first is None else hit.model_copy(update={"text": first.text})


@lru_cache(maxsize=32)
def _front_matter(path: str) -> dict[str, str]:
    """`Title:` and `jurabk:` of a law file's front matter."""
    m = _FRONT.match(Path(path).read_text(encoding="utf-8")[:2000])
    pairs = (line.split(":", 1) for line in (m.group(1).splitlines() if m else []) if ":" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def law_source(hit: Hit) -> LawSource:
    """The law and paragraph of a passage („Gesetz zum Schutze der arbeitenden Jugend“, „JArbSchG“, „§ 16
    Samstagsruhe“)."""
    meta = _front_matter(str(get_settings().laws_dir / hit.source))
    parts = [p.strip() for p in hit.heading.split(">")]
    paragraph = next((p for p in reversed(parts) if p.startswith("§")), parts[-1])
    abbreviation = meta.get("jurabk", Path(hit.source).stem.upper())
    return LawSource(law=meta.get("Title", parts[0]), abbreviation=abbreviation, paragraph=paragraph)


__all__ = [
    "EMPLOYEE_LAWS",
    "LAWS_COLLECTION",
    "LawSource",
    "law_files",
    "law_source",
    "paragraph_start",
    "search_laws",
    "sync_laws",
]
