"""PEPPOL participant ids, the address an organisation receives e-invoices at.

An id is a scheme (a four-digit ISO 6523 ICD code) and the organisation's identifier in
that scheme: "0007:5567321707" is the Swedish organisation number 556732-1707. The full
form in PEPPOL's own lookups starts with "iso6523-actorid-upis::"; invoicing systems take
the short form, so that is what is stored and exported.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean
from stdnum.be import vat as be_vat
from stdnum.ch import uid as ch_uid
from stdnum.dk import cvr as dk_cvr
from stdnum.exceptions import ValidationError as NumberError
from stdnum.fi import alv as fi_alv
from stdnum.fi import ytunnus as fi_ytunnus
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.se import vat as se_vat

EINVOICE_ID_FORMAT: Final = _(
    "Skriv PEPPOL-id som schemats fyra siffror, kolon och numret, till exempel 0007:5567321707."
)
EINVOICE_ID_SCHEME: Final = _(
    "%(scheme)s är inget schema i PEPPOL. För ett svenskt organisationsnummer är schemat "
    "0007, till exempel 0007:5567321707."
)
EINVOICE_ID_NUMBER: Final = _(
    "Numret efter %(scheme)s: är inte ett giltigt %(kind)s. Kontrollera siffrorna."
)

_PREFIX: Final = "iso6523-actorid-upis::"
_ID: Final = re.compile(r"^(\d{4}):(.+)$")
# PEPPOL's policy for identifiers: at most 50 characters, no spaces.
_IDENTIFIER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_/+]{0,49}$")


def _gln(identifier: str) -> str:
    number: str = ean.validate(identifier)
    if len(number) != 13:
        raise NumberError()
    return number


def _duns(identifier: str) -> str:
    # D-U-N-S numbers have no check digit: nine digits is all that can be checked.
    number = identifier.replace("-", "")
    if not (number.isdigit() and len(number) == 9):
        raise NumberError()
    return number


def _finnish_ovt(identifier: str) -> str:
    """0037 + the eight digits of the business id (Y-tunnus) + up to five of the company's."""
    if not (identifier.startswith("0037") and 12 <= len(identifier) <= 17):
        raise NumberError()
    fi_ytunnus.validate(identifier[4:12])
    return identifier


def _swedish_vat(identifier: str) -> str:
    # Written with its country code, as on invoices: SE556732170701.
    return f"SE{se_vat.validate(identifier)}"


@dataclass(frozen=True)
class NumberCheck:
    # The kind of number, named in the message when the number is wrong.
    kind: object
    # Returns the identifier in its compact form; raises stdnum's ValidationError.
    check: Callable[[str], str]


# The schemes PEPPOL accepts in participant ids: the codes of OpenPeppol's code list
# "Participant identifier schemes" (https://docs.peppol.eu/edelivery/codelists/), which takes
# them from the ISO 6523 ICD list, without the ones marked deprecated there. Where
# python-stdnum knows the scheme's number, the number is checked too; for the others only
# PEPPOL's general shape of an identifier is.
PEPPOL_SCHEMES: Final[dict[str, NumberCheck | None]] = {
    "0002": None,  # FR:SIRENE
    "0007": NumberCheck(_("svenskt organisationsnummer"), se_orgnr.validate),
    "0009": None,  # FR:SIRET
    "0037": NumberCheck(_("finskt OVT-nummer"), _finnish_ovt),
    "0060": NumberCheck(_("D-U-N-S-nummer"), _duns),
    "0088": NumberCheck(_("GLN-nummer (13 siffror)"), _gln),
    "0096": None,  # DK:P
    "0097": None,  # IT:FTI
    "0106": None,  # NL:KVK
    "0130": None,  # EU:NAL
    "0135": None,  # IT:SIA
    "0142": None,  # IT:SECETI
    "0151": None,  # AU:ABN
    "0183": NumberCheck(_("schweiziskt UID-nummer"), ch_uid.validate),
    "0184": NumberCheck(_("danskt CVR-nummer"), dk_cvr.validate),
    "0188": None,  # JP:SST
    "0190": None,  # NL:OINO
    "0191": None,  # EE:CC
    "0192": NumberCheck(_("norskt organisationsnummer"), no_orgnr.validate),
    "0193": None,  # UBLBE
    "0195": None,  # SG:UEN
    "0196": None,  # IS:KTNR
    "0198": None,  # DK:ERST
    "0199": None,  # LEI
    "0200": None,  # LT:LEC
    "0201": None,  # IT:CUUO
    "0202": None,  # DE:LWID
    "0204": None,  # DE:LWID (Leitweg-ID)
    "0208": NumberCheck(_("belgiskt företagsnummer"), be_vat.validate),
    "0209": None,  # GS1
    "0210": None,  # IT:CFI
    "0211": None,  # IT:IVA
    "0212": NumberCheck(_("finskt FO-nummer"), fi_ytunnus.validate),
    "0213": NumberCheck(_("finskt momsnummer"), fi_alv.validate),
    "0215": None,  # FI:NSI
    "0216": None,  # FI:OVT2
    "0218": None,  # LV:URN
    "0221": None,  # JP:IIN
    "0230": None,  # MY:EIF
    "9910": None,  # HU:VAT
    "9913": None,  # EU:REID
    "9914": None,  # AT:VAT
    "9915": None,  # AT:GOV
    "9918": None,  # IBAN
    "9919": None,  # AT:KUR
    "9920": None,  # ES:VAT
    # 9922–9953: the VAT numbers of AD, AL, BA, BE, … VA, one code per country.
    **dict.fromkeys((str(code) for code in range(9922, 9954)), None),
    "9955": NumberCheck(_("svenskt momsregistreringsnummer"), _swedish_vat),
    "9957": None,  # FR:VAT
    "9959": None,  # US:EIN
}


def einvoice_id_normalise(value: str) -> str:
    """'iso6523-actorid-upis::0007:556732-1707' and ' 0007:5567321707 ' both become
    '0007:5567321707'; a scheme PEPPOL does not have, or a number its scheme refuses, is
    refused with the reason."""
    typed = "".join(value.split())
    if typed.lower().startswith(_PREFIX):
        typed = typed[len(_PREFIX) :]
    match = _ID.match(typed)
    if match is None:
        raise ValidationError(EINVOICE_ID_FORMAT, code="format")
    code, identifier = match.groups()
    if code not in PEPPOL_SCHEMES:
        raise ValidationError(EINVOICE_ID_SCHEME, code="scheme", params={"scheme": code})
    number = PEPPOL_SCHEMES[code]
    if number is not None:
        try:
            identifier = number.check(identifier)
        except NumberError:
            raise ValidationError(
                EINVOICE_ID_NUMBER, code="number", params={"scheme": code, "kind": number.kind}
            ) from None
    if not _IDENTIFIER.match(identifier):
        raise ValidationError(EINVOICE_ID_FORMAT, code="format")
    return f"{code}:{identifier}"
