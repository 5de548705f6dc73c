"""Erasure on PostgreSQL: JSON kept as jsonb, text searched without case, and afterwards no
table holds the erased person's name or address."""

import textwrap

import pytest

from harness.servers import ScaleOutServers, run_script

pytestmark = pytest.mark.scaleout

ERASE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.db import connection, transaction
    from larlabb.demo.loader import demo_load
    from larlabb.registration.gdpr import INVOICING_FIELDS, person_erase
    from larlabb.registration.models import OrganisationRegistration
    from tests.personal_data import personal_data_found

    outcome = {"vendor": connection.vendor}
    # Rolled back at the end: the other scale-out tests share the database and its demo data.
    with transaction.atomic():
        demo_load()
        registration = OrganisationRegistration.objects.filter(status="confirmed").first()
        participant = registration.participants.exclude(email=registration.contact_email).first()
        r = registration
        contact = (r.contact_name, r.contact_email, r.contact_phone)
        person = (participant.name, participant.email)
        outcome["before"] = len(personal_data_found(*person))
        person_erase(email=participant.email)
        outcome["participant_left"] = personal_data_found(*person)
        person_erase(email=registration.contact_email)
        # The contact's name may stand in the invoice reference, which bookkeeping law keeps.
        table = OrganisationRegistration._meta.db_table
        kept = {f"{table}.{field}" for field in INVOICING_FIELDS}
        outcome["contact_left"] = personal_data_found(*contact, kept=kept)
        outcome["contact_in_invoice"] = bool(personal_data_found(contact[0]))
        transaction.set_rollback(True)
    print(json.dumps(outcome, ensure_ascii=False))
    """
)


def test_erasing_a_participant_and_a_contact_leaves_nothing_of_them_on_postgresql(
    deployed: ScaleOutServers,
) -> None:
    outcome = run_script(deployed.environment(), ERASE)
    assert outcome["vendor"] == "postgresql"
    assert outcome["before"] > 0, "the demo put the participant in the database"
    assert outcome["participant_left"] == []
    assert outcome["contact_left"] == []
    assert outcome["contact_in_invoice"], "the invoice reference is kept as it was"
