"""A turn runs with the role the user store holds now, not the one in a 15-day login cookie."""

from __future__ import annotations

import threading
from pathlib import Path

from langgraph.checkpoint.memory import InMemorySaver
from typer.testing import CliRunner

from agents.contracts import AgentReply, Role, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.uploads import attachment_dict
from app.access import ROLE_TTL_S, RoleCache, current_role
from app.cli import app
from app.users import add_user, remove_user, role_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_role_is_read_again_after_a_few_seconds() -> None:
    store: dict[str, Role] = {"lena": "owner"}
    clock = FakeClock()
    roles = RoleCache(store.get, clock=clock)
    assert roles.role("lena") == "owner"
    store["lena"] = "guest"
    clock.now += 1
    assert roles.role("lena") == "owner"  # cached for a moment
    clock.now += ROLE_TTL_S
    assert roles.role("lena") == "guest"
    del store["lena"]
    clock.now += ROLE_TTL_S
    assert roles.role("lena") is None


def test_parallel_turns_share_one_store_lookup() -> None:
    calls: list[str] = []

    def lookup(name: str) -> Role | None:
        calls.append(name)
        return "employee"

    roles = RoleCache(lookup, clock=FakeClock())
    threads = [threading.Thread(target=roles.role, args=("tom",)) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["tom"]


def test_nobody_logged_in_has_no_role() -> None:
    assert current_role(None) is None and current_role("") is None


def _import_turn(role: Role, csv: Path, seen: list[str]) -> str:
    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        seen.append(tool)
        return AgentReply(text="übernommen", tools_called=[tool])

    graph = build_graph(checkpointer=InMemorySaver(), runner=runner)
    return run_turn(
        graph, "", role=role, thread_id="demotion", user="chefin-test", attachments=[attachment_dict(csv)]
    ).text


def test_demoted_user_next_turn_runs_with_the_new_role_and_removed_user_has_none(tmp_path: Path) -> None:
    csv = tmp_path / "verkauf.csv"
    csv.write_text("date,branch,product,sold\n2026-11-01,stendal_markt,schrippe,10\n", encoding="utf-8")
    clock = FakeClock()
    roles = RoleCache(role_of, clock=clock)
    add_user("chefin-test", "owner", "alt-passwort-1")
    try:
        seen: list[str] = []
        owner = roles.role("chefin-test")
        assert owner == "owner"
        assert _import_turn(owner, csv, seen) == "übernommen" and seen == ["data_import"]

        cli = CliRunner()
        demoted = cli.invoke(app, ["users", "add", "chefin-test", "--role", "guest", "--password", "alt-passwort-1"])
        assert demoted.exit_code == 0, demoted.output
        clock.now += ROLE_TTL_S
        guest = roles.role("chefin-test")
        assert guest == "guest"
        reply = _import_turn(guest, csv, seen)
        assert seen == ["data_import"] and "nicht zur Verfügung" in reply  # the owner tool did not run again

        assert cli.invoke(app, ["users", "remove", "chefin-test"]).exit_code == 0
        clock.now += ROLE_TTL_S
        assert roles.role("chefin-test") is None  # the app answers with RELOGIN and runs nothing
    finally:
        remove_user("chefin-test")
