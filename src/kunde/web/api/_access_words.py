"""The holder's access log in plain words: one sentence per entry, in Dutch or English."""

from __future__ import annotations

from kunde.sharing.model import AccessAction
from kunde.sharing.service import LogLine
from kunde.web.i18n import N_, gettext, translate

_SENTENCES = {
    AccessAction.VIEW: N_("%(who)s looked at what you shared."),
    AccessAction.DOWNLOAD: N_("%(who)s downloaded what you shared."),
    AccessAction.TEAM: N_("%(who)s counted you in a team overview."),
    AccessAction.PRESENT: N_("%(who)s received what you chose to show from your wallet."),
    AccessAction.COUNSELLOR_VIEW: N_("%(who)s looked at your passport to help you."),
    AccessAction.COUNSELLOR_EDIT: N_("%(who)s changed your passport for you."),
    AccessAction.COUNSELLOR_PROPOSAL: N_("%(who)s proposed a change to your passport."),
}


def summary(line: LogLine, language: str) -> str:
    """E.g. "Van Dijk Logistiek matched your skills for the vacancy Heftruckchauffeur."."""
    who = line.who or line.person or gettext(language, "Someone with your link")
    if line.entry.action is AccessAction.MATCH:
        if line.vacancy:
            return gettext(
                language,
                "%(who)s matched your skills for the vacancy %(vacancy)s.",
                who=who,
                vacancy=line.vacancy,
            )
        return gettext(
            language, "%(who)s matched your skills for a vacancy that is no longer online.", who=who
        )
    return translate(language, _SENTENCES[line.entry.action], who=who)
