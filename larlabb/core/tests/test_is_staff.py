"""A deactivated staff account is not staff anywhere: not on Kansliet's pages, not in a
preview of a draft project, not in the site's menu. The authentication backend in these tests
lets inactive accounts in, so only the one staff check can turn them away."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse

from larlabb.core.access import is_staff
from larlabb.programme.models import LearningProject
from larlabb.registration.tests.factories import ProjectFactory

ALLOW_INACTIVE = "django.contrib.auth.backends.AllowAllUsersModelBackend"


@pytest.fixture(autouse=True)
def _inactive_accounts_may_log_in(settings):
    settings.AUTHENTICATION_BACKENDS = [ALLOW_INACTIVE]


def _account(username: str, *, staff: bool = True, active: bool = True) -> User:
    return get_user_model().objects.create_user(
        username=username, password="x", is_staff=staff, is_active=active
    )


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend=ALLOW_INACTIVE)
    return client


@pytest.mark.django_db
def test_only_a_logged_in_active_staff_account_is_staff():
    assert is_staff(_account("kansliet"))
    assert not is_staff(_account("avslutad", active=False))
    assert not is_staff(_account("deltagare", staff=False))
    assert not is_staff(AnonymousUser())
    assert not is_staff(None)


@pytest.mark.django_db
def test_an_inactive_staff_account_is_sent_to_the_staff_login():
    url = reverse("staff:session_list")
    assert _logged_in(_account("kansliet")).get(url).status_code == 200
    response = _logged_in(_account("avslutad", active=False)).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


@pytest.mark.django_db
def test_an_inactive_staff_account_may_not_preview_a_draft():
    draft = ProjectFactory.create(status=LearningProject.Status.DRAFT)
    url = reverse("programme:invitation", args=[draft.slug])
    assert _logged_in(_account("kansliet")).get(url).status_code == 200
    assert _logged_in(_account("avslutad", active=False)).get(url).status_code == 404


@pytest.mark.django_db
def test_the_menu_links_to_kansliet_for_active_staff_only():
    ProjectFactory.create()
    link = f'href="{reverse("staff:dashboard")}"'
    assert link in _logged_in(_account("kansliet")).get("/").content.decode()
    assert link not in _logged_in(_account("avslutad", active=False)).get("/").content.decode()
