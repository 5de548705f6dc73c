"""Documentation search on PostgreSQL: the Swedish text-search configuration finds inflected
forms and compounds that begin with the query word, and keeps private documentation private."""

import textwrap

import pytest

from harness.servers import ScaleOutServers, run_script

pytestmark = pytest.mark.scaleout

SEARCH = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.db import connection
    from larlabb.demo.loader import demo_load
    from larlabb.demo import seed_invitation
    from larlabb.documentation.search import search_documentation
    from larlabb.documentation.services import documentation_update
    from larlabb.programme.models import LearningProject

    demo_load()
    project = LearningProject.objects.get(slug=seed_invitation.SLUG)
    # Workshop 3 is not public: its texts must only be found by staff.
    documentation_update(
        workshop=project.workshops.get(number=3), is_public=False, show_authors=False,
        agenda_as_run="Intern genomgång av förhandlingsprotokollen", conclusions="",
        hidden_sessions=[],
    )

    def found(query, public=True):
        return [
            {"kind": hit.kind, "snippet": str(hit.snippet), "url": hit.url}
            for hit in search_documentation(project=project, query=query, public=public)
        ]

    print(json.dumps({
        "vendor": connection.vendor,
        "samverkan": found("samverkan"),
        "regionens": found("regionens"),
        "staff": found("förhandlingsprotokollen", public=False),
        "public_private": found("förhandlingsprotokollen"),
        "nothing": found("xyzzyplugh"),
    }))
    """
)


def test_samverkan_finds_samverkansparter_with_the_swedish_configuration(
    deployed: ScaleOutServers,
) -> None:
    outcome = run_script(deployed.environment(), SEARCH)
    assert outcome["vendor"] == "postgresql"
    snippets = [hit["snippet"] for hit in outcome["samverkan"]]
    assert any("<mark>samverkansparter</mark>" in snippet for snippet in snippets), snippets
    conclusions = next(hit for hit in outcome["samverkan"] if "samverkansparter" in hit["snippet"])
    assert conclusions["kind"] == "conclusions"
    assert conclusions["url"].endswith("/dokumentation/workshop/1/#slutsatser")
    # A compound with the word inside it is not found: workshop 2's "flernivåsamverkan".
    # (Workshop 2 may still be found for other texts, such as its approved synthesis.)
    assert not any("<mark>flernivåsamverkan" in hit["snippet"] for hit in outcome["samverkan"])
    # "regionens" is stemmed to "region", so the demo's "regioner" and "regionerna" are found.
    assert any("<mark>region" in hit["snippet"] for hit in outcome["regionens"])
    assert any("<mark>förhandlingsprotokollen</mark>" in hit["snippet"] for hit in outcome["staff"])
    assert outcome["public_private"] == []
    assert outcome["nothing"] == []
