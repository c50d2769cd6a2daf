"""Messages a minute per person: a sliding window kept in memory.

One person (a stuck key, a script, a curious colleague) must not be able to
keep the bot and the coaches busy. The window is per (channel, address) and
lives in this process: with N replicas behind a load balancer a person can
send up to N times the limit before every replica has refused them. That is
good enough for flood protection and costs no database round trip per
message; a hard global limit would need a shared counter.
"""
from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from enum import Enum

WINDOW = timedelta(minutes=1)


class Verdict(Enum):
    OK = "ok"  # handle the message
    WARN = "warn"  # over the limit: answer once with "slow down", handle nothing
    DROP = "drop"  # still over the limit and already warned: stay silent, so the answer itself is no flood


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute  # 0: no limit
        self._seen: dict[tuple[str, str], deque[datetime]] = {}
        self._warned: dict[tuple[str, str], datetime] = {}

    def check(self, channel: str, address: str, now: datetime) -> Verdict:
        """Count one message at `now` (the engine's injected clock) and say what to do with it.

        Refused messages are not counted, so a person who keeps typing is
        let through again one minute after their earlier messages, not one
        minute after their last attempt.
        """
        if self.per_minute <= 0:
            return Verdict.OK
        key = (channel, address)
        seen = self._seen.setdefault(key, deque())
        while seen and now - seen[0] >= WINDOW:
            seen.popleft()
        if len(seen) < self.per_minute:
            seen.append(now)
            self._warned.pop(key, None)
            if len(self._seen) > 10_000:
                self._forget_idle(now)
            return Verdict.OK
        warned = self._warned.get(key)
        if warned is not None and now - warned < WINDOW:
            return Verdict.DROP
        self._warned[key] = now
        return Verdict.WARN

    def _forget_idle(self, now: datetime) -> None:
        """Drop people whose window is empty, so memory follows the active users, not everyone ever seen."""
        for key in [k for k, q in self._seen.items() if not q or now - q[-1] >= WINDOW]:
            del self._seen[key]
            self._warned.pop(key, None)
