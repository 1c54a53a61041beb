"""Demo content for a first look: two teams, a few agents, a user for every role, the default rubric, and
practice drills assigned to the teams.

Seeding happens once: a second run changes nothing and reprints the same log-ins. Demo passwords are random per
installation and kept (readable by the owner only) in the data directory, so they can be shown again.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass

from sqlmodel import Session, select

from qa_app.config import get_settings
from qa_app.services.accounts import create_user
from qa_app.services.drills import seed_drills
from qa_app.services.rubrics import ensure_default_rubric
from qa_app.storage.models import Agent, Role, Team, User

DEMO_TEAMS = {"Front Line": ["Ana Torres", "Ben Okafor"], "Escalations": ["Chloe Martin"]}
DEMO_STAFF = [("admin", Role.admin, "Demo Admin"), ("reviewer", Role.qa_reviewer, "Riley Reviewer"),
              ("trainer", Role.trainer, "Tess Trainer")]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    agent: str | None = None


def _credentials_path():
    return get_settings().data_dir / "demo-logins.json"


def _new_password() -> str:
    return "demo-" + secrets.token_urlsafe(9)


def seed_demo(session: Session) -> list[DemoLogin]:
    """Create whatever part of the demo content is missing; return every demo log-in."""
    path = _credentials_path()
    saved = {d["username"]: DemoLogin(**d) for d in json.loads(path.read_text())} if path.exists() else {}
    logins: list[DemoLogin] = []

    def ensure_user(username: str, role: Role, display_name: str, agent: str | None = None) -> None:
        existing = session.exec(select(User).where(User.username == username)).first()
        if existing is None:
            login = DemoLogin(username, _new_password(), role.value, agent)
            create_user(session, username, login.password, role, display_name=display_name, agent_name=agent)
        else:
            login = saved.get(username) or DemoLogin(username, "(changed; use qa-app users passwd)", role.value, agent)
        logins.append(login)

    for team_name, agent_names in DEMO_TEAMS.items():
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        if team is None:
            team = Team(name=team_name)
            session.add(team)
            session.flush()
        for name in agent_names:
            if session.exec(select(Agent).where(Agent.name == name)).first() is None:
                session.add(Agent(name=name, team_id=team.id))
    session.flush()
    for username, role, display_name in DEMO_STAFF:
        ensure_user(username, role, display_name)
    for agent_names in DEMO_TEAMS.values():
        for name in agent_names:
            ensure_user(name.split()[0].lower(), Role.agent, name, agent=name)
    ensure_default_rubric(session)
    seed_drills(session)
    session.commit()

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump([login.__dict__ for login in logins], handle, indent=1)
    return logins
