"""The README is a front door (issue 27): short, and every link and picture in it leads somewhere. The docs site's
own links are checked by `make docs` (mkdocs build --strict)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_readme_is_a_front_door_not_a_manual() -> None:
    assert len(README.splitlines()) <= 200
    for words in ("make demo", "make test", "crosstrain-demo", "coach-maya", "demo-ana"):
        assert words in README


def test_every_link_and_picture_in_the_readme_exists() -> None:
    targets = re.findall(r"\]\(([^)#\s]+)", README) + re.findall(r'src="([^"]+)"', README)
    local = [t for t in targets if not t.startswith(("http://", "https://", "mailto:"))]
    assert len(local) > 10
    missing = [t for t in local if not (ROOT / t).exists()]
    assert missing == []


def test_every_docs_page_is_in_the_site_s_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text()
    pages = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    assert [p for p in pages if p not in nav] == []
