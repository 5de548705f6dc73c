"""The invitation as a printable, typeset PDF (WeasyPrint), from the same data as the page."""

from collections.abc import Mapping

from django.conf import settings
from django.template.loader import render_to_string

from larlabb.core.pdf import pdf_from_html


def invitation_pdf_bytes(*, context: Mapping[str, object], base_url: str) -> bytes:
    html = render_to_string(
        "programme/invitation_print.html", {**context, "site_url": settings.SITE_URL}
    )
    return pdf_from_html(html=html, base_url=base_url)
