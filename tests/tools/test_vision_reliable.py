"""A checker whose cross-validation does not show it better than always naming the larger class is saved (the
user asked for it) but marked unreliable, and every later check with it says so in German (library and CLI)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from app.cli import app
from tools.vision import piece_classifier as pc
from tools.vision.inference import check_images
from tools.vision.piece_photos import write_piece_set
from tools.vision.piece_report import german_summary, shown_better, wilson

runner = CliRunner()
WARNING = "nicht nachweislich besser als Raten"


def scrambled_folder(root: Path, seed: int = 0) -> Path:
    """16 + 8 photos sorted into ganz/ and gebrochen/ at random: nothing a model could learn."""
    src = write_piece_set(root / "echt", 12, 12, seed=21, width=96, height=128)
    photos = sorted(src.rglob("*.jpg"))
    order = np.random.default_rng(seed).permutation(len(photos))
    out = root / "gemischt"
    for rank, i in enumerate(order):
        cls = "ganz" if rank < 16 else "gebrochen"
        (out / cls).mkdir(parents=True, exist_ok=True)
        shutil.copy(photos[i], out / cls / f"{rank:02d}.jpg")
    return out


@pytest.fixture(scope="module")
def guessing(tmp_path_factory: pytest.TempPathFactory) -> tuple[pc.PieceTrainReport, Path, Path]:
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("raten")
    folder = scrambled_folder(root)
    out = root / "raten.pt"
    return pc.train_piece_classifier(folder, out, k=4), out, folder


def test_only_an_interval_clear_of_the_majority_counts_as_shown_better() -> None:
    majority = 42 / 63
    assert not shown_better(wilson(44, 63), majority)  # better by two photos: interval reaches guessing
    assert shown_better(wilson(55, 63), majority)


def test_a_model_no_better_than_guessing_is_saved_but_marked(guessing: tuple[pc.PieceTrainReport, Path, Path]) -> None:
    rep, out, _ = guessing
    assert out.is_file() and not rep.reliable
    assert pc.UNRELIABLE_SAVED in rep.warnings and "„immer die häufigste Klasse“" in " ".join(rep.warnings)
    assert pc.UNRELIABLE_SAVED in german_summary(rep)
    blob = torch.load(out, map_location="cpu", weights_only=True)
    assert blob["reliable"] is False and blob["report"]["reliable"] is False
    assert not pc.load(out).reliable


def test_every_check_with_it_carries_the_german_warning(guessing: tuple[pc.PieceTrainReport, Path, Path]) -> None:
    rep, out, folder = guessing
    photo = next((folder / "ganz").glob("*.jpg"))
    (c,) = check_images([photo], model_path=out)
    assert c.warning and WARNING in c.warning and "prüfen Sie die Teile selbst" in c.warning
    acc = rep.chosen().accuracy
    assert f"{acc.k} von {acc.n} richtig" in c.warning and "„ganz“" in c.warning  # the larger class, by name


def test_cli_check_says_it_as_text_and_in_json(
    guessing: tuple[pc.PieceTrainReport, Path, Path], fresh_var: Path
) -> None:
    _, out, folder = guessing
    photo = next((folder / "gebrochen").glob("*.jpg"))
    text = runner.invoke(app, ["vision", "check", str(photo), "--model", str(out), "--no-log"])
    assert text.exit_code == 0, text.output
    assert text.output.count(WARNING) == 1 and "Zur Einordnung" in text.output
    js = runner.invoke(app, ["vision", "check", str(photo), "--model", str(out), "--json", "--no-log"])
    d = json.loads(js.output.strip().splitlines()[-1])
    assert WARNING in d["warning"]


def test_a_model_shown_better_and_an_older_file_check_without_warning(
    guessing: tuple[pc.PieceTrainReport, Path, Path], tmp_path: Path
) -> None:
    _, out, folder = guessing
    blob = torch.load(out, map_location="cpu", weights_only=True)
    del blob["reliable"]  # a file written before the flag existed
    older = tmp_path / "alt.pt"
    torch.save(blob, older)
    blob["reliable"] = True
    blob["report"]["reliable"] = True
    fine = tmp_path / "gut.pt"
    torch.save(blob, fine)
    photo = next((folder / "ganz").glob("*.jpg"))
    for path in (older, fine):
        (c,) = check_images([photo], model_path=path)
        assert c.warning is None and c.model
