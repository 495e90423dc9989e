"""Plain words for sharing: purposes, personal fields, and the access log as sentences such as
"Bakkerij Jansen viewed your skill forklift on 3 May 2026 for the vacancy Warehouse
assistant". Every fragment is a translatable message with placeholders; the pages and the
API say the same sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel.dates import format_date

from kunde.sharing.model import AccessAction, ItemKind, Purpose, PurposeKind
from kunde.web.i18n import N_, gettext, translate

if TYPE_CHECKING:
    from datetime import date, datetime

    from kunde.sharing.service import LogLine
    from kunde.taxonomy.service import TaxonomyService

FOR_VACANCY = N_("for the vacancy %(detail)s")
PERSONAL = {
    "traits": N_("your qualities"),
    "motivation": N_("your motivation"),
    "career_wishes": N_("your career wishes"),
}
PURPOSES = {
    PurposeKind.VACANCY: FOR_VACANCY,
    PurposeKind.TALENT_MANAGEMENT: N_("for talent management (%(detail)s)"),
    PurposeKind.COUNSELLING: N_("for counselling"),
    PurposeKind.MATCHING_POOL: N_("for the matching pool"),
    PurposeKind.EDUCATION: N_("for education or exemption"),
}
ACTIONS = {
    AccessAction.VIEW: N_("%(who)s viewed %(items)s on %(date)s"),
    AccessAction.DOWNLOAD: N_("%(who)s downloaded %(items)s on %(date)s"),
    AccessAction.MATCH: N_("%(who)s used %(items)s for matching on %(date)s"),
    AccessAction.TEAM: N_("%(who)s counted %(items)s in a team overview on %(date)s"),
    AccessAction.TALENT: N_("%(who)s compared %(items)s with a next role on %(date)s"),
    AccessAction.PRESENT: N_("%(who)s received %(items)s from your wallet on %(date)s"),
    AccessAction.COUNSELLOR_VIEW: N_("Your counsellor %(who)s looked at your passport on %(date)s"),
    AccessAction.COUNSELLOR_EDIT: N_("Your counsellor %(who)s changed your passport on %(date)s"),
    AccessAction.COUNSELLOR_PROPOSAL: N_(
        "Your counsellor %(who)s proposed a change to your passport on %(date)s"
    ),
}
ITEMS = {
    ItemKind.SKILL: N_("your skill %(name)s"),
    ItemKind.EXPERIENCE: N_("your experience %(name)s"),
    ItemKind.ACHIEVEMENT: N_("your diploma or course %(name)s"),
    ItemKind.CREDENTIAL: N_("your credential %(name)s"),
}
GONE = N_("a record you deleted since")
VACANCY_GONE = N_("for a vacancy that is no longer online")


def day(value: date | datetime, language: str) -> str:
    """A date the way people say it: "3 May 2026" / "3 mei 2026"."""
    return format_date(value, format="long", locale=language)


OWN_WORDS = N_("for this purpose: %(words)s")


def personal_names(language: str) -> dict[str, str]:
    return {field: translate(language, text) for field, text in PERSONAL.items()}


def purpose_text(purpose: Purpose | None, language: str) -> str:
    """ "for the vacancy Warehouse assistant"; empty without a purpose."""
    if purpose is None:
        return ""
    detail = purpose.detail
    text = translate(language, PURPOSES[purpose.kind], detail=detail)
    own_words = purpose.kind not in (PurposeKind.VACANCY, PurposeKind.TALENT_MANAGEMENT)
    return f"{text}: {detail}" if own_words and detail else text


def _and(parts: list[str], language: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return translate(
        language, N_("%(list)s and %(last)s"), list=", ".join(parts[:-1]), last=parts[-1]
    )


def log_sentences(
    lines: list[LogLine],
    taxonomy: TaxonomyService,
    credentials: dict[str, str],
    language: str,
) -> list[dict[str, str]]:
    """Each log entry as ``{sentence, at, position}``, newest first; skill names in the
    page's language, deleted records said plainly."""
    uris = [t for line in lines for t in line.titles if t.startswith("http")]
    labels = {uri: s.label.text for uri, s in taxonomy.summaries(uris, language).items()}
    personal = personal_names(language)
    out = []
    for line in lines:
        entry = line.entry
        items = []
        for item, title in zip(entry.items, line.titles, strict=True):
            if item.kind is ItemKind.PERSONAL:
                items.append(personal.get(item.id, item.id))
                continue
            name = labels.get(title, title) or credentials.get(item.id, "")
            items.append(
                translate(language, ITEMS[item.kind], name=name)
                if name
                else translate(language, GONE)
            )
        who = line.who or line.person
        if line.who and line.person:
            who = f"{line.who} ({line.person})"
        if not who:
            who = gettext(language, "Someone with the open link")
        template = ACTIONS.get(entry.action, N_("%(who)s used %(items)s on %(date)s"))
        sentence = translate(
            language,
            template,
            who=who,
            items=_and(items, language) or gettext(language, "your passport"),
            date=day(entry.at, language),
        )
        purpose = purpose_text(entry.purpose, language)
        if entry.action is AccessAction.MATCH and entry.vacancy_id:
            purpose = (
                translate(language, FOR_VACANCY, detail=line.vacancy)
                if line.vacancy
                else translate(language, VACANCY_GONE)
            )
        elif not purpose and line.purpose_words:
            purpose = translate(language, OWN_WORDS, words=line.purpose_words)
        out.append(
            {
                "sentence": f"{sentence} {purpose}".strip() + ".",
                "at": entry.at.isoformat(),
                "position": str(entry.position),
            }
        )
    return out
