"""Questions about another business's figures („Wie viel Umsatz macht die Bäckerei gegenüber?“): the assistant
knows only the company's own data and must say so instead of answering with the company's own figures."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold

# folded text: a competitor named …
_OTHER = re.compile(
    r"\b(?:konkurren\w*|wettbewerb\w*|mitbewerb\w*|andere[nrs]? (?:baecker\w*|betrieb\w*|filialisten|ketten?)|"
    r"baeckerei \w+ (?:gegenueber|nebenan|um die ecke|im ort|in der stadt)|baeckerei (?:gegenueber|nebenan)|"
    r"(?:discounter|supermaerkte?|aldi|lidl|edeka|rewe|kaufland|netto)s?)\b"  # „die ganze Kette“ is our own
)
# … and a figure asked of it
_FIGURE = re.compile(
    r"\b(?:umsatz\w*|umsaetze|gewinn\w*|verdien\w*|verkauf\w*|preis\w*|kunden|kosten|zahlen|laeuft|macht|machen)\b"
)


def asks_about_other_business(text: str) -> bool:
    """True when `text` asks for the figures of a business other than the user's own."""
    t = fold(text)
    return _OTHER.search(t) is not None and _FIGURE.search(t) is not None


OTHER_BUSINESS = (
    "Zahlen anderer Betriebe habe ich nicht – ich kenne nur Ihre eigenen Daten (Verkäufe, Kosten, Personal "
    "von Korn & Kruste) und schätze fremde Umsätze nicht. Vergleichen kann ich Ihre Filialen untereinander oder "
    "mit dem Vorjahr, z. B. „Welche Filiale hat im Oktober am wenigsten umgesetzt?“"
)
