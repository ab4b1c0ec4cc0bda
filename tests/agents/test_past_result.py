"""„Wie viel Gewinn haben wir im Oktober gemacht?“: the booked result of whole months, from the monthly accounts;
a part of a month or one branch is declined honestly (trial 9: the answer gave revenue only)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from agents.finance.past_result import asks_result, past_result
from tools.company.data import load_finance_monthly
from tools.finance.models import COST_CATEGORIES
from tools.format_de import eur


def test_a_booked_month_gives_revenue_minus_its_costs() -> None:
    fin = load_finance_monthly()
    last = fin["month"].max()
    row = fin[fin["month"] == last].iloc[0]
    result = float(row["revenue"]) - sum(float(row[c]) for c in COST_CATEGORIES)
    end = (last + pd.offsets.MonthEnd(0)).date()
    text, figures = past_result(last.date(), end, [])
    assert figures is not None and abs(figures["result"] - result) < 0.01
    assert f"von {eur(abs(result))}" in text and eur(float(row["revenue"])) in text


def test_part_of_a_month_or_a_branch_is_declined() -> None:
    text, figures = past_result(date(2026, 11, 16), date(2026, 11, 22), [])
    assert figures is None and "ganze, schon gebuchte Monate" in text
    text, figures = past_result(date(2026, 10, 1), date(2026, 10, 31), ["osterburg"])
    assert figures is None and "je Filiale" in text


def test_which_questions_ask_for_the_result() -> None:
    assert asks_result("Wie viel Gewinn haben wir im Oktober gemacht?")
    assert asks_result("Was haben wir letzte Woche verdient?")
    assert not asks_result("Wie viel Umsatz hatten wir letzte Woche?")


def test_a_branch_ranking_by_profit_is_recognised() -> None:
    """Trial 9: „Welche Filiale bringt am wenigsten Gewinn?“ went to the production plan."""
    from agents.sales.review import asks_branch_profit

    assert asks_branch_profit("Welche Filiale bringt am wenigsten Gewinn?")
    assert not asks_branch_profit("Welche Filiale verkauft morgen am meisten?")
    assert not asks_branch_profit("Wie viel Gewinn haben wir im Oktober gemacht?")
