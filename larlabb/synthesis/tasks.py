"""Background work of the synthesis app: notes' embeddings, a whole synthesis, a plan.

Both run in the worker (`manage.py db_worker`), where no request has chosen a language, so
each activates the site's own; the Swedish progress messages and notices depend on it.
"""

from django.conf import settings
from django.tasks import task
from django.utils import translation

from larlabb.synthesis import services


@task
def notes_embed_task(*, note_ids: list[int]) -> None:
    services.notes_embedding_refresh(note_ids=note_ids)


@task
def synthesis_run_task(*, synthesis_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        services.synthesis_run(synthesis_id=synthesis_id)


@task
def plan_run_task(*, plan_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        services.plan_run(plan_id=plan_id)
