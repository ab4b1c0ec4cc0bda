"""`agents.operations.less_more`: „Was sollen wir im Januar weniger produzieren?“ compares the groups (trial 33)."""

from __future__ import annotations

from datetime import date

from agents.contracts import DateRange, Slots, TurnContext
from agents.operations.less_more import asks_less_more
from agents.operations.production_plan import run

JAN = DateRange(start=date(2027, 1, 1), end=date(2027, 1, 31), label="im Januar 2027")


def test_less_or_more_over_a_period_is_asked() -> None:
    assert asks_less_more(Slots(text="Was sollen wir im Januar weniger produzieren?", dates=JAN))
    assert asks_less_more(Slots(text="wovon backen wir im januar am besten weniger?", dates=JAN))
    one_day = DateRange(start=date(2026, 11, 26), end=date(2026, 11, 26), label="morgen")
    assert not asks_less_more(Slots(text="Sollen wir morgen weniger backen?", dates=one_day))
    assert not asks_less_more(Slots(text="Backplan für Januar", dates=JAN))


def test_the_owner_gets_the_groups_that_drop_first() -> None:
    ctx = TurnContext(role="owner", thread_id="less", today=date(2026, 11, 25))
    reply = run(Slots(text="Was sollen wir im Januar weniger produzieren?", dates=JAN), ctx)
    changes = reply.data["changes"]
    falling = [c for c in changes if c["change"] < 0]
    assert changes and [c["change"] for c in changes] == sorted(c["change"] for c in changes)
    lead = reply.text.split("\n\n")[0]
    if falling:
        assert lead.startswith("Weniger als jetzt backen Sie im Januar 2027") and falling[0]["name"] in lead
    assert "| Warengruppe |" in reply.text
