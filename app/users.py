"""Users of the web app: name, role and a bcrypt password hash in the company database."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import get_args

import bcrypt
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from agents.contracts import Role
from tools.db import ensure_tables

# documented in the README; change them with `synerki users add … --password …`
DEMO_USERS: list[tuple[str, Role, str]] = [
    ("inhaberin", "owner", "korn-kruste-chefin"),
    ("mitarbeiter", "employee", "korn-kruste-team"),
    ("gast", "guest", "showcase-lab"),
]


ROLES: tuple[Role, ...] = get_args(Role)
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further and refuses longer input


class _Base(DeclarativeBase):
    pass


class User(_Base):
    __tablename__ = "app_users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(100))


def _session() -> Session:
    return Session(ensure_tables(_Base.metadata))  # created once per process, parallel logins wait


def add_user(name: str, role: Role, password: str) -> None:
    """Create or update a user; the password is stored only as a bcrypt hash."""
    if not name.strip() or len(password) < 8:
        raise ValueError("Benutzername darf nicht leer sein, das Passwort braucht mindestens 8 Zeichen.")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise ValueError(f"Das Passwort darf höchstens {MAX_PASSWORD_BYTES} Bytes lang sein.")
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()
    with _session() as s:
        s.merge(User(name=name.strip(), role=role, password_hash=hashed))
        s.commit()


def remove_user(name: str) -> bool:
    """Delete a user; False if there was none."""
    with _session() as s:
        user = s.get(User, name)
        if user is None:
            return False
        s.delete(user)
        s.commit()
        return True


def list_users() -> list[tuple[str, str]]:
    with _session() as s:
        return [(u.name, u.role) for u in s.scalars(select(User).order_by(User.name))]


def _as_role(value: str) -> Role | None:
    return next((r for r in ROLES if r == value), None)


@lru_cache(maxsize=1)
def _dummy_hash() -> bytes:
    """A hash of a random password, checked for unknown names so they cost as much time as known ones."""
    return bcrypt.hashpw(secrets.token_urlsafe(16).encode(), bcrypt.gensalt())


def authenticate(name: str, password: str) -> Role | None:
    """The user's role if name and password match, else None; bcrypt runs exactly once on every path."""
    with _session() as s:
        user = s.get(User, name)
        stored, role = (user.password_hash.encode(), user.role) if user is not None else (_dummy_hash(), "")
    secret = password.encode()
    if len(secret) > MAX_PASSWORD_BYTES:  # never a stored password: check the dummy to take the same time
        stored, role = _dummy_hash(), ""
    matches = bcrypt.checkpw(secret[:MAX_PASSWORD_BYTES], stored)
    return _as_role(role) if matches else None


def role_of(name: str) -> Role | None:
    """The role the user store holds for this name now; None when the user was removed."""
    with _session() as s:
        user = s.get(User, name)
        return _as_role(user.role) if user is not None else None


def ensure_demo_users() -> None:
    """Create the documented demo users in an empty user store only (a first installation): a demo user
    removed later, or replaced by the business's own owner account, never comes back with its public password."""
    with _session() as s:
        if s.scalars(select(User.name).limit(1)).first() is not None:
            return
    for name, role, password in DEMO_USERS:
        add_user(name, role, password)


DEMO_PASSWORD_WARNING = (
    "ACHTUNG: Der Zugang „{name}“ ({role}) hat noch das öffentliche Demo-Passwort aus der Anleitung. "
    "Ändern Sie es vor dem echten Betrieb: synerki users add {name} --role {role} (neues Passwort eingeben) "
    "oder löschen Sie den Zugang: synerki users remove {name}."
)


def demo_password_warnings() -> list[str]:
    """A German warning for every user that still logs in with its documented demo password."""
    return [
        DEMO_PASSWORD_WARNING.format(name=name, role=role)
        for name, role, password in DEMO_USERS
        if authenticate(name, password) is not None
    ]
