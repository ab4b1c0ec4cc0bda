"""The process map as a German table and a picture: three groups as lanes, boxes sized and coloured by hours
times pains, bottlenecks marked."""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib.patches import FancyBboxPatch

from tools.charts import new_figure, save_figure
from tools.format_de import num
from tools.readiness.processes import DATA_TITLES, GROUP_TITLES, PAIN_TITLES, Process, ProcessMap

MAX_PER_LANE = 6  # boxes per lane row before a lane wraps


def _asked(p: Process) -> bool:
    """False for a process the firm named but never described (added by name, then „fertig“)."""
    return p.assumed or bool(p.pain_text or p.pains or p.data) or p.hours_per_week is not None


def _hours(p: Process) -> str:
    if p.hours_per_week is not None:
        return num(p.hours_per_week, 1, trim=True)
    return "weiß nicht" if _asked(p) else "offen"


def _data(p: Process) -> str:
    named = list(p.software) + [DATA_TITLES[d] for d in p.data if d != "software" or not p.software]
    return ", ".join(named) or "–"


def process_table(m: ProcessMap) -> str:
    """A Markdown table: process, group, hours/week, what hurts, data; assumed rows marked „angenommen“."""
    marks = {p.id for p in m.bottlenecks()}
    lines = [
        "| Ablauf | Gruppe | Std./Woche | Was hakt | Daten | Quelle |",
        "|---|---|---:|---|---|---|",
    ]
    for group in GROUP_TITLES:
        for p in (x for x in m.processes if x.group == group):
            name = f"**{p.title}** ⚠" if p.id in marks else p.title
            pains = ", ".join(PAIN_TITLES[x] for x in p.pains) or "–"
            source = "angenommen" if p.assumed else "Ihre Angabe" if _asked(p) else "von Ihnen genannt, nicht erfragt"
            lines.append(f"| {name} | {GROUP_TITLES[group]} | {_hours(p)} | {pains} | {_data(p)} | {source} |")
    return "\n".join(lines)


def _colour(score: float, top: float) -> tuple[float, float, float]:
    """Green (little lost time) to red (most hours times pains)."""
    x = 0.0 if top <= 0 else min(1.0, score / top) ** 0.5
    return (0.55 + 0.4 * x, 0.8 - 0.55 * x, 0.55 - 0.3 * x)


def process_chart(m: ProcessMap) -> Path:
    """PNG of the map: one lane per group, box area ~ hours, colour ~ hours × pains, bottlenecks outlined."""
    lanes = list(GROUP_TITLES)
    rows = {g: max(1, -(-sum(1 for p in m.processes if p.group == g) // MAX_PER_LANE)) for g in lanes}
    height = sum(rows.values())
    fig, ax = new_figure(11.0, 1.2 + 1.5 * height)
    ax.grid(False)
    top = max((p.bottleneck_score for p in m.processes), default=0.0)
    hmax = max((p.hours_per_week or 0.0 for p in m.processes), default=0.0) or 1.0
    marks = {p.id for p in m.bottlenecks()}
    y = float(height)
    for g in lanes:
        procs = [p for p in m.processes if p.group == g]
        y -= rows[g]
        ax.axhspan(y, y + rows[g], color="#f2f2f2" if lanes.index(g) % 2 == 0 else "#ffffff", zorder=0)
        ax.text(-0.1, y + rows[g] / 2, GROUP_TITLES[g], ha="right", va="center", fontsize=10, weight="bold")
        for i, p in enumerate(procs):
            row, col = divmod(i, MAX_PER_LANE)
            size = 0.45 + 0.45 * ((p.hours_per_week or 0.0) / hmax) ** 0.5
            cx, cy = col + 0.5, y + rows[g] - row - 0.5
            box = FancyBboxPatch(
                (cx - 0.45, cy - size / 2),
                0.9,
                size,
                boxstyle="round,pad=0.02",
                facecolor=_colour(p.bottleneck_score, top),
                edgecolor="#c00000" if p.id in marks else "#555555",
                linewidth=2.5 if p.id in marks else 0.8,
                linestyle="--" if p.assumed else "-",
                zorder=2,
            )
            ax.add_patch(box)
            label = "\n".join(textwrap.wrap(("⚠ " if p.id in marks else "") + p.title, 20)[:2])
            ax.text(cx, cy + 0.07, label, ha="center", va="center", fontsize=7.5, zorder=3)
            ax.text(cx, cy - 0.14, f"{_hours(p)} Std./Wo.", ha="center", va="center", fontsize=7, zorder=3)
    ax.set_xlim(-0.05, MAX_PER_LANE)
    ax.set_ylim(0, height)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("Prozesslandkarte – Engpässe rot umrandet (Stunden × Probleme); gestrichelt = angenommen", fontsize=10)
    fig.subplots_adjust(left=0.14)
    return save_figure(fig, "prozesslandkarte")
