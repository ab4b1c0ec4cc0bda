"""`data_import`: the owner uploads the bakery's own sales export (CSV); it is checked and then used.

An unusable file changes nothing. The first own export replaces the demo company and a later one with
new branch or product names changes what is planned: both are shown and taken over only after a "Ja"
(the upload waits in the thread's memory). "Letzten Import rückgängig machen" restores the version before.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from agents.contracts import AgentReply, Slots, TurnContext
from agents.names import branch_name, product_name
from agents.supervisor import import_dialog
from agents.uploads import DATA_SUFFIXES
from tools.company import own_sales
from tools.company.data import load_sales, own_sales_path, parse_user_sales
from tools.errors import DataError

ASK_FILE = (
    "Bitte hängen Sie Ihre Verkaufsdaten als CSV- oder Excel-Datei an (Spalten Datum, Filiale, Artikel, Verkauft; "
    "optional Gebacken und Preis)."
)
KEPT = "Es wurde nichts übernommen – Ihre bisherigen Daten gelten weiter."
FORECAST_ONLY = (
    "Sie möchten nur eine Prognose für diese Datei (z. B. Datum, Warengruppe, Umsatz)? Senden Sie sie noch einmal "
    "mit „Prognose für meine Datei“ – dafür genügen eine Datums-, eine Reihen- und eine Wertspalte."
)
MAX_NAMES = 30  # names listed in a question


def _names(values: list[str]) -> str:
    shown = ", ".join(values[:MAX_NAMES])
    return shown + (f" … (insgesamt {len(values)})" if len(values) > MAX_NAMES else "")


def _count(n: int, one: str, many: str) -> str:
    """'1 Filiale', '3 Filialen' (trial 18: „1 Filialen“)."""
    return f"{n} {one if n == 1 else many}"


def _summary(df: pd.DataFrame, name: str) -> str:
    return (
        f"„{name}“: {len(df)} Zeilen, {df['date'].nunique()} Tage ({df['date'].min():%d.%m.%Y} bis "
        f"{df['date'].max():%d.%m.%Y}), {_count(df['branch'].nunique(), 'Filiale', 'Filialen')}, "
        f"{_count(df['product'].nunique(), 'Produkt', 'Produkte')}"
    )


def _known_names() -> tuple[set[str], set[str]] | None:
    """Branches and products of the own data in use; None while the demo company is in use."""
    if own_sales_path() is None:
        return None
    try:
        current = load_sales()
    except DataError:  # the file in use is broken itself: the new export defines the names afresh
        return None
    return set(current["branch"]), set(current["product"])


def _question(df: pd.DataFrame, name: str) -> str | None:
    """What to confirm before taking `df` over, or None when it only brings known names."""
    known = _known_names()
    branches, products = sorted(df["branch"].unique()), sorted(df["product"].unique())
    if known is None:
        return (
            f"Ihre Datei {_summary(df, name)} ist geprüft. Es ist Ihr erster eigener Export: er ersetzt die "
            f"Demodaten und legt Ihre Filialen und Produkte fest.\n"
            f"- Filialen: {_names([branch_name(b) for b in branches])}\n"
            f"- Produkte: {_names([product_name(p) for p in products])}\n\n"
            "Soll ich die Daten so übernehmen? Antworten Sie mit „Ja“ oder „Nein“."
        )
    new_branches = [b for b in branches if b not in known[0]]
    new_products = [p for p in products if p not in known[1]]
    if not new_branches and not new_products:
        return None
    lines = [
        (
            f"Ihre Datei {_summary(df, name)} ist geprüft, enthält aber Namen, die in Ihren bisherigen Daten "
            "nicht vorkommen:"
        )
    ]
    if new_branches:
        lines.append(f"- neue Filialen: {_names(new_branches)}")
    if new_products:
        lines.append(f"- neue Produkte: {_names(new_products)}")
    lines.append(
        "\nSind das wirklich neue Filialen oder Produkte (und keine Tippfehler)? Antworten Sie mit „Ja“ zum "
        "Übernehmen oder „Nein“ zum Verwerfen."
    )
    return "\n".join(lines)


def _take_over(staged: Path, name: str, df: pd.DataFrame) -> AgentReply:
    version = own_sales.commit(staged)
    return AgentReply(
        text=f"Ihre Verkaufsdaten {_summary(df, name)} wurden übernommen. Prognosen und Pläne rechnen "
        "ab jetzt mit diesen Daten. (Mit „letzten Import rückgängig machen“ gilt wieder der "
        "vorherige Stand.)",
        data={"accepted": True, "version": version, "rows": len(df), "days": int(df["date"].nunique())},
    )


def _upload(upload_path: Path, name: str, ctx: TurnContext) -> AgentReply:
    try:
        df = parse_user_sales(upload_path, name)
    except DataError as exc:  # add what it means for the data in use (the message itself is the tool's)
        hint = f"\n{FORECAST_ONLY}" if exc.code == "missing_columns" else ""
        return AgentReply(text=f"{str(exc).rstrip()}\n{KEPT}{hint}", data={"accepted": False, "error": exc.code})
    staged = own_sales.stage(upload_path)
    question = _question(df, name)
    if question is None:
        return _take_over(staged, name, df)
    pending = import_dialog.PendingImport(file=str(staged), name=name, question=question)
    ctx.memory[import_dialog.MEMORY_KEY] = pending.model_dump()
    return AgentReply(
        text=question,
        data={
            "accepted": False,
            "confirm": True,
            "branches": sorted(df["branch"].unique()),
            "products": sorted(df["product"].unique()),
        },
    )


def _confirmed(pending: import_dialog.PendingImport, yes: bool) -> AgentReply:
    staged = Path(pending.file)
    if not own_sales.is_staged(staged) or not staged.is_file():
        return AgentReply(text=f"Die Datei „{pending.name}“ liegt nicht mehr vor. {ASK_FILE}", data={"accepted": False})
    if not yes:
        staged.unlink(missing_ok=True)
        return AgentReply(
            text=f"In Ordnung, „{pending.name}“ wird nicht übernommen – Ihre bisherigen Daten gelten weiter.",
            data={"accepted": False},
        )
    df = parse_user_sales(staged, pending.name)  # checked again: the day may have changed since
    return _take_over(staged, pending.name, df)


def _undo() -> AgentReply:
    done = own_sales.undo()
    now = (
        "Es gelten wieder die Demodaten."
        if done.restored is None
        else f"Es gilt wieder der vorherige Stand (Import Nr. {done.restored})."
    )
    return AgentReply(
        text=f"Der letzte Import (Nr. {done.removed}) ist rückgängig gemacht. {now}",
        data={"undone": done.removed, "restored": done.restored},
    )


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """A new upload is checked (and taken over or asked about), a yes/no decides a waiting one, undo restores."""
    waiting = import_dialog.pending(ctx.memory)
    ctx.memory.pop(import_dialog.MEMORY_KEY, None)  # this turn answers a waiting upload or drops it
    csvs = [a for a in ctx.attachments if Path(a.name).suffix.lower() in DATA_SUFFIXES]
    if csvs:
        return _upload(Path(csvs[0].path), csvs[0].name, ctx)
    reply = import_dialog.answer(slots.text)
    if waiting is not None and reply is not None:
        return _confirmed(waiting, reply)
    if import_dialog.wants_undo(slots.text):
        return _undo()
    return AgentReply(text=ASK_FILE)
