"""Building form posts and reading mail, as a person would fill in and follow them."""

import re
from typing import cast
from urllib.parse import urlsplit

from django.core import mail
from django.core.mail import EmailMultiAlternatives

from larlabb.network.models import Organisation
from larlabb.registration.services import (
    InvoiceData,
    ParticipantData,
    RegistrationData,
)

PARTICIPANTS = (
    ("Karin Holm", "karin.holm@ostergotland.example", "Strateg"),
    ("Ahmed Nasser", "ahmed.nasser@ostergotland.example", "Samhällsplanerare"),
)


def participant_rows(rows, *, total: int = 4, initial: int = 0) -> dict[str, str]:
    data = {
        "participants-TOTAL_FORMS": str(total),
        "participants-INITIAL_FORMS": str(initial),
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": str(total),
    }
    for index in range(total):
        name, email, role = rows[index] if index < len(rows) else ("", "", "")
        data |= {
            f"participants-{index}-name": name,
            f"participants-{index}-email": email,
            f"participants-{index}-role": role,
        }
    return data


def registration_post(
    organisation: Organisation | None, *, participants=PARTICIPANTS, **changes: str
) -> dict[str, str]:
    data = {
        "organisation": str(organisation.pk) if organisation else "",
        "new_organisation_name": "",
        "new_organisation_kind": "",
        "contact_name": "Karin Holm",
        "contact_email": "karin.holm@ostergotland.example",
        "contact_phone": "010-103 00 00",
        "contact_role": "Strateg",
        "organisation_number": "232100-0040",
        "invoice_address": "Region Östergötland\n581 91 Linköping",
        "invoice_reference": "Karin Holm, kst 4410",
        "einvoice_id": "",
        "manager_name": "Per Lindqvist",
        "manager_email": "per.lindqvist@ostergotland.example",
        "submission_key": "0123456789abcdef0123456789abcdef",
        **participant_rows(participants),
    }
    data.update(changes)
    return data


def mail_to(address: str, subject_start: str = "") -> EmailMultiAlternatives:
    found = [
        cast(EmailMultiAlternatives, message)
        for message in mail.outbox
        if message.to == [address] and message.subject.startswith(subject_start)
    ]
    assert len(found) == 1, [m.subject for m in mail.outbox]
    return found[0]


def link_in(text: object, path_start: str) -> str:
    """The path of the first link in `text` whose path starts with `path_start`."""
    for url in re.findall(r"https?://\S+", str(text)):
        path = str(urlsplit(url).path)
        if path.startswith(path_start):
            return path
    raise AssertionError(f"No link to {path_start} in:\n{text}")


def registration_data(organisation, *, participants=1) -> RegistrationData:
    return RegistrationData(
        organisation=organisation,
        new_organisation_name="",
        new_organisation_kind="",
        contact_name="Karin Holm",
        contact_email="karin@example.org",
        contact_phone="010-103 00 00",
        contact_role="Strateg",
        manager_name="Per Lindqvist",
        manager_email="per@example.org",
        invoice=InvoiceData("232100-0040", "Linköping", "kst 1", ""),
        participants=tuple(
            ParticipantData(f"Person {n}", f"person{n}@example.org", "Roll")
            for n in range(participants)
        ),
    )
