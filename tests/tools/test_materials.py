"""Raw materials of several days' production plans against the stock on hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

import tools.production.plan as plan_mod
from tools.production.materials import MAX_DAYS, materials_need
from tools.production.plan import plan_day
from tools.settings import get_settings


def test_the_need_is_the_sum_of_the_daily_plans() -> None:
    start = get_settings().today() + timedelta(days=1)
    report = materials_need(start, start + timedelta(days=1), ["stendal_markt"], ["roggenbrot", "schrippe"])
    per_day = [plan_day(start + timedelta(days=i), ["stendal_markt"], ["roggenbrot", "schrippe"]) for i in range(2)]
    for m in report.materials:
        expected = sum(x.needed_kg for p in per_day for x in p.materials if x.name == m.name)
        assert m.needed_kg == pytest.approx(expected, abs=0.02)
        assert m.shortage_kg == pytest.approx(max(0.0, m.needed_kg - m.stock_kg), abs=0.02)


def test_a_shortage_names_the_day_it_begins(monkeypatch: pytest.MonkeyPatch) -> None:
    start = get_settings().today() + timedelta(days=1)
    one_day = materials_need(start, start, ["stendal_markt"], ["roggenbrot"])
    need = {m.name: m.needed_kg for m in one_day.materials}
    # stock for one and a half days: the second day runs short
    monkeypatch.setattr(plan_mod, "load_stock", lambda: {n: kg * 1.5 for n, kg in need.items()})
    report = materials_need(start, start + timedelta(days=3), ["stendal_markt"], ["roggenbrot"])
    short = report.shortages()
    assert short and all(m.first_short_day is not None and m.first_short_day > start for m in short)


def test_the_period_is_cut_to_two_weeks() -> None:
    start = get_settings().today() + timedelta(days=1)
    report = materials_need(start, start + timedelta(days=40), ["bismark"], ["roggenbrot"])
    assert (report.end - report.start).days == MAX_DAYS - 1
