"""The invitation as a printable, typeset PDF (WeasyPrint), from the same data as the page."""

from collections.abc import Mapping

from django.conf import settings
from django.template.loader import render_to_string


def pdf_from_html(*, html: str, base_url: str, url_fetcher: object | None = None) -> bytes:
    """A tagged PDF of print HTML; every typeset document of the platform goes through here.

    `url_fetcher` is a weasyprint.URLFetcher for documents whose images are not on the web.
    """
    # Imported here: WeasyPrint loads Pango and fonts, which only these downloads need.
    from weasyprint import HTML

    document = (
        HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
        if url_fetcher
        else HTML(string=html, base_url=base_url)
    )
    # PDF/UA: a tagged PDF with the document's language and title, so screen readers can read
    # the document as they read the page.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)


def invitation_pdf_bytes(*, context: Mapping[str, object], base_url: str) -> bytes:
    html = render_to_string(
        "programme/invitation_print.html", {**context, "site_url": settings.SITE_URL}
    )
    return pdf_from_html(html=html, base_url=base_url)
