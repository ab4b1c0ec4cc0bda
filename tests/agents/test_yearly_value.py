"""'Was bringt mir das im Jahr?': the stored year answers at once, plain German first; missing year explained."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import tools.production.yearly as yearly_mod
from agents.contracts import Slots, TurnContext
from agents.operations import production_plan
from agents.operations.yearly_value import wants_year
from agents.registry import authorize
from tests.agents.test_plain_answers import assert_plain
from tools.format_de import integer
from tools.production.yearly import YearlyValue, yearly_value

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def year() -> YearlyValue:
    """A short year on two branches × two products (fast) standing in for the stored one."""
    from tools.company.data import load_sales

    s = load_sales()
    branches = sorted(s["branch"].unique())[:2]
    products = ["roggenbrot", "weizenbroetchen"]
    keep = (
        s["branch"].isin(branches)
        & s["product"].isin(products)
        & (s["date"] > s["date"].max() - pd.Timedelta(days=400))
    )
    return yearly_value(s[keep].reset_index(drop=True), days=21, refit_weeks=4)


def ctx(role: str = "owner") -> TurnContext:
    return TurnContext(role=role, view=authorize(role, "production_plan"), thread_id="t-year", today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "Was bringt mir das im Jahr?",
        "Wie viel sparen wir pro Jahr an Retouren?",
        "Lohnt sich das aufs Jahr gerechnet?",
        "Was hätte uns der Plan im letzten Jahr gebracht?",
        "wieviel retouren sparen wir jährlich",
    ],
)
def test_yearly_questions_are_recognised(text: str) -> None:
    assert wants_year(text)


@pytest.mark.parametrize(
    "text", ["Was hätten wir im letzten Monat mit dem Plan gespart?", "Wie viel Brot morgen?", "Frohes neues Jahr!"]
)
def test_other_questions_are_not_the_year(text: str) -> None:
    assert not wants_year(text)


def test_stored_year_answers_plain_german_first(monkeypatch: pytest.MonkeyPatch, year: YearlyValue) -> None:
    monkeypatch.setattr(yearly_mod, "stored_year", lambda sales, end=None: year)
    reply = production_plan.run(Slots(text="Was bringt mir das im Jahr?"), ctx())
    assert_plain(reply)
    head = reply.text.split("\n\n", 1)[0]
    saved = year.base.returned - year.plan.returned
    assert head.startswith("Mit dem Plan hätten Sie")
    assert f"{abs(saved):,.0f}".replace(",", ".") in head
    assert ("weniger Retouren" if saved >= 0 else "mehr Retouren") in head
    assert "tatsächlich gebacken" in head  # the demo data records the baked quantities: that is the baseline
    assert reply.data["yearly"]["plan"]["returned"] == year.plan.returned
    # the model variant was chosen during the year on the weeks before only, and the answer says when
    assert year.choices and f"{year.choices[0].cutoff:%d.%m.%Y}" in reply.text and "neu gewählt" in reply.text


def test_a_named_branch_sums_only_its_series(monkeypatch: pytest.MonkeyPatch, year: YearlyValue) -> None:
    monkeypatch.setattr(yearly_mod, "stored_year", lambda sales, end=None: year)
    branch = year.by_series[0].branch
    reply = production_plan.run(Slots(text="Was bringt der Plan im Jahr?", branches=[branch]), ctx())
    rows = [r for r in year.by_series if r.branch == branch]
    assert reply.data["selected_series"] == len(rows) < len(year.by_series)
    saved = sum(r.base_returned - r.plan_returned for r in rows)
    assert f"rund {abs(saved):,.0f} Stück".replace(",", ".") in reply.text


def test_missing_year_says_how_to_compute_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yearly_mod, "stored_year", lambda sales, end=None: None)
    reply = production_plan.run(Slots(text="Was bringt mir das im Jahr?"), ctx())
    assert "noch nicht vor" in reply.text and "synerki daily" in reply.text
    assert reply.data["yearly"] is None


def test_an_employee_gets_no_money_figures_of_the_year(monkeypatch: pytest.MonkeyPatch, year: YearlyValue) -> None:
    monkeypatch.setattr(yearly_mod, "stored_year", lambda sales, end=None: year)
    reply = production_plan.run(Slots(text="Was bringt mir das im Jahr?"), ctx("employee"))
    assert "€" not in reply.text and "Geschäftsführung" in reply.text


def test_daily_cli_computes_and_names_the_year(monkeypatch: pytest.MonkeyPatch, year: YearlyValue) -> None:
    from typer.testing import CliRunner

    from app.cli import app
    from tools.chain import alerts
    from tools.chain.alerts.daily import DailySummary

    seen: list[int] = []

    def compute(sales: pd.DataFrame) -> YearlyValue:
        seen.append(len(sales))
        return year

    summary = DailySummary(
        today=TODAY, start=TODAY, end=TODAY, alerts=[], new=0, updated=0, closed=0, missing={}, seconds=0.1
    )
    monkeypatch.setattr(alerts, "daily_run", lambda days: summary)
    monkeypatch.setattr(alerts, "list_alerts", lambda status: [])
    monkeypatch.setattr(yearly_mod, "compute_year", compute)
    import tools.precompute as precompute

    monkeypatch.setattr(precompute, "store_oven_plans", lambda: seen.append(-1) or "Ofenpläne")  # ~4 CPU-s a day
    res = CliRunner().invoke(app, ["daily"])
    assert res.exit_code == 0 and seen, res.output  # computed on the loaded sales
    assert -1 in seen  # and the oven plans of the days ahead stored on today's data
    line = next(x for x in res.output.splitlines() if x.startswith("Jahresrechnung"))
    assert f"Retouren {integer(-year.saved_returns, signed=True)} Stück" in line and "gebacken" in line


def test_a_year_the_background_worker_is_preparing_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a first start the year is computed behind the server start: the answer says it is on its way."""
    import tools.precompute as precompute

    monkeypatch.setattr(yearly_mod, "stored_year", lambda sales, end=None: None)
    monkeypatch.setattr(precompute, "preparing", lambda step: step == "yearly")
    reply = production_plan.run(Slots(text="Was bringt mir das im Jahr?"), ctx())
    assert "wird gerade vorbereitet" in reply.text and "synerki daily" not in reply.text
    assert reply.data["yearly"] is None and reply.data["preparing"] is True
