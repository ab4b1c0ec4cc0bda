"""Plain German answers: the decision in one sentence first, then the figures, then how it was computed.

The method and its terms (Newsvendor, Prophet, CP-SAT, …) live only in the closing "So habe ich gerechnet" section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

METHOD_TITLE = "So habe ich gerechnet"
METHOD_HEADING = f"**{METHOD_TITLE}:**"


def plain_answer(decision: str, figures: Sequence[str], method: Sequence[str] = ()) -> str:
    """Decision sentence, a blank line, the figures (one per line), then the method section when there is one."""
    parts = [decision.strip()]
    body = "\n".join(_end_tables([line for line in figures if line is not None])).strip("\n")
    if body.strip():
        parts.append(body)
    how = " ".join(m.strip() for m in method if m and m.strip())
    if how:
        parts.append(f"{METHOD_HEADING} {how}")
    return "\n\n".join(parts)


def split_method(text: str) -> tuple[str, str]:
    """The answer without its "So habe ich gerechnet" section, and that section's text ('' when there is none);
    the web app shows the method folded away, text mode keeps it in place."""
    head, found, method = text.partition(METHOD_HEADING)
    if not found:
        return text, ""
    return head.rstrip(), method.strip()


def method_after_decision(text: str, measured: str = "") -> str:
    """The answer with its "So habe ich gerechnet" section moved right below the decision sentence and shown
    open (for „Wie sicher ist das?“, „Woher haben Sie das?“); `measured` (how far the figures were off on days
    gone by) comes first. Unchanged when there is neither."""
    rest, method = split_method(text)
    if not method and not measured:
        return text
    decision, _, figures = rest.partition("\n\n")
    parts = [decision, *([measured] if measured else []), *([f"{METHOD_TITLE}: {method}"] if method else [])]
    return "\n\n".join([*parts, figures] if figures.strip() else parts)


SHORT_NOTE = "(Kurzfassung – alle Zahlen und wie ich gerechnet habe zeige ich Ihnen mit „ausführlich bitte“.)"


def short_version(text: str) -> str:
    """The answer cut to its decision sentence (for „kürzer bitte“), with a note how to get the rest."""
    return f"{text.strip().split(chr(10) + chr(10), 1)[0]}\n\n{SHORT_NOTE}"


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+\.)\s")


def _ends_block(previous: str, line: str) -> bool:
    """A text line right below a Markdown table would be rendered as one more row, right below a list item
    as part of that item (browser trial 5: the tours' last line ran on into „Die einfache Regel …“)."""
    if not line.strip() or not previous.strip():
        return False
    if previous.lstrip().startswith("|"):
        return not line.lstrip().startswith("|")
    return bool(_LIST_ITEM.match(previous)) and not _LIST_ITEM.match(line) and not line.startswith((" ", "\t"))


def _end_tables(lines: list[str]) -> list[str]:
    """A blank line after each Markdown table and list, before the text that follows it."""
    out: list[str] = []
    for line in lines:
        if out and _ends_block(out[-1], line):
            out.append("")
        out.append(line)
    return out
