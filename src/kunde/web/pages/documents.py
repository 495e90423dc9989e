"""The passport as a PDF, optionally with a QR code that lets a reader check it online.

The QR code is an open link (a share to "anyone with the link") of the skills and learning
on the paper, for 30 days: the holder ticks a box that says so before it is made, the
share shows up in the holder's list of shares and can be ended there, and every look at it
is in the holder's access log.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kunde.passport import service
from kunde.sharing import service as sharing
from kunde.sharing.model import (
    Audience,
    AudienceKind,
    ItemKind,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
)
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, SettingsDep, TaxonomyDep, UowDep
from kunde.web.i18n import environment, negotiate
from kunde.web.pages._forms import form_data
from kunde.web.pages.passport import names, skill_rows
from kunde.web.pdf import html_to_pdf
from kunde.web.qr import qr_svg

router = APIRouter()
QR_DAYS = 30


@router.post("/passport/export.pdf")
async def passport_pdf(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> Response:
    """Download the passport as PDF; with ``qr=yes`` also make the check link."""
    data = await form_data(request)
    language = negotiate(request)
    now = security.now()
    view = service.view(uow, actor_id=account.id, holder_id=account.id, keys=keys, now=now)
    check_url = None
    until = None
    if data.get("qr") == "yes":
        items = tuple(SharedItem(ItemKind.SKILL, s.claim.id) for s in view.skills) + tuple(
            SharedItem(ItemKind.ACHIEVEMENT, a.id) for a in view.achievements
        )
        until = now + timedelta(days=QR_DAYS)
        created = sharing.grant(
            uow,
            holder_id=account.id,
            request=NewGrant(
                audience=Audience(AudienceKind.ANYONE_WITH_LINK),
                purpose=Purpose(PurposeKind.EDUCATION, "printed passport"),
                items=items,
                expires_at=until,
                open_link_acknowledged=True,
            ),
            keys=keys,
            now=now,
            max_days=settings.share_max_days,
            link_secret=secrets.token_urlsafe(32),
        )
        check_url = settings.base_url.rstrip("/") + created.path
    html = (
        environment(language)
        .get_template("passport_pdf.html")
        .render(
            request=request,
            account=account,
            view=view,
            skills=skill_rows(view, taxonomy, language),
            names=names(language),
            made_at=now,
            check_url=check_url,
            check_until=until,
            qr=qr_svg(check_url) if check_url else None,
        )
    )
    document = html_to_pdf(html, base_url=str(request.base_url))
    return Response(
        document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="skills-passport.pdf"',
            "Cache-Control": "no-store",
        },
    )
