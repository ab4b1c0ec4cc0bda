"""Typical processes and goals per trade, marked as assumed, for a firm that gave no process answers.

Written on the `backlog` branch for scripted runs (issue 20.2); the `procmap` branch owns this module and
the same YAML (`data/process_defaults.yaml`): keep one of the two when merging, the signature is the same.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from tools.readiness.bank import DATA_DIR
from tools.readiness.processes import Process, ProcessGroup, ProcessMap

GROUPS: tuple[ProcessGroup, ...] = ("wertschoepfung", "unterstuetzung", "management")


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    """The YAML as loaded (common processes plus one block per trade)."""
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "process_defaults.yaml").read_text(encoding="utf-8"))
    return data


def _process(entry: dict[str, Any], group: ProcessGroup) -> Process:
    """One YAML entry as an assumed process."""
    return Process(
        id=entry["id"],
        title=entry["title"],
        group=group,
        hours_per_week=entry.get("hours"),
        pains=entry.get("pains", []),
        data=entry.get("data", []),
        software=entry.get("software", []),
        assumed=True,
    )


def default_map(trade: str) -> ProcessMap:
    """The trade's typical processes (its own plus the common ones) and goals, all marked as assumed."""
    raw = _raw()
    block = raw["trades"].get(trade) or raw["trades"]["sonstige"]
    own = {g: [_process(e, g) for e in block.get(g, [])] for g in GROUPS}
    ids = {p.id for ps in own.values() for p in ps}
    common = {g: [_process(e, g) for e in raw["common"].get(g, []) if e["id"] not in ids] for g in GROUPS}
    processes = [p for g in GROUPS for p in own[g] + common[g]]
    return ProcessMap(
        trade=trade if trade in raw["trades"] else "sonstige",
        processes=processes,
        goals=list(block.get("goals", []))[:3],
        goals_assumed=True,
    )
