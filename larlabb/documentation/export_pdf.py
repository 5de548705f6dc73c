"""The documentation as a typeset A4 PDF (WeasyPrint): cover, table of contents with page
numbers, the workshop in the running head, and every board as frames of notes."""

import gc
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO
from urllib.parse import unquote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.documentation.content import ProjectDoc
from larlabb.documentation.export_common import Progress, Syntheses, stored_bytes
from larlabb.programme.invitation_pdf import pdf_from_html

_STORAGE = "storage:"


def _storage_fetcher() -> object:
    """Images come from the default storage only: the PDF never reaches out to the network,
    and a file removed since is left out (WeasyPrint logs it) rather than failing the PDF."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageFetcher(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> object:
            if not url.startswith(_STORAGE):
                raise ValueError(f"Refusing to fetch {url!r} into an export.")
            name = unquote(url.removeprefix(_STORAGE))
            data = stored_bytes(name)
            if data is None:
                raise ValueError(f"{name!r} is no longer stored.")
            mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": mime_type})

    return StorageFetcher()


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector runs every few hundred new objects and walks what survived the
    runs before: over the hundreds of thousands of boxes of a long document, a tenth of the
    time it takes. Their cycles wait for the PDF instead, a few MB more at the peak for
    6,000 notes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # A build in another thread that paused it first re-enables it when it ends.
        if was_enabled:
            gc.enable()


def documentation_html(doc: ProjectDoc, *, syntheses: Syntheses | None = None) -> str:
    syntheses = syntheses or {}
    return render_to_string(
        "documentation/export/document.html",
        {
            "doc": doc,
            "workshops": [(w, syntheses.get(w.number)) for w in doc.workshops],
            "project_synthesis": syntheses.get(None),
            "generated_at": timezone.now(),
        },
    )


def documentation_pdf(
    doc: ProjectDoc,
    out: IO[bytes],
    *,
    progress: Progress | None = None,
    syntheses: Syntheses | None = None,
) -> None:
    if progress:
        progress(10, _("Sätter texten"))
    html = documentation_html(doc, syntheses=syntheses)
    if progress:
        progress(30, _("Bryter sidorna"))
    with _cycle_collector_paused():
        pdf = pdf_from_html(
            html=html, base_url=settings.SITE_URL + "/", url_fetcher=_storage_fetcher()
        )
    out.write(pdf)
    if progress:
        progress(100, _("Klar"))
