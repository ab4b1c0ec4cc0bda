"""`lab_tour`: the show-case lab's guided tour on the separate copy of the fictional demo company (issue 20.3)."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.sqlite import SqliteSaver

from agents.contracts import Slots, TurnContext
from agents.graph import TurnResult, build_graph, run_turn
from agents.registry import TOOLS, allowed_tools, authorize, spec, uses_demo_data
from agents.supervisor import tour
from agents.supervisor.tour_steps import STATIONS, lead
from tools.format_de import eur, integer
from tools.settings import get_settings, scoped_settings

START = "Was kann KI in einer Bäckerei?"
TODAY = date(2026, 11, 25)
# what each station must show: the tools it ran and whether a chart or photo belongs to its result
EXPECTED = {
    "forecast": (("forecast",), True),
    "production_plan": (("production_plan",), True),
    "quality_check": (("quality_check",), True),
    "onboarding_qa": (("onboarding_qa",), False),
    "staffing": (("staffing", "recruiting_campaign"), True),
    "money": (("budget_forecast", "liquidity"), True),
    "chain": (("overview",), True),
}


def _saver(path: Path) -> SqliteSaver:
    return SqliteSaver(sqlite3.connect(str(path), check_same_thread=False))


@pytest.fixture(scope="module")
def guest_tour(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A guest's whole tour, with a refused owner question in between and a 'reconnect' (a new graph on the
    same checkpoint database) after the first station."""
    db = tmp_path_factory.mktemp("tour") / "checkpoints.sqlite"
    thread = f"tour-{uuid.uuid4().hex[:8]}"
    first = run_turn(build_graph(checkpointer=_saver(db)), START, role="guest", thread_id=thread)
    graph = build_graph(checkpointer=_saver(db))  # the browser reconnects: a new process, same database
    refused = run_turn(graph, "Wie viele Brötchen verkaufen wir morgen in Stendal?", role="guest", thread_id=thread)
    stations = [first] + [run_turn(graph, "weiter", role="guest", thread_id=thread) for _ in STATIONS[1:]]
    check = run_turn(graph, "Check starten", role="guest", thread_id=thread)
    after = run_turn(graph, "weiter", role="guest", thread_id=thread)
    return {"stations": stations, "refused": refused, "check": check, "after": after}


def test_every_station_runs_its_demonstrator_for_real(guest_tour: dict[str, Any]) -> None:
    stations: list[TurnResult] = guest_tour["stations"]
    assert [r.data["tour"]["station"] for r in stations] == [s.id for s in STATIONS]
    for r in stations:
        tools, chart = EXPECTED[r.data["tour"]["station"]]
        assert r.tool == "lab_tour"
        assert set(tools) <= set(r.tools_called), r.tools_called
        assert all(res and "error" not in res and "error" not in res.get("answer", {}) for res in r.data["results"])
        assert not chart or (r.artifacts and all(Path(a.path).is_file() for a in r.artifacts))
        assert "Was ich getan habe:" in r.text and "Welche Daten das braucht:" in r.text and "Was es bringt:" in r.text
        assert "fiktiv" in r.text


def test_station_figures_come_from_the_tool_results(guest_tour: dict[str, Any]) -> None:
    by_id = {r.data["tour"]["station"]: r for r in guest_tour["stations"]}
    forecast = by_id["forecast"].data["results"][0]["answer"]
    top = max(forecast["series"], key=lambda s: s["total"])
    assert f"({integer(top['total'])} Stück)" in by_id["forecast"].text  # the headline names the largest series
    check = by_id["quality_check"].data["results"][0]
    assert check["logged_rows"] == 0 and check["check"]["pieces"] > 0
    assert f"{check['check']['pieces']} Teile" in by_id["quality_check"].text
    liquidity = by_id["money"].data["results"][1]["answer"]
    assert eur(liquidity["start_balance"]) in by_id["money"].text
    handbook = by_id["onboarding_qa"].data["results"][0]
    assert handbook["found"] and all(p.startswith("02_") or "/" in p or p.endswith(".md") for p in handbook["passages"])
    assert "30 Minuten" in by_id["onboarding_qa"].text


def test_weiter_continues_across_a_reconnect_and_the_tour_ends_with_the_check_offer(
    guest_tour: dict[str, Any],
) -> None:
    stations: list[TurnResult] = guest_tour["stations"]
    assert [r.data["tour"]["index"] for r in stations] == list(range(len(STATIONS)))
    assert "Willkommen zum Rundgang" in stations[0].text
    assert all(r.data["tour"]["next"] for r in stations[:-1]) and not stations[-1].data["tour"]["next"]
    last = stations[-1]
    assert last.data["tour"]["check_offer"] and "Check starten" in last.text and "frei erfunden" in last.text
    assert "Gesamtkette" in [a.name for a in last.artifacts]  # the chain in one picture (overview's chart)
    assert re.search(r"Gesamtüberblick .*\d\d\.\d\d\.–\d\d\.\d\d\.\d{4}", last.text)  # says which period it shows
    assert guest_tour["check"].tool == "interview"
    assert guest_tour["after"].tool != "lab_tour"  # after the last station "weiter" no longer runs the tour


def test_a_guest_still_may_not_ask_owner_tools_during_the_tour(guest_tour: dict[str, Any]) -> None:
    refused = guest_tour["refused"]
    assert refused.data.get("refused") == "forecast" and "nicht zur Verfügung" in refused.text
    assert guest_tour["stations"][1].data["tour"]["station"] == "production_plan"  # the tour waited


def test_the_registry_declares_the_tour_as_the_one_demo_data_tool() -> None:
    assert [t for t in TOOLS if uses_demo_data(t)] == ["lab_tour"]
    assert authorize("guest", "lab_tour") == "full" and authorize("owner", "lab_tour") == "full"
    assert authorize("employee", "lab_tour") is None
    figures = {"forecast", "production_plan", "staffing", "budget_forecast", "liquidity", "overview"}
    assert not figures & allowed_tools("guest")
    assert spec("lab_tour").examples_file.is_file()


def test_the_tour_reads_the_demo_copy_never_the_live_data(fresh_var: Path) -> None:
    """A changed live account balance shows in the owner's liquidity plan but never in the tour."""
    from agents.finance.liquidity import run as liquidity
    from tools.company.data import ensure_data, load_account

    live = ensure_data()
    account = json.loads((live / "account.json").read_text(encoding="utf-8"))
    account["balance_eur"] = 4_321_987.0
    (live / "account.json").write_text(json.dumps(account), encoding="utf-8")
    assert load_account().balance_eur == 4_321_987.0
    ctx = TurnContext(role="guest", thread_id="t-demo", today=TODAY, memory={"lab_tour": {"active": True, "next": 5}})
    station = spec("lab_tour").run(Slots(text="weiter"), ctx)
    assert station.data["tour"]["station"] == "money"
    assert eur(4_321_987.0) not in station.text
    demo_balance = station.data["results"][1]["answer"]["start_balance"]
    assert demo_balance != 4_321_987.0 and eur(demo_balance) in station.text
    assert get_settings().demo_data_dir.is_dir() and get_settings().demo_data_dir != live
    owner = liquidity(
        Slots(text="Liquiditätsplan bis Ende Februar"), TurnContext(role="owner", thread_id="o", today=TODAY)
    )
    assert eur(4_321_987.0) in owner.text  # the live turn does see its own data


def test_a_parallel_normal_turn_keeps_reading_the_live_folder(fresh_var: Path) -> None:
    from tools.company.demo_copy import demo_company

    live = get_settings().data_dir
    inside, outside = threading.Barrier(2), {}

    def touring() -> None:
        with demo_company() as demo:
            outside["tour"] = get_settings().data_dir
            inside.wait(timeout=60)  # the normal turn asks while the tour's scope is open
            inside.wait(timeout=60)
            assert demo.demo_company

    def normal() -> None:
        inside.wait(timeout=60)
        outside["normal"] = get_settings().data_dir
        inside.wait(timeout=60)

    threads = [threading.Thread(target=touring), threading.Thread(target=normal)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert outside["normal"] == live and outside["tour"] == get_settings().demo_data_dir != live
    assert (outside["tour"] / "meta.json").is_file()  # first use built the demo copy
    with scoped_settings(get_settings().as_demo()):
        from tools.company.data import own_sales_path

        assert own_sales_path() is None  # an owner's own sales export never reaches the tour


def test_weiter_and_check_reach_the_tour_only_when_it_is_waiting() -> None:
    assert tour.addressed({}, "weiter") is None
    assert tour.addressed({"lab_tour": {"active": True, "next": 2}}, "Weiter!") == "lab_tour"
    assert tour.addressed({"lab_tour": {"active": True, "next": 2}}, "nächste Station bitte") == "lab_tour"
    assert tour.addressed({"lab_tour": {"active": True, "next": 2}}, "Wie viele Brötchen morgen?") is None
    assert tour.addressed({}, "Was kann KI in einer Bäckerei?") == "lab_tour"
    assert tour.addressed({}, "Check starten") is None
    assert tour.addressed({"lab_tour": {"active": False, "offered_check": True}}, "Check starten") == "interview"


def test_rundgang_beenden_stops_and_the_visitors_trade_is_named() -> None:
    memory: dict[str, Any] = {"readiness": {"interview": {"profile": {"trade_label": "Handwerk"}}}}
    ctx = TurnContext(role="guest", thread_id="t-trade", today=TODAY, memory=memory)
    first = spec("lab_tour").run(Slots(text=START), ctx)
    assert "Einem Betrieb wie Ihrem (Handwerk)" in first.text and ctx.memory["lab_tour"]["next"] == 1
    stop = spec("lab_tour").run(Slots(text="Rundgang beenden"), ctx)
    assert stop.data["tour"]["ended"] and not tour.is_active(ctx.memory) and "erfunden" in stop.text


def test_an_employee_is_refused_the_tour() -> None:
    graph = build_graph()
    result = run_turn(graph, START, role="employee", thread_id=f"e-{uuid.uuid4().hex[:6]}")
    assert result.data.get("refused") == "lab_tour"


def test_lead_keeps_the_named_paragraphs_or_the_first() -> None:
    text = "Kopf.\n\nTabelle\n\n### Bäcker/in: 1 × Vollzeit\nKanäle\n\nGesamtkosten aller Kampagnen: 1 €."
    assert lead(text) == "Kopf."
    assert lead(text, ("### ", "Gesamtkosten")) == "- Bäcker/in: 1 × Vollzeit\n\nGesamtkosten aller Kampagnen: 1 €."
    assert lead(text, ("Nichts",)) == "Kopf."


def test_lead_ends_the_campaign_list_before_the_total() -> None:
    """Browser trial: the total was rendered inside the last list item ('… Gardelegen Holzmarkt Gesamtkosten …')."""
    from markdown_it import MarkdownIt

    text = "### Bäcker/in: 1 × Vollzeit\nKanäle\n\n### Verkauf: 2 × Teilzeit – Gardelegen\n\nGesamtkosten aller Kampagnen: 5 €."
    html = MarkdownIt().render(lead(text, ("### ", "Gesamtkosten")))
    items = html[html.index("<ul>") : html.index("</ul>")]
    assert items.count("<li>") == 2 and "Gesamtkosten" not in items and "<p>Gesamtkosten" in html


def test_the_demo_copy_is_the_seeded_generator_output_in_its_own_folder(
    fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.company.data import ensure_data
    from tools.company.demo_copy import ensure_demo_data

    monkeypatch.setenv("SYNERKI_DEMO_DIR", str(fresh_var / "rundgang-daten"))
    get_settings.cache_clear()
    demo = ensure_demo_data()
    assert demo == fresh_var / "rundgang-daten" and get_settings().data_dir != demo
    live = ensure_data()
    assert (demo / "sales.csv").read_bytes() == (live / "sales.csv").read_bytes()  # same seeded generator
    assert not get_settings().demo_company  # building the copy left the process-wide settings alone


def test_the_tours_job_ads_are_written_apart_from_the_owners(guest_tour: dict[str, Any]) -> None:
    staffing = next(r for r in guest_tour["stations"] if r.data["tour"]["station"] == "staffing")
    ads = [a for a in staffing.artifacts if a.kind == "file"]
    assert ads and all(Path(a.path).parent.name == "rundgang" for a in ads)


def test_asking_whether_the_tour_is_real_is_answered_and_the_tour_waits() -> None:
    """Trial 6: 'Ist das echt oder ausgedacht?' during the tour was asked back ('Meinen Sie etwas aus der Hilfe?')."""
    waiting = {"lab_tour": {"active": True, "next": 1}}
    assert tour.addressed(waiting, "Ist das echt oder ausgedacht?") == "lab_tour"
    assert tour.addressed({}, "Ist das echt oder ausgedacht?") is None  # no tour: not the tour's business
    ctx = TurnContext(role="guest", thread_id="real", today=date(2026, 11, 25), memory=json.loads(json.dumps(waiting)))
    reply = tour.run(Slots(text="Sind das echte Zahlen?"), ctx)
    assert "frei erfunden" in reply.text and "weiter" in reply.text
    assert ctx.memory["lab_tour"] == waiting["lab_tour"]  # the next station is still the same
