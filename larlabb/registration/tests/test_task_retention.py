"""The daily retention job forgets finished background tasks, whose rows keep the arguments
they were given: addresses typed on the resend page, mail recipients."""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from larlabb.registration.gdpr import anonymise_expired_task, personal_data_expire

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _finish(row: DBTaskResult[..., object], *, status: str, ago: timedelta) -> None:
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=status, started_at=timezone.now() - ago, finished_at=timezone.now() - ago
    )


def test_the_address_typed_on_the_resend_page_is_gone_after_the_retention_job(client):
    client.post(reverse("registration:resend_link"), {"email": "okand@example.se"})
    row = DBTaskResult.objects.get()
    assert "okand@example.se" in str(row.args_kwargs)
    _finish(row, status=TaskResultStatus.SUCCESSFUL, ago=timedelta(days=1, hours=1))

    personal_data_expire()

    assert not DBTaskResult.objects.filter(args_kwargs__icontains="okand@example.se").exists()
    assert not DBTaskResult.objects.exists()


def test_the_retention_job_leaves_no_finished_task_older_than_a_day_and_never_a_waiting_one():
    old = timedelta(days=2)
    rows = {
        name: DBTaskResult.objects.get(pk=anonymise_expired_task.enqueue().id)
        for name in (
            "succeeded long ago",
            "failed long ago",
            "succeeded an hour ago",
            "queued long ago",
            "running long ago",
        )
    }
    _finish(rows["succeeded long ago"], status=TaskResultStatus.SUCCESSFUL, ago=old)
    _finish(rows["failed long ago"], status=TaskResultStatus.FAILED, ago=old)
    _finish(
        rows["succeeded an hour ago"], status=TaskResultStatus.SUCCESSFUL, ago=timedelta(hours=1)
    )
    DBTaskResult.objects.filter(pk=rows["queued long ago"].pk).update(
        enqueued_at=timezone.now() - old
    )
    DBTaskResult.objects.filter(pk=rows["running long ago"].pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - old
    )

    personal_data_expire()

    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert kept == {
        rows[name].pk for name in ("succeeded an hour ago", "queued long ago", "running long ago")
    }
