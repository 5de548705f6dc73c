"""Themes of whole boards: how many, which notes, their names and how their notes are headed."""

import json
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from larlabb.demo import seed_board, synthesis_board
from larlabb.synthesis import presentation, selectors, services
from larlabb.synthesis.engine import InputNote, embed_texts, synthesize
from larlabb.synthesis.engine.labels import name_follows_rule
from larlabb.synthesis.models import Synthesis

EVALUATION = Path(__file__).resolve().parent.parent / "evaluation" / "theme_boards.json"

JORDBRUK = [
    "Nya bostäder på jordbruksmark mot att skydda åkern för livsmedel",
    "Bostäder på jordbruksmarken nära tätorten tar den bästa åkern",
    "Kommunerna vill bygga nya bostäder på jordbruksmark när de växer",
]
VINDKRAFT = [
    "Vindkraften i skogen möter motstånd från rennäringen",
    "Vindkraft ger förnybar el men kommunerna säger nej",
    "Nya vindkraftparker behöver lokal nytta för att få stöd",
]
FIBER = [
    "Fibern når inte ut till gårdarna i skogsbygden",
    "Bredbandet stannar innan de sista hushållen är anslutna",
    "Mobiltäckningen är dålig längs vägarna i inlandet",
]
UNRELATED = "Kaffet i fikarummet var kallt i morse"


def synthesize_texts(groups: list[list[str]], *, extra: tuple[InputNote, ...] = ()):
    notes = [
        InputNote(id=f"{g}-{i}", text=text, group=f"Grupp {i + 1}")
        for g, texts in enumerate(groups)
        for i, text in enumerate(texts)
    ]
    notes += list(extra)
    vectors = embed_texts([n.text for n in notes])
    return notes, synthesize(notes, embeddings={n.id: vectors[i] for i, n in enumerate(notes)})


def theme_of(result, note_id: str) -> int:
    for index, theme in enumerate(result.themes):
        if note_id in theme.note_ids:
            return index
    return -1


def board_notes(board: str) -> list[InputNote]:
    boards = {b["name"]: b["notes"] for b in json.loads(EVALUATION.read_text())["boards"]}
    (notes,) = [n for name, n in boards.items() if name.startswith(board)]
    return [
        InputNote(id=n["id"], text=n["text"], frame=n["frame"], group=n["group"]) for n in notes
    ]


def test_the_evaluation_boards_are_the_demo_boards_as_shipped():
    seed = board_notes("Seed-tavlan")
    demo = board_notes("Målkonflikter")
    assert [n.text for n in seed] == [t for ts in seed_board.NOTES_BY_FRAME.values() for t in ts]
    assert [n.text for n in demo] == [note[2] for note in synthesis_board.NOTES]


def test_the_21_note_seed_board_gets_a_handful_of_themes():
    result = synthesize(board_notes("Seed-tavlan"))
    assert 3 <= len(result.themes) <= 7


def test_the_70_note_six_group_board_gets_fewer_than_ten_or_ten_themes():
    result = synthesize(board_notes("Målkonflikter"))
    assert 5 <= len(result.themes) <= 10


def test_a_lone_unrelated_note_stays_outside_every_theme():
    lone = InputNote(id="lone", text=UNRELATED)
    _notes, result = synthesize_texts([JORDBRUK, VINDKRAFT, FIBER], extra=(lone,))
    assert theme_of(result, "lone") == -1
    assert [p.theme for p in result.points if p.note_id == "lone"] == [-1]
    assert len(result.themes) >= 2


def test_a_theme_is_named_by_a_phrase_its_notes_share_not_by_a_pair_of_keywords():
    notes, result = synthesize_texts([JORDBRUK, VINDKRAFT, FIBER])
    texts = {n.id: n.text for n in notes}
    names = {theme_of(result, "0-0"): None}
    label = result.themes[next(iter(names))].label
    assert label.lower() in {"bostäder på jordbruksmark", "nya bostäder på jordbruksmark"}
    for theme in result.themes:
        assert " och " not in theme.label
        members = [texts[i] for i in theme.note_ids]
        assert name_follows_rule(theme.label, members) or theme.label.startswith("Lappar om ")


def test_the_naming_rule_refuses_garbled_pairs_and_dangling_words():
    texts = JORDBRUK
    assert name_follows_rule("Bostäder på jordbruksmark", texts)
    assert name_follows_rule("bostäder på jordbruksmarken", texts)  # case and inflection
    assert not name_follows_rule("Bostäder och annan", texts)
    assert not name_follows_rule("Nya", texts)  # an adjective without its noun
    assert not name_follows_rule("på jordbruksmark", texts)  # opens with a function word
    assert not name_follows_rule("Livsmedel", texts)  # in one note only


def test_notes_with_no_shared_phrase_get_an_honest_neutral_name():
    frame = "Vad behöver regionerna från myndigheterna?"
    notes = [
        InputNote(id="a", text="Långsiktiga pengar till utvecklingsarbete", frame=frame),
        InputNote(id="b", text="Stabil finansiering under flera år", frame=frame),
    ]
    result = synthesize(notes)
    assert [t.label for t in result.themes] == ["Vad behöver regionerna från myndigheterna"]


def test_notes_from_one_participant_group_stay_together_and_the_theme_says_so():
    grouped = (
        InputNote(id="g1", text=JORDBRUK[0], board_group="lapp-grupp-7"),
        InputNote(id="g2", text=FIBER[0], board_group="lapp-grupp-7"),
    )
    _notes, result = synthesize_texts([JORDBRUK[1:], VINDKRAFT, FIBER[1:]], extra=grouped)
    assert theme_of(result, "g1") == theme_of(result, "g2") >= 0
    theme = result.themes[theme_of(result, "g1")]
    assert theme.from_board_group
    assert not any(t.from_board_group for t in result.themes if t is not theme)


def test_the_offline_summary_is_marked_as_quoted_notes():
    _notes, result = synthesize_texts([JORDBRUK, VINDKRAFT, FIBER])
    assert result.themes
    assert all(theme.summary_is_notes for theme in result.themes)


@pytest.mark.django_db
def test_quoted_notes_are_headed_representative_notes_never_summary(boards, staff_user):
    notes = boards.notes(boards.group_1)
    inputs = [InputNote(id=str(n.pk), text=n.text, frame="Ruta", board_group="g") for n in notes]
    result = synthesize(inputs)
    scope = selectors.scope_get(kind=Synthesis.Scope.GROUP, pk=boards.group_1.pk)
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=staff_user)
    synthesis.status = Synthesis.Status.DRAFT
    synthesis.result = result.to_json()
    synthesis.save()
    report = presentation.synthesis_report(synthesis=synthesis)
    assert report is not None and report.themes
    request = RequestFactory().get("/")
    request.user = staff_user
    html = render_to_string(
        "synthesis/includes/_report.html",
        {
            "report": report,
            "synthesis": synthesis,
            "forms": {},
            "can_edit": True,
            "picture_width": presentation.PICTURE_WIDTH,
            "picture_height": presentation.PICTURE_HEIGHT,
        },
        request=request,
    )
    assert "Representativa lappar" in html
    assert "Sammanfattning" not in html
    assert "från gruppens egen gruppering" in html
