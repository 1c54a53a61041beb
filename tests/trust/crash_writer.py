"""A process that writes through the services without pause until it is killed (tests/trust/test_crash_consistency.py).

Usage: python tests/trust/crash_writer.py ROUND SEED — the database and the recordings store come from the
environment (QA_DATA_DIR, QA_RECORDINGS_DIR, QA_DATABASE_URL), already migrated and seeded with the demo.

Each write unit is one transaction, as the app does it; after each commit one line goes to stdout:

    ok import RECORDING_ID TURNS     a transcript import: the recording, its transcript and its turns
    ok upload RECORDING_ID KEY       an upload: the blob stored first, then its row
    ok scored RECORDING_ID           the pipeline: the score with its criterion results, the call marked done
    ok review REVIEW_ID FINAL        a review: overrides, comment, maybe finalized, and their audit events
    ok agent AGENT_ID                an admin adds an agent (audited)
    ok deleted RECORDING_ID          an admin deletes a call (rows, audit event, then its file)
"""

from __future__ import annotations

import io
import json
import random
import sys


def main(round_number: int, seed: int) -> None:
    from sqlmodel import select

    from qa_app.jobs.pipeline import claim, process
    from qa_app.services import directory, privacy, recordings, reviews
    from qa_app.services.accounts import Identity
    from qa_app.services.reviews import CriterionEdit
    from qa_app.services.rubrics import active_rubric
    from qa_app.services.scoring import scorer_for
    from qa_app.storage.db import session_scope
    from qa_app.storage.models import Agent, Recording, User, Verdict

    rng = random.Random(seed)
    with session_scope() as session:
        users = {u.username: Identity.of(u) for u in session.exec(select(User))}
        scorer_for(active_rubric(session).source_text).score([])  # load spaCy before the clock starts
        ana = session.exec(select(Agent.id).where(Agent.name == "Ana Torres")).one()
    reviewer, admin = users["reviewer"], users["admin"]
    lines = ["Thank you for calling, how can I help?", "My parcel never arrived and I'm upset.",
             "I'm so sorry, I understand how frustrating that is.", "It was a birthday gift.",
             "I'll send a new one today by express, and refund the shipping.", "Okay, thanks.",
             "Is there anything else I can help with?", "No, that's all.", "Have a lovely day!"]
    print("ready", flush=True)

    for i in range(1_000_000):
        n = rng.randint(2, 14)
        call = {"id": f"crash-{round_number}-{i}-n{n}", "agent": "Ana Torres", "date": "2026-03-02",
                "turns": [{"speaker": ("agent", "customer")[t % 2], "text": f"{lines[t % len(lines)]} ({i}.{t})"}
                          for t in range(n)]}
        with session_scope() as session:
            intake, = recordings.import_transcripts(session, reviewer, json.dumps(call), source="crash")
        print("ok import", intake.recording_id, n, flush=True)

        blob = rng.randbytes(rng.randint(20_000, 400_000))
        with session_scope() as session:
            upload = recordings.upload_recording(session, reviewer, f"crash-{round_number}-{i}.wav", io.BytesIO(blob),
                                                 agent_id=ana)
            key = session.get(Recording, upload.recording_id).stored_path
        print("ok upload", upload.recording_id, key, flush=True)

        if claim(intake.recording_id):
            process(intake.recording_id)
            print("ok scored", intake.recording_id, flush=True)

        with session_scope() as session:
            view = reviews.load_call_review(session, reviewer, intake.recording_id)
            flippable = [c for c in view.criteria if c.auto_verdict is not Verdict.not_applicable]
            edits = {c.criterion: CriterionEdit(Verdict.met if c.auto_verdict is Verdict.not_met else Verdict.not_met,
                                                f"crash {i}")
                     for c in rng.sample(flippable, min(len(flippable), rng.randint(1, 3)))}
            final = rng.random() < 0.5
            review = reviews.save_review(session, reviewer, intake.recording_id, expected_version=None, edits=edits,
                                         overall_comment=f"Round {round_number}, call {i}.", finalize=final)
        print("ok review", review.id, int(final), flush=True)

        if i % 3 == 0:
            with session_scope() as session:
                agent = directory.add_agent(session, admin, f"Crash Agent {round_number}-{i}", None)
            print("ok agent", agent.id, flush=True)
        if i % 4 == 1:
            with session_scope() as session:
                privacy.delete_recording(session, admin, upload.recording_id)
            print("ok deleted", upload.recording_id, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
