import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from larlabb.workshops.sessions.assignment import (
    Attendee,
    group_count,
    groups_assign,
    latecomer_group,
)

KINDS = ("region", "agency", "municipality", "other", "")


@st.composite
def attendees(
    draw: st.DrawFn, max_size: int = 80, consistent_kinds: bool = True
) -> list[Attendee[int]]:
    """People from a few organisations; with `consistent_kinds` false, people of one
    organisation may give different kinds, as guests typing by hand can."""
    names = st.text("abcdefghij", min_size=1, max_size=4)
    if consistent_kinds:
        organisations = list(
            draw(st.dictionaries(names, st.sampled_from(KINDS), min_size=1, max_size=25)).items()
        )
    else:
        organisations = draw(
            st.lists(st.tuples(names, st.sampled_from(KINDS)), min_size=1, max_size=25)
        )
    picks = draw(st.lists(st.integers(0, len(organisations) - 1), max_size=max_size))
    # Some people come without an organisation.
    blanks = draw(st.lists(st.booleans(), min_size=len(picks), max_size=len(picks)))
    return [
        Attendee(
            key=index,
            organisation="" if blank else organisations[pick][0],
            kind=organisations[pick][1],
        )
        for index, (pick, blank) in enumerate(zip(picks, blanks, strict=True))
    ]


sizes = st.integers(min_value=2, max_value=12)


@given(attendees(), sizes)
def test_everyone_is_placed_exactly_once(people, size):
    groups = groups_assign(people, group_size=size)
    placed = [attendee.key for group in groups for attendee in group]
    assert sorted(placed) == sorted(attendee.key for attendee in people)


@given(attendees(), sizes)
def test_groups_are_about_the_asked_size_and_within_one_of_each_other(people, size):
    groups = groups_assign(people, group_size=size)
    if not people:
        assert groups == []
        return
    lengths = [len(group) for group in groups]
    assert len(groups) == group_count(people=len(people), group_size=size)
    assert max(lengths) - min(lengths) <= 1
    assert max(lengths) <= math.ceil(1.5 * size)
    assert min(lengths) >= min(len(people), size // 2)


@given(attendees(consistent_kinds=False), sizes)
def test_no_two_from_one_organisation_share_a_group_where_that_is_possible(people, size):
    groups = groups_assign(people, group_size=size)
    organisations = Counter(a.organisation for a in people if a.organisation)
    for organisation, count in organisations.items():
        # With more people than groups some must share; never more than needed.
        most = math.ceil(count / len(groups))
        for group in groups:
            assert sum(a.organisation == organisation for a in group) <= most


@given(attendees(), sizes)
def test_every_kind_is_spread_evenly_over_the_groups(people, size):
    groups = groups_assign(people, group_size=size)
    for kind in {a.kind for a in people}:
        per_group = [sum(a.kind == kind for a in group) for group in groups]
        assert max(per_group) - min(per_group) <= 1


@given(attendees(max_size=40), sizes, attendees(max_size=15))
def test_latecomers_go_to_a_smallest_group_preferring_one_without_their_organisation(
    people, size, late
):
    groups = groups_assign(people, group_size=size)
    if not groups:
        assert latecomer_group(late[0], groups) is None if late else True
        return
    for offset, person in enumerate(late):
        person = Attendee(key=10_000 + offset, organisation=person.organisation, kind=person.kind)
        index = latecomer_group(person, groups)
        assert index is not None
        smallest = min(len(group) for group in groups)
        assert len(groups[index]) == smallest
        clear = [
            i
            for i, group in enumerate(groups)
            if len(group) == smallest
            and not any(
                person.organisation and a.organisation == person.organisation for a in group
            )
        ]
        if clear and person.organisation:
            assert index in clear
        groups[index].append(person)
    lengths = [len(group) for group in groups]
    assert max(lengths) - min(lengths) <= 1


def test_a_mixed_room_gets_regions_and_agencies_in_every_group():
    people = [Attendee(key=f"r{i}", organisation=f"Region {i}", kind="region") for i in range(8)]
    people += [
        Attendee(key=f"a{i}", organisation=f"Myndighet {i}", kind="agency") for i in range(4)
    ]
    groups = groups_assign(people, group_size=4)
    assert len(groups) == 3
    for group in groups:
        assert {a.kind for a in group} == {"region", "agency"}
