"""Text shown in pages: escaping what users and transcripts wrote, and small display formats."""

from __future__ import annotations

import re

from qa_app.storage.models import Verdict

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")

VERDICT_LABELS = {Verdict.met: "Met", Verdict.not_met: "Not met", Verdict.not_applicable: "Not applicable"}
VERDICT_BADGES = {Verdict.met: ":green-badge[:material/check: Met]",
                  Verdict.not_met: ":red-badge[:material/close: Not met]",
                  Verdict.not_applicable: ":gray-badge[N/A]"}


def md_escape(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: no links, HTML, formatting or directives sneak in."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r", "")).replace("\n", "  \n")


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """Markdown for ``text`` with the character ``spans`` highlighted (overlaps merged)."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(md_escape(text[cursor:start]))
        out.append(f":orange-background[{md_escape(text[start:end])}]")
        cursor = end
    out.append(md_escape(text[cursor:]))
    return "".join(out)
