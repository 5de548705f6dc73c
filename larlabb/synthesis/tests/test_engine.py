"""The offline engine on small planted sets: themes, duplicates, conflicts, examples, questions."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from larlabb.synthesis.engine import (
    InputNote,
    SynthesisResult,
    embed_texts,
    suggest_next_workshop,
    synthesize,
)
from larlabb.synthesis.engine import embeddings as embeddings_module
from larlabb.synthesis.engine.clustering import cluster
from larlabb.synthesis.engine.conflicts import find_conflicts
from larlabb.synthesis.engine.duplicates import duplicate_groups
from larlabb.synthesis.engine.examples import good_examples
from larlabb.synthesis.engine.questions import open_questions

PLANTED = {
    "buss": [
        "Bussen till byn går bara två gånger om dagen",
        "Kollektivtrafiken på landsbygden går för sällan för att pendla",
        "Fler bussturer på morgonen behövs för arbetspendlingen",
        "Busskortet är för dyrt för ungdomar som vill åka kollektivt",
        "Anropsstyrd kollektivtrafik kan ersätta tomma bussar på kvällen",
        "Tågen och bussarna har inte samordnade tidtabeller",
    ],
    "bostad": [
        "Det byggs för få hyresrätter i små kommuner",
        "Unga hittar ingen lägenhet att hyra och bor kvar hemma",
        "Bankerna lånar inte ut till nybyggda hus på landsbygden",
        "Äldre bor kvar i stora villor när det saknas seniorbostäder",
        "Bostadsbristen gör att nyanställda tackar nej till jobbet",
        "Kommunens bostadsbolag borde bygga fler små lägenheter",
    ],
    "bredband": [
        "Fibern når inte ut till gårdarna i skogsbygden",
        "Mobiltäckningen är dålig längs vägarna i inlandet",
        "Bredbandsutbyggnaden stannar innan de sista hushållen är anslutna",
        "Uppkopplingen är för svag för att arbeta på distans hemifrån",
        "Kopparnätet tas bort innan det finns fiber som ersätter det",
        "Byaföreningen grävde ner egen fiber till alla hus i byn",
    ],
    "vatten": [
        "Våtmarker behöver återställas för att hålla kvar vatten vid torka",
        "Grundvattnet sjunker och brunnarna sinar på sommaren",
        "Översvämningarna längs ån blir vanligare när det regnar kraftigt",
        "Dricksvattnet måste skyddas när det byggs nära sjön",
        "Bönderna vill anlägga dammar för att spara vatten till bevattning",
        "Vattenbristen på ön begränsar nya bostäder och företag",
    ],
}


@pytest.fixture(scope="module")
def planted():
    notes = []
    truth = []
    for theme, texts in PLANTED.items():
        for index, text in enumerate(texts):
            notes.append(
                InputNote(
                    id=f"{theme}-{index}",
                    text=text,
                    group=f"Grupp {index % 3 + 1}",
                    workshop="Workshop 1" if index < 3 else "Workshop 2",
                    frame="Vad behöver förändras?",
                    votes=index,
                )
            )
            truth.append(theme)
    vectors = embed_texts([n.text for n in notes])
    stored = {n.id: vectors[i] for i, n in enumerate(notes)}
    return notes, truth, stored


@pytest.fixture(scope="module")
def planted_result(planted):
    notes, _truth, stored = planted
    return synthesize(notes, embeddings=stored)


def test_clustering_finds_the_planted_themes(planted, planted_result):
    notes, truth, _stored = planted
    theme_of = {
        note_id: index
        for index, theme in enumerate(planted_result.themes)
        for note_id in theme.note_ids
    }
    predicted = [theme_of.get(n.id, -1 - i) for i, n in enumerate(notes)]
    assert adjusted_rand_score(truth, predicted) >= 0.5
    assert planted_result.method == "embeddings"


def test_each_theme_has_a_label_keywords_a_cited_summary_and_its_origins(planted_result):
    assert planted_result.themes
    for theme in planted_result.themes:
        assert theme.label
        assert theme.keywords
        assert theme.summary
        for cited in theme.summary:
            assert set(cited.note_ids) <= set(theme.note_ids)
        assert set(theme.groups) <= {"Grupp 1", "Grupp 2", "Grupp 3"}
        assert theme.workshops


def test_a_theme_label_uses_the_words_participants_wrote(planted_result):
    labels = " ".join(f"{t.label} {' '.join(t.keywords)}" for t in planted_result.themes).lower()
    assert any(word in labels for word in ("buss", "kollektivtrafik"))
    assert any(word in labels for word in ("fiber", "bredband", "uppkoppling"))


def test_every_cited_note_is_an_input_note(planted, planted_result):
    notes, _truth, _stored = planted
    assert planted_result.note_ids() <= {n.id for n in notes}


def test_points_cover_every_note_inside_the_unit_square(planted, planted_result):
    notes, _truth, _stored = planted
    assert {p.note_id for p in planted_result.points} == {n.id for n in notes}
    for point in planted_result.points:
        assert 0.0 <= point.x <= 1.0 and 0.0 <= point.y <= 1.0
        assert -1 <= point.theme < len(planted_result.themes)


def test_frame_summaries_cite_notes_of_that_frame(planted_result):
    frames = {frame.frame: frame.summary for frame in planted_result.frame_summaries}
    assert list(frames) == ["Vad behöver förändras?"]
    assert len(frames["Vad behöver förändras?"]) == 3


def test_the_result_survives_a_json_round_trip(planted_result):
    import json

    data = json.loads(json.dumps(planted_result.to_json()))
    assert SynthesisResult.from_json(data) == planted_result


def test_a_result_stored_before_msgspec_reads_back_as_the_same_json():
    import json
    from pathlib import Path

    stored = json.loads((Path(__file__).parent / "data" / "synthesis_result.json").read_text())
    result = SynthesisResult.from_json(stored)
    assert result.frame_summaries[0].summary[0].note_ids
    assert json.loads(json.dumps(result.to_json())) == stored


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.pop("themes"),
        lambda data: data["points"][0].update(x="far left"),
        lambda data: data["themes"][0].update(note_ids=[47]),
    ],
)
def test_a_stored_result_that_does_not_fit_the_types_is_refused(change):
    import json
    from pathlib import Path

    import msgspec

    stored = json.loads((Path(__file__).parent / "data" / "synthesis_result.json").read_text())
    change(stored)
    with pytest.raises(msgspec.ValidationError):
        SynthesisResult.from_json(stored)


def test_progress_is_reported_up_to_done(planted):
    notes, _truth, stored = planted
    steps: list[tuple[float, str]] = []
    synthesize(
        notes[:8], embeddings=stored, progress=lambda share, step: steps.append((share, step))
    )
    shares = [share for share, _step in steps]
    assert shares == sorted(shares)
    assert shares[-1] == 1.0


def test_an_id_given_twice_is_cited_once_and_empty_notes_are_left_out():
    notes = [
        InputNote(id="a", text="Bussen går för sällan på landsbygden"),
        InputNote(id="a", text="Bostäder saknas för unga"),
        InputNote(id="b", text="   "),
        InputNote(id="c", text="Fibern når inte ut till byarna"),
    ]
    result = synthesize(notes)
    assert {p.note_id for p in result.points} == {"a", "c"}


def test_a_single_note_is_no_theme_but_two_are_one():
    one = synthesize([InputNote(id="a", text="Bussen går för sällan")])
    assert one.themes == () and [p.theme for p in one.points] == [-1]
    two = synthesize(
        [InputNote(id="a", text="Bussen går för sällan"), InputNote(id="b", text="Fler bussar")]
    )
    assert [t.note_ids for t in two.themes] == [("a", "b")]


def test_no_notes_give_an_empty_result():
    result = synthesize([])
    assert result.themes == () and result.points == () and result.duplicates == ()


def test_near_duplicates_are_grouped_without_false_alarms_on_look_alikes():
    ids = ["a", "b", "c", "d", "e", "f"]
    texts = [
        "Kollektivtrafiken på landsbygden går för sällan för att man ska kunna pendla.",
        "Kollektivtrafiken på landsbygden går alldeles för sällan för att man ska kunna pendla",
        "Tågen mellan regionstäderna behöver tätare turer på morgonen.",
        "Tågen mellan regionstäderna behöver bättre anslutning till bussarna på kvällen.",
        "Bra exempel: Regionen har infört anropsstyrd trafik.",
        "Regionen har infört anropsstyrd trafik!",
    ]
    assert duplicate_groups(ids, texts) == [("a", "b"), ("e", "f")]


def test_notes_that_share_only_a_topic_are_not_duplicates():
    texts = [
        "Bredbandet når inte ut till alla hushåll på landsbygden.",
        "Mobiltäckningen är dålig längs vägarna på landsbygden.",
    ]
    assert duplicate_groups(["a", "b"], texts) == []


def test_a_stated_or_tagged_goal_conflict_is_explicit():
    notes = [
        InputNote(id="1", text="Målkonflikt: ny vindkraft står mot rennäringens betesmarker."),
        InputNote(id="2", text="Busstrafiken dras in", tagged_conflict=True),
        InputNote(id="3", text="Vi behöver fler lärare i yrkesämnen."),
    ]
    conflicts = find_conflicts(notes)
    explicit = [c for c in conflicts if c.kind == "explicit"]
    assert [c.note_ids for c in explicit] == [("1",), ("2",)]
    assert all(c.score == 1.0 for c in explicit)
    assert "rennäringen" in explicit[0].description


def test_a_note_torn_between_growth_and_climate_is_a_candidate_conflict():
    notes = [
        InputNote(
            id="1",
            text="Flygplatsen ger jobb och tillgänglighet men ökar utsläppen från resorna.",
        ),
        InputNote(id="2", text="Flygplatsen behöver fler avgångar."),
    ]
    conflicts = find_conflicts(notes)
    assert [(c.kind, c.note_ids) for c in conflicts] == [("candidate", ("1",))]
    assert "klimatmålen" in conflicts[0].description


def test_similar_notes_leaning_to_different_places_agree_and_are_no_conflict():
    notes = [
        InputNote(id="1", text="Bygg fler bostäder i staden nära stationen"),
        InputNote(id="2", text="Bygg fler bostäder på landsbygden nära skolan"),
        InputNote(id="3", text="Fibern behöver nå de sista hushållen"),
    ]
    assert find_conflicts(notes) == []


def test_good_examples_name_a_concrete_practice_place_or_actor():
    notes = [
        InputNote(id="cue", text="Bra exempel: byabussen som boende bokar själva."),
        InputNote(id="actor", text="Region Västerbotten har infört en mobil vårdbuss."),
        InputNote(id="place", text="I Ljusdal startade biblioteket digitala fixarträffar."),
        InputNote(id="wish", text="Vi behöver fler bussar, t.ex. på kvällen."),
        InputNote(id="opinion", text="Samverkan är viktigt för regionerna."),
        InputNote(id="question", text="Vad kan vi lära av Region Skåne?"),
    ]
    assert good_examples(notes) == ["cue", "actor", "place"]


def test_open_questions_leave_out_the_frame_question_and_fold_repeats():
    frame = "Vad vill du veta om myndigheterna?"
    notes = [
        InputNote(id="1", text="Hur ser de på samverkan med regionerna?", frame=frame),
        InputNote(id="2", text="Hur ser de på samverkan med regionerna", frame=frame),
        InputNote(id="3", text="Vad vill du veta om myndigheterna?", frame=frame),
        InputNote(id="4", text="Fler möten behövs.", frame=frame),
        InputNote(id="5", text="Kan vi be om ett förarbete innan mötet?", frame=frame),
    ]
    questions = open_questions(notes)
    assert [q.note_ids for q in questions] == [("1", "2"), ("5",)]


def test_two_stage_clustering_of_many_notes_keeps_planted_groups():
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((4, 32))
    truth = np.repeat(np.arange(4), 500)
    vectors = centres[truth] + 0.3 * rng.standard_normal((2000, 32))
    labels = cluster(vectors.astype(np.float32))
    assert adjusted_rand_score(truth, labels) >= 0.9


def test_without_the_embedding_model_the_lexical_pipeline_still_finds_themes(planted, monkeypatch):
    notes, truth, _stored = planted
    monkeypatch.setattr(embeddings_module, "_model", lambda: None)
    result = synthesize(notes)
    assert result.method == "lexical"
    assert any("ordlikhet" in notice for notice in result.notices)
    assert result.themes
    theme_of = {nid: i for i, t in enumerate(result.themes) for nid in t.note_ids}
    predicted = [theme_of.get(n.id, -1 - i) for i, n in enumerate(notes)]
    assert adjusted_rand_score(truth, predicted) > 0.0


def test_planning_suggests_questions_that_cite_earlier_notes(planted):
    notes, _truth, _stored = planted
    extra = [
        InputNote(id="q", text="Hur kan regionen och Trafikverket planera hållplatserna ihop?"),
        InputNote(
            id="k", text="Målkonflikt: glesare busstrafik sparar pengar men ökar bilåkandet."
        ),
    ]
    suggestions, draft = suggest_next_workshop(
        "Stärka kollektivtrafiken och bostadsbyggandet i hela regionen", [*notes, *extra]
    )
    known = {n.id for n in [*notes, *extra]}
    assert suggestions
    for suggestion in suggestions:
        assert suggestion.text and suggestion.note_ids
        assert set(suggestion.note_ids) <= known
    assert draft.title and draft.instruction
    assert draft.questions == tuple(s.text for s in suggestions)
    assert any("k" in s.note_ids for s in suggestions)


def test_without_the_embedding_model_notes_are_placed_by_shared_words(monkeypatch):
    from larlabb.synthesis.engine import place_notes

    monkeypatch.setattr(embeddings_module, "_model", lambda: None)
    placed = place_notes(
        ["Kollektivtrafik och bussar", "Bostäder och lägenheter", "Bredband och fiber"],
        ["Bussar går för sällan", "Lägenheter saknas för unga", "Fiber saknas i byn"],
    )
    assert placed == [0, 1, 2]
