import pytest
from django.core.management import call_command

from larlabb.synthesis import services
from larlabb.synthesis.models import NoteEmbedding, Synthesis
from larlabb.synthesis.selectors import scope_get
from larlabb.workshops.models import Note

pytestmark = pytest.mark.django_db


def test_embed_notes_fills_in_missing_vectors_and_says_how_many(boards, capsys):
    total = Note.objects.count()
    call_command("embed_notes")
    assert f"Inbäddningar beräknade för {total} lappar." in capsys.readouterr().out
    assert NoteEmbedding.objects.count() == total
    call_command("embed_notes")
    assert "Inbäddningar beräknade för 0 lappar." in capsys.readouterr().out


def test_a_synthesis_whose_board_was_deleted_while_waiting_is_skipped(boards, staff_user):
    scope = scope_get(kind=Synthesis.Scope.GROUP, pk=boards.group_1.pk)
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=staff_user)
    boards.group_1.delete()
    assert services.synthesis_run(synthesis_id=synthesis.pk) is None
    assert not Synthesis.objects.exists()
