"""Tool `strategy`: AI strategy, roadmap and HTML report from the finished readiness interview."""

from __future__ import annotations

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.readiness.interview import MEMORY_KEY, finished_result, is_active, is_paused
from tools.format_de import num
from tools.readiness.bank import load_bank
from tools.readiness.report import radar_chart, render_report
from tools.readiness.store import compare
from tools.readiness.strategy import build_strategy


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Build the strategy for the last finished interview, or explain how to get one."""
    result, row_id = finished_result(ctx.memory)
    if result is None:
        if is_active(ctx.memory) or is_paused(ctx.memory):
            st = ctx.memory[MEMORY_KEY]["interview"]
            n = sum(1 for a in st.get("answers", {}).values() if a.get("value") is not None)
            hint = (
                "Sagen Sie „weiter“, um fortzufahren."
                if is_paused(ctx.memory)
                else "Beantworten Sie einfach die nächste Frage."
            )
            return AgentReply(
                text=f"Ihr Readiness-Interview läuft noch ({n} von {len(load_bank().item_ids())} Fragen "
                f"beantwortet). Die Strategie erstelle ich, sobald es abgeschlossen ist. {hint}",
                tools_called=["strategy"],
                data={"status": "interview_running"},
            )
        return AgentReply(
            text="Für eine KI-Strategie brauche ich zuerst Ihr KI-Readiness-Interview ("
            f"{len(load_bank().item_ids())} kurze Fragen, je eine nach der anderen). "
            "Sagen Sie „Interview starten“, dann geht es los.",
            tools_called=["strategy"],
            data={"status": "no_interview"},
        )
    comparison = compare(result, exclude_id=row_id)
    strat = build_strategy(result)
    chart = radar_chart(result, comparison)
    report = render_report(result, strat, comparison, chart, ctx.today)
    quick = [u for u in strat.use_cases if u.quick_win]
    overall = num(result.overall, 1) if result.overall is not None else "nicht bewertet"
    lines = [
        f"Ihre KI-Strategie (Gesamtwert {overall}, Reifegrad „{result.level}“):",
        "",
        f"Vision: {strat.vision}",
        "",
        "Die wichtigsten Anwendungsfälle (Priorität aus Nutzen, Machbarkeit, Passung):",
    ]
    for u in strat.use_cases[:4]:
        lines.append(f"• {u.title} – Priorität {num(u.priority, 2)}{' · Quick Win' if u.quick_win else ''}")
    lines += ["", "Fahrplan:"]
    for m in strat.roadmap:
        lines.append(f"• {m.months} Monate: {m.action} – {m.measure}")
    lines += [
        "",
        strat.skills[0],
        "",
        "Unterstützung in der Region: " + "; ".join(f"{s['name']} ({s['where']})" for s in strat.support[:2]) + ".",
        "",
        "Den vollständigen Bericht (Daten & Infrastruktur, Governance, Vergleich, Quellen) "
        "finden Sie als HTML-Datei im Anhang.",
    ]
    if not quick:
        lines.insert(-1, "Ein echter Quick Win fehlt noch – zuerst die Grundlagen aus dem 3-Monats-Plan schaffen.")
    return AgentReply(
        text="\n".join(lines),
        tools_called=["strategy"],
        artifacts=[
            Artifact(kind="image", path=chart, name="KI-Readiness-Radar.png"),
            Artifact(kind="file", path=report, name=report.name, mime="text/html"),
        ],
        data={
            "result": result.model_dump(mode="json"),
            "strategy": strat.model_dump(mode="json"),
            "comparison": comparison.model_dump(mode="json"),
            "report": str(report),
        },
    )
