"""Errors whose message is meant for the user (German) and may be shown as the answer."""
from __future__ import annotations


class UserFacingError(RuntimeError):
    """A tool cannot run for a reason the user can act on; `str(err)` is a German sentence."""
