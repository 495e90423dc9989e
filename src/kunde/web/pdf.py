"""HTML to PDF (WeasyPrint) and QR codes (segno) for printable documents."""

from __future__ import annotations

import segno


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (medium error correction survives a crease)."""
    svg: str = segno.make(url, error="m").svg_inline(scale=4, omitsize=True)
    return svg


def html_to_pdf(html: str, base_url: str) -> bytes:
    """Render ``html`` as a PDF; ``base_url`` resolves relative links and the stylesheet."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when printing

    document: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return document
