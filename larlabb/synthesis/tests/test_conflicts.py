"""Goal conflicts: two goals pulling against each other, stated once, citing every note."""

from larlabb.synthesis.engine.conflicts import find_conflicts, question_for
from larlabb.synthesis.engine.types import InputNote

HOUSING_ON_FARMLAND = (
    "Målkonflikt: nya bostäder på jordbruksmark nära tätorten mot att skydda åkermarken.",
    "Bostadsbyggande på åkermark mot att bevara jordbruksmarken – samma i alla växande kommuner.",
    "Nya bostäder på jordbruksmark mot livsmedelsförsörjningen.",
    "Åkermark mot bostäder: kommunerna vill växa men jordbruksmarken är nationell.",
)


def test_a_conflict_raised_by_four_notes_is_stated_once_citing_all_of_them():
    notes = [InputNote(id=str(i), text=t) for i, t in enumerate(HOUSING_ON_FARMLAND)]
    notes.append(InputNote(id="other", text="Fler bussturer på morgonen behövs."))
    conflicts = find_conflicts(notes)
    assert len(conflicts) == 1
    assert conflicts[0].note_ids == ("0", "1", "2", "3")
    assert conflicts[0].kind == "explicit"
    assert "jordbruksmark" in conflicts[0].description


def test_notes_that_say_the_goals_go_together_are_no_conflict():
    notes = [
        InputNote(id="1", text="Vi kan bygga nya bostäder utan att ta jordbruksmark."),
        InputNote(id="2", text="Tillväxt och klimat går hand i hand när industrin blir grön."),
        InputNote(id="3", text="Det finns ingen målkonflikt mellan kollektivtrafik och klimat."),
        InputNote(id="4", text="Staden och landsbygden behöver varandra."),
    ]
    assert find_conflicts(notes) == []


def test_a_note_that_only_mentions_goal_conflicts_is_no_conflict():
    notes = [
        InputNote(id="1", text="Vi tar upp målkonflikterna tidigt, men sedan försvinner de."),
        InputNote(id="2", text="Vi behöver ett gemensamt språk för målkonflikter mellan oss."),
        InputNote(id="3", text="Kunskap om hur andra regioner har hanterat målkonflikter."),
    ]
    assert find_conflicts(notes) == []


def test_a_gain_followed_by_a_loss_is_a_candidate_conflict():
    notes = [InputNote(id="1", text="Gruvan ger jobb till hela kommunen men hotar vattnet.")]
    [conflict] = find_conflicts(notes)
    assert conflict.kind == "candidate" and conflict.note_ids == ("1",)
    assert 0 < conflict.score < 1


def test_a_named_conflict_of_unknown_goals_is_quoted_and_asked_about():
    text = (
        "Målkonflikt: industrin lockar med höga löner och tränger undan rekryteringen till vården."
    )
    [conflict] = find_conflicts([InputNote(id="1", text=text)])
    assert conflict.kind == "explicit"
    assert "”Målkonflikt: industrin lockar" in conflict.description
    question = question_for(conflict)
    assert question is not None and question.endswith("vården”?")


def test_a_conflict_on_known_goals_has_its_own_question():
    notes = [InputNote(id=str(i), text=t) for i, t in enumerate(HOUSING_ON_FARMLAND)]
    [conflict] = find_conflicts(notes)
    assert question_for(conflict) == (
        "Hur kan vi väga behovet av nya bostäder mot skyddet av jordbruksmarken?"
    )
