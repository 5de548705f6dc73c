import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from larlabb.core.images import MAX_EDGE, image_check, image_clean
from larlabb.core.tests.images import has_exif, image_bytes, photo_with_exif, png_claiming


def _problem(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        image_check(io.BytesIO(content))
    return caught.value


def test_a_header_claiming_60000_by_60000_pixels_is_refused_without_decoding():
    problem = _problem(png_claiming(60000, 60000))
    assert problem.code == "pixels"
    assert "högst 40 megapixlar" in problem.messages[0]


def test_an_image_over_40_megapixels_is_refused_with_its_size():
    problem = _problem(png_claiming(7000, 6000))
    assert problem.code == "pixels"
    assert problem.messages[0].startswith("Bilden är 7\u00a0000 × 6\u00a0000 bildpunkter (42")


def test_a_file_that_is_no_image_is_refused():
    assert _problem(b"%PDF-1.7 not an image").code == "not_image"


def test_an_image_in_another_format_is_refused_naming_its_format():
    problem = _problem(image_bytes("GIF"))
    assert problem.code == "format"
    assert "formatet GIF" in problem.messages[0]


def test_a_truncated_image_is_refused_when_decoded_not_with_an_error_page(monkeypatch):
    # As in the web process, where WeasyPrint has told Pillow to accept truncated images.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    content = image_bytes("PNG", (400, 300))[:200]
    image_check(io.BytesIO(content))
    with pytest.raises(ValidationError) as caught:
        image_clean(io.BytesIO(content))
    assert caught.value.code == "not_image"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_cleaned_image_keeps_its_format_and_loses_its_exif(image_format):
    exif = Image.Exif()
    exif[0x8825] = {1: "N"}
    original = image_bytes(image_format, exif=exif.tobytes())
    assert has_exif(original)

    clean = image_clean(io.BytesIO(original))

    assert clean.format == image_format
    assert not has_exif(clean.content)


def test_a_large_photo_is_shrunk_to_the_longest_edge_allowed():
    clean = image_clean(io.BytesIO(image_bytes("JPEG", (MAX_EDGE * 2, MAX_EDGE))))
    assert Image.open(io.BytesIO(clean.content)).size == (MAX_EDGE, MAX_EDGE // 2)


def test_a_photo_with_place_and_camera_comes_out_without_them():
    assert has_exif(photo_with_exif())
    assert not has_exif(image_clean(io.BytesIO(photo_with_exif())).content)
