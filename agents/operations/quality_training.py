"""Tool `quality_training`: the owner sends a ZIP of own photos (one folder per class) and gets a photo checker.

The protocol is the CLI's (`synerki vision train --task classify`): network, classical and plain edge model are
cross-validated on the photos, the winner is stored as the company's own checker, and the answer says how good
it is – with an interval, the photos it got wrong and warnings – before anyone relies on it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from agents.contracts import AgentReply, Artifact, Slots, TurnContext
from agents.uploads import ARCHIVE_SUFFIXES
from tools.errors import DatasetError
from tools.format_de import integer, share
from tools.settings import get_settings

if TYPE_CHECKING:
    from tools.vision.piece_report import PieceTrainReport, Rate

TOOL = "quality_training"
OWN_MODEL_NAME = "eigene-fotopruefung.pt"
USE_HINT = (
    "So prüfen Sie damit: Foto eines einzelnen Teils anhängen und „mit meinem Modell prüfen“ schreiben. "
    "Fotos ohne diesen Zusatz prüft weiter das Standardmodell für ganze Bleche."
)
HOW_TO = (
    "Zum Anlernen der Qualitätsprüfung hängen Sie bitte ein ZIP an: darin je Klasse ein Ordner, z. B. „ok“ und "
    "„gebrochen“, mit je mindestens 30 Fotos einzelner Teile."
)


def own_model_path() -> Path:
    """Where the company's own photo checker is stored (written only after a successful training)."""
    return get_settings().var_dir / "models" / OWN_MODEL_NAME


def _rate(label: str, r: Rate) -> str:
    return f"{label} {share(r.value, 0)} ({integer(r.k)} von {integer(r.n)}; 95-%-Spanne {share(r.low, 0)} bis {share(r.high, 0)})"


def _repeated(rep: PieceTrainReport) -> str:
    """' (5-mal mit neu gemischten Fotos wiederholt, Mittelwerte)' when the k-fold was repeated, else ''."""
    if rep.repeats <= 1:
        return ""
    return f" ({integer(rep.repeats)}-mal mit neu gemischten Fotos wiederholt, Mittelwerte)"


def _answer(rep: PieceTrainReport, skipped: list[str]) -> str:
    """The German report: photos per class, cross-validated figures of the chosen model, what it got wrong."""
    chosen = rep.chosen()
    per = ", ".join(f"„{c}“ {integer(n)}" for c, n in rep.classes.items())
    lines = [
        f"Ich habe die Qualitätsprüfung an Ihren Fotos angelernt ({per}).",
        f"Geprüft per {rep.folds}-facher Kreuzvalidierung{_repeated(rep)}, d. h. jedes Foto wurde von einem "
        "Modell bewertet, das es beim Lernen nicht gesehen hat:",
        f"• {_rate('Richtig geprüft:', chosen.accuracy)}",
    ]
    if chosen.defect_recall:
        lines.append(f"• {_rate('Fehlerhafte Teile erkannt:', chosen.defect_recall)}")
    lines.append(f"• Zum Vergleich: „immer die häufigste Klasse“ läge bei {share(rep.majority_accuracy, 0)}.")
    lines.append(rep.reason)
    if rep.wrong:
        names = ", ".join(f"„{w.name}“ (ist {w.truth})" for w in rep.wrong[:8])
        more = f" und {integer(len(rep.wrong) - 8)} weitere" if len(rep.wrong) > 8 else ""
        lines.append(f"Falsch geprüft: {names}{more} – die Vorschaubilder sehen Sie unten.")
    lines += rep.notes + rep.warnings
    if skipped:
        lines.append(f"Nicht verwendet (keine Fotos): {', '.join(skipped[:5])}{' …' if len(skipped) > 5 else ''}.")
    lines.append(USE_HINT)
    lines.append("Die Kennzahlen stammen aus einem KI-Modell auf Ihren Fotos; prüfen Sie Grenzfälle bitte selbst.")
    return "\n".join(lines)


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """Unpack the attached ZIP, train and store the checker, answer with its cross-validated figures."""
    from tools.vision.photo_zip import unpack_photo_zip
    from tools.vision.piece_classifier import train_piece_classifier

    archives = [a for a in ctx.attachments if Path(a.name).suffix.lower() in ARCHIVE_SUFFIXES]
    if not archives:
        return AgentReply(text=HOW_TO, tools_called=[TOOL])
    archive = archives[0]
    if ctx.progress:
        ctx.progress(TOOL, "Ich lerne aus Ihren Fotos und prüfe das Ergebnis per Kreuzvalidierung …")
    out = own_model_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".fotos-", dir=out.parent))  # beside the checker: the rename stays atomic
    trial = work / OWN_MODEL_NAME  # replaces the stored checker only on success
    try:
        unpacked = unpack_photo_zip(Path(archive.path), work / "fotos", archive.name)
        rep = train_piece_classifier(unpacked.folder, trial, shown=archive.name)  # no server folder in messages
        trial.replace(out)  # a check running meanwhile reads the old or the new checker, never half a file
        artifacts = []
        if rep.wrong_sheet:
            sheet = out.with_name("eigene-fotopruefung-falsch.png")
            Path(rep.wrong_sheet).replace(sheet)
            artifacts.append(Artifact(kind="image", path=sheet, name="Falsch geprüfte Fotos"))
    except DatasetError as exc:
        return AgentReply(
            text=f"{exc}\n\nIhr bisheriges Prüfmodell bleibt unverändert. {HOW_TO}",
            tools_called=[TOOL],
            data={"trained": False},
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    data = {
        "trained": True,
        "kind": rep.kind,
        "classes": rep.classes,
        "accuracy": rep.chosen().accuracy.value,
        "reliable": rep.reliable,
    }
    return AgentReply(text=_answer(rep, unpacked.skipped), tools_called=[TOOL], artifacts=artifacts, data=data)
