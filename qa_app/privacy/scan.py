"""Reading numbers in transcripts: tokens with their places in the text, and the digit runs they spell.

Speech-to-text writes a number the way it heard it — "4111 1111 1111 1111", "4111-1111-1111-1111", "four one one
one, one one one one", "four thousand one hundred eleven", "double four", "oh seven seven" — with fillers in between
("uh", "and", "sorry"). :func:`digit_runs` reads all of these into runs of digit groups, each group knowing the
tokens it came from, so a detector can decide on the digits and point back at the words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# A placeholder a redaction left ("[card number]") or a speech-to-text annotation ("[music]"): a wall nothing
# reads through, so redacting again finds nothing new.
_TOKEN = re.compile(r"(?P<wall>\[[^\[\]\n]{0,40}\])|(?P<num>\d+(?:[-.]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
                    r"|(?P<punct>\S)")

UNITS = {"zero": 0, "nought": 0, "naught": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4,
         "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
REPEATS = {"double": 2, "triple": 3, "treble": 3}
# "oh" and "o" are zero only next to another number ("oh seven seven"); elsewhere they are interjections.
_ZERO_LETTERS = {"oh", "o"}
# Words people and speech-to-text put between the digits of one number; they do not end it.
FILLERS = frozenset({"uh", "um", "umm", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "mhm", "and", "then", "like",
                     "so", "okay", "ok", "yeah", "yep", "yes", "right", "sorry", "dash", "hyphen", "space", "slash",
                     "comma", "is", "it's", "its", "that's", "plus", "again", "ehm"})
MAX_FILLER_WORDS = 2  # between two digit groups of one number
MAX_SEPARATORS = 4  # filler words and punctuation together


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # character offsets in the text
    end: int
    kind: str  # wall, num, word or punct

    @property
    def norm(self) -> str:
        return self.text.casefold().replace("’", "'")


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), m.lastgroup) for m in _TOKEN.finditer(text)]


def ascii_digits(text: str) -> str:
    """The decimal digits of ``text`` in ASCII, whatever script they are written in."""
    return "".join(str(unicodedata.decimal(c)) for c in text if unicodedata.decimal(c, None) is not None)


@dataclass(frozen=True)
class Group:
    """Digits said or written as one piece ("4111", "forty-one", "double four"), from tokens first..last."""

    digits: str
    first: int
    last: int
    written: bool  # digits on the page, not number words


def _number_words(tokens: list[Token]) -> list[bool]:
    """For each token: is it a word of a spoken number? "oh" and "double" depend on their neighbours: "oh seven"
    and "six four oh" are numbers, "oh, I see" is not; "double four" is, "double check" is not."""
    flags = [False] * len(tokens)
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.kind != "word":
            continue
        word = token.norm
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if word in _ZERO_LETTERS:
            flags[index] = following is not None and (following.kind == "num" or flags[index + 1])
        elif word in REPEATS:
            flags[index] = following is not None and following.kind == "word" and following.norm in UNITS
        else:
            flags[index] = word in UNITS or word in TEENS or word in TENS or word in ("hundred", "thousand")
    for index in range(1, len(tokens)):
        if tokens[index].kind == "word" and tokens[index].norm in _ZERO_LETTERS:
            flags[index] = flags[index] or tokens[index - 1].kind == "num" or flags[index - 1]
    return flags


class _Spoken:
    """Number words to digit groups, the way people read numbers out: each word or compound ("forty one",
    "four thousand one hundred eleven", "five hundred and twelve") is one group; "double four" is "44"."""

    def __init__(self) -> None:
        self.groups: list[Group] = []
        self.big = self.small = 0  # thousands and the rest of the number being read
        self.last = ""  # what the previous word was: unit, teen, tens, hundred, thousand, and
        self.first = -1
        self.end = -1
        self.repeat, self.repeat_from = 0, -1

    def _close(self) -> None:
        if self.first >= 0:
            self.groups.append(Group(str(self.big + self.small), self.first, self.end, False))
        self.first, self.big, self.small, self.last = -1, 0, 0, ""

    def _open(self, index: int, value: int, kind: str) -> None:
        self._close()
        self.first, self.end, self.small, self.last = index, index, value, kind

    def _add(self, index: int, value: int, kind: str) -> None:
        self.small += value
        self.end, self.last = index, kind

    def word(self, index: int, word: str) -> bool:
        """Take one word; False when it is not part of a number (only "and" can be refused)."""
        open_after = self.last in ("hundred", "thousand", "and")
        if word in REPEATS:
            self._close()
            self.repeat, self.repeat_from = REPEATS[word], index
            return True
        if self.repeat and word in UNITS:
            self._close()
            self.groups.append(Group(str(UNITS[word]) * self.repeat, self.repeat_from, index, False))
            self.repeat = 0
            return True
        self.repeat = 0
        if word in UNITS:
            value = UNITS[word]
            if value and (self.last == "tens" or open_after):
                self._add(index, value, "unit")
            else:
                self._open(index, value, "unit")
        elif word in TEENS or word in TENS:
            kind, value = ("teen", TEENS[word]) if word in TEENS else ("tens", TENS[word])
            if open_after:
                self._add(index, value, kind)
            else:
                self._open(index, value, kind)
        elif word == "hundred":
            if self.last in ("unit", "teen", "tens") and self.small < 100:
                self.small *= 100
                self.end, self.last = index, "hundred"
            else:
                self._open(index, 100, "hundred")
        elif word == "thousand":
            if self.last in ("unit", "teen", "tens", "hundred") and self.big == 0:
                self.big, self.small = self.small * 1000, 0
                self.end, self.last = index, "thousand"
            else:
                self._open(index, 1000, "thousand")
        elif word == "and" and self.last in ("hundred", "thousand"):
            self.last = "and"  # "five hundred and twelve"; the group ends where the number does
        else:
            return False
        return True

    def finish(self) -> list[Group]:
        self._close()
        return self.groups


def _groups(tokens: list[Token], numeric: list[bool], start: int) -> tuple[list[Group], int]:
    """The digit groups of the number words or written digits starting at ``start``; and the index after them."""
    if tokens[start].kind == "num":
        return [Group(ascii_digits(tokens[start].text), start, start, True)], start + 1
    spoken = _Spoken()
    index = start
    while index < len(tokens):
        if _hyphen_inside(tokens, numeric, index):  # "forty-one"
            index += 1
            continue
        if not (numeric[index] or (tokens[index].norm == "and" and index + 1 < len(tokens) and numeric[index + 1])):
            break
        if not spoken.word(index, tokens[index].norm):
            break
        index += 1
    return spoken.finish(), index


def _hyphen_inside(tokens: list[Token], numeric: list[bool], index: int) -> bool:
    """A hyphen joining two number words with no space around it."""
    token = tokens[index]
    return (token.text == "-" and 0 < index < len(tokens) - 1 and numeric[index - 1] and numeric[index + 1]
            and tokens[index - 1].end == token.start and token.end == tokens[index + 1].start)


@dataclass(frozen=True)
class Run:
    """Digit groups read as one number: nothing but fillers and punctuation between them."""

    groups: tuple[Group, ...]

    @property
    def digits(self) -> str:
        return "".join(group.digits for group in self.groups)


def digit_runs(tokens: list[Token]) -> Iterator[Run]:
    """Every run of digit groups in ``tokens``, in order."""
    numeric = _number_words(tokens)
    index, groups = 0, []
    separators = filler_words = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "num" or numeric[index]:
            found, index = _groups(tokens, numeric, index)
            groups.extend(found)
            separators = filler_words = 0
            continue
        if groups and token.kind in ("punct", "word") and separators < MAX_SEPARATORS and (
                token.kind == "punct" or (token.norm in FILLERS and filler_words < MAX_FILLER_WORDS)):
            separators += 1
            filler_words += token.kind == "word"
            index += 1
            continue
        if groups:
            yield Run(tuple(groups))
        groups, separators, filler_words = [], 0, 0
        index += 1
    if groups:
        yield Run(tuple(groups))


def spoken_digits(text: str) -> list[str]:
    """The digit string of every number run in ``text``, written or spoken ("four one one one" → "4111")."""
    return [run.digits for run in digit_runs(tokenize(text))]
