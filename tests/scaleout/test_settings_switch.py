"""DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis, proven against real servers.

Every probe runs in its own process with the production settings module, as a second web
process would: what one process writes, the other must see.
"""

import json
import secrets
import subprocess
import sys
import textwrap

import pytest

from harness.servers import ROOT, ScaleOutServers, run_manage

pytestmark = pytest.mark.scaleout

SEED_INVITATION = "/projekt/hallbara-livsmiljoer-2024/"

PAGE_PROBE = textwrap.dedent(
    f"""
    import json, django
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    page = Client().get("{SEED_INVITATION}", HTTP_HOST="127.0.0.1")
    html = page.content.decode()
    print(json.dumps({{
        "vendor": connection.vendor,
        "status": page.status_code,
        "has_title": "Hållbara livsmiljöer" in html,
        "has_programme": "Kunskap till handling" in html,
        "has_fee": "23\\u00a0000\\u00a0kr" in html,
    }}))
    """
)

CACHE_WRITE = textwrap.dedent(
    """
    import django, sys
    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    cache.set("scaleout-probe", sys.argv[1], 60)
    print(settings.CACHES["default"]["BACKEND"])
    """
)

CACHE_READ = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.cache import cache
    print(cache.get("scaleout-probe"))
    """
)

LISTENER = textwrap.dedent(
    """
    import asyncio, django
    django.setup()
    from channels.layers import get_channel_layer

    async def main():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("scaleout-probe", channel)
        print(type(layer).__module__ + "." + type(layer).__name__, flush=True)
        message = await asyncio.wait_for(layer.receive(channel), timeout=120)
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
        "scaleout-probe", {"type": "probe.message", "text": "en lapp från den andra processen"}
    ))
    """
)


def _python(
    servers: ScaleOutServers, code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env or servers.environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_migrations_and_demo_data_land_in_postgresql_and_the_invitation_renders_from_it(
    deployed,
):
    result = _python(deployed, PAGE_PROBE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "vendor": "postgresql",
        "status": 200,
        "has_title": True,
        "has_programme": True,
        "has_fee": True,
    }


def test_loading_the_demo_again_on_postgresql_is_idempotent(deployed):
    result = run_manage(deployed.environment(), "load_demo")
    assert result.returncode == 0, result.stderr
    count = _python(
        deployed,
        "import django; django.setup()\n"
        "from larlabb.programme.models import Workshop\n"
        "print(Workshop.objects.filter(project__slug='hallbara-livsmiljoer-2024').count())",
    )
    assert count.returncode == 0, count.stderr
    assert count.stdout.strip() == "6"


def test_a_value_cached_by_one_process_is_read_by_another_through_redis(scaleout_servers):
    value = secrets.token_hex(8)
    written = _python(scaleout_servers, CACHE_WRITE, value)
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == "django.core.cache.backends.redis.RedisCache"

    read = _python(scaleout_servers, CACHE_READ)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == value


def test_a_group_message_sent_by_one_process_reaches_a_listener_in_another(scaleout_servers):
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
        # The listener names its layer once it has joined the group.
        assert listener.stdout.readline().strip() == "channels_redis.pubsub.RedisPubSubChannelLayer"
        sent = _python(scaleout_servers, SENDER)
        assert sent.returncode == 0, sent.stderr
        out, err = listener.communicate(timeout=180)
        assert out.strip() == "en lapp från den andra processen", err
    finally:
        listener.kill()
        listener.wait()


def _deploy_check(base: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = base | {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "LARLABB_PRODUCTION": "1",
        "DJANGO_SECURE": "1",
        "DJANGO_ALLOWED_HOSTS": "larlabb.example.se",
        "LARLABB_SITE_URL": "https://larlabb.example.se",
        # Django's deploy check rightly refuses the console mail backend in production.
        "EMAIL_HOST": "smtp.larlabb.example.se",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_deploy_check_reports_no_issues_with_production_variables(scaleout_servers):
    result = _deploy_check(scaleout_servers.environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_reports_no_issues_on_one_machine_without_database_or_redis_urls(
    scaleout_servers, tmp_path
):
    single = scaleout_servers.environment()
    del single["DATABASE_URL"], single["REDIS_URL"]
    # The checks open the database; a fresh checkout has no var/ yet.
    single["SQLITE_PATH"] = str(tmp_path / "larlabb.sqlite3")
    result = _deploy_check(single)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_a_secret_key_refuses_to_start(scaleout_servers):
    environment = scaleout_servers.environment() | {"LARLABB_PRODUCTION": "1"}
    environment.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production." in result.stderr
