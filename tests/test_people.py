"""The name on the timeline is the account's, whatever the shell's variables say."""

from __future__ import annotations

import os
import pwd

import pytest

from crisistui.domain.people import current_user


def test_the_actor_is_the_account_not_what_user_or_logname_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = pwd.getpwuid(os.geteuid()).pw_name
    for variable in ("USER", "LOGNAME", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "carol-the-approver")
    assert current_user() == account != "carol-the-approver"
