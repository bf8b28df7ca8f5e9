"""Django's `{# ... #}` comment is one line only: spread over two lines it is printed to the visitor as text."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "crosstrain" / "web" / "templates"
# `{#` with no `#}` before the end of its line.
OPEN_COMMENT = re.compile(r"\{#(?:(?!#\}).)*$", re.M)


def test_no_template_comment_spans_lines() -> None:
    found = []
    for template in sorted(TEMPLATES.rglob("*")):
        if not template.is_file():
            continue
        text = template.read_text()
        for match in OPEN_COMMENT.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{template.relative_to(ROOT)}:{line}")
    assert found == [], "use {% comment %} for comments over several lines:\n" + "\n".join(found)


def test_the_check_finds_a_comment_over_two_lines() -> None:
    assert OPEN_COMMENT.search("<p>{# starts here\n and ends here #}</p>")
    assert not OPEN_COMMENT.search("<p>{# one line #}</p>\n{# another #}")
