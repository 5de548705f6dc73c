import pytest

from larlabb.programme.forms import CollaboratorForm, ContactForm, LeaderForm

GOOD = {"name": "Åsa Öberg-Lindqvist", "role": "Processledare", "email": "asa@example.org"}
GOOD |= {"topic": "Praktiska frågor"}


@pytest.mark.parametrize("form_class", [LeaderForm, ContactForm, CollaboratorForm])
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Anna\u202eBerg", "skrivriktningen"),
        ("\u200b\u200d", "osynliga tecken"),
        ("Anna\u200fBerg", "skrivriktningen"),
        ("Anna\u0085Berg", "styrtecken"),
    ],
)
def test_leaders_contacts_and_collaborators_names_refuse_hidden_characters(
    db, form_class, typed, message
):
    form = form_class(GOOD | {"name": typed})
    assert not form.is_valid()
    assert message in str(form.errors["name"])


@pytest.mark.parametrize("form_class", [LeaderForm, ContactForm, CollaboratorForm])
@pytest.mark.parametrize("name", ["Zoë D'Artagnan", "Nguyễn Văn An", "SKR – Sveriges Kommuner"])
def test_leaders_contacts_and_collaborators_take_ordinary_names(db, form_class, name):
    form = form_class(GOOD | {"name": name})
    assert form.is_valid(), form.errors
