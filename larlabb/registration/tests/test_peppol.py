"""PEPPOL ids: the scheme must be one PEPPOL has, and the number must be valid in it."""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from larlabb.registration.peppol import PEPPOL_SCHEMES, einvoice_id_normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0007:5567321707", "0007:5567321707"),
        ("0007:556732-1707", "0007:5567321707"),
        (" 0007 : 5567321707 ", "0007:5567321707"),
        ("iso6523-actorid-upis::0007:5567321707", "0007:5567321707"),
        ("ISO6523-ACTORID-UPIS::0007:5567321707", "0007:5567321707"),
        ("9955:SE556732170701", "9955:SE556732170701"),
        ("9955:556732170701", "9955:SE556732170701"),
        ("0088:7300010000001", "0088:7300010000001"),
        ("0192:974760673", "0192:974760673"),
        ("0184:13585628", "0184:13585628"),
        ("0037:003720774740", "0037:003720774740"),
        ("0208:0403019261", "0208:0403019261"),
        ("0060:123456789", "0060:123456789"),
        # A scheme python-stdnum does not know: only the shape of the identifier is checked.
        ("0106:12345678", "0106:12345678"),
    ],
)
def test_a_peppol_id_is_accepted_and_stored_in_its_short_form(typed, stored):
    assert einvoice_id_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["inte ett peppol-id !!", "5567321707", "0007", "0007:", "7:5567321707", "0106:12?45"],
)
def test_something_that_is_not_scheme_colon_number_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        einvoice_id_normalise(typed)
    assert error.value.code == "format"
    assert "0007:5567321707" in error.value.messages[0]


@pytest.mark.parametrize("typed", ["1234:5567321707", "9901:5567321707", "0000:1"])
def test_a_scheme_peppol_does_not_have_is_refused_by_its_number(typed):
    with pytest.raises(ValidationError) as error:
        einvoice_id_normalise(typed)
    assert error.value.code == "scheme"
    assert error.value.messages == [
        f"{typed[:4]} är inget schema i PEPPOL. För ett svenskt organisationsnummer är schemat "
        "0007, till exempel 0007:5567321707."
    ]


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("0007:5567321708", "svenskt organisationsnummer"),
        ("0007:556732170", "svenskt organisationsnummer"),
        ("9955:SE556732170801", "svenskt momsregistreringsnummer"),
        ("0088:7300010000002", "GLN-nummer"),
        ("0088:73000100000", "GLN-nummer"),
        ("0192:974760674", "norskt organisationsnummer"),
        ("0184:13585629", "danskt CVR-nummer"),
        ("0037:003720774741", "finskt OVT-nummer"),
        ("0208:0403019262", "belgiskt företagsnummer"),
        ("0060:12345678", "D-U-N-S-nummer"),
    ],
)
def test_a_number_its_scheme_refuses_is_refused_naming_the_kind_of_number(typed, kind):
    with pytest.raises(ValidationError) as error:
        einvoice_id_normalise(typed)
    assert error.value.code == "number"
    assert f"Numret efter {typed[:4]}: är inte ett giltigt {kind}" in error.value.messages[0]


def test_every_scheme_is_a_four_digit_code():
    assert all(len(code) == 4 and code.isdigit() for code in PEPPOL_SCHEMES)
    assert {"0007", "0088", "9955", "0192", "0184", "0037", "0208", "0060"} <= PEPPOL_SCHEMES.keys()


@given(
    st.sampled_from(sorted(PEPPOL_SCHEMES)),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
)
def test_anything_typed_after_a_known_scheme_is_stored_short_or_refused_with_a_message(
    code, identifier
):
    try:
        stored = einvoice_id_normalise(f"{code}:{identifier}")
    except ValidationError as error:
        assert error.messages
    else:
        assert re.fullmatch(rf"{code}:[A-Za-z0-9][A-Za-z0-9.\-_/+]{{0,49}}", stored)
