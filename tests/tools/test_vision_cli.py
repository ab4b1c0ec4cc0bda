"""`synerki vision check|train`: JSON output with the shipped detector, a tiny classifier training run."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
from typer.testing import CliRunner

from app.cli import app
from tools.vision.classes import CLASS_NAMES
from tools.vision.generator import generate_tray, render_piece

runner = CliRunner()


def test_check_json_with_shipped_model(tmp_path: Path, fresh_var: Path) -> None:
    rng = np.random.default_rng(2024)
    img, meta = generate_tray(rng)
    photo = tmp_path / "tray.jpg"
    cv2.imwrite(str(photo), img)
    junk = tmp_path / "liste.csv"
    junk.write_text("a,b\n1,2\n")
    res = runner.invoke(app, ["vision", "check", str(photo), str(junk), "--json"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.strip().splitlines()]
    assert [d["image"] for d in lines] == ["tray.jpg", "liste.csv"]
    d = lines[0]
    assert set(d) >= {"image", "label", "pieces", "defects", "detections"}
    assert d["pieces"] == len(d["detections"]) and abs(d["pieces"] - len(meta.pieces)) <= 3
    det = d["detections"][0]
    assert det["class"] in CLASS_NAMES and 0 < det["confidence"] <= 1 and len(det["box"]) == 4
    assert sum(d["defects"].values()) == sum(1 for x in d["detections"] if not x["class"].endswith("_ok"))
    assert "kein Bild" in lines[1]["error"]
    stats = runner.invoke(app, ["vision", "stats", "--json"])
    assert json.loads(stats.output)["pieces"] == d["pieces"]


def test_check_rejects_only_bad_files(tmp_path: Path, fresh_var: Path) -> None:
    junk = tmp_path / "x.jpg"
    junk.write_text("nope")
    res = runner.invoke(app, ["vision", "check", str(junk)])
    assert res.exit_code == 1 and "kein Bild" in res.output


def test_train_classify_tiny_then_check(tmp_path: Path, fresh_var: Path) -> None:
    """Class folders named like the detector's states: `ok` is the good class, the other one the defect."""
    rng = np.random.default_rng(5)
    data = tmp_path / "fotos"
    for state in ("ok", "verbrannt"):
        (data / state).mkdir(parents=True)
        for i in range(6):
            p = render_piece(rng, "broetchen", state, 48)
            a = p[..., 3:] / 255
            cv2.imwrite(str(data / state / f"{i}.png"), (p[..., :3] * a + 40 * (1 - a)).astype(np.uint8)[..., ::-1])
    out = tmp_path / "mein_modell.pt"
    res = runner.invoke(
        app, ["vision", "train", "--data", str(data), "--task", "classify", "--out", str(out), "--folds", "3", "--json"]
    )
    assert res.exit_code == 0, res.output
    result = json.loads(res.output.strip().splitlines()[-1])
    assert out.exists() and result["classes"] == {"ok": 6, "verbrannt": 6} and result["defect_classes"] == ["verbrannt"]
    assert result["folds"] == 3 and result["kind"] in {"netz", "klassisch", "teil", "einfach", "kombi"}
    assert {c["kind"] for c in result["candidates"]} == {"netz", "klassisch", "teil", "einfach", "kombi"}
    assert any("nur 6 Fotos" in w for w in result["warnings"])
    chk = runner.invoke(app, ["vision", "check", str(data / "ok" / "0.png"), "--model", str(out), "--json"])
    d = json.loads(chk.output.strip().splitlines()[-1])
    assert d["label"] in {"ok", "verbrannt"} and d["detections"] == [] and d["pieces"] == 1


def test_train_names_a_file_that_is_no_folder_and_a_missing_path(tmp_path: Path) -> None:
    """`vision train --data verkauf.csv` said „Ordner … nicht gefunden“ for a file that exists (hostile test 22)."""
    table = tmp_path / "verkauf.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    out = runner.invoke(
        app, ["vision", "train", "--task", "classify", "--data", str(table), "--out", str(tmp_path / "m.pt")]
    )
    assert out.exit_code == 2 and "ist kein Ordner und kein ZIP" in out.stderr, out.output
    out = runner.invoke(
        app,
        ["vision", "train", "--task", "classify", "--data", str(tmp_path / "fehlt"), "--out", str(tmp_path / "m.pt")],
    )
    assert out.exit_code == 2 and "gibt es nicht" in out.stderr
