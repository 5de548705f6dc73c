"""The staff searches' folding lookups on PostgreSQL: Å, Ä and Ö match in any case there as
they do on SQLite, and a % typed in a search is only a character."""

import textwrap

import pytest

from harness.servers import ScaleOutServers, run_script

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


def test_the_folding_lookups_match_aa_ae_oe_in_any_case_on_postgresql(
    deployed: ScaleOutServers,
) -> None:
    outcome = run_script(deployed.environment(), SEARCH)
    assert outcome == {
        "vendor": "postgresql",
        "contains": ["Region Östergötland"],
        "exact": ["Region Östergötland"],
        "percent": ["100% Åre"],
        "percent_alone": ["100% Åre"],
    }
