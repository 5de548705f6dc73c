from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from larlabb.core.login_throttle import (
    login_failure_record,
    login_refused_minutes,
    login_success_record,
)


class OutboxSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök på mottagare eller ämne"), required=False, max_length=200)


class StaffLoginForm(AuthenticationForm):
    """Django's login form, refusing for a while after repeated failures (login_throttle)."""

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        minutes = login_refused_minutes(username=username, address=address)
        if minutes:
            raise forms.ValidationError(
                ngettext(
                    "För många misslyckade inloggningar, försök igen om %(minutes)d minut.",
                    "För många misslyckade inloggningar, försök igen om %(minutes)d minuter.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, address=address)
            raise
        login_success_record(username=username, address=address)
        return cleaned


class StaffAdminLoginForm(StaffLoginForm, AdminAuthenticationForm):
    """The same throttling on Django's admin login."""
