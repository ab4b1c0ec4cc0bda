"""The owner's own fuel rate in a tour request („mit 0,25 € je km“, „Spritsatz 22 Cent pro Kilometer hinterlegen“):
read it, use it for the answer and, when the owner says to keep it, store it as the company's parameter."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from agents.nlu.normalize import fold
from tools.company.parameters import CompanyParameters, check_fuel_rate, set_fuel_rate
from tools.format_de import day_long, eur

_RATE = re.compile(
    r"(\d+(?:[,.]\d+)?)\s*(€|euro|eur|ct|cent)(?![a-z])(?:\s+[a-z]+){0,2}?\s*(?:je|pro|/|per|fuer den|fuer jeden)\s*"
    r"(?:km|kilometer)\b"
)
# „hinterlegen“, „speichern“, „ab jetzt“, „künftig“: the rate is the company's from now on, not a what-if
_KEEP = re.compile(r"\b(?:hinterleg\w*|speicher\w*|setz\w*|ab jetzt|ab sofort|kuenftig|zukuenftig|immer|merk\w*)\b")


def named_fuel_rate(text: str) -> float | None:
    """The € per km named in the message (cents converted), or None."""
    m = _RATE.search(fold(text))
    if m is None:
        return None
    value = float(m.group(1).replace(",", "."))
    return value / 100 if m.group(2) in {"ct", "cent"} else value


def keeps_rate(text: str) -> bool:
    """The message asks to keep the rate („… hinterlegen“, „ab jetzt …“)."""
    return _KEEP.search(fold(text)) is not None


class RateUse(NamedTuple):
    """The rate to compute with (None = the company's parameter), what was done with a named one, stored or not."""

    rate: float | None
    note: str
    stored: bool


def apply_rate(text: str, may_store: bool, today: date) -> RateUse:
    """Read a named rate; a rate to keep is stored only for a view that may set company figures."""
    rate = named_fuel_rate(text)
    if rate is None:
        return RateUse(None, "", stored=False)
    check_fuel_rate(rate)
    if keeps_rate(text) and may_store:
        set_fuel_rate(rate, today)
        return RateUse(
            rate,
            (
                f"Ihren Kraftstoffsatz von {eur(rate, cents=True)} je km habe ich als Firmenwert hinterlegt; "
                "alle weiteren Tourkosten rechnen damit."
            ),
            stored=True,
        )
    return RateUse(
        rate,
        (
            f"Gerechnet mit Ihrem Satz von {eur(rate, cents=True)} je km (nur für diese Antwort; dauerhaft: "
            f"„Kraftstoffsatz {eur(rate, cents=True)} je km hinterlegen“)."
        ),
        stored=False,
    )


def rate_source(params: CompanyParameters, asked: bool) -> str:
    """Where the fuel rate of a cost answer comes from, in German."""
    if asked:
        return "Ihr Satz aus dieser Frage"
    if params.fuel_set_on is not None:
        return f"Ihr hinterlegter Firmenwert vom {day_long(params.fuel_set_on)}"
    return (
        "Standardwert aus dem Fahrzeugkostenmodell der Demo-Firma – Ihren eigenen Satz hinterlegen Sie mit "
        "„Kraftstoffsatz 0,25 € je km hinterlegen“"
    )
