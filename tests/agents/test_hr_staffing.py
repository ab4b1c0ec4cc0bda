"""hr agent: `staffing` and `recruiting_campaign` answers, slots, bad input, CLI."""

from __future__ import annotations

import json
import re
from datetime import date

from typer.testing import CliRunner

from agents.contracts import DateRange, Slots, TurnContext
from agents.hr import recruiting_campaign, staffing
from tools.format_de import num

CTX = TurnContext(role="owner", thread_id="t-hr", today=date(2026, 11, 25))
DEC = DateRange(start=date(2026, 12, 1), end=date(2026, 12, 31), label="im Dezember")


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+,\d", text))


def test_staffing_answer_table_chart_and_grounded_numbers() -> None:
    reply = staffing.run(Slots(text="Reicht unser Personal im Dezember?", dates=DEC), CTX)
    assert "Personalbedarf 01.12.–31.12.2026" in reply.text and "| Woche | Rolle |" in reply.text
    assert reply.artifacts and reply.artifacts[0].path.exists() and reply.artifacts[0].path.suffix == ".png"
    weeks = reply.data["weeks"]
    assert {w["role"] for w in weeks} == {"Bäcker", "Konditor", "Verkauf", "Fahrer"}
    shown = {
        f"{w[k]:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
        for w in weeks
        for k in ("needed_hours", "available_hours")
    }
    assert shown <= _numbers(reply.text) | {"0,0"}  # every weekly figure is printed from the tool result
    advent = [w for w in weeks if w["role"] == "Bäcker" and w["week_start"] == "2026-12-14"][0]
    assert advent["shortage_hours"] > 0 and "fehlen" in reply.text
    assert reply.data["proposed_campaigns"] and "Recruiting-Kampagne" in reply.text


def test_staffing_role_and_branch_filter_and_default_period() -> None:
    reply = staffing.run(Slots(text="wie viele verkäuferinnen brauchen wir in salzwedel", branches=["salzwedel"]), CTX)
    assert "nächsten 6 Wochen" in reply.text  # documented default
    assert reply.data["sites"] == ["salzwedel"]
    assert {w["role"] for w in reply.data["weeks"]} == {"Verkauf"}
    assert "| Bäcker |" not in reply.text


def test_staffing_bad_input_gets_german_message() -> None:
    reply = staffing.run(Slots(text="Personal in Magdeburg?", unknown_branch="Magdeburg"), CTX)
    assert "Magdeburg" in reply.text and "Gardelegen" in reply.text and not reply.artifacts
    past = DateRange(start=date(2026, 1, 1), end=date(2026, 1, 31), label="im Januar")
    assert "Vergangenheit" in staffing.run(Slots(text="Personal Januar", dates=past), CTX).text


def test_recruiting_for_named_role_and_branch() -> None:
    slots = Slots(
        text="Schreib eine Stellenanzeige für eine Verkäuferin in Gardelegen, 20 Stunden", branches=["gardelegen"]
    )
    reply = recruiting_campaign.run(slots, CTX)
    c = reply.data["campaigns"][0]
    assert c["role"] == "Verkauf" and c["sites"] == ["gardelegen"] and c["hours_per_week"] == 20
    assert "(m/w/d)" in reply.text and "Gardelegen Holzmarkt" in reply.text and "Altmark-Zeitung" in reply.text
    assert f"{c['cost_total_eur']:,.0f} €".replace(",", ".") in reply.text
    assert reply.artifacts[0].path.read_text(encoding="utf-8").startswith("## Wir suchen")
    assert c["headcount"] >= 1 and c["gap_hours_max"] and c["gap_hours_max"] > 0


def test_recruiting_without_role_proposes_from_gaps_and_headcount_slot() -> None:
    reply = recruiting_campaign.run(Slots(text="Plane eine Kampagne zur Mitarbeitergewinnung"), CTX)
    roles = [c["role"] for c in reply.data["campaigns"]]
    assert roles and set(roles) <= {"Bäcker", "Konditor", "Verkauf", "Fahrer"}
    assert "keine Stelle genannt" in reply.text
    two = recruiting_campaign.run(Slots(text="Wir brauchen Fahrer", headcount=2), CTX)
    assert two.data["campaigns"][0]["headcount"] == 2 and "2 × Auslieferungsfahrer" in two.text


def test_cli_staff_gaps_and_campaign_json() -> None:
    from app.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["staff", "gaps", "--weeks", "2", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["weeks"] and all(w["needed_hours"] >= 0 for w in data["weeks"])
    res = runner.invoke(app, ["staff", "campaign", "--role", "Verkäuferin", "--branch", "havelberg", "--json"])
    assert res.exit_code == 0, res.output
    camp = json.loads(res.stdout)[0]
    assert camp["role"] == "Verkauf" and "volksstimme" in {c["id"] for c in camp["channels"]}
    assert runner.invoke(app, ["staff", "gaps", "--branch", "berlin"]).exit_code == 2


def test_staffing_answer_campaign_and_overview_report_the_same_shortage() -> None:
    from tools.chain.links import staffing_link
    from tools.chain.pieces import expected_pieces
    from tools.format_de import num

    answer = staffing.run(Slots(text="Reicht unser Personal im Dezember?", dates=DEC), CTX)
    totals = {t["role"]: t["shortage_hours"] for t in answer.data["totals"]}
    assert totals["Bäcker"] > 0
    assert f"Bäcker {num(totals['Bäcker'], 1)} h" in answer.text and "gleicht keinen anderen aus" in answer.text
    assert "fehlt an Standorten mit Lücke (h)" in answer.text and "frei an anderen Standorten (h)" in answer.text

    campaign = recruiting_campaign.run(Slots(text="Recruiting-Kampagne für Bäcker", dates=DEC), CTX)
    c = campaign.data["campaigns"][0]
    assert (c["period_start"], c["period_end"]) == ("2026-12-01", "2026-12-31")
    assert c["shortage_hours"] == totals["Bäcker"]
    assert f"fehlen {num(totals['Bäcker'], 1)} Bäcker-Stunden" in campaign.text
    assert "gleicht keinen anderen aus" in campaign.text

    # the overview's staffing link on the overview's own quantities (tools.chain.chain.run_case does exactly this)
    pieces, _ = expected_pieces(DEC.start, DEC.end, None, None)
    link, _ = staffing_link(DEC.start, DEC.end, pieces, None)
    assert link.shortage_hours == totals and link.shortage_cut == answer.data["shortage_cut"]
    assert answer.data["demand_source"] == link.demand_source  # one demand behind both


def test_staffing_answers_the_question_in_its_first_sentence() -> None:
    """Browser trial 5: „Haben wir im Dezember genug Leute?“ began with „Personalbedarf 01.12.–31.12.2026 …“."""
    reply = staffing.run(Slots(text="Haben wir im Dezember genug Leute in den Filialen?", dates=DEC), CTX)
    first = reply.text.split("\n\n")[0]
    totals = {t["role"]: t["shortage_hours"] for t in reply.data["totals"] if t["shortage_hours"] > 0}
    assert totals and first.startswith("Im Zeitraum 01.12.–31.12.2026 fehlt Personal:")
    biggest = max(totals, key=lambda r: totals[r])
    assert f"{biggest} {num(totals[biggest], 1)} h" in first  # the figure of the tool result


def test_recruiting_for_a_branch_without_a_role_drafts_its_sales_staff() -> None:
    """Trial 6: 'dann mach mir eine Stellenanzeige dafür' after Havelberg's staffing proposed bakers for the
    central bakery; a branch named alone means the shop's own sales staff."""
    reply = recruiting_campaign.run(Slots(text="dann mach mir eine Stellenanzeige dafür", branches=["havelberg"]), CTX)
    c = reply.data["campaigns"][0]
    assert c["role"] == "Verkauf" and c["sites"] == ["havelberg"]
    assert reply.text.startswith("Für Havelberg Stadtinsel entwerfe ich eine Kampagne für den Verkauf")


def test_the_first_sentence_fits_any_way_of_asking() -> None:
    """Trial 6: „Brauchen wir am Samstag mehr Fahrer?“ got „Ja – … reichen die Stunden“ (yes, enough = no need)."""
    from datetime import date

    sat = DateRange(start=date(2026, 11, 28), end=date(2026, 11, 28), label="am Samstag")
    reply = staffing.run(Slots(text="Brauchen wir am Samstag mehr Fahrer?", dates=sat), CTX)
    first = reply.text.split("\n\n")[0]
    assert first.startswith("Am 28.11.2026 ") and not first.startswith(("Ja", "Nein", "Nicht ganz"))
    short = [t for t in reply.data["totals"] if t["role"] == "Fahrer" and t["shortage_hours"] > 0]
    assert ("fehlt Personal" in first) == bool(short)


def test_what_a_role_costs_comes_from_the_contracts_and_a_follow_up_names_another_role() -> None:
    from datetime import date

    from agents.contracts import Slots, TurnContext
    from agents.hr import staffing
    from agents.nlu.followup import follow_up, remember
    from tools.company.data import load_staff
    from tools.format_de import eur
    from tools.staffing.staff_cost import staff_cost

    ctx = TurnContext(role="owner", thread_id="t-cost", today=date(2026, 11, 25))
    reply = staffing.run(Slots(text="Was kostet uns eine Verkäuferin im Monat?"), ctx)
    sale = next(r for r in staff_cost(load_staff()).roles if r.role == "Verkauf")
    assert reply.text.startswith(f"Eine Kraft im Verkauf kostet Sie im Schnitt {eur(sale.cost_per_person)} im Monat")
    unknown = staffing.run(Slots(text="Was kostet mich eine Aushilfe?"), ctx)
    assert unknown.text.startswith("Aushilfen, Minijobs oder Saisonkräfte führen Ihre Personaldaten nicht")
    memory = remember({}, "staffing", Slots(text="Was kostet uns eine Verkäuferin im Monat?"))
    nxt = follow_up(memory, "Und ein Fahrer?", date(2026, 11, 25), None, True)
    assert nxt is not None and staffing.run(nxt.slots, ctx).text.startswith("Ein Fahrer kostet Sie")


def test_staffing_for_a_branch_closed_that_day_says_so() -> None:
    """Gardelegen is closed on Sundays: the answer says so instead of failing on an empty demand (trial 11)."""
    sunday = DateRange(start=date(2026, 11, 29), end=date(2026, 11, 29), label="am Sonntag")
    reply = staffing.run(
        Slots(text="und Personalbedarf in Gardelegen am Sonntag?", branches=["gardelegen"], dates=sunday), CTX
    )
    assert "Gardelegen Holzmarkt hat am Sonntag, 29.11." in reply.text and "geschlossen" in reply.text
    weekend = DateRange(start=date(2026, 11, 28), end=date(2026, 11, 29), label="am Wochenende")
    open_too = staffing.run(Slots(text="Personal am Wochenende", branches=["gardelegen"], dates=weekend), CTX)
    assert "geschlossen –" not in open_too.text and "Personalbedarf" in open_too.text


def test_can_we_afford_one_more_in_part_time_uses_the_roles_part_time_contracts() -> None:
    """Trial 11: „Können wir uns eine neue Verkäuferin leisten?“ drafted a job ad; it is a decision on money
    (the hire answer: cost against result and cash), and „und in Teilzeit?“ takes the part-time contracts."""
    from agents.finance import liquidity
    from agents.nlu.followup import follow_up, remember
    from agents.registry import authorize
    from tools.company.data import load_staff

    ctx = CTX.model_copy(update={"view": authorize("owner", "liquidity")})
    text = "Können wir uns eine neue Verkäuferin leisten?"
    full = liquidity.run(Slots(text=text), ctx)
    part = follow_up(remember({}, "liquidity", Slots(text=text)), "und in Teilzeit?", CTX.today, "smalltalk", False)
    assert part is not None and part.tool == "liquidity"
    part_reply = liquidity.run(part.slots, ctx)
    hours = [e.contract_hours_week for e in load_staff() if e.role == "Verkauf" and e.contract_hours_week < 30]
    assert part_reply.data["hours_week"] == sum(hours) / len(hours)
    assert part_reply.data["monthly_cost"] < full.data["monthly_cost"]
    cost = staffing.run(Slots(text="Was kostet uns eine Verkäuferin in Teilzeit?"), CTX)
    assert "Teilzeit: Verträge mit unter 30 Wochenstunden" in cost.text
