"""The independent real-like photo generator (evals/vision/independent.py) and the protocol on a tiny split."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from evals.vision.independent import DEFECT_CLASS, OK_CLASS, H, W, render, write_split
from evals.vision.pieces import run_protocol, split_folder
from tools.vision.piece_classifier import KINDS, no_better, weak_recall
from tools.vision.piece_report import CandidateScore, wilson


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch.set_num_threads(1)
    return write_split(tmp_path_factory.mktemp("unabh"), 12, 12, seed=5, shapes=("roll", "pretzel"))


def test_split_has_two_classes_of_portrait_jpegs(split: Path) -> None:
    for part, n in (("train", 12), ("test", 12)):
        ok = sorted((split / part / OK_CLASS).glob("*.jpg"))
        bad = sorted((split / part / DEFECT_CLASS).glob("*.jpg"))
        assert (len(ok), len(bad)) == (n - n // 3, n // 3)
        img = cv2.imread(str(ok[0]))
        assert img is not None and img.shape == (H, W, 3)
    first = {p.name: p.read_bytes() for p in (split / "train").rglob("*.jpg")}
    assert len(set(first.values())) == 12  # every photo differs


def test_same_seed_same_photo_and_defect_changes_it() -> None:
    a = render(np.random.default_rng(3), None, ("loaf",))
    b = render(np.random.default_rng(3), None, ("loaf",))
    burnt = render(np.random.default_rng(3), "burnt", ("loaf",))
    assert np.array_equal(a, b)
    assert np.abs(a.astype(int) - burnt.astype(int)).mean() > 1.0


def test_protocol_runs_on_a_tiny_independent_split(split: Path) -> None:
    train, test = split_folder(split)
    assert train.classes == [OK_CLASS, DEFECT_CLASS] and train.defect == [False, True]
    r = run_protocol(train, test)
    assert r["n_train"] == 12 and r["n_test"] == 12 and r["winner"] in KINDS
    acc = r["cv_chosen"]["accuracy"]
    assert acc["low"] <= acc["value"] <= acc["high"] and acc["n"] == 12
    assert 0.0 <= r["chosen"]["accuracy"] <= 1.0 and 0.0 <= r["baseline"] <= 1.0


def test_weak_recall_warns_only_below_the_threshold() -> None:
    weak = CandidateScore(kind="klassisch", accuracy=wilson(40, 63), defect_recall=wilson(6, 21))
    good = CandidateScore(kind="klassisch", accuracy=wilson(60, 63), defect_recall=wilson(20, 21))
    (w,) = weak_recall(weak)
    assert "nur 6 von 21 fehlerhaften Teilen" in w and "%" in w
    assert weak_recall(good) == []


def test_majority_warning_needs_the_interval_clear_of_guessing() -> None:
    def scores(k: int) -> list[CandidateScore]:
        return [CandidateScore(kind="klassisch", accuracy=wilson(k, 63), defect_recall=None)]

    majority = 42 / 63
    assert "nicht besser" in no_better(scores(40), "klassisch", majority)[0]
    (narrow,) = no_better(scores(44), "klassisch", majority)
    assert "nur knapp besser" in narrow and "44 von 63" in narrow and "67 %" in narrow
    assert no_better(scores(60), "klassisch", majority) == []
