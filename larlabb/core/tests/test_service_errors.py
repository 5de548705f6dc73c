from django import forms
from django.core.exceptions import ValidationError

from larlabb.core.service_errors import form_service_errors_show


class _WorkshopTimes(forms.Form):
    title = forms.CharField()
    end_time = forms.CharField()


def _shown(error: ValidationError, **fields: str) -> _WorkshopTimes:
    form = _WorkshopTimes({"title": "Workshop 1", "end_time": "08:00"})
    assert form.is_valid()
    form_service_errors_show(error, form=form, fields=fields or None)
    return form


def test_an_error_naming_a_field_stands_beside_it_and_the_typed_value_stays():
    form = _shown(ValidationError({"title": "Rubriken finns redan."}))
    assert form.errors == {"title": ["Rubriken finns redan."]}
    assert form["title"].value() == "Workshop 1"


def test_a_field_the_form_calls_otherwise_is_translated():
    form = _shown(
        ValidationError({"ends_at": "Slutet måste komma efter starten."}), ends_at="end_time"
    )
    assert form.errors == {"end_time": ["Slutet måste komma efter starten."]}


def test_errors_naming_no_field_of_the_form_go_to_the_top():
    form = _shown(ValidationError({"starts_at": "Fel start."}))
    assert form.non_field_errors() == ["Fel start."]
    form = _shown(ValidationError(["Projektet är avslutat."]))
    assert form.non_field_errors() == ["Projektet är avslutat."]
