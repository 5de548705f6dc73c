"""Fifty parallel submissions for one organisation against PostgreSQL make one registration."""

import json
import subprocess
import sys
import textwrap

import pytest

from harness.servers import ROOT

pytestmark = pytest.mark.scaleout

RACE = textwrap.dedent(
    """
    import json, threading, uuid
    from concurrent.futures import ThreadPoolExecutor
    import django
    django.setup()
    from django.core.exceptions import ValidationError
    from django.db import connection
    from larlabb.demo.registrations import DEMO_SLUG
    from larlabb.network.models import Organisation
    from larlabb.programme.models import LearningProject
    from larlabb.registration.models import OrganisationRegistration
    from larlabb.registration.services import (
        InvoiceData, ParticipantData, RegistrationData, registration_submit,
    )

    project = LearningProject.objects.get(slug=DEMO_SLUG)
    organisation = Organisation.objects.get(name="Region Gävleborg")
    data = RegistrationData(
        organisation=organisation, new_organisation_name="", new_organisation_kind="",
        contact_name="Kim Ek", contact_email="kim@gavleborg.example", contact_phone="026-15 40 00",
        contact_role="Strateg", manager_name="Chef", manager_email="chef@gavleborg.example",
        invoice=InvoiceData("232100-0222", "Gävle", "Kim Ek", ""),
        participants=(ParticipantData("Kim Ek", "kim@gavleborg.example", "Strateg"),),
    )
    start = threading.Barrier(50)

    def submit(_):
        start.wait()
        try:
            return registration_submit(
                project=project, data=data, submission_key=uuid.uuid4().hex, language="sv"
            ).pk
        except ValidationError as error:
            return error.error_dict["organisation"][0].code
        except Exception as error:
            return repr(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(submit, range(50)))
    print(json.dumps({
        "registered": sorted({o for o in outcomes if isinstance(o, int)}),
        "refused": outcomes.count("already_registered"),
        "rows": OrganisationRegistration.objects.filter(
            project=project, organisation=organisation
        ).count(),
        "other": [o for o in outcomes if isinstance(o, str) and o != "already_registered"],
    }))
    """
)


def test_fifty_parallel_submissions_for_one_organisation_make_one_registration(
    deployed,
):
    environment = deployed.environment() | {"LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [sys.executable, "-c", RACE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["other"] == []
    assert outcome["rows"] == 1
    assert len(outcome["registered"]) == 1
    assert outcome["refused"] == 49
