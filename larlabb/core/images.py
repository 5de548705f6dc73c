"""Uploaded images: checked from their header, then decoded and saved anew.

A PNG of a few hundred kilobytes can claim 60 000 × 60 000 pixels; decoding one of 9 900 ×
9 900 took five seconds and 750 MB in the web process. So `image_check` reads only the header
and refuses anything over `MAX_PIXELS` before a pixel is decoded, and `image_clean` (the
decoding, upright turning, shrinking and saving without EXIF data) must run outside any
database transaction: with SQLite a transaction holds the write lock, and every live board
waited for the photo.
"""

import io
from dataclasses import dataclass
from typing import IO, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from larlabb.core.formatting import format_number

# A phone photo is 12–48 megapixels; decoded, 40 megapixels is 120 MB of memory.
MAX_PIXELS: Final = 40_000_000
# Long enough an edge to read handwriting on a photographed board, short enough for a PDF.
MAX_EDGE: Final = 3000
FORMATS: Final = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

IMAGE_NOT_READABLE: Final = _(
    "Filen går inte att läsa som en bild. Ladda upp en bild i formatet JPEG, PNG eller WebP."
)
IMAGE_WRONG_FORMAT: Final = _(
    "Bilden är i formatet %(format)s. Spara den som JPEG, PNG eller WebP och ladda upp den igen."
)
IMAGE_TOO_MANY_PIXELS: Final = _(
    "Bilden är %(width)s × %(height)s bildpunkter (%(megapixels)s megapixlar); den får vara "
    "högst %(limit)s megapixlar. Minska den i mobilen eller datorn och ladda upp den igen."
)
IMAGE_BOMB: Final = _(
    "Bilden säger sig ha fler bildpunkter än någon kamera tar; den får vara högst %(limit)s "
    "megapixlar. Minska den i mobilen eller datorn och ladda upp den igen."
)

# What Pillow raises for a file it cannot read as the image its header promises.
_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)
# DecompressionBombWarning is a warning in production and an error where warnings are errors.
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str

    @property
    def extension(self) -> str:
        return FORMATS[self.format]


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def image_check(file: IO[bytes]) -> ImageHeader:
    """The image's format and size from its header alone; a ValidationError in Swedish if it
    is not a JPEG, PNG or WebP image, or has more than MAX_PIXELS pixels."""
    limit = _megapixels(MAX_PIXELS)
    try:
        file.seek(0)
        with Image.open(file) as image:
            header = ImageHeader(image.format or "", *image.size)
    except _BOMB as error:
        raise ValidationError(IMAGE_BOMB, code="pixels", params={"limit": limit}) from error
    except _UNREADABLE as error:
        raise ValidationError(IMAGE_NOT_READABLE, code="not_image") from error
    finally:
        file.seek(0)
    if header.format not in FORMATS:
        raise ValidationError(
            IMAGE_WRONG_FORMAT, code="format", params={"format": header.format or "?"}
        )
    pixels = header.width * header.height
    if pixels > MAX_PIXELS:
        raise ValidationError(
            IMAGE_TOO_MANY_PIXELS,
            code="pixels",
            params={
                "width": format_number(header.width),
                "height": format_number(header.height),
                "megapixels": _megapixels(pixels),
                "limit": limit,
            },
        )
    return header


def image_clean(file: IO[bytes], *, max_edge: int = MAX_EDGE) -> CleanImage:
    """The image decoded, turned upright, shrunk to at most `max_edge` pixels a side and saved
    anew in its own format without EXIF data (where and when it was taken, the camera).

    Seconds of work for a large photo: call it outside any database transaction."""
    header = image_check(file)
    try:
        with Image.open(file) as probe:
            # PNG's chunks and checksums, read without decoding: a file cut short is refused
            # even though WeasyPrint, imported by every web process, has Pillow decode
            # truncated images (ImageFile.LOAD_TRUNCATED_IMAGES).
            probe.verify()
        file.seek(0)
        with Image.open(file) as original:
            # A JPEG decodes straight at a half, quarter or eighth of its size when that is
            # enough: a fraction of the time and the memory.
            original.draft("RGB", (max_edge, max_edge))
            image = ImageOps.exif_transpose(original)
            image.thumbnail((max_edge, max_edge))
            if header.format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            options = {"optimize": True} if header.format == "PNG" else {"quality": 88}
            image.save(out, format=header.format, **options)
    except _BOMB + _UNREADABLE as error:
        raise ValidationError(IMAGE_NOT_READABLE, code="not_image") from error
    finally:
        file.seek(0)
    return CleanImage(content=out.getvalue(), format=header.format)
