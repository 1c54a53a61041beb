"""Scoring commands: score calls from JSON Lines, evaluate against labels (text or audio), benchmark speed."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from qa_app.cli.app import app, bench_app
from qa_app.errors import UserError

RubricOption = Annotated[
    Optional[Path], typer.Option("--rubric", help="Rubric YAML to score with (default: the packaged rubric).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
MARKS = {"met": "✓", "not_met": "✗", "not_applicable": "–"}


def read_calls(path: Path) -> list[dict]:
    """Calls from a JSON Lines file; a bad line stops with the file and line number."""
    from scoring import TurnError
    from scoring.scorer import as_turns

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the file ({exc})") from None
    calls = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            call = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}, line {number}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(call, dict) or not isinstance(call.get("turns"), list):
            raise UserError(f"{path}, line {number}: a call is an object with a list of \"turns\"")
        try:
            as_turns(call["turns"])
        except TurnError as exc:
            raise UserError(f"{path}, line {number}: {exc}") from None
        call.setdefault("id", f"{path.name}:{number}")
        calls.append(call)
    if not calls:
        raise UserError(f"{path}: no calls in the file")
    return calls


def make_scorer(rubric_path: Path | None):
    from scoring import RubricError, Scorer, default_rubric, load_rubric

    try:
        rubric = load_rubric(rubric_path) if rubric_path is not None else default_rubric()
    except RubricError as exc:
        raise UserError(str(exc)) from None
    return Scorer(rubric)


def _evidence_line(evidence: dict) -> str:
    times = f" @{evidence['start']:.1f}s" if evidence.get("start") is not None else ""
    return f"turn {evidence['turn']}{times}: \"{evidence['text']}\""


@app.command()
def score(
    file: Annotated[Path, typer.Argument(help="Calls as JSON Lines (LABELING.md format; labels optional).")],
    rubric: RubricOption = None,
    as_json: JsonOption = False,
) -> None:
    """Score calls and print each criterion's verdict with its evidence (--json: one JSON object per call)."""
    calls = read_calls(file)
    scorer = make_scorer(rubric)
    for call, result in zip(calls, scorer.score_many(call["turns"] for call in calls)):
        data = {"id": call["id"], **result.to_dict()}
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False))
            continue
        typer.echo(f"{call['id']}  total {result.total:.1f}")
        for criterion in data["criteria"]:
            typer.echo(
                f"  {MARKS[criterion['verdict']]} {criterion['criterion']:<20} {criterion['verdict']:<15}"
                f" {criterion['confidence']:.2f}  {criterion['explanation']}"
            )
            for evidence in criterion["evidence"]:
                typer.echo(f"        {_evidence_line(evidence)}")


def _overlap_mapper(call: dict, turn: int) -> set[int]:
    """Reference turns a transcribed turn overlaps in time (by at least 30% of the shorter of the two)."""
    spoken = call["turns"][turn]
    found = set()
    for index, reference in enumerate(call.get("reference_turns", [])):
        if reference.get("start") is None or reference.get("end") is None:
            continue
        overlap = min(spoken["end"], reference["end"]) - max(spoken["start"], reference["start"])
        shorter = min(spoken["end"] - spoken["start"], reference["end"] - reference["start"])
        if overlap > 0 and overlap >= 0.3 * max(shorter, 0.01):
            found.add(index)
    return found


def _transcribed(files: list[Path]) -> tuple[list[dict], dict]:
    """Every call transcribed from its audio; the WER and speaker accuracy are over all files together."""
    from qa_app.transcription.evaluation import evaluate_audio

    calls = []
    for path in files:
        for call in read_calls(path):
            if call.get("audio"):  # audio is named relative to its JSONL file
                call["audio"] = str((path.parent / call["audio"]).resolve())
            calls.append(call)
    typer.echo(f"transcribing {len(calls)} call(s) ...", err=True)
    result = evaluate_audio(calls, Path("/"))
    return result.calls, {"wer": result.wer, "speaker_accuracy": result.speaker_accuracy, "per_call": result.per_call}


@app.command("eval")
def evaluate_command(
    files: Annotated[list[Path], typer.Argument(help="Labeled calls as JSON Lines (LABELING.md format).")],
    rubric: RubricOption = None,
    as_json: JsonOption = False,
    audio: Annotated[
        bool, typer.Option("--audio", help="Transcribe each call's audio first and score the transcript.")
    ] = False,
) -> None:
    """Compare verdicts with human labels: precision, recall, F1 per criterion, macro-F1, evidence agreement."""
    from scoring.evaluation import evaluate

    scorer = make_scorer(rubric)
    audio_figures: dict = {}
    if audio:
        calls, audio_figures = _transcribed(files)
        mapper = _overlap_mapper
    else:
        calls = [call for path in files for call in read_calls(path)]
        mapper = None
    unlabeled = [call["id"] for call in calls if not call.get("labels")]
    if unlabeled:
        raise UserError(f"call {unlabeled[0]} has no labels to compare with")
    scores = scorer.score_many(call["turns"] for call in calls)
    report = evaluate(zip(calls, scores), turn_mapper=mapper).to_dict()
    if audio:
        report = {**report, "wer": audio_figures["wer"], "speaker_accuracy": audio_figures["speaker_accuracy"],
                  "audio_per_call": audio_figures["per_call"]}
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for line in _report_lines(report):
        typer.echo(line)


def _report_lines(report: dict) -> Iterator[str]:
    yield f"{report['calls']} calls"
    yield f"{'criterion':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4}"
    for name, figures in report["criteria"].items():
        yield (
            f"{name:<20} {figures['precision']:>9.3f} {figures['recall']:>7.3f} {figures['f1']:>6.3f}"
            f" {figures['tp']:>4} {figures['fp']:>4} {figures['fn']:>4} {figures['tn']:>4}"
        )
    yield f"macro-F1 {report['macro_f1']:.3f}"
    agreement = report["evidence_agreement"]
    yield (
        "evidence agreement "
        + ("n/a" if agreement is None else f"{agreement:.3f} (of {report['evidence_checked']} correct met verdicts)")
    )
    if "wer" in report:
        accuracy = report["speaker_accuracy"]
        yield f"word error rate {report['wer']:.3f}, speaker accuracy " + (
            "n/a" if accuracy is None else f"{accuracy:.3f}"
        )
    if report["misjudged"]:
        yield "misjudged:"
    for item in report["misjudged"]:
        expected = "met" if item["expected"] else "not_met"
        yield f"  {item['call']} {item['criterion']}: labeled {expected}, scored {item['got']} — {item['explanation']}"
        for evidence in item["evidence"]:
            yield f"      {_evidence_line(evidence)}"
        if item["labeled_evidence"]:
            yield f"      labeled evidence: turns {', '.join(map(str, item['labeled_evidence']))}"


@bench_app.command("score")
def bench_score(
    calls: Annotated[int, typer.Option("--calls", min=1, help="How many synthetic 15-turn calls to score.")] = 500,
    as_json: JsonOption = False,
) -> None:
    """Calls per second through the scorer on synthetic 15-turn calls (the model load is timed apart)."""
    from scoring import Scorer, default_rubric
    from scoring.bench import synthetic_calls

    started = time.perf_counter()
    scorer = Scorer(default_rubric())
    list(scorer.score_many(synthetic_calls(8, seed=1)))  # warm up caches and the model's first batch
    load_seconds = time.perf_counter() - started
    batch = list(synthetic_calls(calls))
    started, cpu_started = time.perf_counter(), time.process_time()
    scored = sum(1 for _ in scorer.score_many(batch))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    figures = {
        "calls": scored,
        "turns_per_call": 15,
        "seconds": round(seconds, 3),
        "calls_per_second": round(scored / seconds, 1),
        # CPU time of this process alone: what scoring costs when other programs compete for the cores.
        "cpu_seconds": round(cpu_seconds, 3),
        "cpu_calls_per_second": round(scored / max(cpu_seconds, 1e-9), 1),
        "load_seconds": round(load_seconds, 2),
        "load_average": round(os.getloadavg()[0], 2),
    }
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        typer.echo(
            f"{figures['calls_per_second']} calls/s ({scored} calls of 15 turns in {figures['seconds']} s; "
            f"{figures['cpu_calls_per_second']} calls per CPU-second; model load and warm-up "
            f"{figures['load_seconds']} s; load average {figures['load_average']})"
        )
