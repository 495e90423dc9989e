"""HTTP layer: the JSON API under /api/v1 and the HTML pages."""

from kunde.web.app import create_app

__all__ = ["create_app"]
