"""The network's rules hold in its services, whoever calls them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.network.models import Organisation
from larlabb.network.selectors import network_current
from larlabb.network.services import ORGANISATION_NAME_TAKEN, organisation_save

pytestmark = pytest.mark.django_db


def _fields(name: str) -> dict[str, str]:
    return {"name": name, "kind": "region", "relationship": "member"}


def test_the_service_refuses_a_new_organisation_with_a_name_already_in_the_network(demo):
    with pytest.raises(ValidationError) as error:
        organisation_save(
            network=network_current(), organisation=None, fields=_fields("REGION SKÅNE")
        )
    assert error.value.message_dict == {"name": [str(ORGANISATION_NAME_TAKEN)]}
    assert Organisation.objects.filter(name__iexact="region skåne").count() == 1


def test_the_service_refuses_renaming_an_organisation_to_anothers_name(demo):
    other = Organisation.objects.exclude(name="Region Skåne").first()
    assert other is not None
    with pytest.raises(ValidationError) as error:
        organisation_save(
            network=network_current(), organisation=other, fields=_fields("Region Skåne")
        )
    assert error.value.message_dict == {"name": [str(ORGANISATION_NAME_TAKEN)]}
    other.refresh_from_db()
    assert other.name != "Region Skåne"


def test_an_organisation_keeps_its_own_name_when_saved_again(demo):
    skane = Organisation.objects.get(name="Region Skåne")
    saved = organisation_save(
        network=network_current(), organisation=skane, fields=_fields("Region Skåne")
    )
    assert saved.pk == skane.pk


def test_a_taken_name_is_shown_beside_the_field_with_the_other_fields_errors_too(staff_client):
    response = staff_client.post(
        reverse("staff:organisation_create"),
        {
            "name": "Region Skåne",
            "short_name": "RS",
            "kind": "region",
            "relationship": "member",
            "website": "inte en adress",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_name_error"><li>Organisationen finns redan i nätverket.'
        in html
    )
    assert 'id="id_website_error"' in html
    for typed in ('value="Region Skåne"', 'value="RS"', 'value="inte en adress"'):
        assert typed in html
    assert Organisation.objects.filter(name="Region Skåne").count() == 1
