"""German number, money, percent and date texts for every user-facing answer, in one place.

Plain Python formatting (no locale): thousands dot, decimal comma, ASCII minus, a space before "%" and "€",
never "-0". Percent comes in two explicit forms so that 0.5 and 50 cannot be confused: `percent` takes
percentage points (12.5 → "12,5 %"), `share` takes a fraction (0.125 → "12,5 %"). A bare date is written
with the format spec directly (f"{d:%d.%m.%Y}"); the helpers here add weekday and month names and ranges.
"""

from __future__ import annotations

import math
import re
from datetime import date

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
MONTHS_SHORT = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
_SWAP = str.maketrans({",": ".", ".": ","})
# characters that make Markdown or HTML of text from a user's file echoed into the chat („![x](https:…)“ loads a
# picture from elsewhere, „[Klick](javascript:…)“ is a link, „<b>“ a tag, „|“ breaks a table), control characters
# and the invisible ones that turn text around („rechnung\u202egpj.exe“ reads „rechnungexe.jpg“) or hide in it
_MARKUP = re.compile(
    r"[\[\]<>!*`|\\{}#~^\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]+"
)


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def quotable(text: str) -> str:
    """Markdown from a user's document as an answer may quote it: lists, bold and tables stay; pictures become
    their alt text, links their text with the address in brackets, raw HTML tags go – a quoted document loads
    nothing from elsewhere and hides no address behind a link text."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    return _TAG.sub("", _LINK_DEFINITION.sub("", text))


def plain(text: str) -> str:
    """Text from a user's file (a file, column, product or series name) as an answer may show it: Markdown/HTML
    characters and control characters become spaces, so the chat renders it as the words it is, nothing else."""
    return " ".join(_MARKUP.sub(" ", text).split())


def num(x: float, digits: int = 1, *, signed: bool = False, trim: bool = False) -> str:
    """German decimal number: 1234.5 → '1.234,5'; `signed` adds '+' to positives; `trim` drops trailing
    zeros of the decimals (2.0 → '2', 2.5 → '2,5')."""
    text = f"{x:{'+' if signed else ''}z,.{digits}f}"  # "z": -0.04 is written "0,0", never "-0,0"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_SWAP)


def pieces(x: float) -> int:
    """A modelled quantity as whole pieces, rounded half up once (787.46 → 787, 787.5 → 788): an answer computes
    its totals from these, so a figure shown in the lead, a table row and a sum never round differently."""
    return int(math.floor(x + 0.5))


def integer(x: float, *, signed: bool = False) -> str:
    """Rounded whole number with thousands dot: 1234.6 → '1.235'."""
    return num(x, 0, signed=signed)


def count(n: int, singular: str, plural: str) -> str:
    """'1 Abschnitt', '3 Abschnitte' (thousands separated like `integer`)."""
    return f"{integer(n)} {singular if n == 1 else plural}"


def and_list(items: list[str]) -> str:
    """German enumeration: ['a'] → 'a', ['a', 'b', 'c'] → 'a, b und c', [] → ''."""
    return ", ".join(items[:-1]) + f" und {items[-1]}" if len(items) > 1 else "".join(items)


def eur(x: float, *, cents: bool = False, signed: bool = False) -> str:
    """Euro amount: whole euros '1.235 €', with `cents` '1.234,56 €'."""
    return f"{num(x, 2 if cents else 0, signed=signed)} €"


def signed_eur(x: float) -> str:
    """Euro difference with its sign: '+1.200 €' / '-300 €'."""
    return eur(x, signed=True)


def percent(points: float, digits: int = 1, *, signed: bool = False) -> str:
    """Percentage points as text: 12.5 → '12,5 %' (for a fraction like 0.125 use `share`)."""
    return f"{num(points, digits, signed=signed)} %"


def effect(points: float, digits: int = 1) -> str:
    """An effect on sales in percentage points, signed; a rise of 200 % or more as a multiple ('etwa das 196-Fache'
    for +19.530 %), which a reader can picture (a seasonal good's one big day)."""
    if points >= 200:
        return f"etwa das {num(1 + points / 100, 0)}-Fache"
    return percent(points, digits, signed=True)


def share(fraction: float, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as percent: 0.125 → '12,5 %' (for percentage points like 12.5 use `percent`)."""
    return percent(100 * fraction, digits, signed=signed)


def day(d: date) -> str:
    """Day with short weekday, for tables and lists: 'Sa, 28.11.2026'."""
    return f"{WEEKDAYS_SHORT[d.weekday()]}, {d:%d.%m.%Y}"


def day_long(d: date) -> str:
    """Day with full weekday, for sentences: 'Samstag, 28.11.2026'."""
    return f"{WEEKDAYS[d.weekday()]}, {d:%d.%m.%Y}"


def month_label(d: date) -> str:
    """Short month and year: 'Dez 2026'."""
    return f"{MONTHS_SHORT[d.month - 1]} {d.year}"


def month_long(d: date) -> str:
    """Full month and year, for sentences: 'Dezember 2026'."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def period_opening(start: date, end: date) -> str:
    """A sentence's opening for a period: 'Am Samstag, 28.11.2026' for one day, else 'Im Zeitraum 01.11.–30.11.2026'."""
    return f"Am {day_long(start)}" if start == end else f"Im Zeitraum {date_range(start, end)}"


def date_range(start: date, end: date) -> str:
    """Compact period: '01.12.–31.12.2026', across years '28.12.2026–03.01.2027', one day '28.11.2026'."""
    if start == end:
        return f"{end:%d.%m.%Y}"
    head = f"{start:%d.%m.}" if start.year == end.year else f"{start:%d.%m.%Y}"
    return f"{head}–{end:%d.%m.%Y}"
