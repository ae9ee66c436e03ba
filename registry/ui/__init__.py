"""The web UI at /ui/: server-rendered pages over the registry's services, served by the registry itself.

`install(app)` adds the UI's routers and its static assets to the FastAPI app. Pages are Jinja2 templates
(`templates/`), schemas are highlighted by Pygments, and the little JavaScript there is (`static/ui.js`) only
adds conveniences: every read-only page works without it. Requests reach the UI through the security
middleware like any other (registry/security/endpoints.py classifies the /ui/ paths), so a page shows only
what its caller may read; a page it refuses answers as `refusal_page`, HTML with the API's status.
"""

from __future__ import annotations

from schemata.registry.ui.app import install
from schemata.registry.ui.rendering import refusal_page

__all__ = ["install", "refusal_page"]
