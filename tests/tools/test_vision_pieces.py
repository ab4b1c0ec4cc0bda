"""Single-piece photo checker: CV choice between network and classical model, save/load, report, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from typer.testing import CliRunner

from app.cli import app
from tools.errors import DatasetError, InputError
from tools.vision import piece_classifier as pc
from tools.vision.inference import check_images
from tools.vision.piece_data import read_folder
from tools.vision.piece_photos import write_piece_set
from tools.vision.piece_report import CandidateScore, PieceTrainReport, warnings_for, wilson

W, H = 96, 128
runner = CliRunner()


@pytest.fixture(scope="session", autouse=True)
def _threads() -> None:
    torch.set_num_threads(1)  # one thread: OpenMP spinning on a shared 2-core machine costs more than it saves


@pytest.fixture(scope="session")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """24 + 24 training photos and 20 + 20 held-out photos (other seed), small for speed."""
    root = tmp_path_factory.mktemp("teile")
    return {
        "train": write_piece_set(root / "train", 24, 24, seed=3, width=W, height=H),
        "test": write_piece_set(root / "test", 20, 20, seed=4, width=W, height=H),
    }


@pytest.fixture(scope="session")
def trained(photos: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[PieceTrainReport, Path]:
    out = tmp_path_factory.mktemp("modell") / "teile.pt"
    return pc.train_piece_classifier(photos["train"], out, k=4), out


def test_cv_choice_and_heldout_accuracy(trained: tuple[PieceTrainReport, Path], photos: dict[str, Path]) -> None:
    rep, out = trained
    assert rep.kind in pc.KINDS and rep.classes == {"ganz": 24, "gebrochen": 24}
    assert rep.defect_classes == ["gebrochen"] and rep.folds == 4
    by = {c.kind: c for c in rep.candidates}
    winner = by[rep.kind]
    assert all(winner.accuracy.k >= c.accuracy.k for c in rep.candidates)
    assert "Gewählt:" in rep.reason and "weil" in rep.reason
    assert winner.accuracy.low <= winner.accuracy.value <= winner.accuracy.high
    assert rep.repeats == pc.REPEATS and all(w.truth != w.predicted for w in rep.wrong)  # wrong in most repeats
    if rep.wrong:
        assert rep.wrong_sheet and Path(rep.wrong_sheet).exists()
    model = pc.load(out)
    assert model.kind == rep.kind and model.report and model.report["kind"] == rep.kind
    test = read_folder(photos["test"])
    acc = float((model.predict_proba(test.images).argmax(1) == test.labels).mean())
    assert acc >= 0.75, acc  # majority baseline on the balanced held-out set: 0.5


def test_save_load_round_trip_both_kinds(photos: dict[str, Path], tmp_path: Path) -> None:
    ps = read_folder(photos["train"])
    inp = pc.prepare_inputs(ps)
    test = read_folder(photos["test"]).images[:6]
    for kind in pc.KINDS:
        m = pc.fit(kind, inp, np.arange(len(ps.labels)), ps.classes, seed=1)
        path = tmp_path / f"{kind}.pt"
        pc.save(m, path)
        back = pc.load(path)
        assert back.kind == kind and back.classes == ps.classes and back.defect == [False, True]
        np.testing.assert_allclose(back.predict_proba(test), m.predict_proba(test), atol=1e-5)
        checks = check_images([photos["test"] / "gebrochen" / "standard_4_0000.jpg"], model_path=path)
        c = checks[0]
        assert c.label in ps.classes and c.pieces == 1 and c.model and kind[:4] in c.model.lower()
        assert (c.defects == {"gebrochen": 1}) == (c.label == "gebrochen")


def test_cli_train_and_check_same_output(photos: dict[str, Path], tmp_path: Path, fresh_var: Path) -> None:
    small = tmp_path / "fotos"
    write_piece_set(small, 8, 5, seed=11, width=W, height=H)
    packed = Path(shutil.make_archive(str(tmp_path / "fotos-vom-handy"), "zip", tmp_path, "fotos"))  # fotos/ganz/…
    out = tmp_path / "mein.pt"
    res = runner.invoke(app, ["vision", "train", "--data", str(packed), "--task", "classify", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Fotos je Klasse: ganz: 8, gebrochen: 5" in res.output and "Gewählt:" in res.output
    assert "nur 5 Fotos" in res.output and "Achtung" in res.output  # < 15 per class → German warning
    photo = photos["test"] / "ganz" / "standard_4_0001.jpg"
    chk = runner.invoke(app, ["vision", "check", str(photo), "--model", str(out), "--json"])
    assert chk.exit_code == 0, chk.output
    d = json.loads(chk.output.strip().splitlines()[-1])
    assert d["label"] in {"ganz", "gebrochen"} and d["pieces"] == 1 and d["detections"] == []
    assert 0.5 <= d["confidence"] <= 1 and "mein.pt" in d["model"]
    text = runner.invoke(app, ["vision", "check", str(photo), "--model", str(out), "--no-log"])
    assert "Sicherheit" in text.output and "eigenes Modell" in text.output
    assert "Zur Einordnung: Beim Anlernen hat Ihr Modell" in text.output and "von 13 Ihrer Fotos" in text.output


def test_bad_inputs_get_german_messages(photos: dict[str, Path], tmp_path: Path) -> None:
    flat = tmp_path / "flach"
    flat.mkdir()
    (flat / "a.jpg").write_bytes((photos["train"] / "ganz" / "standard_3_0000.jpg").read_bytes())
    with pytest.raises(DatasetError, match="Unterordner je Klasse"):
        read_folder(flat)
    one = tmp_path / "eine"
    write_piece_set(one, 5, 0, seed=1, width=W, height=H)
    with pytest.raises(DatasetError, match="mindestens zwei Unterordner"):
        read_folder(one)
    broken = tmp_path / "kaputt"
    write_piece_set(broken, 5, 5, seed=2, width=W, height=H)
    (broken / "ganz" / "defekt.jpg").write_bytes(b"\xff\xd8\xff\xe0 abgeschnitten")
    (broken / "gebrochen" / "notiz.txt").write_text("hallo")
    out = tmp_path / "m.pt"
    out.write_bytes(b"altes Modell")
    with pytest.raises(DatasetError, match="defekt.jpg.*notiz.txt|notiz.txt.*defekt.jpg") as exc:
        pc.train_piece_classifier(broken, out)
    assert "nichts überschrieben" in str(exc.value) and out.read_bytes() == b"altes Modell"
    few = tmp_path / "wenig"
    write_piece_set(few, 6, 2, seed=3, width=W, height=H)
    with pytest.raises(DatasetError, match="Zu wenige Fotos"):
        read_folder(few)
    with pytest.raises(DatasetError, match="Ordner"):
        pc.train_piece_classifier(photos["train"], tmp_path)
    junk = tmp_path / "modell.pt"
    junk.write_text("kein Modell")
    with pytest.raises(InputError, match="keine Modelldatei"):
        check_images([photos["test"] / "ganz" / "standard_4_0000.jpg"], model_path=junk)
    res = runner.invoke(app, ["vision", "train", "--data", str(one), "--task", "classify", "--out", str(out)])
    assert res.exit_code == 2 and "mindestens zwei Unterordner" in res.output


def test_warnings_and_intervals() -> None:
    assert warnings_for({"ok": 40, "gebrochen": 40}) == []
    w = warnings_for({"ok": 60, "gebrochen": 12})
    assert any("nur 12 Fotos" in x for x in w) and any("ungleich" in x for x in w)
    r = wilson(21, 22)
    assert 0.77 < r.low < 0.8 and r.high > 0.99 and r.value == pytest.approx(21 / 22)
    assert wilson(0, 0).high == 1.0


def test_eval_protocol_on_a_folder(photos: dict[str, Path], tmp_path: Path) -> None:
    """`python -m evals.vision --real DIR`: train/ + test/ inside are used as given; figures are consistent."""
    from evals.vision.pieces import run_protocol, split_folder

    real = tmp_path / "echt"
    real.mkdir()
    (real / "train").symlink_to(photos["train"])
    (real / "test").symlink_to(photos["test"])
    train, test = split_folder(real)
    assert len(train.labels) == 48 and len(test.labels) == 40
    r = run_protocol(train, test)
    assert r["winner"] in pc.KINDS and r["chosen"]["accuracy"] == r[r["winner"]]["accuracy"]
    assert r["chosen"]["accuracy"] > r["majority_test"] and 0 <= r["baseline"] <= 1
    assert r["chosen"]["acc_low"] <= r["chosen"]["accuracy"] <= r["chosen"]["acc_high"]


def _cand(kind: str, acc: int, rec: int) -> CandidateScore:
    return CandidateScore(kind=kind, accuracy=wilson(acc, 63), defect_recall=wilson(rec, 21))


def test_choice_among_the_candidates() -> None:
    """Best CV accuracy wins, then defect recall; a full tie goes to the simplest model."""
    kind, why = pc.choose([_cand("netz", 50, 15), _cand("klassisch", 55, 18), _cand("einfach", 60, 19)])
    assert kind == "einfach" and "60 von 63" in why and "das klassische Modell als nächstbestes nur 55" in why
    kind, why = pc.choose([_cand("netz", 60, 20), _cand("klassisch", 60, 18), _cand("einfach", 58, 19)])
    assert kind == "netz" and "mehr fehlerhafte Teile" in why and "(20 gegen 18)" in why
    kind, why = pc.choose([_cand("netz", 60, 20), _cand("klassisch", 60, 20), _cand("einfach", 60, 20)])
    assert kind == "einfach" and "so gut war wie das klassische Modell" in why
    kind, why = pc.choose(
        [_cand("netz", 40, 8), _cand("klassisch", 41, 9), _cand("teil", 52, 16), _cand("einfach", 38, 3)]
    )
    assert kind == "teil" and "52 von 63" in why and "das klassische Modell als nächstbestes nur 41" in why
    kind, why = pc.choose(
        [_cand("netz", 52, 16), _cand("klassisch", 41, 9), _cand("teil", 52, 16), _cand("einfach", 38, 3)]
    )
    assert kind == "teil" and "so gut war wie das neuronale Netz" in why  # a tie goes to the simpler model
    sure, unsure = _cand("netz", 63, 21), _cand("teil", 63, 21)
    sure.log_loss, unsure.log_loss = 0.02, 0.15
    kind, why = pc.choose([sure, _cand("klassisch", 50, 15), unsure, _cand("einfach", 45, 10)])
    assert kind == "netz" and "sicherer" in why  # equal counts: the smaller out-of-fold log loss wins


def test_simple_candidate_is_the_plain_edge_baseline(photos: dict[str, Path]) -> None:
    """'einfach' = scaler → 20 principal components → plain logistic regression on the gradient/edge grid only."""
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from tools.vision.piece_features import N_EDGE_COLS

    ps = read_folder(photos["train"])
    inp = pc.prepare_inputs(ps)
    ours = pc.fit("einfach", inp, np.arange(len(ps.labels)), ps.classes)
    ref = make_pipeline(StandardScaler(), PCA(20, random_state=0), LogisticRegression(max_iter=2000))
    ref.fit(inp.feats[:, :N_EDGE_COLS], inp.y)
    test = read_folder(photos["test"])
    got = ours.predict_proba(test.images)
    from tools.vision import piece_features as pf

    want = ref.predict_proba(np.stack([pf.features(i) for i in test.images])[:, :N_EDGE_COLS])
    np.testing.assert_allclose(got, want, atol=1e-4)


@pytest.mark.parametrize(
    ("classes", "flags"),
    [
        (["intact", "cracked"], [False, True]),
        (["unbroken", "broken"], [False, True]),
        (["io", "nio"], [False, True]),
        (["whole", "damaged"], [False, True]),
        (["ok", "beschädigt"], [False, True]),
    ],
)
def test_defect_class_from_folder_names(classes: list[str], flags: list[bool]) -> None:
    from tools.vision.piece_data import defect_classes

    assert defect_classes(classes, [40, 20]) == (flags, None)
