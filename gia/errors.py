"""Errors that reach the user as one clear line (exit 1), never a traceback."""


class GiaError(Exception):
    """An operation failed for a reason the user can act on."""

    exit_code = 1


class UsageError(GiaError):
    """The command line was wrong."""

    exit_code = 2
