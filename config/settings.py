"""Lärlabb settings: one module, driven by environment variables.

The defaults run everything on one laptop (SQLite in WAL mode, the in-memory
channel layer, an outbox for mail). Production differs only by environment
variables; DATABASE_URL and REDIS_URL switch to the scale-out path.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("LARLABB_PRODUCTION", False):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    # A fixed key is only acceptable for the laptop demo and the tests.
    SECRET_KEY = "larlabb-insecure-development-key-do-not-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("LARLABB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "larlabb.core",
    "larlabb.network",
    "larlabb.programme",
    "larlabb.registration",
    "larlabb.workshops",
    "larlabb.synthesis",
    "larlabb.documentation",
    "larlabb.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "larlabb.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "larlabb.core.middleware.RequestTooLargeMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "larlabb.network.context_processors.network",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # No persistent connections: under ASGI every request thread would keep its own open and
    # 50 concurrent clients exhausted PostgreSQL's 100 connections (Django's ASGI advice).
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend with the writers of one process taking turns in order.
            "ENGINE": "larlabb.core.sqlite",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "larlabb.sqlite3")),
            "OPTIONS": {
                # WAL lets the web server and the task worker read while the other writes;
                # IMMEDIATE transactions avoid "database is locked" on upgrade from read to write.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels and cache -----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Publish/subscribe: a group_send is one PUBLISH, each process hears it once and
            # hands it to its own sockets. The list-based RedisChannelLayer cost a Redis
            # round trip per socket per message, and held the two-process board at 1,000
            # participants to a p99 near 2 s. Pub/sub keeps nothing for a process that is
            # not listening; the board's sequence numbers and catch-up cover that.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "larlabb"},
        }
    }
    CACHES: dict[str, dict[str, object]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "larlabb",
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "larlabb.core.channel_layers.InMemoryChannelLayer",
            # The facilitator's socket hears every group: the default of 100 waiting messages
            # dropped notes whenever it fell a second behind 300 participants.
            "CONFIG": {"capacity": 2000},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Rate limits and failed logins are counted here; the default of 300 entries
            # forgot them (and who had logged in from where) under the very flood they count.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# --- Background tasks ---------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Anonymous form submissions (registration, joining with a code) per address in ten minutes:
# whole regions share one address, so only a flood reaches it. A benchmark from one address
# raises it.
PUBLIC_FORM_RATE_LIMIT = int(os.environ.get("LARLABB_FORM_RATE_LIMIT", "200"))
# Submissions through one person's personal link in ten minutes, from wherever they send.
PERSON_FORM_RATE_LIMIT = int(os.environ.get("LARLABB_PERSON_FORM_RATE_LIMIT", "30"))

# A project's participants, contacts and managers are anonymised this many days after its
# last workshop.
GDPR_ANONYMISE_AFTER_DAYS = int(os.environ.get("GDPR_ANONYMISE_AFTER_DAYS", "180"))

# An optional OpenAI-compatible chat API for fluent summaries; the synthesis works offline without
# it, and falls back to the offline result when the API is slow or answers nonsense.
LLM_BASE_URL = os.environ.get("LLM_BASE_URL", "").rstrip("/")
LLM_API_KEY = os.environ.get("LLM_API_KEY", "")
LLM_MODEL = os.environ.get("LLM_MODEL", "")
LLM_TIMEOUT_S = float(os.environ.get("LLM_TIMEOUT_S", "20"))

# Notes saved within this many seconds of each other share one embedding task; 0 queues a
# task per note at once.
SYNTHESIS_EMBED_BATCH_S = float(os.environ.get("SYNTHESIS_EMBED_BATCH_S", "2"))

# --- Authentication ---------------------------------------------------------------
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "programme:project_list"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE", False)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Browser libraries come from npm (package.json, `npm ci`) and are served as our own files.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/sortablejs", BASE_DIR / "node_modules" / "sortablejs" / "modular"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "servestatic.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
SERVESTATIC_USE_FINDERS = DEBUG
# Bodies are capped per route before Django reads them (config/asgi.py); these are Django's own
# limits behind that. Form fields (no files) up to 3 MB, above every body the caps let through
# but the uploads' files: a board export (up to 2 MB with its form) may be pasted as text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
# A board export's review has one field per note, and a board can hold several hundred.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Every upload form sends one file.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Larger uploads go to a temporary file rather than the web process's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Mail -------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise one line per mail on the console, the whole mail
# being kept in the outbox that staff read, so the demo shows every flow without a mail server.
_smtp_host = os.environ.get("EMAIL_HOST", "")
if _smtp_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "larlabb.core.mail_backends.OutboxNoticeBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lärlabb <noreply@larlabb.localhost>")

# --- Security -------------------------------------------------------------------------
SECURE = env_bool("DJANGO_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if SECURE else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Every script, style, image and connection from the site itself, and a script only with the
# page's nonce: no inline script, event handler or style attribute runs, so text someone
# managed to slip into a page cannot act. 'self' in connect-src covers the board's own
# ws(s):// socket (CSP Level 3). htmx is told (a meta tag in base.html) to inject no styles
# and evaluate nothing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"per_socket_lines": {"()": "larlabb.core.socket_log.PerSocketLines"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # A line per task started and finished, at INFO. Django's own defaults set "django" to
        # INFO whatever the root says, so only this keeps them out below LOG_LEVEL.
        "django.tasks": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        # WeasyPrint and fontTools narrate every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # No line per WebSocket opened or refused (larlabb/core/socket_log.py). uvicorn's own
        # handler sits on "uvicorn", so configuring this child leaves it in place.
        "uvicorn.error": {"filters": ["per_socket_lines"]},
    },
}
