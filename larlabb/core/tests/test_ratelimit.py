from django.test import RequestFactory

from larlabb.core.ratelimit import address_limit_exceeded, person_limit_exceeded


def _from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def _address_over_after(submissions: int, address: str = "127.0.0.9") -> bool:
    results = [
        address_limit_exceeded(request=_from(address), scope="test") for _ in range(submissions)
    ]
    return results[-1]


def test_an_address_may_send_200_anonymous_forms_in_ten_minutes_and_no_more():
    assert not _address_over_after(200)
    assert _address_over_after(1)
    assert not _address_over_after(1, address="127.0.0.10")


def test_the_address_limit_follows_the_setting_a_benchmark_raises(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 500

    assert not _address_over_after(500)
    assert _address_over_after(1)


def test_a_person_is_counted_on_their_own_whatever_address_they_send_from():
    assert not any(person_limit_exceeded(person="participant:1", scope="t") for _ in range(30))
    assert person_limit_exceeded(person="participant:1", scope="t")
    assert not person_limit_exceeded(person="participant:2", scope="t")
