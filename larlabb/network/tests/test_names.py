import pytest
from django.core.exceptions import ValidationError

from larlabb.network.forms import NetworkTextsForm, OrganisationForm
from larlabb.network.services import organisation_save
from larlabb.registration.tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

REFUSED = {
    "Region\u202eSkåne": "skrivriktningen",
    "\u200b\ufeff": "osynliga tecken",
    "Region\u0000Skåne": "",
    "Region\u2066Skåne\u2069": "skrivriktningen",
    "Region\u00adSkåne": "styrtecken",
}


@pytest.mark.parametrize("field", ["name", "short_name"])
@pytest.mark.parametrize(("typed", "message"), REFUSED.items())
def test_an_organisations_names_refuse_hidden_characters(field, typed, message):
    data = {"name": "Region Skåne", "short_name": "RS", "kind": "region", "relationship": "member"}
    form = OrganisationForm(data | {field: typed}, network=NetworkFactory.create())
    assert not form.is_valid()
    assert message in str(form.errors[field])


def test_an_organisation_with_an_ordinary_swedish_name_is_accepted():
    data = {"name": "Region Jönköpings län", "short_name": "RJL", "kind": "region"}
    form = OrganisationForm(data | {"relationship": "member"}, network=NetworkFactory.create())
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(("typed", "message"), REFUSED.items())
def test_the_networks_name_refuses_hidden_characters(typed, message):
    network = NetworkFactory.create()
    form = NetworkTextsForm({"name": typed}, instance=network)
    assert not form.is_valid()
    assert message in str(form.errors["name"])
    assert NetworkTextsForm({"name": "Reglab – Öresund"}, instance=network).is_valid()


def test_an_organisation_named_again_in_other_case_is_refused_also_with_swedish_letters():
    network = NetworkFactory.create()
    existing = OrganisationFactory.create(network=network, name="Region Östergötland")
    data = {"kind": "region", "relationship": "member", "short_name": ""}
    with pytest.raises(ValidationError) as again:
        organisation_save(
            network=network, organisation=None, fields=data | {"name": "REGION ÖSTERGÖTLAND"}
        )
    assert again.value.message_dict == {"name": ["Organisationen finns redan i nätverket."]}
    renamed = organisation_save(
        network=network, organisation=existing, fields=data | {"name": "region östergötland"}
    )
    assert renamed.pk == existing.pk
