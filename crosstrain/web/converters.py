"""Path converters for every id and token in the app's URLs (crosstrain.web.urls registers them).

`<id:...>` is a database id: ASCII digits within what the databases store, so `/coach/runners/9223372036854775808/`
is a 404 rather than an overflow in SQLite's driver. `<token:...>` is a link's key: URL-safe characters only, so a
NUL byte (which PostgreSQL refuses in a query) is a 404 before any lookup. The rules live in crosstrain.core.ids.
"""

from __future__ import annotations

from crosstrain.core.ids import ID_PATTERN, TOKEN_PATTERN, whole_number


class IdConverter:
    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        number = whole_number(value)
        if number is None:
            raise ValueError("past the largest id")  # Django reads a ValueError here as "no match": a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class TokenConverter:
    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
