"""Radar chart (PNG) and the downloadable HTML report of a readiness result and its strategy."""

from __future__ import annotations

import base64
import uuid
from datetime import date
from pathlib import Path

import numpy as np
from jinja2 import Environment, FileSystemLoader, select_autoescape
from matplotlib.projections.polar import PolarAxes

from tools.charts import new_figure, save_figure
from tools.format_de import num
from tools.readiness.processes import DATA_TITLES, GROUP_TITLES, PAIN_TITLES
from tools.readiness.scoring import ReadinessResult
from tools.readiness.store import Comparison
from tools.readiness.strategy import Strategy
from tools.settings import get_settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
# the report leaves the chat (printed, e-mailed): it says itself that an AI system made it (EU AI Act Art. 50)
REPORT_NOTICE = (
    "Diesen Bericht hat ein KI-System – der synerKI Assistent – automatisch aus Ihren Antworten im KI-Readiness-Check "
    "erzeugt; kein Mensch hat ihn geprüft. Bitte prüfen Sie ihn, bevor Sie darauf Entscheidungen stützen."
)


def radar_chart(result: ReadinessResult, comparison: Comparison | None = None) -> Path:
    """Radar chart of the six dimension scores (1–5), with the comparison group's means if given."""
    names = [d.name.replace(" & ", " &\n") for d in result.dimensions]
    vals = [d.score or 0.0 for d in result.dimensions]
    angles = np.linspace(0, 2 * np.pi, len(vals), endpoint=False).tolist()
    fig, _ = new_figure(6.5, 6.0)
    fig.clear()
    ax = fig.add_subplot(111, polar=True)
    assert isinstance(ax, PolarAxes)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot(angles + angles[:1], vals + vals[:1], color="#c0392b", linewidth=2, label="Ihr Unternehmen")
    ax.fill(angles + angles[:1], vals + vals[:1], color="#c0392b", alpha=0.2)
    if comparison is not None and all(comparison.means.get(d.id) is not None for d in result.dimensions):
        cm = [comparison.means[d.id] or 0.0 for d in result.dimensions]
        ax.plot(
            angles + angles[:1],
            cm + cm[:1],
            color="#2c3e50",
            linestyle="--",
            linewidth=1.5,
            label=f"Vergleich: {comparison.group} (n={comparison.n})",
        )
    ax.set_xticks(angles)
    ax.set_xticklabels(names, fontsize=8)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    overall = num(result.overall, 1) if result.overall is not None else "–"
    ax.set_title(f"KI-Readiness: {overall} von 5 ({result.level})", fontsize=11, pad=18)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.2), fontsize=8, frameon=False)
    ax.tick_params(axis="y", labelsize=7)
    return save_figure(fig, "readiness-radar")


def render_report(
    result: ReadinessResult, strategy: Strategy, comparison: Comparison | None, chart: Path, today: date
) -> Path:
    """Write a self-contained HTML report (chart embedded) under var/reports and return its path."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["de"] = lambda x, d=1: num(x, d) if x is not None else "–"
    env.filters["pain"] = lambda x: PAIN_TITLES.get(x, x)
    env.filters["datasrc"] = lambda x: DATA_TITLES.get(x, x)
    img = base64.b64encode(chart.read_bytes()).decode("ascii")
    bottlenecks = strategy.backlog.process_map.bottlenecks() if strategy.backlog else []
    html = env.get_template("report.html.j2").render(
        r=result,
        s=strategy,
        c=comparison,
        img=img,
        today=today,
        bottlenecks=bottlenecks,
        group_titles=GROUP_TITLES,
        notice=REPORT_NOTICE,
    )
    out = get_settings().var_dir / "reports"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ki-readiness-{today.isoformat()}-{uuid.uuid4().hex[:6]}.html"
    path.write_text(html, encoding="utf-8")
    return path


def render_pdf(
    result: ReadinessResult, strategy: Strategy, comparison: Comparison | None, chart: Path, today: date
) -> Path:
    """The same report as PDF (fpdf2, DejaVu font from matplotlib for the umlauts) under var/reports."""
    from tools.readiness.report_pdf import write_pdf

    out = get_settings().var_dir / "reports"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ki-readiness-{today.isoformat()}-{uuid.uuid4().hex[:6]}.pdf"
    write_pdf(path, result, strategy, comparison, chart, today)
    return path
