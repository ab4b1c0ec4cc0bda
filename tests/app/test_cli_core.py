"""`synerki route` and `synerki ask` print the JSON the evaluations rely on."""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import subprocess
import sys
import uuid

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
    thread = f"cli-{uuid.uuid4().hex[:8]}"  # a thread of an earlier run may belong to another role
    first = json.loads(runner.invoke(app, ["ask", "Hallo", "--thread", thread, "--json"]).output)
    second = json.loads(runner.invoke(app, ["ask", "Danke!", "--thread", thread, "--json"]).output)
    assert first["tool"] == "smalltalk" and "Gern" in second["text"]


def test_roles_may_be_typed_in_german_and_a_wrong_one_is_told_in_german() -> None:
    out = runner.invoke(app, ["ask", "Hallo", "--role", "Mitarbeiter", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["tool"] == "smalltalk"
    wrong = runner.invoke(app, ["ask", "Hallo", "--role", "putzfee"])
    assert wrong.exit_code == 2 and "Unbekannte Rolle „putzfee“" in wrong.output


def test_the_cli_catalogue_compiles_to_a_german_gettext_file() -> None:
    from app.cli_locale import mo_bytes

    cat = gettext.GNUTranslations(io.BytesIO(mo_bytes()))
    assert cat.gettext("Options") == "Optionen" and cat.gettext("not in the catalogue") == "not in the catalogue"
    one, many = "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"
    assert cat.ngettext(one, many, 1).startswith("Unerwartetes") and cat.ngettext(one, many, 2).startswith(
        "Unerwartete "
    )


def test_help_and_errors_of_the_command_line_are_german() -> None:
    """click/Typer bind their texts on import: checked in a fresh process, as a person starts it."""
    env = {**os.environ, "COLUMNS": "100", "TERMINAL_WIDTH": "100"}
    help_text = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", "--help"], capture_output=True, text=True, env=env, check=False
    ).stdout
    assert "Optionen" in help_text and "[erforderlich]" in help_text and "Options" not in help_text
    assert "Zeigt diese Hilfe und beendet." in help_text and "Show this message" not in help_text
    unknown = subprocess.run(
        [sys.executable, "-m", "app.cli", "gibtsnicht"], capture_output=True, text=True, env=env, check=False
    )
    assert unknown.returncode == 2 and "Den Befehl 'gibtsnicht' gibt es nicht." in unknown.stdout + unknown.stderr


def test_usage_errors_of_typers_own_click_copy_are_german() -> None:
    """Typer's click copy and pydantic word their errors in English; the CLI shows them in German."""
    cases = [
        (["forecast", "predict"], "Es fehlt die Option '--sales'."),
        (["forecast", "predict", "--sales"], "Die Option '--sales' braucht einen Wert."),
        (["ask", "hallo", "zu", "viel"], "Unerwartete zusätzliche Angabe: zu viel"),
        (["users", "add", "--role", "chef"], "'chef' ist nicht erlaubt."),
    ]
    for args, german in cases:
        out = runner.invoke(app, args)
        text = " ".join((out.stdout + out.stderr).replace("│", " ").split())
        assert out.exit_code == 2 and german in text, (args, text)
        assert "Missing" not in text and "Invalid value" not in text and "Got unexpected" not in text


def test_german_leaves_unknown_texts_alone_and_translates_pydantic_numbers() -> None:
    from app.cli_errors import german

    assert german("Ein deutscher Satz.") == "Ein deutscher Satz."
    assert german("Invalid value for '--interval': Input should be a valid number, unable to parse string") == (
        "Ungültiger Wert für '--interval': Bitte eine Zahl angeben, z. B. 0.8."
    )
    assert german("File 'a.csv' does not exist.") == "Die Datei 'a.csv' gibt es nicht."


def test_without_role_the_cli_is_a_member_of_staff_not_the_owner() -> None:
    """hostile13 #16: a bare `synerki ask`/`chat` acted as the owner; now owner data needs `--role owner`."""
    bare = json.loads(runner.invoke(app, ["ask", "Wie hoch ist unser Kontostand?", "--json"]).output)
    assert bare["tools_called"] == [] and "Mitarbeitende" in bare["text"] and "€" not in bare["text"]
    owner = json.loads(
        runner.invoke(app, ["ask", "Wie hoch ist unser Kontostand?", "--role", "owner", "--json"]).output
    )
    assert owner["tools_called"] and "€" in owner["text"]
    chat = runner.invoke(app, ["chat"], input="exit\n")
    assert chat.exit_code == 0 and "Rolle Mitarbeitende; Geschäftszahlen mit --role owner" in chat.output


def test_a_value_out_of_range_is_told_in_german() -> None:
    """`finance budget --months 0` said „Erlaubt ist greater than oder equal to 1“ (hostile test 22)."""
    out = runner.invoke(app, ["finance", "budget", "--months", "0"])
    text = " ".join((out.stdout + out.stderr).replace("│", " ").split())
    assert out.exit_code == 2 and "Erlaubt ist mindestens 1." in text and "greater" not in text, text
    from app.cli_errors import german

    assert german("Input should be less than or equal to 36") == "Erlaubt ist höchstens 36."


def test_an_unknown_branch_of_the_demo_forecast_is_a_german_error_not_a_traceback() -> None:
    """`forecast demo --branch Mond` ended in pandas' AttributeError; `--end` before `--start` printed
    „Empty DataFrame“ with exit code 0 (hostile test 22)."""
    out = runner.invoke(app, ["forecast", "demo", "--start", "2026-12-01", "--end", "2026-12-02", "--branch", "Mond"])
    assert out.exit_code == 2 and "Unbekannte Filiale: Mond. Bekannt:" in out.stderr, out.output
    out = runner.invoke(app, ["forecast", "demo", "--start", "2026-12-05", "--end", "2026-12-01"])
    assert out.exit_code == 2 and "liegt vor dem ersten" in out.stderr and "DataFrame" not in out.output


def test_the_finance_commands_write_german_numbers_and_dates() -> None:
    """`finance budget` printed „259,295“ (English thousands), `finance investment` „6,330.41 €“ (hostile test 22)."""
    out = runner.invoke(
        app, ["finance", "investment", "--price", "40000", "--years", "10", "--yearly-cashflow", "6000"]
    )
    assert out.exit_code == 0 and re.search(r"Kapitalwert -?[\d.]+,\d\d €, interner Zinsfuß \d+,\d\d %", out.stdout)
    out = runner.invoke(app, ["finance", "budget", "--months", "1"])
    line = out.stdout.strip().splitlines()[0]
    assert out.exit_code == 0 and re.match(r"(Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez) \d{4} ", line), line
    assert re.search(r"Umsatz +\d{1,3}(\.\d{3})* € \[", line) and not re.search(r"\d,\d{3}\b", line), line


def test_oven_and_route_plans_refuse_a_day_gone_by_like_the_chat() -> None:
    """`plan ovens --date 2020-01-01` printed a plan „nichts zu backen“ for a day gone by (hostile test 22)."""
    for command in ("ovens", "routes"):
        out = runner.invoke(app, ["plan", command, "--date", "2020-01-01"])
        assert out.exit_code == 2 and "01.01.2020 liegt in der Vergangenheit" in out.stderr, (command, out.output)


def test_oven_and_route_plans_refuse_a_day_beyond_the_plans_reach() -> None:
    """`plan routes --date 2099-12-24` planned tours from a week of 2026 (hostile test 23); now the chat's sentence."""
    for command in ("ovens", "routes"):
        out = runner.invoke(app, ["plan", command, "--date", "2099-12-24"])
        assert out.exit_code == 2 and "höchstens bis zum" in out.stderr, (command, out.output)
        assert "Traceback" not in out.output
