"""Exit codes: one enum, so scripts can rely on them (see DESIGN.md, "Exit codes")."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit status of every scscheck command."""

    SUCCESS = 0
    FOUND = 1  # a finding at or above --fail-on
    USAGE = 2  # bad option, bad input file, broken registry file
    INCOMPLETE = 3  # coverage incomplete under --require-fresh
    SYNC_FAILED = 4  # at least one registry could not be synced
    BUSY = 5  # sync --no-wait while another sync holds the cache
    INTERNAL = 70  # a bug: rerun with --debug and report it
    INTERRUPTED = 130
