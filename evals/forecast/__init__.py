"""Forecast evaluation: rolling-origin backtests against baselines and plain Prophet."""
