"""Which uploaded files the supervisor accepts and which tool each kind goes to."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}
DOC_SUFFIXES = {".md", ".pdf", ".docx", ".txt"}
DATA_SUFFIXES = {".csv"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UNSUPPORTED = (
    "Die Datei „{name}“ kann ich nicht verarbeiten. Erlaubt sind Fotos (JPG, PNG, WEBP), Dokumente "
    "(PDF, DOCX, Markdown, Text) und Verkaufsdaten als CSV. Ihre Nachricht ist nicht verloren."
)
TOO_BIG = "Die Datei „{name}“ ist mit {mb:.0f} MB zu groß (höchstens 20 MB). Bitte verkleinern Sie sie."


def rejection(attachments: list[dict[str, Any]]) -> str | None:
    """A German reason to reject the first unusable file, or None when all can be processed."""
    for a in attachments:
        if Path(a["name"]).suffix.lower() not in IMAGE_SUFFIXES | DOC_SUFFIXES | DATA_SUFFIXES:
            return UNSUPPORTED.format(name=a["name"])
        size = Path(a["path"]).stat().st_size if Path(a["path"]).exists() else 0
        if size > MAX_UPLOAD_BYTES:
            return TOO_BIG.format(name=a["name"], mb=size / 1e6)
    return None


def attachment_tool(attachments: list[dict[str, Any]]) -> str | None:
    """The tool that handles these files: photos → quality check, CSV → own sales data, documents → handbook."""
    suffixes = {Path(a["name"]).suffix.lower() for a in attachments}
    if suffixes & IMAGE_SUFFIXES:
        return "quality_check"
    if suffixes & DATA_SUFFIXES:
        return "data_import"
    if suffixes & DOC_SUFFIXES:
        return "onboarding_qa"
    return None


def attachment_dict(path: Path, name: str | None = None, mime: str | None = None) -> dict[str, Any]:
    """An uploaded file as stored in the state."""
    name = name or path.name
    return {"path": str(path), "name": name, "mime": mime or mimetypes.guess_type(name)[0]}
