"""Routing evaluation on the held-out requests (written before tuning the router)."""
