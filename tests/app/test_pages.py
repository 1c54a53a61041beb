"""Every page, run in-process with AppTest, for every role: who may open it, and what it does."""

from __future__ import annotations

import pytest

from qa_app.services.permissions import ROLE_CAPABILITIES
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, RecordingStatus, ReviewState, Role
from qa_app.ui.navigation import PAGES
from tests.app.apptest import as_user, page_script_alone

USERS = {"admin": Role.admin, "reviewer": Role.qa_reviewer, "trainer": Role.trainer, "ana": Role.agent}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.file)
def test_permission_matrix_every_role_against_every_page(demo, scored_calls, username, spec):
    allowed = spec.capability in ROLE_CAPABILITIES[USERS[username]]
    if allowed:
        app = as_user(demo[username], spec.file)
        assert not app.exception, app.exception
        assert [t.value for t in app.title] == [spec.title]
        assert "You do not have access to this." not in [e.value for e in app.error]
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            as_user(demo[username], spec.file)  # not in this role's navigation: the router will not serve it
        app = page_script_alone(demo[username], spec.file)  # and the page itself refuses
        assert not app.exception, app.exception
        assert [e.value for e in app.error] == ["You do not have access to this."] and not app.title


def test_the_queue_lists_scored_calls_oldest_unreviewed_first(demo, scored_calls):
    app = as_user(demo["reviewer"], "queue.py")
    table = app.dataframe[0].value
    assert list(table["call"]) == [scored_calls[c] for c in ("own-good-1", "own-poor-1", "own-good-2", "own-poor-2")]


def test_a_reviewer_overrides_a_verdict_and_finalizes_on_the_review_page(demo, scored_calls):
    call = scored_calls["own-poor-2"]
    app = as_user(demo["reviewer"], "review.py", call=call)
    assert [m.label for m in app.metric][:2] == ["Automatic score", "Score after review"]
    app.selectbox(key="verdict-empathy").set_value("met")
    app.text_input(key="comment-empathy").input("Warm tone on the audio.")
    app.text_area(key="overall-comment").input("Own the problem next time.")
    app.button(key="review-finalize").click().run()
    assert not app.exception and not app.error
    with session_scope() as session:
        from qa_app.services.reviews import load_call_review

        view = load_call_review(session, demo["reviewer"], call)
    assert view.review.state is ReviewState.final
    assert next(c for c in view.criteria if c.criterion == "empathy").comment == "Warm tone on the audio."


def test_an_agent_cannot_reach_another_agents_call_by_editing_the_address(demo, scored_calls):
    from tests.app.test_queue_and_progress import finalize

    finalize(demo["reviewer"], scored_calls["own-poor-1"])  # Ben's call
    finalize(demo["reviewer"], scored_calls["own-good-1"])  # Ana's call
    app = as_user(demo["ana"], "feedback.py", call=scored_calls["own-poor-1"])
    assert not app.exception
    shown = app.selectbox(key="f_call").value
    assert shown == scored_calls["own-good-1"]
    assert app.query_params["call"] == [str(scored_calls["own-good-1"])] or \
        app.query_params["call"] == str(scored_calls["own-good-1"])
    review_page = page_script_alone(demo["ana"], "review.py")
    assert [e.value for e in review_page.error] == ["You do not have access to this."]


def test_the_upload_page_shows_failed_files_with_their_reason_and_can_retry(demo):
    import io

    from qa_app.services.recordings import upload_recording

    with session_scope() as session:
        intake = upload_recording(session, demo["reviewer"], "noise.mp3", io.BytesIO(b"\x00\x01" * 500), agent_id=None)
    app = as_user(demo["reviewer"], "upload.py")
    failures = [e.value for e in app.error]
    assert any("noise.mp3" in text and "failed" in text for text in failures)
    app.button(key=f"retry-{intake.recording_id}").click().run()
    with session_scope() as session:
        assert session.get(Recording, intake.recording_id).status in (RecordingStatus.queued, RecordingStatus.failed,
                                                                       RecordingStatus.transcribing)
