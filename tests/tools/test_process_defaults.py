"""Trade defaults of the process map: every trade has an assumed map in three groups with typical goals."""

from __future__ import annotations

import pytest

from tools.readiness.process_defaults import default_map, match_process
from tools.readiness.processes import ProcessMap
from tools.readiness.profile import TRADES


@pytest.mark.parametrize("trade", [*TRADES, "sonstige"])
def test_default_map_for_every_trade(trade: str) -> None:
    m = default_map(trade)
    assert isinstance(m, ProcessMap) and m.trade == trade
    assert {p.group for p in m.processes} == {"wertschoepfung", "unterstuetzung", "management"}
    assert all(p.assumed and p.hours_per_week and p.hours_per_week > 0 for p in m.processes)
    assert len({p.id for p in m.processes}) == len(m.processes)
    assert m.goals_assumed and len(m.goals) == 3 and m.assumed
    assert m.bottlenecks(), "a typical map shows where time is lost"


def test_unknown_trade_falls_back_to_generic_processes() -> None:
    m = default_map("raumfahrt")
    assert m.processes and m.trade == "sonstige"


def test_trades_differ() -> None:
    bakery = {p.id for p in default_map("baeckerei").processes}
    crafts = {p.id for p in default_map("handwerk").processes}
    assert "produktion" in bakery and "angebote" in crafts and bakery != crafts


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("Dienstpläne", "personal"),
        ("unsere Lohnabrechnung", "personal"),
        ("die Aufträge", "auftragsplanung"),
        ("Angebote schreiben", "angebote"),
        ("Buchhaltung", "buchhaltung"),
    ],
)
def test_match_process_by_name(text: str, pid: str) -> None:
    p = match_process("handwerk", text)
    assert p is not None and p.id == pid


def test_unknown_process_is_not_matched() -> None:
    assert match_process("baeckerei", "Catering") is None
