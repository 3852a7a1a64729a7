"""Errors that carry a message for the user, in plain Chinese."""

from __future__ import annotations


class UserError(Exception):
    """Input that cannot be used. The message is shown to the user as it is (CLI exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class RuleViolation(UserError):
    """A procedural rule that fails; can be overridden with a recorded reason."""
