"""Steps for tests/features/transcription.feature, at the library level (the upload page calls the same function)."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from qa_app.errors import UserError
from qa_app.transcription import transcribe
from tests.transcription.conftest import STEREO_8K_AGENT_RIGHT, STEREO_16K, reference_call, spoken

scenarios("transcription.feature")


@pytest.fixture
def call() -> dict:
    return {}


@given("a two-channel call recording with the agent on the left channel", target_fixture="call")
def agent_left():
    return {"path": STEREO_16K}


@given("an 8 kHz telephone recording with the agent on the right channel", target_fixture="call")
def agent_right():
    return {"path": STEREO_8K_AGENT_RIGHT}


@given("a text file named like a recording", target_fixture="call")
def text_file(tmp_path):
    path = tmp_path / "call-0412.wav"
    path.write_text("Agent: hello\nCustomer: hi\n")
    return {"path": path, "bytes": path.read_bytes()}


@when("the reviewer transcribes it")
def transcribe_default(call, stereo_transcript):
    if call["path"] == STEREO_16K:
        call["transcript"] = stereo_transcript  # the session's transcript of this very file
        return
    try:
        call["transcript"] = transcribe(call["path"])
    except UserError as error:
        call["error"] = str(error)


@when(parsers.parse("the reviewer transcribes it saying the agent is on the {side} channel"))
def transcribe_with_channel(call, side):
    call["transcript"] = transcribe(call["path"], agent_channel=side)


@then(parsers.parse('the turns alternate "{speakers}"'))
def turns_alternate(call, speakers):
    assert [turn.speaker for turn in call["transcript"].turns] == speakers.split(", ")


@then(parsers.parse("the {party}'s words include \"{first}\" and \"{second}\""))
def words_include(call, party, first, second):
    said = spoken(call["transcript"], party)
    assert first in said and second in said


@then("every turn starts within a second of when that party began to speak")
def turns_are_timed(call):
    reference = reference_call(call["path"].name)["turns"]
    for turn, expected in zip(call["transcript"].turns, reference, strict=True):
        assert turn.speaker == expected["speaker"]
        assert abs(turn.start - expected["start"]) < 1.0


@then("the reviewer is told in one sentence that it is not a readable audio file")
def told_not_audio(call):
    assert "transcript" not in call
    assert call["error"].startswith("call-0412.wav is not a readable audio file")
    assert call["error"].count(".") >= 1 and "\n" not in call["error"]


@then("the file is left as it was")
def file_untouched(call):
    assert call["path"].read_bytes() == call["bytes"]
