"""JSON API under /api/v1."""

from fastapi import APIRouter

from kunde.web.api import (
    accounts,
    credentials,
    matching,
    meta,
    oid4vci,
    oid4vp,
    passport,
    sharing,
    talent,
    taxonomy,
    wallet,
)

router = APIRouter()
router.include_router(meta.router)
router.include_router(taxonomy.router)
router.include_router(accounts.router)
router.include_router(passport.router)
router.include_router(matching.router)
router.include_router(sharing.router)
router.include_router(talent.router)
router.include_router(credentials.router)
router.include_router(oid4vci.router)
router.include_router(oid4vp.router)
router.include_router(wallet.router)

__all__ = ["router"]
