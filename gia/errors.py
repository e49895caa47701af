"""Errors that reach the user as one clear line (exit 1), never a traceback."""


class GiaError(Exception):
    """An operation failed for a reason the user can act on."""

    exit_code = 1


class UsageError(GiaError):
    """The command line was wrong."""

    exit_code = 2


def run_reporting_errors(prog: str, action, debug: bool = False) -> int:
    """Run `action()` the way every gia command ends: GiaError -> one line on stderr and its
    exit code (a traceback only with --debug), Ctrl-C -> 130, a closed pipe (`| head`) -> 0.
    Whatever it prints passes through gia.terminal.SafeStream: scraped text never steers the terminal."""
    import sys

    from gia.terminal import SafeStream

    if not isinstance(sys.stdout, SafeStream):
        sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return int(action() or 0)
    except GiaError as exc:
        if debug:
            raise
        print(f"{prog}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # the machine refused (disk full, read-only archive, permission, a vanished file): the user's to
        # fix, so one line naming the file; a bug's OSError still shows its traceback under --debug
        if debug or exc.errno is None:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        print(f"{prog}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except MemoryError:
        if debug:
            raise
        print(f"{prog}: out of memory", file=sys.stderr)
        return 1
