"""Staff accounts are kept in Django's admin; their names are shown on boards and in logs,
so they follow the same rule as every other name on the platform."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User

from larlabb.core.validators import name_validate


class StaffUserChangeForm(UserChangeForm[User]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(name_validate)


class StaffUserAdmin(UserAdmin[User]):
    # The form for a new account asks only for username and password; names come here.
    form = StaffUserChangeForm


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
