from __future__ import annotations

import pytest

from qa_app.services import accounts
from qa_app.storage.db import session_scope
from qa_app.storage.models import Role


@pytest.fixture
def reviewer(qa_env):
    with session_scope() as session:
        accounts.create_user(session, "rev", "right-password", Role.qa_reviewer)
    return "rev"


def test_unknown_user_and_wrong_password_get_the_same_answer(reviewer):
    with session_scope() as session:
        with pytest.raises(accounts.LoginFailed) as unknown:
            accounts.authenticate(session, "nobody", "right-password")
        with pytest.raises(accounts.LoginFailed) as wrong:
            accounts.authenticate(session, reviewer, "wrong-password")
    assert str(unknown.value) == str(wrong.value) == "Wrong username or password."


def test_repeated_failures_lock_the_account_until_an_admin_resets_it(reviewer):
    with session_scope() as session:
        for _ in range(accounts.MAX_FAILED_LOGINS):
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(session, reviewer, "guess")
        with pytest.raises(accounts.LoginFailed, match="Too many failed log-ins"):
            accounts.authenticate(session, reviewer, "right-password")
        accounts.set_password(session, reviewer, "new-right-password")
        assert accounts.authenticate(session, reviewer, "new-right-password").role is Role.qa_reviewer


def test_duplicate_usernames_are_refused(reviewer):
    with session_scope() as session, pytest.raises(accounts.UserError, match="already exists"):
        accounts.create_user(session, reviewer, "another-password", Role.trainer)
