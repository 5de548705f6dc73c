"""Every note of the documentation as one CSV row, for a spreadsheet."""

from collections.abc import Callable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.core.spreadsheets import RowsWrite, spreadsheet_csv
from larlabb.documentation.content import ProjectDoc

Progress = Callable[[int, str], None]


def documentation_csv(doc: ProjectDoc, out: IO[bytes], *, progress: Progress | None = None) -> None:
    """Written as every spreadsheet export of the platform (core/spreadsheets.py)."""
    header = [
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
        _("Grupp av lappar"),
    ]
    with spreadsheet_csv(out, header=header) as rows_write:
        _notes_write(doc, rows_write, progress=progress)


def _notes_write(doc: ProjectDoc, rows_write: RowsWrite, *, progress: Progress | None) -> None:
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
                    note_groups = {
                        pk: note_group.title
                        for note_group in frame.note_groups
                        for pk in note_group.notes
                    }
                    rows_write(
                        (
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
                            note_groups.get(note.id, ""),
                        )
                        for note in frame.notes
                    )
        if progress:
            progress(100 * (index + 1) // total, _("Skriver lapparna"))
