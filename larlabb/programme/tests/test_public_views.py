import itertools
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop, WorkshopChange

SEED = "hallbara-livsmiljoer-2024"
pytestmark = pytest.mark.django_db


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_invitation_shows_every_section_of_the_seed_in_its_order(client, demo):
    html = _text(client, reverse("programme:invitation", args=[SEED]))
    in_order = [
        "Hållbara livsmiljöer",
        "regionerna kliver fram",
        "Vi lever i en oviss tid.",
        "Sista anmälningsdag är 14 augusti 2024.",
        "Bakgrund",
        "Kommunerna har en viktig roll",
        "Om lärprojektet",
        "Läroprojektet kommer att:",
        "Varför",
        "Syftet är att fördjupa kunskapen",
        "Förväntat resultat",
        "Kunskap om generativ AI som verktyg för utvecklingsarbetet.",
        "Vem",
        "kan delta med 1–4 personer",
        "Hur",
        "Reglabs lärprojekt syftar till gemensamt lärande",
        "Lärprojektet leds enligt Reglab-modell",
        "<strong>Margareta Wandel</strong>, regionrepresentant, Region Östergötland</li>",
        "<strong>Jonas Frykman</strong>, processledare från Reglab</li>",
        "Program",
        "träffas vid sex tillfällen",
        "SKR, Nordregio, Vinnova",
        "Workshop 1. Hållbara livsmiljöer – i dag och i morgon",
        "Introduktion, mål och förväntningar.",
        "Eventuell justering av läroprojektets program",
        "Workshop 1</a>",
        "Digital träff,",
        "27 augusti 2024, kl. 9–11.30",
        "Workshop 2. Inramning, vägval och den regionala rollen",
        "AI som verktyg i utvecklingsarbetet – vi praktiserar.",
        "Fysisk träff i Stockholm",
        "12–13 september 2024, lunch–lunch",
        "Workshop 3–5. Aktuella målkonflikter, metoder och dialog",
        "Under workshop 3, 4 och 5 fördjupar vi kunskapen",
        "Erfarenhetsutbyte och dialog.",
        "Workshop 3</a>",
        "16 oktober 2024, kl. 13–15.30",
        "Workshop 4</a>",
        "Preliminärt datum",
        "Digital/fysisk träff i Luleå",
        "21 november 2024, kl. 13–16",
        "i samband med Nordregio Forum",
        "Workshop 5</a>",
        "10 december 2024, kl. 9–11.30",
        "Workshop 6. Kunskap till handling",
        "Regionerna kliver fram - Handlingsplan för hållbara livsmiljöer",
        "Workshop 6</a>",
        "22–23 januari 2025, lunch–lunch",
        "Anmälan",
        "23\u00a0000\u00a0kr per organisation (inte per person)",
        "Deltagarna står själva för resor och logi.",
        "minst 15 organisationer",
        "Anmälan sker i två steg",
        "Information och dokumentation",
        "Kontakt",
        "emma.ejermark@skr.se",
        "praktiska frågor",
        "jonas.frykman@skr.se",
        "innehåll",
    ]
    position = 0
    for fragment in in_order:
        found = html.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing or out of order"
        position = found


def test_hybrid_workshop_in_lulea_is_marked_preliminary(client, demo):
    html = _text(client, reverse("programme:workshop", args=[SEED, 4]))
    assert "Digital/fysisk träff" in html
    assert "Luleå" in html
    assert "Preliminärt datum" in html


def test_online_link_is_never_shown_publicly(client, demo):
    Workshop.objects.filter(project__slug=SEED, number=1).update(
        online_url="https://meet.example/hemlig-lank"
    )
    for url in (
        reverse("programme:invitation", args=[SEED]),
        reverse("programme:programme", args=[SEED]),
        reverse("programme:workshop", args=[SEED, 1]),
        reverse("programme:workshop_ics", args=[SEED, 1]),
        reverse("programme:programme_ics", args=[SEED]),
    ):
        assert b"hemlig-lank" not in client.get(url).content, url


def test_drafts_are_hidden_from_the_public_but_staff_may_preview(client, staff_client, demo):
    LearningProject.objects.filter(slug=SEED).update(status=LearningProject.Status.DRAFT)
    url = reverse("programme:invitation", args=[SEED])
    assert Client().get(url).status_code == 404
    assert "hallbara-livsmiljoer-2024" not in Client().get("/").content.decode()
    assert staff_client.get(url).status_code == 200


def test_unknown_project_and_workshop_are_not_found(client, demo):
    assert client.get(reverse("programme:invitation", args=["finns-inte"])).status_code == 404
    assert client.get(reverse("programme:workshop", args=[SEED, 99])).status_code == 404


def test_project_list_shows_both_seed_projects(client, demo):
    html = _text(client, "/")
    assert "Hållbara livsmiljöer – regionerna kliver fram" in html
    assert "Lärlabb Hållbar utveckling" in html


def test_accessibility_statement_and_privacy_notice_are_public(client, demo):
    assert "Digg" in _text(client, reverse("network:accessibility"))
    assert "Integritetsskyddsmyndigheten" in _text(client, reverse("network:privacy"))


def test_every_public_page_declares_swedish_and_has_a_skip_link(client, demo):
    html = _text(client, reverse("programme:programme", args=[SEED]))
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html


def _queries_per_page(client: Client) -> dict[str, int]:
    cache.clear()  # count the full render, not a cached fragment or file
    urls = [
        reverse("programme:project_list"),
        reverse("programme:invitation", args=[SEED]),
        reverse("programme:programme", args=[SEED]),
        reverse("programme:workshop", args=[SEED, 1]),
        reverse("programme:workshop_ics", args=[SEED, 1]),
        reverse("programme:programme_ics", args=[SEED]),
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def _grow_programme_to_60_workshops() -> None:
    """54 more workshops, each with its own text block and a recorded change."""
    project = LearningProject.objects.get(slug=SEED)
    first = project.workshops.get(number=1)
    blocks = ProgrammeBlock.objects.bulk_create(
        ProgrammeBlock(project=project, title=f"Block {n}", agenda="En punkt\nEn till")
        for n in range(7, 61)
    )
    workshops = Workshop.objects.bulk_create(
        Workshop(
            project=project,
            block=block,
            number=number,
            format="digital",
            starts_at=first.starts_at,
            ends_at=first.ends_at,
        )
        for number, block in zip(range(7, 61), blocks, strict=True)
    )
    WorkshopChange.objects.bulk_create(
        WorkshopChange(workshop=w, field="city", old_value="A", new_value="B") for w in workshops
    )
    WorkshopChange.objects.create(workshop=first, field="city", old_value="A", new_value="B")


def test_public_pages_use_the_same_number_of_queries_with_6_and_60_workshops(
    client, demo, django_assert_max_num_queries
):
    with_six = _queries_per_page(client)
    _grow_programme_to_60_workshops()
    assert LearningProject.objects.get(slug=SEED).workshops.count() == 60
    with django_assert_max_num_queries(8 * len(with_six)):
        with_sixty = _queries_per_page(client)
    assert with_sixty == with_six


def test_staff_preview_uses_the_same_number_of_queries_with_6_and_60_workshops(staff_client):
    with_six = _queries_per_page(staff_client)
    _grow_programme_to_60_workshops()
    assert _queries_per_page(staff_client) == with_six


def _heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


@pytest.mark.parametrize(
    "url",
    [
        reverse("programme:project_list"),
        reverse("programme:invitation", args=[SEED]),
        reverse("programme:invitation", args=["larlabb-hallbar-utveckling"]),
        reverse("programme:programme", args=[SEED]),
        reverse("programme:workshop", args=[SEED, 4]),
        reverse("network:accessibility"),
        reverse("network:privacy"),
    ],
)
def test_headings_start_at_one_h1_and_never_skip_a_level(client, demo, url):
    levels = _heading_levels(_text(client, url))
    assert levels[0] == 1
    assert levels.count(1) == 1
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skips == []


def test_english_visitors_get_the_interface_in_english(client, demo):
    client.cookies["django_language"] = "en"
    html = _text(client, reverse("programme:invitation", args=[SEED]))
    assert '<html lang="en">' in html
    assert "The registration deadline is 14 August 2024." in html
    assert "Skip to content" in html
    assert "at a glance" in html.lower()


def test_a_browser_asking_for_english_still_gets_swedish_until_the_switch_is_used(client, demo):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html


def test_public_pages_answer_a_head_request_like_a_get_without_the_body(client, demo):
    # Link checkers, uptime monitors and proxies ask with HEAD before they fetch.
    for url in [
        reverse("programme:project_list"),
        reverse("programme:invitation", args=[SEED]),
        reverse("programme:programme", args=[SEED]),
        reverse("programme:workshop", args=[SEED, 1]),
        reverse("programme:programme_ics", args=[SEED]),
        reverse("programme:workshop_ics", args=[SEED, 1]),
        reverse("network:accessibility"),
        reverse("network:privacy"),
    ]:
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head["Content-Type"] == got["Content-Type"], url
        assert head.content == b"", url
