"""Tool `strategy`: AI strategy, roadmap and HTML report from the finished readiness interview."""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.prompts import RESULT_NOTICE
from agents.readiness.interview import (
    CHECK_FAQ,
    MEMORY_KEY,
    finished_result,
    is_active,
    is_paused,
    open_question,
)
from tools.format_de import num
from tools.readiness import store
from tools.readiness.backlog import Backlog, BacklogItem, backlog_for, build_backlog
from tools.readiness.bank import DIMENSION_IDS, load_bank
from tools.readiness.faq import answer_for
from tools.readiness.mapper import normalize
from tools.readiness.processes import ProcessMap
from tools.readiness.report import radar_chart, render_pdf, render_report
from tools.readiness.scoring import ReadinessResult
from tools.readiness.store import compare
from tools.readiness.strategy import Strategy, build_strategy, first_quick_win


def firm_backlog(result: ReadinessResult, ctx: TurnContext) -> Backlog:
    """The backlog from the firm's own process map (stored by the process-map dialogue) or its trade defaults."""
    loader: Any = getattr(store, "load_process_map", None)  # the process-map dialogue's store (branch procmap)
    pmap: ProcessMap | None = loader(ctx.thread_id) if loader is not None else None
    if pmap is None:
        return backlog_for(result.profile.trade, result.scores, result.profile.employees)
    return build_backlog(pmap, result.scores, result.profile.employees)


def backlog_lines(b: Backlog, top: int = 5) -> list[str]:
    """German lines: the top use cases with points, quick-win mark and reason, then the first quick win's pilot."""
    mark = " (Prozesse und Ziele teils angenommen – typisch für Ihre Branche)" if b.process_map.assumed else ""
    lines = [f"Ihre wichtigsten KI-Anwendungsfälle{mark}:"]
    for u in b.items[:top]:
        lines.append(f"• {u.title} – {u.score} von 100 Punkten{' · Quick Win' if u.quick_win else ''}. {u.reason}")
    first = first_quick_win(b)  # the trade's own quick win before one every trade has (trial 31)
    if first is not None and first.pilot is not None:
        pl = first.pilot
        lines += ["", f"Pilot für den ersten Quick Win „{first.title}“ ({pl.weeks} Wochen):"]
        lines += [f"• Woche {st.week} – {st.role}: {st.action}" for st in pl.steps]
        lines.append(f"• Messgröße: {pl.kpi}; Ausgangswert: {pl.baseline}.")
        lines.append(f"• {pl.decision}")
    demo = next((u for u in b.items[:top] if u.demonstrator and u.try_text), None)
    if demo is not None:
        lines += [
            "",
            f"„{demo.title}“ läuft hier schon am Beispiel der Bäckerei Korn & Kruste. "
            f"Probieren Sie es hier aus: „{demo.try_text}“",
        ]
    return lines


_FIRST_STEP = re.compile(
    r"\b(?:als erstes|als erster|zuerst|zuallererst|anfangen|beginnen|erster schritt|fangen \w+ (?:\w+ ){0,3}an)\b"
)
_REPORT = re.compile(r"\b(?:pdf|bericht|report|herunterladen|runterladen|download\w*|ausdrucken)\b")


# "Wie geht es jetzt weiter?", "Und jetzt?", "Was mache ich jetzt damit?", "was kommt jetzt?" (trial 26)
_WHAT_NEXT = re.compile(
    r"\bweiter\b|\b(?:und|was) (?:jetzt|nun|nu)\b|\bwas kommt\b|\bdamit\b|\bwas heisst das\b|\bnaechsten? schritte?\b"
)


# „per Mail?“, „mitnehmen?“ after the result: what is true – the files are attached, nothing is e-mailed (trial 31)
_MAIL = re.compile(r"\b(?:e ?mail\w*|e-mail\w*|mail|mails|mailen|schicken|verschicken|zuschicken|senden)\b")
_TAKE = re.compile(r"\b(?:mitnehmen|speichern|ausdrucken|drucken|ausdruck)\b")
# „was kostet mich das, wenn ich das umsetze?“ after the result: no prices are kept, the effort per case is
_COST_Q = re.compile(r"\bwas kostet\b|\bwie teuer\b|\bkostet (?:mich|uns)\b|\bkosten\b")
# „bringt mir das jetzt überhaupt was?“ after the result: what it gives this firm, in its first steps
_DOUBT = re.compile(
    r"\b(?:bringt|bringen|nuetzt|nutzt|hilft)\b(?: \w+){0,4} (?:ueberhaupt|wirklich|eigentlich)?\s?(?:was|etwas|ueberhaupt)\b"
    r"|\blohnt (?:sich )?(?:das|so ?was|sowas)\b|\bwas (?:hab|habe|haben) (?:ich|wir) (?:\w+ )?davon\b"
)
TAKE_AWAY = (
    "Den Bericht finden Sie als PDF- und HTML-Datei im Anhang dieser Antwort: Klicken Sie auf die PDF-Datei, um sie "
    "zu speichern oder auszudrucken."
)


def _take_away_lead(t: str) -> list[str]:
    """The true answer to „kann ich das ausdrucken / mitnehmen / per Mail bekommen?“."""
    if _MAIL.search(t):
        return [
            f"Per E-Mail verschicken kann ich nichts. {TAKE_AWAY} Die gespeicherte Datei hängen Sie dann selbst an "
            "Ihre E-Mail. Hier die Kurzfassung:",
            "",
        ]
    return [f"Ja. {TAKE_AWAY} Hier die Kurzfassung:", ""]


def _cost_lead(backlog: Backlog) -> list[str]:
    """What the cases cost: no prices are kept – the effort of each of the top cases and the free advice."""
    cases = "; ".join(f"„{u.title}“: Aufwand {u.effort}" for u in backlog.items[:3])
    return [
        "Was die Umsetzung kostet, hängt vom Anwendungsfall ab; Preise von Anbietern habe ich nicht hinterlegt, "
        f"deshalb nenne ich keine Summe. Den Aufwand der Einführung schätze ich so ein: {cases}. Anbieterneutrale "
        "Beratung dazu ist kostenfrei, z. B. bei den Mittelstand-Digital Zentren. Die Einzelheiten:",
        "",
    ]


def _what_next(strat: Strategy, backlog: Backlog) -> list[str]:
    """What comes after the result, in order: the first steps, the use cases, the process map, the report."""
    first = [m.action for m in strat.roadmap if m.months == 3][:2]
    lines = ["So geht es jetzt weiter:"]
    if strat.first_steps:
        lines.append("1. Ihre ersten Schritte in den nächsten 3 Monaten stehen gleich unten unter „Kurz gesagt“.")
    elif first:
        lines.append(f"1. Die ersten Schritte in den nächsten 3 Monaten: {' und '.join(f'„{a}“' for a in first)}.")
    quick = first_quick_win(backlog)
    cases = f"{len(backlog.items[:5])} KI-Anwendungsfälle, die zu Ihrem Betrieb passen"
    lines.append(
        f"{len(lines)}. Unten stehen {cases}"
        + (f" – mit einem kleinen Pilotprojekt für „{quick.title}“ zum Ausprobieren." if quick else ".")
    )
    if backlog.process_map.assumed:
        lines.append(
            f"{len(lines)}. Die Anwendungsfälle beruhen noch auf typischen Abläufen Ihrer Branche. Genauer wird es mit "
            "Ihrer eigenen Prozesslandkarte (etwa 10 Minuten) – sagen Sie dafür „Prozesslandkarte starten“."
        )
    else:
        lines.append(f"{len(lines)}. Die Anwendungsfälle beruhen auf Ihrer Prozesslandkarte.")
    lines.append(
        f"{len(lines)}. Alles zusammen steht im Bericht im Anhang (PDF zum Ausdrucken oder Weitergeben, dazu HTML)."
    )
    return [*lines, "", "Die Einzelheiten:", ""]


def _lead(text: str, strat: Strategy, backlog: Backlog | None = None) -> list[str]:
    """A first line answering what the visitor asked: the first steps of the roadmap, where the report is, or
    what comes next after the result."""
    t = normalize(text)
    if _MAIL.search(t) or _TAKE.search(t):
        return _take_away_lead(t)
    if _REPORT.search(t):
        return [
            "Ja – den Bericht finden Sie als PDF- und HTML-Datei im Anhang dieser Antwort. Hier die Kurzfassung:",
            "",
        ]
    if backlog is not None and _COST_Q.search(t):
        return _cost_lead(backlog)
    if _DOUBT.search(t) and strat.first_steps:
        return [
            "Ehrlich gesagt: Das hängt davon ab, ob Sie die ersten Schritte angehen. Was es Ihrem Betrieb bringen "
            "kann, steht gleich unten unter „Kurz gesagt“ – mit der geschätzten Zeitersparnis. Die Einzelheiten:",
            "",
        ]
    first = [m.action for m in strat.roadmap if m.months == 3][:2]
    if _FIRST_STEP.search(t) and strat.first_steps:
        return ["Als erste Schritte empfehle ich Ihnen die unter „Kurz gesagt“ direkt hier unten.", ""]
    if _FIRST_STEP.search(t) and first:
        steps = " und ".join(f"„{a}“" for a in first)
        return [f"Als erste Schritte in den nächsten 3 Monaten empfehle ich {steps}. Die Einzelheiten:", ""]
    if backlog is not None and _WHAT_NEXT.search(t):
        return _what_next(strat, backlog)
    return []


def known_map(ctx: TurnContext) -> tuple[ProcessMap | None, bool]:
    """The firm's process map: the stored finished one, else the one the running dialogue holds (and whether it
    still runs); (None, False) without any."""
    done = store.load_process_map(ctx.thread_id)
    if done is not None:
        return done, False
    raw = ((ctx.memory.get(MEMORY_KEY) or {}).get("process_map")) or {}
    if raw.get("phase") in ("processes", "goals") and raw.get("map"):
        return ProcessMap.model_validate(raw["map"]), True
    return None, False


_COST = re.compile(r"\b(kost\w*|preis\w*|teuer\w*|bezahl\w*|investier\w*)\b", re.IGNORECASE)


def _varied(items: list[BacklogItem], n: int = 3) -> list[BacklogItem]:
    """The first `n` use cases, one per process before a second for the same one (a flower shop's three cases all
    for its phone orders left its goal „weniger Blumen wegwerfen“ unanswered: trial 16)."""
    first, seen = [], set()
    for u in items:
        if u.process not in seen:
            first.append(u)
            seen.add(u.process)
    return (first + [u for u in items if u not in first])[:n]


def map_preview(pmap: ProcessMap, running: bool, question: str = "") -> AgentReply:
    """Before the check: the use cases the process map alone points to (readiness unknown, so counted as
    lowest), the first step, and how the full strategy follows from the check."""
    backlog = build_backlog(pmap, {d: None for d in DIMENSION_IDS})
    own = {p.id for p in pmap.processes if not p.assumed and p.hours_per_week}
    served = [u for u in backlog.items if u.process]
    items = _varied(sorted(served, key=lambda u: not (set(u.process_ids) & own)))  # the firm's own processes first
    lines = ["Aus Ihrer Prozesslandkarte – noch ohne KI-Readiness-Check – sehe ich diese möglichen KI-Anwendungsfälle:"]
    if _COST.search(question):  # "Was kostet so eine KI?": no prices are kept, the effort per case is
        lines.insert(
            0,
            "Was KI kostet, hängt vom Anwendungsfall ab; Preise von Anbietern habe ich nicht hinterlegt. Ich nenne "
            "Ihnen je Fall den Aufwand der Einführung (gering, mittel, hoch) und die Zeit, die er nach einer Annahme "
            "spart.\n",
        )
    if items and _FIRST_STEP.search(normalize(question)):  # "Womit fangen wir am besten an?": the answer first
        lines.insert(0, f"Am besten fangen Sie mit „{items[0].title}“ an – warum, steht unten.\n")
    lines += [f"• {u.title} (für „{u.process}“, Aufwand {u.effort}): {u.reason}" for u in items]
    biggest = max((p for p in pmap.processes if p.id in own), key=lambda p: p.hours_per_week or 0, default=None)
    if biggest is not None and not any(biggest.id in u.process_ids for u in served):
        lines += [
            "",
            f"Für Ihren größten eigenen Zeitfresser „{biggest.title}“ "
            f"({num(biggest.hours_per_week or 0, 1, trim=True)} Std./Woche, Ihre Angabe) kenne ich keinen "
            "passenden KI-Anwendungsfall in meinem Katalog. KI hilft eher drumherum – bei Bestellungen, Planung und "
            "Papierkram –, damit mehr Zeit dafür bleibt.",
        ]
    if items:
        first = items[0]
        start = f"Womit anfangen: mit „{first.title}“ – dieser Fall hat in der ersten Einschätzung die meisten Punkte."
        if all(p.assumed for p in pmap.processes if p.id in first.process_ids):
            start += (
                f" Er beruht aber nur auf typischen Werten Ihrer Branche: Gibt es „{first.process}“ bei Ihnen nicht, "
                f"sagen Sie in der Prozesslandkarte „{first.process} haben wir nicht“."
            )
        lines += ["", start]
    lines += [
        "",
        f"Eine vollständige KI-Strategie mit Fahrplan und Bericht erstelle ich nach dem KI-Readiness-Check "
        f"({len(load_bank().item_ids())} kurze Fragen): Er zeigt, wie gut Daten, Technik und Team schon "
        "vorbereitet sind. Sagen Sie dafür „KI-Check starten“.",
    ]
    if running:
        lines.append("Ihre Prozesslandkarte wartet an der Stelle, an der Sie waren – mit „weiter“ geht es dort weiter.")
    lines += ["", RESULT_NOTICE]
    return AgentReply(
        text="\n".join(lines),
        tools_called=["strategy"],
        data={"status": "map_only", "use_cases": [u.id for u in items]},
    )


def _faq_answer(text: str, ctx: TurnContext, has_result: bool) -> AgentReply | None:
    """The FAQ answer to a question about the check itself („Gibt es dafür Förderung?“, no interview running)
    instead of building or refusing the strategy (trial 28), else None."""
    faq = answer_for(text)  # (a cost question stays with the strategy: it names the effort per case)
    if faq is None or faq.question not in CHECK_FAQ or is_active(ctx.memory) or is_paused(ctx.memory):
        return None
    more = (
        "Ihre KI-Strategie mit Fahrplan und den passenden Ansprechpartnern bekommen Sie mit „Strategie erstellen“."
        if has_result
        else "Wenn Sie beginnen möchten, sagen Sie „KI-Check starten“."
    )
    return AgentReply(
        text=f"{faq.answer}\n\n{more}", tools_called=["strategy"], data={"event": "info", "faq": faq.question}
    )


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Build the strategy for the last finished interview, or explain how to get one."""
    result, row_id = finished_result(ctx.memory)
    if (faq := _faq_answer(slots.text or "", ctx, result is not None)) is not None:
        return faq
    if result is None:
        if is_active(ctx.memory) or is_paused(ctx.memory):
            st = ctx.memory[MEMORY_KEY]["interview"]
            n = sum(1 for a in st.get("answers", {}).values() if a.get("value") is not None)
            hint = (
                "Sagen Sie „weiter“, um fortzufahren."
                if is_paused(ctx.memory)
                else "\n\n" + (open_question(ctx.memory) or "Beantworten Sie einfach die nächste Frage.")
            )
            return AgentReply(
                text=f"Ihr Readiness-Interview läuft noch ({n} von {len(load_bank().item_ids())} Fragen "
                f"beantwortet). Die Strategie erstelle ich, sobald es abgeschlossen ist. {hint}",
                tools_called=["strategy"],
                data={"status": "interview_running"},
            )
        pmap, running = known_map(ctx)
        if pmap is not None:
            return map_preview(pmap, running, slots.text or "")
        entry = answer_for(slots.text or "")  # „Was genau bringt mir so ein KI-Check?“ before any check: the answer
        if entry is not None:
            return AgentReply(
                text=f"{entry.answer}\n\nWenn Sie möchten, sagen Sie „Interview starten“, dann geht es los.",
                tools_called=["strategy"],
                data={"status": "no_interview", "faq": entry.question},
            )
        return AgentReply(
            text="Für eine KI-Strategie brauche ich zuerst Ihr KI-Readiness-Interview ("
            f"{len(load_bank().item_ids())} kurze Fragen, je eine nach der anderen). "
            "Sagen Sie „Interview starten“, dann geht es los.",
            tools_called=["strategy"],
            data={"status": "no_interview"},
        )
    comparison = compare(result, exclude_id=row_id)
    backlog = firm_backlog(result, ctx)
    strat = build_strategy(result, backlog)
    chart = radar_chart(result, comparison)
    report = render_report(result, strat, comparison, chart, ctx.today)
    pdf = render_pdf(result, strat, comparison, chart, ctx.today)
    overall = num(result.overall, 1) if result.overall is not None else "nicht bewertet"
    lines = [
        *_lead(slots.text or "", strat, backlog),
        f"Ihre KI-Strategie (Gesamtwert {overall}, Reifegrad „{result.level}“):",
        "",
        *(["Kurz gesagt – Ihre ersten Schritte:", *strat.first_steps, ""] if strat.first_steps else []),
        f"Vision: {strat.vision}",
        "",
        *backlog_lines(backlog),
    ]
    lines += ["", "Fahrplan – Ihre nächsten Schritte:"]
    for m in strat.roadmap:
        lines.append(f"• {m.months} Monate: {m.action} – {m.measure}")
    lines += [
        "",
        strat.skills[0],
        "",
        "Unterstützung in der Region: " + "; ".join(f"{s['name']} ({s['where']})" for s in strat.support[:2]) + ".",
        "",
        "Den vollständigen Bericht (Daten & Infrastruktur, Governance, Vergleich, Quellen) "
        "finden Sie als HTML- und PDF-Datei im Anhang.",
    ]
    if not backlog.quick_wins:
        lines.insert(-1, "Ein echter Quick Win fehlt noch – zuerst die Grundlagen aus dem 3-Monats-Plan schaffen.")
    lines += ["", RESULT_NOTICE]
    return AgentReply(
        text="\n".join(lines),
        tools_called=["strategy"],
        artifacts=[
            Artifact(kind="image", path=chart, name="KI-Readiness-Radar.png"),
            Artifact(kind="file", path=report, name=report.name, mime="text/html"),
            Artifact(kind="file", path=pdf, name=pdf.name, mime="application/pdf"),
        ],
        data={
            "result": result.model_dump(mode="json"),
            "strategy": strat.model_dump(mode="json"),
            "comparison": comparison.model_dump(mode="json"),
            "report": str(report),
            "report_pdf": str(pdf),
        },
    )
