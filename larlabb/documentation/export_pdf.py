"""The documentation as a typeset A4 PDF (WeasyPrint): cover, table of contents with page
numbers, the workshop in the running head, and every board as frames of notes."""

from typing import IO, Final

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.core.pdf import cycle_collector_paused, pdf_from_html, url_fetcher_reading
from larlabb.documentation.content import ProjectDoc
from larlabb.documentation.export_common import Progress, Syntheses, stored_bytes

# document.html's address of an image in the default storage, the only place the PDF's images
# come from: it never reaches out to the network.
_STORAGE: Final = "storage:"


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
    # Built by the task worker only (exports.py, archive.py), the one process that may pause
    # its collector for a document.
    with cycle_collector_paused():
        pdf_from_html(
            html=html,
            base_url=settings.SITE_URL + "/",
            url_fetcher=url_fetcher_reading(prefix=_STORAGE, read=stored_bytes),
            out=out,
        )
    if progress:
        progress(100, _("Klar"))
