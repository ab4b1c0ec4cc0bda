"""`synerki readiness processes`: the process map from typical values or scripted answers."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()


def test_typical_map_is_all_assumed() -> None:
    out = runner.invoke(app, ["readiness", "processes", "--trade", "handwerk", "--json"])
    assert out.exit_code == 0, out.output
    m = json.loads(out.output)
    assert m["trade"] == "handwerk" and m["goals_assumed"] and all(p["assumed"] for p in m["processes"])


def test_scripted_answers_and_chart(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps({"answers": ["so 30 Stunden, ständig Fehler, alles auf Zetteln", "weiß nicht"], "goals": "a, b"}),
        encoding="utf-8",
    )
    png = tmp_path / "karte.png"
    out = runner.invoke(
        app, ["readiness", "processes", "--trade", "baeckerei", "--answers", str(answers), "--chart", str(png)]
    )
    assert out.exit_code == 0, out.output
    assert "| **Produktion & Backplanung** ⚠ | Wertschöpfung | 30 | Fehler |" in out.output
    assert "Ihre Angabe" in out.output and "angenommen" in out.output and png.stat().st_size > 10_000


def test_bad_answers_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"answers": "nur ein Text"}', encoding="utf-8")
    out = runner.invoke(app, ["readiness", "processes", "--answers", str(bad)])
    assert out.exit_code == 2 and "Erwartet" in out.output
