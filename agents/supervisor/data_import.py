"""`data_import`: the owner uploads the bakery's own sales export (CSV); it is checked and then used."""
from __future__ import annotations

import shutil
from pathlib import Path

from agents.contracts import AgentReply, Slots, TurnContext
from tools.company.data import parse_user_sales, user_sales_path
from tools.errors import DataError


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Validate the uploaded CSV; only a valid file replaces the demo sales (the old data stays otherwise)."""
    csvs = [a for a in ctx.attachments if Path(a.name).suffix.lower() == ".csv"]
    if not csvs:
        return AgentReply(text="Bitte hängen Sie Ihre Verkaufsdaten als CSV-Datei an "
                               "(Spalten: date, branch, product, sold; optional baked).")
    upload = csvs[0]
    try:
        df = parse_user_sales(Path(upload.path))
    except DataError as exc:
        return AgentReply(text=f"{exc} Es wurde nichts übernommen – Ihre bisherigen Daten gelten weiter.",
                          data={"accepted": False})
    target = user_sales_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(upload.path, target)
    days = df["date"].nunique()
    return AgentReply(
        text=(f"Ihre Verkaufsdaten „{upload.name}“ wurden übernommen: {len(df)} Zeilen, {days} Tage "
              f"({df['date'].min():%d.%m.%Y} bis {df['date'].max():%d.%m.%Y}), "
              f"{df['branch'].nunique()} Filialen, {df['product'].nunique()} Produkte. "
              "Prognosen und Pläne rechnen ab jetzt mit diesen Daten."),
        data={"accepted": True, "rows": len(df), "days": int(days)})
