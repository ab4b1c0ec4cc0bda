"""The owner uploads a sales CSV in the chat: a bad file is refused in German and changes nothing; the first
own export and new names are taken over only after a "Ja"; the last import can be undone."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import TurnResult, build_graph, run_tool, run_turn
from agents.uploads import attachment_dict
from tools.company import own_sales
from tools.company.data import load_sales, own_sales_path, user_sales_path

SESSION_VAR = Path(os.environ["SYNERKI_VAR_DIR"])  # set by tests/conftest.py before any test changes it


def _export(
    branches: tuple[str, ...] = ("stendal_markt",),
    products: tuple[str, ...] = ("schrippe",),
    days: int = 40,
    extra: str = "",
) -> str:
    last = date(2026, 11, 24)
    rows = [
        f"{last - timedelta(days=i)},{b},{p},{120 + (i * 7) % 30}"
        for i in range(days)
        for b in branches
        for p in products
    ]
    return "date,branch,product,sold\n" + "\n".join(rows) + "\n" + extra


class Chat:
    """One owner's conversation on one graph (thread memory kept by the checkpointer)."""

    def __init__(self, tmp: Path, role: str = "owner", runner: Any = run_tool) -> None:
        self.tmp, self.role = tmp, role
        self.graph = build_graph(checkpointer=InMemorySaver(), runner=runner)

    def say(self, text: str) -> TurnResult:
        return run_turn(self.graph, text, role=self.role, thread_id="imp")

    def upload(
        self, content: str | bytes, name: str = "verkauf.csv", text: str = "Hier sind unsere Verkaufsdaten"
    ) -> TurnResult:
        f = self.tmp / name
        f.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return run_turn(self.graph, text, role=self.role, thread_id="imp", attachments=[attachment_dict(f)])


def _ask(tmp: Path, name: str, content: str, role: str = "owner") -> TurnResult:
    return Chat(tmp, role).upload(content, name)


def test_csv_with_missing_column_is_refused(tmp_path: Path) -> None:
    result = _ask(tmp_path, "verkauf.csv", "date,branch,product\n2026-11-01,stendal_markt,schrippe\n")
    assert "fehlt die Spalte „verkauft“" in result.text and "nichts übernommen" in result.text
    assert "„Prognose für meine Datei“" in result.text  # a plain series file can still be forecast
    assert not user_sales_path().exists()


def test_a_german_export_with_an_unknown_column_is_explained_in_its_own_words(tmp_path: Path) -> None:
    """Browser trial 5: the owner's „Tag;Laden;Ware;Menge“ was answered with „fehlen die Spalten „branch“,
    „product“ (nötig sind date, branch, …)“ – engine names the owner never wrote."""
    result = _ask(tmp_path, "verkauf.csv", "Tag;Ort;Ware;Menge\n01.11.2026;Stendal;Brötchen;500\n")
    assert "fehlt die Spalte „Filiale“" in result.text and "„Menge“ (verkauft)" in result.text
    assert "nicht zuordnen konnte ich: „Ort“" in result.text
    assert not re.search(r"\b(?:branch|product|sold|date)\b", result.text)
    assert not user_sales_path().exists()


def test_wrong_file_type_gets_german_message(tmp_path: Path) -> None:
    result = _ask(tmp_path, "tabelle.numbers", "PK\x03\x04")
    assert "kann ich nicht verarbeiten" in result.text and "Excel-Datei (.xlsx)" in result.text
    damaged = _ask(tmp_path, "tabelle.xlsx", "PK\x03\x04")
    assert "Excel-Datei „tabelle.xlsx“ kann ich nicht öffnen" in damaged.text and "nichts übernommen" in damaged.text
    assert not user_sales_path().exists()


def test_an_excel_workbook_is_read_from_its_first_sheet(tmp_path: Path, fresh_var: Path) -> None:
    """Trial 11: the owner's export saved in Excel was refused („kann ich nicht verarbeiten“); now its first sheet
    is checked like a CSV (German headers, Excel dates, decimal numbers) and taken over after the yes."""
    import io
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["Datum", "Filiale", "Artikel", "Verkauft", "Gebacken", "Preis"])
    last = datetime(2026, 11, 24)
    for i in range(35):
        sheet.append([last - timedelta(days=i), "Stendal Marktplatz", "Roggenbrot", 20 + i % 5, 25 + i % 5, 4.5])
    buf = io.BytesIO()
    wb.save(buf)
    chat = Chat(tmp_path)
    asked = chat.upload(buf.getvalue(), name="Verkauf November.xlsx", text="Verkauf als Excel")
    assert asked.tool == "data_import" and "„Verkauf November.xlsx“: 35 Zeilen, 35 Tage" in asked.text
    assert "erster eigener Export" in asked.text
    done = chat.say("ja")
    assert "übernommen" in done.text and set(load_sales()["product"]) == {"roggenbrot"}
    assert set(load_sales()["branch"]) == {"stendal_markt"}  # written as the catalogue names it: that branch
    assert load_sales()["baked"].sum() == sum(25 + i % 5 for i in range(35))


def test_employee_may_not_import(tmp_path: Path) -> None:
    result = _ask(tmp_path, "verkauf.csv", _export(), role="employee")
    assert "nicht zur Verfügung" in result.text and not user_sales_path().exists()


def test_first_own_export_asks_before_replacing_the_demo_company(tmp_path: Path, fresh_var: Path) -> None:
    chat = Chat(tmp_path)
    asked = chat.upload(_export(branches=("stendal_markt", "gardelegen")), name="kasse.csv")
    assert "erster eigener Export" in asked.text and "Filialen: Gardelegen Holzmarkt, Stendal Marktplatz" in asked.text
    assert "Produkte: Weizenbrötchen (Schrippe)" in asked.text and "„Ja“" in asked.text
    assert asked.data["confirm"] and own_sales_path() is None  # nothing taken over yet
    done = chat.say("Ja, bitte übernehmen")
    assert done.tool == "data_import" and "„kasse.csv“: 80 Zeilen, 40 Tage" in done.text and "übernommen" in done.text
    assert own_sales_path() == user_sales_path() and set(load_sales()["branch"]) == {"stendal_markt", "gardelegen"}
    assert chat.say("Ja").tool != "data_import"  # the question is answered: a later "Ja" is no import


def test_no_keeps_the_demo_company(tmp_path: Path, fresh_var: Path) -> None:
    chat = Chat(tmp_path)
    chat.upload(_export())
    assert "nicht übernommen" in chat.say("Nein").text and own_sales_path() is None


def test_another_request_drops_the_waiting_upload(tmp_path: Path, fresh_var: Path) -> None:
    seen: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        seen.append(tool)
        return run_tool(tool, slots, ctx) if tool == "data_import" else AgentReply(text="ok", tools_called=[tool])

    chat = Chat(tmp_path, runner=runner)
    chat.upload(_export())
    chat.say("Wie viele Brötchen verkaufen wir morgen in Stendal?")
    chat.say("Ja")
    assert seen[0] == "data_import" and "data_import" not in seen[1:] and own_sales_path() is None


def test_later_export_with_unknown_names_lists_them_and_asks(tmp_path: Path, fresh_var: Path) -> None:
    chat = Chat(tmp_path)
    chat.upload(_export())
    chat.say("Ja")
    same = chat.upload(_export(days=50))  # known names only: taken over at once
    assert "übernommen" in same.text and same.data["version"] == 2
    asked = chat.upload(_export(branches=("stendal_markt", "mond_filiale"), products=("schrippe", "pizza")))
    assert "neue Filialen: mond_filiale" in asked.text and "neue Produkte: pizza" in asked.text
    assert "mond_filiale" not in set(load_sales()["branch"])
    assert "übernommen" in chat.say("ja").text and "mond_filiale" in set(load_sales()["branch"])
    assert [p.name for p in own_sales.versions()] == ["0001.csv", "0002.csv", "0003.csv"]


def test_undo_restores_the_previous_version_then_the_demo_data(tmp_path: Path, fresh_var: Path) -> None:
    chat = Chat(tmp_path)
    chat.upload(_export(days=30))
    chat.say("Ja")
    chat.upload(_export(days=45))
    assert len(load_sales()) == 45
    first = chat.say("Bitte den letzten Import rückgängig machen")
    assert first.tool == "data_import" and "Nr. 2" in first.text and "vorherige Stand (Import Nr. 1)" in first.text
    assert len(load_sales()) == 30
    assert "wieder die Demodaten" in chat.say("letzten Import rückgängig machen").text and own_sales_path() is None
    assert "keinen Import" in chat.say("Mach den Upload rückgängig").text


def test_only_the_owner_may_undo(tmp_path: Path, fresh_var: Path) -> None:
    chat = Chat(tmp_path)
    chat.upload(_export())
    chat.say("Ja")
    refused = Chat(tmp_path, role="employee").say("letzten Import rückgängig machen")
    assert "nicht zur Verfügung" in refused.text and own_sales_path() is not None


def test_excel_exports_are_taken_over(tmp_path: Path, fresh_var: Path) -> None:
    german = (
        _export(products=("brötchen_süß",))
        .replace(",", ";")
        .replace("date;branch;product;sold", "Datum;Filiale;Artikel;Verkauft")
    )
    for raw in (b"\xef\xbb\xbf" + _export().encode("utf-8"), german.encode("cp1252")):
        result = Chat(tmp_path).upload(raw)
        assert result.data.get("confirm"), result.text
    assert "brötchen_süß" in result.text


BAD = {
    "one row": ("date,branch,product,sold\n2026-11-01,stendal_markt,schrippe,120\n", "mindestens 28 Tage"),
    "dated 2028": (_export(extra="2028-01-05,stendal_markt,schrippe,120\n"), "Zeile 42, Spalte „date“"),
    "1e300": (_export(extra="2026-11-25,stendal_markt,roggenbrot,1e300\n"), "Zeile 42, Spalte „sold“"),
    "inf": (_export(extra="2026-11-25,stendal_markt,roggenbrot,inf\n"), "Zeile 42, Spalte „sold“: „inf“ ist keine"),
    "negative": (_export(extra="2026-11-25,stendal_markt,roggenbrot,-4\n"), "Zeile 42, Spalte „sold“: „-4“ ist neg"),
    "outlier": (_export().replace(",127\n", ",99999\n", 1), "Spalte „sold“: 99999 ist mehr als das 50-Fache"),
    "formula": (_export(extra='2026-11-25,stendal_markt,"=HYPERLINK(""http://x"")",3\n'), "Zeile 42, Spalte „product“"),
    "empty": ("", "ist leer"),
    "not a csv": ("PK\x03\x04\x00\x00garbage", "keine CSV-Datei"),
    "no columns": ("Umsatzliste\n12\n", "fehlen die Spalten „Datum“, „Filiale“, „Produkt“, „verkauft“"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_upload_is_refused_and_changes_nothing(tmp_path: Path, fresh_var: Path, case: str) -> None:
    chat = Chat(tmp_path)
    chat.upload(_export(days=60))
    chat.say("Ja")
    before, sales = user_sales_path().read_bytes(), load_sales()
    content, needle = BAD[case]
    result = chat.upload(content, name="kaputt.csv")
    assert needle in result.text and "nichts übernommen" in result.text and "kaputt.csv" in result.text
    assert result.data["accepted"] is False and "internal" not in str(result.data)
    assert user_sales_path().read_bytes() == before and load_sales().equals(sales)
    assert len(own_sales.versions()) == 1


def test_earlier_forecast_is_unchanged_after_every_rejected_upload(tmp_path: Path, fresh_var: Path) -> None:
    """Nothing is lost: the forecast made before any bad upload is the same after all of them."""
    (fresh_var / "var").mkdir()
    (fresh_var / "var" / "company").symlink_to(SESSION_VAR / "company")  # the demo weather, not generated again
    chat = Chat(tmp_path)
    chat.upload(_export(days=60))
    chat.say("Ja")
    question = "Wie viele Schrippen verkaufen wir morgen in Stendal?"
    before = chat.say(question)
    assert before.tool == "forecast" and "Stück" in before.text, before.text
    for content, _ in BAD.values():
        assert "nichts übernommen" in chat.upload(content, name="kaputt.csv").text
    assert chat.say(question).text == before.text


def test_replies_and_undo_requests_are_recognised() -> None:
    from agents.supervisor import import_dialog

    assert import_dialog.answer("Ja, bitte übernehmen") is True and import_dialog.answer("ok") is True
    assert import_dialog.answer("Nein, lieber nicht") is False
    assert import_dialog.answer("Wie viele Brötchen verkaufen wir morgen in Stendal?") is None
    for text in (
        "letzten Import rückgängig machen",
        "Mach den Upload rückgängig",
        "Stell die vorherigen Verkaufsdaten wieder her",
    ):
        assert import_dialog.wants_undo(text), text
    for text in ("Wie mache ich eine Kassenbuchung rückgängig?", "Wie viele Brötchen verkaufen wir morgen?"):
        assert not import_dialog.wants_undo(text), text
    assert not import_dialog.addressed({}, "Ja")  # nothing waits: "Ja" is no import


def test_a_plan_on_imported_goods_without_recipes_says_so_and_writes_large_counts_in_german(
    tmp_path: Path, fresh_var: Path
) -> None:
    """Trial 18: on an own export the plan said „auf 0 Blechen“, „Teig je Sorte: .“, „alle Rohstoffe vorrätig“
    and „1530 Stück“; goods without a recipe here get no trays, dough or stock claims, counts a thousands point."""
    last = date(2026, 11, 24)
    rows = [f"{last - timedelta(days=i)},Nordfiliale,Mohnschnecke,{1500 + (i * 7) % 40}" for i in range(70)]
    chat = Chat(tmp_path)
    chat.upload("date,branch,product,sold\n" + "\n".join(rows) + "\n", name="kasse.csv")
    assert "übernommen" in chat.say("Ja").text
    plan = chat.say("Was sollen wir morgen backen?")
    assert plan.tool == "production_plan" and "Mohnschnecke" in plan.text, plan.text[:300]
    assert "kein Rezept hinterlegt" in plan.text and "Teig je Sorte" not in plan.text
    assert "0 Blechen" not in plan.text and "Rohstoffe für diesen Plan sind vorrätig" not in plan.text
    assert re.search(r"\*\*1\.\d{3} Stück\*\*", plan.text), plan.text[:400]
