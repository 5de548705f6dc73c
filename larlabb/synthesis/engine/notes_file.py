"""Notes from a file for batch use: CSV (comma, semicolon or tab) or JSON Lines.

Columns or keys: `id` and `text`, optionally `group`, `frame`, `workshop`, `votes`,
`tagged_conflict` and `board_group` (a group of notes participants made on the board).
Errors name the line and say what to fix, in Swedish, for the person at the command line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path

from django.utils.translation import gettext as _

from larlabb.synthesis.engine.types import InputNote

REQUIRED = ("id", "text")
TRUE_WORDS = {"1", "true", "ja", "yes", "x", "sant"}


class NotesFileError(ValueError):
    """The message is meant for the person who gave the file."""


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise NotesFileError(_("Filen %(path)s finns inte.") % {"path": path}) from error
    except IsADirectoryError as error:
        raise NotesFileError(_("%(path)s är en mapp, inte en fil.") % {"path": path}) from error
    except UnicodeDecodeError as error:
        raise NotesFileError(
            _("Filen %(path)s är inte text i UTF-8. Spara den som UTF-8 och försök igen.")
            % {"path": path}
        ) from error


def read_notes(path: Path) -> list[InputNote]:
    text = read_text(path)
    if not text.strip():
        raise NotesFileError(_("Filen %(path)s är tom.") % {"path": path})
    looks_like_json = text.lstrip().startswith("{") or path.suffix.lower() in {
        ".jsonl",
        ".ndjson",
        ".json",
    }
    notes = _from_json_lines(text) if looks_like_json else _from_csv(text)
    if not notes:
        raise NotesFileError(_("Filen %(path)s innehåller inga lappar.") % {"path": path})
    return notes


def _from_json_lines(text: str) -> list[InputNote]:
    rows: list[tuple[int, Mapping[str, object]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise NotesFileError(
                _("Rad %(line)d är inte giltig JSON (%(error)s).")
                % {"line": number, "error": error.msg}
            ) from error
        if not isinstance(value, dict):
            raise NotesFileError(
                _("Rad %(line)d är inte ett JSON-objekt med id och text.") % {"line": number}
            )
        rows.append((number, value))
    return _notes(rows)


def _from_csv(text: str) -> list[InputNote]:
    first_line = text.splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise NotesFileError(
            _(
                "CSV-filen saknar kolumnen %(columns)s. Första raden ska namnge kolumnerna, "
                "minst id och text."
            )
            % {"columns": " och ".join(missing)}
        )
    rows: list[tuple[int, Mapping[str, object]]] = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        cleaned = {(k or "").strip().lower(): v for k, v in row.items()}
        rows.append((reader.line_num, cleaned))
    return _notes(rows)


def _field(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _notes(rows: list[tuple[int, Mapping[str, object]]]) -> list[InputNote]:
    notes: list[InputNote] = []
    seen: set[str] = set()
    for number, row in rows:
        for key in REQUIRED:
            if not _field(row, key):
                raise NotesFileError(
                    _("Rad %(line)d saknar %(field)s.") % {"line": number, "field": key}
                )
        note_id = _field(row, "id")
        if note_id in seen:
            raise NotesFileError(
                _("Rad %(line)d: id %(id)s finns redan på en tidigare rad.")
                % {"line": number, "id": note_id}
            )
        seen.add(note_id)
        votes_text = _field(row, "votes") or "0"
        try:
            votes = int(votes_text)
        except ValueError as error:
            raise NotesFileError(
                _("Rad %(line)d: votes ska vara ett heltal, inte ”%(value)s”.")
                % {"line": number, "value": votes_text}
            ) from error
        tagged = row.get("tagged_conflict")
        notes.append(
            InputNote(
                id=note_id,
                text=_field(row, "text"),
                group=_field(row, "group"),
                frame=_field(row, "frame"),
                workshop=_field(row, "workshop"),
                votes=votes,
                tagged_conflict=tagged is True
                or _field(row, "tagged_conflict").lower() in TRUE_WORDS,
                board_group=_field(row, "board_group"),
            )
        )
    return notes
