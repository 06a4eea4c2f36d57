"""Typed errors of the core. Each carries a one-line message that says what went wrong and what to do,
and the exit code the CLI maps it to."""

from scscheck.status import ExitCode


class ScscheckError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ScscheckError):
    """The user asked for something that cannot be done as asked (unknown registry, bad option value)."""


class RegistryError(ScscheckError):
    """A registry TOML file is broken; the message names the file and the key."""

    def __init__(self, path: object, key: str, problem: str) -> None:
        super().__init__(f"{path}: key '{key}': {problem}")
        self.path = path
        self.key = key


class InputError(ScscheckError):
    """A counterparty input file cannot be read."""


class FetchError(ScscheckError):
    """A snapshot could not be fetched or verified."""

    exit_code = ExitCode.SYNC_FAILED


class SyncBusyError(ScscheckError):
    """Another sync holds the cache and the caller would not wait."""

    exit_code = ExitCode.BUSY


class SnapshotError(ScscheckError):
    """A fetched snapshot cannot be read as its registry declares (wrong format, missing columns)."""

    exit_code = ExitCode.SYNC_FAILED


class CacheError(ScscheckError):
    """The cache cannot be opened or is from an incompatible version."""
