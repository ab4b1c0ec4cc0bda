"""Shared helpers of the finance agents: request reading and notes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from agents.contracts import AgentReply, Artifact, Slots
from agents.nlu.normalize import fold
from agents.replies import unknown_branch_text
from tools.errors import DataError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SCENARIO_WORDS = (
    "wenn",
    "falls",
    "angenommen",
    "szenario",
    "steigt",
    "steigen",
    "sinkt",
    "sinken",
    "zulegt",
    "einbricht",
    "was waere",
    "was wäre",
)


def months_until(today: date, end: date) -> int:
    """Number of months from today's month up to and including `end`'s month."""
    return max(1, (end.year - today.year) * 12 + end.month - today.month + 1)


def plain_amounts(text: str) -> list[float]:
    """Numbers ≥ 100 in the text without a euro sign (e.g. 'Ofen für 48000, spart 9.000 im Jahr')."""
    out = []
    for m in re.finditer(
        r"(?<![\d,.])(\d{1,3}(?:\.\d{3})+|\d{3,})(?:,\d+)?(?![\d])\s*(%|prozent|jahr|monat|€|euro|eur\b)?",
        text.lower(),
    ):  # an amount with its euro sign is the slots' (a replaced price stays replaced)
        if m.group(2):
            continue
        value = float(m.group(1).replace(".", ""))
        if 2000 <= value <= 2100 and "." not in m.group(1):
            continue  # a year
        out.append(value)
    return out


# „wenn der Januar 20 % schwächer wird“: a period named with a comparative is a change of its sales
_PERIOD_COMPARATIVE = re.compile(r"\b(?:schwaecher|staerker)\b")


def is_scenario(slots: Slots) -> bool:
    """A what-if question about sales ('wenn der Absatz im Dezember um 20 % steigt', 'wenn der Januar 20 %
    schwächer wird')."""
    t = slots.text.lower()
    # „die Umsätze“, „die Verkäufe“, „die Erlöse“: plural stems too (trial leitung7: plural missed the scenario)
    stems = ("absatz", "absätz", "umsatz", "umsätz", "verkauf", "verkäuf", "nachfrage", "erlös", "erloes", "einnahme")
    sales = any(w in t for w in stems)
    period = slots.dates is not None and _PERIOD_COMPARATIVE.search(fold(t)) is not None
    return slots.percent is not None and any(w in t for w in SCENARIO_WORDS) and (sales or period)


def year_in_text(text: str) -> int | None:
    m = re.search(r"\b(20[2-3]\d)\b", text)
    return int(m.group(1)) if m else None


def data_error_reply(exc: DataError) -> AgentReply:
    """A clear German answer when the company data cannot be read."""
    return AgentReply(
        text=f"Ich konnte die Unternehmensdaten nicht lesen: {exc} "
        "Bitte prüfen Sie die Datei und versuchen Sie es erneut.",
        tools_called=[],
    )


def branch_note(slots: Slots) -> str | None:
    """German note when a branch (or an unknown place) was named: finance is planned for the whole company."""
    if slots.unknown_branch:
        return (
            f"Hinweis: {unknown_branch_text(slots.unknown_branch)} Die Finanzplanung gilt ohnehin für das ganze "
            "Unternehmen – hier die Zahlen für alle Filialen zusammen."
        )
    if slots.branches:
        return (
            "Hinweis: Die Finanzplanung rechne ich für das ganze Unternehmen (alle Filialen zusammen), "
            "nicht für einzelne Filialen. Die tatsächlichen Umsätze einer Filiale zeige ich Ihnen z. B. mit "
            "„Wie viel Umsatz hat Osterburg letzten Monat gemacht?“"
        )
    return None


def with_note(slots: Slots, text: str) -> str:
    """Prefix the branch note, if any."""
    note = branch_note(slots)
    return f"{note}\n\n{text}" if note else text


def date_axis(days: Iterable[date]) -> npt.NDArray[np.datetime64]:
    """Days as a numpy date array for matplotlib's x axis (drawn exactly like a list of dates)."""
    return np.array(list(days), dtype="datetime64[D]")


def thousand_eur_chart(
    fig: Figure, ax: Axes, title: str, legend_loc: Literal["upper left", "upper right"], stem: str, name: str
) -> Artifact:
    """Finish a finance chart over time in thousand euros and save it as an image artifact."""
    from tools.charts import save_figure

    ax.set_ylabel("Tsd. €")
    ax.set_title(f"Korn & Kruste – {title}")
    ax.legend(fontsize=8, loc=legend_loc)
    fig.autofmt_xdate()
    return Artifact(kind="image", path=save_figure(fig, stem), name=name)
