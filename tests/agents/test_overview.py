"""`overview`: the whole chain in one German answer, scenarios, and `synerki daily` (alerts: test_alerts.py)."""

from __future__ import annotations

from datetime import date

import pytest

from agents.contracts import DateRange, Slots, TurnContext

TODAY = date(2026, 11, 25)
CTX = TurnContext(role="owner", thread_id="t-overview", today=TODAY)
WEEK = DateRange(start=date(2026, 11, 30), end=date(2026, 12, 6), label="nächste Woche")


def _slots(**kw) -> Slots:
    base = dict(
        text="Gesamtüberblick für Schrippen in Stendal und Gardelegen",
        dates=WEEK,
        products=["schrippe"],
        branches=["stendal_markt", "gardelegen"],
    )
    return Slots(**(base | kw))


@pytest.fixture(scope="module")
def scenario_reply():
    from agents.supervisor.overview import run

    return run(_slots(text="Was passiert, wenn der Absatz um ein Fünftel steigt?", percent=20.0), CTX)


def test_answer_names_one_figure_per_link_from_the_tools(scenario_reply):
    from tools.format_de import integer

    r = scenario_reply
    d = r.data
    assert r.tools_called == [
        "overview",
        "forecast",
        "production_plan",
        "oven_schedule",
        "staffing",
        "recruiting_campaign",
        "liquidity",
    ]
    assert integer(d["base"]["demand"]["pieces"]) in r.text
    assert integer(d["base"]["production"]["pieces"]) in r.text
    assert integer(d["scenario"]["demand"]["pieces"]) in r.text
    assert f"{d['base']['ovens']['total_load_pct']:.1f} %".replace(".", ",") in r.text
    for n in (
        "1. Nachfrage",
        "2. Produktion",
        "3. Öfen",
        "4. Personal",
        "5. Recruiting",
        "6. Finanzen",
        "Szenario: Absatz +20,0 %",
    ):
        assert n in r.text
    assert r.text.count("→") >= 10 and "nicht verfügbar" not in r.text
    assert r.artifacts and r.artifacts[0].path.is_file()


def test_default_period_is_next_week_and_past_is_refused():
    from agents.supervisor.overview import period_of, run

    assert period_of(Slots(text="Gesamtüberblick"), TODAY)[:2] == (date(2026, 11, 30), date(2026, 12, 6))
    assert period_of(Slots(text="Was bedeutet die Adventsnachfrage?"), TODAY)[1] == date(2026, 12, 24)
    past = run(_slots(dates=DateRange(start=date(2026, 11, 16), end=date(2026, 11, 22), label="letzte Woche")), CTX)
    assert "Vergangenheit" in past.text and past.tools_called == ["overview"]
    unknown = run(_slots(unknown_branch="Magdeburg", branches=[]), CTX)
    assert "Magdeburg" in unknown.text and "keine Filiale" in unknown.text


def test_missing_link_is_named_not_available(monkeypatch):
    import tools.chain.links as links
    from agents.supervisor.overview import run

    def broken(*a, **k):
        raise RuntimeError("Ofendaten fehlen")

    monkeypatch.setattr(links, "oven_link", broken)
    r = run(_slots(dates=DateRange(start=date(2026, 11, 30), end=date(2026, 12, 1), label="Mo/Di")), CTX)
    assert "**3. Öfen:** nicht verfügbar (Ofendaten fehlen)" in r.text
    assert "oven_schedule" not in r.tools_called and "staffing" in r.tools_called


def test_daily_cli_stores_alerts_and_exits_zero(alerts_db, monkeypatch):
    from functools import partial

    from typer.testing import CliRunner

    import tools.chain.chain as chain
    from app.cli import app
    from tools.chain.alerts import list_alerts
    from tools.errors import DataError

    monkeypatch.setattr(
        chain,
        "run_chain",
        partial(chain.run_chain, products=["schrippe"], branches=["stendal_markt", "gardelegen"], with_ovens=False),
    )
    import tools.production.yearly as yearly

    def no_year(sales: object) -> None:  # the year is tested in tests/agents/test_yearly_value.py (a minute of CPU)
        raise DataError("im Test übersprungen")

    monkeypatch.setattr(yearly, "compute_year", no_year)
    import tools.precompute as precompute

    monkeypatch.setattr(precompute, "store_oven_plans", lambda: "im Test übersprungen")  # ~4 CPU-s a day
    res = CliRunner().invoke(app, ["daily", "--days", "3"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Tageslauf 25.11.2026 (26.11.–28.11.)")
    assert "Jahresrechnung nicht möglich: im Test übersprungen" in res.output
    stored = list_alerts(None)
    assert f"{len(stored)} Hinweise" in res.output
    assert all(a.follow_up and a.title for a in stored)


def test_daily_cli_answers_a_bug_with_an_error_id_and_exits_zero(alerts_db, monkeypatch, caplog):
    from typer.testing import CliRunner

    from app.cli import app
    from tools.chain import alerts

    def bug(days: int) -> None:
        raise KeyError("value")

    monkeypatch.setattr(alerts, "daily_run", bug)
    res = CliRunner().invoke(app, ["daily"])
    assert res.exit_code == 0
    assert "Tageslauf abgebrochen: interner Fehler (Fehler-ID" in res.output and "KeyError" not in res.output
    assert "KeyError" in caplog.text  # the reason is in the log


def test_the_user_sees_each_finished_link_while_the_rest_is_computed(monkeypatch):
    from agents.supervisor.overview import _stage_reporter
    from tools.chain import chain

    seen: list[tuple[str, str | None]] = []
    report = _stage_reporter(CTX.model_copy(update={"progress": lambda tool, text: seen.append((tool, text))}))
    assert report is not None and _stage_reporter(CTX) is None  # no progress channel: nothing to report
    for link in ("demand", "production", "demand"):
        report(link)
    assert seen[-1] == (
        "overview",
        "Gesamtüberblick: Nachfrage ✓, Produktion ✓, Nachfrage (Szenario) ✓ – der Rest wird berechnet …",
    )
    # the chain calls back after every link it ran, also for a link that failed
    monkeypatch.setattr(chain, "_money", lambda *a: (_ for _ in ()).throw(RuntimeError("kaputt")))
    links: list[str] = []
    case = chain.run_case(TODAY, TODAY, None, None, None, None, 0.0, None, None, {}, "keine Daten", links.append)
    assert links == ["money"] and "money" in case.missing


def test_one_planned_day_is_singular():
    """Browser trial: '56.232 Stück backen (1 Tage aus dem Backplan, 6 Tage …)'."""
    from datetime import date

    from agents.supervisor.overview import production_line
    from tools.chain.models import ChainCase, ProductionLink

    link = ProductionLink(pieces=100, planned_days=1, projected_days=6, plan_until=date(2026, 12, 7), source_text="")
    text = production_line(ChainCase(production=link))
    assert "(1 Tag aus dem Backplan, 6 Tage mit der Absatzprognose" in text and "1 Tage" not in text
