"""Scenario drills in the database: versions trainers save, import and export; assignments to agents and teams;
attempts agents play, scored reply by reply with the same rubric and scorer as calls; spoken replies to text.

Trainers (``build_drills``) manage drills and see who did what; agents (``practise_drills``) play only drills
assigned to them or their team. A version someone has practised is never edited: saving makes the next one, and
attempts keep the version they played.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from importlib.resources import files
from pathlib import Path

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

import scoring
from qa_app.drills import conversation, spec
from qa_app.drills.conversation import Line, Summary
from qa_app.drills.spec import DrillError, DrillSpec, Step
from qa_app.errors import Conflict, NotFound, PermissionDenied, UserError
from qa_app.services import audit
from qa_app.services.permissions import Capability, can, require
from qa_app.services.rubrics import active_rubric
from qa_app.services.scoring import scorer_for
from qa_app.storage.models import (Agent, Drill, DrillAssignment, DrillAttempt, DrillCriterionResult, Rubric, Team,
                                   Verdict, utcnow)
from qa_app.transcription.audio import load
from qa_app.transcription.engines import load_engine

MAX_REPLY_CHARS = 2000
MAX_REPLY_SECONDS = 120.0  # a spoken reply longer than two minutes is a monologue, not a reply
MAX_REPLY_BYTES = 20 * 1024 * 1024
SEED_DRILLS = files("qa_app.drills") / "seed"
# Demo assignments: which team practises which seed drill.
SEED_ASSIGNMENTS = {"Front Line": ["late-birthday-gift", "wrong-size", "double-charge"],
                    "Escalations": ["return-outside-window", "double-charge"]}
SEED_DUE_IN_DAYS = 14


# --- reading and checking ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def _rubric(source_text: str) -> scoring.Rubric:
    return scoring.load_rubric(source_text)


def _active_rubric(session: Session) -> Rubric:
    rubric = active_rubric(session)
    if rubric is None:
        raise UserError("There is no active rubric yet; install one on the Rubric page (or run qa-app demo).")
    return rubric


def check(session: Session, text: str, source: str = "drill") -> DrillSpec:
    """The drill in ``text``, checked against the active rubric, or a UserError naming line, step and field."""
    try:
        return spec.parse_drill(text, source, rubric=_rubric(_active_rubric(session).source_text))
    except DrillError as exc:
        raise UserError(str(exc)) from None


def _parsed(drill: Drill) -> DrillSpec:
    """A stored version (checked when saved; the rubric may have changed since, which starting checks)."""
    return spec.parse_drill(drill.source_text, f"{drill.slug}.yaml")


def _latest(session: Session, slug: str) -> Drill:
    drill = session.exec(select(Drill).where(Drill.slug == slug).order_by(Drill.version.desc())).first()
    if drill is None:
        raise NotFound(f"No drill named {slug!r}.")
    return drill


def _used(session: Session, drill: Drill) -> bool:
    return session.exec(select(DrillAttempt.id).where(DrillAttempt.drill_id == drill.id)).first() is not None


# --- trainers: versions, duplicates, archive, import and export --------------------------------------------------

@dataclass(frozen=True)
class DrillRow:
    slug: str
    title: str
    version: int
    difficulty: str
    trains: tuple[str, ...]
    archived: bool
    saved_at: datetime


def catalogue(session: Session, identity, *, include_archived: bool = False) -> list[DrillRow]:
    """The newest version of every drill, by title."""
    require(identity, Capability.build_drills)
    newest = select(Drill.slug, func.max(Drill.version).label("version")).group_by(Drill.slug).subquery()
    query = select(Drill).join(newest, (newest.c.slug == Drill.slug) & (newest.c.version == Drill.version))
    if not include_archived:
        query = query.where(Drill.archived.is_(False))
    rows = []
    for drill in session.exec(query):
        parsed = _parsed(drill)
        rows.append(DrillRow(drill.slug, drill.title, drill.version, parsed.difficulty, parsed.trains,
                             drill.archived, drill.created_at))
    return sorted(rows, key=lambda row: row.title.lower())


def latest(session: Session, identity, slug: str) -> Drill:
    require(identity, Capability.build_drills)
    return _latest(session, slug)


def versions(session: Session, identity, slug: str) -> list[Drill]:
    require(identity, Capability.build_drills)
    return list(session.exec(select(Drill).where(Drill.slug == slug).order_by(Drill.version.desc())))


@dataclass(frozen=True)
class Saved:
    drill: Drill
    outcome: str  # "new drill", "new version", "edited" (the newest version was unused), "unchanged"


def _store(session: Session, identity, drill_spec: DrillSpec, *, action: str) -> Saved:
    text = drill_spec.text
    current = session.exec(select(Drill).where(Drill.slug == drill_spec.id).order_by(Drill.version.desc())).first()
    if current is not None and current.source_text == text:
        return Saved(current, "unchanged")
    if current is not None and not _used(session, current):
        before = {"version": current.version, "chars": len(current.source_text)}
        current.source_text, current.title = text, drill_spec.title
        current.created_by_id, current.created_at = identity.user_id, utcnow()
        drill, outcome = current, "edited"
    else:
        before = {"version": current.version} if current else None
        drill = Drill(slug=drill_spec.id, version=current.version + 1 if current else 1, title=drill_spec.title,
                      source_text=text, archived=current.archived if current else False,
                      created_by_id=identity.user_id)
        outcome = "new version" if current else "new drill"
    session.add(drill)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Someone saved this drill at the same moment; reload it and save again.") from None
    audit.record(session, identity, action, "drill", drill.id, before=before,
                 after={"slug": drill.slug, "version": drill.version, "chars": len(text), "outcome": outcome})
    return Saved(drill, outcome)


def save(session: Session, identity, text: str) -> Saved:
    """Check and store ``text``: a new drill, the next version, or — while nobody has practised the newest
    version — that version edited in place."""
    require(identity, Capability.build_drills)
    saved = _store(session, identity, check(session, text), action="drill.save")
    if saved.outcome == "unchanged":
        raise UserError("Nothing changed: this is the drill's newest version.")
    return saved


def duplicate(session: Session, identity, slug: str) -> Drill:
    """A copy of the newest version under a new id ("…-copy") and title ("… (copy)"), to adapt."""
    require(identity, Capability.build_drills)
    original = _latest(session, slug)
    taken = set(session.exec(select(Drill.slug)))
    base = f"{slug[:spec.MAX_SLUG - 8]}-copy"
    new_slug = next(candidate for candidate in (base if n == 1 else f"{base}-{n}" for n in range(1, 1000))
                    if candidate not in taken)
    title = f"{original.title[:spec.MAX_TITLE - 7]} (copy)"
    text = spec.renamed(original.source_text, new_slug, title)
    return _store(session, identity, check(session, text), action="drill.duplicate").drill


def set_archived(session: Session, identity, slug: str, archived: bool) -> None:
    """Archive (agents no longer see it; attempts and assignments are kept) or bring a drill back."""
    require(identity, Capability.build_drills)
    drill = _latest(session, slug)
    session.execute(update(Drill).where(Drill.slug == slug).values(archived=archived))
    audit.record(session, identity, "drill.archive" if archived else "drill.unarchive", "drill", drill.id,
                 after={"slug": slug})


def export(session: Session, identity, slug: str) -> tuple[str, str]:
    """(file name, YAML) of the newest version, to share with another team."""
    drill = latest(session, identity, slug)
    return f"{drill.slug}.yaml", drill.source_text


def import_files(session: Session, identity, uploads: Sequence[tuple[str, bytes]]) -> list[Saved]:
    """Import drill files (name, content). All are checked first: one bad file imports none, and the error names
    the file, line, step and field. A file whose id exists is saved like an edit of that drill."""
    require(identity, Capability.build_drills)
    checked: list[DrillSpec] = []
    for name, data in uploads:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(f"{name} is not a UTF-8 text file.") from None
        drill_spec = check(session, text, source=name)
        if any(other.id == drill_spec.id for other in checked):
            raise UserError(f"{name}: another file in this import also has the id {drill_spec.id!r}.")
        checked.append(drill_spec)
    return [_store(session, identity, drill_spec, action="drill.import") for drill_spec in checked]


# --- trainers: assignments and who did what ----------------------------------------------------------------------

def assign(session: Session, identity, slug: str, *, agent_ids: Sequence[int] = (), team_ids: Sequence[int] = (),
           due: date | None = None) -> list[DrillAssignment]:
    """Give a drill to agents and/or teams with a due date; assigning again changes the due date."""
    require(identity, Capability.build_drills)
    drill = _latest(session, slug)
    if drill.archived:
        raise UserError("This drill is archived; bring it back before assigning it.")
    if not agent_ids and not team_ids:
        raise UserError("Choose at least one agent or team.")
    if due is not None and due < date.today():
        raise UserError("The due date is in the past.")
    made = []
    for column, ids, model in ((DrillAssignment.agent_id, agent_ids, Agent), (DrillAssignment.team_id, team_ids, Team)):
        for target_id in ids:
            if session.get(model, target_id) is None:
                raise NotFound(f"No {model.__name__.lower()} with id {target_id}.")
            assignment = session.exec(select(DrillAssignment).where(DrillAssignment.drill_slug == slug,
                                                                    column == target_id)).first()
            if assignment is None:
                assignment = DrillAssignment(drill_slug=slug, assigned_by_id=identity.user_id,
                                             **{column.key: target_id})
            assignment.due_date = due
            session.add(assignment)
            session.flush()
            audit.record(session, identity, "drill.assign", "drillassignment", assignment.id,
                         after={"slug": slug, column.key: target_id, "due": due.isoformat() if due else None})
            made.append(assignment)
    return made


def unassign(session: Session, identity, assignment_id: int) -> None:
    require(identity, Capability.build_drills)
    assignment = session.get(DrillAssignment, assignment_id)
    if assignment is None:
        raise NotFound(f"No assignment with id {assignment_id}.")
    audit.record(session, identity, "drill.unassign", "drillassignment", assignment.id,
                 before={"slug": assignment.drill_slug, "agent_id": assignment.agent_id,
                         "team_id": assignment.team_id})
    session.delete(assignment)


@dataclass(frozen=True)
class Practice:
    """One agent's record on one drill (any version)."""

    attempts: int = 0
    finished: int = 0
    best: float | None = None
    first_finished: date | None = None
    last_practised: datetime | None = None

    def status(self, due: date | None, today: date) -> str:
        if self.finished:
            late = due is not None and self.first_finished is not None and self.first_finished > due
            return "done late" if late else "done"
        if due is not None and due < today:
            return "overdue"
        return "in progress" if self.attempts else "to do"


def _practice(session: Session, slugs: Sequence[str], agent_ids: Sequence[int] | None = None
              ) -> dict[tuple[str, int], Practice]:
    """Per (drill slug, agent): attempts, finished attempts, best score, dates — aggregated in SQL."""
    query = (select(Drill.slug, DrillAttempt.agent_id, func.count(DrillAttempt.id),
                    func.count(DrillAttempt.finished_at), func.max(DrillAttempt.total),
                    func.min(DrillAttempt.finished_at),
                    func.max(func.coalesce(DrillAttempt.finished_at, DrillAttempt.started_at)))
             .join(Drill, Drill.id == DrillAttempt.drill_id).where(Drill.slug.in_(slugs))
             .group_by(Drill.slug, DrillAttempt.agent_id))
    if agent_ids is not None:
        query = query.where(DrillAttempt.agent_id.in_(agent_ids))
    return {(slug, agent_id): Practice(attempts, finished, best, _day(first), _moment(last))
            for slug, agent_id, attempts, finished, best, first, last in session.execute(query)}


def _moment(value) -> datetime | None:
    # Aggregates over datetime columns come back as text on SQLite.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _day(value) -> date | None:
    moment = _moment(value)
    return moment.date() if moment is not None else None


@dataclass(frozen=True)
class Assignee:
    assignment_id: int
    slug: str
    title: str
    agent_id: int
    agent: str
    team: str | None  # the team it came through, when assigned to a team
    due: date | None
    status: str  # to do / in progress / done / done late / overdue
    practice: Practice


def who_did_what(session: Session, identity, slug: str | None = None) -> list[Assignee]:
    """Every agent a drill is assigned to (directly or through their team) and what they have done with it."""
    require(identity, Capability.build_drills)
    query = select(DrillAssignment).order_by(DrillAssignment.drill_slug, DrillAssignment.id)
    if slug is not None:
        query = query.where(DrillAssignment.drill_slug == slug)
    assignments = list(session.exec(query))
    slugs = sorted({a.drill_slug for a in assignments})
    titles = {drill.slug: drill.title  # the newest version's title wins
              for drill in session.exec(select(Drill).where(Drill.slug.in_(slugs)).order_by(Drill.version))}
    agents = {agent.id: agent for agent in session.exec(select(Agent).where(Agent.active))}
    teams = {team.id: team.name for team in session.exec(select(Team))}
    practice = _practice(session, slugs) if slugs else {}
    today = date.today()
    rows: list[Assignee] = []
    for assignment in assignments:
        if assignment.agent_id is not None:
            members = [agents[assignment.agent_id]] if assignment.agent_id in agents else []
        else:
            members = [agent for agent in agents.values() if agent.team_id == assignment.team_id]
        for agent in sorted(members, key=lambda a: a.name):
            record = practice.get((assignment.drill_slug, agent.id), Practice())
            rows.append(Assignee(assignment.id, assignment.drill_slug, titles.get(assignment.drill_slug, ""),
                                 agent.id, agent.name, teams.get(assignment.team_id), assignment.due_date,
                                 record.status(assignment.due_date, today), record))
    return rows


# --- agents: what to practise ------------------------------------------------------------------------------------

def _agent_id(identity) -> int:
    require(identity, Capability.practise_drills)
    if identity.agent_id is None:
        raise PermissionDenied("Your account is not linked to an agent.")
    return identity.agent_id


def _assignments_of(session: Session, agent_id: int) -> dict[str, date | None]:
    """Drill slug -> the earliest due date among the agent's own and their team's assignments (None: no date)."""
    agent = session.get(Agent, agent_id)
    mine = DrillAssignment.agent_id == agent_id
    if agent is not None and agent.team_id is not None:
        mine = mine | (DrillAssignment.team_id == agent.team_id)
    due: dict[str, date] = {}
    for assignment in session.exec(select(DrillAssignment).where(mine)):
        due[assignment.drill_slug] = min(due.get(assignment.drill_slug, date.max), assignment.due_date or date.max)
    return {slug: (None if day == date.max else day) for slug, day in due.items()}


@dataclass(frozen=True)
class AssignedDrill:
    slug: str
    version: int
    spec: DrillSpec
    due: date | None
    status: str
    practice: Practice
    open_attempt_id: int | None  # an attempt started and not finished, to resume


def my_drills(session: Session, identity) -> list[AssignedDrill]:
    """The drills assigned to the agent or their team (archived ones left out), soonest due first."""
    agent_id = _agent_id(identity)
    due = _assignments_of(session, agent_id)
    practice = _practice(session, list(due), [agent_id]) if due else {}
    today = date.today()
    result = []
    for slug, due_date in due.items():
        drill = session.exec(select(Drill).where(Drill.slug == slug).order_by(Drill.version.desc())).first()
        if drill is None or drill.archived:
            continue
        record = practice.get((slug, agent_id), Practice())
        result.append(AssignedDrill(slug, drill.version, _parsed(drill), due_date, record.status(due_date, today),
                                    record, _open_attempt(session, agent_id, slug)))
    return sorted(result, key=lambda item: (item.due or date.max, item.spec.title.lower()))


def _open_attempt(session: Session, agent_id: int, slug: str) -> int | None:
    return session.exec(select(DrillAttempt.id).join(Drill, Drill.id == DrillAttempt.drill_id)
                        .where(Drill.slug == slug, DrillAttempt.agent_id == agent_id,
                               DrillAttempt.finished_at.is_(None))
                        .order_by(DrillAttempt.id.desc())).first()


# --- playing: attempts and previews ------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttemptView:
    """A conversation in play or played: stored for an agent's attempt (``id``), in memory for a preview."""

    id: int | None
    drill: DrillSpec
    version: int
    lines: list[Line]
    awaiting: Step | None  # the step the next reply answers; None when the drill is over
    summary: Summary | None  # once the drill is over
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.awaiting is None

    @property
    def mood(self) -> str:
        return conversation.mood_now(self.drill, self.lines)


def _view(drill: DrillSpec, version: int, lines: list[Line], rubric: scoring.Rubric,
          attempt: DrillAttempt | None = None) -> AttemptView:
    step = conversation.awaiting(drill, lines)
    summary = conversation.summarize(drill, lines, rubric) if step is None else None
    return AttemptView(attempt.id if attempt else None, drill, version, lines, step, summary,
                       attempt.started_at if attempt else None, attempt.finished_at if attempt else None)


def _fitting(drill: Drill, rubric: Rubric) -> DrillSpec:
    """The drill checked against the rubric it will be scored with."""
    try:
        return spec.parse_drill(drill.source_text, f"{drill.slug}.yaml", rubric=_rubric(rubric.source_text))
    except DrillError as exc:
        raise UserError(f"This drill does not fit the active rubric ({exc.problem}); ask a trainer to update "
                        "it.") from None


def _clean_reply(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise UserError("Type or record a reply first.")
    if len(text) > MAX_REPLY_CHARS:
        raise UserError(f"A reply is at most {MAX_REPLY_CHARS} characters; this one has {len(text)}.")
    return text


def _play(drill: DrillSpec, rubric_text: str, lines: list[Line], reply: str, spoken: bool) -> list[Line]:
    if conversation.awaiting(drill, lines) is None:
        raise UserError("This drill is over; start it again to retry.")
    reply = _clean_reply(reply)
    judgement = conversation.judge(scorer_for(rubric_text), drill, lines, reply)
    return conversation.respond(drill, lines, reply, judgement, spoken=spoken)


def start(session: Session, identity, slug: str) -> AttemptView:
    """A new attempt at the newest version of an assigned drill, scored with the active rubric."""
    agent_id = _agent_id(identity)
    if slug not in _assignments_of(session, agent_id):
        raise NotFound("This drill is not assigned to you.")
    drill = _latest(session, slug)
    if drill.archived:
        raise UserError("This drill has been archived by your trainer.")
    rubric = _active_rubric(session)
    drill_spec = _fitting(drill, rubric)
    attempt = DrillAttempt(drill_id=drill.id, agent_id=agent_id, rubric_id=rubric.id,
                           transcript=[conversation.opening(drill_spec).to_dict()])
    session.add(attempt)
    session.flush()
    return _view(drill_spec, drill.version, _lines(attempt), _rubric(rubric.source_text), attempt)


def _lines(attempt: DrillAttempt) -> list[Line]:
    return [Line.from_dict(item) for item in attempt.transcript]


def _readable_attempt(session: Session, identity, attempt_id: int, *, for_update: bool = False) -> DrillAttempt:
    """An agent reads only their own attempts; trainers read everyone's."""
    attempt = session.get(DrillAttempt, attempt_id, with_for_update=for_update)
    if can(identity.role, Capability.build_drills) and not for_update:
        if attempt is None:
            raise NotFound(f"No attempt with id {attempt_id}.")
        return attempt
    agent_id = _agent_id(identity)
    if attempt is None or attempt.agent_id != agent_id:
        raise NotFound(f"No attempt of yours with id {attempt_id}.")  # another agent's attempt is not revealed
    return attempt


def attempt_view(session: Session, identity, attempt_id: int) -> AttemptView:
    attempt = _readable_attempt(session, identity, attempt_id)
    drill, rubric = session.get(Drill, attempt.drill_id), session.get(Rubric, attempt.rubric_id)
    return _view(_parsed(drill), drill.version, _lines(attempt), _rubric(rubric.source_text), attempt)


def reply(session: Session, identity, attempt_id: int, text: str, *, expected_lines: int,
          spoken: bool = False) -> AttemptView:
    """Score the agent's reply, move the conversation on, and store the result when the drill ends.

    ``expected_lines`` is how many lines the agent saw: a reply sent from a stale window is refused.
    """
    attempt = _readable_attempt(session, identity, attempt_id, for_update=True)
    if len(attempt.transcript) != expected_lines:
        raise Conflict("This drill moved on in another window; reload the page to see where it is.")
    drill, rubric = session.get(Drill, attempt.drill_id), session.get(Rubric, attempt.rubric_id)
    drill_spec, scored_with = _parsed(drill), _rubric(rubric.source_text)
    lines = _play(drill_spec, rubric.source_text, _lines(attempt), text, spoken)
    attempt.transcript = [line.to_dict() for line in lines]
    if conversation.awaiting(drill_spec, lines) is None:
        summary = conversation.summarize(drill_spec, lines, scored_with)
        attempt.finished_at, attempt.total = utcnow(), summary.total
        for item in summary.criteria:
            session.add(DrillCriterionResult(
                attempt_id=attempt.id, criterion=item.criterion, verdict=Verdict(item.verdict), met=item.met,
                judged=item.judged, evidence=[asdict(quote) for quote in item.quotes]))
        audit.record(session, identity, "drill.attempt.finish", "drillattempt", attempt.id,
                     after={"slug": drill.slug, "version": drill.version, "total": summary.total})
    session.add(attempt)
    session.flush()
    return _view(drill_spec, drill.version, lines, scored_with, attempt)


def preview(session: Session, identity, text: str, lines: Sequence[Line] = (), reply_text: str | None = None, *,
            spoken: bool = False) -> AttemptView:
    """A trainer plays the agent's side of a drill (saved or not); nothing is stored. The page keeps ``lines``:
    none starts the drill, and ``reply_text`` answers the last of them."""
    require(identity, Capability.build_drills)
    drill_spec = check(session, text)
    rubric_text = _active_rubric(session).source_text
    lines = list(lines) or [conversation.opening(drill_spec)]
    if reply_text is not None:
        lines = _play(drill_spec, rubric_text, lines, reply_text, spoken)
    return _view(drill_spec, 0, lines, _rubric(rubric_text))


@dataclass(frozen=True)
class AttemptRow:
    id: int
    slug: str
    title: str
    version: int
    agent: str
    started_at: datetime
    finished_at: datetime | None
    total: float | None


def attempts(session: Session, identity, *, slug: str | None = None, agent_id: int | None = None
             ) -> list[AttemptRow]:
    """Attempts, newest first: an agent gets only their own; a trainer anyone's (optionally one agent's)."""
    if not can(identity.role, Capability.build_drills):
        agent_id = _agent_id(identity)
    query = (select(DrillAttempt, Drill, Agent).join(Drill, Drill.id == DrillAttempt.drill_id)
             .join(Agent, Agent.id == DrillAttempt.agent_id).order_by(DrillAttempt.id.desc()))
    if slug is not None:
        query = query.where(Drill.slug == slug)
    if agent_id is not None:
        query = query.where(DrillAttempt.agent_id == agent_id)
    return [AttemptRow(attempt.id, drill.slug, drill.title, drill.version, agent.name, attempt.started_at,
                       attempt.finished_at, attempt.total) for attempt, drill, agent in session.exec(query)]


# --- spoken replies ----------------------------------------------------------------------------------------------

def transcribe_reply(identity, audio: bytes, *, engine: str | None = None, model: str | None = None) -> str:
    """The words of a recorded reply (one speaker: all of it is the agent's), with the call pipeline's decoder
    and Whisper engine."""
    if not (can(identity.role, Capability.practise_drills) or can(identity.role, Capability.build_drills)):
        raise PermissionDenied("You do not have access to this.")
    if not audio:
        raise UserError("The recording is empty; record your reply again.")
    if len(audio) > MAX_REPLY_BYTES:
        raise UserError(f"The recording is larger than {MAX_REPLY_BYTES // (1024 * 1024)} MB; keep a reply short.")
    with tempfile.TemporaryDirectory(prefix="qa-reply-") as folder:
        path = Path(folder) / "Your recording"  # the name decoding errors give it
        path.write_bytes(audio)
        samples = load(path, max_seconds=MAX_REPLY_SECONDS).mixed()
    text = " ".join(word.word for word in load_engine(engine, model).words(samples) if word.word)
    if not text:
        raise UserError("No words were heard in the recording; speak closer to the microphone and try again.")
    return text


# --- demo ----------------------------------------------------------------------------------------------------------

def seed_drills(session: Session) -> list[Drill]:
    """The packaged seed drills, as version 1 of each one missing, and their demo team assignments."""
    made = []
    for resource in sorted(SEED_DRILLS.iterdir(), key=lambda r: r.name):
        if not resource.name.endswith(".yaml"):
            continue
        drill_spec = spec.parse_drill(resource.read_text(encoding="utf-8"), f"seed/{resource.name}")
        if session.exec(select(Drill.id).where(Drill.slug == drill_spec.id)).first() is None:
            drill = Drill(slug=drill_spec.id, version=1, title=drill_spec.title, source_text=drill_spec.text)
            session.add(drill)
            made.append(drill)
    session.flush()
    due = date.today() + timedelta(days=SEED_DUE_IN_DAYS)
    for team_name, slugs in SEED_ASSIGNMENTS.items():
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        for slug in slugs if team is not None else ():
            exists = session.exec(select(DrillAssignment.id).where(DrillAssignment.drill_slug == slug,
                                                                   DrillAssignment.team_id == team.id)).first()
            if exists is None:
                session.add(DrillAssignment(drill_slug=slug, team_id=team.id, due_date=due))
    session.flush()
    return made
