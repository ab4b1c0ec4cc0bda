"""A bakery's own single-piece photos: one sub-folder per class, read and checked with German messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from tools.errors import DatasetError, InputError
from tools.vision.inference import load_image
from tools.vision.photo_types import PHOTO_SUFFIXES, PHOTO_TYPES_DE

IMAGE_EXT = PHOTO_SUFFIXES
IGNORED = {"thumbs.db", "desktop.ini"}
OK_WORDS = (
    "ok",
    "gut",
    "good",
    "ganz",
    "heil",
    "whole",
    "fine",
    "intakt",
    "einwandfrei",
    "in_ordnung",
    "normal",
    "intact",
    "unbroken",
    "unbeschaedigt",
    "unbeschädigt",
    "i.o.",
    "io",
)
DEFECT_WORDS = (
    "kaputt",
    "gebrochen",
    "broken",
    "crack",
    "riss",
    "gerissen",
    "defekt",
    "fehler",
    "bad",
    "schlecht",
    "damage",
    "beschaedigt",
    "beschädigt",
    "nio",
    "n.i.o.",
    "ausschuss",
)
MIN_PER_CLASS = 4
MAX_SIDE = 512  # photos are kept at most this large: every model input is ≤ 256 px, memory stays small


def shrink(img: np.ndarray) -> np.ndarray:
    """The photo scaled down (area-averaged) so its longer side is at most MAX_SIDE; used in training and checks."""
    f = MAX_SIDE / max(img.shape[:2])
    if f >= 1:
        return img
    return cv2.resize(img, (round(img.shape[1] * f), round(img.shape[0] * f)), interpolation=cv2.INTER_AREA)


@dataclass
class PhotoSet:
    """Photos (BGR), their file names, class indices, class names and which classes are defects."""

    images: list[np.ndarray]
    names: list[str]
    labels: np.ndarray
    classes: list[str]
    defect: list[bool]
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Photos per class."""
        return {c: int((self.labels == i).sum()) for i, c in enumerate(self.classes)}


def defect_classes(classes: list[str], counts: list[int]) -> tuple[list[bool], str | None]:
    """Which classes count as defects: all but the 'ok' class; without a recognisable name the smaller class.
    Returns the flags and a German note when a guess was needed."""
    norm = [c.lower().replace(" ", "_").replace("-", "_") for c in classes]
    ok = [any(n == w or n.startswith(w + "_") for w in OK_WORDS) for n in norm]
    if sum(ok) == 1:
        return [not o for o in ok], None
    bad = [not o and any(w in n for w in DEFECT_WORDS) for o, n in zip(ok, norm)]  # 'unbeschädigt' is no defect
    if len(classes) == 2 and sum(bad) == 1:
        return bad, None
    minority = int(np.argmin(counts))
    flags = (
        [i == minority for i in range(len(classes))]
        if len(classes) == 2
        else [i != int(np.argmax(counts)) for i in range(len(classes))]
    )
    shown = ", ".join(f"„{c}“" for c, f in zip(classes, flags) if f)
    return flags, (
        f"Aus den Ordnernamen war nicht zu erkennen, welche Klasse „in Ordnung“ ist; als Fehlerklasse gilt {shown}. "
        "Nennen Sie den Ordner der guten Teile z. B. „ok“ oder „ganz“."
    )


def _files(cdir: Path) -> tuple[list[Path], list[str]]:
    files = sorted(
        p for p in cdir.iterdir() if p.is_file() and not p.name.startswith(".") and p.name.lower() not in IGNORED
    )
    return [p for p in files if p.suffix.lower() in IMAGE_EXT], [
        p.name for p in files if p.suffix.lower() not in IMAGE_EXT
    ]


def read_folder(folder: Path, shown: str | None = None) -> PhotoSet:
    """Read every class sub-folder; raises DatasetError (German) for anything the user must fix. `shown` names
    the folder in messages (the chat's ZIP name instead of the server's temporary folder)."""
    if not folder.is_dir():
        raise DatasetError(f"Der Ordner „{shown or folder}“ wurde nicht gefunden.")
    subdirs = sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith("."))
    if not subdirs:
        loose = [p.name for p in folder.iterdir() if p.suffix.lower() in IMAGE_EXT]
        hint = f" (gefunden: {len(loose)} Fotos direkt im Ordner)" if loose else ""
        raise DatasetError(
            f"In „{folder}“ fehlen die Unterordner je Klasse{hint}. Legen Sie z. B. „{folder.name}/ok/“ und "
            f"„{folder.name}/gebrochen/“ an und sortieren Sie die Fotos hinein."
        )
    images: list[np.ndarray] = []
    names: list[str] = []
    labels: list[int] = []
    classes: list[str] = []
    bad: list[str] = []
    for cdir in subdirs:
        paths, others = _files(cdir)
        bad += [f"{cdir.name}/{n} (kein Foto)" for n in others]
        if not paths:
            continue
        classes.append(cdir.name)
        for p in paths:
            try:
                images.append(shrink(load_image(p, f"{cdir.name}/{p.name}")))
            except InputError:
                bad.append(f"{cdir.name}/{p.name} (beschädigt, zu groß/klein oder kein Bild)")
                continue
            names.append(f"{cdir.name}/{p.name}")
            labels.append(len(classes) - 1)
    if bad:
        more = f" und {len(bad) - 5} weitere" if len(bad) > 5 else ""
        raise DatasetError(
            "Diese Dateien kann ich nicht als Foto lesen: " + "; ".join(bad[:5]) + more + ". Bitte entfernen oder "
            f"ersetzen Sie sie (erlaubt: {PHOTO_TYPES_DE}). Es wurde nichts trainiert und nichts überschrieben."
        )
    _check_classes(shown or str(folder), classes, labels)
    y = np.array(labels, np.int64)
    counts = [int((y == i).sum()) for i in range(len(classes))]
    flags, note = defect_classes(classes, counts)
    return PhotoSet(images, names, y, classes, flags, [note] if note else [])


def _check_classes(folder: str, classes: list[str], labels: list[int]) -> None:
    """At least two classes with MIN_PER_CLASS photos each."""
    if len(classes) < 2:
        only = f" (nur „{classes[0]}“)" if classes else ""
        raise DatasetError(
            f"Zum Trainieren braucht „{folder}“ mindestens zwei Unterordner mit Fotos{only}: "
            "einen für gute Teile (z. B. „ok“) und einen für fehlerhafte (z. B. „gebrochen“)."
        )
    few = [f"„{c}“ ({labels.count(i)})" for i, c in enumerate(classes) if labels.count(i) < MIN_PER_CLASS]
    if few:
        raise DatasetError(
            f"Zu wenige Fotos in {', '.join(few)}: je Klasse sind mindestens {MIN_PER_CLASS} nötig, "
            "für eine verlässliche Prüfung eher 30."
        )
