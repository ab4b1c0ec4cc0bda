"""The owner trains the photo checker in the chat with a ZIP of own photos; the answer says how good it is,
a bad ZIP changes nothing, an employee may not train, and "mit meinem Modell prüfen" uses the trained checker."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import torch
from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import TurnResult, build_graph, run_turn
from agents.operations import quality_training
from agents.uploads import attachment_dict
from tools.vision.piece_photos import write_piece_set


@pytest.fixture(scope="module")
def photo_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 whole and 12 broken single-piece photos (small), zipped below a folder as a phone's export would."""
    torch.set_num_threads(1)
    root = write_piece_set(tmp_path_factory.mktemp("fotos") / "Fotos", 12, 12, seed=5, width=96, height=128)
    archive = root.parent / "fotos.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(root.rglob("*.jpg")):
            zf.write(p, f"Fotos/{p.relative_to(root)}")
    return archive


@pytest.fixture()
def own_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "modelle" / "eigene-fotopruefung.pt"
    monkeypatch.setattr(quality_training, "own_model_path", lambda: path)
    return path


def _send(text: str, files: list[Path], role: str = "owner") -> TurnResult:
    graph = build_graph(checkpointer=InMemorySaver())
    return run_turn(graph, text, role=role, thread_id="anlernen", attachments=[attachment_dict(f) for f in files])


def test_owner_trains_and_is_told_how_good_the_checker_is(photo_zip: Path, own_model: Path) -> None:
    out = _send("Lerne die Qualitätsprüfung mit diesen Fotos an", [photo_zip])
    assert out.tool == "quality_training" and out.data["trained"] and own_model.is_file()
    assert "„ganz“ 12, „gebrochen“ 12" in out.text and "Richtig geprüft:" in out.text and "95-%-Spanne" in out.text
    assert "Fehlerhafte Teile erkannt:" in out.text and "Achtung: In der Klasse" in out.text  # 12 < 15 photos
    single = next((photo_zip.parent / "Fotos" / "gebrochen").glob("*.jpg"))
    checked = _send("Bitte mit meinem Modell prüfen", [single])
    assert checked.tool == "quality_check" and "eigenen Modell" in checked.text and "fehlerhaft" in checked.text
    right = round(out.data["accuracy"] * 24)  # the figure of the training answer, recalled with each check
    assert f"Beim Anlernen hat Ihr Modell {right} von 24 Ihrer Fotos richtig geprüft" in checked.text


def test_a_bad_zip_keeps_the_trained_checker(tmp_path: Path, own_model: Path) -> None:
    own_model.parent.mkdir(parents=True)
    own_model.write_bytes(b"bisheriges Modell")
    flat = tmp_path / "flach.zip"
    with zipfile.ZipFile(flat, "w") as zf:
        zf.writestr("1.jpg", b"\xff\xd8\xff" + b"0" * 100)
    out = _send("Anlernen bitte", [flat])
    assert "ohne Klassenordner" in out.text and "bleibt unverändert" in out.text
    assert own_model.read_bytes() == b"bisheriges Modell"


def test_an_employee_may_not_train_and_the_default_checker_stays(photo_zip: Path, own_model: Path) -> None:
    out = _send("Anlernen", [photo_zip], role="employee")
    assert "nicht zur Verfügung" in out.text and not own_model.exists()
    untrained = _send("Mit unserem Modell prüfen", [next((photo_zip.parent / "Fotos" / "ganz").glob("*.jpg"))])
    assert "noch nicht angelernt" in untrained.text


def test_asking_to_train_without_a_zip_says_how_to_send_one() -> None:
    out = _send("Ich möchte die Fotoprüfung mit meinen eigenen Fotos anlernen", [])
    assert "ZIP" in out.text and "je Klasse ein Ordner" in out.text


def test_a_zip_with_one_class_names_the_zip_not_a_server_folder(tmp_path: Path, own_model: Path) -> None:
    """The answer showed the server's temporary folder („/…/models/.fotos-x/fotos“; hostile test 22)."""
    root = write_piece_set(tmp_path / "Fotos", 5, 5, seed=7, width=96, height=128)
    one = tmp_path / "nur-ok.zip"
    with zipfile.ZipFile(one, "w") as zf:
        for p in sorted((root / "ganz").glob("*.jpg")):
            zf.write(p, f"ganz/{p.name}")
    out = _send("Anlernen bitte", [one])
    assert "„nur-ok.zip“ mindestens zwei Unterordner" in out.text, out.text
    assert ".fotos-" not in out.text and str(own_model.parent) not in out.text and "bleibt unverändert" in out.text


def test_a_training_that_fails_half_way_keeps_the_old_checker(
    photo_zip: Path, own_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hostile test 22: the new checker is half written when training crashes – the stored one stays, the work
    folder is removed and the user gets a German answer with an error id."""
    import tools.vision.piece_classifier as pc

    own_model.parent.mkdir(parents=True)
    own_model.write_bytes(b"bisheriges Modell")

    def crash(folder: Path, out: Path, *args: object, **kwargs: object) -> None:
        out.write_bytes(b"halb")
        raise RuntimeError("Speicher voll")

    monkeypatch.setattr(pc, "train_piece_classifier", crash)
    out = _send("Lerne die Qualitätsprüfung mit diesen Fotos an", [photo_zip])
    assert "Fehler-ID" in out.text and "Speicher voll" not in out.text
    assert own_model.read_bytes() == b"bisheriges Modell"
    assert not [p for p in own_model.parent.iterdir() if p.name.startswith(".fotos-")]


def test_a_checker_no_better_than_guessing_is_kept_but_every_check_says_so(tmp_path: Path, own_model: Path) -> None:
    """Trained on photos sorted into the folders at random: the owner asked for it, so it is stored – marked,
    and the training answer and each later check in the chat say that it is not shown better than guessing."""
    from tests.tools.test_vision_reliable import WARNING, scrambled_folder

    folder = scrambled_folder(tmp_path)
    archive = tmp_path / "zufall.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(folder.rglob("*.jpg")):
            zf.write(p, str(p.relative_to(folder)))
    out = _send("Lerne die Qualitätsprüfung mit diesen Fotos an", [archive])
    assert out.tool == "quality_training" and out.data["trained"] and out.data["reliable"] is False
    assert own_model.is_file() and "Gespeichert ist das Modell trotzdem" in out.text and "markiert" in out.text
    checked = _send("Bitte mit meinem Modell prüfen", [next((folder / "ganz").glob("*.jpg"))])
    assert checked.tool == "quality_check" and "eigenen Modell" in checked.text
    assert checked.text.count(WARNING) == 1 and "prüfen Sie die Teile selbst" in checked.text


def test_chat_answer_names_the_combination_and_the_repeated_cross_validation() -> None:
    """The chat's report of a combination chosen by 5 × 5-fold CV says so in plain German (no training needed)."""
    from tools.vision import piece_classifier as pc
    from tools.vision.piece_report import CandidateScore, PieceTrainReport, wilson

    cands = [
        CandidateScore(kind=k, accuracy=wilson(a, 63), defect_recall=wilson(r, 21))
        for k, a, r in (("kombi", 44, 12), ("netz", 41, 13), ("klassisch", 36, 8), ("teil", 42, 11), ("einfach", 40, 8))
    ]
    kind, reason = pc.choose(cands, repeats=5)
    rep = PieceTrainReport(
        model_path="m.pt",
        kind=kind,
        reason=reason,
        classes={"ganz": 42, "gebrochen": 21},
        defect_classes=["gebrochen"],
        folds=5,
        repeats=5,
        candidates=cands,
        majority_accuracy=42 / 63,
        wrong=[],
        wrong_sheet=None,
        warnings=pc.no_better(cands, kind, 42 / 63),
        notes=[],
        reliable=False,
    )
    text = quality_training._answer(rep, [])
    assert "5-facher Kreuzvalidierung (5-mal mit neu gemischten Fotos wiederholt, Mittelwerte)" in text
    assert (
        "Gewählt: Kombination aus neuronalem Netz, klassischem Modell, Teil-Modell und einfachem Kantenmodell" in text
    )
    assert "nur knapp besser als „immer die häufigste Klasse“" in text  # 44 of 63 against 42: not shown better
