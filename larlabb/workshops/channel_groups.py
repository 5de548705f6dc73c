"""The Channels group names, built in one place. Names are ASCII and short, as layers require."""


def board_channel(group_id: int) -> str:
    """Everyone on one breakout group's board."""
    return f"workshops.board.{group_id}"


def session_channel(session_id: int) -> str:
    """Every board and facilitator of a session: phase, timer, messages, group changes."""
    return f"workshops.session.{session_id}"


def facilitator_channel(session_id: int) -> str:
    """The facilitators' overview, which hears every group's board events."""
    return f"workshops.facilitator.{session_id}"
