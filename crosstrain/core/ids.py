"""Numbers and tokens as they arrive in a URL or a query string, read strictly: one place for the rule.

Python's `str.isdigit()` says yes to "²" and "٣" (which `int()` then refuses or reads), and the databases store
integer keys up to 2^63 - 1 (SQLite's driver overflows past it). A number is therefore ASCII digits only, within
a range; anything else is "not a number" (None), which the caller turns into a 404, a 400 or a default.
A link's token is the URL-safe characters our tokens are made of (secrets.token_urlsafe, django.core.signing),
so a NUL byte (which PostgreSQL refuses to compare) or a look-alike letter never reaches a query.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1  # the largest key a database row can have (a signed 64-bit integer)

# What a path's id and a link's token may look like, as regular expressions (the URL converters use them; an id's
# range is checked after the match, with `whole_number`).
ID_PATTERN = r"[0-9]+"
TOKEN_MAX = 1024  # a signed link carrying an email address stays well below this
TOKEN_PATTERN = rf"[A-Za-z0-9_.:\-]{{1,{TOKEN_MAX}}}"

_DIGITS = re.compile(ID_PATTERN)


def whole_number(text: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """`text` as a whole number between `low` and `high` (both included), or None: ASCII digits only, no sign,
    no spaces, no "²"."""
    if text is None or not _DIGITS.fullmatch(text) or len(text.lstrip("0")) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None


def object_id(text: str | None) -> int | None:
    """A database id (1 to 2^63 - 1) from a URL or form field, or None."""
    return whole_number(text, low=1)
