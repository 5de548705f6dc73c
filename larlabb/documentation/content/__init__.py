"""The one read model of a project's documentation: the public pages and every export render
from these frozen structs, so a page and a PDF cannot show different things.

Two audiences: `public=True` holds only what staff made public (public workshops, their public
attachments and recordings, no hidden sessions' boards, no names unless staff allowed them);
`public=False` is everything, for staff. Once a project is archived its content is read back
from the frozen JSON in ProjectArchive, so the addresses and the text stay as they were.

model.py holds the structs, build.py builds them from the tables (or the frozen JSON),
version.py hashes what they show, codec.py turns them into JSON and back. The rest of the
project imports from here.
"""

from larlabb.documentation.content.build import (
    documented_workshop_numbers,
    frozen_content,
    project_documentation,
    workshop_documentation,
    workshop_project_documentation,
)
from larlabb.documentation.content.codec import FROZEN_FORMAT, project_from_json, project_to_json
from larlabb.documentation.content.model import (
    AttachmentDoc,
    FrameDoc,
    GroupDoc,
    NoteDoc,
    NoteGroupDoc,
    PhotoDoc,
    ProjectDoc,
    RecordingDoc,
    SessionDoc,
    WorkshopDoc,
)
from larlabb.documentation.content.version import documentation_version

__all__ = [
    "FROZEN_FORMAT",
    "AttachmentDoc",
    "FrameDoc",
    "GroupDoc",
    "NoteDoc",
    "NoteGroupDoc",
    "PhotoDoc",
    "ProjectDoc",
    "RecordingDoc",
    "SessionDoc",
    "WorkshopDoc",
    "documentation_version",
    "documented_workshop_numbers",
    "frozen_content",
    "project_documentation",
    "project_from_json",
    "project_to_json",
    "workshop_documentation",
    "workshop_project_documentation",
]
