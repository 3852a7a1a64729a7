"""Seams between the rooms that no single feature's tests own."""

from __future__ import annotations

import os
import stat

import pytest

from selfgov_desktop.services import sessions


def test_session_numbers_tell_every_kind_apart():
    from selfgov_desktop.domain.model import SESSION_KIND_LABELS

    prefixes = {sessions.number_prefix(label) for label in SESSION_KIND_LABELS.values()}
    assert len(prefixes) == len(SESSION_KIND_LABELS)
    assert sessions.number_prefix("听证会") == "听证"
    assert sessions.number_prefix("居民代表会议") == "居民代表会议"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_cli_error_log_is_owner_only(tmp_path, monkeypatch):
    from selfgov_desktop import cli
    from selfgov_desktop.commands import basic

    monkeypatch.setattr(basic, "run_info", lambda env, args: 1 / 0)
    assert cli.main(["--data-dir", str(tmp_path), "info"]) == 1
    mode = stat.S_IMODE((tmp_path / "selfgov.log").stat().st_mode)
    assert mode & 0o077 == 0
