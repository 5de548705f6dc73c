"""Test settings: the real settings, only made faster and deterministic."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A note's embedding at once, where the test that saved it can see it.
SYNTHESIS_EMBED_BATCH_S = 0
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVESTATIC_AUTOREFRESH = True
# Each test process keeps its database in memory. Said outright because pytest-django, under
# xdist, otherwise gives each worker a file named after SQLITE_PATH for any engine but Django's
# own sqlite3 (larlabb.core.sqlite is a subclass).
if DATABASES["default"]["ENGINE"] == "larlabb.core.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
