"""Finance tools of Korn & Kruste: budget forecast, liquidity plan, investment appraisal.

`budget.forecast_budget`, `liquidity.plan_liquidity`, `investment.appraise` / `sales_scenario`;
monthly model in `monthly.py`, backtest in `backtest.py` (run `python -m evals.finance`).
"""
