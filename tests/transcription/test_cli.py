"""``qa-app transcribe`` and ``qa-app bench transcribe`` as a user runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from qa_app.cli import main
from qa_app.transcription.audio import load
from tests.transcription.conftest import REFERENCE_TEXT, STEREO_8K_AGENT_RIGHT, STEREO_16K
from tests.transcription.test_audio import write_wav


def test_transcribe_prints_who_said_what(capsys):
    assert main(["transcribe", str(STEREO_8K_AGENT_RIGHT), "--agent-channel", "right"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("call_8k_stereo_agent_right.wav: 22.4 s, 2 channel(s), faster-whisper tiny.en")
    assert [line.split("] ")[1].split(":")[0] for line in lines[1:]] == ["agent", "customer", "agent", "customer"]
    assert lines[1].startswith("[00:00.")


def test_transcribe_json(capsys):
    assert main(["transcribe", str(STEREO_16K), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"duration", "engine", "model", "turns"}
    assert [turn["speaker"] for turn in data["turns"]] == ["agent", "customer", "agent", "customer"]
    assert "thank you for calling" in data["turns"][0]["text"].lower()


def test_mono_flag_reports_the_speaker_confidence(capsys):
    assert main(["transcribe", str(STEREO_16K), "--mono"]) == 0
    assert re.search(r"^one channel: speakers told apart by voice, confidence [01]\.\d\d$", capsys.readouterr().out, re.M)


def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path):
    notes = tmp_path / "notes.mp3"
    notes.write_text("not a recording")
    result = subprocess.run([sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())",
                             "transcribe", str(notes)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("error: notes.mp3 is not a readable audio file")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_bench_runs_both_engines_on_the_same_audio(tmp_path, capsys):
    clip = write_wav(tmp_path / "greeting.wav", load(STEREO_16K).channels[0][None, : 7 * 16_000])
    reference = tmp_path / "greeting.txt"
    reference.write_text(REFERENCE_TEXT[0])
    assert main(["bench", "transcribe", str(clip), "--reference", str(reference), "--repeat", "2", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["decoding"]["beam_size"] == 5 and figures["decoding"]["language"] == "en"
    assert [run["engine"] for run in figures["engines"]] == ["faster-whisper", "faster-whisper batched",
                                                               "openai-whisper"]
    for run in figures["engines"]:
        assert run["seconds"] > 0 and abs(run["real_time_factor"] - run["seconds"] / figures["duration"]) < 0.01
        assert run["load_and_warm_up_seconds"] > 0
        assert run["wer"] < 0.5
    fast, _, reference_run = figures["engines"]
    assert figures["speedup"] == round(reference_run["seconds"] / fast["seconds"], 2)
