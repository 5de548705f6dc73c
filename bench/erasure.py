"""How long erasure takes when it searches every text and JSON column of every table.

A fresh temporary SQLite database gets one learning project with many registrations (four
participants each, every one mailed) and a board with many notes, some quoting participants
by name. Then it times, on that database:

  erase      one person by e-mail, as staff do it (median of several people);
  retention  the retention job anonymising the whole project once it has ended.

    .venv/bin/python bench/erasure.py            # 300 registrations, 20,000 notes
    .venv/bin/python bench/erasure.py --quick    # 30 and 2,000

The last line printed is one JSON object with the headline figures.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _populate(registrations: int, notes: int) -> list[str]:
    """The database for the run; returns the participants' addresses."""
    from larlabb.core.mail import mail_send
    from larlabb.registration.models import OrganisationRegistration, Participant
    from larlabb.registration.tests.factories import (
        NetworkFactory,
        OrganisationFactory,
        ProjectFactory,
        WorkshopFactory,
    )
    from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
    from larlabb.workshops.models import Note
    from larlabb.workshops.sessions.services import groups_assign, member_join_guest, session_create

    project = ProjectFactory.create(network=NetworkFactory.create())
    workshop = WorkshopFactory.create(project=project, number=1)
    addresses: list[str] = []
    for number in range(registrations):
        registration = OrganisationRegistration.objects.create(
            project=project,
            organisation=OrganisationFactory.create(network=project.network, name=f"Org {number}"),
            status=OrganisationRegistration.Status.CONFIRMED,
            contact_name=f"Kontakt Nummer{number}",
            contact_email=f"kontakt{number}@example.org",
            contact_phone=f"010-{number:06d}",
            contact_role="Strateg",
            manager_name=f"Chef Nummer{number}",
            manager_email=f"chef{number}@example.org",
            organisation_number="232100-0000",
            invoice_address="Box 1",
            invoice_reference=f"kst {number}",
            fee_sek=23_000,
        )
        people = Participant.objects.bulk_create(
            Participant(
                registration=registration,
                name=f"Deltagare Nummer{number}x{index}",
                email=f"deltagare{number}x{index}@example.org",
                role="Roll",
            )
            for index in range(4)
        )
        for person in people:
            addresses.append(person.email)
            mail_send(
                to=person.email,
                template="registration/mail/participant_invitation",
                context={"participant": person, "project": project, "workshops": []},
                language="sv",
                registration_id=registration.pk,
            )
    session = session_create(
        workshop=workshop,
        source=exercise_template_ensure(
            spec=ExerciseSpec(
                title="Bänk",
                instruction="",
                steps=(),
                questions=("Fråga",),
                summary="Sammanfattning",
                bonus="",
                phases=(("Diskutera", 30),),
                closing_note="",
                group_size=5,
            )
        ),
        created_by=None,
        allow_guests=True,
    )
    members = [member_join_guest(session=session, name=f"Gäst {index}") for index in range(20)]
    groups = groups_assign(session=session, group_size=5)
    frame = session.exercise.frames.first()
    assert frame is not None
    Note.objects.bulk_create(
        Note(
            group=groups[index % len(groups)],
            frame=frame,
            author=members[index % len(members)],
            # One note in ten quotes a participant by name, as people do.
            text=f"Som Deltagare Nummer{index % registrations}x0 sa"
            if index % 10 == 0
            else f"Lapp {index} om samverkan mellan regioner och myndigheter",
            client_id=f"bench-{index}",
        )
        for index in range(notes)
    )
    return addresses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller database")
    arguments = parser.parse_args()
    registrations, notes, people = (30, 2_000, 3) if arguments.quick else (300, 20_000, 10)

    directory = tempfile.mkdtemp(prefix="larlabb-bench-erasure-")
    os.environ["SQLITE_PATH"] = str(Path(directory) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Max

    from larlabb.programme.models import Workshop
    from larlabb.registration.gdpr import person_erase, personal_data_expire

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    addresses = _populate(registrations, notes)
    populate_s = time.perf_counter() - started

    erase_ms = []
    for address in addresses[:: len(addresses) // people][:people]:
        started = time.perf_counter()
        person_erase(email=address)
        erase_ms.append((time.perf_counter() - started) * 1000)

    last_end = Workshop.objects.aggregate(last=Max("ends_at"))["last"]
    started = time.perf_counter()
    erased = personal_data_expire(
        now=last_end + timedelta(days=settings.GDPR_ANONYMISE_AFTER_DAYS + 1)
    )
    retention_s = time.perf_counter() - started

    figures = {
        "registrations": registrations,
        "notes": notes,
        "populate_s": round(populate_s, 2),
        "erase_one_person_median_ms": round(statistics.median(erase_ms), 1),
        "erase_one_person_max_ms": round(max(erase_ms), 1),
        "retention_people": erased,
        "retention_s": round(retention_s, 2),
        "retention_per_registration_ms": round(retention_s * 1000 / registrations, 1),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
