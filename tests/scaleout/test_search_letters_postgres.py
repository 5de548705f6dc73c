"""The staff searches' folding lookups on PostgreSQL: Å, Ä and Ö match in any case there as
they do on SQLite, and a % typed in a search is only a character."""

import json
import subprocess
import sys
import textwrap

import pytest

from tests.scaleout.servers import ROOT, ScaleOutServers, run_manage

pytestmark = pytest.mark.scaleout

SEARCH = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.db import connection, transaction
    from larlabb.network.models import Network, Organisation

    outcome = {"vendor": connection.vendor}
    # Rolled back at the end: the other scale-out tests share the database.
    with transaction.atomic():
        network = Network.objects.create(name="Sökprov", slug="sokprov")
        Organisation.objects.create(network=network, name="Region Östergötland")
        Organisation.objects.create(network=network, name="100% Åre")
        found = Organisation.objects.filter(network=network)
        def names(**lookup):
            return sorted(found.filter(**lookup).values_list("name", flat=True))
        outcome["contains"] = names(name__ifold_contains="ÖSTERGÖTLAND")
        outcome["exact"] = names(name__ifold_exact="region östergötland")
        outcome["percent"] = names(name__ifold_contains="0% å")
        outcome["percent_alone"] = names(name__ifold_contains="%")
        transaction.set_rollback(True)
    print(json.dumps(outcome, ensure_ascii=False))
    """
)


@pytest.fixture(scope="module")
def migrated(scaleout_servers: ScaleOutServers) -> ScaleOutServers:
    result = run_manage(scaleout_servers, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    return scaleout_servers


def test_the_folding_lookups_match_aa_ae_oe_in_any_case_on_postgresql(
    migrated: ScaleOutServers,
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SEARCH],
        cwd=ROOT,
        env=migrated.environment() | {"LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "vendor": "postgresql",
        "contains": ["Region Östergötland"],
        "exact": ["Region Östergötland"],
        "percent": ["100% Åre"],
        "percent_alone": ["100% Åre"],
    }
