"""JSON API under /api/v1."""

from fastapi import APIRouter

from kunde.web.api import meta, taxonomy

router = APIRouter()
router.include_router(meta.router)
router.include_router(taxonomy.router)

__all__ = ["router"]
