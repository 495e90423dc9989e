"""QR codes (segno) for links a phone should open: shares, offers, presentation requests."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str) -> str:
    """An inline SVG QR code, for inside a page (medium error correction survives a crease)."""
    svg: str = segno.make(url, error="m").svg_inline(scale=4)
    return svg


def qr_svg_file(url: str) -> str:
    """A standalone SVG document (with its namespace), served as ``image/svg+xml``."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()
