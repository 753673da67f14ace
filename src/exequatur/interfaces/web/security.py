"""Sign-in throttling and CSRF tokens.

- Sign-in: after LIMIT failed attempts within WINDOW seconds for one user name, or from one client address, every
  further attempt for that name or from that address is refused (429, with Retry-After) until the oldest failure
  is WINDOW seconds old. In memory, per server process: a restart forgets it.
- CSRF: one random token per session (secrets.token_urlsafe), put in every form as a hidden field and checked, in
  constant time, on every POST (or sent by scripts as the X-CSRF-Token header). The session cookie is signed and
  SameSite=Lax besides.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import MutableMapping
from typing import Any

LIMIT = 5
WINDOW = 60.0
CSRF_KEY = "csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"


class SignInLimiter:
    def __init__(self, limit: int = LIMIT, window: float = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and now - found[0] >= self.window:
            found.popleft()
        return found

    def wait(self, user: str, address: str) -> int:
        """Seconds until an attempt for `user` from `address` is allowed again; 0 if it is now."""
        now = time.monotonic()
        longest = 0.0
        with self._lock:
            for key in (f"user:{user.lower()}", f"ip:{address}"):
                recent = self._recent(key, now)
                if len(recent) >= self.limit:
                    longest = max(longest, self.window - (now - recent[0]))
        return int(longest) + 1 if longest > 0 else 0

    def failed(self, user: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"user:{user.lower()}", f"ip:{address}"):
                self._recent(key, now).append(now)
            if len(self._failures) > 100_000:  # a flood of names: forget the idle ones
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]


def csrf_token(session: MutableMapping[str, Any]) -> str:
    token = session.get(CSRF_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_KEY] = token
    return token


def csrf_ok(session: MutableMapping[str, Any], sent: str | None) -> bool:
    token = session.get(CSRF_KEY)
    return isinstance(token, str) and bool(token) and sent is not None and hmac.compare_digest(token, sent)
