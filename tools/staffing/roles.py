"""German role words (Verkäuferin, Schrippenbäcker, Azubi …) → planning roles, and hours in a request."""

from __future__ import annotations

import re

# order matters: "Bäckereifachverkäuferin" is Verkauf, "Ausbildung zum Bäcker" is Azubi
ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("Azubi", re.compile(r"azubi|auszubildend|ausbildung|lehrling|lehrstelle|praktikum", re.I)),
    ("Verkauf", re.compile(r"verk[äa]uf|verkauf|theke|fachverk|filialkr|servicekr", re.I)),
    ("Konditor", re.compile(r"konditor|torten", re.I)),
    ("Bäcker", re.compile(r"b[äa]cker(?!ei)(?!handwerk)|teigmacher|ofenkraft", re.I)),
    ("Fahrer", re.compile(r"fahrer|auslieferung|lieferdienst|touren|\btour\b|führerschein", re.I)),
]
SEASONAL_WORDS = re.compile(r"aushilf|befrist|saison|minijob|weihnachtsgesch|für den advent|adventszeit", re.I)
HOURS = re.compile(r"(\d{1,2}(?:[.,]\d)?)\s*(?:std\.?|stunden|h)\b(?:\s*(?:die|pro|/|in der)\s*woche)?", re.I)


def detect_roles(text: str) -> list[str]:
    """Planning roles named in `text`, in order of the patterns (Azubi first)."""
    roles = [role for role, pat in ROLE_PATTERNS if pat.search(text)]
    if "Azubi" in roles:  # "Ausbildung zur Bäckereifachverkäuferin": one Azubi ad, not three
        return ["Azubi"]
    return roles


def detect_hours(text: str) -> float | None:
    """Weekly hours named in `text` ('20 Stunden die Woche'), else None; 'Vollzeit'/'Teilzeit' map to 40/25."""
    m = HOURS.search(text)
    if m:
        value = float(m.group(1).replace(",", "."))
        if 1 <= value <= 48:
            return value
    if re.search(r"vollzeit", text, re.I):
        return 40.0
    if re.search(r"teilzeit", text, re.I):
        return 25.0
    return None


def wants_seasonal(text: str) -> bool:
    """True if the request asks for temporary / seasonal help."""
    return bool(SEASONAL_WORDS.search(text))
