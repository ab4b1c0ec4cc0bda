"""What a bakery is told after training its photo checker: figures with intervals, warnings, wrong photos."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
from pydantic import BaseModel

from tools.format_de import num, share

FEW_PER_CLASS = 15
IMBALANCE = 0.34  # smaller / larger class below this → warning
THUMB = 128


class Rate(BaseModel):
    """A share with its 95 % Wilson interval (k of n)."""

    value: float
    low: float
    high: float
    k: int
    n: int


class CandidateScore(BaseModel):
    """Cross-validated figures of one candidate model."""

    kind: str
    accuracy: Rate
    defect_recall: Rate | None
    log_loss: float | None = None  # mean out-of-fold -log p(true class): breaks ties of the counts above


class WrongPhoto(BaseModel):
    """A photo the chosen model got wrong in cross-validation."""

    name: str
    truth: str
    predicted: str


class PieceTrainReport(BaseModel):
    """The result of `vision train --task classify` (also stored inside the model file)."""

    model_path: str
    kind: str
    reason: str
    classes: dict[str, int]
    defect_classes: list[str]
    folds: int
    candidates: list[CandidateScore]
    majority_accuracy: float
    wrong: list[WrongPhoto]
    wrong_sheet: str | None
    warnings: list[str]
    notes: list[str]
    reliable: bool = True  # False: CV did not show the model better than always naming the larger class
    repeats: int = 1  # the k-fold was run this many times on reshuffled photos (figures: means over them)

    def chosen(self) -> CandidateScore:
        """The cross-validated figures of the model that was chosen and saved."""
        return next(c for c in self.candidates if c.kind == self.kind)


def wilson(k: int, n: int, z: float = 1.96) -> Rate:
    """k of n with the Wilson score interval (sensible for small n and shares near 0 or 1)."""
    if n == 0:
        return Rate(value=0.0, low=0.0, high=1.0, k=0, n=0)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return Rate(value=p, low=max(0.0, mid - half), high=min(1.0, mid + half), k=k, n=n)


def score(
    kind: str, y: np.ndarray, pred: np.ndarray, defect: list[bool], proba: np.ndarray | None = None
) -> CandidateScore:
    """Accuracy and recall of the defect classes (any defect class predicted counts) from out-of-fold labels;
    with out-of-fold probabilities also their log loss."""
    flags = np.array(defect)
    is_def = flags[y]
    hit = flags[pred] & is_def
    loss = None if proba is None else float(-np.log(np.clip(proba[np.arange(len(y)), y], 1e-6, 1)).mean())
    return CandidateScore(
        kind=kind,
        accuracy=wilson(int((pred == y).sum()), len(y)),
        defect_recall=wilson(int(hit.sum()), int(is_def.sum())) if is_def.any() else None,
        log_loss=loss,
    )


def score_repeated(kind: str, y: np.ndarray, proba: np.ndarray, defect: list[bool]) -> CandidateScore:
    """Figures of repeated cross-validation (repeats × photos × classes out-of-fold probabilities): accuracy and
    defect recall are the means over the repeats, as counts of the photos (the interval counts photos, not
    repeats: repeating does not add photos); log loss is the mean over all."""
    reps = [score(kind, y, p.argmax(1), defect, p) for p in proba]
    acc = float(np.mean([r.accuracy.value for r in reps]))
    rec = [r.defect_recall for r in reps]
    loss = float(np.mean([r.log_loss or 0.0 for r in reps]))
    n_def = rec[0].n if rec[0] else 0
    mean_rec = float(np.mean([r.value for r in rec if r])) if rec[0] else 0.0
    return CandidateScore(
        kind=kind,
        accuracy=_mean_rate(acc, len(y)),
        defect_recall=_mean_rate(mean_rec, n_def) if rec[0] else None,
        log_loss=loss,
    )


def _mean_rate(value: float, n: int) -> Rate:
    """A mean share over repeats, with the Wilson interval of its rounded count of n photos."""
    w = wilson(round(value * n), n)
    return Rate(value=value, low=w.low, high=w.high, k=w.k, n=n)


def warnings_for(counts: dict[str, int]) -> list[str]:
    """German warnings for too few photos per class or very unbalanced classes."""
    out = [
        f"Achtung: In der Klasse „{c}“ sind nur {n} Fotos. Ab etwa {FEW_PER_CLASS} Fotos je Klasse werden die "
        "Kennzahlen belastbar, besser sind 30 oder mehr – bitte fotografieren Sie weitere Teile."
        for c, n in counts.items()
        if n < FEW_PER_CLASS
    ]
    lo, hi = min(counts.values()), max(counts.values())
    if lo / hi < IMBALANCE:
        out.append(
            f"Achtung: Die Klassen sind sehr ungleich verteilt ({lo} gegen {hi} Fotos). Das Modell lernt die "
            "seltene Klasse dann schlecht; ergänzen Sie möglichst Fotos der kleineren Klasse."
        )
    return out


def _ascii(text: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text.encode("ascii", "replace").decode()


def wrong_sheet(images: list[np.ndarray], wrong: list[WrongPhoto], path: Path, cols: int = 6) -> Path:
    """A PNG contact sheet of the wrongly checked photos, captioned 'ist: … / Modell: …'."""
    tiles = []
    for img, w in zip(images, wrong):
        h0, w0 = img.shape[:2]
        f = THUMB / max(h0, w0)
        small = cv2.resize(img, (max(1, int(w0 * f)), max(1, int(h0 * f))), interpolation=cv2.INTER_AREA)
        tile = np.full((THUMB + 34, THUMB, 3), 255, np.uint8)
        tile[: small.shape[0], : small.shape[1]] = small
        for j, line in enumerate((f"ist: {w.truth}", f"Modell: {w.predicted}")):
            cv2.putText(tile, _ascii(line)[:22], (2, THUMB + 13 + 15 * j), 0, 0.4, (0, 0, 160), 1, cv2.LINE_AA)
        tiles.append(tile)
    while len(tiles) % cols:
        tiles.append(np.full_like(tiles[0], 255))
    rows = [np.hstack(tiles[i : i + cols]) for i in range(0, len(tiles), cols)]
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.vstack(rows))
    return path


def _share(r: Rate) -> str:
    return f"{num(r.value, 2)} ({r.k} von {r.n}; 95-%-Intervall {num(r.low, 2)}–{num(r.high, 2)})"


def german_summary(rep: PieceTrainReport) -> str:
    """The text the CLI prints (and the chat could show) after training."""
    per = ", ".join(f"{c}: {n}" for c, n in rep.classes.items())
    again = f", {rep.repeats}-mal mit neu gemischten Fotos wiederholt (Mittelwerte)" if rep.repeats > 1 else ""
    lines = [
        f"Modell gespeichert: {rep.model_path}",
        f"Fotos je Klasse: {per} (Fehlerklasse: {', '.join(rep.defect_classes)})",
        f"Kreuzvalidierung: {rep.folds}-fach{again}; jedes Foto wurde von einem Modell geprüft, das es nicht kannte.",
    ]
    for c in rep.candidates:
        lines.append(f"  {c.kind:<10} Genauigkeit {_share(c.accuracy)}")
        if c.defect_recall:
            lines.append(f"  {'':<10} Fehler erkannt {_share(c.defect_recall)}")
    lines.append(f"  Zum Vergleich „immer die häufigste Klasse“: {num(rep.majority_accuracy, 2)}")
    lines.append(rep.reason)
    if rep.wrong:
        names = ", ".join(f"{w.name} (ist {w.truth}, Modell {w.predicted})" for w in rep.wrong[:10])
        more = f" und {len(rep.wrong) - 10} weitere" if len(rep.wrong) > 10 else ""
        most = " (in den meisten Durchgängen)" if rep.repeats > 1 else ""
        lines.append(f"Falsch geprüft in der Kreuzvalidierung{most}: {names}{more}")
        if rep.wrong_sheet:
            lines.append(f"Vorschaubilder: {rep.wrong_sheet}")
    else:
        lines.append("In der Kreuzvalidierung wurde kein Foto falsch geprüft.")
    return "\n".join(lines + rep.notes + rep.warnings)


def trained_note(model_path: Path) -> str:
    """How a saved checker did in its cross-validation at training (recalled with each check); '' without report."""
    from tools.vision.piece_classifier import trained_report

    rep = trained_report(model_path)
    if rep is None:
        return ""
    acc = rep.chosen().accuracy
    return (
        f"Zur Einordnung: Beim Anlernen hat Ihr Modell {acc.k} von {acc.n} Ihrer Fotos richtig geprüft "
        f"(95-%-Spanne {share(acc.low, 0)} bis {share(acc.high, 0)})."
    )


def shown_better(acc: Rate, majority: float) -> bool:
    """True when the lower end of the CV accuracy's 95 % interval lies above always naming the larger class."""
    return acc.low > majority


def unreliable_warning(rep: PieceTrainReport) -> str:
    """The German warning every check with a model not shown better than guessing carries."""
    acc = rep.chosen().accuracy
    larger = max(rep.classes, key=lambda c: rep.classes[c])
    return (
        "Achtung: Dieses Modell war beim Anlernen nicht nachweislich besser als Raten – immer „"
        f"{larger}“ zu sagen, wäre {share(rep.majority_accuracy, 0)} der Fotos richtig gewesen, das Modell hatte "
        f"{acc.k} von {acc.n} richtig (95-%-Spanne {share(acc.low, 0)} bis {share(acc.high, 0)}). Verlassen Sie "
        "sich nicht auf dieses Ergebnis und prüfen Sie die Teile selbst; mit mehr und deutlicheren Fotos je Klasse "
        "neu angelernt, kann es besser werden."
    )
