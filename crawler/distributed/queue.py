"""LeaseQueue: scrapy-redis's priority queue (a sorted set), but a request is leased, not popped.

The reliable-queue pattern (browsertrix-crawler's Redis state keeps its pages the same way):

    frontier  zset  "<id>:<score>:<request>"   requests waiting; the lowest score (highest priority) first
    pending   hash  id -> that entry           requests a worker took and has not finished with
    owner     hash  id -> worker               who took it

`pop` moves the first entry of the frontier into pending under this worker's id, in one Lua
script, so a request is always in exactly one of the two. `ack` removes it once it is done with
(ack.py: after its response was archived and its callback's requests were queued, or it failed for
good). A request that comes back to the scheduler as another request (a retry, a redirect, a
rate-limit wait, a 304 asked again) is `push`ed with the lease of the one it replaces, and the new
entry is added and the old lease dropped in one script. `requeue_orphans` puts back every lease
whose owner's heartbeat key is gone (the worker was killed, or lost its connection for longer than
the heartbeat's TTL): what was in flight on a dead worker is fetched again by another. A lease is
tied to its owner's life rather than to a fixed expiry, since one request of a live worker may
rightly take minutes (a site's Retry-After pause, retries with backoff, a 45 s timeout).

Every entry has an id of its own, so two equal requests (dont_filter) stay two entries.
"""

from __future__ import annotations

import uuid

from scrapy_redis.queue import PriorityQueue

from crawler.distributed import Keys

LEASE_META = "gia_lease"   # request.meta key: the id of the lease a request was taken under

# ARGV[2]: a token of this pop, so that the client's retry of it (the reply lost in a server
# restart) returns the entry already leased instead of leasing another and losing the first;
# ARGV[3]: how many leases the worker may hold at once (0: no limit)
_POP = """
local last = redis.call('HGET', KEYS[4], ARGV[1])
if last and string.sub(last, 1, #ARGV[2] + 1) == ARGV[2] .. '|' then
  local again = string.sub(last, #ARGV[2] + 2)
  if again == '' then return false end
  return again
end
local held = 0
if tonumber(ARGV[3]) > 0 then
  for _, owner in ipairs(redis.call('HVALS', KEYS[3])) do
    if owner == ARGV[1] then held = held + 1 end
  end
end
local popped = {}
if tonumber(ARGV[3]) == 0 or held < tonumber(ARGV[3]) then popped = redis.call('ZPOPMIN', KEYS[1]) end
local entry = ''
if #popped > 0 then
  entry = popped[1]
  local id = string.match(entry, '^(%d+):')
  redis.call('HSET', KEYS[2], id, entry)
  redis.call('HSET', KEYS[3], id, ARGV[1])
end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2] .. '|' .. entry)
if entry == '' then return false end
return entry
"""
# ARGV[5]: the request's fingerprint ('' for dont_filter), ARGV[6] a token of this call: the
# seen-set is written in the same script as the frontier, so no crash between the two can leave a
# request seen but queued nowhere (scrapy-redis writes them one after the other)
_PUSH = """
local seen = false
if ARGV[5] ~= '' and redis.call('HSETNX', KEYS[4], ARGV[5], ARGV[6]) == 0 then
  seen = redis.call('HGET', KEYS[4], ARGV[5]) ~= ARGV[6]
end
if not seen then redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) end
if ARGV[3] ~= '' and redis.call('HGET', KEYS[3], ARGV[3]) == ARGV[4] then
  redis.call('HDEL', KEYS[2], ARGV[3])
  redis.call('HDEL', KEYS[3], ARGV[3])
end
if seen then return 0 end
return 1
"""
_ACK = """
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return 1
end
return 0
"""
_REQUEUE_ONE = """
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if entry then redis.call('ZADD', KEYS[3], string.match(entry, '^%d+:([^:]+):'), entry) end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
"""
_REQUEUE = """
local owners = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 1, #owners, 2 do
  local id, worker = owners[i], owners[i + 1]
  if (ARGV[2] ~= '' and worker == ARGV[2]) or (ARGV[2] == '' and redis.call('EXISTS', ARGV[1] .. worker) == 0) then
    local entry = redis.call('HGET', KEYS[1], id)
    if entry then
      redis.call('ZADD', KEYS[3], string.match(entry, '^%d+:([^:]+):'), entry)
    end
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    n = n + 1
  end
end
return n
"""


class Leases:
    """The leases of the shared crawl as one worker sees them (no Scrapy needed: ack.py, worker.py, status)."""

    def __init__(self, server, keys: Keys, worker: str):
        self.server, self.keys, self.worker = server, keys, worker
        self._ack = server.register_script(_ACK)
        self._requeue = server.register_script(_REQUEUE)
        self._requeue_one = server.register_script(_REQUEUE_ONE)
        self._sent_back: set[str] = set()

    @classmethod
    def from_settings(cls, server, settings) -> "Leases":
        return cls(server, Keys(settings.get("GIA_REDIS_PREFIX") or "gia"), settings.get("GIA_WORKER") or "w0")

    def ack(self, lease: str | None) -> bool:
        """This worker is done with the request taken under `lease` (False: not its lease, or not any more)."""
        if not lease:
            return False
        return bool(self._ack(keys=[self.keys.pending, self.keys.owner], args=[str(lease), self.worker]))

    def requeue_orphans(self) -> int:
        """Put the leases of every worker whose heartbeat stopped back on the frontier; how many."""
        return int(self._requeue(keys=[self.keys.pending, self.keys.owner, self.keys.frontier],
                                 args=[self.keys.alive_prefix, ""]))

    def requeue_own(self) -> int:
        """Put this worker's own leases back (it is closing without finishing them)."""
        return int(self._requeue(keys=[self.keys.pending, self.keys.owner, self.keys.frontier],
                                 args=[self.keys.alive_prefix, self.worker]))

    def leased_by(self, worker: str | None = None) -> list[str]:
        """Lease ids `worker` (this one by default) holds."""
        worker = (worker or self.worker).encode()
        return [k.decode() for k, v in self.server.hgetall(self.keys.owner).items() if v == worker]

    def settle_own(self) -> int:
        """An idle worker (nothing in flight, nothing being scraped) holding leases missed their
        end — e.g. a reply lost while Redis restarted. Each goes back to the frontier once, to be
        fetched again (nothing may be lost); one that comes back to this worker's idle hands again
        is acknowledged (a request whose end is never seen must not loop). How many were settled."""
        settled = 0
        for lease in self.leased_by():
            if lease in self._sent_back:
                settled += self.ack(lease)
            else:
                self._sent_back.add(lease)
                settled += int(self._requeue_one(keys=[self.keys.pending, self.keys.owner, self.keys.frontier],
                                                 args=[lease, self.worker]))
        return settled

    def counts(self) -> tuple[int, int]:
        """(waiting, leased), read together."""
        pipe = self.server.pipeline(transaction=True)
        pipe.zcard(self.keys.frontier).hlen(self.keys.pending)
        waiting, leased = pipe.execute()
        return int(waiting), int(leased)


def max_leases(spider) -> int:
    """How many requests one worker holds at once: what its sites can have in flight on it
    (CONCURRENT_REQUESTS_PER_DOMAIN per site, at most CONCURRENT_REQUESTS; GIA_REDIS_LEASES
    overrides). Scrapy's engine takes requests while its downloader has room — 32 by default — and
    one worker would lease most of a small frontier, holding it in its download slots while the
    others have nothing to do; a worker at its limit is handed nothing until a lease of its ends."""
    settings = spider.settings
    if settings.getint("GIA_REDIS_LEASES", 0) > 0:
        return settings.getint("GIA_REDIS_LEASES")
    sites = len(getattr(getattr(spider, "session", None), "sites", ()) or ()) or 1
    return max(1, min(settings.getint("CONCURRENT_REQUESTS", 16), sites * settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8)))


class LeaseQueue(PriorityQueue):
    """scrapy-redis's PriorityQueue (SCHEDULER_QUEUE_CLASS) whose `pop` leases (at most `max_leases` at once)."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.leases = Leases.from_settings(server, spider.settings)
        self.keys, self.worker = self.leases.keys, self.leases.worker
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)
        self._token, self._pops, self._pushes = uuid.uuid4().hex[:8], 0, 0
        self.max_leases = max_leases(spider)

    def push(self, request, fingerprint: str = "") -> bool:
        """Queue `request` unless `fingerprint` (given: the request is filtered) is in the seen-set
        already, recording it there in the same step; when the request replaces a leased one (meta
        carries the lease: a retry, a redirect), that lease ends with it either way. False: seen."""
        entry_id = self.server.incr(self.keys.seq)
        score = str(-int(request.priority))
        entry = f"{entry_id}:{score}:".encode() + self._encode_request(request)
        replaces = request.meta.get(LEASE_META) or ""
        self._pushes += 1
        return bool(self._push(keys=[self.key, self.keys.pending, self.keys.owner, self.keys.seen],
                               args=[score, entry, str(replaces), self.worker, fingerprint, f"{self._token}-p{self._pushes}"]))

    def pop(self, timeout=0):
        self._pops += 1
        entry = self._pop(keys=[self.key, self.keys.pending, self.keys.owner, self.keys.last_pop],
                          args=[self.worker, f"{self._token}-{self._pops}", self.max_leases])
        if not entry:
            return None
        entry_id, _score, data = entry.split(b":", 2)
        request = self._decode_request(data)
        request.meta[LEASE_META] = entry_id.decode()
        return request

    def ack(self, lease: str | None) -> bool:
        return self.leases.ack(lease)

    def requeue_own(self) -> int:
        return self.leases.requeue_own()

    def clear(self) -> None:
        """Never: the frontier is every worker's (scheduler.py)."""
