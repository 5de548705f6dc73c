"""The invitation as a printable, typeset PDF (WeasyPrint), from the same data as the page."""

import functools
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


@functools.cache
def _keep_page_references() -> None:
    """pydyf rebuilds its tuple of every page's reference each time it is read, and WeasyPrint
    reads it once per tag of a tagged PDF: work that grows with pages × tags, most of the time
    spent tagging a 200-page documentation. The tuple, kept until a page is added, is the one
    it would have rebuilt; installed once per process."""
    import pydyf  # type: ignore[import-untyped]

    built = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(built, property) or built.fget is None:
        return  # A pydyf that no longer builds it on each read.
    rebuild = built.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = len(pdf.pages["Kids"])
        kept: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != kids:
            kept = (kids, rebuild(pdf))
            pdf.__dict__["_kept_page_references"] = kept
        return kept[1]

    pydyf.PDF.page_references = property(page_references)


def pdf_from_html(*, html: str, base_url: str, url_fetcher: object | None = None) -> bytes:
    """A tagged PDF of print HTML; every typeset document of the platform goes through here.

    `url_fetcher` is a weasyprint.URLFetcher for documents whose images are not on the web.
    """
    # Imported here: WeasyPrint loads Pango and fonts, which only these downloads need.
    from weasyprint import HTML

    _keep_page_references()
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
