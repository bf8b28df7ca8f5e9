"""MkDocs hooks (mkdocs.yml `hooks:`): the pages generated from the code, so they cannot drift from it.

- `<!-- settings-reference -->` in a page becomes the table of every environment variable the settings read
  (crosstrain/web/settings_reference.py, which a test keeps equal to what settings.py reads).
- `openapi.json` is the API's OpenAPI document, rendered from the django-ninja API itself; docs/api.md embeds
  it with Swagger UI.
"""

from __future__ import annotations

import json
import os
from typing import Any

from mkdocs.structure.files import File, Files

MARKER = "<!-- settings-reference -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER not in markdown:
        return markdown
    from crosstrain.web.settings_reference import markdown_tables

    return markdown.replace(MARKER, markdown_tables())


def on_files(files: Files, config: Any) -> Files:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosstrain.web.settings")
    import django

    django.setup()
    from crosstrain.api.api import api

    schema = api.get_openapi_schema()
    files.append(File.generated(config, "openapi.json", content=json.dumps(schema, indent=1)))
    return files
