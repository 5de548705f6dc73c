"""Near-duplicates: the same point written twice, never notes that share words but not a point."""

from larlabb.synthesis.engine.duplicates import duplicate_groups


def test_notes_worded_alike_that_each_swap_in_a_word_of_their_own_are_not_duplicates():
    texts = [
        "Tillväxtverket och regionerna borde samordna sina uppföljningar.",
        "Tillväxtverket och regionerna borde samordna sina utlysningar.",
        "Statlig service borde erbjudas digitalt till alla kommuner.",
        "Statlig service borde finnas på servicekontor i alla kommuner.",
    ]
    assert duplicate_groups(["a", "b", "c", "d"], texts) == []


def test_a_word_swapped_for_its_synonym_in_an_otherwise_identical_note_is_a_duplicate():
    texts = [
        "Företagen hittar inte personal med rätt utbildning, särskilt inom teknik och vård.",
        "Företagen hittar inte personal med rätt utbildning, speciellt inom teknik och vård.",
    ]
    assert duplicate_groups(["a", "b"], texts) == [("a", "b")]


def test_a_misspelt_word_and_a_word_more_keep_notes_duplicates():
    texts = [
        "Kollektivtrafiken på landsbygden går för sällan för att pendla.",
        "Kolektivtrafiken på landsbygden går alldeles för sällan för att pendla",
    ]
    assert duplicate_groups(["a", "b"], texts) == [("a", "b")]
