"""Keep third-party chatter (Prophet's plotly notice, cmdstanpy progress) out of user-facing output."""

from __future__ import annotations

import logging


def quiet_libraries() -> None:
    """Raise the log level of noisy libraries; our own warnings still show."""
    logging.getLogger("prophet.plot").setLevel(logging.CRITICAL)
    for name in ("prophet", "cmdstanpy", "httpx", "ultralytics"):
        logging.getLogger(name).setLevel(logging.WARNING)
