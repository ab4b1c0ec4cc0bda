"""The firm's process map: its processes in three groups, their hours, pains and data, and its goals.

This module holds the shared data model only; the dialogue that fills it lives in the readiness agent, the
trade defaults and the picture beside it. The use-case backlog reads a `ProcessMap`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ProcessGroup = Literal["wertschoepfung", "unterstuetzung", "management"]
GROUP_TITLES: dict[ProcessGroup, str] = {
    "wertschoepfung": "Wertschöpfung",
    "unterstuetzung": "Unterstützung",
    "management": "Management",
}
Pain = Literal["fehler", "warten", "nacharbeit", "spitzen", "suchen", "doppelt", "sonstiges"]
PAIN_TITLES: dict[Pain, str] = {
    "fehler": "Fehler",
    "warten": "Wartezeiten",
    "nacharbeit": "Nacharbeit",
    "spitzen": "Lastspitzen",
    "suchen": "Suchen von Informationen",
    "doppelt": "Doppelerfassung",
    "sonstiges": "Sonstiges",
}
DataSource = Literal["papier", "excel", "kasse", "software", "email", "kopf", "unbekannt"]
DATA_TITLES: dict[DataSource, str] = {
    "papier": "Papier",
    "excel": "Excel/Tabellen",
    "kasse": "Kassensystem",
    "software": "Fachsoftware",
    "email": "E-Mail/Telefon",
    "kopf": "nur im Kopf",
    "unbekannt": "weiß nicht",
}


class Process(BaseModel):
    """One process of the firm as the firm described it (or as assumed for its trade)."""

    id: str = Field(description="stable slug, e.g. 'produktion', 'angebote', 'buchhaltung'")
    title: str = Field(description="German display name")
    group: ProcessGroup
    hours_per_week: float | None = Field(default=None, ge=0, description="None = 'weiß nicht'")
    pains: list[Pain] = Field(default_factory=list)
    pain_text: str = Field(default="", description="the firm's own words about what hurts")
    data: list[DataSource] = Field(default_factory=list)
    software: list[str] = Field(default_factory=list, description="software named by the firm")
    assumed: bool = Field(default=False, description="True = typical for the trade, not stated by the firm")

    @property
    def bottleneck_score(self) -> float:
        """Hours weighted by the number of pains: the map marks the largest ones as bottlenecks."""
        return (self.hours_per_week or 0.0) * (1 + len(self.pains))


class ProcessMap(BaseModel):
    """All processes plus the firm's three most important goals."""

    trade: str = Field(description="trade id from tools.readiness.profile.TRADES")
    processes: list[Process] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list, max_length=3)
    goals_assumed: bool = False

    @property
    def assumed(self) -> bool:
        """True when any part of the map is a trade default rather than the firm's answer."""
        return self.goals_assumed or any(p.assumed for p in self.processes)

    def bottlenecks(self, top: int = 3) -> list[Process]:
        """The processes with the most hours times pains (at least one pain)."""
        hurting = [p for p in self.processes if p.pains and p.bottleneck_score > 0]
        return sorted(hurting, key=lambda p: p.bottleneck_score, reverse=True)[:top]
