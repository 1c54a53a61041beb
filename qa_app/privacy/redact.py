"""Personal data out of transcripts: payment card numbers, national ID numbers, e-mail addresses and phone
numbers, written or spoken, each replaced by a placeholder that says what was there ("[card number]").

What counts (digits are read written or spoken, see :mod:`qa_app.privacy.scan`):

- ``cards``: 13 to 19 digits that pass the Luhn check.
- ``ids``: a US social security number written 123-45-6789 (or 123 45 6789); a UK National Insurance number
  (two capital letters, six digits, a letter A–D: "AB 12 34 56 C"); and 6 to 12 digits right after an ID word
  ("social security number is …", "passport number …", "ID …").
- ``emails``: an address written (john.smith@gmail.com) or spoken ("john dot smith at gmail dot com").
- ``phones``: 10 to 15 digits ("07700 900123", "+1 (555) 123-4567", "oh seven seven double oh …"), and local
  numbers written 555-1234. Other numbers that long (orders, tracking) go too: privacy wins over a reference.

A redaction takes whole words (what speech-to-text times), so the matching audio can be silenced, and redacting a
redacted text changes nothing: a placeholder is a wall that no number, address or keyword is read through.
Pure functions: text in, text out; no settings, no database.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from qa_app.privacy.scan import Run, Token, digit_runs, tokenize

CATEGORIES = ("cards", "ids", "emails", "phones")  # also the order of precedence when two overlap
PLACEHOLDERS = {"cards": "[card number]", "ids": "[ID number]", "emails": "[email address]",
                "phones": "[phone number]"}

CARD_DIGITS = range(13, 20)
PHONE_DIGITS = range(10, 16)
ID_DIGITS = range(6, 13)  # after an ID word
_LOCAL_PHONE = re.compile(r"^\d{3}[-.]\d{4}$")
_SSN = re.compile(r"^(?!000|666|9)\d{3}[- ]?(?!00)\d{2}[- ]?(?!0000)\d{4}$")
_ID_WORDS = frozenset({"ssn", "security", "insurance", "nino", "ni", "id", "identification", "passport", "licence",
                       "license", "itin", "tin"})
# Words between an ID word and the number: "social security number is, uh, …".
_ID_GLUE = frozenset({"number", "no", "num", "is", "it's", "its", "my", "your", "his", "her", "the", "a", "uh", "um",
                      "er", "erm", "that's", "it", "was", "card", "of"})
_MAX_GLUE = 4
_AT = frozenset({"@", "at"})
_LOCAL_JOINS = frozenset({".", "dot", "_", "underscore", "-", "dash", "hyphen", "+", "plus"})
_DOMAIN_JOINS = frozenset({".", "dot", "-", "dash", "hyphen"})
_DOTS = frozenset({".", "dot"})
# Endings of spoken addresses ("… at gmail dot com"); a written address (with "@" and ".") may end in any word.
TOP_LEVEL_DOMAINS = frozenset({
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "me", "tv", "ai", "app", "dev",
    "email", "online", "uk", "us", "ca", "au", "nz", "ie", "de", "fr", "es", "it", "nl", "be", "ch", "at", "se",
    "no", "dk", "fi", "pl", "pt", "br", "mx", "in", "jp", "cn", "ru", "za", "eu"})


@dataclass(frozen=True)
class Span:
    """Characters start..end of a text (whole whitespace-separated words) hold personal data of ``category``."""

    start: int
    end: int
    category: str


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies (and a tenth of all digit strings)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _windows(run: Run, sizes: range) -> Iterator[tuple[int, int, str]]:
    """(first group, last group, digits) of every stretch of whole groups with a digit count in ``sizes``."""
    for first in range(len(run.groups)):
        digits = ""
        for last in range(first, len(run.groups)):
            digits += run.groups[last].digits
            if len(digits) >= sizes.stop:
                break
            if len(digits) in sizes:
                yield first, last, digits


def _tokens_of(run: Run, first: int, last: int) -> tuple[int, int]:
    return run.groups[first].first, run.groups[last].last


def _cards(tokens: list[Token], runs: list[Run]) -> Iterator[tuple[int, int]]:
    for run in runs:
        for first, last, digits in _windows(run, CARD_DIGITS):
            if luhn_valid(digits):
                yield _tokens_of(run, first, last)


def _phones(tokens: list[Token], runs: list[Run]) -> Iterator[tuple[int, int]]:
    for run in runs:
        for first, last, _ in _windows(run, PHONE_DIGITS):
            yield _tokens_of(run, first, last)
        for group in run.groups:
            if group.written and _LOCAL_PHONE.match(tokens[group.first].text):
                yield group.first, group.last


def _after_id_word(tokens: list[Token], index: int) -> bool:
    """Whether an ID word comes just before token ``index``, with at most a few glue words or marks between."""
    for back in range(index - 1, max(-1, index - 2 - _MAX_GLUE), -1):
        token = tokens[back]
        if token.kind == "word" and token.norm in _ID_WORDS:
            return True
        if not (token.kind == "punct" or (token.kind == "word" and token.norm in _ID_GLUE)):
            return False
    return False


def _capitals_before(tokens: list[Token], index: int, count: int) -> int | None:
    """The first token of ``count`` capital letters written just before token ``index`` ("AB", "A B", "A.B.")."""
    letters, marks, back = 0, 0, index - 1
    while back >= 0 and letters < count:
        token = tokens[back]
        if token.kind == "word" and token.text.isascii() and token.text.isalpha() and token.text.isupper():
            letters += len(token.text)
        elif token.kind == "punct" and marks < 2:
            marks += 1
        else:
            return None
        back -= 1
    return back + 1 if letters == count else None


def _ni_suffix(tokens: list[Token], index: int) -> int | None:
    """Token ``index`` + 1 when it is the letter that ends a National Insurance number (A to D)."""
    following = index + 1
    if following < len(tokens) and tokens[following].text in ("A", "B", "C", "D"):
        return following
    return None


def _ids(tokens: list[Token], runs: list[Run]) -> Iterator[tuple[int, int]]:
    for run in runs:
        keyed = _after_id_word(tokens, run.groups[0].first)
        for first, last, digits in _windows(run, ID_DIGITS):
            start, end = _tokens_of(run, first, last)
            prefix = _capitals_before(tokens, start, 2) if len(digits) == 6 else None
            suffix = _ni_suffix(tokens, end) if len(digits) == 6 else None
            if keyed or (prefix is not None and suffix is not None):
                yield (start if prefix is None else prefix), (end if suffix is None else suffix)
            elif len(digits) == 9 and _written_ssn(tokens, run, first, last):
                yield start, end


def _written_ssn(tokens: list[Token], run: Run, first: int, last: int) -> bool:
    groups = run.groups[first:last + 1]
    if not all(group.written for group in groups):
        return False
    written = " ".join(tokens[group.first].text for group in groups)
    shape = [len(group.digits) for group in groups]
    return shape in ([9], [3, 2, 4]) and ("-" in written or len(groups) == 3) and bool(_SSN.match(written))


def _label(token: Token) -> bool:
    return token.kind in ("word", "num")


def _joins(tokens: list[Token], index: int, joins: frozenset[str]) -> bool:
    """Token ``index`` joins the labels either side of it: a spoken "dot", or a "." written with no spaces."""
    if not (0 < index < len(tokens) - 1 and tokens[index].norm in joins and _label(tokens[index + 1])
            and _label(tokens[index - 1])):
        return False
    token = tokens[index]
    return token.kind == "word" or tokens[index - 1].end == token.start == tokens[index + 1].start - len(token.text)


def _domain_end(tokens: list[Token], index: int, written: bool) -> int | None:
    """The last token of a domain starting at ``index`` ("gmail dot com", "mail.co.uk", "web mail dot net"), if
    there is one."""
    if index >= len(tokens) or not _label(tokens[index]):
        return None
    if not written and index + 1 < len(tokens) and tokens[index + 1].kind == "word" and tokens[index + 1].norm not in (
            _DOMAIN_JOINS | _AT):
        index += 1  # a name said as two words
    end = None
    while _joins(tokens, index + 1, _DOMAIN_JOINS):
        ending = tokens[index + 2]
        if tokens[index + 1].norm in _DOTS and (ending.norm in TOP_LEVEL_DOMAINS or (
                written and ending.kind == "word" and len(ending.text) >= 2)):
            end = index + 2
        index += 2
    return end


def _local_start(tokens: list[Token], index: int) -> int | None:
    """The first token of the part of an address before its "at", ending at ``index``: words joined by dots,
    underscores or dashes, and letters or digits spelled out one by one."""
    if index < 0 or not _label(tokens[index]):
        return None
    start = index
    while start > 0:
        before = tokens[start - 1]
        if _joins(tokens, start - 1, _LOCAL_JOINS):
            start -= 2
        elif _label(before) and (before.kind == "num" or len(before.text) == 1):
            start -= 1
        else:
            break
    return start


def _emails(tokens: list[Token], runs: list[Run]) -> Iterator[tuple[int, int]]:
    for index, token in enumerate(tokens):
        if token.norm not in _AT:
            continue
        end = _domain_end(tokens, index + 1, written=token.text == "@")
        start = _local_start(tokens, index - 1) if end is not None else None
        if start is not None:
            yield start, end


DETECTORS = {"cards": _cards, "ids": _ids, "emails": _emails, "phones": _phones}


def find(text: str, categories: Collection[str] = CATEGORIES) -> list[Span]:
    """Where ``text`` holds personal data of the given categories: whole words, merged, in order."""
    tokens = tokenize(text)
    runs = list(digit_runs(tokens))
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    word_starts = [start for start, _ in words]

    def word_of(offset: int) -> tuple[int, int]:
        return words[bisect.bisect_right(word_starts, offset) - 1]

    spans = sorted((Span(word_of(tokens[first].start)[0], word_of(tokens[last].end - 1)[1], category)
                    for category in CATEGORIES if category in categories
                    for first, last in DETECTORS[category](tokens, runs)), key=lambda span: (span.start, span.end))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            previous = merged.pop()
            category = min(previous.category, span.category, key=CATEGORIES.index)
            span = Span(previous.start, max(previous.end, span.end), category)
        merged.append(span)
    return merged


def _replace(text: str, spans: list[Span]) -> str:
    out, cursor = [], 0
    for span in spans:
        out += [text[cursor:span.start], PLACEHOLDERS[span.category]]
        cursor = span.end
    out.append(text[cursor:])
    return "".join(out)


def redact_text(text: str, categories: Collection[str] = CATEGORIES) -> str:
    """``text`` with each span of personal data replaced by its placeholder."""
    return _replace(text, find(text, categories))


def _replace_words(words: list[dict[str, Any]], spans: list[Span]) -> list[dict[str, Any]]:
    """``words`` (``spans`` index their text joined by single spaces) with each stretch of words under one span
    made one placeholder word that keeps the stretch's times and says ``"redacted": category``."""
    out: list[dict[str, Any]] = []
    block: list[dict[str, Any]] = []
    block_span = None
    next_span = position = 0
    for word in words:
        start = position
        end = start + len(str(word.get("word") or ""))
        position = end + 1
        while next_span < len(spans) and spans[next_span].end <= start:
            next_span += 1
        span = spans[next_span] if next_span < len(spans) and spans[next_span].start < max(end, start + 1) else None
        if block and span is not block_span:
            out.append(_placeholder_word(block, block_span.category))
            block = []
        if span is None:
            out.append(word)
        else:
            block.append(word)
            block_span = span
    if block:
        out.append(_placeholder_word(block, block_span.category))
    return out


def _placeholder_word(covered: list[dict[str, Any]], category: str) -> dict[str, Any]:
    starts = [w["start"] for w in covered if w.get("start") is not None]
    ends = [w["end"] for w in covered if w.get("end") is not None]
    probabilities = [w["probability"] for w in covered if w.get("probability") is not None]
    word = {"word": PLACEHOLDERS[category], "start": min(starts) if starts else None,
            "end": max(ends) if ends else None, "redacted": category}
    if probabilities:
        word["probability"] = min(probabilities)
    return word


def _joined(words: list[dict[str, Any]]) -> str:
    return " ".join(str(word.get("word") or "") for word in words)


def redact_turns(turns: list[dict[str, Any]], categories: Collection[str] = CATEGORIES) -> list[dict[str, Any]]:
    """A call's turns (speaker, text, start, end, words) with personal data redacted, read across turns: a card
    number the speaker separation cut in two is still one card number.

    Timed words are redacted word by word and the text rebuilt from them, as speech-to-text built it; a text that
    is not its words joined (an imported transcript has no words) is redacted as text.
    """
    texts = [_joined(turn["words"]) if turn.get("words") else turn["text"] for turn in turns]
    spans = find("\n".join(texts), categories)
    redacted, offset = [], 0
    for turn, text in zip(turns, texts):
        own = [Span(max(span.start, offset) - offset, min(span.end, offset + len(text)) - offset, span.category)
               for span in spans if span.start < offset + len(text) and span.end > offset]
        offset += len(text) + 1
        if not turn.get("words"):
            redacted.append({**turn, "text": _replace(text, own)})
            continue
        words = _replace_words(list(turn["words"]), own)
        same = turn["text"] == text
        redacted.append({**turn, "words": words,
                         "text": _joined(words) if same else redact_text(turn["text"], categories)})
    return redacted
