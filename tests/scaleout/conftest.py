"""The scale-out tests' servers and the deployment they share, both once per test run."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.servers import ScaleOutServers, run_manage, scaleout_servers_running

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # `make test` runs this folder as a tier of its own (-m scaleout).
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.scaleout)


@pytest.fixture(scope="session")
def scaleout_servers() -> Iterator[ScaleOutServers]:
    """A real PostgreSQL and a real Redis on free loopback ports, stopped after the session.

    Never skipped: when the server binaries are missing the tests that use it fail and say so.
    """
    with scaleout_servers_running() as servers:
        yield servers


@pytest.fixture(scope="session")
def deployed(scaleout_servers: ScaleOutServers) -> ScaleOutServers:
    """The servers with the schema migrated, the static files collected and the demo loaded,
    as a release would leave them; every module builds on this one deployment."""
    # collectstatic: with DEBUG off the pages name their static files through the manifest.
    for command in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
        result = run_manage(scaleout_servers.environment(), *command)
        assert result.returncode == 0, result.stdout + result.stderr
    return scaleout_servers
