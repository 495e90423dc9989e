"""The holder decides: consent grants, counsellor mandates, team views and the access log.

Use cases live in :mod:`kunde.sharing.service` (grants, the audience's view, matching access,
the access log), :mod:`kunde.sharing.matching` (who takes part in matching, and its log),
:mod:`kunde.sharing.mandates` (counsellor help) and :mod:`kunde.sharing.team` (employers'
team overviews). :mod:`kunde.sharing.gate` is the consent check behind
:func:`kunde.passport.access.require`. This module exports the plain types only, so the
passport can import the gate without a cycle.
"""

from kunde.sharing.model import (
    DEFAULT_DAYS,
    PERSONAL_FIELDS,
    AccessAction,
    AccessEntry,
    Audience,
    AudienceKind,
    ChainCheck,
    Grant,
    GrantState,
    ItemKind,
    Mandate,
    MandateRight,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
    entry_hash,
    verify_chain,
)

__all__ = [
    "DEFAULT_DAYS",
    "PERSONAL_FIELDS",
    "AccessAction",
    "AccessEntry",
    "Audience",
    "AudienceKind",
    "ChainCheck",
    "Grant",
    "GrantState",
    "ItemKind",
    "Mandate",
    "MandateRight",
    "NewGrant",
    "Purpose",
    "PurposeKind",
    "SharedItem",
    "entry_hash",
    "verify_chain",
]
