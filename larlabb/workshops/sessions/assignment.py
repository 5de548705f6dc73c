"""Breakout groups that mix regions and agencies: a pure function of who is present.

Dealing people round-robin into g groups from a list sorted by (kind, organisation) gives
every property at once: sizes differ by at most one; each kind is spread evenly, because any
run of g consecutive people reaches every group once; and the people of one organisation
land in different groups whenever the organisation has no more people than there are groups.
"""

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Attendee[K: Hashable]:
    key: K
    organisation: str = ""
    kind: str = ""


def group_count(*, people: int, group_size: int) -> int:
    """How many groups of about `group_size` the people make (half rounds up)."""
    if people <= 0:
        return 0
    return max(1, (people + group_size // 2) // group_size)


def _organisation_key(attendee: Attendee[Hashable]) -> str:
    # Someone without an organisation shares it with nobody.
    return attendee.organisation.strip().casefold() or f"\0{attendee.key!r}"


def groups_assign[K: Hashable](
    attendees: Sequence[Attendee[K]], *, group_size: int
) -> list[list[Attendee[K]]]:
    """Everyone present into groups of about `group_size`, each placed exactly once."""
    if group_size < 1:
        raise ValueError("group_size must be at least 1")
    count = group_count(people=len(attendees), group_size=group_size)
    if count == 0:
        return []
    # One kind per organisation (its most common), so an organisation whose people gave
    # different kinds still stays together in the order.
    kinds: dict[str, Counter[str]] = {}
    for attendee in attendees:
        kinds.setdefault(_organisation_key(attendee), Counter())[attendee.kind] += 1
    kind_of = {
        organisation: max(counts.items(), key=lambda item: (item[1], item[0]))[0]
        for organisation, counts in kinds.items()
    }
    ordered = sorted(
        attendees,
        key=lambda a: (kind_of[_organisation_key(a)], _organisation_key(a), str(a.key)),
    )
    groups: list[list[Attendee[K]]] = [[] for _ in range(count)]
    for index, attendee in enumerate(ordered):
        groups[index % count].append(attendee)
    return groups


def latecomer_group[K: Hashable](
    attendee: Attendee[K], groups: Sequence[Sequence[Attendee[K]]]
) -> int | None:
    """The index of the group a latecomer joins: one of the smallest, preferring a group
    with nobody from the same organisation, then one with fewest of the same kind."""
    if not groups:
        return None
    smallest = min(len(group) for group in groups)
    organisation = _organisation_key(attendee)

    def fit(index: int) -> tuple[int, int, int]:
        group = groups[index]
        same_organisation = sum(_organisation_key(a) == organisation for a in group)
        same_kind = sum(a.kind == attendee.kind for a in group)
        return (same_organisation, same_kind, index)

    candidates = [index for index, group in enumerate(groups) if len(group) == smallest]
    return min(candidates, key=fit)
