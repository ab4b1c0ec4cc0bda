"""Train a single-piece photo checker on a bakery's own photos: fine-tuned network vs classical, piece-crop and
plain edge models, chosen by stratified k-fold cross-validation, saved as one weights-only file that
`vision check` loads (marked unreliable when the CV does not show it better than guessing)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold, train_test_split

from tools.concurrency import built_once
from tools.errors import DatasetError, InputError
from tools.format_de import share
from tools.vision import piece_crop as pcrop
from tools.vision import piece_features as pf
from tools.vision import piece_net as pn
from tools.vision.inference import ImageCheck, load_image
from tools.vision.piece_data import PhotoSet, read_folder, shrink
from tools.vision.piece_report import (
    CandidateScore,
    PieceTrainReport,
    WrongPhoto,
    score_repeated,
    shown_better,
    unreliable_warning,
    warnings_for,
    wrong_sheet,
)

FORMAT = "synerki-teilpruefung"
VERSION = 1
Kind = Literal["kombi", "netz", "klassisch", "teil", "einfach"]
KINDS: tuple[Kind, ...] = ("kombi", "netz", "klassisch", "teil", "einfach")  # from the most to the least complex
COMBO: tuple[Kind, ...] = ("netz", "klassisch", "teil", "einfach")  # the combination's members
REPEATS = 5  # the k-fold is run this many times on reshuffled photos: a steadier choice on few photos
KIND_LABEL = {
    "netz": "neuronales Netz (auf synthetischen Fotos vortrainiert, auf Ihre Fotos nachtrainiert)",
    "klassisch": "klassisches Modell (Kanten-, Helligkeits- und Formmerkmale, logistische Regression)",
    "teil": "Teil-Modell (Teil vom Blech freigestellt: Form, dunkle Spalten, verbrannte und helle Stellen, "
    "Kanten im Ausschnitt; logistische Regression)",
    "einfach": "einfaches Kantenmodell (Kantenstärke und -dichte im Raster, logistische Regression)",
}
KIND_SHORT = {
    "kombi": "Kombination",
    "netz": "neuronales Netz",
    "klassisch": "klassisches Modell",
    "teil": "Teil-Modell",
    "einfach": "einfaches Kantenmodell",
}
KIND_THE = {
    "kombi": "die Kombination",
    "netz": "das neuronale Netz",
    "klassisch": "das klassische Modell",
    "teil": "das Teil-Modell",
    "einfach": "das einfache Kantenmodell",
}
KIND_DATIVE = {
    "netz": "neuronalem Netz",
    "klassisch": "klassischem Modell",
    "teil": "Teil-Modell",
    "einfach": "einfachem Kantenmodell",
}
KIND_LABEL["kombi"] = (
    "Kombination aus "
    + ", ".join(KIND_DATIVE[m] for m in COMBO[:-1])
    + f" und {KIND_DATIVE[COMBO[-1]]} (Mittel ihrer Wahrscheinlichkeiten je Foto)"
)
MAX_EPOCHS = 40
MIN_DEFECT_RECALL = 0.8  # below this cross-validated share of defects found, the report warns
FINETUNE_LR = 1e-3
UNRELIABLE_SAVED = (
    "Gespeichert ist das Modell trotzdem, weil Sie es angelernt haben – aber als „nicht nachweislich besser als "
    "Raten“ markiert: Jede Prüfung damit (Befehlszeile und Chat) weist darauf hin."
)


@dataclass
class PieceModel:
    """A fitted checker of either kind, with its classes and which of them are defects."""

    kind: Kind
    classes: list[str]
    defect: list[bool]
    net: pn.PieceNet | None = None
    params: dict[str, np.ndarray] | None = None
    report: dict[str, Any] | None = None
    reliable: bool = True  # False: saved on request although CV did not show it better than guessing
    members: list[PieceModel] | None = None  # kind "kombi": the models whose probabilities are averaged

    def warning(self) -> str | None:
        """The German warning each check carries when the model is marked unreliable (None otherwise)."""
        if self.reliable or not self.report:
            return None
        return unreliable_warning(PieceTrainReport.model_validate(self.report))

    def predict_proba(self, images: list[np.ndarray]) -> np.ndarray:
        """Class probabilities (n × classes) of BGR photos."""
        if self.members:
            return np.mean([m.predict_proba(images) for m in self.members], axis=0)  # type: ignore[no-any-return]
        if self.kind == "netz" and self.net is not None:
            return pn.predict_proba(self.net, [pn.prepare(i) for i in images])
        assert self.params is not None
        if self.kind == "teil":
            return pf.predict_classical(self.params, np.stack([pcrop.crop_features(i) for i in images]))
        return pf.predict_classical(self.params, np.stack([pf.features(i) for i in images]))  # slices its columns


@dataclass
class Inputs:
    """The photos prepared once for every candidate."""

    prepared: list[np.ndarray]
    feats: np.ndarray
    crop: np.ndarray
    y: np.ndarray
    n_classes: int
    defect: list[bool]


def _fit_net(inp: Inputs, idx: np.ndarray, seed: int) -> pn.PieceNet:
    """Fine-tune the pretrained net on photos idx, early-stopping on a stratified fifth of them."""
    y = inp.y[idx]
    n_val = max(inp.n_classes, round(len(idx) * 0.2))
    tr, va = train_test_split(idx, test_size=n_val, stratify=y, random_state=seed)
    net = pn.load_pretrained(inp.n_classes)
    if inp.n_classes == 2 and inp.defect[0]:  # pretrained head: 0 = whole, 1 = broken
        with torch.no_grad():
            net.head.weight.copy_(net.head.weight.flip(0))
            net.head.bias.copy_(net.head.bias.flip(0))
    train = ([inp.prepared[i] for i in tr], inp.y[tr])
    val = ([inp.prepared[i] for i in va], inp.y[va])
    net, _ = pn.train_net(net, train, val, MAX_EPOCHS, FINETUNE_LR, seed=seed, patience=8)
    return net


def fit(kind: Kind, inp: Inputs, idx: np.ndarray, classes: list[str], seed: int = 0) -> PieceModel:
    """Fit one candidate on the photos idx."""
    if kind == "kombi":
        members = [fit(m, inp, idx, classes, seed) for m in COMBO]
        return PieceModel(kind, classes, inp.defect, members=members)
    if kind == "netz":
        return PieceModel(kind, classes, inp.defect, net=_fit_net(inp, idx, seed))
    if kind == "teil":
        return PieceModel(kind, classes, inp.defect, params=pcrop.fit_crop(inp.crop[idx], inp.y[idx]))
    params = pf.fit_classical(inp.feats[idx], inp.y[idx], seed, plain=kind == "einfach")
    return PieceModel(kind, classes, inp.defect, params=params)


def predict_inputs(model: PieceModel, inp: Inputs, idx: np.ndarray) -> np.ndarray:
    """Class probabilities of the prepared photos idx."""
    if model.members:
        return np.mean([predict_inputs(m, inp, idx) for m in model.members], axis=0)  # type: ignore[no-any-return]
    if model.kind == "netz" and model.net is not None:
        return pn.predict_proba(model.net, [inp.prepared[i] for i in idx])
    assert model.params is not None
    return pf.predict_classical(model.params, (inp.crop if model.kind == "teil" else inp.feats)[idx])


def prepare_inputs(ps: PhotoSet) -> Inputs:
    """Network inputs and classical features of every photo."""
    return Inputs(
        prepared=[pn.prepare(i) for i in ps.images],
        feats=np.stack([pf.features(i) for i in ps.images]),
        crop=np.stack([pcrop.crop_features(i) for i in ps.images]),
        y=ps.labels,
        n_classes=len(ps.classes),
        defect=ps.defect,
    )


def subset_inputs(inp: Inputs, idx: np.ndarray) -> Inputs:
    """The prepared photos idx only (for a cross-validation inside a cross-validation)."""
    return Inputs([inp.prepared[i] for i in idx], inp.feats[idx], inp.crop[idx], inp.y[idx], inp.n_classes, inp.defect)


def cross_validate(
    inp: Inputs, classes: list[str], k: int = 5, seed: int = 0, repeats: int = REPEATS
) -> tuple[dict[Kind, np.ndarray], int]:
    """Out-of-fold class probabilities (repeats × photos × classes) of each candidate: stratified k-fold
    (k ≤ photos of the smallest class) run `repeats` times on reshuffled photos, the same folds for every
    candidate; the combination's are the mean of its members' (the same fits)."""
    k = int(max(2, min(k, np.bincount(inp.y).min())))
    oof: dict[Kind, np.ndarray] = {kind: np.zeros((repeats, len(inp.y), inp.n_classes)) for kind in COMBO}
    for r in range(repeats):
        folds = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed + r)
        for f, (tr, te) in enumerate(folds.split(inp.feats, inp.y)):
            for kind in COMBO:
                oof[kind][r, te] = predict_inputs(fit(kind, inp, tr, classes, seed + f), inp, te)
    oof["kombi"] = np.mean([oof[m] for m in COMBO], axis=0)
    return oof, k


def choose(scores: list[CandidateScore], repeats: int = 1) -> tuple[Kind, str]:
    """Higher CV accuracy wins (mean over the repeats), then higher defect recall, then smaller out-of-fold log
    loss; then the simpler."""

    def key(s: CandidateScore) -> tuple[float, float, float, int]:
        simple = [str(k) for k in KINDS].index(s.kind)  # later in KINDS = simpler
        surer = -round(s.log_loss, 2) if s.log_loss is not None else 0.0  # same counts: the surer one
        rec = round(s.defect_recall.value, 6) if s.defect_recall else 0.0
        return round(s.accuracy.value, 6), rec, surer, simple

    ranked = sorted(scores, key=key, reverse=True)
    w, o = ranked[0], ranked[1]
    winner = next(k for k in KINDS if k == w.kind)
    other = KIND_THE[o.kind]
    mean = f" (Mittel aus {repeats} Durchgängen)" if repeats > 1 else ""
    if key(w)[:2] == key(o)[:2] and key(w)[2] > key(o)[2]:
        why = (
            f"es in der Kreuzvalidierung so gut war wie {other} ({w.accuracy.k} von {w.accuracy.n} richtig{mean}) "
            "und sich bei seinen Urteilen sicherer war"
        )
    elif key(w)[:2] == key(o)[:2]:
        why = (
            f"es in der Kreuzvalidierung so gut war wie {other} ({w.accuracy.k} von {w.accuracy.n} richtig{mean}) "
            "und einfacher und schneller ist"
        )
    elif key(w)[0] > key(o)[0]:
        why = (
            f"es in der Kreuzvalidierung auf Ihren Fotos {w.accuracy.k} von {w.accuracy.n} richtig geprüft hat"
            f"{mean}, {other} als nächstbestes nur {o.accuracy.k}"
        )
    else:
        wr, orr = (s.defect_recall.k if s.defect_recall else 0 for s in (w, o))
        why = f"es bei gleicher Genauigkeit mehr fehlerhafte Teile erkannt hat ({wr} gegen {orr}{mean})"
    return winner, f"Gewählt: {KIND_LABEL[winner]}, weil {why}."


def train_piece_classifier(
    folder: Path, out: Path, k: int = 5, seed: int = 0, shown: str | None = None
) -> PieceTrainReport:
    """Read the photos, cross-validate every candidate, fit the winner on all photos and save it to `out`
    (`shown` names the photos in messages, e.g. the chat's ZIP)."""
    if out.is_dir():
        raise DatasetError(f"„{out}“ ist ein Ordner; bitte geben Sie eine Datei an, z. B. „{out / 'modell.pt'}“.")
    ps = read_folder(folder, shown)
    return train_on(ps, out, k, seed)


def mostly_predicted(proba: np.ndarray) -> np.ndarray:
    """Per photo the class the repeats predicted most often (ties: the lower class index)."""
    preds = proba.argmax(-1)
    counts = np.stack([(preds == c).sum(0) for c in range(proba.shape[-1])])
    out: np.ndarray = counts.argmax(0)
    return out


def train_on(ps: PhotoSet, out: Path, k: int = 5, seed: int = 0, repeats: int = REPEATS) -> PieceTrainReport:
    """The protocol on photos already read (used by the evaluation too)."""
    inp = prepare_inputs(ps)
    proba, k = cross_validate(inp, ps.classes, k, seed, repeats)
    scores = [score_repeated(kind, inp.y, proba[kind], ps.defect) for kind in KINDS]
    winner, reason = choose(scores, repeats)
    model = fit(winner, inp, np.arange(len(inp.y)), ps.classes, seed)
    mostly = mostly_predicted(proba[winner])
    wrong_idx = [i for i in range(len(inp.y)) if mostly[i] != inp.y[i]]
    wrong = [
        WrongPhoto(name=ps.names[i], truth=ps.classes[inp.y[i]], predicted=ps.classes[mostly[i]]) for i in wrong_idx
    ]
    sheet = out.with_name(out.stem + "-falsch.png")
    counts = ps.counts()
    majority = max(counts.values()) / len(inp.y)
    chosen = next(c for c in scores if c.kind == winner)
    reliable = shown_better(chosen.accuracy, majority)
    report = PieceTrainReport(
        model_path=str(out),
        kind=winner,
        reason=reason,
        classes=counts,
        defect_classes=[c for c, d in zip(ps.classes, ps.defect) if d],
        folds=k,
        repeats=repeats,
        candidates=scores,
        majority_accuracy=majority,
        wrong=wrong,
        wrong_sheet=str(sheet) if wrong else None,
        warnings=warnings_for(counts) + no_better(scores, winner, majority) + weak_recall(chosen),
        notes=ps.notes,
        reliable=reliable,
    )
    if not reliable:
        report.warnings.append(UNRELIABLE_SAVED)
    model.report = report.model_dump(mode="json")
    model.reliable = reliable
    save(model, out)
    if wrong:
        wrong_sheet([ps.images[i] for i in wrong_idx], wrong, sheet)
    return report


def no_better(scores: list[CandidateScore], winner: Kind, majority: float) -> list[str]:
    """A German warning when the chosen model's CV accuracy is not clearly above always naming the larger class."""
    acc = next(s.accuracy for s in scores if s.kind == winner)
    if shown_better(acc, majority):  # the same test that marks the saved model reliable
        return []
    if acc.value > majority:  # better by a few photos only: within the interval's reach of guessing
        return [
            f"Achtung: Das Modell ist in der Kreuzvalidierung nur knapp besser als „immer die häufigste Klasse“ "
            f"({acc.k} von {acc.n} richtig, 95-%-Spanne {share(acc.low, 0)} bis {share(acc.high, 0)}; "
            f"die häufigste Klasse allein: {share(majority, 0)}) – der Vorsprung ist nicht gesichert."
        ]
    return [
        "Achtung: Das Modell ist in der Kreuzvalidierung nicht besser als „immer die häufigste Klasse“ – "
        "verlassen Sie sich nicht darauf; mehr und deutlichere Fotos je Klasse helfen."
    ]


def weak_recall(chosen: CandidateScore) -> list[str]:
    """A German warning when the chosen model found fewer than MIN_DEFECT_RECALL of the defects in CV."""
    rec = chosen.defect_recall
    if rec is None or rec.value >= MIN_DEFECT_RECALL:
        return []
    return [
        f"Achtung: In der Kreuzvalidierung hat das Modell nur {rec.k} von {rec.n} fehlerhaften Teilen erkannt "
        f"(95-%-Spanne {share(rec.low, 0)} bis {share(rec.high, 0)}) – als alleinige Kontrolle reicht das nicht. "
        "Mehr Fotos der Fehlerklasse und gleichmäßigere Aufnahmen (gleiches Blech, Licht und Abstand) helfen."
    ]


def _blob(model: PieceModel) -> dict[str, Any]:
    """The model's kind and arrays as a dict of plain values and tensors (members nested)."""
    blob: dict[str, Any] = {"kind": model.kind}
    if model.members:
        blob["members"] = [_blob(m) for m in model.members]
    if model.net is not None:
        blob["net_state"] = model.net.state_dict()
    if model.params is not None:
        blob["classical"] = {k: torch.from_numpy(np.asarray(v, np.float64)) for k, v in model.params.items()}
    return blob


def save(model: PieceModel, out: Path) -> None:
    """Write the model as a weights-only torch file (atomic: an existing file is replaced only when complete)."""
    blob: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "classes": model.classes,
        "defect": model.defect,
        "reliable": model.reliable,
        "report": model.report or {},
        **_blob(model),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    torch.save(blob, tmp)
    os.replace(tmp, out)


def is_piece_model(path: Path) -> bool:
    """True when the file is a checker written by `save` (YOLO files and others: False)."""
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception:  # noqa: BLE001 - any unreadable or foreign file simply is not ours
        return False
    return isinstance(blob, dict) and blob.get("format") == FORMAT


def load(path: Path) -> PieceModel:
    """Read a checker written by `save` (raises InputError in German for foreign or damaged files)."""
    if not is_piece_model(path):
        raise InputError(f"„{path.name}“ ist keine Modelldatei von „synerki vision train --task classify“.")
    blob = torch.load(path, map_location="cpu", weights_only=True)
    model = _from_blob(blob, list(blob["classes"]), list(blob["defect"]))
    model.report = blob.get("report")
    model.reliable = bool(blob.get("reliable", True))  # files from before this flag: as they were
    return model


def _from_blob(blob: dict[str, Any], classes: list[str], defect: list[bool]) -> PieceModel:
    """A model (and its members) from the dict `_blob` wrote."""
    model = PieceModel(blob["kind"], classes, defect)
    if blob.get("members"):
        model.members = [_from_blob(m, classes, defect) for m in blob["members"]]
    elif model.kind == "netz":
        model.net = pn.PieceNet(len(classes))
        model.net.load_state_dict(blob["net_state"])
        model.net.eval()
    else:
        model.params = {k: v.numpy() for k, v in blob["classical"].items()}
    return model


@built_once(maxsize=4)
def _cached(path: str, mtime: float) -> PieceModel:
    """A loaded checker, once per file version (retraining to the same path loads the new one)."""
    return load(Path(path))


def trained_report(model_path: Path) -> PieceTrainReport | None:
    """The cross-validation report stored in a checker at training (None for a file without one)."""
    report = _cached(str(model_path.resolve()), model_path.stat().st_mtime).report
    return PieceTrainReport.model_validate(report) if report else None


def model_label(model: PieceModel, path: Path) -> str:
    """Which model checked a photo, in German (for answers and the JSON field `model`)."""
    short = KIND_SHORT[model.kind]
    return f"„{path.name}“ ({short})"


def check_piece_images(paths: list[Path], model_path: Path, names: list[str] | None = None) -> list[ImageCheck]:
    """Classify each photo with a trained checker; unreadable files come back with `error` set."""
    model = _cached(str(model_path.resolve()), model_path.stat().st_mtime)
    label = model_label(model, model_path)
    warning = model.warning()
    out: list[ImageCheck] = []
    for i, path in enumerate(paths):
        name = names[i] if names else Path(path).name
        try:
            img = shrink(load_image(Path(path), name))
        except InputError as exc:
            out.append(ImageCheck(image=name, label="fehler", error=str(exc)))
            continue
        p = model.predict_proba([img])[0]
        c = int(p.argmax())
        cls = model.classes[c]
        out.append(
            ImageCheck(
                image=name,
                label=cls,
                pieces=1,
                defects={cls: 1} if model.defect[c] else {},
                by_product={"teil": {cls if model.defect[c] else "ok": 1}},  # the log counts non-"ok" as defects
                confidence=round(float(p[c]), 3),
                model=label,
                warning=warning,
            )
        )
    return out
