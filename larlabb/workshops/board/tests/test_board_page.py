"""What the board and the facilitator's page show: the QR code, the outline, the goal-conflict
tag in words, and a "write alone first" phase."""

import json
import re

import pytest
import segno
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.urls import reverse

from larlabb.workshops.board import services
from larlabb.workshops.board.page import frame_columns
from larlabb.workshops.models import Phase
from larlabb.workshops.sessions import services as session_services
from larlabb.workshops.sessions.qr import qr_svg
from larlabb.workshops.templatetags.workshops import note_size
from larlabb.workshops.tests.helpers import as_member, two_groups, viewer_of

pytestmark = pytest.mark.django_db


def _write(member, group, frame_id: int, text: str, client_id: str):
    return services.note_create(
        viewer=viewer_of(member),
        group_id=group.pk,
        frame_id=frame_id,
        text=text,
        colour="",
        client_id=client_id,
    )


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    client.force_login(user)
    return client


def test_the_facilitators_page_shows_a_qr_code_to_the_join_page_with_the_code_beside_it(
    staff, session
):
    html = staff.get(reverse("staff:session_facilitate", args=[session.pk])).content.decode()
    svg = re.search(r"<svg[^>]*>", html)
    assert svg is not None
    assert 'role="img"' in svg[0]
    assert f"QR-kod till sidan där man deltar, med koden {session.join_code} ifylld" in svg[0]
    assert re.search(r"<path[^>]* d=\"M", html)
    join_url = f"http://testserver/ovning/delta/?kod={session.join_code}"
    assert f'<a href="{join_url}">{join_url}</a>' in html
    assert f'<strong class="join-code">{session.join_code}</strong>' in html


def test_the_qr_code_encodes_the_join_address():
    url = "http://testserver/ovning/delta/?kod=ABC234"
    expected = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff"
    )
    drawn = str(qr_svg(url=url, label="QR"))
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', drawn)
    assert path is not None
    assert path[1] in expected
    other = segno.make(url.replace("ABC234", "XYZ789"), error="m").svg_inline(scale=1)
    assert path[1] not in other


def test_the_outline_lists_every_frame_as_a_heading_and_its_notes(client, session):
    group_1, _, (anna, *_) = two_groups(session)
    frames = list(session.exercise.frames.all())
    _write(anna, group_1, frames[1].pk, "Hur vill de samverka?", "a")
    as_member(client, anna)
    url = reverse("workshops:board", args=[session.pk, 1])
    board = client.get(url).content.decode()
    assert 'data-slot="outline" tabindex="-1" hidden' in board
    assert 'href="?visning=disposition" data-view="outline"' in board
    html = client.get(url, {"visning": "disposition"}).content.decode()
    outline = html[html.index('data-slot="outline"') : html.index('data-slot="viewport"')]
    assert "hidden" not in outline.split(">", 1)[0]
    for frame in frames:
        assert f'<h3 id="outline-{frame.pk}-title">' in outline
        assert frame.title in outline
    assert 'Hur vill de samverka? <span class="outline__meta">– Anna</span>' in outline
    assert 'data-view="outline" aria-current="page"' in html
    assert 'data-slot="viewport" hidden' in html


def test_the_outline_shows_each_frames_named_groups_with_their_notes(client, session):
    group_1, _, (anna, *_) = two_groups(session)
    frame = session.exercise.frames.first()
    first = _write(anna, group_1, frame.pk, "Träffas oftare", "a").note
    second = _write(anna, group_1, frame.pk, "Gemensamma möten", "b").note
    _write(anna, group_1, frame.pk, "Budget", "c")
    made = services.note_group_create(
        viewer=viewer_of(anna), note_id=first.pk, onto_id=second.pk, client_id="g"
    )
    as_member(client, anna)
    url = reverse("workshops:board", args=[session.pk, 1])
    html = client.get(url, {"visning": "disposition"}).content.decode()
    outline = html[html.index('data-slot="outline"') : html.index('data-slot="frames"')]
    group_id = made.note_group["id"]
    heading = f'<h4 id="outline-group-{group_id}-title">Grupp: Namnlös grupp</h4>'
    assert heading in outline
    in_group = outline[outline.index(heading) : outline.index("Lappar utan grupp")]
    assert in_group.index("Gemensamma möten") < in_group.index("Träffas oftare")
    assert "Budget" not in in_group
    ungrouped = outline[outline.index("Lappar utan grupp") :]
    assert "Budget" in ungrouped
    assert "Träffas oftare" not in ungrouped


def test_a_goal_conflict_is_shown_on_the_note_in_words(client, session):
    group_1, _, (anna, bo, _) = two_groups(session)
    frame = session.exercise.frames.first()
    note = _write(anna, group_1, frame.pk, "Fler vägar eller mindre utsläpp", "a").note
    services.note_goal_conflict_mark(viewer=viewer_of(bo), note_id=note.pk, on=True)
    as_member(client, anna)
    html = client.get(reverse("workshops:board", args=[session.pk, 1])).content.decode()
    item = html[html.index(f'id="note-{note.pk}"') :]
    item = item[: item.index("</ul>")]
    assert '<p class="note__tag" data-slot="goal-conflict">Målkonflikt</p>' in item
    assert 'data-action="goal-conflict" aria-checked="true"' in item
    assert "Målkonflikt" in html[html.index('data-slot="outline"') :]


def test_while_writing_alone_each_board_page_holds_only_its_members_own_notes(client, session):
    Phase.objects.filter(exercise=session.exercise, position=0).update(hides_others=True)
    session = session_services.phase_start(session=session)
    group_1, _, (anna, bo, _) = two_groups(session)
    frame = session.exercise.frames.first()
    _write(anna, group_1, frame.pk, "Annas egen tanke", "a")
    _write(bo, group_1, frame.pk, "Bos egen tanke", "b")
    url = reverse("workshops:board", args=[session.pk, 1])
    as_member(client, anna)
    html = client.get(url).content.decode()
    assert "Annas egen tanke" in html
    assert "Bos egen tanke" not in html
    assert "Skriv själva först." in html
    session_services.phase_reveal(session=session)
    assert "Bos egen tanke" in client.get(url).content.decode()


def test_notes_a_synthesis_cites_are_marked_in_words_and_ids_from_other_boards_are_ignored(
    client, session
):
    group_1, group_2, (anna, bo, cecilia) = two_groups(session)
    frame = session.exercise.frames.first()
    cited = _write(anna, group_1, frame.pk, "Cykelvägar mellan orterna", "a").note
    other = _write(bo, group_1, frame.pk, "Fler bussar", "b").note
    elsewhere = _write(cecilia, group_2, frame.pk, "Annan grupp", "c").note
    as_member(client, anna)
    url = reverse("workshops:board", args=[session.pk, 1])
    response = client.get(url, {"markera": f"{cited.pk},{elsewhere.pk},x"})
    html: str = response.content.decode()

    def item(note_id: int) -> str:
        start = html[html.index(f'id="note-{note_id}"') - 80 :]
        return start[: start.index("</li>")]

    assert "note--marked" in item(cited.pk)
    assert '<p class="note__tag note__tag--marked" data-slot="marked">' in item(cited.pk)
    assert "note--marked" not in item(other.pk)
    assert response.context["config"]["marked"] == [cited.pk]


def test_a_note_shows_its_text_and_keeps_every_action_in_one_menu(client, session):
    group_1, _, (anna, *_) = two_groups(session)
    frames = list(session.exercise.frames.all())
    note = _write(anna, group_1, frames[0].pk, "En arena för samtal", "a").note
    as_member(client, anna)
    html = client.get(reverse("workshops:board", args=[session.pk, 1])).content.decode()
    item = html[html.rindex("<li", 0, html.index(f'id="note-{note.pk}"')) :]
    item = item[: item.index("</ul>")]
    before_menu = item[: item.index('role="menu"')]
    assert before_menu.count("<button") == 1
    assert 'aria-haspopup="menu" aria-expanded="false"' in before_menu
    assert "<select" not in item
    menu = item[item.index('role="menu"') :]
    for action in ("vote", "goal-conflict", "edit", "delete"):
        assert f'data-action="{action}"' in menu
    for frame in frames[1:]:
        assert f'data-action="move" data-to="{frame.pk}"' in menu
    assert item.startswith('<li class="note note--yellow note--short"')


def test_every_frames_new_note_has_a_skip_link_before_the_sites_own_links(client, session):
    _, _, (anna, *_) = two_groups(session)
    frames = list(session.exercise.frames.all())
    as_member(client, anna)
    html = client.get(reverse("workshops:board", args=[session.pk, 1])).content.decode()
    skip = html[html.index('<nav class="skip-links"') : html.index('class="site-header"')]
    for frame in frames:
        assert f'href="#new-{frame.pk}" data-new-in="{frame.pk}"' in skip


def test_the_board_loads_sortablejs_from_its_own_static_files_through_an_import_map(
    client, session
):
    _, _, (anna, *_) = two_groups(session)
    as_member(client, anna)
    response = client.get(reverse("workshops:board", args=[session.pk, 1]))
    html = response.content.decode()
    importmap = re.search(r'<script type="importmap" nonce="([^"]+)">([^<]+)</script>', html)
    assert importmap is not None
    assert importmap[1] in response.headers["Content-Security-Policy"]
    assert json.loads(importmap[2]) == {
        "imports": {"sortablejs": "/static/vendor/sortablejs/sortable.esm.js"}
    }
    assert finders.find("vendor/sortablejs/sortable.esm.js") is not None


@pytest.mark.parametrize(
    ("length", "size"),
    [(0, "short"), (50, "short"), (51, "medium"), (120, "medium"), (220, "long"), (221, "longest")],
)
def test_a_longer_note_text_gets_a_smaller_type_size(length, size):
    assert note_size("x" * length) == size


@pytest.mark.parametrize(("notes", "columns"), [(0, 2), (3, 2), (5, 3), (8, 4), (21, 4)])
def test_a_frame_grows_wider_before_it_grows_taller(notes, columns):
    assert frame_columns(notes) == columns
