"""Pretrain the single-piece classifier (whole vs broken) on synthetic photos → weights/piece_net.pt.

`nice -n 10 python -m tools.vision.pretrain_pieces [--n 3000 --epochs 10]` (CPU, 2 threads, a few minutes).
Training photos: style `standard`, seed 100; validation: seed 101. The style `verschoben` is never used here.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch

from tools.vision.piece_net import WEIGHTS, PieceNet, predict_proba, prepare, train_net
from tools.vision.piece_photos import generate_piece_photo

TRAIN_SEED = 100
VAL_SEED = 101
PHOTO_W, PHOTO_H = 144, 192


def synthetic(n: int, seed: int) -> tuple[list[np.ndarray], np.ndarray]:
    """n prepared photos (half broken, standard style) and labels 0 = whole, 1 = broken."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(np.int64)
    return [prepare(generate_piece_photo(rng, bool(b), "standard", PHOTO_W, PHOTO_H)) for b in y], y


def main() -> None:
    """Generate, train, report validation accuracy, save the weights with their training record."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--val", type=int, default=400)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.process_time()
    train, val = synthetic(args.n, TRAIN_SEED), synthetic(args.val, VAL_SEED)
    net, ran = train_net(PieceNet(2), train, val, args.epochs, lr=3e-3, seed=0, patience=4, batch=32)
    acc = float((predict_proba(net, val[0]).argmax(1) == val[1]).mean())
    record = {
        "n_train": args.n,
        "n_val": args.val,
        "epochs": ran,
        "val_accuracy": round(acc, 4),
        "classes": ["ganz", "gebrochen"],
        "train_seed": TRAIN_SEED,
        "val_seed": VAL_SEED,
        "cpu_s": round(time.process_time() - t0, 1),
    }
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": net.state_dict(), "record": record}, WEIGHTS)
    WEIGHTS.with_suffix(".train.json").write_text(json.dumps(record, indent=1))
    print(json.dumps(record))


if __name__ == "__main__":
    main()
