"""Unpack a ZIP of a bakery's own photos (one folder per class) safely, for training the photo checker.

Only photos are unpacked; paths that leave the target, links, hidden and system entries (`__MACOSX`) are
skipped; counts and sizes are bounded before anything is written, so a hostile archive cannot fill the disk.
"""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from tools.errors import DatasetError
from tools.vision.photo_types import PHOTO_SUFFIXES, PHOTO_TYPES_DE

MAX_PHOTOS = 600  # the checker needs 30–100 per class; more only lengthens a training that blocks a worker
MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # photos hardly compress; a far higher ratio is a zip bomb


class UnpackedPhotos(BaseModel):
    """Where the class folders lie after unpacking, and what was left out (for a German note)."""

    folder: Path
    photos: int
    skipped: list[str]


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """The entry's path parts, or None for an entry that must not be unpacked (outside, hidden, system)."""
    path = PurePosixPath(name.replace("\\", "/"))
    parts = path.parts
    if path.is_absolute() or not parts or any(p in ("..", "") or ":" in p for p in parts):
        return None
    if any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return None
    return parts


TABLE_SUFFIXES = frozenset({".csv", ".txt", ".xlsx", ".xls", ".ods"})


def _photo_entries(zf: zipfile.ZipFile) -> tuple[list[tuple[zipfile.ZipInfo, tuple[str, ...]]], list[str]]:
    keep: list[tuple[zipfile.ZipInfo, tuple[str, ...]]] = []
    skipped: list[str] = []
    for info in zf.infolist():
        if info.is_dir():
            continue
        parts = _safe_parts(info.filename)
        if parts is None:
            continue
        if PurePosixPath(parts[-1]).suffix.lower() not in PHOTO_SUFFIXES:
            skipped.append("/".join(parts))
            continue
        if info.flag_bits & 0x1:  # a password-protected entry cannot be read (zipfile raises RuntimeError)
            raise DatasetError(
                "Das ZIP ist mit einem Passwort geschützt. Bitte packen Sie die Fotos ohne Passwort in ein ZIP."
            )
        if info.file_size > MAX_PHOTO_BYTES:
            raise DatasetError(f"„{'/'.join(parts)}“ ist im ZIP größer als {MAX_PHOTO_BYTES // 1024 // 1024} MB.")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise DatasetError("Das ZIP ist ungewöhnlich stark gepackt und wird aus Sicherheitsgründen nicht entpackt.")
        keep.append((info, parts))
    return keep, skipped


def _class_root(entries: list[tuple[zipfile.ZipInfo, tuple[str, ...]]]) -> tuple[str, ...]:
    """The common folder above the class folders ('Fotos/ok/1.jpg', 'Fotos/gebrochen/2.jpg' -> 'Fotos';
    'x/train/ok/…', 'x/test/ok/…' -> 'x'); every class folder must lie at the same depth."""
    parents = {parts[:-1] for _, parts in entries}
    if any(len(p) == 0 for p in parents):
        raise DatasetError(
            "Im ZIP liegen Fotos ohne Klassenordner. Legen Sie je Klasse einen Ordner an (z. B. „ok“ und "
            "„gebrochen“), sortieren Sie die Fotos hinein und packen Sie beide Ordner in ein ZIP."
        )
    if len({len(p) for p in parents}) != 1:
        raise DatasetError(
            "Die Klassenordner im ZIP liegen auf verschiedenen Ebenen. Bitte packen Sie die Ordner der Klassen "
            "(z. B. „ok“ und „gebrochen“) nebeneinander in ein ZIP."
        )
    first = min(parents)
    common = 0
    while common < len(first) - 1 and all(p[common] == first[common] for p in parents):
        common += 1
    return first[:common]


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, parts: tuple[str, ...]) -> bytes:
    """The entry's bytes (at most one more than the limit: the header's size is not trusted); a damaged entry
    (bad checksum, broken compression, cut-off archive) is a German DatasetError, not a crash."""
    try:
        with zf.open(info) as src:
            return src.read(MAX_PHOTO_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise DatasetError(
            f"„{'/'.join(parts)}“ im ZIP ist beschädigt und lässt sich nicht entpacken. Bitte packen Sie die "
            "Fotos neu in ein ZIP."
        ) from exc


def unpack_photo_zip(archive: Path, target: Path, shown: str | None = None) -> UnpackedPhotos:
    """Unpack the photos of `archive` below `target` (which must be empty or absent); raises DatasetError (German)."""
    name = shown or archive.name
    if not zipfile.is_zipfile(archive):
        raise DatasetError(f"„{name}“ ist keine ZIP-Datei oder sie ist beschädigt.")
    with zipfile.ZipFile(archive) as zf:
        entries, skipped = _photo_entries(zf)
        if not entries:
            tables = [s for s in skipped if PurePosixPath(s).suffix.lower() in TABLE_SUFFIXES]
            if tables:  # a zipped sales export: say where it belongs instead of only "no photos"
                raise DatasetError(
                    f"Im ZIP „{name}“ sind keine Fotos, sondern Tabellen ({', '.join(tables[:3])}). Verkaufsdaten "
                    "senden Sie bitte direkt als CSV- oder Excel-Datei (nicht gepackt); ein ZIP nehme ich nur zum "
                    "Anlernen der Fotoprüfung an."
                )
            raise DatasetError(f"Im ZIP „{name}“ sind keine Fotos ({PHOTO_TYPES_DE}).")
        if len(entries) > MAX_PHOTOS:
            raise DatasetError(
                f"Das ZIP enthält {len(entries)} Fotos; höchstens {MAX_PHOTOS} sind möglich – für eine verlässliche "
                "Prüfung reichen 30 bis 100 Fotos je Klasse."
            )
        if sum(info.file_size for info, _ in entries) > MAX_TOTAL_BYTES:
            raise DatasetError("Die Fotos im ZIP sind zusammen größer als 1 GB. Bitte verkleinern Sie die Fotos.")
        root = _class_root(entries)
        for info, parts in entries:
            dest = target.joinpath(*parts[len(root) :])
            dest.parent.mkdir(parents=True, exist_ok=True)
            data = _read(zf, info, parts)
            if len(data) > MAX_PHOTO_BYTES:
                raise DatasetError(f"„{'/'.join(parts)}“ ist größer als {MAX_PHOTO_BYTES // 1024 // 1024} MB.")
            dest.write_bytes(data)
    return UnpackedPhotos(folder=target, photos=len(entries), skipped=skipped)


@contextmanager
def photo_folder(path: Path) -> Iterator[Path]:
    """The class folders of `path`: the folder itself, or a ZIP of it unpacked into a temporary folder that is
    removed afterwards (the command line's training and the evaluation take either)."""
    if not (path.is_file() and path.suffix.lower() == ".zip"):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="fotos-") as tmp:
        yield unpack_photo_zip(path, Path(tmp)).folder
