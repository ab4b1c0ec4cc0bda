"""The owner uploads a sales CSV in the chat: a bad file is refused in German and changes nothing."""
from __future__ import annotations

from pathlib import Path

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import attachment_dict, build_graph, run_turn
from tools.company.data import user_sales_path


def _ask(tmp: Path, name: str, content: str, role: str = "owner"):
    f = tmp / name
    f.write_text(content, encoding="utf-8")
    return run_turn(build_graph(checkpointer=InMemorySaver()), "Hier sind unsere Verkaufsdaten", role=role,
                    thread_id="imp", attachments=[attachment_dict(f)])


def test_csv_with_missing_column_is_refused(tmp_path: Path) -> None:
    result = _ask(tmp_path, "verkauf.csv", "date,branch,product\n2026-11-01,stendal_markt,schrippe\n")
    assert "fehlt die Spalte „sold“" in result.text and "nichts übernommen" in result.text
    assert not user_sales_path().exists()


def test_wrong_file_type_gets_german_message(tmp_path: Path) -> None:
    result = _ask(tmp_path, "tabelle.xlsx", "PK\x03\x04")
    assert "kann ich nicht verarbeiten" in result.text


def test_employee_may_not_import(tmp_path: Path) -> None:
    result = _ask(tmp_path, "verkauf.csv", "date,branch,product,sold\n2026-11-01,stendal_markt,schrippe,10\n", role="employee")
    assert "nicht zur Verfügung" in result.text and not user_sales_path().exists()


def test_valid_csv_is_taken_over(tmp_path: Path, fresh_var: Path) -> None:
    rows = "\n".join(f"2026-11-{d:02d},stendal_markt,schrippe,{200 + d}" for d in range(1, 21))
    result = _ask(tmp_path, "verkauf.csv", "date,branch,product,sold\n" + rows + "\n")
    assert "übernommen: 20 Zeilen, 20 Tage" in result.text
    assert user_sales_path().is_file()


def test_csv_with_forecast_request_is_forecast_not_imported(tmp_path: Path, monkeypatch) -> None:
    from agents.contracts import AgentReply

    seen: list[str] = []
    def runner(tool, slots, ctx):
        seen.append(tool)
        return AgentReply(text="ok", tools_called=[tool])

    f = tmp_path / "umsatz.csv"
    f.write_text("Datum,Warengruppe,Umsatz\n2018-07-01,1,100\n", encoding="utf-8")
    run_turn(build_graph(checkpointer=InMemorySaver(), runner=runner), "Mach mir eine Absatzprognose für diese Datei für die nächsten 7 Tage",
             role="owner", thread_id="fc", attachments=[attachment_dict(f)])
    assert seen == ["forecast"]
