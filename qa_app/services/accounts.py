"""User accounts: creation, password hashing (argon2), log-in with lockout.

Passwords exist in clear only as function arguments; they are never stored, logged or put in an error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from qa_app.errors import NotFound, UserError
from qa_app.storage.models import Agent, Role, User, utcnow

MIN_PASSWORD_LENGTH = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)

_hasher = PasswordHasher()


class LoginFailed(UserError):
    pass


@dataclass(frozen=True)
class Identity:
    """Who is acting: what pages and services check permissions against (detached from any DB session)."""

    user_id: int | None  # None only for CONSOLE
    username: str
    display_name: str
    role: Role
    agent_id: int | None

    @classmethod
    def of(cls, user: User) -> "Identity":
        return cls(user.id, user.username, user.display_name or user.username, Role(user.role), user.agent_id)


# Whoever runs `qa-app` on the server: an administrator by access to the machine (and the only one who can make the
# first admin). Audited as "system": no account stands behind it.
CONSOLE = Identity(None, "console", "server console", Role.admin, None)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise UserError(f"Unknown role {value!r}; choose one of: {', '.join(r.value for r in Role)}.") from None


def create_user(session: Session, username: str, password: str, role: Role | str, *,
                display_name: str = "", agent_name: str | None = None) -> User:
    username = username.strip()
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        raise UserError("A username is 1 to 80 characters without spaces.")
    role = parse_role(role) if isinstance(role, str) else role
    if session.exec(select(User).where(User.username == username)).first():
        raise UserError(f"User {username!r} already exists.")
    agent_id = None
    if agent_name:
        agent = session.exec(select(Agent).where(Agent.name == agent_name)).first()
        if agent is None:
            raise NotFound(f"No agent named {agent_name!r}.")
        agent_id = agent.id
    if role is Role.agent and agent_id is None:
        raise UserError("An agent's account must be linked to an agent (give the agent's name).")
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                role=role, agent_id=agent_id)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"No user named {username!r}.")
    return user


def set_password(session: Session, username: str, password: str) -> None:
    user = get_user(session, username)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)


def has_accounts(session: Session) -> bool:
    """Whether anyone can log in yet: a fresh install has no accounts until the first admin is made on the command
    line (never from the web, where whoever reached the page first would own the installation)."""
    return session.exec(select(User.id).limit(1)).first() is not None


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)))


def authenticate(session: Session, username: str, password: str) -> Identity:
    """Check a log-in. Unknown user and wrong password give the same message, so names cannot be probed."""
    refused = LoginFailed("Wrong username or password.")
    user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or not user.active:
        _hasher.hash(password or "x")  # same cost as a real check: timing does not reveal unknown names
        raise refused
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise LoginFailed(f"Too many failed log-ins; try again in {minutes} minute(s) or ask an admin.")
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.add(user)
        session.commit()
        raise refused
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.add(user)
    session.commit()
    return Identity.of(user)
