import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from larlabb.core.admin import StaffUserChangeForm

pytestmark = pytest.mark.django_db


def _form(user: User, **names: str) -> StaffUserChangeForm:
    data = {
        "username": user.username,
        "first_name": "Åsa",
        "last_name": "Öberg-Lindqvist",
        "email": "",
        "date_joined": "2026-01-01 09:00",
        "is_active": "on",
        "is_staff": "on",
    }
    return StaffUserChangeForm(data | names, instance=user)


def test_the_admin_edits_staff_accounts_with_the_name_rule():
    assert isinstance(admin.site._registry[User].form(), StaffUserChangeForm)


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("typed", ["Åsa\u202e", "\u200b", "Å\u2067sa"])
def test_a_staff_members_name_refuses_hidden_characters(field, typed):
    user = User.objects.create_user(username="kansliet", is_staff=True)
    form = _form(user, **{field: typed})
    assert not form.is_valid()
    assert field in form.errors


def test_a_staff_member_with_an_ordinary_name_is_saved():
    user = User.objects.create_user(username="kansliet", is_staff=True)
    form = _form(user, first_name="Zoë", last_name="D'Artagnan")
    assert form.is_valid(), form.errors
