"""Build the shipped detector: synthetic trays → YOLOv8n from scratch on the CPU → tools/vision/weights/.

Run: `nice -n 10 python -m tools.vision.train_synthetic --train 1500 --val 300 --hours 0.6`
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from tools.settings import get_settings
from tools.vision.generator import write_dataset
from tools.vision.inference import DEFAULT_MODEL, TRAIN_IMGSZ
from tools.vision.train import train

TRAIN_SEED = 0


def main() -> None:
    """Generate the data set (seed 0) and train; prints the validation metrics as JSON."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=int, default=1500)
    ap.add_argument("--val", type=int, default=300)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--hours", type=float, default=None, help="wall-clock budget; recomputes the epochs")
    ap.add_argument("--imgsz", type=int, default=TRAIN_IMGSZ)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    args = ap.parse_args()
    ds = get_settings().var_dir / "vision" / "synthetic"
    if not (ds / "data.yaml").exists():
        write_dataset(ds, args.train, args.val, seed=TRAIN_SEED)
    res = train(ds, "detect", args.epochs, args.out, imgsz=args.imgsz, time_hours=args.hours)
    print(res.model_dump_json(indent=1))
    (args.out.with_suffix(".train.json")).write_text(json.dumps(res.model_dump(mode="json"), indent=1))


if __name__ == "__main__":
    main()
