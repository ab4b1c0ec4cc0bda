"""Where a handbook passage comes from, said one way: its document title and section, and the source line under
a quote (no file name)."""

from __future__ import annotations

from tools.format_de import quotable
from tools.rag.search import Hit


def place(hit: Hit) -> tuple[str, str]:
    """Document title and section path of a hit (the first heading is the document's title)."""
    parts = hit.heading.split(" > ")
    return parts[0], " > ".join(parts[1:]) or parts[0]


def source_line(hit: Hit) -> str:
    """„(Quelle: „Titel“, Abschnitt „Abschnitt“)“ under a quoted passage."""
    title, section = place(hit)
    return f"(Quelle: „{quotable(title)}“, Abschnitt „{quotable(section)}“)"
