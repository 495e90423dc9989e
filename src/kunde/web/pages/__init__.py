"""HTML pages, server-rendered with Jinja2."""

from fastapi import APIRouter

from kunde.web.pages import home, taxonomy

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(taxonomy.router)

__all__ = ["router"]
