import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from django.core.cache import cache

from larlabb.documentation.content import (
    FROZEN_FORMAT,
    NoteDoc,
    ProjectDoc,
    frozen_content,
    project_documentation,
    project_from_json,
    project_to_json,
)
from larlabb.documentation.selectors import documentation_cache_key, documentation_for_audience

# Written by the hand-written codec the project used before msgspec, from the demo project.
FORMAT_1 = Path(__file__).parent / "data" / "frozen_content_format1.json"


def _stored() -> dict[str, Any]:
    stored: dict[str, Any] = json.loads(FORMAT_1.read_text())
    return stored


def _as_stored(value: object) -> Any:
    """What a JSONField gives back: JSON text read again."""
    return json.loads(json.dumps(value))


def test_content_survives_the_json_round_trip(documented):
    doc = project_documentation(project=documented.project, public=False)
    assert project_from_json(project_to_json(doc)) == doc


def test_content_frozen_before_msgspec_still_decodes_for_both_audiences():
    stored = _stored()
    assert stored["format"] == FROZEN_FORMAT
    staff = project_from_json(stored["staff"])
    public = project_from_json(stored["public"])
    assert isinstance(staff, ProjectDoc) and not staff.public and public.public
    notes = [note for workshop in staff.workshops for note in workshop.notes()]
    assert len(notes) > 50
    assert all(note.created_at.tzinfo is not None for note in notes)
    assert len(public.workshops) <= len(staff.workshops)


def test_content_frozen_before_msgspec_encodes_again_with_the_same_keys_and_values():
    stored = _stored()
    for audience in ("public", "staff"):
        again = _as_stored(project_to_json(project_from_json(stored[audience])))
        assert _without_times(again) == _without_times(stored[audience])
        assert project_from_json(again) == project_from_json(stored[audience])


def _without_times(value: object) -> object:
    # The old codec wrote UTC as +00:00, msgspec writes Z: the same instant in RFC 3339.
    if isinstance(value, dict):
        return {k: "time" if k == "created_at" else _without_times(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_times(item) for item in value]
    return value


def test_a_note_time_reads_back_as_the_same_instant_whichever_way_utc_is_written():
    written = datetime(2024, 8, 27, 9, 12, 30, 120000, tzinfo=UTC)
    for text in ("2024-08-27T09:12:30.120000+00:00", "2024-08-27T09:12:30.12Z"):
        note = {
            "id": 1,
            "text": "Hej",
            "votes": 0,
            "author": "",
            "is_goal_conflict": False,
            "created_at": text,
        }
        assert msgspec.convert(note, NoteDoc).created_at == written


def _first_note(doc: dict[str, Any]) -> dict[str, Any]:
    return next(
        note
        for workshop in doc["workshops"]
        for session in workshop["sessions"]
        for group in session["groups"]
        for frame in group["frames"]
        for note in frame["notes"]
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc.pop("workshops"),
        lambda doc: doc.update(public="yes"),
        lambda doc: doc["workshops"][0].update(number="1"),
        lambda doc: _first_note(doc).update(created_at="igår"),
    ],
)
def test_frozen_content_that_does_not_fit_the_model_is_refused(change):
    staff = _stored()["staff"]
    change(staff)
    with pytest.raises(msgspec.ValidationError):
        project_from_json(staff)


def test_an_archive_keeps_both_audiences_under_the_current_format(documented):
    content = _as_stored(frozen_content(project=documented.project))
    assert content["format"] == FROZEN_FORMAT
    assert project_from_json(content["public"]) == project_documentation(
        project=documented.project, public=True
    )


def test_a_cached_documentation_that_no_longer_fits_the_model_is_built_again(documented):
    project = documented.project
    key = documentation_cache_key(project=project, public=True)
    cache.set(key, {"slug": project.slug, "workshops": "written by an older model"})
    doc = documentation_for_audience(project=project, public=True)
    assert doc == project_documentation(project=project, public=True)
    assert project_from_json(cache.get(key)) == doc
