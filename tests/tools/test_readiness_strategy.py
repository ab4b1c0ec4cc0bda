"""Strategy ranking, roadmap, stored comparison, published figures, radar chart and HTML report."""

from __future__ import annotations

from datetime import date

import pytest

from tools.readiness.report import radar_chart, render_report
from tools.readiness.scripted import run_script
from tools.readiness.store import compare, ensure_table, published_figures, results_table, save_result
from tools.readiness.strategy import build_strategy, rank_use_cases

LOW = {
    "profile": ["Bäckerei", "30", "Stendal"],
    "strategy": ["2"],
    "data": ["1"],
    "technology": ["2"],
    "processes": ["2"],
    "cooperation": ["1"],
    "governance": ["1"],
}
HIGH = {
    "profile": ["Bäckerei", "30", "Stendal"],
    "strategy": ["4"],
    "data": ["4"],
    "technology": ["4"],
    "processes": ["4"],
    "cooperation": ["4"],
    "governance": ["4"],
}


@pytest.fixture(scope="module")
def low():
    return run_script(LOW).result


@pytest.fixture(scope="module")
def high():
    return run_script(HIGH).result


def test_feasibility_follows_the_scores(low, high):
    lo = {u.id: u for u in rank_use_cases(low, limit=50)}
    hi = {u.id: u for u in rank_use_cases(high, limit=50)}
    assert lo["bakery_demand"].feasibility < hi["bakery_demand"].feasibility
    assert "data" in lo["bakery_demand"].missing and not hi["bakery_demand"].missing
    assert hi["bakery_demand"].priority > lo["bakery_demand"].priority
    # trade filter: no car-dealer use cases for a bakery
    assert "car_pricing" not in lo and "bakery_production" in lo
    ranked = rank_use_cases(low)
    assert [u.priority for u in ranked] == sorted((u.priority for u in ranked), reverse=True)


def test_strategy_sections_and_roadmap(low):
    s = build_strategy(low)
    assert {m.months for m in s.roadmap} == {3, 6, 12}
    assert any("Art. 4" in x for x in s.skills)
    assert any("KI-Richtlinie" in m.action for m in s.roadmap)  # governance 1.0 < 3
    assert any("Show-Case-Lab" in x["name"] for x in s.support)
    assert all(t["12"] >= t["6"] >= t["now"] for t in s.targets.values())
    weakest = low.weaknesses[0]
    assert s.targets[weakest]["12"] - s.targets[weakest]["now"] == 1.0
    assert any("Datenschutz" in g for g in s.governance)


def test_store_seeds_synthetic_participants_and_compares(low, database):
    engine = ensure_table()
    assert engine.dialect.name == ("postgresql" if database.startswith("postgres") else "sqlite")
    with engine.connect() as con:
        rows = [dict(r._mapping) for r in con.execute(results_table.select().where(results_table.c.synthetic))]
    assert len(rows) >= 6 and all("fiktiv" in r["label"] for r in rows)
    c = compare(low)
    assert c.n >= 2 and c.n_synthetic >= 1 and c.overall_mean is not None
    assert 0.0 <= c.share_below <= 1.0
    assert any(f.percent == 20 and f.year == 2024 and "Destatis" in f.source for f in c.figures)
    assert all(f.size_class in (None, "klein") for f in c.figures)
    row_id = save_result(low, date(2026, 11, 25))
    with engine.connect() as con:
        saved = con.execute(results_table.select().where(results_table.c.id == row_id)).one()._mapping
    assert saved["synthetic"] is False and saved["label"] is None and saved["trade"] == "baeckerei"
    assert saved["s_data"] == low.scores["data"]


def test_published_figures_have_sources():
    figs = published_figures()
    assert figs and all(f.source and 2000 < f.year < 2100 and 0 < f.percent <= 100 for f in figs)


def test_report_html_and_radar(low):
    c = compare(low)
    chart = radar_chart(low, c)
    assert chart.exists() and chart.read_bytes()[:4] == b"\x89PNG"
    path = render_report(low, build_strategy(low), c, chart, date(2026, 11, 25))
    html = path.read_text(encoding="utf-8")
    assert path.suffix == ".html" and "data:image/png;base64," in html
    for section in ("Ziele und Vision", "Anwendungsfälle", "Fahrplan", "Governance", "Destatis", "Show-Case-Lab"):
        assert section in html
    assert f"{low.overall:.1f}".replace(".", ",") in html


def test_unrated_dimension_gets_no_invented_baseline():
    r = run_script({**LOW, "governance": ["weiß nicht"]}).result
    assert r.scores["governance"] is None
    s = build_strategy(r)
    assert "governance" not in s.targets
    assert any("nicht bewertet" in g for g in s.governance)
    assert not any("liegt bei 1,0" in g for g in s.governance)


def test_a_comparison_group_never_reveals_a_few_other_visitors(tmp_path):
    """Hostile test 13: a trade group of two real visitors was shown on its own; a visitor who takes the check
    twice knows one of the two results and reads the other visitor's scores off the mean (2 × mean − own)."""
    from sqlalchemy import create_engine

    engine = ensure_table(create_engine(f"sqlite:///{tmp_path / 'readiness.sqlite'}"))
    trade = {**HIGH, "profile": ["Gärtnerei", "12", "Stendal"]}
    other, own_first, own_again = (run_script({**trade, "data": [x]}).result for x in ("4", "1", "2"))
    for r in (other, own_first):
        save_result(r, date(2026, 11, 24), engine)
    c = compare(own_again, engine, exclude_id=save_result(own_again, date(2026, 11, 25), engine))
    real = c.n - c.n_synthetic  # the synthetic participants are public (seed file): they hide nobody
    assert c.n >= 5 and (real == 0 or real >= 5), (c.group, c.n, c.n_synthetic)
    assert c.means["data"] != round((other.scores["data"] + own_first.scores["data"]) / 2, 2)
