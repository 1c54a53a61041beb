"""``qa-app transcribe`` and ``qa-app bench transcribe``."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

import typer

from qa_app.cli.app import app, bench_app
from qa_app.transcription import transcribe
from qa_app.transcription.audio import load
from qa_app.transcription.engines import DECODING, FASTER_WHISPER, OPENAI_WHISPER, load_engine
from qa_app.transcription.evaluation import edit_distance, normalize


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes):02d}:{seconds:04.1f}"


@app.command("transcribe")
def transcribe_command(
    file: Path = typer.Argument(..., help="The call recording (WAV, MP3, M4A, OGG/Opus, FLAC; mono or stereo)."),
    engine: str = typer.Option(None, help="faster-whisper or openai-whisper (default: QA_WHISPER_ENGINE)."),
    model: str = typer.Option(None, help="tiny.en (bundled), a local model path, or a hub name when online "
                                         "(default: QA_WHISPER_MODEL)."),
    agent_channel: str = typer.Option("left", help="Which channel of a stereo recording is the agent: left or right."),
    mono: bool = typer.Option(False, "--mono", help="Mix the channels and tell the voices apart by sound."),
    batched: bool = typer.Option(False, "--batched", help="faster-whisper's batched mode (for bulk work)."),
    as_json: bool = typer.Option(False, "--json", help="Print the transcript as JSON."),
) -> None:
    """Transcribe a call recording into agent and customer turns."""
    transcript = transcribe(file, engine=engine, model=model, agent_channel=agent_channel, mono=mono or None,
                            batched=batched)
    if as_json:
        typer.echo(json.dumps(transcript.to_dict(), indent=2))
        return
    typer.echo(f"{file.name}: {transcript.duration:.1f} s, {transcript.channels} channel(s), "
               f"{transcript.engine} {transcript.model}")
    if transcript.speaker_confidence is not None:
        typer.echo(f"one channel: speakers told apart by voice, confidence {transcript.speaker_confidence:.2f}")
    for turn in transcript.turns:
        typer.echo(f"[{_clock(turn.start)}-{_clock(turn.end)}] {turn.speaker}: {turn.text}")


@bench_app.command("transcribe")
def bench_transcribe(
    file: Path = typer.Argument(..., help="The recording to transcribe with each engine."),
    reference: Path = typer.Option(None, help="A text file with the spoken words, to report each engine's WER."),
    repeat: int = typer.Option(1, min=1, help="Rounds of timing; each engine keeps its fastest run "
                                              "(other work on the machine only ever adds time)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Both engines on the same audio with the same decoding settings: seconds, real-time factor, speed-up."""
    audio = load(file)
    duration = audio.duration
    warm_up = audio.mixed()[: 30 * audio.sample_rate]
    reference_words = normalize(reference.read_text()) if reference else None
    runs = [("faster-whisper", FASTER_WHISPER, False), ("faster-whisper batched", FASTER_WHISPER, True),
            ("openai-whisper", OPENAI_WHISPER, False)]
    results = []
    for label, engine, batched in runs:
        started = time.perf_counter()
        asr = load_engine(engine, batched=batched)
        # One short untimed pass first: it loads the VAD model and compiles openai-whisper's word aligner,
        # one-time costs that would otherwise be charged to whichever engine runs first.
        list(asr.words(warm_up))
        results.append({"engine": label, "model": asr.model, "seconds": float("inf"),
                        "load_and_warm_up_seconds": round(time.perf_counter() - started, 2)})
    # Rounds take the engines in turn, so a busy spell on the machine hits all of them alike.
    for _ in range(repeat):
        for result, (_, engine, batched) in zip(results, runs):
            started = time.perf_counter()
            transcript = transcribe(file, engine=engine, batched=batched)
            result["seconds"] = min(result["seconds"], time.perf_counter() - started)
            if reference_words is not None:
                hypothesis = normalize(" ".join(turn.text for turn in transcript.turns))
                result["wer"] = round(edit_distance(reference_words, hypothesis) / max(1, len(reference_words)), 4)
    for result in results:
        result["seconds"] = round(result["seconds"], 2)
        result["real_time_factor"] = round(result["seconds"] / duration, 4)
    sequential, batched_run, reference_run = results
    figures = {
        "file": str(file),
        "duration": round(duration, 2),
        "decoding": asdict(DECODING),
        "engines": results,
        "speedup": round(reference_run["seconds"] / sequential["seconds"], 2),
        "batched_speedup": round(reference_run["seconds"] / batched_run["seconds"], 2),
    }
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    typer.echo(f"{file.name}: {duration:.1f} s of audio; decoding {asdict(DECODING)}")
    for result in results:
        wer = f", WER {result['wer']:.1%}" if "wer" in result else ""
        typer.echo(f"  {result['engine']:<24} {result['seconds']:7.2f} s  real-time factor "
                   f"{result['real_time_factor']:.3f}{wer}")
    typer.echo(f"faster-whisper is {figures['speedup']:.1f}x faster than openai-whisper "
               f"({figures['batched_speedup']:.1f}x in batched mode)")
