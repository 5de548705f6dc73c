"""DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis, proven against real servers."""

import json
import subprocess
import sys
import textwrap

import pytest

from tests.scaleout.conftest import ROOT, ScaleOutServers, run_manage

pytestmark = pytest.mark.scaleout

PROBE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    cache.set("larlabb-probe", "hej", 30)
    page = Client().get("/projekt/hallbara-livsmiljoer-2024/", HTTP_HOST="127.0.0.1")
    print(json.dumps({
        "vendor": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"],
        "cached": cache.get("larlabb-probe"),
        "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
        "status": page.status_code,
        "has_programme": "Kunskap till handling" in page.content.decode(),
    }))
    """
)

LISTENER = textwrap.dedent(
    """
    import asyncio, django, sys
    django.setup()
    from channels.layers import get_channel_layer

    async def main():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("larlabb-probe", channel)
        print("ready", flush=True)
        message = await asyncio.wait_for(layer.receive(channel), timeout=20)
        print(message["text"], flush=True)

    asyncio.run(main())
    """
)

SENDER = textwrap.dedent(
    """
    import asyncio, django
    django.setup()
    from channels.layers import get_channel_layer

    asyncio.run(get_channel_layer().group_send(
        "larlabb-probe", {"type": "probe.message", "text": "en lapp från den andra processen"}
    ))
    """
)


def _python(servers: ScaleOutServers, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=servers.environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def migrated(scaleout_servers: ScaleOutServers) -> ScaleOutServers:
    for command in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
        result = run_manage(scaleout_servers, *command)
        assert result.returncode == 0, result.stderr
    return scaleout_servers


def test_postgresql_holds_the_demo_and_redis_is_the_cache(migrated):
    result = _python(migrated, PROBE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "vendor": "postgresql",
        "cache": "django.core.cache.backends.redis.RedisCache",
        "cached": "hej",
        "layer": "channels_redis.core.RedisChannelLayer",
        "status": 200,
        "has_programme": True,
    }


def test_loading_the_demo_again_on_postgresql_is_idempotent(migrated):
    result = run_manage(migrated, "load_demo")
    assert result.returncode == 0, result.stderr
    count = _python(
        migrated,
        "import django; django.setup()\n"
        "from larlabb.programme.models import Workshop\n"
        "print(Workshop.objects.filter(project__slug='hallbara-livsmiljoer-2024').count())",
    )
    assert count.stdout.strip() == "6"


def test_two_processes_share_one_channel_layer_through_redis(scaleout_servers):
    listener = subprocess.Popen(
        [sys.executable, "-c", LISTENER],
        cwd=ROOT,
        env=scaleout_servers.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stdout is not None
        assert listener.stdout.readline().strip() == "ready"
        sent = _python(scaleout_servers, SENDER)
        assert sent.returncode == 0, sent.stderr
        out, err = listener.communicate(timeout=30)
        assert out.strip() == "en lapp från den andra processen", err
    finally:
        listener.kill()


def test_deploy_check_is_clean_with_production_variables(scaleout_servers):
    environment = scaleout_servers.environment() | {
        "DJANGO_SECRET_KEY": "k3y-" + "x9Zq-7Lm" * 8,
        "LARLABB_PRODUCTION": "1",
        "DJANGO_SECURE": "1",
        "DJANGO_ALLOWED_HOSTS": "larlabb.example.se",
        "LARLABB_SITE_URL": "https://larlabb.example.se",
        "EMAIL_HOST": "smtp.larlabb.example.se",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
