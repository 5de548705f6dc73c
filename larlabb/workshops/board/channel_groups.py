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


def login_channel(session_key: str) -> str:
    """Every socket opened with one browser session (session keys are short lowercase
    letters and digits), so that logging out closes them."""
    return f"workshops.login.{session_key}"


def member_channel(member_id: int) -> str:
    """Every socket of one member, so that erasing the person closes them."""
    return f"workshops.member.{member_id}"
