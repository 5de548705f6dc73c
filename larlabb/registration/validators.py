"""Swedish organisation numbers (organisationsnummer) and phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGANISATION_NUMBER_FORMAT = _(
    "Skriv organisationsnumret med tio siffror, till exempel 212000-0142."
)
ORGANISATION_NUMBER_CHECK_DIGIT = _(
    "Organisationsnumret stämmer inte: kontrollsiffran (den sista) passar inte ihop med de "
    "andra. Kontrollera siffrorna."
)
PHONE_FORMAT = _("Skriv ett telefonnummer med siffror, till exempel 070-123 45 67.")

# Ten digits, optionally after the century prefix "16" that the Tax Agency uses for
# legal entities, with or without the hyphen before the last four.
_ORGANISATION_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")
_PHONE = re.compile(r"^\+?[\d\s\-()]+$")


def luhn_check_digit(digits: str) -> int:
    """The check digit the Luhn algorithm gives for `digits` (weights 2, 1, 2, … from left)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def organisation_number_normalise(value: str) -> str:
    """'16212000-0142', '2120000142' and '212000-0142' all become '212000-0142'."""
    match = _ORGANISATION_NUMBER.match(re.sub(r"\s+", "", value))
    if match is None:
        raise ValidationError(ORGANISATION_NUMBER_FORMAT, code="format")
    digits = match.group(1) + match.group(2)
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(ORGANISATION_NUMBER_CHECK_DIGIT, code="check_digit")
    return f"{digits[:6]}-{digits[6:]}"


def phone_normalise(value: str) -> str:
    value = " ".join(value.split())
    if not _PHONE.match(value) or sum(char.isdigit() for char in value) < 6:
        raise ValidationError(PHONE_FORMAT, code="format")
    return value
