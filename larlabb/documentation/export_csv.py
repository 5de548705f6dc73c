"""Every note of the documentation as one CSV row, for a spreadsheet."""

import csv
import io
from collections.abc import Callable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.documentation.content import ProjectDoc
from larlabb.registration.exports import spreadsheet_safe

Progress = Callable[[int, str], None]


def documentation_csv(doc: ProjectDoc, out: IO[bytes], *, progress: Progress | None = None) -> None:
    """Semicolon-separated like the platform's other exports (Swedish Excel's list separator),
    UTF-8 with a BOM so Excel keeps å, ä and ö, and every cell made harmless as a formula."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=";")
    writer.writerow(
        [
            _("Projekt"),
            _("Workshop"),
            _("Övning"),
            _("Grupp"),
            _("Ruta"),
            _("Text"),
            _("+1"),
            _("Målkonflikt"),
            _("Skriven av"),
            _("Tid"),
        ]
    )
    total = len(doc.workshops) or 1
    for index, workshop in enumerate(doc.workshops):
        workshop_label = _("Workshop %(number)s. %(title)s") % {
            "number": workshop.number,
            "title": workshop.title,
        }
        for session in workshop.sessions:
            for group in session.groups:
                group_label = _("Grupp %(number)d") % {"number": group.number}
                for frame in group.frames:
                    writer.writerows(
                        [
                            spreadsheet_safe(cell)
                            for cell in (
                                doc.full_title,
                                workshop_label,
                                session.exercise_title,
                                group_label,
                                frame.title,
                                note.text,
                                note.votes,
                                _("ja") if note.is_goal_conflict else "",
                                note.author,
                                timezone.localtime(note.created_at).strftime("%Y-%m-%d %H:%M"),
                            )
                        ]
                        for note in frame.notes
                    )
        if progress:
            progress(100 * (index + 1) // total, _("Skriver lapparna"))
    # The wrapper must not close the caller's file when it is collected.
    text.detach()
