from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop, WorkshopChange

SEED = "hallbara-livsmiljoer-2024"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _workshop_post(workshop: Workshop, **changes: str) -> dict[str, str]:
    start = workshop.starts_at.astimezone(STOCKHOLM)
    end = workshop.ends_at.astimezone(STOCKHOLM)
    data = {
        "number": str(workshop.number),
        "block": str(workshop.block_id),
        "title": workshop.title,
        "format": workshop.format,
        "start_date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_date": end.date().isoformat() if end.date() != start.date() else "",
        "end_time": end.strftime("%H:%M"),
        "city": workshop.city,
        "venue": workshop.venue,
        "address": workshop.address,
        "online_url": workshop.online_url,
        "note": workshop.note,
    }
    if workshop.lunch_to_lunch:
        data["lunch_to_lunch"] = "on"
    if workshop.is_preliminary:
        data["is_preliminary"] = "on"
    return data | changes


def _numbers() -> list[int]:
    return list(
        Workshop.objects.filter(project__slug=SEED)
        .order_by("number")
        .values_list("number", flat=True)
    )


def _titles() -> list[str]:
    workshops = Workshop.objects.filter(project__slug=SEED).select_related("block")
    return [w.display_title for w in workshops.order_by("number")]


def test_moving_a_workshop_up_swaps_it_with_the_one_before(staff_client):
    fourth = Workshop.objects.get(project__slug=SEED, number=4)
    third = Workshop.objects.get(project__slug=SEED, number=3)
    response = staff_client.post(reverse("staff:workshop_move", args=[SEED, 4]), {"to": "up"})
    assert response.status_code == 302
    fourth.refresh_from_db()
    third.refresh_from_db()
    assert (fourth.number, third.number) == (3, 4)
    assert _numbers() == [1, 2, 3, 4, 5, 6]


def test_moving_keeps_numbers_unique_across_many_moves_and_gaps(staff_client):
    Workshop.objects.filter(project__slug=SEED, number=6).update(number=9)
    Workshop.objects.filter(project__slug=SEED, number=3).delete()
    titles = _titles()
    for number, to in [(9, "up"), (5, "up"), (1, "down"), (2, "down"), (9, "down")]:
        staff_client.post(reverse("staff:workshop_move", args=[SEED, number]), {"to": to})
        numbers = _numbers()
        assert numbers == [1, 2, 4, 5, 9]
    assert sorted(_titles()) == sorted(titles)
    assert _titles() != titles


def test_the_first_workshop_cannot_move_up(staff_client):
    titles = _titles()
    response = staff_client.post(
        reverse("staff:workshop_move", args=[SEED, 1]), {"to": "up"}, follow=True
    )
    assert "Workshop 1 kan inte flyttas längre åt det hållet." in response.content.decode()
    assert _titles() == titles


def test_moving_through_htmx_returns_the_table_and_an_announcement(staff_client):
    response = staff_client.post(
        reverse("staff:workshop_move", args=[SEED, 2]), {"to": "down"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="workshop-table"' in html
    assert '<div id="move-status" hx-swap-oob="innerHTML">' in html
    assert "Workshop 2 är nu workshop 3." in html
    assert "<html" not in html


def test_the_programme_page_moves_workshops_with_and_without_javascript(staff_client):
    html = staff_client.get(reverse("staff:project_programme", args=[SEED])).content.decode()
    move = reverse("staff:workshop_move", args=[SEED, 2])
    assert f'<form method="post" action="{move}" hx-post="{move}"' in html
    assert '<div id="move-status" class="move-status" role="status"></div>' in html


def test_creating_a_workshop_offers_only_the_projects_blocks(staff_client):
    other_block = ProgrammeBlock.objects.filter(project__slug="larlabb-hallbar-utveckling").first()
    assert other_block is not None
    url = reverse("staff:workshop_create", args=[SEED])
    form = staff_client.get(url).context["form"]
    assert set(form.fields["block"].queryset) == set(
        ProgrammeBlock.objects.filter(project__slug=SEED)
    )
    assert form.initial["number"] == 7
    data = {
        "number": "7",
        "block": str(other_block.pk),
        "format": "digital",
        "start_date": "2025-03-04",
        "start_time": "09:00",
        "end_time": "11:30",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "block" in response.context["form"].errors
    own_block = ProgrammeBlock.objects.filter(project__slug=SEED).first()
    assert own_block is not None
    response = staff_client.post(url, data | {"block": str(own_block.pk)})
    assert response.status_code == 302
    created = Workshop.objects.get(project__slug=SEED, number=7)
    assert created.starts_at == datetime(2025, 3, 4, 9, 0, tzinfo=STOCKHOLM)
    assert created.ends_at == datetime(2025, 3, 4, 11, 30, tzinfo=STOCKHOLM)


def test_a_multi_day_workshop_takes_an_end_date(staff_client):
    workshop = Workshop.objects.get(project__slug=SEED, number=6)
    staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 6]),
        _workshop_post(workshop, start_date="2025-01-29", end_date="2025-01-30"),
    )
    workshop.refresh_from_db()
    assert workshop.starts_at == datetime(2025, 1, 29, 12, 0, tzinfo=STOCKHOLM)
    assert workshop.ends_at == datetime(2025, 1, 30, 13, 0, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "08:00"}, "end_time"),
        ({"end_date": "2024-08-26"}, "end_date"),
    ],
)
def test_a_workshop_must_end_after_it_starts(staff_client, changes, field):
    workshop = Workshop.objects.get(project__slug=SEED, number=1)
    response = staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 1]), _workshop_post(workshop, **changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Slutet måste komma efter starten."]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    # The heading still names the stored workshop, not the rejected input.
    assert "Workshop 1. Hållbara livsmiljöer – i dag och i morgon" in html


def test_a_taken_number_is_refused(staff_client):
    workshop = Workshop.objects.get(project__slug=SEED, number=1)
    response = staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 1]), _workshop_post(workshop, number="2")
    )
    assert response.context["form"].errors["number"] == [
        "Det finns redan en workshop med det numret."
    ]


def test_changing_a_published_workshops_date_is_recorded_and_raises_the_sequence(staff_client):
    workshop = Workshop.objects.get(project__slug=SEED, number=1)
    response = staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 1]),
        _workshop_post(workshop, start_date="2024-08-28"),
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.starts_at == datetime(2024, 8, 28, 9, 0, tzinfo=STOCKHOLM)
    assert workshop.sequence == 1
    change = WorkshopChange.objects.get(workshop=workshop)
    assert change.field == WorkshopChange.TIME
    assert change.old_value == "27 augusti 2024, kl. 9–11.30"
    assert change.new_value == "28 augusti 2024, kl. 9–11.30"
    assert change.changed_by is not None
    assert change.changed_by.username == "kansliet"

    edit = staff_client.get(reverse("staff:workshop_edit", args=[SEED, 1])).content.decode()
    assert "Ändringslogg" in edit
    assert "<td>Tid</td><td>27 augusti 2024, kl. 9–11.30</td><td>28 augusti 2024, kl. 9–11.30" in (
        edit
    )
    public = Client().get(reverse("programme:workshop", args=[SEED, 1])).content.decode()
    assert "Ändrat" in public
    assert "tid: 27 augusti 2024, kl. 9–11.30 ändrades till 28 augusti 2024, kl. 9–11.30" in public
    calendar = Client().get(reverse("programme:workshop_ics", args=[SEED, 1])).content.decode()
    assert "SEQUENCE:1" in calendar


def test_changing_a_draft_workshop_is_not_recorded(staff_client):
    LearningProject.objects.filter(slug=SEED).update(status="draft")
    workshop = Workshop.objects.get(project__slug=SEED, number=2)
    staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 2]),
        _workshop_post(workshop, city="Göteborg", start_date="2024-09-19", end_date="2024-09-20"),
    )
    workshop.refresh_from_db()
    assert workshop.city == "Göteborg"
    assert workshop.sequence == 0
    assert not WorkshopChange.objects.exists()
    edit = staff_client.get(reverse("staff:workshop_edit", args=[SEED, 2])).content.decode()
    assert "ändringar loggas först när det är publicerat" in edit


def test_deleting_a_workshop_asks_first_and_says_what_goes_with_it(staff_client):
    url = reverse("staff:workshop_delete", args=[SEED, 6])
    edit = staff_client.get(reverse("staff:workshop_edit", args=[SEED, 6])).content.decode()
    assert f'href="{url}"' in edit

    question = staff_client.get(url)

    html = question.content.decode()
    assert question.status_code == 200
    assert "Ta bort workshop 6?" in html
    assert "deltagarnas svar" in html and "Det går inte att ångra." in html
    assert f'action="{url}"' in html
    assert _numbers() == [1, 2, 3, 4, 5, 6], "asking deletes nothing"
    response = staff_client.post(url, follow=True)
    assert "Workshop 6 är borttagen." in response.content.decode()
    assert _numbers() == [1, 2, 3, 4, 5]


def test_a_block_in_use_cannot_be_deleted_and_the_page_says_which_workshops_use_it(staff_client):
    block = Workshop.objects.get(project__slug=SEED, number=3).block
    edit = reverse("staff:block_edit", args=[SEED, block.pk])
    html = staff_client.get(edit).content.decode()
    for number in (3, 4, 5):
        assert reverse("staff:workshop_edit", args=[SEED, number]) in html
    response = staff_client.post(reverse("staff:block_delete", args=[SEED, block.pk]), follow=True)
    assert (
        "Blocket används av en eller flera workshopar och kan inte tas bort."
        in response.content.decode()
    )
    assert ProgrammeBlock.objects.filter(pk=block.pk).exists()


def test_an_unused_block_can_be_created_edited_and_deleted(staff_client):
    staff_client.post(
        reverse("staff:block_create", args=[SEED]),
        {"title": "Extra träff", "intro": "Om **extra**.", "agenda": "Ett\nTvå"},
    )
    block = ProgrammeBlock.objects.get(project__slug=SEED, title="Extra träff")
    assert block.agenda_items == ["Ett", "Två"]
    staff_client.post(
        reverse("staff:block_edit", args=[SEED, block.pk]),
        {"title": "Extra träff i Malmö", "intro": "", "agenda": ""},
    )
    block.refresh_from_db()
    assert block.title == "Extra träff i Malmö"
    question = staff_client.get(reverse("staff:block_delete", args=[SEED, block.pk]))
    assert "Ta bort programblocket Extra träff i Malmö?" in question.content.decode()
    assert ProgrammeBlock.objects.filter(pk=block.pk).exists(), "asking deletes nothing"
    response = staff_client.post(reverse("staff:block_delete", args=[SEED, block.pk]))
    assert response["Location"] == reverse("staff:project_programme", args=[SEED])
    assert not ProgrammeBlock.objects.filter(pk=block.pk).exists()


def test_a_project_without_blocks_asks_for_a_block_before_a_workshop(staff_client):
    project = LearningProject.objects.get(slug=SEED)
    project.workshops.all().delete()
    project.blocks.all().delete()
    response = staff_client.get(reverse("staff:workshop_create", args=[SEED]))
    assert response["Location"] == reverse("staff:block_create", args=[SEED])


def test_public_pages_show_staff_edits_at_once_despite_the_page_cache(staff_client):
    visitor = Client()
    invitation = reverse("programme:invitation", args=[SEED])
    assert "Göteborg" not in visitor.get(invitation).content.decode()
    workshop = Workshop.objects.get(project__slug=SEED, number=2)
    staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 2]), _workshop_post(workshop, city="Göteborg")
    )
    assert "Göteborg" in visitor.get(invitation).content.decode()
    staff_client.post(
        reverse("staff:block_edit", args=[SEED, workshop.block_id]),
        {"title": "Ny rubrik för blocket", "intro": "", "agenda": "En punkt"},
    )
    assert "Ny rubrik för blocket" in visitor.get(invitation).content.decode()
    staff_client.post(reverse("staff:workshop_move", args=[SEED, 6]), {"to": "up"})
    fifth = visitor.get(reverse("programme:workshop", args=[SEED, 5])).content.decode()
    assert "Workshop 5. Kunskap till handling" in fifth
