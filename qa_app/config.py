"""Settings, read from the environment once per call of :func:`get_settings`.

Every knob a deployment may turn is a ``QA_*`` variable; the defaults make a laptop install work offline
with nothing but the installed packages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
    )
