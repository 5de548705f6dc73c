import pytest
from django.core.exceptions import ValidationError

from larlabb.core.validators import name_validate

GOOD_NAMES = [
    "Åsa Öberg-Lindqvist",
    "Zoë D'Artagnan",
    "Nguyễn Thị Minh Khai",
    "Nguye\u0302\u0303n",  # the same letters typed as base letter plus combining accents
    "O’Brien",
    "Region Västra Götaland",
    "Sámediggi – Sametinget",
    "محمد الأحمد",
    "שרה כהן",
    "می\u200cخواهم",  # a zero-width non-joiner between letters shapes Persian words
    "Ана Петровић",
]


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_ordinary_names_in_every_script_pass(name):
    name_validate(name)


@pytest.mark.parametrize(
    "char", list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)
def test_every_direction_control_is_refused_with_its_own_message(char):
    with pytest.raises(ValidationError) as raised:
        name_validate(f"Anna{char}Berg")
    assert raised.value.code == "name_direction_control"
    assert "vänder på skrivriktningen" in raised.value.messages[0]


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", " \u200b ", "\u3000\u200b", "\u2028"],
)
def test_a_name_of_only_invisible_characters_or_spaces_is_refused(name):
    with pytest.raises(ValidationError) as raised:
        name_validate(name)
    assert raised.value.code == "name_blank"
    assert "osynliga tecken" in raised.value.messages[0]


@pytest.mark.parametrize(
    "name",
    [
        "Anna\x00Berg",
        "Anna\nBerg",
        "Anna\tBerg",
        "Anna\x7fBerg",
        "Anna\u200bBerg",
        "\ufeffAnna Berg",
        "Anna\u00adBerg",
        "Anna\u2060Berg",
        "\u200dAnna",
        "Anna \u200c Berg",
        "Anna\u2028Berg",
        "Anna\U000e0041Berg",  # a tag character (category Cf)
    ],
)
def test_control_and_invisible_characters_inside_a_name_are_refused(name):
    with pytest.raises(ValidationError) as raised:
        name_validate(name)
    assert raised.value.code == "name_control_character"
