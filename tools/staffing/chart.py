"""Chart of needed vs. available hours per week and role (PNG via tools.charts)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tools.charts import new_figure, save_figure
from tools.staffing.staffing import StaffingResult


def staffing_chart(result: StaffingResult) -> Path | None:
    """Grouped bars per role: needed vs. available hours per week, missing hours marked red."""
    roles = [r for r in ("Bäcker", "Konditor", "Verkauf", "Fahrer") if any(w.role == r for w in result.weeks)]
    if not roles:
        return None
    fig, _ = new_figure(width=10.0, height=2.6 * len(roles))
    fig.clf()
    for i, role in enumerate(roles):
        ax = fig.add_subplot(len(roles), 1, i + 1)
        rows = [w for w in result.weeks if w.role == role]
        x = np.arange(len(rows))
        ax.bar(x - 0.2, [w.needed_hours for w in rows], 0.4, label="benötigt", color="#c27c0e")
        ax.bar(x + 0.2, [w.available_hours for w in rows], 0.4, label="verfügbar (Dienstplan)", color="#4c72b0")
        for xi, w in zip(x, rows):
            if w.shortage_hours > 0:
                ax.text(
                    float(xi),
                    max(w.needed_hours, w.available_hours),
                    f"−{w.shortage_hours:.0f} h",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    color="#b00020",
                )
        ax.set_xticks(
            x, [f"KW {w.week_start.isocalendar().week}" + ("*" if w.days < 7 else "") for w in rows], fontsize=8
        )
        ax.set_ylabel("Stunden")
        ax.set_title(f"{role}: Stundenbedarf vs. verfügbare Stunden", fontsize=10)
        ax.grid(alpha=0.3)
        ax.margins(y=0.15)
        if i == 0:
            ax.legend(fontsize=8, loc="lower right", title="* = angebrochene Woche", title_fontsize=7)
    return save_figure(fig, "personalbedarf")
