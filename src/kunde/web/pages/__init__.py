"""HTML pages, server-rendered with Jinja2."""

from fastapi import APIRouter

from kunde.web.pages import (
    accounts,
    counselling,
    credentials,
    documents,
    home,
    matching,
    organisations,
    passport,
    passport_evidence,
    passport_growth,
    passport_personal,
    passport_records,
    presentations,
    sharing,
    taxonomy,
    team,
    vacancies,
)

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(taxonomy.router)
router.include_router(accounts.router)
router.include_router(passport.router)
router.include_router(passport_records.router)
router.include_router(passport_evidence.router)
router.include_router(passport_growth.router)
router.include_router(passport_personal.router)
router.include_router(documents.router)
router.include_router(presentations.router)  # before credentials: /wallet/present
router.include_router(credentials.router)
router.include_router(sharing.router)
router.include_router(counselling.router)
router.include_router(team.router)
router.include_router(matching.router)
router.include_router(vacancies.router)
router.include_router(organisations.router)

__all__ = ["router"]
