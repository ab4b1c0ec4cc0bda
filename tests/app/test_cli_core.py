"""`synerki route` and `synerki ask` print the JSON the evaluations rely on."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()


def test_route_prints_one_json_object() -> None:
    out = runner.invoke(app, ["route", "Wie viele Semmeln backen wir morgen in Tangermünde?"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) == {"text", "agent", "tool", "args", "confidence"}
    assert data["args"]["products"] == ["schrippe"] and data["args"]["branches"] == ["tangermuende"]
    assert data["args"]["dates"]["start"] == "2026-11-26"


def test_route_reads_stdin_line_by_line() -> None:
    out = runner.invoke(app, ["route"], input="Hallo\nWas kannst du?\n")
    lines = [json.loads(x) for x in out.output.strip().splitlines()]
    assert [x["tool"] for x in lines] == ["smalltalk", "help"]


def test_ask_json_for_guest_refusal() -> None:
    out = runner.invoke(app, ["ask", "Wie hoch ist unser Kontostand und die Liquidität?", "--role", "guest", "--json"])
    data = json.loads(out.output)
    assert set(data) >= {"text", "agent", "tool", "tools_called", "artifacts"}
    assert data["tools_called"] == []
    assert "nicht zur Verfügung" in data["text"] or "nicht sicher" in data["text"]


def test_ask_continues_a_thread() -> None:
    first = json.loads(runner.invoke(app, ["ask", "Hallo", "--thread", "cli-t1", "--json"]).output)
    second = json.loads(runner.invoke(app, ["ask", "Danke!", "--thread", "cli-t1", "--json"]).output)
    assert first["tool"] == "smalltalk" and "Gern" in second["text"]
