"""Chat requests for files: "… als Excel" in the same request, and "den Plan von eben als Datei" for the
previous answer of the thread; the file obeys the same view as the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from openpyxl import load_workbook
from pypdf import PdfReader

from agents.contracts import AgentReply, Slots, TurnContext
from agents.exports.request import export_request
from agents.graph import build_graph, run_tool, run_turn
from agents.nlu.router import RouteDecision


class PlanRouter:
    """Routes everything to the production plan and records what it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def route(self, text: str) -> RouteDecision:
        self.seen.append(text)
        return RouteDecision(agent="operations", tool="production_plan", confidence=0.99)


@pytest.mark.parametrize(
    ("text", "fmt", "back"),
    [
        ("Produktionsplan für morgen als Excel", "xlsx", False),
        ("den Plan von eben als Datei", "file", True),
        ("als Excel bitte", "xlsx", True),
        ("Das als CSV", "csv", True),
        ("Schick mir den Produktionsplan von eben als CSV", "csv", True),
        ("Stellenanzeige Verkauf Gardelegen als Word-Datei", "docx", False),
        ("Ofenbelegung für Samstag im Excel-Format", "xlsx", False),
        ("Export als Excel", "xlsx", True),  # trial 6: asked back between two unrelated tools
        ("kann ich den als excel kriegen?", "xlsx", True),  # trial 28 (held out): asked back
        ("krieg ich das als csv?", "csv", True),
    ],
)
def test_file_requests_are_read(text: str, fmt: str, back: bool) -> None:
    found = export_request(text)
    assert found is not None and found.format == fmt and found.refers_back is back


@pytest.mark.parametrize("text", ["Wie viele Brötchen backen wir morgen?", "Welche Datei brauche ich für den Import?"])
def test_no_file_request(text: str) -> None:
    assert export_request(text) is None


def _sheet(result) -> list[str]:  # type: ignore[no-untyped-def]
    files = [a for a in result.artifacts if a.kind == "file"]
    assert len(files) == 1 and files[0].path.suffix == ".xlsx" and files[0].path.is_file()
    return [c.value for c in load_workbook(files[0].path).worksheets[0][1]]


def test_plan_of_the_previous_answer_as_file() -> None:
    router = PlanRouter()
    g = build_graph(router=router, checkpointer=InMemorySaver())
    first = run_turn(g, "Wie viele Roggenbrote backen wir am Samstag in Stendal?", role="owner", thread_id="x1")
    assert not [a for a in first.artifacts if a.kind == "file"]
    second = run_turn(g, "den Plan von eben als Datei", role="owner", thread_id="x1")
    assert router.seen == ["Wie viele Roggenbrote backen wir am Samstag in Stendal?"]  # not routed again
    assert second.tool == "production_plan" and "hängt an" in second.text
    assert second.text.startswith("Produktionsplan von eben als Datei") and first.text not in second.text
    headers = _sheet(second)
    ws = load_workbook(second.artifacts[-1].path).worksheets[0]
    col = headers.index("Backmenge (Stück)") + 1
    assert [ws.cell(r, col).value for r in range(2, ws.max_row + 1)] == [i["quantity"] for i in first.data["items"]]
    assert second.data["day"] == first.data["day"]
    third = run_turn(g, "als CSV bitte", role="owner", thread_id="x1")
    assert third.artifacts[-1].path.suffix == ".csv" and third.data["day"] == first.data["day"]


def test_same_request_routes_the_rest_and_employee_file_has_no_money() -> None:
    router = PlanRouter()
    g = build_graph(router=router, checkpointer=InMemorySaver())
    result = run_turn(g, "Produktionsplan für Samstag in Stendal als Excel", role="employee", thread_id="x2")
    assert router.seen == ["Produktionsplan für Samstag in Stendal"]
    headers = _sheet(result)
    assert "Backmenge (Stück)" in headers and "Preis" not in headers and "erw. Retourenwert" not in headers


def test_file_without_previous_answer_asks_for_a_request() -> None:
    g = build_graph(router=PlanRouter(), checkpointer=InMemorySaver())
    result = run_turn(g, "als Excel bitte", role="owner", thread_id="x3")
    assert "noch keine Antwort" in result.text and not result.artifacts


class PlanThenWhyRouter:
    """'warum' → demand drivers (no file), everything else → the production plan."""

    def route(self, text: str) -> RouteDecision:
        if "warum" in text.lower():
            return RouteDecision(agent="sales", tool="demand_drivers", confidence=0.99)
        return RouteDecision(agent="operations", tool="production_plan", confidence=0.99)


def _fake_drivers(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    if tool == "demand_drivers":  # the real one fits a model: only its place in the thread matters here
        return AgentReply(text="Samstag +19 %.", tools_called=[tool], data={"effects": []})
    return run_tool(tool, slots, ctx)


def test_plan_of_eben_after_a_why_question_is_the_plan_not_the_drivers() -> None:
    """'den Plan von eben als Excel' after 'Warum so viele?' means the plan two answers back (browser trial)."""
    g = build_graph(router=PlanThenWhyRouter(), checkpointer=InMemorySaver(), runner=_fake_drivers)
    first = run_turn(g, "Wie viele Roggenbrote backen wir am Samstag in Stendal?", role="owner", thread_id="x4")
    why = run_turn(g, "Warum so viele?", role="owner", thread_id="x4")
    assert why.tool == "demand_drivers"
    third = run_turn(g, "den Plan von eben als Excel", role="owner", thread_id="x4")
    assert third.tool == "production_plan" and "keine Datei" not in third.text
    assert third.text.startswith("Produktionsplan von eben als Datei") and third.data["day"] == first.data["day"]
    assert "Backmenge (Stück)" in _sheet(third)


def test_in_excel_inside_the_process_map_is_an_answer_not_a_file_request(fresh_var: Path) -> None:
    """'… in Excel' in a process-map answer says where the data lives; it must reach the dialogue whole."""
    from tests.agents.test_process_map import KeywordRouter

    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    run_turn(g, "Wo verlieren wir Zeit?", role="guest", thread_id="x5")
    run_turn(g, "Bäckerei", role="guest", thread_id="x5")
    r = run_turn(g, "Die Dienstplanung macht die Chefin in Excel, 3 Stunden pro Woche", role="guest", thread_id="x5")
    assert r.tool == "process_map" and "Notiert" in r.text
    assert "Excel" in r.text and "Datei" not in r.text and not [a for a in r.artifacts if a.kind == "file"]


def test_a_forecast_of_the_previous_answer_as_excel() -> None:
    """Trial 6: 'Export als Excel' after a forecast: „Für Absatzprognose kann ich keine Datei erstellen“."""
    from agents.exports.tables import forecast

    data = {
        "start": "2026-11-28",
        "end": "2026-11-29",
        "series": [
            {
                "branch": "havelberg",
                "label": "Kuchen",
                "days": [
                    {"date": "2026-11-28", "forecast": 82.0, "lower": 66.0, "upper": 100.0, "closed": False},
                    {"date": "2026-11-29", "forecast": 100.0, "lower": 80.0, "upper": 123.0, "closed": False},
                ],
            }
        ],
    }
    [table] = forecast(data)
    assert table.title == "Absatzprognose 28.11.2026–29.11.2026"
    assert [r["forecast"] for r in table.rows] == [82.0, 100.0] and table.rows[0]["branch"] == "Havelberg Stadtinsel"


def test_a_forecast_of_an_uploaded_file_has_a_table_too() -> None:
    """hostile16: a forecast of the owner's own CSV (series names, no branch) ended in „interner Fehler“, because
    the table builder read the demo forecast's `branch` key after every forecast."""
    from agents.exports.attach import has_file
    from agents.exports.tables import forecast

    day = {"date": "2026-11-26", "forecast": 31.5, "lower": 25.0, "upper": 38.0}
    data = {
        "file": "verkauf.csv",
        "start": "2026-11-26",
        "end": "2026-11-26",
        "series": [{"series": "Brot", "days": [day]}],
    }
    [table] = forecast(data)
    assert table.rows[0]["item"] == "Brot" and "branch" not in table.rows[0] and table.rows[0]["forecast"] == 31.5
    assert has_file("forecast", data)


def test_a_forecast_of_an_uploaded_file_answers_end_to_end(tmp_path: Path) -> None:
    """The whole turn: the owner's own sales CSV with „Prognose für diese Datei“ gets a forecast, no error."""
    from datetime import date, timedelta

    from agents.service import ask
    from agents.uploads import attachment_dict

    lines = ["date,product,sold"] + [
        f"{date(2026, 11, 24) - timedelta(days=i)},Roggenbrot,{20 + i % 7}" for i in range(70)
    ]
    path = tmp_path / "verkauf.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = ask(
        "Mach mir eine Absatzprognose für diese Datei für die nächsten 7 Tage",
        role="owner",
        thread_id="h16-upload-forecast",
        user="h16",
        attachments=[attachment_dict(path)],
    )
    assert r.tool == "forecast" and "Prognose für Ihre Datei" in r.text and "interner Fehler" not in r.text


def test_as_pdf_gives_the_answer_as_a_pdf_with_its_table() -> None:
    """„als PDF“ after a plan (owner trial 25: it used to attach Excel with a line that only the check is a PDF): the
    plan's table comes as a PDF (fpdf2, as the check's report), with the tool's quantities in it."""
    assert export_request("als PDF").format == "pdf" and export_request("kann ich das als PDF haben?").refers_back
    g = build_graph(router=PlanRouter(), checkpointer=InMemorySaver())
    first = run_turn(g, "Wie viele Roggenbrote backen wir am Samstag in Stendal?", role="owner", thread_id="p1")
    second = run_turn(g, "als PDF", role="owner", thread_id="p1")
    files = [a for a in second.artifacts if a.kind == "file"]
    assert second.tool == "production_plan" and len(files) == 1 and files[0].path.suffix == ".pdf"
    assert files[0].mime == "application/pdf" and "(PDF)" in second.text and "Excel" not in second.text
    text = "".join(p.extract_text() for p in PdfReader(files[0].path).pages)
    assert "Backmenge (Stück)" in text
    for item in first.data["items"]:
        assert str(item["quantity"]) in text


def test_as_excel_after_an_unreadable_upload_gives_no_forecast_never_shown(tmp_path: Path) -> None:
    """Hostile test 26: „als Excel“ after a forecast whose file could not be read attached a forecast of the demo
    data „von eben“ that the thread never showed; now there is no previous answer to give as a file."""
    from agents.service import ask
    from agents.uploads import attachment_dict

    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"\x00\x01\x02 kein csv \xff\xfe" * 20)
    first = ask(
        "Mach mir eine Absatzprognose für diese Datei",
        role="owner",
        thread_id="h26-broken-upload",
        user="h26",
        attachments=[attachment_dict(path)],
    )
    assert first.tool == "forecast" and first.data.get("error")
    second = ask("als Excel", role="owner", thread_id="h26-broken-upload", user="h26")
    assert not [a for a in second.artifacts if a.kind == "file"]
    assert "keine Antwort, die ich als Datei ausgeben kann" in second.text


class HelpRouter:
    """Routes everything to the help (open to every role, gives no file)."""

    def route(self, text: str) -> RouteDecision:
        return RouteDecision(agent="supervisor", tool="help", confidence=0.99)


def _help(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    return AgentReply(text="Ich helfe Ihnen gern.", tools_called=[tool], data={})


@pytest.mark.parametrize("role", ["employee", "guest"])
def test_the_files_offered_instead_are_only_those_the_role_may_get(role: str) -> None:
    """hostile28: „… als Excel“ to an answer without a table listed every file of the app, the cash plan and the
    budget included, to an employee and to a guest; a role is offered only what it may use."""
    g = build_graph(router=HelpRouter(), checkpointer=InMemorySaver(), runner=_help)
    r = run_turn(g, "Was können Sie alles? Bitte als Excel", role=role, thread_id=f"h28-{role}")  # type: ignore[arg-type]
    assert "keine Datei erstellen" in r.text and not [a for a in r.artifacts if a.kind == "file"]
    for closed in ("Liquiditätsplan", "Budgetprognose", "Absatzprognose"):
        assert closed not in r.text
    from agents.exports.attach import file_titles

    assert "Liquiditätsplan" in file_titles("owner") and "Produktionsplan" in file_titles("employee")
    assert "Produktionsplan" not in file_titles("guest") and "Prozesslandkarte" in file_titles("guest")


class PlanOrOvensRouter:
    """„Ofen…“ → the oven schedule, everything else → the production plan; records what it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def route(self, text: str) -> RouteDecision:
        self.seen.append(text)
        if "ofen" in text.lower():
            return RouteDecision(agent="operations", tool="oven_schedule", confidence=0.99)
        return RouteDecision(agent="operations", tool="production_plan", confidence=0.99)


def _ovens_stub(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    if tool == "oven_schedule":  # only which answer the file belongs to matters here
        return AgentReply(text="Ofenbelegung für Samstag.", tools_called=[tool], data={})
    return run_tool(tool, slots, ctx)


def test_a_file_request_naming_another_answer_is_that_answer_not_the_previous_one() -> None:
    """hostile28: „und jetzt die Budgetprognose davon als PDF“ after the cash plan attached the cash plan's PDF –
    „davon“ pointed back, the named answer was dropped. An answer named in the request is asked for itself."""
    router = PlanOrOvensRouter()
    g = build_graph(router=router, checkpointer=InMemorySaver(), runner=_ovens_stub)
    run_turn(g, "Wie viele Roggenbrote backen wir am Samstag in Stendal?", role="owner", thread_id="h28-named")
    r = run_turn(g, "und jetzt die Ofenbelegung davon als Excel", role="owner", thread_id="h28-named")
    assert r.tool == "oven_schedule" and "Produktionsplan" not in r.text
    assert router.seen[-1] == "und jetzt die Ofenbelegung davon"
    same = run_turn(g, "den Produktionsplan davon als CSV", role="owner", thread_id="h28-named")
    assert same.tool == "production_plan" and same.artifacts[-1].path.suffix == ".csv"
