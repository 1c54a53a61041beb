"""People and teams: what the admin page manages. Every change is audited."""

from __future__ import annotations

from sqlmodel import Session, select

from qa_app.errors import NotFound, UserError
from qa_app.services import accounts, audit
from qa_app.services.permissions import Capability, require
from qa_app.storage.models import Agent, Role, Team, User


def _name(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value or len(value) > 120:
        raise UserError(f"A {what} name is 1 to 120 characters.")
    return value


def add_team(session: Session, identity, name: str) -> Team:
    require(identity, Capability.administer)
    name = _name(name, "team")
    if session.exec(select(Team).where(Team.name == name)).first():
        raise UserError(f"Team {name!r} already exists.")
    team = Team(name=name)
    session.add(team)
    session.flush()
    audit.record(session, identity, "team.add", "team", team.id, after={"name": name})
    return team


def add_agent(session: Session, identity, name: str, team_id: int | None) -> Agent:
    require(identity, Capability.administer)
    name = _name(name, "agent")
    if session.exec(select(Agent).where(Agent.name == name)).first():
        raise UserError(f"Agent {name!r} already exists.")
    if team_id is not None and session.get(Team, team_id) is None:
        raise NotFound(f"No team with id {team_id}.")
    agent = Agent(name=name, team_id=team_id)
    session.add(agent)
    session.flush()
    audit.record(session, identity, "agent.add", "agent", agent.id, after={"name": name, "team_id": team_id})
    return agent


def update_agent(session: Session, identity, agent_id: int, *, team_id: int | None, active: bool) -> Agent:
    require(identity, Capability.administer)
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"No agent with id {agent_id}.")
    before = {"team_id": agent.team_id, "active": agent.active}
    agent.team_id, agent.active = team_id, active
    session.add(agent)
    audit.record(session, identity, "agent.update", "agent", agent.id, before=before,
                 after={"team_id": team_id, "active": active})
    return agent


def add_user(session: Session, identity, username: str, password: str, role: Role, *, display_name: str = "",
             agent_name: str | None = None) -> User:
    require(identity, Capability.administer)
    user = accounts.create_user(session, username, password, role, display_name=display_name, agent_name=agent_name)
    audit.record(session, identity, "user.add", "user", user.id,
                 after={"username": user.username, "role": user.role.value, "agent_id": user.agent_id})
    return user


def update_user(session: Session, identity, user_id: int, *, role: Role, active: bool) -> User:
    """Change a user's role or disable them; an admin cannot lock themselves out this way."""
    require(identity, Capability.administer)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user with id {user_id}.")
    if user.id == identity.user_id and (role is not Role.admin or not active):
        raise UserError("You cannot remove your own admin rights or disable yourself.")
    if role is Role.agent and user.agent_id is None:
        raise UserError("An agent's account must be linked to an agent.")
    before = {"role": user.role.value, "active": user.active}
    user.role, user.active = role, active
    session.add(user)
    audit.record(session, identity, "user.update", "user", user.id, before=before,
                 after={"role": role.value, "active": active})
    return user


def reset_password(session: Session, identity, user_id: int, password: str) -> None:
    require(identity, Capability.administer)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user with id {user_id}.")
    accounts.set_password(session, user.username, password)
    audit.record(session, identity, "user.reset_password", "user", user.id)


def users(session: Session, identity) -> list[User]:
    require(identity, Capability.administer)
    return accounts.list_users(session)
