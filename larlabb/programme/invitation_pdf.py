"""The invitation as a printable, typeset PDF (WeasyPrint), from the same data as the page."""

from collections.abc import Mapping

from django.conf import settings
from django.template.loader import render_to_string


def invitation_pdf_bytes(*, context: Mapping[str, object], base_url: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this download needs.
    from weasyprint import HTML

    html = render_to_string(
        "programme/invitation_print.html", {**context, "site_url": settings.SITE_URL}
    )
    # PDF/UA: a tagged PDF with the document's language and title, so screen readers can read
    # the invitation as they read the page.
    pdf = HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)
