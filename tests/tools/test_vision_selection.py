"""The checker's choice on few photos: repeated cross-validation (same folds for every candidate) and the
combination candidate („Kombination aus …“, the mean of the candidates' probabilities)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from tools.vision import piece_classifier as pc
from tools.vision.inference import check_images
from tools.vision.piece_data import read_folder
from tools.vision.piece_photos import write_piece_set
from tools.vision.piece_report import CandidateScore, german_summary, score_repeated, wilson

W, H = 96, 128


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("wahl")
    return {
        "train": write_piece_set(root / "train", 14, 10, seed=31, width=W, height=H),
        "test": write_piece_set(root / "test", 6, 6, seed=32, width=W, height=H),
    }


def test_repeated_scores_are_means_and_count_photos_not_repeats() -> None:
    y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
    right = np.eye(2)[y]
    once_wrong = right.copy()
    once_wrong[[0, 6]] = once_wrong[[0, 6], ::-1]  # one whole and one broken photo wrong in this repeat
    s = score_repeated("teil", y, np.stack([right, once_wrong, right, right]), [False, True])
    assert s.accuracy.value == pytest.approx((10 + 8 + 10 + 10) / 40)
    assert s.accuracy.n == 10 and s.accuracy.k == 10  # 9.5 photos rounded; the interval is of 10 photos
    assert s.defect_recall and s.defect_recall.value == pytest.approx((4 + 3 + 4 + 4) / 16) and s.defect_recall.n == 4
    assert s.accuracy.low == pytest.approx(wilson(10, 10).low)


def test_mostly_predicted_takes_the_majority_of_the_repeats() -> None:
    p = np.array([[[0.9, 0.1], [0.4, 0.6]], [[0.2, 0.8], [0.3, 0.7]], [[0.7, 0.3], [0.6, 0.4]]])
    assert pc.mostly_predicted(p).tolist() == [0, 1]


def test_cross_validation_repeats_with_reshuffled_folds_and_the_combination_is_the_members_mean(
    photos: dict[str, Path],
) -> None:
    ps = read_folder(photos["train"])
    inp = pc.prepare_inputs(ps)
    oof, k = pc.cross_validate(inp, ps.classes, k=4, repeats=2)
    assert k == 4 and set(oof) == set(pc.KINDS)
    assert all(p.shape == (2, len(ps.labels), 2) for p in oof.values())
    np.testing.assert_allclose(oof["kombi"], np.mean([oof[m] for m in pc.COMBO], axis=0))
    assert not np.allclose(oof["teil"][0], oof["teil"][1])  # the second repeat used other folds


def test_combination_model_averages_its_members_and_round_trips(photos: dict[str, Path], tmp_path: Path) -> None:
    ps = read_folder(photos["train"])
    inp = pc.prepare_inputs(ps)
    test = read_folder(photos["test"]).images
    m = pc.fit("kombi", inp, np.arange(len(ps.labels)), ps.classes, seed=1)
    assert m.members and [x.kind for x in m.members] == list(pc.COMBO)
    np.testing.assert_allclose(m.predict_proba(test), np.mean([x.predict_proba(test) for x in m.members], axis=0))
    path = tmp_path / "kombi.pt"
    pc.save(m, path)
    back = pc.load(path)
    assert back.kind == "kombi" and back.members and len(back.members) == len(pc.COMBO)
    np.testing.assert_allclose(back.predict_proba(test), m.predict_proba(test), atol=1e-5)
    (c,) = check_images([photos["test"] / "gebrochen" / "standard_32_0000.jpg"], model_path=path)
    assert c.model and "Kombination" in c.model and c.label in ps.classes


def _cand(kind: str, acc: int, rec: int) -> CandidateScore:
    return CandidateScore(kind=kind, accuracy=wilson(acc, 63), defect_recall=wilson(rec, 21))


def test_the_reason_names_the_combination_in_plain_german_and_the_repeats() -> None:
    kind, why = pc.choose(
        [_cand("kombi", 55, 17), _cand("netz", 41, 17), _cand("teil", 52, 16), _cand("einfach", 40, 3)], repeats=5
    )
    assert kind == "kombi" and why.startswith("Gewählt: Kombination aus neuronalem Netz, klassischem Modell, ")
    assert "Teil-Modell und einfachem Kantenmodell" in why and "55 von 63 richtig geprüft hat (Mittel aus 5" in why
    assert "das Teil-Modell als nächstbestes nur 52" in why
    kind, why = pc.choose([_cand("kombi", 52, 16), _cand("teil", 52, 16), _cand("einfach", 40, 3)], repeats=5)
    assert kind == "teil" and "so gut war wie die Kombination" in why  # a tie goes to the simpler model


def test_training_report_says_the_cross_validation_was_repeated(photos: dict[str, Path], tmp_path: Path) -> None:
    rep = pc.train_piece_classifier(photos["train"], tmp_path / "m.pt", k=4)
    assert rep.repeats == pc.REPEATS and rep.kind in pc.KINDS
    assert {c.kind for c in rep.candidates} == set(pc.KINDS)
    text = german_summary(rep)
    assert f"Kreuzvalidierung: 4-fach, {pc.REPEATS}-mal mit neu gemischten Fotos wiederholt" in text
    assert "Gewählt:" in text and "weil" in text
    assert all(w.truth != w.predicted for w in rep.wrong)
