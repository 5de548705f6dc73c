"""The frozen JSON of a project's documentation, as ProjectArchive.content keeps it.

msgspec encodes the read model's structs and checks them back; the keys and value types are
those the project has written since FROZEN_FORMAT 1 (test data/frozen_content_format1.json).
"""

from typing import Final

from larlabb.core.codec import struct_from_json, struct_to_json
from larlabb.documentation.content.model import ProjectDoc

# Raised when the shape of the frozen JSON changes, so archives written before can be told apart.
FROZEN_FORMAT: Final = 1


def project_to_json(doc: ProjectDoc) -> dict[str, object]:
    return struct_to_json(doc)


def project_from_json(data: object) -> ProjectDoc:
    """The documentation in `data`; msgspec.ValidationError when it does not fit the model."""
    return struct_from_json(data, ProjectDoc)
