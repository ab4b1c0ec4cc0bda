"""Typical processes and goals per trade (`data/process_defaults.yaml`): the starting process map, marked assumed."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel, Field

from tools.readiness.bank import DATA_DIR
from tools.readiness.mapper import normalize
from tools.readiness.processes import DataSource, Pain, Process, ProcessGroup, ProcessMap
from tools.readiness.profile import TRADES

FALLBACK_TRADE = "sonstige"
GROUP_ORDER: tuple[ProcessGroup, ...] = ("wertschoepfung", "unterstuetzung", "management")


class TypicalProcess(BaseModel):
    """One typical process of a trade with the words a firm may use for it."""

    id: str
    title: str
    group: ProcessGroup
    hours: float
    pains: list[Pain] = Field(default_factory=list)
    data: list[DataSource] = Field(default_factory=list)
    software: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)

    def to_process(self) -> Process:
        """The process as an assumed entry of a process map."""
        return Process(
            id=self.id,
            title=self.title,
            group=self.group,
            hours_per_week=self.hours,
            pains=list(self.pains),
            data=list(self.data),
            software=list(self.software),
            assumed=True,
        )


class TradeDefaults(BaseModel):
    """A trade's typical processes in the three groups and its typical goals."""

    trade: str
    goals: list[str]
    processes: list[TypicalProcess]


def _entries(raw: dict[str, Any], group: ProcessGroup) -> list[TypicalProcess]:
    return [TypicalProcess.model_validate({**e, "group": group}) for e in raw.get(group) or []]


@lru_cache(maxsize=1)
def _load() -> dict[str, TradeDefaults]:
    raw = yaml.safe_load((DATA_DIR / "process_defaults.yaml").read_text(encoding="utf-8"))
    common = raw["common"]
    out: dict[str, TradeDefaults] = {}
    for trade, spec in raw["trades"].items():
        procs = _entries(spec, "wertschoepfung")
        for group in ("unterstuetzung", "management"):
            own = _entries(spec, group)  # a trade may replace a common entry by id
            ids = {p.id for p in own}
            procs += own + [p for p in _entries(common, group) if p.id not in ids]
        out[trade] = TradeDefaults(trade=trade, goals=list(spec["goals"])[:3], processes=procs)
    return out


def known_trade(trade: str | None) -> str:
    """The trade id if defaults exist for it, else the fallback 'sonstige'."""
    return trade if trade and trade in _load() else FALLBACK_TRADE


def trade_defaults(trade: str | None) -> TradeDefaults:
    """The typical processes and goals of a trade (unknown trades get the generic set)."""
    return _load()[known_trade(trade)]


def default_map(trade: str) -> ProcessMap:
    """The trade's typical process map: every process and the goals marked as assumed."""
    d = trade_defaults(trade)
    return ProcessMap(
        trade=trade if trade in TRADES else known_trade(trade),
        processes=[p.to_process() for p in d.processes],
        goals=list(d.goals),
        goals_assumed=True,
    )


def alias_fit(alias: str, word: str) -> int:
    """3 = the alias itself, 2 = an inflection ('dienstplan' ~ 'dienstplaene'), 1 = a compound ending in it."""
    if word == alias:
        return 3
    common = len(os.path.commonprefix([alias, word]))
    if (len(alias) >= 4 and word.startswith(alias)) or (len(alias) >= 5 and common >= max(5, len(alias) - 2)):
        return 2
    return 1 if len(alias) >= 7 and alias in word else 0


def match_process(trade: str | None, text: str) -> TypicalProcess | None:
    """The typical process (of this trade, then of any trade) a user's words name best; None for unknown ones."""
    words = normalize(text).split()
    pools = [trade_defaults(trade).processes] + [d.processes for d in _load().values()]
    for pool in pools:
        scored = [(max((alias_fit(a, w) for a in [p.id, *p.aliases] for w in words), default=0), p) for p in pool]
        best = max(scored, key=lambda x: x[0], default=(0, None))
        if best[0] > 0:
            return best[1]
    return None
