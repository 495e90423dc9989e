"""JSON API under /api/v1."""

from fastapi import APIRouter

from kunde.web.api import accounts, matching, meta, passport, sharing, taxonomy

router = APIRouter()
router.include_router(meta.router)
router.include_router(taxonomy.router)
router.include_router(accounts.router)
router.include_router(passport.router)
router.include_router(matching.router)
router.include_router(sharing.router)

__all__ = ["router"]
