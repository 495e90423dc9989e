"""HTML to PDF (WeasyPrint) for printable documents."""

from __future__ import annotations


def html_to_pdf(html: str, base_url: str) -> bytes:
    """Render ``html`` as a PDF; ``base_url`` resolves relative links and the stylesheet."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when printing

    document: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return document
