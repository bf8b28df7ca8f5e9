"""A message's plain text as HTML: everything escaped, web addresses made into safe links.

Django's own Urlizer (the `urlize` filter) finds the addresses and escapes the text around them; this variant
only links http(s) addresses (a bare "www.example.com" becomes http://...), never an email address (mailto:)
or another scheme (javascript:, data:, ftp:, which stay text), and marks every link
rel="nofollow noopener noreferrer".
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import Urlizer
from django.utils.safestring import SafeString, mark_safe

LINK_REL = "nofollow noopener noreferrer"


class _WebLinks(Urlizer):
    # Urlizer fills in {href} escaped and {url} escaped (with autoescape); {attrs} is left out on purpose.
    url_template = '<a href="{href}" rel="' + LINK_REL + '">{url}</a>'
    # Django's pattern for addresses without a scheme ("example.org/x"), minus a colon before the domain: else
    # "javascript:alert(1)//example.com" or "ftp://example.com" would become http://javascript:... links.
    simple_url_2_re = re.compile(r"^www\.|^(?!http)\w[^@:]+\.(com|edu|gov|int|mil|net|org)($|/.*)$", re.IGNORECASE)

    @staticmethod
    def is_email_simple(value: Any) -> bool:
        return False  # links are http(s) only: an email address stays text


_web_links = _WebLinks()


def message_html(text: str) -> SafeString:
    """The message as safe HTML (line breaks are kept by the stylesheet: white-space: pre-wrap)."""
    # Safe: Urlizer escaped every word it did not turn into a link, and the links it built.
    return mark_safe(_web_links(str(text), nofollow=False, autoescape=True))
