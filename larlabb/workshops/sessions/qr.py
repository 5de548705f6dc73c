"""The QR code on the facilitator's screen, drawn on the server as inline SVG: no script, no
image request, and sharp at any size on a projector."""

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def qr_svg(*, url: str, label: str) -> SafeString:
    """An SVG image of `url`, named `label` for screen readers. Error correction "M" still
    scans from the back of a room with a glare on the screen."""
    code = segno.make(url, error="m", micro=False)
    # segno writes only path data here, never text from the URL, so its markup is safe;
    # the label goes in through format_html and is escaped.
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff")
    opening, rest = svg.split(">", 1)
    return format_html(
        '{} role="img" aria-label="{}" shape-rendering="crispEdges">{}',
        mark_safe(opening),
        label,
        mark_safe(rest),
    )
