"""Import Ultralytics offline: local config dir, no telemetry, no downloads (fonts, AMP check, hub)."""

from __future__ import annotations

import os
from typing import Any

from tools.settings import get_settings


def ultralytics() -> Any:
    """The `ultralytics` module, configured to stay offline and write only under var/."""
    os.environ["YOLO_OFFLINE"] = "1"
    os.environ["YOLO_AUTOINSTALL"] = "False"
    os.environ.setdefault("YOLO_CONFIG_DIR", str(get_settings().var_dir / "ultralytics"))
    os.environ.setdefault("YOLO_VERBOSE", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import ultralytics as ul
    from ultralytics.utils import SETTINGS

    wanted = {
        "sync": False,
        "clearml": False,
        "comet": False,
        "dvc": False,
        "mlflow": False,
        "raytune": False,
        "tensorboard": False,
        "wandb": False,
        "runs_dir": str(get_settings().var_dir / "vision" / "runs"),
        "weights_dir": str(get_settings().var_dir / "vision" / "weights"),
        "datasets_dir": str(get_settings().var_dir / "vision" / "datasets"),
    }
    if any(SETTINGS.get(k) != v for k, v in wanted.items()):
        SETTINGS.update(wanted)
    return ul
