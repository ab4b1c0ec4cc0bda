"""The readiness evaluation runs, its scripted companies finish, and simulated respondents stay within tolerance."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from evals.readiness.__main__ import main
from evals.readiness.simulate import simulate_one
from tools.readiness.bank import DIMENSION_IDS
from tools.readiness.scripted import run_script

COMPANIES = Path(__file__).resolve().parents[2] / "evals" / "readiness" / "companies.yaml"


def test_eval_companies_are_complete_and_distinct_trades():
    companies = yaml.safe_load(COMPANIES.read_text(encoding="utf-8"))
    assert len(companies) >= 6
    trades = set()
    for c in companies:
        assert set(c["intended"]) == set(DIMENSION_IDS)
        run = run_script(c["answers"])
        assert run.completed
        trades.add(run.result.profile.trade)
    assert len(trades) >= 6


def test_simulated_respondent_is_close_to_truth():
    r = simulate_one(random.Random(3))
    assert r.missing == 0 and max(abs(d) for d in r.devs) <= 0.75
    assert r.turns / r.questions <= 1.5


def test_eval_main_quick_exits_zero(capsys):
    assert main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "Züge pro Frage" in out and "Simulierte Befragte" in out
    assert "abgestimmt" in out and "zurückgehalten 1" in out and "zurückgehalten 2" in out  # three backlog sets


def test_backlog_eval_firms_are_valid_and_pilots_complete():
    import yaml

    from evals.readiness.backlog_eval import FIRMS, HOLDOUT, evaluate
    from tools.readiness.backlog import load_catalog

    ids = {u.id for u in load_catalog()}
    firms = yaml.safe_load(FIRMS.read_text(encoding="utf-8"))
    holdout = yaml.safe_load(HOLDOUT.read_text(encoding="utf-8"))
    assert len(firms) >= 10 and len(holdout) >= 4
    assert all(len(f["expected"]) == 3 and set(f["expected"]) <= ids for f in firms + holdout)
    assert any("processes" in f for f in firms) and any("processes" not in f for f in firms)
    rows = evaluate(FIRMS)
    assert len({r.trade for r in rows}) >= 8
    assert all(r.complete_pilots == r.quick_wins for r in rows)
    assert sum(r.hits >= 2 for r in rows) >= 8  # the aim on the development firms


def test_second_holdout_is_valid():
    """The untouched held-out set: ≥ 6 firms, expected ids from the catalogue, every interview finishes."""
    import yaml

    from evals.readiness.backlog_eval import HOLDOUT2
    from tools.readiness.backlog import load_catalog

    ids = {u.id for u in load_catalog()}
    firms = yaml.safe_load(HOLDOUT2.read_text(encoding="utf-8"))
    assert len(firms) >= 6
    assert all(len(f["expected"]) == 3 and set(f["expected"]) <= ids for f in firms)
    assert all(run_script(f["answers"]).completed for f in firms)
