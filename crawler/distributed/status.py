"""The whole shared crawl as one: every worker publishes its per-site state (counters, status,
evidence) to Redis every few seconds and when the crawl is done; the summary table and
`gia crawl --redis URL --status` merge them into one SiteState per site, so the whole crawl's
figures go through the same `summary()` and `progress()` as a crawl in one process.

Merging: counters add up (each request is counted by the worker that handled it; one a killed
worker handled and another handled again is counted twice, and a killed worker's last seconds
are missing); a site is started when any worker read its start page; the status that wins is the
gravest any worker gave the site (disallowed, blocked, rate-limited, error, partial), with that
worker's reason and evidence; examples and redirects are pooled.
"""

from __future__ import annotations

import json
from collections import Counter

from crawler.distributed import Keys
from crawler.sitestate import SiteState

GRAVITY = ("disallowed", "blocked", "rate-limited", "error", "partial")   # gravest first
FIELDS = ("status", "reason", "evidence", "started", "list_pages", "challenge_hits", "challenge_vendor",
          "longest_pause", "redirects", "moved_to", "examples")


def state_to_dict(state: SiteState) -> dict:
    return {"name": state.name, "max_pages": state.max_pages, "counters": dict(state.counters),
            **{f: getattr(state, f) for f in FIELDS}}


def merge_states(site_id: str, parts: list[dict]) -> SiteState:
    """One SiteState of a site from every worker's published state of it."""
    first = parts[0] if parts else {"name": "", "max_pages": None}
    merged = SiteState(site_id, first.get("name") or "", first.get("max_pages"))
    for p in parts:
        merged.counters.update(Counter(p.get("counters") or {}))
        merged.started = merged.started or bool(p.get("started"))
        merged.list_pages = max(merged.list_pages, p.get("list_pages") or 0)
        merged.challenge_hits += p.get("challenge_hits") or 0
        merged.challenge_vendor = merged.challenge_vendor or p.get("challenge_vendor")
        merged.longest_pause = max(merged.longest_pause, p.get("longest_pause") or 0.0)
        merged.moved_to = merged.moved_to or p.get("moved_to")
        for r in p.get("redirects") or []:
            if r not in merged.redirects:
                merged.redirects.append(r)
        for kind, urls in (p.get("examples") or {}).items():
            pooled = merged.examples.setdefault(kind, [])
            pooled += [u for u in urls if u not in pooled]
    graded = [p for p in parts if p.get("status") in GRAVITY]
    if graded:
        worst = min(graded, key=lambda p: GRAVITY.index(p["status"]))
        merged.status, merged.reason, merged.evidence = worst["status"], worst.get("reason"), worst.get("evidence")
    else:
        noted = next((p for p in parts if p.get("reason")), None)   # e.g. "moved to …" on a site read ok
        if noted:
            merged.reason, merged.evidence = noted["reason"], noted.get("evidence")
    return merged


def publish(server, keys: Keys, worker: str, states: dict[str, SiteState]) -> None:
    server.hset(keys.states, mapping={f"{worker}\t{sid}": json.dumps(state_to_dict(st), ensure_ascii=False)
                                      for sid, st in states.items()})


class FactPublisher:
    """Publishes a site's state as soon as a fact about it changed (its start page read, a status,
    a move), before the lease of the response that taught it ends (ack.py): so a worker killed
    the next moment cannot take with it that the site was read. Counters go every few seconds."""

    def __init__(self, server, keys: Keys, worker: str):
        self.server, self.keys, self.worker = server, keys, worker
        self.published: dict[str, tuple] = {}

    @staticmethod
    def facts(state: SiteState) -> tuple:
        return (state.started, state.status, state.reason, state.moved_to, state.challenge_vendor)

    def __call__(self, site_id: str, state: SiteState) -> None:
        facts = self.facts(state)
        if self.published.get(site_id) != facts:
            publish(self.server, self.keys, self.worker, {site_id: state})
            self.published[site_id] = facts


def merged_states(server, keys: Keys, order: list[str] | None = None) -> dict[str, SiteState]:
    """site -> the merged SiteState of every worker's published state, in `order` (then the rest)."""
    by_site: dict[str, list[dict]] = {}
    for field, value in server.hgetall(keys.states).items():
        _worker, sid = field.decode().split("\t", 1)
        by_site.setdefault(sid, []).append(json.loads(value))
    sites = [s for s in (order or []) if s in by_site] + sorted(s for s in by_site if s not in (order or []))
    return {sid: merge_states(sid, by_site[sid]) for sid in sites}


def workers(server, keys: Keys) -> dict[str, dict]:
    """worker -> what it registered (host, pid, archive, run), with `alive` and `finished`."""
    finished = {w.decode() for w in server.smembers(keys.finished)}
    out = {}
    for worker, info in sorted(server.hgetall(keys.workers).items(), key=lambda kv: int(kv[0].decode().lstrip("w") or 0)):
        w = worker.decode()
        out[w] = {**json.loads(info), "alive": bool(server.exists(keys.alive(w))), "finished": w in finished}
    return out


def status_text(server, keys: Keys) -> str:
    """`gia crawl --redis URL --status`: the shared crawl's progress, workers and per-site figures."""
    from crawler.distributed.queue import Leases

    crawl = {k.decode(): v.decode() for k, v in server.hgetall(keys.crawl).items()}
    if not crawl:
        return "no shared crawl in this Redis database (none started yet)"
    waiting, leased = Leases(server, keys, "-").counts()
    found = workers(server, keys)
    state = "done" if crawl.get("done") else "running"
    lines = [f"shared crawl {crawl.get('id')}: {state} (started {crawl.get('started')}"
             + (f", done {crawl['done']})" if crawl.get("done") else ")"),
             f"frontier: {waiting} request(s) waiting, {leased} leased; seen: {server.hlen(keys.seen)} request(s)",
             f"workers: {sum(w['alive'] for w in found.values())} alive of {len(found)}"]
    for w, info in found.items():
        how = "alive" if info["alive"] else "gone"
        lines.append(f"  {w} pid {info.get('pid')} on {info.get('host')}: {how}{', finished' if info['finished'] else ''}"
                     f" — archive {info.get('archive')} (run {info.get('run')})")
    for sid, st in merged_states(server, keys).items():
        lines.append("  " + st.progress())
    for key in server.scan_iter(match=f"{keys.prefix}:build:*"):
        build = {k.decode(): v.decode() for k, v in server.hgetall(key).items()}
        result = json.loads(build["result"]) if build.get("result") else None
        what = (f"{result.get('reports', 0)} report(s)" if result and not result.get("skipped") else
                "records not built (--fetch-only)" if result else "building")
        lines.append(f"build of archive {key.decode().rsplit(':', 1)[-1]} by {build.get('owner')}: {what}")
    return "\n".join(lines)
