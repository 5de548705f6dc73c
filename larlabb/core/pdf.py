"""Typeset PDFs from print HTML (WeasyPrint): the one place the platform calls WeasyPrint.

Every document goes out as PDF/UA, a tagged PDF with the document's language and title, so
screen readers read it as they read the page. Nothing is fetched from the network: a document
gets its images from the `url_fetcher` its builder passes (the documentation's reads the
default storage), and without one only data: URLs are read.
"""

import functools
import gc
import mimetypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, overload
from urllib.parse import unquote

# What pdf_from_html needs of a url_fetcher: weasyprint.urls.URLFetcher or a subclass.
type URLFetcher = Any


@functools.cache
def _page_references_kept() -> bool:
    """pydyf rebuilds its tuple of every page's reference each time it is read, and WeasyPrint
    reads it once per tag of a tagged PDF: work that grows with pages × tags, about a tenth
    of the CPU time of a 6,000-note documentation (docs/performance.md). The tuple, kept until
    a page is added, is the one it would have rebuilt; installed once per process. Whether it
    is installed is returned: a pydyf whose page_references is no longer a property rebuilt on
    each read is left alone (larlabb/core/tests/test_fences.py says so)."""
    import pydyf  # type: ignore[import-untyped]

    built = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(built, property) or built.fget is None:
        return False
    rebuild: Callable[[Any], tuple[bytes, ...]] = built.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = len(pdf.pages["Kids"])
        kept: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != kids:
            kept = (kids, rebuild(pdf))
            pdf.__dict__["_kept_page_references"] = kept
        return kept[1]

    page_references.__wrapped__ = rebuild  # type: ignore[attr-defined]  # for the fence test
    pydyf.PDF.page_references = property(page_references)
    return True


def _data_urls_only() -> URLFetcher:
    from weasyprint.urls import URLFetcher as WeasyURLFetcher

    return WeasyURLFetcher(allowed_protocols=("data",))


def url_fetcher_reading(*, prefix: str, read: Callable[[str], bytes | None]) -> URLFetcher:
    """A fetcher for `pdf_from_html` that gives a document the resources whose URL starts with
    `prefix` as `read(the rest, unquoted)` returns them, and refuses every other URL. A resource
    `read` no longer finds (None) is left out, as WeasyPrint leaves out any it cannot fetch,
    rather than failing the PDF."""
    from weasyprint.urls import URLFetcher as WeasyURLFetcher
    from weasyprint.urls import URLFetcherResponse

    class ReadingFetcher(WeasyURLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if not url.startswith(prefix):
                raise ValueError(f"Refusing to fetch {url!r} into a PDF.")
            name = unquote(url.removeprefix(prefix))
            data = read(name)
            if data is None:
                raise ValueError(f"{name!r} is no longer stored.")
            mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": mime_type})

    return ReadingFetcher()


@overload
def pdf_from_html(
    *, html: str, base_url: str, url_fetcher: URLFetcher | None = None, out: None = None
) -> bytes: ...
@overload
def pdf_from_html(
    *, html: str, base_url: str, url_fetcher: URLFetcher | None = None, out: IO[bytes]
) -> None: ...
def pdf_from_html(
    *, html: str, base_url: str, url_fetcher: URLFetcher | None = None, out: IO[bytes] | None = None
) -> bytes | None:
    """A tagged PDF/UA of print HTML: its bytes, or written to `out` when given.

    `url_fetcher` is a weasyprint.urls.URLFetcher for documents whose images are not in the
    HTML itself; links (`base_url`) are never followed.
    """
    # Imported here: WeasyPrint loads Pango and fonts, which only these downloads need.
    from weasyprint import HTML

    _page_references_kept()
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher or _data_urls_only())
    if out is not None:
        document.write_pdf(out, pdf_variant="pdf/ua-1")
        return None
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector runs every few hundred new objects and walks what survived the
    runs before: over the hundreds of thousands of boxes of a long document, a tenth of the
    time it takes. Their cycles wait for the PDF instead, a few MB more at the peak for
    6,000 notes. The collector is the process's, so only the task worker, which builds one
    document at a time, pauses it; never a web process serving other requests meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # A build in another thread that paused it first re-enables it when it ends.
        if was_enabled:
            gc.enable()
