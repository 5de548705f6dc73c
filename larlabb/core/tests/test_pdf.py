"""Every typeset document: a tagged PDF/UA, and nothing in it fetched from where it should not."""

import base64
import io
from pathlib import Path

import pydyf  # type: ignore[import-untyped]
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from larlabb.core.pdf import _page_references_kept, pdf_from_html, url_fetcher_reading
from larlabb.core.tests.images import image_bytes

_HTML = (
    '<!doctype html><html lang="sv"><head><title>Inbjudan</title></head>'
    "<body><h1>Hållbara livsmiljöer</h1><p>Välkommen.</p>{body}</body></html>"
)


def _images_in(pdf: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    return sum(len(page.images) for page in reader.pages)


def test_a_pdf_is_tagged_pdf_ua_with_the_documents_language_and_title():
    reader = PdfReader(io.BytesIO(pdf_from_html(html=_HTML.format(body=""), base_url="/")))
    catalog = reader.root_object
    marks, metadata = catalog["/MarkInfo"].get_object(), catalog["/Metadata"].get_object()
    assert isinstance(marks, DictionaryObject) and isinstance(metadata, StreamObject)

    assert marks["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]) == "sv"
    assert reader.metadata is not None and reader.metadata.title == "Inbjudan"
    assert b"pdfuaid:part" in metadata.get_data()


def test_a_pdf_written_to_a_file_is_the_same_document():
    out = io.BytesIO()
    returned = pdf_from_html(html=_HTML.format(body=""), base_url="/", out=out)

    assert returned is None
    assert "Hållbara livsmiljöer" in PdfReader(out).pages[0].extract_text()


def test_without_a_fetcher_a_pdf_reads_data_urls_and_refuses_files_and_the_network(
    tmp_path: Path,
):
    picture = tmp_path / "bild.png"
    picture.write_bytes(image_bytes("PNG"))
    inline = base64.b64encode(image_bytes("PNG")).decode()

    refused = pdf_from_html(
        html=_HTML.format(
            body=f'<img src="{picture.as_uri()}" alt="Fil">'
            '<img src="http://127.0.0.1:9/b.png" alt="Nät">'
        ),
        base_url=tmp_path.as_uri() + "/",
    )
    inlined = pdf_from_html(
        html=_HTML.format(body=f'<img src="data:image/png;base64,{inline}" alt="Inbäddad">'),
        base_url="/",
    )

    assert _images_in(refused) == 0
    assert _images_in(inlined) == 1


def test_a_reading_fetcher_gives_its_own_addresses_and_refuses_every_other(tmp_path: Path):
    stored = {"bilder/tavla 1.png": image_bytes("PNG")}
    picture = tmp_path / "bild.png"
    picture.write_bytes(image_bytes("PNG"))

    def pdf_with(src: str) -> bytes:
        return pdf_from_html(
            html=_HTML.format(body=f'<img src="{src}" alt="Tavla">'),
            base_url="/",
            url_fetcher=url_fetcher_reading(prefix="storage:", read=stored.get),
        )

    assert _images_in(pdf_with("storage:bilder/tavla%201.png")) == 1
    assert _images_in(pdf_with("storage:bilder/borttagen.png")) == 0
    assert _images_in(pdf_with(picture.as_uri())) == 0


def test_kept_page_references_follow_the_pages_added():
    assert _page_references_kept()
    pdf = pydyf.PDF()
    for _ in range(2):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    two_pages = pdf.page_references
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    assert pdf.page_references is pdf.page_references
    assert len(two_pages) == 2
    assert pdf.page_references == tuple(
        f"{number} 0 R".encode() for number in pdf.pages["Kids"][::3]
    )
