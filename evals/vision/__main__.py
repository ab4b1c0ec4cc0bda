"""Evaluate the shipped tray detector on a held-out synthetic set: mAP50, recall per class, speed.

`python -m evals.vision [--quick] [--model PATH] [--n N]` prints a table and exits 0.
The held-out set uses seed 7 (training used seed 0), so no image is shared with training.
It then runs the single-piece checker protocol on the synthetic real-like sets (evals/vision/pieces.py).
`--pieces` runs only that; `--real FOLDER` runs the protocol on a folder of class sub-folders
(with train/ and test/ inside, or split stratified with ≤ 70 training photos).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import cv2
import numpy as np

HELDOUT_SEED = 7
NEG_EVAL_SEED = 8  # non-bakery images for the no-baked-goods check (training negatives: 2, calibration: 9)


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU matrix between boxes a (n,4) and b (m,4) in xyxy."""
    x1 = np.maximum(a[:, None, 0], b[None, :, 0])
    y1 = np.maximum(a[:, None, 1], b[None, :, 1])
    x2 = np.minimum(a[:, None, 2], b[None, :, 2])
    y2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a[:, None] + area_b[None, :] - inter + 1e-9)


def match_image(gt_boxes: np.ndarray, gt_cls: list[int], dets: list) -> np.ndarray:
    """[defects, defects found as some defect, ok pieces, ok pieces found as ok] for one image (IoU 0.5)."""
    from tools.vision.classes import CLASS_ID, CLASS_NAMES, is_defect

    pb = np.array([d.box for d in dets], np.float32).reshape(-1, 4)
    pc = [CLASS_ID[d.cls] for d in dets]
    out = np.zeros(4)
    if not len(gt_cls):
        return out
    ious = _iou(gt_boxes, pb) if len(pb) else np.zeros((len(gt_cls), 0))
    used: set[int] = set()
    for gi in np.argsort(-ious.max(1) if ious.shape[1] else np.zeros(len(gt_cls))):
        c = gt_cls[gi]
        cand = [j for j in np.argsort(-ious[gi]) if ious[gi, j] >= 0.5 and j not in used] if ious.shape[1] else []
        same = [j for j in cand if pc[j] == c]
        j = same[0] if same else (cand[0] if cand else None)
        if j is not None:
            used.add(int(j))
        found_defect = j is not None and is_defect(CLASS_NAMES[pc[j]])
        if is_defect(CLASS_NAMES[c]):
            out[0] += 1
            out[1] += found_defect
        else:
            out[2] += 1
            out[3] += j is not None and not found_defect
    return out


def read_labels(path: Path, w: int, h: int) -> tuple[np.ndarray, list[int]]:
    """Boxes (xyxy, pixels) and class ids of a YOLO label file."""
    return _read_labels(path, w, h)


def non_bakery_check(model: Any, n: int) -> tuple[int, int, int]:
    """(images, images reported with pieces, pieces reported) on generated non-bakery images (seed 8)."""
    from tools.vision.generator import generate_non_bakery
    from tools.vision.inference import detect

    rng = np.random.default_rng(NEG_EVAL_SEED)
    counts = [len(detect(model, generate_non_bakery(rng))) for _ in range(n)]
    return n, sum(c > 0 for c in counts), sum(counts)


def _read_labels(path: Path, w: int, h: int) -> tuple[np.ndarray, list[int]]:
    rows = [line.split() for line in path.read_text().splitlines() if line.strip()]
    boxes = [
        [
            (float(cx) - float(bw) / 2) * w,
            (float(cy) - float(bh) / 2) * h,
            (float(cx) + float(bw) / 2) * w,
            (float(cy) + float(bh) / 2) * h,
        ]
        for _, cx, cy, bw, bh in rows
    ]
    return np.array(boxes, np.float32).reshape(-1, 4), [int(r[0]) for r in rows]


def heldout_set(n: int) -> Path:
    """Generate (once, cached under var/) the held-out synthetic set of n images."""
    from tools.settings import get_settings
    from tools.vision.generator import write_dataset

    root = get_settings().var_dir / "vision" / f"heldout_{HELDOUT_SEED}_{n}"
    if not (root / "data.yaml").exists():
        write_dataset(root, 0, n, seed=HELDOUT_SEED)
    return root


def evaluate(model_path: Path, n: int) -> dict:
    """All figures for one weights file on n held-out images."""
    import torch

    from tools.vision.classes import CLASS_ID, CLASS_NAMES, is_defect
    from tools.vision.inference import CONF, DEFAULT_IMGSZ, DEFECT_CONF, detect, load_model
    from tools.vision.train import validate

    root = heldout_set(n)
    val = validate(model_path, root / "data.yaml", imgsz=DEFAULT_IMGSZ)
    model = load_model(str(model_path))
    imgs = sorted((root / "images" / "val").glob("*.jpg"))
    model.predict(cv2.imread(str(imgs[0])), imgsz=DEFAULT_IMGSZ, device="cpu", verbose=False)  # warm-up
    torch.set_num_threads(1)  # Ultralytics' own CPU default here (cores - 1); 2 threads timed below
    gt_n, hit_strict = Counter(), Counter()
    ok_gt = ok_as_ok = 0
    defect_gt = defect_found = 0
    count_err = []
    pieces_total = 0
    t_total = 0.0
    for p in imgs:
        img = cv2.imread(str(p))
        h, w = img.shape[:2]
        gt_boxes, gt_cls = _read_labels(root / "labels" / "val" / (p.stem + ".txt"), w, h)
        t0 = time.perf_counter()
        dets = detect(model, img, DEFAULT_IMGSZ)
        t_total += time.perf_counter() - t0
        pb = np.array([d.box for d in dets], np.float32).reshape(-1, 4)
        pc = np.array([CLASS_ID[d.cls] for d in dets], int)
        pieces_total += len(gt_cls)
        count_err.append(abs(len(pc) - len(gt_cls)))
        if not len(gt_cls):
            continue
        ious = _iou(gt_boxes, pb) if len(pb) else np.zeros((len(gt_cls), 0))
        used: set[int] = set()
        for gi in np.argsort(-ious.max(1) if ious.shape[1] else np.zeros(len(gt_cls))):
            c = gt_cls[gi]
            name = CLASS_NAMES[c]
            gt_n[name] += 1
            cand = [j for j in np.argsort(-ious[gi]) if ious[gi, j] >= 0.5 and j not in used] if ious.shape[1] else []
            same = [j for j in cand if pc[j] == c]
            j = same[0] if same else (cand[0] if cand else None)
            if j is not None:
                used.add(int(j))
                if pc[j] == c:
                    hit_strict[name] += 1
                if not is_defect(name) and not is_defect(CLASS_NAMES[pc[j]]):
                    ok_as_ok += 1
            ok_gt += int(not is_defect(name))
            if is_defect(name):
                defect_gt += 1
                defect_found += int(j is not None and is_defect(CLASS_NAMES[pc[j]]))
    neg_n, neg_with, neg_pieces = non_bakery_check(model, max(20, n // 3))
    torch.set_num_threads(2)
    frames = [cv2.imread(str(p)) for p in imgs]
    t0 = time.perf_counter()
    for img in frames:
        detect(model, img, DEFAULT_IMGSZ)
    t2 = time.perf_counter() - t0
    return {
        "images_per_s_2threads": len(imgs) / t2,
        "pieces_per_s_2threads": pieces_total / t2,
        "model": str(model_path),
        "images": len(imgs),
        "pieces": pieces_total,
        **val,
        "recall_per_class": {c: hit_strict[c] / gt_n[c] for c in CLASS_NAMES if gt_n[c]},
        "gt_per_class": dict(gt_n),
        "defect_recall": defect_found / defect_gt if defect_gt else None,
        "ok_recall": ok_as_ok / ok_gt if ok_gt else None,
        "count_mae": float(np.mean(count_err)),
        "images_per_s": len(imgs) / t_total,
        "pieces_per_s": pieces_total / t_total,
        "imgsz": DEFAULT_IMGSZ,
        "conf": CONF,
        "defect_conf": DEFECT_CONF,
        "non_bakery_images": neg_n,
        "non_bakery_with_pieces": neg_with,
        "non_bakery_pieces": neg_pieces,
    }


def main() -> int:
    """Print the figures as a table (and JSON to var/vision/eval.json)."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    from tools.settings import get_settings
    from tools.vision.inference import DEFAULT_MODEL

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="60 images instead of 300")
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--pieces", action="store_true", help="nur die Einzelteil-Prüfung (synthetische Sätze)")
    ap.add_argument(
        "--real", type=Path, default=None, help="Ordner (oder ZIP) mit eigenen Fotos (ein Unterordner je Klasse)"
    )
    ap.add_argument(
        "--independent",
        action="store_true",
        help="Einzelteil-Prüfung auf den unabhängig erzeugten Fotos (evals/vision/independent.py)",
    )
    args = ap.parse_args()
    if args.independent:
        return independent_main(args.quick)
    if args.real or args.pieces:
        return pieces_main(args.real, args.quick)
    if not args.model.exists():
        print(f"Modell {args.model} fehlt – Auswertung übersprungen.")
        return 0
    n = args.n or (60 if args.quick else 300)
    r = evaluate(args.model, n)
    out = get_settings().var_dir / "vision" / "eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(r, indent=1, ensure_ascii=False))
    print(
        f"Vision-Evaluation: {r['images']} Held-out-Bilder (Seed {HELDOUT_SEED}), {r['pieces']} Teile, "
        f"imgsz {r['imgsz']}, conf {r['conf']}, defect_conf {r['defect_conf']}"
    )
    print(f"{'Kennzahl':<28}{'Wert':>10}{'Ziel':>10}")
    rows = [
        ("mAP50", r["mAP50"], "≥ 0.90"),
        ("mAP50-95", r["mAP50-95"], ""),
        ("Precision", r["precision"], ""),
        ("Recall (Ultralytics)", r["recall"], ""),
        ("Recall Fehler (irgendein)", r["defect_recall"], "≥ 0.95"),
        ("Recall ok (als ok erkannt)", r["ok_recall"], ""),
        ("Zählfehler je Bild (MAE)", r["count_mae"], ""),
        ("Bilder/s (1 Thread)", r["images_per_s"], "≥ 10"),
        ("Teile/s (1 Thread)", r["pieces_per_s"], "≥ 200"),
        ("Bilder/s (2 Threads)", r["images_per_s_2threads"], "≥ 10"),
        ("Teile/s (2 Threads)", r["pieces_per_s_2threads"], "≥ 200"),
    ]
    for k, v, goal in rows:
        print(f"{k:<28}{(v if v is not None else float('nan')):>10.3f}{goal:>10}")
    print(
        f"Nicht-Backwaren-Bilder (Seed {NEG_EVAL_SEED}): {r['non_bakery_with_pieces']} von "
        f"{r['non_bakery_images']} mit Teilen gemeldet ({r['non_bakery_pieces']} Teile)"
    )
    print(f"\n{'Klasse':<24}{'Anzahl':>8}{'Recall':>10}")
    for c, rec in r["recall_per_class"].items():
        print(f"{c:<24}{r['gt_per_class'][c]:>8}{rec:>10.3f}")
    print(
        f"(Geschwindigkeit: Einzelbilder nacheinander inkl. Vor-/Nachverarbeitung, CPU mit anderen Prozessen "
        f"geteilt; JSON: {out})"
    )
    print()
    return pieces_main(None, args.quick)


def pieces_main(real: Path | None, quick: bool) -> int:
    """The single-piece checker protocol on a user's folder or on the synthetic real-like sets."""
    import torch

    from evals.vision.pieces import print_rows, run_protocol, split_folder, synthetic_rows
    from tools.errors import DatasetError
    from tools.settings import get_settings
    from tools.vision.photo_zip import photo_folder

    torch.set_num_threads(1)  # accuracy, not speed, is measured here
    if real is not None:
        try:
            with photo_folder(real) as folder:  # a ZIP of the folders is unpacked first
                train, test = split_folder(folder)
        except DatasetError as exc:
            print(f"Fehler: {exc}")
            return 2
        print(f"Einzelteil-Prüfung auf {real}:")
        print_rows([(real.name[:33], run_protocol(train, test))])
        return 0
    root = get_settings().var_dir / "vision"
    print("Einzelteil-Prüfung, synthetische „echt-ähnliche“ Fotos (576 × 768, ein Drittel gebrochen):")
    print_rows(synthetic_rows(root, n_test=60 if quick else 150))
    return 0


def independent_main(quick: bool) -> int:
    """The protocol on the independently generated splits (evals/vision/independent.py SPLITS; --quick: the first)."""
    import torch

    from evals.vision.independent import SPLITS, cached_split
    from evals.vision.pieces import print_rows, run_protocol, split_folder
    from tools.settings import get_settings

    torch.set_num_threads(1)
    base = get_settings().var_dir / "vision"
    rows = []
    for name, n_train, n_test, seed, shapes in SPLITS[:1] if quick else SPLITS:
        train, test = split_folder(cached_split(base, n_train, n_test, seed, shapes))
        rows.append((name, run_protocol(train, test)))
    print("Einzelteil-Prüfung, unabhängiger Generator (evals/vision/independent.py, ein Drittel fehlerhaft):")
    print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
