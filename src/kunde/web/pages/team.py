"""Talent pages for employers, reached from the team overview: who among staff who shared
for talent management is closest to a next role (named, with the why and the route), and
which training closes a team's largest gaps (counts only). A role is one of the
organisation's vacancies or an ESCO occupation picked by search. Consent is checked in
:mod:`kunde.matching.talent`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kunde.accounts import service as accounts
from kunde.errors import InvalidInput, NotFound
from kunde.matching import service, talent
from kunde.matching.training import Need, TeamGap, TrainingPlan
from kunde.sharing import team as staff
from kunde.web import security
from kunde.web.deps import (
    CurrentAccount,
    KeysDep,
    MatchingDep,
    SettingsDep,
    TaxonomyDep,
    UowDep,
)
from kunde.web.i18n import N_, negotiate
from kunde.web.pages import _matching_words as words
from kunde.web.pages._forms import field_errors, page

router = APIRouter()
MESSAGES = (
    N_("Choose a role: an occupation or one of your vacancies."),
    N_("Choose at least one role."),
    N_("Choose at most 10 roles at once."),
    N_("Your organisation has no vacancy with this id."),
)
Text = Annotated[str, Query(max_length=400)]


def _choices(
    request: Request,
    uow: UowDep,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    organisation_id: str,
    q: str,
    *,
    big_only: bool,
) -> dict[str, Any]:
    """What the forms offer: the organisation's vacancies, occupations found by ``q``, and
    the teams named in grants (for aggregates, only teams of at least the minimum size).
    Only ESCO occupations can be a role: they carry the skills a profile is made of."""
    language = negotiate(request)
    hits = taxonomy.search(q, language=language, type_="occupation", limit=20) if q.strip() else []
    esco = matching.occupation_codes()
    grouped = staff.teams(uow, organisation_id, security.now())
    return {
        "org": accounts.organisation(uow, organisation_id),
        "vacancies": [(v.id, v.profile.title) for v in service.vacancies(uow, [organisation_id])],
        "hits": [(h.uri, h.label.text) for h in hits if h.uri in esco][:10],
        "teams": [
            t for t, g in grouped.items() if not big_only or len(g) >= settings.team_min_group
        ],
        "q": q,
        "searched": bool(q.strip()),
    }


@router.get("/organisations/{organisation_id}/team/next-role", response_class=HTMLResponse)
def next_role_page(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    profile: Text = "",
    team: Text = "",
    q: Text = "",
) -> HTMLResponse:
    """Pick a role; see consenting staff closest to it, each with the why and the route."""
    language = negotiate(request)
    staff.require_member(uow, account.id, organisation_id)
    context = _choices(
        request, uow, matching, taxonomy, settings, organisation_id, q, big_only=False
    )
    context |= {"profile": profile, "team": team, "errors": [], "people": None, "title": ""}
    if profile:
        try:
            found, people = talent.next_role(
                uow,
                matching,
                actor_id=account.id,
                organisation_id=organisation_id,
                target=profile,
                keys=keys,
                now=security.now(),
                team=team or None,
                language=language,
            )
        except (InvalidInput, NotFound) as exc:
            uow.rollback()
            context["errors"] = [{**e, "field": "profile"} for e in field_errors(request, exc)]
            return page(request, "team_next_role.html", context, status_code=422)
        label = words.labeller(taxonomy, language)
        context["title"] = found.title
        context["people"] = [
            {
                "name": c.name,
                "team": c.team,
                "match": words.match(c.match, label, language, employer=True),
                "route": words.route(c.route, label),
            }
            for c in people
        ]
    return page(request, "team_next_role.html", context)


def _gap_rows(gaps: tuple[TeamGap, ...], label: words.Labeller) -> list[dict[str, Any]]:
    return [
        {
            "label": label(g.uri),
            "people": len(g.people),
            "prove": g.need is Need.PROVE,
            "essential": g.essential,
        }
        for g in gaps
    ]


def _plan_rows(plan: TrainingPlan, label: words.Labeller) -> dict[str, Any]:
    return {
        "steps": [
            {
                "title": s.offer.title,
                "provider": s.offer.provider,
                "url": s.offer.url,
                "hours": s.offer.hours,
                "credential": s.offer.credential,
                "people": s.people,
                "closes": [label(uri) for uri, _people in s.closes],
            }
            for s in plan.steps
        ],
        "validations": [
            {
                "skill": label(v.uri),
                "people": len(v.people),
                "offer": v.offer,
            }
            for v in plan.validations
        ],
        "uncovered": [label(g.uri) for g in plan.uncovered],
        "hours": round(plan.hours, 1),
        "person_hours": round(plan.person_hours, 1),
        "closed": words.percent(plan.closed / plan.weight) if plan.weight else 100,
    }


@router.get("/organisations/{organisation_id}/team/training", response_class=HTMLResponse)
def training_page(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    profile: Annotated[list[str] | None, Query(max_length=20)] = None,
    team: Text = "",
    q: Text = "",
) -> HTMLResponse:
    """Pick roles and a team; see the team's largest gaps and the training that closes most."""
    language = negotiate(request)
    staff.require_member(uow, account.id, organisation_id)
    chosen = [p for p in (profile or []) if p]
    context = _choices(
        request, uow, matching, taxonomy, settings, organisation_id, q, big_only=True
    )
    context |= {"chosen": chosen, "team": team, "errors": [], "found": None, "titles": []}
    context["min_group"] = settings.team_min_group
    if chosen:
        try:
            found = talent.team_training(
                uow,
                matching,
                actor_id=account.id,
                organisation_id=organisation_id,
                targets=chosen,
                keys=keys,
                now=security.now(),
                min_group=settings.team_min_group,
                team=team or None,
                language=language,
            )
        except (InvalidInput, NotFound) as exc:
            uow.rollback()
            context["errors"] = [{**e, "field": "profile"} for e in field_errors(request, exc)]
            return page(request, "team_training.html", context, status_code=422)
        label = words.labeller(taxonomy, language)
        context["titles"] = [p.title for p in found.profiles]
        context["found"] = {
            "hidden": found.hidden,
            "people": found.people,
            "gaps": _gap_rows(found.gaps, label),
            "plan": _plan_rows(found.plan, label) if found.plan else None,
        }
    return page(request, "team_training.html", context)


__all__ = ["router"]
