"""Bulk ingestion: call recordings from files and folders, each stored once by content and queued for processing.

:func:`ingest` streams one :class:`Ingested` per file. Each file is its own transaction (the recording is written
under a temporary name and renamed, then its row committed), so stopping between two files leaves every file
either stored and queued or untouched; a file already stored (same sha256) is skipped without being copied, so
running the same command again continues where it stopped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from qa_app.errors import UserError
from qa_app.services.permissions import Capability, require
from qa_app.services.recordings import AGENT_CHANNELS, agent_by_name, upload_recording
from qa_app.storage.blobs import BlobStore
from qa_app.storage.db import session_scope
from qa_app.storage.models import Agent, Recording, RecordingStatus

AUDIO_SUFFIXES = frozenset({".wav", ".mp3", ".m4a", ".aac", ".mp4", ".ogg", ".opus", ".oga", ".flac", ".webm",
                            ".wma", ".amr", ".au", ".aif", ".aiff"})
OUTCOMES = ("stored", "known", "unusable", "error")
_DATE_SEPARATORS = re.compile(r"[-_./ ]")
_NAME_SEPARATORS = re.compile(r"[_.]+")


@dataclass(frozen=True)
class Source:
    path: Path
    name: str  # the path as given or found under a given folder (posix); what --agent-from / --date-from read


@dataclass(frozen=True)
class Ingested:
    """What happened to one file: stored (and queued), known (same content stored before), unusable (kept and
    marked failed with the reason, like an upload), or error (nothing stored; the message says why)."""

    source: Source
    outcome: str
    recording_id: int | None = None
    message: str = ""


def _compile(pattern: str | None, option: str) -> re.Pattern | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UserError(f"{option}: not a valid regular expression ({exc}).") from None


def _matched(match: re.Match, group: str) -> str:
    """The named group, else the first group, else the whole match."""
    if group in match.re.groupindex:
        return match.group(group) or ""
    return match.group(1) if match.re.groups else match.group(0)


@dataclass(frozen=True)
class Rules:
    """Who and when each file is: one agent for all, or the agent and date read from each file's path."""

    agent: str | None = None
    agent_from: re.Pattern | None = None
    date_from: re.Pattern | None = None
    agent_channel: str = "left"

    @classmethod
    def of(cls, *, agent: str | None = None, agent_from: str | None = None, date_from: str | None = None,
           agent_channel: str = "left") -> "Rules":
        if agent and agent_from:
            raise UserError("Give either --agent or --agent-from, not both.")
        if agent_channel not in AGENT_CHANNELS:
            raise UserError(f"The agent channel is one of {', '.join(AGENT_CHANNELS)}, not {agent_channel!r}.")
        return cls(agent, _compile(agent_from, "--agent-from"), _compile(date_from, "--date-from"), agent_channel)

    def agent_name(self, source: Source) -> str | None:
        if self.agent_from is None:
            return self.agent
        match = self.agent_from.search(source.name)
        if match is None or not _matched(match, "agent").strip(" _.-/"):
            raise UserError(f"--agent-from finds no agent name in {source.name}.")
        return " ".join(_NAME_SEPARATORS.sub(" ", _matched(match, "agent")).split())

    def call_date(self, source: Source) -> date | None:
        """The date in the path (YYYY-MM-DD, YYYY_MM_DD, YYYYMMDD…, or groups year, month, day); None without
        --date-from, and then the upload takes the date stored in the file, else today."""
        if self.date_from is None:
            return None
        match = self.date_from.search(source.name)
        if match is None:
            raise UserError(f"--date-from finds no date in {source.name}.")
        groups = match.re.groupindex
        if {"year", "month", "day"} <= groups.keys():
            digits = f"{match.group('year'):0>4}{match.group('month'):0>2}{match.group('day'):0>2}"
        else:
            digits = _DATE_SEPARATORS.sub("", _matched(match, "date"))
        try:
            if not re.fullmatch(r"\d{8}", digits):
                raise ValueError
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            raise UserError(f"--date-from found {match.group(0)!r} in {source.name}, which is not a date "
                            f"(YYYY-MM-DD or YYYYMMDD).") from None


def find_sources(paths: Iterable[Path]) -> list[Source]:
    """The files to ingest: files as given, and every audio file under given folders (hidden ones left out),
    in a stable order, each once. A path that does not exist stops everything before anything is stored."""
    sources: dict[Path, Source] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            found = [path]
        else:
            raise UserError(f"{path}: no such file or folder.")
        for file in found:
            sources.setdefault(file.resolve(), Source(file, file.as_posix()))
    return list(sources.values())


def file_sha256(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _agent_id(session, name: str | None) -> int | None:
    """The agent named so (case and spacing aside), created if there is none — as a transcript import does."""
    if name is None:
        return None
    existing = session.exec(select(Agent.id).where(func.lower(Agent.name) == name.lower())).first()
    return existing or agent_by_name(session, name)


def ingest(identity, sources: Iterable[Source], rules: Rules = Rules(), *,
           store: BlobStore | None = None) -> Iterator[Ingested]:
    """Store and queue each file, yielding what happened to it as soon as it is committed."""
    require(identity, Capability.upload_calls)
    for source in sources:
        try:
            yield _ingest_one(identity, source, rules, store)
        except UserError as exc:
            yield Ingested(source, "error", message=str(exc))
        except OSError as exc:
            yield Ingested(source, "error", message=f"cannot read the file ({exc.strerror or exc}).")


def _ingest_one(identity, source: Source, rules: Rules, store: BlobStore | None) -> Ingested:
    sha256 = file_sha256(source.path)
    with session_scope() as session:
        known = session.exec(select(Recording.id).where(Recording.sha256 == sha256)).first()
        if known is not None:
            return Ingested(source, "known", known)
        agent_id = _agent_id(session, rules.agent_name(source))
        with open(source.path, "rb") as stream:
            intake = upload_recording(session, identity, source.path.name, stream, agent_id=agent_id,
                                      call_date=rules.call_date(source), agent_channel=rules.agent_channel,
                                      store=store)
    if not intake.created:
        return Ingested(source, "known", intake.recording_id)
    if intake.status is RecordingStatus.failed:
        return Ingested(source, "unusable", intake.recording_id, intake.error or "")
    return Ingested(source, "stored", intake.recording_id)
