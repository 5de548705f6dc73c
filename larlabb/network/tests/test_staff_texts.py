import pytest
from django.test import Client
from django.urls import reverse

from larlabb.network.models import Network

pytestmark = pytest.mark.django_db


def _current(staff_client) -> dict[str, str]:
    form = staff_client.get(reverse("staff:network_texts")).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_an_edited_accessibility_statement_and_privacy_notice_show_on_the_public_pages(
    staff_client,
):
    data = _current(staff_client) | {
        "accessibility_statement": "Vi har rättat **kontrasten** i sidfoten.",
        "privacy_notice": "Vi sparar *bara* det som behövs.",
    }
    response = staff_client.post(reverse("staff:network_texts"), data)
    assert response.status_code == 302
    visitor = Client()
    accessibility = visitor.get(reverse("network:accessibility")).content.decode()
    assert "Vi har rättat <strong>kontrasten</strong> i sidfoten." in accessibility
    privacy = visitor.get(reverse("network:privacy")).content.decode()
    assert "Vi sparar <em>bara</em> det som behövs." in privacy


def test_the_network_name_tagline_and_address_show_on_every_page(staff_client):
    data = _current(staff_client) | {
        "name": "Reglab Väst",
        "tagline": "Lärande mellan regioner",
        "contact_email": "hej@reglab.example",
    }
    staff_client.post(reverse("staff:network_texts"), data)
    html = Client().get(reverse("network:privacy")).content.decode()
    assert "Reglab Väst" in html
    assert "Lärande mellan regioner" in html
    assert 'href="mailto:hej@reglab.example"' in html


def test_the_preview_button_shows_the_typed_text_without_saving_it(staff_client):
    before = Network.objects.get().accessibility_statement
    data = _current(staff_client) | {"accessibility_statement": "Ett **utkast**.", "preview": "1"}
    response = staff_client.post(reverse("staff:network_texts"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsvisning: texterna är inte sparade än." in html
    assert "Ett <strong>utkast</strong>." in html
    assert ">\nEtt **utkast**.</textarea>" in html
    assert Network.objects.get().accessibility_statement == before


def test_htmx_previews_one_field_as_sanitised_html(staff_client):
    response = staff_client.post(
        reverse("staff:network_texts"),
        {
            "preview_field": "privacy_notice",
            "privacy_notice": "- en punkt\n\n<script>alert(1)</script>",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<li>en punkt</li>" in html
    assert "<script" not in html
    assert "<form" not in html


def test_the_markdown_fields_preview_live_and_explain_markdown(staff_client):
    html = staff_client.get(reverse("staff:network_texts")).content.decode()
    assert 'hx-target="#preview-accessibility_statement-body"' in html
    assert 'id="preview-accessibility_statement-body"' in html
    assert "Markdown: **fet**, *kursiv*, - punktlista" in html


def test_an_invalid_email_is_refused_and_the_texts_stay_as_typed(staff_client):
    data = _current(staff_client) | {
        "contact_email": "inte en adress",
        "privacy_notice": "En ny text som inte får försvinna.",
    }
    response = staff_client.post(reverse("staff:network_texts"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_contact_email_error"' in html
    assert "En ny text som inte får försvinna." in html
    assert Network.objects.get().privacy_notice != "En ny text som inte får försvinna."
