"""Atheris (libFuzzer) fuzz targets over the decoders and parsers, and the contracts they must keep.

    python tests/fuzz/fuzz_parsers.py TARGET [CORPUS_DIR] [libFuzzer options: -runs=N, -max_total_time=S, ...]

TARGET is one of ``rubric``, ``drill``, ``transcript``, ``audio``. Seeds are generated at start from the repo's own
files (the default rubric, the seed drills, the JSONL fixtures, the heads of the audio fixtures) into CORPUS_DIR,
or into a fresh temporary directory, so no corpus is committed. Each input must either be accepted or be refused
with the target's own error (RubricError, DrillError, UserError, AudioError) carrying a message that names the
place; any other exception propagates and atheris reports it as a crash, with the input saved to ``crash-*``.

Imported as a module (``tests.fuzz.fuzz_parsers``), it only provides the contract checks, which the Hypothesis
properties in ``tests/trust/test_properties.py`` reuse; atheris is only needed to fuzz.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
from pathlib import Path

FUZZING = __name__ == "__main__"
if FUZZING:
    import atheris

    # Third-party code is imported first, so that only our own modules are instrumented below.
    import av  # noqa: F401
    import numpy  # noqa: F401
    import spacy  # noqa: F401
    import sqlalchemy  # noqa: F401
    import sqlmodel  # noqa: F401
    import yaml  # noqa: F401

with atheris.instrument_imports(include=["scoring", "qa_app"]) if FUZZING else contextlib.nullcontext():
    import scoring
    from qa_app.drills.spec import MAX_STEPS, TEMPLATE, DrillError, DrillSpec, parse_drill
    from qa_app.errors import UserError
    from qa_app.services.recordings import parse_transcript_lines
    from qa_app.transcription.audio import AudioError, load, probe
    from scoring.rubric import CRITERION_ID, Rubric, RubricError, parse_rubric

ROOT = Path(__file__).resolve().parents[2]
AUDIO_FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures" / "audio").iterdir() if p.suffix in (".wav", ".flac"))
JSONL_FIXTURES = [ROOT / "tests" / "fixtures" / "calls.jsonl", ROOT / "tests" / "fixtures" / "audio" / "calls.jsonl"]
DEFAULT_RUBRIC = ROOT / "rubrics" / "default.yaml"
SEED_DRILLS = sorted((ROOT / "qa_app" / "drills" / "seed").glob("*.yaml"))
MAX_AUDIO_SECONDS = 60.0

# --- the contracts -----------------------------------------------------------------------------------------

YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def assert_located(exc, source: str, text: str) -> None:
    """A RubricError/DrillError: says what is wrong, starting with the source, and any line/column is in the text."""
    message = str(exc)
    assert message.startswith(source), message
    assert exc.problem.strip(), message
    if exc.place is not None:
        assert 1 <= exc.place.line <= len(YAML_LINE_BREAK.findall(text)) + 1, (exc.place, message)
        assert exc.place.column >= 1, (exc.place, message)
        assert f"line {exc.place.line}, column {exc.place.column}" in message, message


def check_rubric(text: str, source: str = "fuzz.yaml") -> Rubric | None:
    """parse_rubric returns a consistent Rubric or raises a located RubricError; None when refused."""
    try:
        rubric = parse_rubric(text, source)
    except RubricError as exc:
        assert_located(exc, source, text)
        return None
    assert rubric.name and rubric.criteria and 1 <= rubric.version <= 10_000
    assert len(set(rubric.ids)) == len(rubric.ids) and all(CRITERION_ID.match(i) for i in rubric.ids)
    assert all(0 <= c.weight <= 100 for c in rubric.criteria) and any(c.weight > 0 for c in rubric.criteria)
    return rubric


def check_drill(text: str, rubric: Rubric | None, source: str = "fuzz-drill.yaml") -> DrillSpec | None:
    """parse_drill returns a playable DrillSpec or raises a located DrillError; None when refused."""
    try:
        drill = parse_drill(text, source, rubric=rubric)
    except DrillError as exc:
        assert_located(exc, source, text)
        return None
    ids = [step.id for step in drill.steps]
    assert 1 <= len(ids) <= MAX_STEPS and len(set(ids)) == len(ids)
    for step in drill.steps:
        assert set(step.trains) <= set(drill.trains)
        for branch in (step.if_met, step.if_missed):
            assert drill.target(step, branch) in ids + ["end"]
    if rubric is not None:
        assert set(drill.trains) <= set(rubric.ids)
    return drill


def check_transcript(text: str, source: str = "fuzz.jsonl") -> list[dict] | None:
    """parse_transcript_lines returns calls whose turns the scorer and a database accept, or a UserError naming
    the source (and the line); None when refused."""
    try:
        calls = parse_transcript_lines(text, source)
    except UserError as exc:
        message = str(exc)
        assert message.startswith(source) and len(message) > len(source) + 2, message
        return None
    assert calls
    for call in calls:
        assert isinstance(call["id"], str) and call["id"]
        for value in [call["id"], *(turn["text"] for turn in call["turns"])]:
            value.encode("utf-8")  # no lone surrogate: SQLite and PostgreSQL would refuse the row
            assert "\x00" not in value  # PostgreSQL refuses NUL in text
        assert call["turns"]
        for turn in call["turns"]:
            scoring.Turn(turn["speaker"], turn["text"], turn["start"], turn["end"])  # never a TurnError later
    return calls


def check_audio(data: bytes, path: Path) -> None:
    """probe and load on any bytes: a result that makes sense, or an AudioError with one sentence."""
    path.write_bytes(data)
    for read in (probe, load):
        try:
            result = read(path, max_seconds=MAX_AUDIO_SECONDS)
        except AudioError as exc:
            message = str(exc)
            assert message.strip() and "\n" not in message, message
            continue
        info = result if read is probe else result.info
        assert info.channels in (1, 2) and info.duration <= MAX_AUDIO_SECONDS, info
        if read is load:
            assert len(result.channels) == info.channels and 0 < result.duration <= MAX_AUDIO_SECONDS
            assert all(channel.dtype.name == "float32" for channel in result.channels)


# --- the fuzz targets ----------------------------------------------------------------------------------------

_DEFAULT_RUBRIC: list[Rubric] = []
_AUDIO_PATH: list[Path] = []


def fuzz_rubric(data: bytes) -> None:
    check_rubric(data.decode("utf-8", "replace"))


def fuzz_drill(data: bytes) -> None:
    if not _DEFAULT_RUBRIC:
        _DEFAULT_RUBRIC.append(scoring.default_rubric())
    check_drill(data.decode("utf-8", "replace"), _DEFAULT_RUBRIC[0])


def fuzz_transcript(data: bytes) -> None:
    check_transcript(data.decode("utf-8", "replace"))


def fuzz_audio(data: bytes) -> None:
    check_audio(data, _AUDIO_PATH[0])


TARGETS = {"rubric": fuzz_rubric, "drill": fuzz_drill, "transcript": fuzz_transcript, "audio": fuzz_audio}


# --- seeds, made from the repo's own files -------------------------------------------------------------------

def seeds(target: str) -> dict[str, bytes]:
    if target == "rubric":
        import yaml

        document = yaml.safe_load(DEFAULT_RUBRIC.read_text(encoding="utf-8"))
        found = {}
        for criterion_id, spec in document["criteria"].items():  # one small rubric per criterion
            one = {"name": document["name"], "version": 1, "criteria": {criterion_id: spec}}
            found[f"rubric-{criterion_id}.yaml"] = yaml.safe_dump(one, sort_keys=False, width=100).encode()
        found["head.yaml"] = DEFAULT_RUBRIC.read_bytes()[:4096]
        return found
    if target == "drill":
        return {"template.yaml": TEMPLATE.encode(), **{path.name: path.read_bytes() for path in SEED_DRILLS}}
    if target == "transcript":
        found = {}
        for path in JSONL_FIXTURES:
            lines = path.read_bytes().splitlines()
            found[path.parent.name + "-" + path.name] = b"\n".join(lines[:2])
            found.update({f"{path.parent.name}-line-{n}.jsonl": line for n, line in enumerate(lines)})
        return found
    if target == "audio":
        return {f"{path.stem}-{size}{path.suffix}": path.read_bytes()[:size]
                for path in AUDIO_FIXTURES for size in (512, 4096, 16384)}
    raise KeyError(target)


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [CORPUS_DIR] [libFuzzer options]")
    target, options = argv[1], argv[2:]
    corpora = [option for option in options if not option.startswith("-")]
    if not corpora:
        corpora = [tempfile.mkdtemp(prefix=f"qa-fuzz-{target}-")]
        options.append(corpora[0])
    corpus = Path(corpora[0])
    corpus.mkdir(parents=True, exist_ok=True)
    for name, data in seeds(target).items():
        (corpus / name).write_bytes(data)
    _AUDIO_PATH.append(corpus.parent / f"{corpus.name}.input")  # the file each audio input is written to
    print(f"fuzzing {target}: {len(seeds(target))} seeds in {corpus}", flush=True)
    atheris.Setup([argv[0], *options], TARGETS[target])
    atheris.Fuzz()


if FUZZING:
    main(sys.argv)
