"""Forecast for a sales export the user uploaded in the chat (CSV with date, series and value columns)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from agents.contracts import AgentReply, Artifact, Attachment, Slots
from agents.plain import METHOD_HEADING
from tools.errors import DataError
from tools.format_de import day, integer

MAX_SERIES = 12
DEFAULT_DAYS = 7


def _chart(hist: pd.DataFrame, pred: pd.DataFrame, names: list[str]) -> Artifact:
    from tools.charts import new_figure, save_figure

    fig, ax = new_figure(10, 4.8)
    for i, n in enumerate(names[:6]):
        h = hist[hist["series"] == n]
        h = h[h["date"] >= h["date"].max() - pd.Timedelta(days=56)]
        f = pred[pred["series"] == n]
        ax.plot(h["date"], h["value"], color=f"C{i}", alpha=0.55, lw=1, label=f"{n} (Ist)")
        ax.plot(f["date"], f["forecast"], color=f"C{i}", lw=2, marker="o", ms=3, label=f"{n} (Prognose)")
        ax.fill_between(f["date"], f["lower"], f["upper"], color=f"C{i}", alpha=0.2)
    ax.set_title("Prognose für Ihre Verkaufsdaten")
    ax.legend(fontsize=7, loc="upper left")
    fig.autofmt_xdate()
    return Artifact(
        kind="image", path=save_figure(fig, "prognose-upload"), name="Prognose (Ist, Prognose, 80-%-Intervall)"
    )


def forecast_upload(att: Attachment, slots: Slots) -> AgentReply:
    """Read the CSV (German error naming row and column on bad input), forecast every series with the variant
    chosen by rolling-origin cross-validation on the file's own past, and say which and why."""
    from agents.sales.model_choice import choice_data, choice_lines, method_note
    from tools.forecast.api import forecast_frame_selected
    from tools.forecast.io import guess_columns, read_series_csv

    try:
        dcol, scol, vcol = guess_columns(att.path)
        hist = read_series_csv(att.path, dcol, scol, vcol)
    except DataError as exc:
        return AgentReply(
            text=f"Ihre Datei „{att.name}“ kann ich nicht verwenden: {exc}",
            tools_called=["forecast"],
            data={"error": "bad_file"},
        )
    last = hist["date"].max().date()
    if slots.dates and slots.dates.start > last:
        start, end = slots.dates.start, min(slots.dates.end, slots.dates.start + timedelta(days=61))
    else:
        start, end = last + timedelta(days=1), last + timedelta(days=DEFAULT_DAYS)
    volume = hist.groupby("series")["value"].sum().sort_values(ascending=False)
    names = [str(n) for n in volume.index[:MAX_SERIES]]
    hist["series"] = hist["series"].astype(str)
    hist = hist[hist["series"].isin(names)]
    pred, sel = forecast_frame_selected(hist, start, end, regressors=None, holidays_region="DE-ST", select=True)
    lines = [
        f"**Prognose für Ihre Datei „{att.name}“** (Spalten: Datum „{dcol}“, Reihe „{scol or '–'}“, "
        f"Wert „{vcol}“), {day(start)} – {day(end)}, mit 80-%-Intervall:"
    ]
    out = []
    for n in names:
        f = pred[pred["series"] == n]
        lines.append(f"\n*{n}*")
        for _, r in f.head(14).iterrows():
            lines.append(
                f"- {day(r['date'].date())}: {integer(r['forecast'])} ({integer(r['lower'])}–{integer(r['upper'])})"
            )
        lines.append(f"- **Summe: {integer(f['forecast'].sum())}**")
        out.append(
            {
                "series": n,
                "days": [
                    {
                        "date": r["date"].date().isoformat(),
                        "forecast": round(float(r["forecast"]), 2),
                        "lower": round(float(r["lower"]), 2),
                        "upper": round(float(r["upper"]), 2),
                    }
                    for _, r in f.iterrows()
                ],
                "total": round(float(f["forecast"].sum()), 2),
                "model": choice_data(sel, n),
            }
        )
    if len(volume) > MAX_SERIES:
        lines.append(f"\nHinweis: Ihre Datei enthält {len(volume)} Reihen; gezeigt sind die {MAX_SERIES} größten.")
    lines.append(
        "Feiertage: Sachsen-Anhalt; ohne Wetterdaten (über die Kommandozeile können Sie eine Wetterdatei "
        "mitgeben: synerki forecast predict --weather …)."
    )
    lines += ["", *choice_lines(sel, names), "", f"{METHOD_HEADING} {method_note()}"]
    return AgentReply(
        text="\n".join(lines),
        tools_called=["forecast"],
        artifacts=[_chart(hist, pred, names)],
        data={
            "file": att.name,
            "columns": [dcol, scol, vcol],
            "start": start.isoformat(),
            "end": end.isoformat(),
            "series": out,
        },
    )
