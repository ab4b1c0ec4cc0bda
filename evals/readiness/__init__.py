"""Evaluation of the readiness interview with scripted made-up companies."""
