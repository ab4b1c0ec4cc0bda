"""The first start (`scripts/run.sh`): `data generate --defer` leaves the slow steps to the server's worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import tools.precompute as precompute
from app.cli import app


@pytest.fixture
def pending_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / precompute.PENDING_FILE
    monkeypatch.setattr(precompute, "_pending_path", lambda: path)
    return path


def _fake_generate(monkeypatch: pytest.MonkeyPatch, ran: list[str]) -> None:
    import app.commands.train as train
    import tools.company.data as data
    import tools.company.demo_copy as demo_copy
    import tools.rag.store as store

    monkeypatch.setattr(data, "ensure_data", lambda force=False: Path("var/company"))
    monkeypatch.setattr(demo_copy, "ensure_demo_data", lambda force=False: Path("var/demo_company"))
    monkeypatch.setattr(train, "train_router", lambda: "Router gespeichert")
    monkeypatch.setattr(store, "ingest_paths", lambda paths, collection: ran.append("handbook"))
    meta = {"rows_sales": 1, "first_day": "x", "last_day": "y", "returns_rate": 0.1, "sold_out_share": 0.1}
    monkeypatch.setattr(data, "data_meta", lambda: {**meta, "revenue_last_12_months_eur": 1.0, "employees": 2})
    for name in precompute.STEPS:
        monkeypatch.setitem(precompute.STEPS, name, lambda name=name: ran.append(name) or name)


def test_defer_runs_the_first_questions_steps_and_leaves_the_rest_pending(
    monkeypatch: pytest.MonkeyPatch, pending_in: Path
) -> None:
    ran: list[str] = []
    _fake_generate(monkeypatch, ran)
    res = CliRunner().invoke(app, ["data", "generate", "--defer"])
    assert res.exit_code == 0, res.output
    assert ran == ["handbook"] + [s for s in precompute.STEPS if s not in precompute.DEFERRED]
    assert precompute.pending_steps() == list(precompute.DEFERRED)
    assert "im Hintergrund" in res.output
    # progress is printed as each step ends, before the summary
    assert res.output.index("Vorberechnet: production") < res.output.index("Demodaten in")


def test_without_defer_everything_is_computed_before_the_start(
    monkeypatch: pytest.MonkeyPatch, pending_in: Path
) -> None:
    ran: list[str] = []
    _fake_generate(monkeypatch, ran)
    res = CliRunner().invoke(app, ["data", "generate"])
    assert res.exit_code == 0, res.output
    assert ran == ["handbook", *precompute.STEPS] and not pending_in.exists()


def test_serve_starts_the_worker_only_while_steps_are_pending(
    monkeypatch: pytest.MonkeyPatch, pending_in: Path, tmp_path: Path
) -> None:
    import subprocess

    import app.commands.core as core
    from tools.settings import get_settings

    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda args, **kw: started.append(args))
    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    core._start_pending_worker(Path.cwd())
    assert started == []  # later starts: nothing pending, nothing started
    precompute.mark_pending(["yearly"])
    core._start_pending_worker(Path.cwd())
    assert started and started[0][-2:] == ["data", "pending"]
