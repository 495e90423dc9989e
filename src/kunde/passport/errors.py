"""Errors of the passport. The general tree (:mod:`kunde.errors`) covers what the passport
needs: InvalidInput (bad fields, unknown concepts, wrong files, other format versions),
Conflict (duplicates, stale versions), NotFound (also for records of other holders)."""

from kunde.passport._crypto import KeyUnavailable

__all__ = ["KeyUnavailable"]
