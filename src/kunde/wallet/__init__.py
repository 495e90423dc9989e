"""The holder's wallet of verifiable credentials: received by OpenID4VCI (from this instance
or redeemed in-process), or imported from a file; each one verified and turned into
passport skill claims. Entry points: :mod:`kunde.wallet.service` (``redeem``, ``accept``,
``entries``, ``entry``, ``delete``, ``recheck``) and :class:`LocalIssuer`.
"""

from kunde.wallet.local import LocalIssuer
from kunde.wallet.model import Content, ProvenSkill
from kunde.wallet.service import Accepted, IssuerClient, WalletEntry

__all__ = ["Accepted", "Content", "IssuerClient", "LocalIssuer", "ProvenSkill", "WalletEntry"]
