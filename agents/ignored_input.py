"""Parts of a message no tool can use are said, not dropped in silence (trial 30 brief): a negative number of goods
(„Plan für -500 Brötchen“) and a „word“ far longer than any German word (a 3000-character product name). The
answer to the rest of the message stays; the note follows its lead sentences."""

from __future__ import annotations

import re

from agents.contracts import AgentReply
from agents.nlu.normalize import fold
from agents.nlu.slots import extract_groups, extract_products
from tools.format_de import integer

MAX_WORD = 60  # letters; the longest German compounds in use stay well below
SHOWN = 20  # letters of an over-long word quoted in the note
_NEGATIVE = re.compile(
    r"(?<![\w.,])(?:minus\s+|[-−–]\s?)(?P<n>\d+(?:[.,]\d+)*)\s*(?P<unit>[A-Za-zÄÖÜäöüß]+)", re.IGNORECASE
)
_PIECES = re.compile(r"stueck|stk|teile?|bleche?|kisten?")
_WORD = re.compile(r"[\wÄÖÜäöüß]+")


def _is_goods(word: str) -> bool:
    """True for a unit of goods: pieces, trays, crates or a product or goods group of the catalogue."""
    t = fold(word)
    return bool(_PIECES.fullmatch(t) or extract_products(t) or extract_groups(t, []))


def negative_goods(text: str) -> list[str]:
    """„-500 Brötchen“, „minus 20 Stück“: negative amounts of goods as written (with a proper minus sign)."""
    return [f"−{m.group('n')} {m.group('unit')}" for m in _NEGATIVE.finditer(text or "") if _is_goods(m.group("unit"))]


def overlong_words(text: str) -> list[str]:
    """Words longer than MAX_WORD letters."""
    return [w for w in _WORD.findall(text or "") if len(w) > MAX_WORD]


# where the figures of the answer below come from, by the tool that answered (trial 36: every note said „aus der
# Prognose“, also under a staff plan or the cash plan); a tool not listed: „aus Ihren Daten“
_SOURCE = {
    "forecast": "die Mengen unten rechne ich selbst aus der Absatzprognose",
    "demand_drivers": "die Zahlen unten rechne ich selbst aus der Absatzprognose",
    "price_change": "die Zahlen unten rechne ich selbst aus der Absatzprognose",
    "production_plan": "die Mengen unten rechnet der Produktionsplan selbst aus der Absatzprognose",
    "offers": "die Mengen unten rechnet der Produktionsplan selbst aus der Absatzprognose",
    "oven_schedule": "die Belegung unten rechne ich selbst aus dem Produktionsplan",
    "delivery_routes": "die Touren unten rechne ich selbst aus dem Produktionsplan",
    "staffing": "den Personalbedarf unten rechne ich selbst aus Ihren Daten",
    "budget_forecast": "die Beträge unten rechne ich selbst aus Ihren Umsätzen und Kosten",
    "liquidity": "die Beträge unten rechne ich selbst aus Ihrem Kontostand, Ihren Umsätzen und Kosten",
}


def ignored_lines(text: str, tool: str | None = None) -> list[str]:
    """German sentences naming what of `text` no answer can use; `tool` (the one that answered) names where the
    figures below come from instead."""
    lines = []
    negative = negative_goods(text)
    if negative:
        quoted = ", ".join(f"„{n}“" for n in negative)
        source = _SOURCE.get(tool or "", "die Zahlen unten rechne ich selbst aus Ihren Daten")
        lines.append(f"Eine negative Menge ({quoted}) gibt es nicht – diese Zahl habe ich nicht verwendet; {source}.")
    for word in overlong_words(text)[:1]:
        lines.append(
            f"Das Wort „{word[:SHOWN]}…“ ist {integer(len(word))} Zeichen lang – so heißt bei uns kein Artikel, keine "
            "Filiale und kein Zeitraum; ich habe es übergangen. Nennen Sie bitte den Artikel mit seinem Namen, "
            "z. B. „Landbrot“ oder „Brötchen“."
        )
    return lines


def with_ignored_note(reply: AgentReply, asked: str) -> AgentReply:
    """The reply with the ignored-input sentences after its lead paragraph (unchanged when nothing was ignored)."""
    if reply.data.get("stub") or not reply.text:
        return reply
    lines = ignored_lines(asked, reply.tools_called[0] if reply.tools_called else None)
    if not lines:
        return reply
    paragraphs = reply.text.split("\n\n")
    return reply.model_copy(update={"text": "\n\n".join([*paragraphs[:1], "\n".join(lines), *paragraphs[1:]])})
