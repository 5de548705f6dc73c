"""Who may do what. "Is this person staff?" has one answer, `is_staff`: every staff view goes
through `staff_required`, and sockets, reads and templates ask `is_staff` itself."""

from collections.abc import Callable
from typing import Any, TypeGuard

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_staff(user: AbstractBaseUser | AnonymousUser | None) -> TypeGuard[AbstractBaseUser]:
    """Staff ("Kansliet"): logged in, active and marked as staff. A deactivated account is no
    longer staff, whichever authentication backend let it in."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_staff", False)
    )


def staff_required[ViewT: Callable[..., Any]](view: ViewT) -> ViewT:
    """Staff ("Kansliet") only; anyone else is sent to the staff login page."""
    return user_passes_test(is_staff, login_url="staff:login")(view)
