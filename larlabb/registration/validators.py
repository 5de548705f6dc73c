"""Swedish organisation numbers (organisationsnummer) and phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.se import orgnr

ORGANISATION_NUMBER_FORMAT = _(
    "Skriv organisationsnumret med tio siffror, till exempel 212000-0142."
)
ORGANISATION_NUMBER_CHECK_DIGIT = _(
    "Organisationsnumret stämmer inte: kontrollsiffran (den sista) passar inte ihop med de "
    "andra. Kontrollera siffrorna."
)
PHONE_FORMAT = _("Skriv ett telefonnummer med siffror, till exempel 070-123 45 67.")

# Ten digits, optionally after the century prefix "16" that the Tax Agency uses for
# legal entities, with or without the hyphen before the last four. stdnum would also take
# a hyphen anywhere ("2120-000142"); a number typed that way is more likely a slip.
_ORGANISATION_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")
_PHONE = re.compile(r"^\+?[\d\s\-()]+$")


def organisation_number_normalise(value: str) -> str:
    """'16212000-0142', '2120000142' and '212000-0142' all become '212000-0142'."""
    match = _ORGANISATION_NUMBER.match(re.sub(r"\s+", "", value))
    if match is None:
        raise ValidationError(ORGANISATION_NUMBER_FORMAT, code="format")
    digits = match.group(1) + match.group(2)
    try:
        orgnr.validate(digits)
    except InvalidChecksum:
        raise ValidationError(ORGANISATION_NUMBER_CHECK_DIGIT, code="check_digit") from None
    return orgnr.format(digits)


def phone_normalise(value: str) -> str:
    value = " ".join(value.split())
    if not _PHONE.match(value) or sum(char.isdigit() for char in value) < 6:
        raise ValidationError(PHONE_FORMAT, code="format")
    return value
