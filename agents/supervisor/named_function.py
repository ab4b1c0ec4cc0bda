"""A request that names a function by its own word („Liquidität“, „Preiserhöhung“, „Ofenbelegung“): when the role
may not use it, the refusal names that function, whatever the router read („Zeig mir die Liquidität von Korn und
Kruste“ was refused as „Gesamtüberblick“; „Kontostand der Bäckerei“ started a guest's KI-Check)."""

from __future__ import annotations

import re
from collections.abc import Collection

from agents.nlu.normalize import fold

# words that name exactly one function (folded); everyday words shared with the handbook stay out („Konto“ alone
# is the employee's pay, „Dienstplan“ the handbook's rule)
_FUNCTION_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("liquidity", re.compile(r"\b(?:liquiditaet\w*|kontostand\w*|zahlungsfaehig\w*|kassenlage)\b")),
    (
        "price_change",
        re.compile(r"\b(?:preiserhoehung\w*|preissenkung\w*|preisaenderung\w*|preise? (?:erhoeh|anheb|senk)\w*)\b"),
    ),
    # „als Inhaberin: Absatzprognose für Brötchen morgen in Stendal“ from a guest: the bakery's forecast, refused as
    # such (trial 38: it had started the KI-Check with the demo's goods and town as the visitor's trade and place)
    ("forecast", re.compile(r"\b(?:absatzprognose\w*|absatzvorhersage\w*|verkaufsprognose\w*)\b")),
    ("budget_forecast", re.compile(r"\b(?:budgetprognose\w*|umsatzprognose\w*|budgetplan\w*)\b")),
    ("overview", re.compile(r"\b(?:gesamtueberblick\w*)\b")),
    ("investment", re.compile(r"\b(?:investitionsrechnung\w*|amortis\w*)\b")),
    ("oven_schedule", re.compile(r"\b(?:ofenbelegung\w*|ofenplan\w*)\b")),
    ("delivery_routes", re.compile(r"\b(?:lieferrouten?|liefertouren?|tourenplan\w*)\b")),
)
# a visitor speaking of their own business („meine Liquidität“, „wie mache ich eine Preiserhöhung?“) asks no
# function of the bakery – unless the bakery is named
_OWN = re.compile(r"\b(?:mein\w*|unser\w*|wir|ich|uns)\b")
_BAKERY = re.compile(r"\b(?:korn|kruste|baeckerei|filiale\w*)\b")


def named_function(text: str) -> str | None:
    """The one function the message names by its own word, or None (none or several named)."""
    t = fold(text)
    named = [tool for tool, words in _FUNCTION_WORDS if words.search(t)]
    return named[0] if len(named) == 1 else None


def named_closed_function(text: str, allowed: Collection[str], guest: bool) -> str | None:
    """The function the message names when the role may not use it (to be refused by that name); a guest's
    question about their own business is none."""
    tool = named_function(text)
    if tool is None or tool in allowed:
        return None
    t = fold(text)
    if guest and _OWN.search(t) and not _BAKERY.search(t):
        return None
    return tool


_DEMO_FIRM = re.compile(r"\bkorn\b.{0,12}\bkruste\b")


def names_demo_firm(text: str) -> bool:
    """The message names the demo bakery „Korn & Kruste“ itself: a question about its data, not the asker's own."""
    return _DEMO_FIRM.search(fold(text)) is not None
