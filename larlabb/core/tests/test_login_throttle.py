"""Staff login: repeated failures are refused for a while, without locking out the real person."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

OFFICE = "192.0.2.10"
ATTACKER = "203.0.113.66"
REFUSED = "För många misslyckade inloggningar, försök igen om"


@pytest.fixture(autouse=True)
def staff_member(db):
    return get_user_model().objects.create_user("kansli", password="rätt-lösen", is_staff=True)


def _login(address: str, password: str, username: str = "kansli", url: str = ""):
    return Client().post(
        url or reverse("staff:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _logged_in(response) -> bool:
    return bool(response.status_code == 302)


def test_ten_wrong_passwords_and_the_right_one_from_that_address_is_refused_with_the_wait():
    for _ in range(10):
        assert not _logged_in(_login(ATTACKER, "fel"))

    response = _login(ATTACKER, "rätt-lösen")
    page = response.content.decode()
    assert not _logged_in(response)
    assert f"{REFUSED} 15 minuter." in page
    assert 'value="kansli"' in page


def test_the_same_person_from_their_own_address_still_logs_in_during_the_attack():
    for _ in range(10):
        _login(ATTACKER, "fel")

    assert _logged_in(_login(OFFICE, "rätt-lösen"))


def test_a_successful_login_clears_the_failures_from_that_address():
    for _ in range(4):
        _login(OFFICE, "fel")
    assert _logged_in(_login(OFFICE, "rätt-lösen"))
    for _ in range(4):
        _login(OFFICE, "fel")

    assert _logged_in(_login(OFFICE, "rätt-lösen"))


def test_the_refusal_ends_when_the_quarter_of_an_hour_is_over(monkeypatch):
    for _ in range(5):
        _login(ATTACKER, "fel")
    later = timezone.now() + timedelta(minutes=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert f"{REFUSED} 4 minuter." in _login(ATTACKER, "rätt-lösen").content.decode()


def test_guessing_many_names_from_one_address_is_refused_there_only():
    for number in range(30):
        _login(ATTACKER, "fel", username=f"gissning{number}")

    assert REFUSED in _login(ATTACKER, "rätt-lösen").content.decode()
    assert _logged_in(_login(OFFICE, "rätt-lösen"))


def test_guessing_from_many_addresses_spares_the_address_the_person_uses():
    assert _logged_in(_login(OFFICE, "rätt-lösen"))
    for number in range(100):
        _login(f"198.51.100.{number}", "fel")

    assert REFUSED in _login("198.51.100.200", "rätt-lösen").content.decode()
    assert _logged_in(_login(OFFICE, "rätt-lösen"))


def test_the_admin_login_is_throttled_the_same_way():
    admin_login = reverse("admin:login")
    for _ in range(10):
        _login(ATTACKER, "fel", url=admin_login)

    response = _login(ATTACKER, "rätt-lösen", url=admin_login)
    assert not _logged_in(response)
    assert REFUSED in response.content.decode()
