"""Read Markdown, plain text, PDF and DOCX files into heading-aware chunks."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from pydantic import BaseModel

from tools.errors import DocumentError, UnsupportedFile
from tools.format_de import integer

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf", ".docx": "docx"}
MAX_CHARS = 900
MIN_TAIL = 200
# bounds for one document (hostile test 26): a 790-KB PDF of 5000 pages meant 5000 passages to embed (~0,3 CPU-s
# each, about 25 CPU-minutes); a 3-MB DOCX unpacked to 1 GB of Word XML
MAX_PAGES = 200
MAX_TEXT_CHARS = (
    300_000  # for chat uploads: ~120 book pages (~350 passages, ~100 CPU-s to embed); a handbook is shorter
)
MAX_UNPACKED_MB = 50
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÄÖÜ0-9(„\"])")


class Section(BaseModel):
    """Text under one heading path, before splitting."""

    headings: list[str]
    text: str


class Chunk(BaseModel):
    """One retrievable passage with its place in the document."""

    source: str
    heading: str
    text: str
    index: int


def markdown_sections(text: str, title: str) -> list[Section]:
    """Split Markdown by headings; each section keeps the full heading path."""
    text = _FRONT_MATTER.sub("", text, count=1)
    stack: list[tuple[int, str]] = []
    sections: list[Section] = []
    body: list[str] = []
    in_code = False

    def flush() -> None:
        content = "\n".join(body).strip()
        if content:
            sections.append(Section(headings=[h for _, h in stack] or [title], text=content))
        body.clear()

    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
        m = None if in_code else _HEADING.match(line)
        if m:
            flush()
            level = len(m.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, m.group(2).strip()))
        else:
            body.append(line)
    flush()
    return sections


def _docx_sections(path: Path) -> list[Section]:
    import docx

    stack: list[tuple[int, str]] = []
    sections: list[Section] = []
    body: list[str] = []

    def flush() -> None:
        content = "\n".join(body).strip()
        if content:
            sections.append(Section(headings=[h for _, h in stack] or [path.stem], text=content))
        body.clear()

    document = docx.Document(str(path))
    for para in document.paragraphs:
        style = (para.style.name if para.style is not None else "") or ""
        m = re.match(r"(?:Heading|Überschrift)\s*(\d)", style)
        level = int(m.group(1)) if m else (1 if style == "Title" else 0)
        text = para.text.strip()
        if level and text:
            flush()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text))
        elif text:
            body.append(text)
    for table in document.tables:
        for row in table.rows:
            body.append(" | ".join(c.text.strip() for c in row.cells))
    flush()
    return sections


def _pdf_sections(path: Path, max_chars: int | None) -> list[Section]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(str(path))
    try:
        pages = len(reader.pages)  # a PDF locked with an opening password cannot even be counted
    except FileNotDecryptedError:
        raise DocumentError(
            "ist mit einem Kennwort geschützt – bitte speichern Sie es ohne Kennwort (z. B. „Drucken als PDF“) "
            "und senden es noch einmal."
        ) from None
    if pages > MAX_PAGES:
        raise DocumentError(
            f"hat {integer(pages)} Seiten – so viele nehme ich nicht ins Handbuch auf (höchstens "
            f"{integer(MAX_PAGES)}). Bitte teilen Sie es in kürzere Dokumente auf."
        )
    title = (reader.metadata.title if reader.metadata and reader.metadata.title else None) or path.stem
    sections, size = [], 0
    for number, page in enumerate(reader.pages, start=1):
        text = (page.extract_text() or "").strip()
        size += len(text)
        _check_length(size, max_chars)
        if text:
            sections.append(Section(headings=[title, f"Seite {number}"], text=text))
    return sections


def _check_length(chars: int, max_chars: int | None) -> None:
    """Refuse a document whose text is longer than an upload may be (it would take minutes to index)."""
    if max_chars is not None and chars > max_chars:
        raise DocumentError(
            f"enthält mehr als {integer(max_chars)} Zeichen Text – so viel nehme ich nicht ins Handbuch "
            "auf. Bitte teilen Sie es in kürzere Dokumente auf."
        )


def _check_unpacked(path: Path) -> None:
    """A DOCX is a ZIP: refuse one whose parts unpack to more than MAX_UNPACKED_MB before Word's XML is parsed."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise DocumentError("ist keine gültige Word-Datei (DOCX) oder beschädigt.") from None
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise DocumentError(
            f"wäre entpackt {integer(unpacked // (1024 * 1024))} MB groß (höchstens {MAX_UNPACKED_MB} MB) – "
            "so eine Word-Datei lese ich nicht. Bitte speichern Sie sie neu oder senden Sie den Text als PDF."
        )


def read_sections(path: Path, max_chars: int | None = None) -> list[Section]:
    """Sections of one file; raises UnsupportedFile for other types, DocumentError for a locked PDF, one over
    MAX_PAGES, a DOCX unpacking past MAX_UNPACKED_MB and (when given, e.g. MAX_TEXT_CHARS) a longer text."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFile(f"Dateityp {path.suffix or '(ohne Endung)'} wird nicht unterstützt")
    if kind == "pdf":
        return _pdf_sections(path, max_chars)
    if kind == "docx":
        _check_unpacked(path)
        sections = _docx_sections(path)
        _check_length(sum(len(section.text) for section in sections), max_chars)
        return sections
    text = _text(path.read_bytes())
    _check_length(len(text), max_chars)
    return markdown_sections(text, path.stem)


def _text(data: bytes) -> str:
    """A text or Markdown file's words: UTF-16 with BOM, UTF-8 (with or without BOM), else Windows-1252 – a file
    saved in Notepad or Word as „Unicode“ or „ANSI“ was stored as garbage („f\ufffdr B\ufffdcker“) and never found."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _split(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Pack paragraphs (then sentences) into pieces of at most `limit` characters."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    units: list[str] = []
    for p in paragraphs:
        if len(p) <= limit:
            units.append(p)
        else:
            units.extend(s for s in _SENTENCE.split(p) if s.strip())
    pieces: list[str] = []
    current = ""
    for u in units:
        if current and len(current) + len(u) + 2 > limit:
            pieces.append(current)
            current = ""
        while len(u) > limit:  # one endless sentence
            cut = u.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            pieces.append(u[:cut])
            u = u[cut:].strip()
        current = f"{current}\n\n{u}" if current else u
    if current:
        if pieces and len(current) < MIN_TAIL:  # a lone "(4) Absatz 3 gilt nicht …" joins its neighbour
            pieces[-1] = f"{pieces[-1]}\n\n{current}"
        else:
            pieces.append(current)
    return pieces


def chunk_file(path: Path, max_chars: int | None = None) -> list[Chunk]:
    """Heading-aware chunks of a file; long sections are split, all keep the heading path."""
    chunks: list[Chunk] = []
    for section in read_sections(path, max_chars):
        heading = " > ".join(section.headings)
        for piece in _split(section.text):
            chunks.append(Chunk(source=path.name, heading=heading, text=piece, index=len(chunks)))
    return chunks
