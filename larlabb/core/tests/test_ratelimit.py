from django.core.cache import cache
from django.test import RequestFactory

from larlabb.core.ratelimit import rate_limit_exceeded


def _over_limit_after(submissions: int) -> bool:
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.9")
    return [rate_limit_exceeded(request=request, scope="test") for _ in range(submissions)][-1]


def test_the_eleventh_submission_in_ten_minutes_is_refused_by_default():
    cache.clear()
    assert not _over_limit_after(10)
    assert rate_limit_exceeded(
        request=RequestFactory().post("/", REMOTE_ADDR="127.0.0.9"), scope="test"
    )


def test_the_limit_follows_the_setting_a_benchmark_raises(settings):
    cache.clear()
    settings.PUBLIC_FORM_RATE_LIMIT = 50

    assert not _over_limit_after(50)
    assert _over_limit_after(1)
