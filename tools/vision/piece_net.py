"""A small CNN for single-piece photos (whole vs defective): input, augmentation, training with early stopping.

The shipped weights (`weights/piece_net.pt`) come from `python -m tools.vision.pretrain_pieces` on synthetic
photos; `finetune` starts from them on a bakery's own photos with strong augmentation (light, white
balance, blur, rotation, crops) and stops early on a held-out part of those photos.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import cv2
import numpy as np
import torch
from torch import nn

SIDE = 96
WEIGHTS = Path(__file__).resolve().parent / "weights" / "piece_net.pt"


class PieceNet(nn.Module):
    """Four strided conv blocks, global average pooling and a linear head (≈ 0.2 M parameters)."""

    def __init__(self, n_classes: int = 2) -> None:
        super().__init__()
        chans = [3, 16, 32, 64, 96]
        layers: list[nn.Module] = []
        for a, b in zip(chans, chans[1:]):
            layers += [nn.Conv2d(a, b, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True)]
            layers += [nn.Conv2d(b, b, 3, padding=1, bias=False), nn.BatchNorm2d(b), nn.ReLU(inplace=True)]
        self.body = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2))
        self.head = nn.Linear(chans[-1], n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.head(self.body(x))
        return out


def prepare(bgr: np.ndarray) -> np.ndarray:
    """The photo as RGB float32 SIDE×SIDE in 0..1 (squashed to a square, area-averaged)."""
    small = cv2.resize(bgr, (SIDE, SIDE), interpolation=cv2.INTER_AREA)
    return small[..., ::-1].astype(np.float32) / 255.0


def to_tensor(imgs: list[np.ndarray]) -> torch.Tensor:
    """Batch of prepared images → N×3×S×S, each image standardised per channel (light/white-balance free)."""
    x = np.stack(imgs).transpose(0, 3, 1, 2)
    mean = x.mean(axis=(2, 3), keepdims=True)
    std = x.std(axis=(2, 3), keepdims=True) + 0.02
    return torch.from_numpy(((x - mean) / std).astype(np.float32))


def augment(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random rotation, crop/zoom, flip, exposure, gamma, white balance, blur and noise of a prepared image."""
    s = SIDE
    scale = rng.uniform(0.85, 1.2)
    m = np.asarray(cv2.getRotationMatrix2D((s / 2, s / 2), rng.uniform(0, 360), scale), np.float64)
    m[:, 2] += rng.uniform(-0.1, 0.1, 2) * s
    out = cv2.warpAffine(img, m, (s, s), borderMode=cv2.BORDER_REFLECT)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    out = np.clip(out * rng.uniform(0.6, 1.4), 0, 1) ** rng.uniform(0.7, 1.4)
    out = out * rng.uniform(0.8, 1.2, 3).astype(np.float32)
    if rng.random() < 0.4:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.3, 1.3))
    out = out + rng.normal(0, rng.uniform(0, 0.03), out.shape).astype(np.float32)
    return np.ascontiguousarray(np.clip(out, 0, 1), np.float32)


def load_pretrained(n_classes: int = 2, path: Path = WEIGHTS) -> PieceNet:
    """The shipped pretrained network; a head for another class count starts fresh."""
    net = PieceNet(2)
    if path.exists():
        net.load_state_dict(torch.load(path, map_location="cpu", weights_only=True)["state_dict"])
    if n_classes != 2:
        net.head = nn.Linear(net.head.in_features, n_classes)
    return net


def train_net(
    net: PieceNet,
    train: tuple[list[np.ndarray], np.ndarray],
    val: tuple[list[np.ndarray], np.ndarray] | None,
    epochs: int,
    lr: float,
    seed: int = 0,
    patience: int = 8,
    batch: int = 16,
) -> tuple[PieceNet, int]:
    """Train with augmentation and class-balanced loss; with `val`, keep the epoch of lowest val loss and stop
    after `patience` epochs without improvement. Returns the net and the epochs run."""
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    imgs, y = train
    counts = np.bincount(y, minlength=net.head.out_features).astype(np.float32)
    weight = torch.tensor(counts.sum() / np.maximum(counts, 1) / len(counts))
    loss_fn = nn.CrossEntropyLoss(weight=weight)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    yt = torch.from_numpy(y.astype(np.int64))
    best, best_state, since, ran = math.inf, copy.deepcopy(net.state_dict()), 0, 0
    for epoch in range(epochs):
        net.train()
        order = rng.permutation(len(imgs))
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            if len(idx) < 2:
                continue
            xb = to_tensor([augment(imgs[j], rng) for j in idx])
            opt.zero_grad()
            loss_fn(net(xb), yt[idx]).backward()
            opt.step()
        sched.step()
        ran = epoch + 1
        if val is None:
            continue
        vloss = float(nn.functional.cross_entropy(logits(net, val[0]), torch.from_numpy(val[1].astype(np.int64))))
        if vloss < best - 1e-4:
            best, best_state, since = vloss, copy.deepcopy(net.state_dict()), 0
        else:
            since += 1
            if since >= patience:
                break
    if val is not None:
        net.load_state_dict(best_state)
    return net, ran


@torch.no_grad()
def logits(net: PieceNet, imgs: list[np.ndarray]) -> torch.Tensor:
    """Raw scores of prepared images (eval mode, batches of 64)."""
    net.eval()
    parts = [net(to_tensor(imgs[i : i + 64])) for i in range(0, len(imgs), 64)]
    return torch.cat(parts) if parts else torch.zeros((0, net.head.out_features))


def predict_proba(net: PieceNet, imgs: list[np.ndarray]) -> np.ndarray:
    """Class probabilities (n × classes) of prepared images."""
    out: np.ndarray = torch.softmax(logits(net, imgs), dim=1).numpy()
    return out
