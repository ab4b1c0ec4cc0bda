"""Use-case backlog: catalogue, value/feasibility/fit scoring, quick wins, pilot plans, defaults and reports."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from tools.readiness.backlog import (
    WEEKS_PER_YEAR,
    backlog_for,
    build_backlog,
    fit,
    is_quick_win,
    load_catalog,
    pilot_complete,
    reason,
    score,
)
from tools.readiness.process_defaults import default_map
from tools.readiness.processes import Process, ProcessMap
from tools.readiness.report import radar_chart, render_pdf, render_report
from tools.readiness.scripted import run_script
from tools.readiness.strategy import build_strategy

SCORES: dict[str, float | None] = {d: 3.0 for d in ("strategy", "data", "technology", "processes", "cooperation")}
SCORES["governance"] = 3.0
REGISTRY_DEMOS = {
    "forecast",
    "production_plan",
    "oven_schedule",
    "delivery_routes",
    "quality_check",
    "onboarding_qa",
    "staffing",
    "recruiting_campaign",
    "budget_forecast",
    "liquidity",
}


def _craft(hours: float = 10, data: list[str] | None = None, pains: list[str] | None = None) -> ProcessMap:
    p = Process(
        id="angebote",
        title="Aufmaß & Angebote",
        group="wertschoepfung",
        hours_per_week=hours,
        pains=pains if pains is not None else ["nacharbeit"],
        data=data if data is not None else ["software"],
    )
    return ProcessMap(trade="handwerk", processes=[p], goals=["Angebote schneller schreiben"])


def _item(b, uc_id):
    return next(u for u in b.items if u.id == uc_id)


def test_catalogue_has_40_use_cases_with_all_fields_and_every_trade():
    cat = load_catalog()
    assert len(cat) >= 40 and len({u.id for u in cat}) == len(cat)
    old = {"text_assistant", "bakery_demand", "craft_quotes", "care_tours", "farm_planning", "retail_stock"}
    assert old <= {u.id for u in cat}  # ids stay stable
    trades = {t for u in cat for t in u.trades}
    for t in ("baeckerei", "handwerk", "handel", "pflege", "landwirtschaft", "dienstleistung", "gastronomie"):
        assert sum(t in u.trades for u in cat) >= 4, t
    assert "*" in trades
    assert all(u.processes and u.tools and u.duties and u.measure and u.kpi for u in cat)
    demos = {u.demonstrator for u in cat if u.demonstrator}
    assert demos == REGISTRY_DEMOS
    from agents.registry import TOOLS

    assert demos <= set(TOOLS)


def test_value_is_hours_times_saving_times_weeks_times_rate():
    b = build_backlog(_craft(10), SCORES, hourly_rate=40)
    q = _item(b, "craft_quotes")
    uc = next(u for u in load_catalog() if u.id == "craft_quotes")
    expected_h = 10 * uc.saving * 1.5 * WEEKS_PER_YEAR  # "nacharbeit" is a pain craft_quotes relieves
    assert q.hours_per_year == pytest.approx(expected_h, abs=0.1) and q.value == pytest.approx(expected_h * 40, abs=1)
    assert "Ihre Angabe" in q.reason and "Annahme" in q.reason and q.reason.endswith(".")
    without_pain = _item(build_backlog(_craft(10, pains=[]), SCORES, hourly_rate=40), "craft_quotes")
    assert without_pain.value < q.value


def test_score_is_monotonic_in_value_feasibility_and_fit():
    assert score(0.8, 3, 3) > score(0.4, 3, 3) > score(0.0, 3, 3)
    assert score(0.5, 4, 3) > score(0.5, 2, 3)
    assert score(0.5, 3, 5) > score(0.5, 3, 1)
    assert score(1.0, 5, 5) == 100 and score(0.0, 1, 1) == 0
    assert score(0.5, 3, 3, assumed=True) < score(0.5, 3, 3)


def test_more_hours_better_data_and_matching_goals_raise_the_use_case():
    few, many = (_item(build_backlog(_craft(h), SCORES), "craft_docs") for h in (2, 40))
    # craft_docs serves no 'angebote' process: no value either way; craft_quotes does
    lo, hi = (_item(build_backlog(_craft(h), SCORES), "craft_quotes") for h in (2, 40))
    assert hi.value > lo.value and few.value == many.value == 0
    paper = _item(build_backlog(_craft(10, data=["kopf"]), SCORES), "craft_quotes")
    soft = _item(build_backlog(_craft(10, data=["software"]), SCORES), "craft_quotes")
    assert soft.feasibility > paper.feasibility and soft.data_ready and not paper.data_ready
    low_scores = {k: 1.0 for k in SCORES}
    assert _item(build_backlog(_craft(10), low_scores), "craft_quotes").feasibility < soft.feasibility
    uc = next(u for u in load_catalog() if u.id == "craft_quotes")
    assert fit(uc, ["Angebote schneller"], "handwerk")[0] > fit(uc, ["Tiergesundheit verbessern"], "handwerk")[0]
    assert fit(uc, ["Wetter", "Angebote schneller"], "handwerk")[0] < fit(uc, ["Angebote schneller"], "handwerk")[0]


def test_quick_win_definition():
    assert is_quick_win(0.5, "gering", True, 3.5)
    assert not is_quick_win(0.5, "mittel", True, 3.5)  # effort
    assert not is_quick_win(0.5, "gering", False, 3.5)  # data not there
    assert not is_quick_win(0.1, "gering", True, 3.5)  # value too low
    assert not is_quick_win(0.5, "gering", True, 2.0)  # not feasible
    b = build_backlog(_craft(10), SCORES)
    q = _item(b, "craft_quotes")
    assert q.quick_win and q.pilot is not None and all(u.pilot is None for u in b.items if not u.quick_win)


def test_pilot_plan_has_weeks_roles_baseline_and_decision():
    q = _item(build_backlog(_craft(10), SCORES), "craft_quotes")
    p = q.pilot
    assert p is not None and pilot_complete(p)
    assert 4 <= p.weeks <= 8 and {s.role for s in p.steps} == {"Inhaber/in", "Mitarbeitende", "Dienstleister/Lab"}
    assert p.baseline_hours_per_week == 10 and p.target_hours_per_week < 10
    assert "10 Std. pro Woche" in p.baseline and "Ihre Angabe" in p.baseline
    assert f"Woche {p.weeks}" in p.decision and "stoppen" in p.decision
    assert not pilot_complete(p.model_copy(update={"baseline_hours_per_week": 0.0}))
    assert not pilot_complete(p.model_copy(update={"steps": p.steps[:1]}))


def test_defaults_are_marked_assumed_and_scale_with_size():
    m = default_map("baeckerei")
    assert m.processes and all(p.assumed for p in m.processes) and m.goals_assumed and len(m.goals) == 3
    assert default_map("gibtsnicht").trade == "sonstige"
    small = backlog_for("baeckerei", SCORES, employees=5)
    big = backlog_for("baeckerei", SCORES, employees=40)
    assert small.process_map.assumed and _item(big, "bakery_demand").value > _item(small, "bakery_demand").value
    assert _item(big, "bakery_demand").assumed
    # the firm's own processes replace the defaults; its goals replace the assumed goals
    own = backlog_for("handwerk", SCORES, 8, _craft().processes, ["Angebote schneller"])
    assert not own.process_map.assumed and [p.id for p in own.process_map.processes] == ["angebote"]


def test_bakery_backlog_links_demonstrators_and_other_trades_stay_out():
    b = backlog_for("baeckerei", SCORES, employees=30)
    ids = [u.id for u in b.items]
    assert "bakery_demand" in ids[:5] and "car_pricing" not in ids and "care_tours" not in ids
    demo = _item(b, "bakery_demand")
    assert demo.demonstrator == "forecast" and "Brötchen" in (demo.try_text or "")
    assert [u.score for u in b.items] == sorted((u.score for u in b.items), reverse=True)


def test_strategy_and_reports_carry_process_map_and_backlog():
    r = run_script(
        {"profile": ["Bäckerei", "30", "Stendal"], **{d: ["3"] for d in ("strategy", "data", "technology")}}
        | {d: ["3"] for d in ("processes", "cooperation", "governance")}
    ).result
    s = build_strategy(r)
    assert s.backlog is not None and s.backlog.items
    chart = radar_chart(r)
    html = render_report(r, s, None, chart, date(2026, 11, 25)).read_text(encoding="utf-8")
    assert "Prozesslandkarte" in html and "angenommen" in html and "KI-Backlog" in html
    assert s.backlog.items[0].title in html
    pdf = render_pdf(r, s, None, chart, date(2026, 11, 25))
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Prozesslandkarte" in text and "Backlog" in text and "Größe" in text  # umlauts survive (DejaVu)


def test_goal_words_match_at_word_start_only():
    from tools.readiness.backlog import goal_match

    routes = next(u for u in load_catalog() if u.id == "bakery_routes")
    assert goal_match(routes, "weniger Retouren") == 0.0  # 'tour' inside 'Retouren' is no tour
    assert goal_match(routes, "Touren zu den Filialen kürzer") == 1.0
    assert goal_match(routes, "Kosten senken") == 0.8  # main driver 'kosten'


def test_the_reason_names_each_served_process_with_the_hours_of_the_map() -> None:
    """Trial 14 #18: the reason showed „68 Std./Woche (angenommen)“ for „Verkauf & Beratung“ (60 in the table):
    the hours of every served process were summed under the name of the biggest one, and scaled without saying."""
    b = build_backlog(default_map("handel"), SCORES)
    pricing = _item(b, "retail_pricing")
    assert "„Verkauf & Beratung“ (60 Std./Woche, angenommen)" in pricing.reason
    assert "„Warenwirtschaft & Nachbestellung“ (8 Std./Woche, angenommen)" in pricing.reason
    assert "„Onlineshop & Marktplätze“ (8 Std./Woche, angenommen)" in pricing.reason
    assert "76 Std./Woche ×" in pricing.reason  # the sum is shown as the sum of the named figures (60 + 8 + 8)
    scaled = _item(backlog_for("handel", SCORES, employees=20), "retail_pricing")
    assert "120 Std./Woche, angenommen: 60 typisch, auf Ihre Betriebsgröße umgerechnet" in scaled.reason


def test_a_half_hour_of_the_map_shows_as_in_the_table() -> None:
    """Trial 21: the reason said „(10 Std./Woche, Ihre Angabe)“ for the 10,5 of the map's table."""
    p = Process(id="buchungen", title="Buchungen & Anfragen", group="wertschoepfung", hours_per_week=10.5)
    uc = load_catalog()[0]
    text = reason(uc, [(p, 10.5)], saved_year=169.0, rate=35.0, goal=None)
    assert "(10,5 Std./Woche, Ihre Angabe)" in text and "169 Std. im Jahr" in text
