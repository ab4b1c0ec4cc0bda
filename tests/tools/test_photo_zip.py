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
