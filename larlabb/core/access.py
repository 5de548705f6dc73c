"""Who may do what. Every staff view goes through `staff_required`."""

from collections.abc import Callable
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def staff_required[ViewT: Callable[..., Any]](view: ViewT) -> ViewT:
    """Staff ("Kansliet") only; anyone else is sent to the staff login page."""
    return staff_member_required(view, login_url="staff:login")
