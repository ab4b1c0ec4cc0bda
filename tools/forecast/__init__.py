"""Sales forecasting: Prophet per series with holidays, Advent, closed days and weather (see api.py)."""
