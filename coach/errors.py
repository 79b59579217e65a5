"""The one place coach's exceptions are defined.

    CoachError
    ├── ConfigError        a setting is missing or wrong (names the env var or flag)
    ├── IngestionError     one file could not be read or understood (names the file)
    ├── BackendError       an embedder, vector store or model endpoint failed
    │   └── BackendTimeout     ... by not answering within its timeout
    ├── ValidationError    a request or an output broke a rule
    ├── NotFoundError      a team, file or record does not exist
    ├── ForbiddenError     the caller may not see or change this
    ├── UnauthorizedError  the caller did not say who it is (no key, or an unknown or revoked one)
    ├── ConflictError      the change would overwrite something that already exists
    └── RateLimitedError   the caller sent too many requests; carries when to retry

Errors are raised in the core and translated only at the edges: the CLI prints the
message and exits non-zero, the HTTP layer maps each class to a status code.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class: every error coach raises on purpose."""


class ConfigError(CoachError):
    """A setting is missing or invalid; the message names what to change."""


class IngestionError(CoachError):
    """A file could not be ingested. Carries the path so reports can name it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class BackendError(CoachError):
    """An external part (embedder, vector store, model endpoint) failed."""


class BackendTimeout(BackendError):
    """An external part did not answer within its timeout (a model call, an embedding request)."""


class ValidationError(CoachError):
    """Input or output broke a rule of the product."""


class NotFoundError(CoachError):
    """The thing asked for does not exist."""


class ForbiddenError(CoachError):
    """The caller's scope does not include this data."""


class UnauthorizedError(CoachError):
    """No credentials, or credentials that match no live key."""


class ConflictError(CoachError):
    """The request would silently replace something stored; the message says what to do instead."""


class RateLimitedError(CoachError):
    """Too many requests from one caller; `retry_after` is in whole seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
