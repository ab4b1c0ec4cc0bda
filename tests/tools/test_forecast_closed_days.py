"""Closed days of a branch that opened late and never opens on Sundays (issue 21.2: a chain's export)."""

from __future__ import annotations

import pandas as pd
import pytest

from tools.forecast.calendar import closed_days


def test_a_date_seen_only_on_a_closed_sunday_is_not_a_closed_date() -> None:
    ds = pd.date_range("2017-06-01", "2018-12-31", freq="D")
    ds = ds[(ds.day_of_week != 6) & ~ds.isin(pd.to_datetime(["2017-12-26", "2018-12-26"]))]
    hist = pd.DataFrame({"ds": ds, "y": 20.0})
    future = pd.to_datetime(["2019-01-06", "2019-01-07", "2019-01-14", "2019-12-26", "2019-12-27"])
    flags = closed_days(hist, pd.DatetimeIndex(future), None)
    # 7 and 14 January were Sundays in 2018 (the branch opened in June 2017): Mondays in 2019 are open;
    # 26 December was closed on a Tuesday and a Wednesday: closed again in 2019
    assert flags.tolist() == [True, False, False, True, False]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Prognose bitte, wir sind in Schleswig-Holstein", "DE-SH"),
        ("Feiertage Sachsen-Anhalt", "DE-ST"),
        ("Filiale in Sachsen", "DE-SN"),
        ("Thüringen", "DE-TH"),
        ("Prognose bitte", None),
    ],
)
def test_the_state_a_message_names(text: str, region: str | None) -> None:
    from tools.forecast.calendar import region_in_text

    assert region_in_text(text) == region
