"""How stable is the checker's choice of model on few photos, and which selection rule picks better?
Judged on TRAINING photos only (the test photos of the splits are never read).

`python -m evals.vision.selection [--splits N ...] [--repeats 10]`

For each independent split (evals/vision/independent.py SPLITS) every candidate gets out-of-fold probabilities
from `--repeats` reshuffled stratified 5-folds (the same folds for all candidates; cached under var/vision).
Then for each selection rule:
- one 5-fold: choose on one reshuffle, score the choice by its mean accuracy on the other reshuffles;
- 5×5: choose on 5 reshuffles, score it on the other ones (every set of 5 out of `--repeats`);
and the spread of each candidate's accuracy over the reshuffles. A rule is better when the candidate it picks does
better on reshuffles it did not see and when it picks the same candidate more often.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from evals.vision.crop_embed import embed, mirrors, normalised_crop, pretrained
from tools.vision import piece_crop as pcrop
from tools.vision.piece_classifier import COMBO as KINDS
from tools.vision.piece_classifier import Inputs, _fit_net, fit, predict_inputs, prepare_inputs
from tools.vision.piece_data import read_folder
from tools.vision.piece_net import predict_proba

# experiments: teil+ = teil's crop features plus the whole photo's global features; teilnetz = the frozen pretrained
# net's features of the rotation-normalised piece crop (piece_embed); teilnetz+ = teil's features and those together
# teilnetz-ft = the pretrained net fine-tuned on those crops like `netz` on whole photos (addendum, stop 12)
EXTRA = ("teil+", "teilnetz", "teilnetz+", "teilnetz-ft")
EMBED_C = 0.1  # pre-registered (README, stop 12), not tuned


@dataclass
class EvalInputs(Inputs):
    """The product's prepared inputs plus the frozen net's features of the normalised piece crop."""

    emb: np.ndarray | None = None
    crops: list[np.ndarray] | None = None  # the rotation-normalised piece crops (network input)


def oof(inp: EvalInputs, kinds: tuple[str, ...], repeats: int, seed: int = 0, k: int = 5) -> dict[str, np.ndarray]:
    """Out-of-fold probabilities (repeats × n × classes) of each kind, the same folds for all kinds."""
    out = {kind: np.zeros((repeats, len(inp.y), inp.n_classes)) for kind in kinds}
    for r in range(repeats):
        folds = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed + r)
        for f, (tr, te) in enumerate(folds.split(inp.feats, inp.y)):
            for kind in kinds:
                out[kind][r, te] = _fit_predict(kind, inp, tr, te, seed + f)
        print(f"    reshuffle {r + 1}/{repeats} done ({time.process_time():.0f} CPU-s)", flush=True)
    return out


def _fit_predict(kind: str, inp: EvalInputs, tr: np.ndarray, te: np.ndarray, seed: int) -> np.ndarray:
    if kind == "teil+":
        from tools.vision.piece_features import N_GRID_COLS, predict_classical

        x = np.hstack([inp.crop, inp.feats[:, N_GRID_COLS:]])
        return predict_classical(pcrop.fit_crop(x[tr], inp.y[tr]), x[te])
    if kind == "teilnetz-ft":
        assert inp.crops is not None
        net = _fit_net(replace(inp, prepared=inp.crops), tr, seed)
        views = [[np.ascontiguousarray(v) for v in mirrors(inp.crops[i])] for i in te]
        return np.mean([predict_proba(net, [v[j] for v in views]) for j in range(4)], axis=0)  # type: ignore[no-any-return]
    if kind in ("teilnetz", "teilnetz+"):
        from tools.vision.piece_features import predict_classical

        assert inp.emb is not None
        x = inp.emb if kind == "teilnetz" else np.hstack([inp.crop, inp.emb])
        return predict_classical(pcrop.fit_crop(x[tr], inp.y[tr], c=EMBED_C), x[te])
    m = fit(kind, inp, tr, [str(c) for c in range(inp.n_classes)], seed)  # type: ignore[arg-type]
    return predict_inputs(m, inp, te)


def accs(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Accuracy per reshuffle of (repeats × n × classes) probabilities."""
    out: np.ndarray = (p.argmax(-1) == y[None]).mean(1)
    return out


def pick(probs: dict[str, np.ndarray], y: np.ndarray, defect: int) -> str:
    """Best accuracy, then defect recall, then log loss, then the simpler (later in the dict)."""
    names = list(probs)

    def key(name: str) -> tuple[float, float, float, int]:
        p = probs[name]
        rec = float((p.argmax(-1)[:, y == defect] == defect).mean())
        loss = float(-np.log(np.clip(p[:, np.arange(len(y)), y], 1e-6, 1)).mean())
        return round(float(accs(p, y).mean()), 6), round(rec, 6), -round(loss, 2), names.index(name)

    return max(names, key=key)


def stacked(p: dict[str, np.ndarray], y: np.ndarray, kinds: tuple[str, ...]) -> np.ndarray:
    """Stacking per reshuffle: a logistic regression on the candidates' out-of-fold defect probabilities,
    itself cross-fitted (5-fold) – slightly optimistic, the first level's folds are shared."""
    reps = next(iter(p.values())).shape[0]
    out = np.zeros_like(next(iter(p.values())))
    for r in range(reps):
        x = np.hstack([p[k][r][:, 1:] for k in kinds])
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=100 + r).split(x, y):
            lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x[tr], y[tr])
            out[r, te] = lr.predict_proba(x[te])
    return out


def rule_figures(p: dict[str, np.ndarray], pool: list[str], y: np.ndarray, defect: int) -> str:
    """Choice counts and mean unseen-reshuffle accuracy of the choice, for one 5-fold and for 5×5."""
    reps = next(iter(p.values())).shape[0]
    acc = {k: accs(p[k], y) for k in pool}
    one: Counter[str] = Counter()
    one_sc = []
    for r in range(reps):
        c = pick({k: p[k][r : r + 1] for k in pool}, y, defect)
        one[c] += 1
        one_sc.append(np.delete(acc[c], r).mean())
    five: Counter[str] = Counter()
    five_sc = []
    for s in itertools.combinations(range(reps), 5):
        c = pick({k: p[k][list(s)] for k in pool}, y, defect)
        five[c] += 1
        if reps > 5:  # with exactly 5 reshuffles there is none left to score the choice on
            five_sc.append(np.delete(acc[c], list(s)).mean())
    best = max(acc[k].mean() for k in pool)
    return (
        f"one 5-fold → {np.mean(one_sc):.3f} {dict(one.most_common())}; "
        f"5×5 → {np.mean(five_sc) if five_sc else float('nan'):.3f} {dict(five.most_common())}; best in pool {best:.3f}"
    )


def report(p: dict[str, np.ndarray], y: np.ndarray, defect: int) -> None:
    """Print the spread per candidate and the rules' figures."""
    p = dict(p)
    for t in ("teil", "teil+"):
        base = tuple(k if k != "teil" else t for k in KINDS)
        if all(k in p for k in base):
            p["kombi" if t == "teil" else "kombi+"] = np.mean([p[k] for k in base], axis=0)
            p["stack" if t == "teil" else "stack+"] = stacked(p, y, base)
    if "netz" in p:
        p["netz+teil"] = np.mean([p["netz"], p["teil"]], axis=0)
    print(f"  majority {np.bincount(y).max() / len(y):.3f}")
    for k, v in p.items():
        a = accs(v, y)
        rec = float((v.argmax(-1)[:, y == defect] == defect).mean())
        print(
            f"  {k:<10} accuracy {a.mean():.3f} ± {a.std():.3f} (min {a.min():.3f}, max {a.max():.3f}); recall {rec:.3f}"
        )
    pools: dict[str, list[str]] = {
        "4 candidates (as shipped)": list(KINDS),
        "4 + kombi": [*KINDS, "kombi"],
        "teil+ instead of teil": ["netz", "klassisch", "teil+", "einfach"],
        "teil+ instead of teil, + kombi+": ["netz", "klassisch", "teil+", "einfach", "kombi+"],
        "4 + stack": [*KINDS, "stack"],
        "4 + kombi + teilnetz": [*KINDS, "kombi", "teilnetz"],
        "4 + kombi + teilnetz+": [*KINDS, "kombi", "teilnetz+"],
        "without netz: klassisch, teil, einfach": ["klassisch", "teil", "einfach"],
        "without netz, + teilnetz": ["klassisch", "teil", "einfach", "teilnetz"],
        "without netz, + teilnetz+": ["klassisch", "teil", "einfach", "teilnetz+"],
        "without netz, + teilnetz-ft": ["klassisch", "teil", "einfach", "teilnetz-ft"],
    }
    for name, pool in pools.items():
        if not all(k in p for k in pool):
            continue
        print(f"  rule {name}: {rule_figures(p, pool, y, defect)}")


def main() -> int:
    """Print the spread and rule figures per split (training photos only)."""
    import torch

    from evals.vision.independent import SPLITS
    from tools.settings import get_settings

    ap = argparse.ArgumentParser()
    ap.add_argument("--splits", type=int, nargs="*", default=None, help="indices into SPLITS")
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--kinds", nargs="*", default=None, help="only these candidates (default: all)")
    ap.add_argument("--test", action="store_true", help="after the choice: the test photos, once (report only)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    base = get_settings().var_dir / "vision"
    for i in args.splits if args.splits is not None else range(len(SPLITS)):
        name, n_train, n_test, seed, shapes = SPLITS[i]
        root = base / f"unabhaengig_v1_{seed}_{n_train}_{n_test}_{'-'.join(shapes)}"
        if not (root / ".complete").exists() and not (root / "test").is_dir():  # test/ is written after train/
            print(f"{name}: not generated yet (python -m evals.vision --independent) – skipped")
            continue
        kinds = tuple(args.kinds) if args.kinds else KINDS + EXTRA
        cache = base / f"selection_{seed}_{n_train}_{args.repeats}_{'-'.join(kinds)}.npz"
        if cache.exists():
            with np.load(cache) as z:
                p = {k: z[k] for k in z.files if k not in ("y", "defect")}
                y, inp_defect = z["y"], int(z["defect"])
        else:
            t0 = time.process_time()
            ps = read_folder(Path(root) / "train")
            crops = [normalised_crop(i) for i in ps.images]
            inp = EvalInputs(**vars(prepare_inputs(ps)), emb=embed(pretrained(), crops), crops=crops)
            p = oof(inp, kinds, args.repeats)
            y = inp.y
            inp_defect = int(np.flatnonzero(inp.defect)[0])
            np.savez(cache, y=y, defect=np.array(inp_defect), **p)  # type: ignore[arg-type]
            print(f"  ({time.process_time() - t0:.0f} CPU-s for {args.repeats}× 5-fold of all candidates)")
        print(f"{name} – training photos only ({len(y)}), {args.repeats} reshuffled stratified 5-folds:")
        report(p, y, inp_defect)
        if args.test:
            test_figures(root, p, y, inp_defect)
        print(flush=True)
    return 0


def test_figures(root: Path, p: dict[str, np.ndarray], y: np.ndarray, defect: int) -> None:
    """The old rule's and the new rule's choice (first 5 reshuffles = the product's folds with seed 0), every
    candidate fitted on all training photos, scored on the test photos. Run once, after the rule is frozen."""
    from tools.vision.piece_classifier import REPEATS

    old = pick({k: p[k][:1] for k in KINDS}, y, defect)  # as shipped before: one 5-fold, four candidates
    new = pick(
        {"kombi": np.mean([p[k][:REPEATS] for k in KINDS], axis=0)} | {k: p[k][:REPEATS] for k in KINDS}, y, defect
    )
    train, test = read_folder(root / "train"), read_folder(root / "test")
    inp = prepare_inputs(train)
    probs: dict[str, np.ndarray] = {}
    for k in KINDS:
        probs[k] = fit(k, inp, np.arange(len(train.labels)), train.classes, 0).predict_proba(test.images)
    probs["kombi"] = np.mean([probs[k] for k in KINDS], axis=0)
    t = test.labels
    cells = []
    for name, v in probs.items():
        pred = v.argmax(1)
        cells.append(f"{name} {(pred == t).mean():.3f}/{(pred[t == defect] == defect).mean():.3f}")
    print(
        f"  TEST ({len(t)} photos, majority {np.bincount(t).max() / len(t):.3f}; accuracy/defect recall): "
        + ", ".join(cells)
    )
    for rule, c in (("before (one 5-fold)", old), (f"after ({REPEATS}×5 + kombi)", new)):
        pred = probs[c].argmax(1)
        print(
            f"  {rule}: chose {c} → test {(pred == t).mean():.3f}, defect recall {(pred[t == defect] == defect).mean():.3f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
