"""Settings, read from the environment once per call of :func:`get_settings`.

Every knob a deployment may turn is a ``QA_*`` variable; the defaults make a laptop install work offline
with nothing but the installed packages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from qa_app.errors import UserError


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    recordings_dir: Path
    whisper_engine: str
    whisper_model: str
    max_audio_seconds: float
    max_upload_bytes: int
    broker_url: str | None
    job_stale_seconds: float  # a running job whose heartbeat is older than this lost its worker
    redact: tuple[str, ...]  # personal data taken out of transcripts before they are stored (QA_REDACT)
    keep_original_audio: bool  # False: a recording is deleted once its redacted playback copy exists

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _redact(name: str) -> tuple[str, ...]:
    """Categories from a comma-separated list, "all" (the default) or "none"."""
    from qa_app.privacy.redact import CATEGORIES

    raw = (os.environ.get(name) or "all").strip().lower()
    chosen = {part.strip() for part in raw.split(",") if part.strip()}
    if chosen == {"all"}:
        return CATEGORIES
    if chosen == {"none"}:
        return ()
    unknown = sorted(chosen - set(CATEGORIES))
    if unknown:
        raise UserError(f"{name} names {', '.join(unknown)}; use all, none, or some of {', '.join(CATEGORIES)}.")
    return tuple(category for category in CATEGORIES if category in chosen)


def _bool(name: str, default: bool, true: tuple[str, ...], false: tuple[str, ...]) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in true or raw in false:
        return raw in true
    raise UserError(f"{name} is one of {', '.join(true + false)}, not {raw!r}.")


def get_settings() -> Settings:
    data_dir = Path(os.environ.get("QA_DATA_DIR") or "data").resolve()
    database_url = os.environ.get("QA_DATABASE_URL") or f"sqlite:///{data_dir / 'qa.db'}"
    # The design card names ./recordings/ as the default store for uploaded audio (git-ignored).
    recordings_dir = Path(os.environ.get("QA_RECORDINGS_DIR") or "recordings").resolve()
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        recordings_dir=recordings_dir,
        whisper_engine=os.environ.get("QA_WHISPER_ENGINE") or "faster-whisper",
        whisper_model=os.environ.get("QA_WHISPER_MODEL") or "tiny.en",
        max_audio_seconds=_float("QA_MAX_AUDIO_SECONDS", 3 * 3600.0),
        max_upload_bytes=int(_float("QA_MAX_UPLOAD_MB", 500) * 1024 * 1024),
        broker_url=os.environ.get("QA_BROKER_URL") or None,
        job_stale_seconds=_float("QA_JOB_STALE_SECONDS", 300.0),
        redact=_redact("QA_REDACT"),
        keep_original_audio=_bool("QA_KEEP_ORIGINAL_AUDIO", True, ("keep", "true", "yes", "1"),
                                  ("delete", "false", "no", "0")),
    )
