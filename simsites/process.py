"""SimFarm: the simulated sites served from a process of their own.

    with SimFarm("clean") as farm:          # the same arguments and methods as LocalFarm
        registry = farm.write_registry(path)
        ...crawl...
        farm.manifest(); farm.sites["H"].waf_pages; farm.publish_report("P")

The child (`simsites.process.main`) builds a LocalFarm, renders every body its sites serve,
binds the ports and then answers this process's questions about it over its stdin/stdout: what the
sites served, what they list, changes to the world. So the sites never share a GIL with a test, a
benchmark or an in-process crawl (`gia demo`), and no page waits for the report generator: on a
loaded 2-core machine the sites used to render PDFs on first request inside the test process,
behind a lock, for longer than the crawler's download timeout.

Every farm started from one process shares a render cache folder ($GIA_SIM_RENDER_CACHE, made
once per parent process and removed when it exits), so the second farm of a test session does not
render again what the first did.

Questions travel as pickles on a private pipe between this process and its own child. Values come
back as copies; a site, the world or the farm itself comes back as a proxy (`_Remote`) whose
attributes and methods are asked for in turn. Reports are matched up by id both ways, so a report
passed back to a site's method is the child's own object, and the same report fetched twice is
one object here too.
"""

from __future__ import annotations

import atexit
import copy
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import ItemsView, KeysView, ValuesView
from pathlib import Path

from simsites.content import RENDER_CACHE_ENV
from simsites.world import Report

REPO = Path(__file__).resolve().parents[1]
CHILD = "import sys; from simsites.process import main; sys.exit(main())"
_render_cache: str | None = None


def _render_cache_dir() -> str:
    """The render cache shared by every farm this process starts ($GIA_SIM_RENDER_CACHE if set)."""
    global _render_cache
    if os.environ.get(RENDER_CACHE_ENV):
        return os.environ[RENDER_CACHE_ENV]
    if _render_cache is None:
        _render_cache = tempfile.mkdtemp(prefix="gia-simsites-render-")
        atexit.register(shutil.rmtree, _render_cache, True)
    return _render_cache


class _Ref:
    """Stands for an object of the child (a site, the world, the farm) by the path that reaches it."""

    def __init__(self, path: tuple):
        self.path = path


class _Method(_Ref):
    """Stands for a method of an object of the child."""


class SimFarm:
    """A LocalFarm (simsites/farm.py) running in a child process; same constructor, same methods."""

    def __init__(self, profile: str = "default", **options):
        self._args = (profile, options)
        self._proc: subprocess.Popen | None = None
        self._reports: dict[int, Report] = {}

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> "SimFarm":
        env = {**os.environ, RENDER_CACHE_ENV: _render_cache_dir(),
               "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
        self._proc = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=env, cwd=REPO)
        pickle.dump(self._args, self._proc.stdin)
        self._proc.stdin.flush()
        self._reply()  # "ready": every body rendered, every port bound
        return self

    def stop(self) -> None:
        if self._proc is None:
            return
        proc, self._proc = self._proc, None
        proc.stdin.close()  # the child's end of the conversation: it stops its servers and exits
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()

    def __enter__(self) -> "SimFarm":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- the farm's own attributes and methods -----------------------------------------
    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._ask("get", (("attr", name),))

    # --- the conversation -------------------------------------------------------------
    def _ask(self, op: str, path: tuple, args: tuple = (), kwargs: dict | None = None):
        if self._proc is None:
            raise RuntimeError("the simulated farm is not running (use `with SimFarm(...) as farm`)")
        pickle.dump((op, path, args, kwargs or {}), self._proc.stdin)
        self._proc.stdin.flush()
        return self._reply()

    def _reply(self):
        try:
            kind, value = pickle.load(self._proc.stdout)
        except EOFError:
            code = self._proc.poll()
            raise RuntimeError(f"the simulated farm's process ended (exit code {code}); see its errors above") from None
        if kind == "raise":
            raise value
        return self._local(value)

    def _local(self, value):
        """A value from the child with its references made proxies and its reports matched by id."""
        if isinstance(value, _Method):
            return _RemoteMethod(self, value.path)
        if isinstance(value, _Ref):
            return _Remote(self, value.path)
        if isinstance(value, Report):
            known = self._reports.setdefault(value.rid, value)
            if known is not value:
                known.__dict__.update(value.__dict__)  # the child's report may have changed (a revision)
            return known
        return _map(value, self._local)


class _Remote:
    """An object of the child: its attributes are fetched, its methods called, on access."""

    __slots__ = ("_farm", "_path")

    def __init__(self, farm: SimFarm, path: tuple):
        self._farm, self._path = farm, path

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._farm._ask("get", (*self._path, ("attr", name)))

    def __getitem__(self, key):
        return self._farm._ask("get", (*self._path, ("item", key)))

    def __repr__(self) -> str:
        return f"<simulated farm object {'.'.join(str(step[1]) for step in self._path)}>"


class _RemoteMethod(_Remote):
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self._farm._ask("call", self._path, args, kwargs)


def _map(value, fn):
    """`value` with `fn` applied to the items of its lists, tuples, sets and dicts (same types)."""
    if isinstance(value, dict):
        out = copy.copy(value)  # keeps Counter / defaultdict behaviour
        for k, v in value.items():
            out[k] = fn(v)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(fn(v) for v in value)
    return value


# --- the child --------------------------------------------------------------------------
def _serve(channel_in, channel_out) -> None:
    from simsites.farm import LocalFarm
    from simsites.http import Site
    from simsites.world import World

    profile, options = pickle.load(channel_in)
    farm = LocalFarm(profile, **options)

    def send(kind: str, value) -> None:
        try:
            data = pickle.dumps((kind, value))
        except Exception as exc:  # noqa: BLE001 - any unpicklable answer becomes an error on the asking side
            data = pickle.dumps(("raise", TypeError(f"simulated farm: cannot send {type(value).__name__}: {exc}")))
        channel_out.write(data)
        channel_out.flush()

    def exported(value, path: tuple):
        """What to send for `value` (reached by `path`): sites, the world and the farm by reference."""
        if isinstance(value, Site):
            return _Ref((("attr", "sites"), ("item", value.name)))
        if isinstance(value, World):
            return _Ref((("attr", "world"),))
        if isinstance(value, LocalFarm):
            return _Ref(())
        if callable(value) and not isinstance(value, type):
            return _Method(path)
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            return _map(value, lambda v: exported(v, path))
        if isinstance(value, (KeysView, ValuesView, ItemsView)):
            return [exported(v, path) for v in value]
        return value

    def own(value):
        """An argument from the parent: its reports are the child's own objects (identity matters)."""
        if isinstance(value, Report):
            return farm.world.by_rid(value.rid) or value
        return _map(value, own)

    def resolve(path: tuple):
        obj = farm
        for how, what in path:
            obj = getattr(obj, what) if how == "attr" else obj[what]
        return obj

    try:
        farm.start()
    except BaseException as exc:
        send("raise", RuntimeError(f"the simulated farm did not start: {exc!r}"))
        raise
    send("ready", None)
    try:
        while True:
            try:
                op, path, args, kwargs = pickle.load(channel_in)
            except EOFError:  # the parent is done (or died): stop serving
                return
            try:
                value = resolve(path)
                if op == "call":
                    value = value(*own(args), **own(kwargs))
                send("value", exported(value, path))
            except Exception as exc:  # noqa: BLE001 - the parent re-raises it
                send("raise", exc)
    finally:
        farm.stop()


def main() -> int:
    # the pipe to the parent is this process's stdin/stdout; anything printed goes to stderr instead
    channel_in = os.fdopen(os.dup(0), "rb")
    channel_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.stdout = sys.stderr
    _serve(channel_in, channel_out)
    return 0

