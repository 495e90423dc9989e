"""The one gate in front of every read and write of a passport.

Every service function that touches a passport calls :func:`require` with the acting account
and the holder. Today only the holder passes. Consent grants (sharing) and counsellor
mandates belong here, so no new entry point can go around them.
"""

from __future__ import annotations

from enum import StrEnum

from kunde.errors import NotFound


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    EXPORT = "export"
    ERASE = "erase"


def require(actor_id: str, holder_id: str, action: Action) -> None:
    """Raise :class:`NotFound` unless ``actor_id`` may do ``action`` on ``holder_id``'s passport.

    Refusals are 404, not 403, so nobody learns whether a hidden passport or record exists.
    """
    del action  # every action needs the holder today; grants will tell them apart
    if actor_id != holder_id:
        raise NotFound("There is no such passport or record.")
