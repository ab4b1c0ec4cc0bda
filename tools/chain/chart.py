"""One chart summarising the chain: daily demand/production and staffing gaps, base vs scenario."""

from __future__ import annotations

from pathlib import Path

from tools.chain.models import ChainResult
from tools.format_de import date_range, percent


def chain_chart(result: ChainResult) -> Path | None:
    """PNG with daily pieces (left) and missing hours per role (right); None without figures."""
    from matplotlib.figure import Figure

    from tools.charts import save_figure

    base, scen = result.base, result.scenario
    if base.demand is None:
        return None
    fig = Figure(figsize=(11, 4.2), dpi=100)  # not pyplot: parallel turns must not share its figure registry
    ax, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    ax.grid(alpha=0.3)
    x = [d.day for d in base.demand.days]
    ax.plot(x, [d.demand for d in base.demand.days], color="#2b6cb0", marker="o", label="Nachfrage (Prognose)")
    ax.plot(x, [d.production for d in base.demand.days], color="#dd6b20", marker="s", label="Produktion (Plan)")
    if scen and scen.demand:
        ax.plot(
            x,
            [d.production for d in scen.demand.days],
            color="#dd6b20",
            ls="--",
            label=f"Produktion Szenario {percent(scen.percent, 0, signed=True)}",
        )
    if base.ovens:
        ax.axvline(base.ovens.day, color="#999999", ls=":", lw=1)
    ax.set_ylabel("Stück pro Tag")
    ax.set_title("Nachfrage → Produktion")
    ax.legend(fontsize=8, loc="best")
    from matplotlib.dates import DateFormatter

    ax.xaxis.set_major_formatter(DateFormatter("%d.%m."))
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    roles = sorted((base.staffing.shortage_hours if base.staffing else {}).keys())
    if roles:
        assert base.staffing is not None  # roles come from it
        xs = range(len(roles))
        ax2.bar(
            [i - 0.2 for i in xs],
            [base.staffing.shortage_hours[r] for r in roles],
            width=0.4,
            color="#2b6cb0",
            label="Basis",
        )
        if scen and scen.staffing:
            ax2.bar(
                [i + 0.2 for i in xs],
                [scen.staffing.shortage_hours.get(r, 0.0) for r in roles],
                width=0.4,
                color="#dd6b20",
                label=f"Szenario {percent(scen.percent, 0, signed=True)}",
            )
        ax2.set_xticks(list(xs), roles, fontsize=8)
        ax2.legend(fontsize=8)
    ax2.set_title("Personal: fehlende Stunden")
    ax2.grid(alpha=0.3)
    fig.suptitle(f"Korn & Kruste – Gesamtkette {date_range(result.start, result.end)}", fontsize=11)
    return save_figure(fig, "gesamtkette")
