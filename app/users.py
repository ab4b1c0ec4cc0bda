"""Users of the web app: name, role and a bcrypt password hash in the company database."""
from __future__ import annotations

import bcrypt
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from agents.contracts import Role
from tools.db import get_engine

# documented in the README; change them with `synerki users add … --password …`
DEMO_USERS: list[tuple[str, Role, str]] = [
    ("inhaberin", "owner", "korn-kruste-chefin"),
    ("mitarbeiter", "employee", "korn-kruste-team"),
    ("gast", "guest", "showcase-lab"),
]


class _Base(DeclarativeBase):
    pass


class User(_Base):
    __tablename__ = "app_users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(100))


def _session() -> Session:
    engine = get_engine()
    _Base.metadata.create_all(engine)
    return Session(engine)


def add_user(name: str, role: Role, password: str) -> None:
    """Create or update a user; the password is stored only as a bcrypt hash."""
    if not name.strip() or len(password) < 8:
        raise ValueError("Benutzername darf nicht leer sein, das Passwort braucht mindestens 8 Zeichen.")
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


def authenticate(name: str, password: str) -> Role | None:
    """The user's role if name and password match, else None."""
    with _session() as s:
        user = s.get(User, name)
        if user is None or not bcrypt.checkpw(password.encode(), user.password_hash.encode()):
            return None
        return user.role  # type: ignore[return-value]


def ensure_demo_users() -> None:
    """Create the documented demo users once (existing users are left alone)."""
    with _session() as s:
        existing = {u for u in s.scalars(select(User.name))}
    for name, role, password in DEMO_USERS:
        if name not in existing:
            add_user(name, role, password)
