"""Properties (Hypothesis) of the parsers and decoders that take what users send: rubrics, drills, JSONL
transcripts, audio files, and of the scorer on any text. Each input is either accepted, giving a consistent
result, or refused with the parser's own error naming the place; nothing else ever escapes, nothing hangs.

The contracts themselves live in tests/fuzz/fuzz_parsers.py, which the atheris fuzzers (tests/trust/test_fuzz.py)
check too. The examples at the end are what the fuzzers found in the rubric and drill parser and the scorer.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import scoring
from qa_app.drills.spec import DrillError, parse_drill
from qa_app.errors import UserError
from qa_app.services.recordings import MAX_TURN_CHARS, parse_transcript_lines
from qa_app.transcription.audio import AudioError, load, probe
from scoring.rubric import RubricError, parse_rubric
from tests.fuzz.fuzz_parsers import (AUDIO_FIXTURES, DEFAULT_RUBRIC, JSONL_FIXTURES, SEED_DRILLS, check_audio,
                                     check_drill, check_rubric, check_transcript)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RUBRIC_TEXT = DEFAULT_RUBRIC.read_text(encoding="utf-8")
DRILL_TEXTS = [path.read_text(encoding="utf-8") for path in SEED_DRILLS]
JSONL_LINES = [line for path in JSONL_FIXTURES for line in path.read_text(encoding="utf-8").splitlines() if line]

# Text that is hard on parsers: NUL and other controls, lone surrogates, right-to-left and zero-width marks,
# combining characters, line and paragraph separators, a BOM, astral characters.
ODD = "\x00\x07\x1b\x85\u00a0\u0301\u0336\u200b\u200d\u200e\u200f\u202e\u2028\u2029\ufeff\ufffd\U0001f600\ud800\udfff"
odd_text = st.text(st.one_of(st.characters(), st.sampled_from(ODD)), max_size=80)
# Scalars that mean something to YAML: tags, anchors, timestamps, special floats, flow collections, block markers.
YAML_SCALARS = ["~", "null", "[]", "{}", "[a, b]", "{a: 1}", "''", '""', "yes", "no", "True", "0x1F", "0o17", "1e400",
                "-1", "101", "0.5", ".nan", "-.inf", "2024-02-30", "2001-13-45", "!!int abc", "!!float x",
                "!!binary '@@'", "!!python/name:os.system", "!!set {a}", "&a x", "*a", "<<", "|", ">", "- x", "? x",
                "%YAML 1.1", "---", "...", "'unclosed", '"\\x', "\t", "9" * 400, "@x", "`x", "a: b: c"]
yaml_scalar = st.one_of(st.sampled_from(YAML_SCALARS), odd_text)


@st.composite
def mutated(draw, documents: list[str], fragments=yaml_scalar) -> str:
    """A valid document with a few line-level edits: a value replaced, a line deleted, duplicated, moved,
    re-indented or split, a fragment inserted, or the text cut short."""
    lines = draw(st.sampled_from(documents)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "value", "delete", "duplicate", "move", "indent", "insert", "cut"]))
        line = lines[at]
        if edit == "value" and ":" in line:
            key = line[:line.index(":") + 1]
            lines[at] = f"{key} {draw(fragments)}\n"
        elif edit == "delete":
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, line)
        elif edit == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif edit == "indent":
            lines[at] = " " * draw(st.integers(0, 9)) + line.lstrip(" ")
        elif edit == "insert":
            position = draw(st.integers(0, len(line)))
            lines[at] = line[:position] + draw(fragments) + line[position:]
        elif edit == "cut":
            lines = lines[:at] + [line[:draw(st.integers(0, len(line)))]]
    return "".join(lines)


# --- rubrics ---------------------------------------------------------------------------------------------------

@FAST
@given(mutated([RUBRIC_TEXT]))
def test_a_mutated_default_rubric_is_parsed_or_refused_with_its_place(text):
    rubric = check_rubric(text)
    event("accepted" if rubric else "refused")


@FAST
@given(st.one_of(odd_text, st.text(st.sampled_from("ab:-[]{}&*!|>#'\"?\n \t,%@`~"), max_size=200)))
@example("criteria: {a: 1}\nname: 9\nversion: 0\n")
@example("- - - - - - - - - - - - - - - - - - - - - - - - - - x")  # deeper than MAX_DEPTH, shallow for Python
def test_any_text_is_a_rubric_or_a_located_rubric_error(text):
    check_rubric(text)


@settings(FAST, max_examples=25)
@given(st.one_of(st.integers(-10**6, 10**6), st.floats(-1000, 1000).map(lambda f: round(f, 3)),
                 st.sampled_from([math.nan, math.inf, -math.inf]),
                 st.sampled_from(["0x10", "1_0", "+5", ".5", "5.", "1e2", "-0.0", "'50'", "fifty"])))
def test_a_weight_is_kept_when_in_range_and_refused_on_its_own_line_otherwise(weight):
    written = repr(weight) if isinstance(weight, float) and math.isfinite(weight) else str(weight)
    if isinstance(weight, float) and not math.isfinite(weight):
        written = {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[str(weight)]
    text, count = re.subn(r"(?m)^(    weight: )\S+", lambda m: m.group(1) + written, RUBRIC_TEXT, count=1)
    assert count == 1
    line = text[:text.index("    weight: " + written)].count("\n") + 1
    try:
        rubric = parse_rubric(text, "default.yaml")
    except RubricError as exc:
        assert exc.place is not None and exc.place.line == line, str(exc)
        assert exc.path == ("criteria", "mirroring", "weight") and "(criteria.mirroring.weight)" in str(exc)
        assert not (isinstance(weight, (int, float)) and 0 <= weight <= 100), str(exc)
    else:
        kept = rubric.criterion("mirroring").weight
        assert 0 <= kept <= 100
        if isinstance(weight, (int, float)):
            assert kept == weight


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12), st.sampled_from(["flow", "block", "key"]))
def test_alias_bombs_are_refused_at_once_without_expanding(width, depth, style):
    lines = ["name: bomb", "criteria: {}", "a0: &a0 [lol]"]
    for level in range(1, depth):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append({"flow": f"a{level}: &a{level} [{refs}]",
                      "block": f"a{level}: &a{level}\n" + "\n".join(f"  - *a{level - 1}" for _ in range(width)),
                      "key": f"a{level}: &a{level} {{k: [{refs}]}}"}[style])
    started = time.perf_counter()
    with pytest.raises(RubricError, match=r"line 3, column 5: anchors and aliases"):
        parse_rubric("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - started < 2.0


# --- drills ----------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def default_rubric() -> scoring.Rubric:
    return scoring.default_rubric()


drill_fragments = st.one_of(yaml_scalar, st.sampled_from(
    ["end", "opening", "step-1", "gave-up", "[empathy]", "[talk_listen_ratio]", "[empathy, empathy]", "furious",
     "{customer: again, next: end}", "{next: nowhere}", "{mood: ecstatic}", "[]"]))


@FAST
@given(mutated(DRILL_TEXTS, drill_fragments), st.booleans())
def test_a_mutated_seed_drill_is_playable_or_refused_with_its_step_and_field(text, with_rubric):
    drill = check_drill(text, default_rubric() if with_rubric else None)
    event("accepted" if drill else "refused")


@FAST
@given(odd_text)
def test_any_text_is_a_drill_or_a_located_drill_error(text):
    check_drill(text, default_rubric())


def test_a_step_error_names_the_step_and_its_line():
    text = DRILL_TEXTS[0]
    first_next = re.search(r"(?m)^( +next: )(\S+)", text)
    broken = text[:first_next.start(2)] + "nowhere" + text[first_next.end(2):]
    with pytest.raises(DrillError) as refused:
        parse_drill(broken, "seed.yaml", rubric=default_rubric())
    assert refused.value.place.line == text[:first_next.start()].count("\n") + 1
    assert re.search(r'step \d+ "[a-z0-9-]+", field if_(missed|met)\.next', str(refused.value))


# --- JSONL transcripts -----------------------------------------------------------------------------------------

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(10**300, 10**310),
                        st.floats(allow_nan=True, allow_infinity=True), odd_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(odd_text, inner, max_size=3)), max_leaves=8)
seconds = st.one_of(st.none(), st.floats(0, 7200), json_value)
speaker = st.one_of(st.sampled_from(["agent", "customer"]), st.sampled_from(["agent", "customer"]), json_value)
turn = st.one_of(st.fixed_dictionaries({"speaker": speaker, "text": st.one_of(odd_text, odd_text, json_value)},
                                       optional={"start": seconds, "end": seconds, "words": json_value}),
                 json_value)
call = st.one_of(st.fixed_dictionaries({"turns": st.one_of(st.lists(turn, max_size=4), st.lists(turn, max_size=4),
                                                           json_value)},
                                       optional={"id": json_value, "agent": json_value,
                                                 "date": st.one_of(st.dates().map(str), json_value)}),
                 json_value)


def dumps(value, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)  # NaN and Infinity allowed, as other writers produce them


@FAST
@given(st.lists(st.one_of(call.map(lambda c: (c, True)), call.map(lambda c: (c, False)),
                          st.sampled_from(JSONL_LINES).map(lambda line: (line, None)),
                          mutated(JSONL_LINES, odd_text).map(lambda line: (line, None))), min_size=1, max_size=4),
       st.sampled_from(["\n", "\r\n", "\n\n"]))
@example([({"turns": [{"speaker": "agent", "text": "hi \ud800"}]}, True)], "\n")  # stored as "\ud800": a 500
@example([({"turns": [{"speaker": [], "text": ""}]}, True)], "\n")  # was TypeError: unhashable type: 'list'
@example([({"turns": [{"speaker": "agent", "text": "a", "start": 5, "end": 1}]}, True)], "\n")  # TurnError later
@example([({"turns": [{"speaker": "agent", "text": "a", "start": math.nan}]}, True)], "\n")
@example([({"turns": [{"speaker": "agent", "text": "a", "start": 10**400}]}, True)], "\n")  # OverflowError
@example([("[" * 100_000, None)], "\n")  # RecursionError
@example([('{"turns": [{"speaker": "agent", "text": "a", "start": ' + "9" * 5000 + "}]}", None)], "\n")  # ValueError
def test_a_transcript_file_is_imported_whole_or_refused_at_its_first_bad_line(lines, newline):
    text = newline.join(line if ascii_only is None else dumps(line, ascii_only) for line, ascii_only in lines)
    if check_transcript(text, "calls.jsonl") is not None:
        return
    with pytest.raises(UserError) as refused:
        parse_transcript_lines(text, "calls.jsonl")
    named = re.match(r"calls\.jsonl, line (\d+)[:,]", str(refused.value))
    if named is None:
        assert str(refused.value) == "calls.jsonl: no calls found."
        assert not any(line.strip() for line in text.split("\n"))
        return
    # The named line is bad on its own, and every line before it is good on its own.
    physical = text.split("\n")
    number = int(named.group(1))
    with pytest.raises(UserError):
        parse_transcript_lines(physical[number - 1], "one line")
    for earlier in physical[:number - 1]:
        if earlier.strip():
            parse_transcript_lines(earlier, "one line")


@FAST
@given(st.lists(st.lists(st.tuples(st.sampled_from(["agent", "customer"]),
                                   st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                                           max_size=60)),
                         min_size=1, max_size=4), min_size=1, max_size=3),
       st.booleans())
@example([[("agent", "line\u2028separator, next\x85line, paragraph\u2029end")]], False)  # split by splitlines()
@example([[("customer", "\u202eright-to-left\u200f and e\u0301 combined")]], True)
def test_any_unicode_text_round_trips_through_a_transcript_file(texts, ascii_only):
    text = "\n".join(dumps({"id": f"call-{n}", "turns": [{"speaker": s, "text": t} for s, t in call]}, ascii_only)
                     for n, call in enumerate(texts))
    calls = check_transcript(text, "calls.jsonl")
    assert [[(t["speaker"], t["text"]) for t in c["turns"]] for c in calls] == texts


def test_a_huge_turn_is_cut_to_the_limit():
    huge = "é" * (MAX_TURN_CHARS * 3)
    calls = check_transcript(json.dumps({"turns": [{"speaker": "agent", "text": huge}]}), "calls.jsonl")
    assert calls[0]["turns"][0]["text"] == huge[:MAX_TURN_CHARS]


# --- audio -----------------------------------------------------------------------------------------------------

AUDIO_HEADS = {path.name: path.read_bytes()[:16384] for path in AUDIO_FIXTURES}
SUFFIXES = [".wav", ".flac", ".mp3", ".ogg", ".m4a", ".bin", ""]


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="qa-audio-props-") as directory:
        yield Path(directory)


@st.composite
def damaged_audio(draw) -> bytes:
    """A real recording's head: cut short, and with a few bytes flipped or overwritten (header bytes mostly)."""
    data = bytearray(AUDIO_HEADS[draw(st.sampled_from(sorted(AUDIO_HEADS)))])
    data = data[:draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(0, 8))):
        if data:
            at = draw(st.one_of(st.integers(0, min(63, len(data) - 1)), st.integers(0, len(data) - 1)))
            data[at] = draw(st.one_of(st.integers(0, 255), st.just(data[at] ^ (1 << draw(st.integers(0, 7))))))
    return bytes(data)


def _wav_with_bits_per_sample(bits: int) -> bytes:
    data = bytearray(AUDIO_HEADS["call_8k_mono.wav"][:4096])
    data[34:36] = bits.to_bytes(2, "little")
    return bytes(data)


@FAST
@given(st.one_of(st.binary(max_size=2048), damaged_audio()), st.sampled_from(SUFFIXES))
@example(_wav_with_bits_per_sample(224), ".wav")  # no codec: was AttributeError 'AudioStream' ... 'channels'
@example(b"", ".wav")
@example(bytes.fromhex("52494646 62a30263 57415645 666d7420 10000000 01000100 8045666d 74201000"
                       "02001000 64617461 3ea30000 00000000 0000"), ".wav")  # 1.8 GHz: 20 s and 1.9 GB to load
def test_any_bytes_are_audio_or_an_audio_error(scratch, data, suffix):
    check_audio(data, scratch / f"input{suffix}")


def test_a_wav_claiming_a_sample_rate_of_gigahertz_is_refused_before_decoding(scratch):
    data = bytearray(AUDIO_HEADS["call_8k_mono.wav"][:4096])
    data[24:28] = (1_835_419_008).to_bytes(4, "little")
    path = scratch / "ghz.wav"
    path.write_bytes(bytes(data))
    started = time.perf_counter()
    for read in (probe, load):
        with pytest.raises(AudioError, match="ghz.wav has a sample rate of 1835419008 Hz"):
            read(path)
    assert time.perf_counter() - started < 1.0


def test_a_wav_whose_codec_is_unknown_is_an_audio_error(scratch):
    path = scratch / "odd-bits.wav"
    path.write_bytes(_wav_with_bits_per_sample(224))
    for read in (probe, load):
        with pytest.raises(AudioError, match="odd-bits.wav uses an audio encoding that cannot be decoded"):
            read(path)


# --- scoring ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def scorer() -> scoring.Scorer:
    return scoring.Scorer(default_rubric())  # loads spaCy once per process


@st.composite
def calls(draw) -> list[tuple[str, str, float | None, float | None]]:
    turns, clock = [], 0.0
    timed = draw(st.booleans())
    for _ in range(draw(st.integers(1, 6))):
        start = clock + draw(st.floats(0, 30)) if timed else None
        clock = start + draw(st.floats(0, 60)) if timed else clock
        text = draw(st.one_of(odd_text, st.text(max_size=300), st.sampled_from(
            ["", " ", "\n\n", "...", "I'm so sorry!!!", "no no no no", "Thanks for calling, is there anything else?"])))
        turns.append((draw(st.sampled_from(scoring.turns.SPEAKERS)), text, start, clock if timed else None))
    return turns


@settings(max_examples=80, deadline=None)
@given(calls())
@example([("agent", "\x00\u202e\u200f e\u0301 \U0001f600", None, None)])
@example([("customer", "", 0.0, 0.0)])
def test_any_call_is_scored_with_every_criterion_and_evidence_from_its_text(written):
    try:
        turns = [scoring.Turn(*turn) for turn in written]
    except scoring.TurnError:  # the only text a Turn may refuse is text that is not Unicode (a lone surrogate)
        assert any(re.search("[\ud800-\udfff]", text) for _, text, _, _ in written)
        return
    score = scorer().score(turns)
    rubric = default_rubric()
    assert [result.criterion for result in score.criteria] == rubric.ids
    assert 0 <= score.total <= 100
    for result in score.criteria:
        assert result.verdict in ("met", "not_met", "not_applicable") and result.explanation
        assert 0 <= result.confidence <= 1
        for evidence in result.evidence:
            said = turns[evidence.turn].text
            assert 0 <= evidence.start_char <= evidence.end_char <= len(said)
            assert evidence.text == said[evidence.start_char:evidence.end_char]


# --- what the fuzzers found in scoring/: each is refused with the parser's own error, naming the place -------------

FOUND = [
    "name: x\nversion: 2001-13-45\n", "!!int abc: 1\n", "name: !!float abc\n",  # values PyYAML cannot construct
    "version: " + "9" * 5000 + "\n", "<<: {a: 1}\n",  # a number too long to read; the merge key
    "- " * 1000 + "x\n",  # nested deeper than PyYAML's composer can recurse
    RUBRIC_TEXT.replace("version: 1\n", "version: " + "9" * 400 + "\n", 1),  # a number beyond 1e308
    RUBRIC_TEXT.replace("      name: mirroring\n", "      name: [a]\n", 1),  # a detector name that is a list
]


@pytest.mark.parametrize("text", FOUND)
def test_what_the_fuzzers_found_is_refused_with_its_place(text):
    assert check_rubric(text) is None and check_drill(text, None) is None  # refused, the checks saw the place named


def test_a_lone_surrogate_in_a_turn_is_refused_before_scoring():
    with pytest.raises(scoring.TurnError, match="lone surrogate"):
        scoring.Turn("agent", "thanks \ud800")
