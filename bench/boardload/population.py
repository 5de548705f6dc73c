"""Migrates a fresh database and creates sessions full of people for bench/board_load.py.

Run with the deployment's environment, one PARTICIPANTS:GROUPS per load point:

    python -m bench.boardload.population 300:50 1000:125

Prints one JSON list, a session per load point: its first frame, each participant's group
and session cookie, and a logged-in staff member's cookie for the facilitator's socket.

This stands in for the join page, which would take a thousand form posts (and its rate limit
per address would refuse most of them from one machine). What a browser holds after joining
is reproduced exactly: a row in django_session whose data remembers the member's secret, as
member_secret_remember writes it, and for the facilitator the keys django.contrib.auth.login
writes. The sockets then authenticate as they would for any browser.
"""

import json
import secrets
import sys

import django

django.setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from larlabb.demo.sessions import seed_exercise_spec  # noqa: E402
from larlabb.programme.models import Workshop  # noqa: E402
from larlabb.registration.tests.factories import WorkshopFactory  # noqa: E402
from larlabb.workshops.access import member_secret_remember  # noqa: E402
from larlabb.workshops.exercises.services import exercise_template_ensure  # noqa: E402
from larlabb.workshops.models import BreakoutGroup, Member  # noqa: E402
from larlabb.workshops.sessions.services import session_create  # noqa: E402

STAFF_USERNAME = "belastning"
KINDS = ("region", "agency")


def _cookie(data: dict[str, object]) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    assert store.session_key is not None
    return store.session_key


def _member_cookie(session_id: int, secret: str) -> str:
    store = SessionStore()
    member_secret_remember(store, session_id, secret)
    store.create()
    assert store.session_key is not None
    return store.session_key


@transaction.atomic
def populate(workshop: Workshop, participants: int, groups: int) -> dict[str, object]:
    template = exercise_template_ensure(spec=seed_exercise_spec())
    session = session_create(workshop=workshop, source=template, created_by=None, allow_guests=True)
    made = BreakoutGroup.objects.bulk_create(
        BreakoutGroup(session=session, number=number) for number in range(1, groups + 1)
    )
    members = Member.objects.bulk_create(
        Member(
            session=session,
            group=made[index % groups],
            display_name=f"Deltagare {index + 1}",
            organisation_name=f"Organisation {index % 40 + 1}",
            organisation_kind=KINDS[index % 2],
            is_guest=True,
            secret=secrets.token_urlsafe(32),
        )
        for index in range(participants)
    )
    user, created = get_user_model().objects.get_or_create(
        username=STAFF_USERNAME, defaults={"is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    facilitator = _cookie(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    first_frame = session.exercise.frames.values_list("pk", flat=True).first()
    return {
        "session": session.pk,
        "frame": first_frame,
        "facilitator": facilitator,
        "participants": [
            {"group": member.group_id, "cookie": _member_cookie(session.pk, member.secret)}
            for member in members
        ],
    }


if __name__ == "__main__":
    call_command("migrate", interactive=False, verbosity=0)
    # A workshop of its own: the demo's two seed projects take far longer to load.
    workshop = WorkshopFactory.create()
    points = [argument.split(":") for argument in sys.argv[1:]]
    print(json.dumps([populate(workshop, int(p), int(g)) for p, g in points]))
