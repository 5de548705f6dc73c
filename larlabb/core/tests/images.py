"""Image files for the tests of every upload: real ones, and ones whose header lies."""

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from PIL import Image


def image_bytes(image_format: str = "JPEG", size: tuple[int, int] = (40, 30), **save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 40)).save(out, format=image_format, **save)
    return out.getvalue()


def photo_with_exif(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG that says which phone took it and where."""
    exif = Image.Exif()
    exif[0x010F] = "Telefontillverkare"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 19.0, 48.0)}  # GPS: latitude
    return image_bytes("JPEG", size, exif=exif.tobytes())


def png_claiming(width: int, height: int) -> bytes:
    """A small, real PNG whose header claims `width` × `height` pixels."""
    png = bytearray(image_bytes("PNG", (1, 1)))
    # The IHDR chunk follows the 8-byte signature: length, type, data (width, height, …), CRC.
    ihdr = bytes(png[12:16]) + struct.pack(">II", width, height) + bytes(png[24:29])
    png[16:24] = struct.pack(">II", width, height)
    png[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(png)


def has_exif(content: bytes) -> bool:
    return bool(Image.open(io.BytesIO(content)).getexif())


@contextmanager
def transactions_seen_while_decoding(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str = "image_clean"
) -> Iterator[list[bool]]:
    """Record, each time `module.name` decodes an image, whether a transaction was open."""
    seen: list[bool] = []
    real: Callable[..., Any] = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    yield seen
