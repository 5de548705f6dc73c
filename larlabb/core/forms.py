from django import forms
from django.utils.translation import gettext_lazy as _


class OutboxSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök på mottagare eller ämne"), required=False, max_length=200)
