"""Every sentence the engine writes itself reads as Swedish; one it cannot fill is left out."""

import pytest

from larlabb.demo import seed_board, synthesis_board
from larlabb.synthesis.engine import InputNote, embed_texts, synthesize
from larlabb.synthesis.engine.grammar import is_noun_phrase, quoted, sentence_problems
from larlabb.synthesis.engine.planning import offline_draft, offline_suggestions
from larlabb.synthesis.engine.types import SynthesisResult, Theme

AIMS = "Regioner och myndigheter genomför strategin för hållbar regional utveckling tillsammans"


def _demo_notes() -> list[InputNote]:
    frames = (
        *synthesis_board.QUESTIONS,
        synthesis_board.SUMMARY_FRAME,
        synthesis_board.BONUS_FRAME,
    )
    notes = [
        InputNote(
            id=f"livmil-{i}",
            text=text,
            group=f"Grupp {group}",
            frame=frames[frame],
            votes=votes,
            tagged_conflict=tagged,
        )
        for i, (group, frame, text, votes, tagged) in enumerate(synthesis_board.NOTES)
    ]
    notes += [
        InputNote(id=f"seed-{frame[:10]}-{i}", text=text, group="Grupp 1", frame=frame)
        for frame, texts in seed_board.NOTES_BY_FRAME.items()
        for i, text in enumerate(texts)
    ]
    return notes


@pytest.fixture(scope="module")
def demo_results() -> list[SynthesisResult]:
    notes = _demo_notes()
    vectors = embed_texts([n.text for n in notes])
    stored = {n.id: vectors[i] for i, n in enumerate(notes)}
    seed = [n for n in notes if n.id.startswith("seed-")]
    livmil = [n for n in notes if n.id.startswith("livmil-")]
    return [synthesize(group, embeddings=stored) for group in (seed, livmil, notes)]


def _generated(result: SynthesisResult) -> list[str]:
    suggestions = offline_suggestions(AIMS, result)
    draft = offline_draft(suggestions, result)
    # Open questions are the participants' own words; only what the engine wrote is checked.
    own = {q.text for q in result.open_questions}
    return [
        *(c.description for c in result.conflicts),
        *(s.text for s in suggestions if s.text not in own),
        draft.title + ".",
        draft.instruction,
    ]


def test_every_generated_sentence_over_the_demo_reads_as_swedish(demo_results):
    sentences = [s for result in demo_results for s in _generated(result)]
    assert len(sentences) > 10
    problems = {s: sentence_problems(s) for s in sentences if sentence_problems(s)}
    assert problems == {}


def test_the_demo_states_the_housing_on_farmland_conflict_once(demo_results):
    livmil = demo_results[1]
    farmland = [c for c in livmil.conflicts if "jordbruksmark" in c.description]
    assert len(farmland) == 1 and len(farmland[0].note_ids) >= 4


def test_a_garbled_template_is_caught():
    garbled = (
        "Vad behöver regioner och myndigheter göra tillsammans inom ”regionala och myndigheterna”?"
    )
    assert sentence_problems(garbled)
    assert sentence_problems("Målkonflikt som deltagarna pekar ut: ”nya bostäder på den …”")
    assert sentence_problems("vad kan vi lära av %(theme)s")
    assert (
        sentence_problems(
            "Vad behöver regioner och myndigheter göra tillsammans inom ”bostäder och åkermark”?"
        )
        == []
    )


def test_a_theme_whose_label_is_no_noun_phrase_gets_no_question():
    theme = Theme(
        label="Regionala och myndigheterna",
        keywords=("regionala", "myndigheterna"),
        note_ids=("1", "2"),
        summary=(),
        groups=(),
        workshops=(),
    )
    result = SynthesisResult(
        themes=(theme,),
        duplicates=(),
        conflicts=(),
        good_examples=(),
        open_questions=(),
        frame_summaries=(),
        points=(),
        method="embeddings",
        notices=(),
    )
    assert offline_suggestions(AIMS, result) == []
    assert offline_draft([], result).title == "Fördjupning: det gemensamma arbetet"
    assert not is_noun_phrase("regionala och myndigheterna")
    assert is_noun_phrase("bostäder och jordbruksmark")


def test_a_long_note_is_quoted_cut_at_a_word_that_can_end_a_phrase():
    text = "Vi behöver nya bostäder på den mark som kommunen äger nära stationen i den gamla kärnan"
    cut = quoted(text, limit=40)
    assert cut is not None and cut.endswith(" …”")
    assert sentence_problems(f"Citat: {cut}") == []
