"""Choose the piece / defect thresholds and the no-baked-goods gate on the VALIDATION split (seed 0).

`python -m evals.vision.calibrate [--model PATH] [--n 300]` prints a table; never touches the held-out seed 7.
Rule: the largest defect threshold whose validation defect recall is ≥ 0.955 (most ok pieces stay ok);
the crust gate must keep every validation tray and is checked on non-bakery images of seed 9.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

from evals.vision.__main__ import match_image, read_labels

NEG_CALIB_SEED = 9
DEFECT_CONFS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
CONFS = (0.15, 0.2, 0.25, 0.3)


def main() -> int:
    """Grid over (conf, defect_conf) on the validation split; crust-share statistics for the gate."""
    import torch

    from tools.settings import get_settings
    from tools.vision.generator import generate_non_bakery
    from tools.vision.inference import (
        DEFAULT_IMGSZ,
        DEFAULT_MODEL,
        IOU,
        MIN_CRUST,
        crust_share,
        detect,
        load_model,
        looks_like_bakery,
        merge_pieces,
    )

    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--neg", type=int, default=100)
    args = ap.parse_args()
    torch.set_num_threads(1)
    root = get_settings().var_dir / "vision" / "synthetic"
    imgs = sorted((root / "images" / "val").glob("*.jpg"))[: args.n]
    if not imgs:
        print("Validierungsdaten fehlen (erst `python -m tools.vision.train_synthetic`) – übersprungen.")
        return 0
    model = load_model(str(args.model))
    raw = []
    for p in imgs:
        img = cv2.imread(str(p))
        r = model.predict(img, imgsz=DEFAULT_IMGSZ, conf=0.05, iou=IOU, device="cpu", verbose=False, max_det=300)[0]
        gt = read_labels(root / "labels" / "val" / (p.stem + ".txt"), img.shape[1], img.shape[0])
        raw.append((img, gt, r.boxes.xyxy.numpy(), r.boxes.cls.numpy(), r.boxes.conf.numpy(), r.names))
    print(f"Validierung: {len(imgs)} Bilder (Seed 0), imgsz {DEFAULT_IMGSZ}")
    print(f"{'conf':>6}{'defect_conf':>12}{'Recall Fehler':>15}{'Recall ok':>11}{'Zählfehler':>12}")
    best = None
    for conf in CONFS:
        for dconf in DEFECT_CONFS:
            tot = np.zeros(4)
            errs = []
            for _img, (gb, gc), b, c, s, names in raw:
                dets = merge_pieces(b, c, s, names, conf, dconf)
                tot += match_image(gb, gc, dets)
                errs.append(abs(len(dets) - len(gc)))
            drec, okrec = tot[1] / tot[0], tot[3] / tot[2]
            print(f"{conf:>6.2f}{dconf:>12.2f}{drec:>15.3f}{okrec:>11.3f}{np.mean(errs):>12.3f}")
            key = (drec >= 0.955, okrec if drec >= 0.955 else drec, -float(np.mean(errs)))
            if best is None or key > best[0]:
                best = (key, conf, dconf, drec, okrec)
    print(f"Gewählt: conf {best[1]}, defect_conf {best[2]} (Recall Fehler {best[3]:.3f}, ok {best[4]:.3f})")
    tray_dets = [(img, merge_pieces(b, c, s, names)) for img, (gb, gc), b, c, s, names in raw if len(gc)]
    trays = [crust_share(img, d) for img, d in tray_dets]
    print(
        f"Bleche: bester Score je Bild min {min(max(x.confidence for x in d) for _, d in tray_dets):.3f}, "
        f"mittlerer Score je Bild min {min(np.mean([x.confidence for x in d]) for _, d in tray_dets):.3f}, "
        f"von der ganzen Sperre verworfen {sum(not looks_like_bakery(i, d) for i, d in tray_dets)}"
    )
    rng = np.random.default_rng(NEG_CALIB_SEED)
    negs, full = [], 0
    for _ in range(args.neg):
        img = generate_non_bakery(rng)
        dets = detect(model, img, min_crust=0.0)
        negs.append(crust_share(img, dets) if dets else None)
        full += bool(dets) and looks_like_bakery(img, dets, MIN_CRUST)
    with_dets = [v for v in negs if v is not None]
    print(f"Krustenanteil Validierungs-Bleche: min {min(trays):.3f}, 1 %-Quantil {np.quantile(trays, 0.01):.3f}")
    print(f"Nicht-Backwaren (Seed {NEG_CALIB_SEED}): {len(with_dets)} von {len(negs)} mit Boxen ohne Sperre")
    for t in (0.1, 0.15, 0.2, 0.25):
        print(
            f"  Sperre {t:.2f}: Bleche verworfen {sum(v < t for v in trays)}, "
            f"Nicht-Backwaren mit Teilen {sum(v >= t for v in with_dets)}"
        )
    print(f"  ganze Sperre (Farbe {MIN_CRUST} + Scores): Nicht-Backwaren mit Teilen {full} von {len(negs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
