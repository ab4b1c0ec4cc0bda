"""Forecast for a sales export the user uploaded in the chat (CSV with date, series and value columns)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from agents.contracts import AgentReply, Artifact, Attachment, Slots
from agents.own_goods import named_in
from agents.plain import METHOD_HEADING
from tools.errors import DataError
from tools.forecast.calendar import STATE_NAMES, region_in_text
from tools.format_de import day, integer, plain

MAX_SERIES = 12
DEFAULT_REGION = "DE-ST"  # the demo company's state, unless the message names another
DEFAULT_DAYS = 7
SHORT_HISTORY_DAYS = 56  # less history than this: the answer says what the forecast cannot know


def _chart(hist: pd.DataFrame, pred: pd.DataFrame, names: list[str], shown: dict[str, str]) -> Artifact:
    from matplotlib.dates import DateFormatter

    from tools.charts import new_figure, save_figure

    fig, ax = new_figure(12, 4.8)
    since = hist["date"].max() - pd.Timedelta(days=56)  # the file's last 8 weeks (a series that stopped earlier: none)
    for i, n in enumerate(names[:6]):
        h = hist[(hist["series"] == n) & (hist["date"] >= since)]
        f = pred[pred["series"] == n]
        ax.plot(h["date"], h["value"], color=f"C{i}", alpha=0.55, lw=1, label=f"{shown[n]} (Ist)")
        ax.plot(f["date"], f["forecast"], color=f"C{i}", lw=2, marker="o", ms=3, label=f"{shown[n]} (Prognose)")
        ax.fill_between(f["date"], f["lower"], f["upper"], color=f"C{i}", alpha=0.2)
    ax.set_title("Prognose für Ihre Verkaufsdaten")
    ax.xaxis.set_major_formatter(DateFormatter("%d.%m.%y"))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # beside the plot, never over the data
    fig.autofmt_xdate()
    return Artifact(
        kind="image", path=save_figure(fig, "prognose-upload"), name="Prognose (Ist, Prognose, 80-%-Intervall)"
    )


REGRESSOR_HINTS = ("wetter", "weather", "klima", "kiwo", "ereignis", "event", "temperatur")


def split_uploads(atts: list[Attachment]) -> tuple[Attachment, list[Attachment]]:
    """(the sales file, further CSV files read as weather/event columns): a file named like weather or events
    is never the sales file; otherwise the first file is."""
    extra = [a for a in atts if any(h in a.name.lower() for h in REGRESSOR_HINTS)]
    sales = [a for a in atts if a not in extra]
    main = sales[0] if sales else atts[0]
    return main, [a for a in atts if a is not main and a.name.lower().endswith((".csv", ".txt"))]


SECOND_SALES_FILE = (
    "„{name}“ habe ich nicht verwendet: Die Datei sieht wie weitere Verkaufsdaten aus (Spalte „{column}“), nicht "
    "wie Wetter- oder Ereignisdaten. Eine Prognose rechne ich aus einer Verkaufsdatei – führen Sie die Dateien "
    "bitte zu einer zusammen oder senden Sie sie einzeln."
)


def read_regressors(extra: list[Attachment]) -> tuple[pd.DataFrame | None, list[str]]:
    """Weather/event columns of the extra files merged on the date, and one German line per file."""
    from tools.forecast.io import read_regressor_csv, sales_marker

    reg: pd.DataFrame | None = None
    notes: list[str] = []
    for a in extra:
        try:
            marker = sales_marker(a.path)  # a second sales file is no weather: its figures would be read as causes
            if marker is not None:
                notes.append(SECOND_SALES_FILE.format(name=a.name, column=marker))
                continue
            r = read_regressor_csv(a.path, fill_missing_with_zero=False)
        except DataError as exc:
            notes.append(f"„{a.name}“ habe ich nicht als Wetter- oder Ereignisdaten lesen können: {_shown(exc, a)}")
            continue
        seen = set() if reg is None else set(reg.columns)
        twice = [c for c in r.columns if c != "date" and c in seen]  # two files with a column of the same name
        cols = [c for c in r.columns if c != "date" and c not in seen]
        if not cols:
            notes.append(f"„{a.name}“ habe ich nicht verwendet: Seine Spalten kamen schon in einer anderen Datei vor.")
            continue
        shown = ", ".join(f"„{c}“" for c in cols)
        dropped = f" („{'“, „'.join(twice)}“ kam schon in einer anderen Datei vor)" if twice else ""
        notes.append(f"Zusätzliche Einflüsse aus „{a.name}“: {shown}{dropped}.")
        r = r[["date", *cols]]
        reg = r if reg is None else reg.merge(r, on="date", how="outer")
    return reg, notes


def _shown(exc: Exception, att: Attachment) -> str:
    """The error text with the stored upload's internal file name replaced by the name the user knows."""
    return str(exc).replace(Path(att.path).name, att.name)


def _label(scol: str | None, name: str) -> str:
    """'Warengruppe 2' for numbered series, else the series name itself (plain text: it comes from the file)."""
    return plain(f"{scol} {name}" if scol and name.isdigit() else name)


# key columns of an export named in German in the answer („branch,product“ → „je Filiale und Produkt“)
_KEY_WORDS = {"branch": "Filiale", "product": "Produkt", "series": "Reihe", "group": "Gruppe"}


def _series_named(scol: str | None) -> str:
    """„Reihe „Warengruppe““ for one key column, „Reihen je Filiale und Produkt („branch“, „product“)“ for several."""
    from tools.forecast.io import series_columns

    cols = [] if scol is None or "," not in scol else series_columns(scol)
    if len(cols) < 2:
        return f"Reihe „{plain(scol or '–')}“"
    words = [_KEY_WORDS.get(c.lower(), plain(c).capitalize()) for c in cols]
    quoted = ", ".join(f"„{plain(c)}“" for c in cols)
    return f"Reihen je {', '.join(words[:-1])} und {words[-1]} ({quoted})"


FAR_DAYS = 365  # asked further than this beyond the file's last day: forecast the days right after it instead


def _period(slots: Slots, last: date) -> tuple[date, date, str]:
    """The days to forecast and a German note when the asked period lies far beyond the file's data."""
    if not (slots.dates and slots.dates.start > last):
        return last + timedelta(days=1), last + timedelta(days=DEFAULT_DAYS), ""
    start, end = slots.dates.start, min(slots.dates.end, slots.dates.start + timedelta(days=61))
    gap = (start - last).days
    if gap > FAR_DAYS:
        new_end = last + timedelta(days=min((end - start).days + 1, 62))
        return (
            last + timedelta(days=1),
            new_end,
            f"Ihre Daten enden am {last:%d.%m.%Y}; bis „{slots.dates.label}“ lägen {integer(gap)} Tage ohne Daten "
            "dazwischen – das wäre keine belastbare Prognose. Ich zeige deshalb die Tage direkt nach Ihren Daten; "
            "für aktuelle Zahlen laden Sie bitte Ihre aktuellen Verkaufsdaten hoch.\n\n",
        )
    if gap > 60:
        return (
            start,
            end,
            (
                f"Achtung: Ihre Daten enden am {last:%d.%m.%Y}, {integer(gap)} Tage vor dem gewünschten Zeitraum – "
                "die Prognose ist entsprechend unsicherer.\n\n"
            ),
        )
    return start, end, ""


UPLOAD_KEY = "forecast_upload"  # memory: the file of the last forecast of an uploaded file in this thread


def remember_upload(reply: AgentReply, main: Attachment, extra: list[Attachment], memory: dict[str, Any]) -> AgentReply:
    """Keep the forecast file in the thread's memory so follow-ups stay on it (trial 18: „und nur Brötchen?“
    after her own export answered for the demo company); a refused file is not kept."""
    if reply.data.get("error"):
        return reply
    memory[UPLOAD_KEY] = {
        "main": main.model_dump(mode="json"),
        "extra": [a.model_dump(mode="json") for a in extra],
    }
    return reply


def uploaded_before(memory: dict[str, Any], slots: Slots) -> tuple[Attachment, list[Attachment]] | None:
    """The file forecast earlier in this thread, unless the request names a demo branch (then the demo company
    is meant) or the stored file is gone."""
    kept = memory.get(UPLOAD_KEY)
    if not kept or slots.branches or slots.unknown_branch:
        return None
    main = Attachment.model_validate(kept["main"])
    if not Path(main.path).exists():
        return None
    return main, [Attachment.model_validate(a) for a in kept.get("extra") or []]


def asked_series(names: list[str], slots: Slots) -> list[str]:
    """The file's series the request names („und nur Brötchen?“); all when it names none."""
    return named_in(names, slots) or names


def forecast_upload(
    att: Attachment, slots: Slots, extra: list[Attachment] | None = None, follow_up: bool = False
) -> AgentReply:
    """Read the CSV (German error naming row and column on bad input), forecast every series with the variant
    chosen by rolling-origin cross-validation on the file's own past, and say which and why; `follow_up`: a
    later question on the same file, only the series it names."""
    from agents.sales.model_choice import choice_data, choice_lines, method_note
    from tools.forecast.api import forecast_frame_selected
    from tools.forecast.io import guess_columns, read_series_csv

    try:
        dcol, scol, vcol = guess_columns(att.path)
        hist = read_series_csv(att.path, dcol, scol, vcol)
    except DataError as exc:
        return AgentReply(
            text=f"Ihre Datei „{att.name}“ kann ich nicht verwenden: {_shown(exc, att)}",
            tools_called=["forecast"],
            data={"error": "bad_file"},
        )
    last = hist["date"].max().date()
    start, end, gap_note = _period(slots, last)
    volume = hist.groupby("series")["value"].sum().sort_values(ascending=False)
    first, rows = hist["date"].min().date(), len(hist)
    names = [str(n) for n in volume.index]
    names = (asked_series(names, slots) if follow_up else names)[:MAX_SERIES]
    hist["series"] = hist["series"].astype(str)
    hist = hist[hist["series"].isin(names)]
    reg, reg_notes = read_regressors(extra or [])
    region = region_in_text(slots.text or "") or DEFAULT_REGION
    pred, sel = forecast_frame_selected(hist, start, end, regressors=reg, holidays_region=region, select=True)
    total = float(pred[pred["series"].isin(names)]["forecast"].sum())
    top = max(names, key=lambda n: float(pred[pred["series"] == n]["forecast"].sum()))
    lines = [
        f"Für {day(start) if start == end else f'{day(start)} – {day(end)}'} erwarte ich in Ihrer Datei "
        f"zusammen {integer(total)} "
        f"({plain(vcol)}, {len(names)} {'Reihe' if len(names) == 1 else 'Reihen'}), am meisten bei {_label(scol, top)}.",
        "",
        *([gap_note.strip(), ""] if gap_note else []),
        f"Grundlage: Ihre Datei „{plain(att.name)}“, {integer(rows)} Zeilen vom {first:%d.%m.%Y} bis {last:%d.%m.%Y}"
        + (" (weiter Ihre Datei, nicht die Demo-Bäckerei)." if follow_up else "."),
        "",
        f"**Prognose für Ihre Datei „{att.name}“** (Spalten: Datum „{plain(dcol)}“, {_series_named(scol)}, "
        f"Wert „{plain(vcol)}“), {day(start)} – {day(end)}, mit 80-%-Intervall:",
    ]
    out = []
    for n in names:
        f = pred[pred["series"] == n]
        lines.append(f"\n*{_label(scol, n)}*")
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
    days = (last - first).days + 1
    if days < SHORT_HISTORY_DAYS:  # three weeks of history: the weekday pattern only roughly, no season, no holidays
        lines.append(
            f"\nHinweis: Ihre Datei reicht nur {days} Tage zurück. Damit erkenne ich das Wochenmuster nur grob, "
            "Feiertage und Jahreszeit gar nicht – die Spannen sind entsprechend breit. Mit mindestens einem Jahr "
            "Verlauf wird die Prognose deutlich genauer."
        )
    lines.append("")
    lines += reg_notes or [
        "Ohne Wetterdaten: Hängen Sie eine zweite CSV mit Datum und Wetterspalten (z. B. „wetter.csv“ mit "
        "Temperatur) an dieselbe Nachricht, dann rechne ich das Wetter mit ein."
    ]
    lines.append(
        f"Feiertage: {STATE_NAMES[region]}."
        + (" Ein anderes Bundesland nennen Sie einfach in der Nachricht." if region == DEFAULT_REGION else "")
    )
    shown = {n: _label(scol, n) for n in names}
    lines += ["", *choice_lines(sel, names, shown), "", f"{METHOD_HEADING} {method_note()}"]
    return AgentReply(
        text="\n".join(lines),
        tools_called=["forecast"],
        artifacts=[_chart(hist, pred, names, shown)],
        data={
            "file": att.name,
            "columns": [dcol, scol, vcol],
            "start": start.isoformat(),
            "end": end.isoformat(),
            "series": out,
        },
    )
