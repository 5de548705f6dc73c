import pytest
from django.urls import reverse

from larlabb.network.models import Organisation

pytestmark = pytest.mark.django_db


def test_organisations_can_be_searched_and_filtered_by_kind_and_relationship(staff_client):
    url = reverse("staff:organisation_list")
    html = staff_client.get(url, {"kind": "agency"}).content.decode()
    assert "Tillväxtverket" in html
    assert "Region Skåne" not in html
    html = staff_client.get(url, {"q": "skåne"}).content.decode()
    assert "Region Skåne" in html
    assert "Tillväxtverket" not in html
    partners = set(
        Organisation.objects.filter(relationship="partner").values_list("name", flat=True)
    )
    members = set(Organisation.objects.filter(relationship="member").values_list("name", flat=True))
    assert partners and members
    html = staff_client.get(url, {"relationship": "partner"}).content.decode()
    assert all(name in html for name in partners)
    assert not any(f">{name}</a>" in html for name in members)


def test_a_new_organisation_is_created_and_listed(staff_client):
    response = staff_client.post(
        reverse("staff:organisation_create"),
        {"name": "Kommunförbundet Norrland", "kind": "other", "relationship": "member"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Kommunförbundet Norrland")
    assert organisation.network.slug == "reglab"
    html = staff_client.get(reverse("staff:organisation_list")).content.decode()
    assert reverse("staff:organisation_edit", args=[organisation.pk]) in html


def test_an_organisation_is_edited(staff_client):
    organisation = Organisation.objects.get(name="Region Skåne")
    url = reverse("staff:organisation_edit", args=[organisation.pk])
    response = staff_client.post(
        url,
        {"name": "Region Skåne", "short_name": "RS", "kind": "region", "relationship": "partner"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.short_name, organisation.relationship) == ("RS", "partner")


def test_a_duplicate_name_is_refused_beside_the_field_and_the_heading_keeps_the_stored_name(
    staff_client,
):
    skane = Organisation.objects.get(name="Region Skåne")
    other = Organisation.objects.exclude(pk=skane.pk).first()
    assert other is not None
    response = staff_client.post(
        reverse("staff:organisation_edit", args=[other.pk]),
        {"name": "region skåne", "kind": other.kind, "relationship": other.relationship},
    )
    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_name_error"><li>Organisationen finns redan i nätverket.'
        in html
    )
    assert f"<h1>{other.name}</h1>" in html
    assert 'value="region skåne"' in html
