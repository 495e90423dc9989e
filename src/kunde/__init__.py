"""Kunde: a skills passport owned by its holder."""

__version__ = "0.1.0"

__all__ = ["__version__"]
