"""The session engine (settings.SESSION_ENGINE): Django's database sessions, refusing a key no session can have.

A session cookie is whatever the browser sends, and a quoted cookie value may carry escapes: `sessionid="abcdefgh\\000"`
reaches the lookup as a NUL byte, which PostgreSQL refuses with an error (a 500 on every page, anonymously).
Django makes every key from lowercase ASCII letters and digits; any other key is treated as no session (a new,
empty one), before any query.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        # Django's own rule (at least 8 characters), and only the characters it makes keys of.
        return bool(key) and key is not None and len(key) >= 8 and set(key) <= _KEY_CHARS
