"""A service's business errors shown on the form the person typed into."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def form_service_errors_show(
    error: ValidationError, *, form: forms.BaseForm, fields: Mapping[str, str] | None = None
) -> None:
    """Put each of the service's errors beside the field it names, the rest at the top.

    Services name fields as the model does; `fields` translates the names a form calls
    otherwise (a workshop's `ends_at` is the form's `end_time`). The form keeps its data, so
    nothing typed is lost.
    """
    keyed = error.error_dict if hasattr(error, "error_dict") else {"": error.error_list}
    for key, errors in keyed.items():
        name = (fields or {}).get(key, key)
        form.add_error(name if name in form.fields else None, errors)
