"""The readiness report as PDF (fpdf2): the same sections as the HTML report, with a Unicode font."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import matplotlib
from fpdf import FPDF

from tools.format_de import num
from tools.readiness.processes import DATA_TITLES, GROUP_TITLES, PAIN_TITLES
from tools.readiness.report import REPORT_NOTICE
from tools.readiness.scoring import ReadinessResult
from tools.readiness.store import Comparison
from tools.readiness.strategy import Strategy

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu ships with matplotlib: no download
RED = (192, 57, 43)


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=7)
        self.cell(0, 5, f"KI-generiert · synerKI · Seite {self.page_no()}", align="C")


def _new_pdf() -> _Report:
    """A4 document with DejaVu Sans (regular and bold) registered."""
    pdf = _Report(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def _h(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_text_color(*RED)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", size=9)


def _p(pdf: FPDF, text: str, size: int = 9) -> None:
    pdf.set_font("DejaVu", size=size)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, head: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    pdf.set_font("DejaVu", size=7.5)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4) as t:
        t.row(head)
        for r in rows:
            t.row(r)
    pdf.ln(2)


def write_pdf(
    path: Path, result: ReadinessResult, s: Strategy, comparison: Comparison | None, chart: Path, today: date
) -> None:
    """Write the report: result and radar, process map, backlog with pilots, roadmap, governance, support."""
    pdf = _new_pdf()
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(*RED)
    pdf.cell(0, 10, "KI-Readiness-Bericht", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pr = result.profile
    _p(
        pdf,
        f"Erstellt am {today.strftime('%d.%m.%Y')} · Branche: {pr.trade_label or '–'} · "
        f"Größe: {pr.employees or '–'} Beschäftigte · Region: {pr.region or '–'}",
    )
    _p(pdf, f"Hinweis (EU-KI-Verordnung, Art. 50): {REPORT_NOTICE}", size=8)
    if s.first_steps:
        _h(pdf, "Kurz gesagt – Ihre ersten Schritte")
        for x in s.first_steps:
            _p(pdf, x)
    _h(pdf, "Ergebnis")
    overall = num(result.overall, 1) if result.overall is not None else "–"
    _p(pdf, f"Gesamtwert {overall} von 5 – Reifegrad „{result.level}“. {result.level_text}")
    pdf.image(str(chart), w=100, x=(pdf.w - 100) / 2)
    rows = [[d.name, num(d.score, 1) if d.score is not None else "–", d.description] for d in result.dimensions]
    _table(pdf, ["Bereich", "Wert (1–5)", "Was der Wert heißt"], rows, (45, 15, 120))
    if comparison is not None:
        _p(
            pdf,
            f"Vergleichsgruppe: {comparison.group} ({comparison.n} Betriebe), Durchschnitt "
            f"{num(comparison.overall_mean, 1) if comparison.overall_mean is not None else '–'}.",
        )
    _h(pdf, "1. Ziele und Vision")
    _p(pdf, s.vision)
    for g in s.goals:
        _p(pdf, f"• {g}")
    if s.backlog is not None:
        _backlog_pages(pdf, s)
    for title, items in (
        ("3. Daten und Infrastruktur", s.data_infrastructure),
        ("4. Ressourcen und Kompetenzen", s.skills),
        ("5. Governance, Recht und Ethik", s.governance),
    ):
        _h(pdf, title)
        for x in items:
            _p(pdf, f"• {x}")
    _h(pdf, "6. Fahrplan")
    _table(
        pdf,
        ["Monate", "Maßnahme", "Messbarer Meilenstein"],
        [[str(m.months), m.action, m.measure] for m in s.roadmap],
        (15, 85, 80),
    )
    _h(pdf, "7. Unterstützung in der Region")
    for sup in s.support:
        _p(pdf, f"• {sup['name']} ({sup['where']}): {sup['what']}")
    _p(pdf, "Die Werte stammen aus Ihren Antworten im Interview. Kein Ersatz für Rechtsberatung.", size=7)
    pdf.output(str(path))


def _backlog_pages(pdf: FPDF, s: Strategy) -> None:
    """Process map (with 'angenommen' marks and bottlenecks), backlog table and the quick wins' pilot plans."""
    assert s.backlog is not None
    b = s.backlog
    pm = b.process_map
    _h(pdf, "Ihre Prozesslandkarte")
    if pm.assumed:
        _p(pdf, "Teile der Landkarte sind angenommen: typische Prozesse und Ziele Ihrer Branche.", size=8)
    necks = {p.id for p in pm.bottlenecks()}
    rows = [
        [
            p.title + (" (Engpass)" if p.id in necks else ""),
            GROUP_TITLES[p.group],
            num(p.hours_per_week, 0) if p.hours_per_week is not None else "–",
            ", ".join(PAIN_TITLES[x] for x in p.pains),
            ", ".join(DATA_TITLES[x] for x in p.data),
            "angenommen" if p.assumed else "Ihre Angabe",
        ]
        for p in pm.processes
    ]
    _table(
        pdf, ["Prozess", "Bereich", "Std./Woche", "Schmerzpunkte", "Daten", "Quelle"], rows, (42, 25, 17, 38, 35, 23)
    )
    _p(pdf, f"Ziele{' (angenommen)' if pm.goals_assumed else ''}: " + "; ".join(pm.goals))
    _h(pdf, "2. Ihr KI-Backlog: Anwendungsfälle nach Punkten")
    rows = [
        [u.title + (" – Quick Win" if u.quick_win else ""), str(u.score), num(u.value, 0), u.reason]
        for u in b.items[:10]
    ]
    _table(pdf, ["Anwendung", "Punkte", "€/Jahr", "Begründung"], rows, (55, 14, 18, 93))
    _p(
        pdf,
        "Punkte = 45 % Nutzen + 30 % Machbarkeit + 25 % Passung zu Ihren Zielen; Quick Win = hoher Nutzen, "
        "geringer Aufwand, Daten vorhanden.",
        size=7,
    )
    for u in b.quick_wins[:3]:
        if u.pilot is None:
            continue
        _h(pdf, f"Pilotplan: {u.title} ({u.pilot.weeks} Wochen)")
        _table(pdf, ["Woche", "Wer", "Was"], [[x.week, x.role, x.action] for x in u.pilot.steps], (15, 30, 135))
        _p(pdf, f"Messgröße: {u.pilot.kpi}. Ausgangswert: {u.pilot.baseline}.")
        _p(pdf, f"Entscheidung: {u.pilot.decision}")
        _p(pdf, f"AI Act: {u.duties}", size=7)
