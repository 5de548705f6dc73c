"""Writes to a workshop's documentation: its texts and visibility, attachments, recordings.

Every write also moves the workshop documentation's `updated_at`, because cached pages and
exports are keyed on it (content.documentation_version): an attachment made private must
leave every cached copy at once.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from larlabb.core.images import image_clean
from larlabb.documentation.models import Attachment, RecordingLink, WorkshopDocumentation
from larlabb.documentation.validators import attachment_kind_check, stored_name
from larlabb.programme.models import Workshop
from larlabb.workshops.models import Session


def documentation_ensure(*, workshop: Workshop) -> WorkshopDocumentation:
    documentation, _ = WorkshopDocumentation.objects.get_or_create(workshop=workshop)
    return documentation


def _touch(workshop: Workshop) -> None:
    documentation = documentation_ensure(workshop=workshop)
    WorkshopDocumentation.objects.filter(pk=documentation.pk).update(updated_at=timezone.now())


@transaction.atomic
def documentation_update(
    *,
    workshop: Workshop,
    is_public: bool,
    show_authors: bool,
    agenda_as_run: str,
    conclusions: str,
    hidden_sessions: Iterable[Session],
) -> WorkshopDocumentation:
    documentation = documentation_ensure(workshop=workshop)
    if documentation.is_public != is_public:
        # The project's public pages link to the documentation once a workshop's is public;
        # they are cached under a version built from the workshops' time stamps.
        Workshop.objects.filter(pk=workshop.pk).update(updated_at=timezone.now())
    documentation.is_public = is_public
    documentation.show_authors = show_authors
    documentation.agenda_as_run = agenda_as_run.strip()
    documentation.conclusions = conclusions.strip()
    documentation.save()
    documentation.hidden_sessions.set(
        [session for session in hidden_sessions if session.exercise.workshop_id == workshop.pk]
    )
    return documentation


def attachment_create(
    *,
    workshop: Workshop,
    title: str,
    upload: UploadedFile[bytes],
    is_public: bool,
    uploaded_by: User | None,
) -> Attachment:
    """Store an upload after checking its content; raises ValidationError if it is not a
    PDF, PPTX, DOCX or image, or is too large. An image is saved anew, shrunk and without
    its EXIF data, since the exports put it in a PDF and the public page shows it.

    Only the rows are written in a transaction: decoding an image and writing a file of
    25 MB take seconds, and a transaction would hold the database's write lock meanwhile."""
    size = upload.size or 0
    kind = attachment_kind_check(file=upload, size=size)
    content: File[bytes] = upload
    if kind.content_type.startswith("image/"):
        clean = image_clean(upload)
        content, size = ContentFile(clean.content), len(clean.content)
    attachment = Attachment(
        workshop=workshop,
        title=title.strip(),
        content_type=kind.content_type,
        size=size,
        is_public=is_public,
        uploaded_by=uploaded_by,
    )
    attachment.file.save(stored_name(kind=kind), content, save=False)
    try:
        with transaction.atomic():
            last = Attachment.objects.filter(workshop=workshop).aggregate(
                last=models.Max("position")
            )["last"]
            attachment.position = 0 if last is None else last + 1
            attachment.save()
            _touch(workshop)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def _move[ItemT: Attachment | RecordingLink](
    item: ItemT, siblings: models.QuerySet[ItemT], offset: int
) -> None:
    ordered = list(siblings.select_for_update())
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, other in enumerate(ordered):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def attachment_move(*, attachment: Attachment, offset: int) -> None:
    _move(attachment, Attachment.objects.filter(workshop_id=attachment.workshop_id), offset)
    _touch(attachment.workshop)


@transaction.atomic
def attachment_public_set(*, attachment: Attachment, is_public: bool) -> None:
    attachment.is_public = is_public
    attachment.save(update_fields=["is_public"])
    _touch(attachment.workshop)


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    workshop, storage, name = attachment.workshop, attachment.file.storage, attachment.file.name
    attachment.delete()
    _touch(workshop)
    if name:
        # After the commit, so a rolled-back delete never leaves a row pointing at no file.
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def recording_link_create(
    *, workshop: Workshop, title: str, url: str, is_public: bool
) -> RecordingLink:
    last = RecordingLink.objects.filter(workshop=workshop).aggregate(last=models.Max("position"))[
        "last"
    ]
    link = RecordingLink.objects.create(
        workshop=workshop,
        title=title.strip(),
        url=url,
        is_public=is_public,
        position=0 if last is None else last + 1,
    )
    _touch(workshop)
    return link


@transaction.atomic
def recording_link_move(*, link: RecordingLink, offset: int) -> None:
    _move(link, RecordingLink.objects.filter(workshop_id=link.workshop_id), offset)
    _touch(link.workshop)


@transaction.atomic
def recording_link_public_set(*, link: RecordingLink, is_public: bool) -> None:
    link.is_public = is_public
    link.save(update_fields=["is_public"])
    _touch(link.workshop)


@transaction.atomic
def recording_link_delete(*, link: RecordingLink) -> None:
    workshop = link.workshop
    link.delete()
    _touch(workshop)
