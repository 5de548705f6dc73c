import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.luhn import calc_check_digit

from larlabb.registration.validators import organisation_number_normalise, phone_normalise

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@pytest.mark.parametrize(
    "typed",
    ["212000-0142", "2120000142", "16212000-0142", "162120000142", " 212000 - 0142 "],
)
def test_organisation_number_is_accepted_with_or_without_hyphen_and_16_prefix(typed):
    assert organisation_number_normalise(typed) == "212000-0142"


@pytest.mark.parametrize("typed", ["556732-1707", "5567321707", "16556732-1707", "16 5567321707"])
def test_an_organisation_number_is_stored_in_one_form_however_it_was_typed(typed):
    assert organisation_number_normalise(typed) == "556732-1707"


@pytest.mark.parametrize("typed", ["212000-0143", "232100-0041", "16202100-5480"])
def test_organisation_number_with_a_wrong_check_digit_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        organisation_number_normalise(typed)
    assert error.value.code == "check_digit"
    assert "kontrollsiffran" in error.value.messages[0]


@pytest.mark.parametrize(
    "typed", ["", "12345", "212000-014", "17212000-0142", "21200O-0142", "2120-000142"]
)
def test_organisation_number_that_is_not_ten_digits_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        organisation_number_normalise(typed)
    assert error.value.code == "format"


@given(nine_digits)
def test_the_luhn_check_digit_makes_any_number_valid(digits):
    number = f"{digits}{calc_check_digit(digits)}"
    assert organisation_number_normalise(number) == f"{number[:6]}-{number[6:]}"


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_refused(digits, offset):
    wrong = (int(calc_check_digit(digits)) + offset) % 10
    with pytest.raises(ValidationError):
        organisation_number_normalise(f"{digits}{wrong}")


def test_phone_numbers_need_digits():
    assert phone_normalise(" 070-123  45 67 ") == "070-123 45 67"
    assert phone_normalise("+46 10 103 00 00") == "+46 10 103 00 00"
    for typed in ("ring mig", "12-34", "070 123 45 67 ank. 3"):
        with pytest.raises(ValidationError):
            phone_normalise(typed)
