"""Background work of the synthesis app: notes' embeddings, a whole synthesis, a plan.

Both run in the worker (`manage.py task_worker`), where no request has chosen a language, so
each activates the site's own; the Swedish progress messages and notices depend on it.
"""

from django.conf import settings
from django.utils import translation

from larlabb.core.tasks import background_task
from larlabb.synthesis import services


@background_task()
def notes_embed_task(*, note_ids: list[int]) -> None:
    services.notes_embedding_refresh(note_ids=note_ids)


@background_task(on_abandoned=services.synthesis_abandon)
def synthesis_run_task(*, synthesis_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        services.synthesis_run(synthesis_id=synthesis_id)


@background_task(on_abandoned=services.plan_abandon)
def plan_run_task(*, plan_id: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        services.plan_run(plan_id=plan_id)
