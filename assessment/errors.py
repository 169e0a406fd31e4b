"""Domain exceptions: each carries a message a user can act on; the CLI and app show it as is."""

from __future__ import annotations


class WayfinderError(Exception):
    """Something the data does not allow; ``str(error)`` says what and how to fix it."""


class NotFoundError(WayfinderError):
    """An id or name that does not exist (or was deleted)."""


class ConflictError(WayfinderError):
    """A name or code already in use."""


class InvalidInputError(WayfinderError):
    """A value outside what is allowed (too long, unknown question, level 7, …)."""


class AssessmentClosedError(WayfinderError):
    """The assessment is closed: answers can be read but not changed until it is reopened."""


class ConfirmationError(WayfinderError):
    """A delete whose confirmation does not match the name of what would be deleted."""


class PermissionDeniedError(WayfinderError):
    """The person asking lacks the role (or the token) this needs; nothing was read or changed."""


class TooManyAttemptsError(WayfinderError):
    """Too many tries in a short time (e.g. join codes); the message says when to try again."""
