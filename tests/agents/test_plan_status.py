"""The status of an oven or tour plan reaches the user only as German words."""

from __future__ import annotations

from datetime import date
from typing import get_args

import pytest

from agents.operations.plan_status import oven_status_text, route_status_text
from tools.chain.models import ChainCase, OvenLink
from tools.planning.status import OvenStatus, RouteStatus

ENGLISH = ("feasible", "empty", "status")  # "optimal" is German as well, but never alone


@pytest.mark.parametrize("status", get_args(OvenStatus))
def test_every_oven_status_has_german_words(status: OvenStatus) -> None:
    text = oven_status_text(status)
    assert text != status and not any(word in text.lower() for word in ENGLISH)


@pytest.mark.parametrize("status", get_args(RouteStatus))
def test_every_route_status_has_german_words(status: RouteStatus) -> None:
    text = route_status_text(status)
    assert text != status and not any(word in text.lower() for word in ENGLISH)


def test_overview_oven_line_is_plain_and_the_method_says_the_status_in_german() -> None:
    from agents.supervisor.overview import oven_line, oven_method

    link = OvenLink(
        day=date(2026, 11, 28),
        pieces=1400,
        status="feasible",
        busiest_oven="Ofen 1",
        load_pct=90.0,
        loads_pct={"Ofen 1": 90.0},
        total_load_pct=80.0,
        busy_hours=30.0,
        missing_oven_hours=0.0,
        last_end="07:10",
    )
    case = ChainCase(ovens=link)
    line = oven_line(case)
    assert "07:10" in line and "feasible" not in line and "Optimalität" not in line
    method = oven_method(case)
    assert "Optimalität nicht bewiesen" in method and "feasible" not in method
