"""Unpacking a ZIP of own photos: class folders found wherever they lie, nothing written outside, bombs refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools.errors import DatasetError
from tools.vision.photo_zip import MAX_RATIO, unpack_photo_zip


def _jpg(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(seed).integers(0, 255, (40, 30, 3), dtype=np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_class_folders_are_found_below_a_common_folder_and_only_photos_are_unpacked(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "fotos.zip",
        {
            "Meine Fotos/ok/1.jpg": _jpg(1),
            "Meine Fotos/ok/2.JPG": _jpg(2),
            "Meine Fotos/gebrochen/3.jpeg": _jpg(3),
            "Meine Fotos/notiz.txt": b"hallo",
            "__MACOSX/Meine Fotos/ok/._1.jpg": b"resource fork",
            "Meine Fotos/ok/.DS_Store": b"x",
            "../boese.jpg": _jpg(4),
            "/etc/boese.jpg": _jpg(5),
        },
    )
    out = unpack_photo_zip(archive, tmp_path / "ziel")
    files = sorted(str(p.relative_to(out.folder)) for p in out.folder.rglob("*") if p.is_file())
    assert files == ["gebrochen/3.jpeg", "ok/1.jpg", "ok/2.JPG"] and out.photos == 3
    assert out.skipped == ["Meine Fotos/notiz.txt"]
    assert not (tmp_path / "boese.jpg").exists()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"1.jpg": _jpg(1), "ok/2.jpg": _jpg(2)}, "ohne Klassenordner"),
        ({"a/ok/1.jpg": _jpg(1), "a/c/gebrochen/2.jpg": _jpg(2)}, "verschiedenen Ebenen"),
        ({"liesmich.txt": b"nur Text"}, "keine Fotos"),
        ({"verkauf.csv": b"date,branch,product,sold\n"}, "sondern Tabellen \\(verkauf.csv\\).*nicht gepackt"),
        ({"ok/1.jpg": b"\0" * (MAX_RATIO * 2000)}, "ungewöhnlich stark gepackt"),
    ],
)
def test_unusable_archives_are_refused_in_german(tmp_path: Path, entries: dict[str, bytes], message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        unpack_photo_zip(_zip(tmp_path / "x.zip", entries), tmp_path / "ziel")


def test_a_file_that_is_no_zip_is_named(tmp_path: Path) -> None:
    fake = tmp_path / "fotos.zip"
    fake.write_text("kein zip")
    with pytest.raises(DatasetError, match="„Fotos vom Handy.zip“ ist keine ZIP-Datei"):
        unpack_photo_zip(fake, tmp_path / "ziel", "Fotos vom Handy.zip")


def test_train_and_test_folders_keep_their_place(tmp_path: Path) -> None:
    """`evals.vision --real x.zip` reads x/train/<Klasse>/ and x/test/<Klasse>/ like an unpacked folder."""
    names = ["x/train/ok/1.jpg", "x/train/kaputt/2.jpg", "x/test/ok/3.jpg", "x/test/kaputt/4.jpg"]
    archive = _zip(tmp_path / "x.zip", {n: _jpg(i) for i, n in enumerate(names)})
    out = unpack_photo_zip(archive, tmp_path / "ziel")
    assert sorted(str(p.relative_to(out.folder)) for p in out.folder.rglob("*.jpg")) == sorted(n[2:] for n in names)


def test_too_many_photos_are_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.vision import photo_zip

    monkeypatch.setattr(photo_zip, "MAX_PHOTOS", 2)
    archive = _zip(tmp_path / "viele.zip", {f"ok/{i}.jpg": _jpg(i) for i in range(3)})
    with pytest.raises(DatasetError, match="höchstens 2 sind möglich"):
        unpack_photo_zip(archive, tmp_path / "ziel")
    assert not (tmp_path / "ziel").exists()


def test_a_damaged_entry_is_a_german_error_not_a_crash(tmp_path: Path) -> None:
    """A ZIP whose photo fails its checksum raised zipfile.BadZipFile („interner Fehler“ in the chat; hostile 22)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for i in range(4):
            zf.writestr(f"ok/{i}.jpg", _jpg(i))
            zf.writestr(f"gebrochen/{i}.jpg", _jpg(10 + i))
    data = bytearray(buf.getvalue())
    data[30 + len("ok/0.jpg") + 100] ^= 0xFF  # a byte inside the first photo: its CRC no longer matches
    archive = tmp_path / "kaputt.zip"
    archive.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match="„ok/0.jpg“ im ZIP ist beschädigt"):
        unpack_photo_zip(archive, tmp_path / "out")


def test_a_password_protected_zip_is_named(tmp_path: Path) -> None:
    """zipfile cannot read encrypted entries (RuntimeError); the user is told to pack without a password."""
    archive = _zip(tmp_path / "geheim.zip", {"ok/1.jpg": _jpg(1), "gebrochen/2.jpg": _jpg(2)})
    data = bytearray(archive.read_bytes())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag in local and central headers
        at = data.find(sig)
        while at >= 0:
            flag = at + (6 if sig == b"PK\x03\x04" else 8)
            data[flag] |= 0x1
            at = data.find(sig, at + 4)
    archive.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match="Passwort"):
        unpack_photo_zip(archive, tmp_path / "out")
