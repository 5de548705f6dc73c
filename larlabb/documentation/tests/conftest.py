import pytest

from larlabb.documentation.tests.boards import Documented, documented_project


@pytest.fixture
def documented(db: None) -> Documented:
    """The documented project of boards.py, for every test of this folder that needs it."""
    return documented_project()
