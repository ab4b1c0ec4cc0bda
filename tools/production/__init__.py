"""Production quantities: calibrated demand quantiles, the newsvendor, backtests and the daily plan."""
