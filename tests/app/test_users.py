"""Users: hashed passwords, roles, add/remove through the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.users import DEMO_USERS, User, _session, add_user, authenticate, ensure_demo_users, remove_user


def test_demo_users_log_in_with_their_role() -> None:
    ensure_demo_users()
    for name, role, password in DEMO_USERS:
        assert authenticate(name, password) == role
        assert authenticate(name, password + "x") is None


def test_password_is_stored_hashed() -> None:
    add_user("testbaecker", "employee", "geheim-1234")
    with _session() as s:
        stored = s.get(User, "testbaecker").password_hash
    assert "geheim" not in stored and stored.startswith("$2")
    assert remove_user("testbaecker") and authenticate("testbaecker", "geheim-1234") is None


def test_short_password_rejected() -> None:
    with pytest.raises(ValueError, match="8 Zeichen"):
        add_user("x", "guest", "kurz")


def test_cli_add_and_remove() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["users", "add", "azubi-lisa", "--role", "employee", "--password", "brezel-2026"])
    assert out.exit_code == 0, out.output
    assert authenticate("azubi-lisa", "brezel-2026") == "employee"
    assert runner.invoke(app, ["users", "remove", "azubi-lisa"]).exit_code == 0
    assert runner.invoke(app, ["users", "remove", "azubi-lisa"]).exit_code == 1


def test_unknown_and_known_users_cost_one_bcrypt_check_each(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import users

    ensure_demo_users()
    calls: list[bytes] = []
    real = users.bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        calls.append(hashed)
        return real(password, hashed)

    monkeypatch.setattr(users.bcrypt, "checkpw", counting)
    assert authenticate("inhaberin", "falsch-123") is None
    assert authenticate("gibt-es-nicht", "falsch-123") is None
    assert authenticate("inhaberin", "x" * 100) is None  # longer than bcrypt reads: refused, same cost
    assert len(calls) == 3 and all(h.startswith(b"$2b$12$") for h in calls)


def test_role_of_follows_the_store() -> None:
    from app.users import role_of

    add_user("wechsel", "owner", "wechsel-1234")
    add_user("wechsel", "employee", "wechsel-1234")
    assert role_of("wechsel") == "employee"
    remove_user("wechsel")
    assert role_of("wechsel") is None


def test_a_removed_demo_user_does_not_come_back_on_the_next_start() -> None:
    """Hostile test 13: each start re-created a removed demo owner with its public password (a back door)."""
    ensure_demo_users()
    add_user("eigene-chefin", "owner", "eigenes-passwort-2026")
    assert remove_user("inhaberin")
    try:
        ensure_demo_users()  # what every start of the web app and `synerki users list` run
        assert authenticate("inhaberin", "korn-kruste-chefin") is None
    finally:
        remove_user("eigene-chefin")
        add_user("inhaberin", "owner", "korn-kruste-chefin")


def test_documented_demo_passwords_are_named_in_a_german_warning() -> None:
    from app.users import demo_password_warnings

    ensure_demo_users()
    add_user("gast", "guest", "eigenes-gast-passwort")
    try:
        warnings = demo_password_warnings()
        assert any("„inhaberin“" in w and "Demo-Passwort" in w for w in warnings)
        assert not any("„gast“" in w for w in warnings)  # its password was changed
    finally:
        add_user("gast", "guest", "showcase-lab")
