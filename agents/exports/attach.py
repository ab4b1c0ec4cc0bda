"""Turn a tool's answer into the file the user asked for ("… als Excel"): the tables of its result as Excel,
CSV, Word or PDF (with the answer's chart), the job ad as Word; the same view as the answer (no money columns for a
view without money)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agents.contracts import AgentReply, Artifact, Role, View
from agents.exports.request import FileFormat
from agents.exports.tables import BUILDERS
from agents.nlu.normalize import fold
from agents.registry import authorize, title
from tools.exports.csv import write_csv
from tools.exports.docx import write_docx
from tools.exports.pdf import write_pdf
from tools.exports.table import Table
from tools.exports.xlsx import write_xlsx

MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
AI_NOTE = "KI-generierter Entwurf – bitte prüfen."
FILE_TOOLS = (*BUILDERS, "recruiting_campaign")
_FORMATS: dict[str, FileFormat] = {"xlsx": "xlsx", "csv": "csv", "docx": "docx", "pdf": "pdf"}
# the job ad is a text to edit: asked as PDF it comes as Word, said so
NO_PDF = "„{title}“ gebe ich als Word-Datei aus (zum Bearbeiten), nicht als PDF. "


def _artifact(path: Path, name: str) -> Artifact:
    return Artifact(kind="file", path=path, name=f"{name}{path.suffix}", mime=MIME[path.suffix])


def _tables(tool: str, data: dict[str, Any], view: View) -> list[Table]:
    tables = BUILDERS[tool](data)
    if view != "full":
        tables = [t.without_money() for t in tables]
    return [t for t in tables if t.rows]


def _job_ads(data: dict[str, Any]) -> list[Artifact]:
    out = []
    for c in data.get("campaigns") or []:
        note = f"Zusatzleistungen aus: {c.get('benefits_source', '')}. {AI_NOTE}"
        path = write_docx(c["title"], c["job_ad"], f"stellenanzeige-{c['role']}", note=note)
        out.append(_artifact(path, f"Stellenanzeige {c['role']}"))
    return out


def _table_files(tool: str, tables: list[Table], fmt: FileFormat, images: list[Path]) -> list[Artifact]:
    name = tables[0].title
    if fmt == "pdf":
        return [_artifact(write_pdf(name, tables, name, images=images, note=AI_NOTE), name)]
    if fmt == "csv":
        return [_artifact(write_csv(t, t.title), t.title) for t in tables]
    if fmt == "docx":
        return [_artifact(write_docx(title(tool), "", name, tables=tables, note=AI_NOTE), name)]
    return [_artifact(write_xlsx(tables, name, note=AI_NOTE), name)]


def files_for(
    tool: str, data: dict[str, Any], fmt: FileFormat, view: View, images: list[Path] | None = None
) -> list[Artifact]:
    """The files of one tool result in the wanted format ([] when the result has nothing to export); a PDF also
    shows the answer's `images` (its chart)."""
    if tool == "recruiting_campaign":
        return _job_ads(data)
    if tool not in BUILDERS:
        return []
    tables = _tables(tool, data, view)
    return _table_files(tool, tables, fmt, images or []) if tables else []


def has_file(tool: str, data: dict[str, Any]) -> bool:
    """True when this tool result gives a file ("den Plan von eben als Datei" then means this answer)."""
    if data.get("error") or data.get("refused") or tool not in FILE_TOOLS:
        return False
    if tool == "recruiting_campaign":
        return bool(data.get("campaigns"))
    return any(t.rows for t in BUILDERS[tool](data))


def named_file_tool(text: str) -> str | None:
    """The answer with a file whose name `text` says („die Budgetprognose davon als PDF“ names the budget), or None;
    the first word of its German title counts („Liquiditätsplan“, „Ofenbelegung“, „Recruiting-Kampagne“)."""
    words = re.findall(r"[a-z]+", fold(text))
    firsts = {t: re.findall(r"[a-z]+", fold(title(t)))[0] for t in FILE_TOOLS}
    return next((t for t, first in firsts.items() if any(w.startswith(first) for w in words)), None)


def file_titles(role: Role) -> str:
    """The German names of the answers `role` may get as a file (another role's functions are never offered)."""
    return ", ".join(f"„{title(t)}“" for t in FILE_TOOLS if authorize(role, t) is not None)


def attach_files(
    tool: str, reply: AgentReply, wanted: str, view: View, role: Role, only_file: bool = False
) -> AgentReply:
    """The reply with the wanted files (`wanted`: xlsx, csv, docx, pdf or file) attached and one German line saying
    so (or why there is none); `only_file`: the answer was given before, a short line replaces its text."""
    fmt = _FORMATS.get(wanted, "file")
    job_ad = tool == "recruiting_campaign"
    pdf = NO_PDF.format(title=title(tool)) if fmt == "pdf" and job_ad else ""  # the ad as PDF: Word, said so
    if reply.data.get("error") or reply.data.get("refused"):
        return reply
    if tool not in FILE_TOOLS:
        names = file_titles(role)
        there = f" Als Datei gibt es: {names}." if names else ""
        note = f"Für „{title(tool)}“ kann ich keine Datei erstellen.{there}"
        return reply.model_copy(update={"text": note if only_file else f"{reply.text}\n\n{note}"})
    charts = [a.path for a in reply.artifacts if a.kind == "image" and a.path.suffix == ".png" and a.path.exists()]
    files = files_for(tool, reply.data, fmt, view, images=charts)
    if not files:
        note = "Diese Antwort enthält keine Tabelle, die ich als Datei ausgeben kann."
        return reply.model_copy(update={"text": note if only_file else f"{reply.text}\n\n{note}"})
    kinds = {"xlsx": "Excel", "csv": "CSV", "docx": "Word", "pdf": "PDF"}
    word = ", ".join(f"„{a.name}“" for a in files)
    many = len(files) > 1
    kind = kinds.get(files[0].path.suffix[1:], "")
    note = f"Die Datei{'en' if many else ''} {word} {'hängen' if many else 'hängt'} an ({kind})."
    if tool == "recruiting_campaign" and fmt in {"xlsx", "csv"}:
        note += " Die Stellenanzeige gibt es als Word-Datei."
    note = pdf + note
    text = f"{title(tool)} von eben als Datei: {note}" if only_file else f"{reply.text}\n\n{note}"
    data = {**reply.data, "export": {"format": fmt, "files": [str(a.path) for a in files]}}
    images = [] if only_file else reply.artifacts
    return reply.model_copy(update={"text": text, "artifacts": [*images, *files], "data": data})
