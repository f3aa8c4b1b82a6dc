"""Settings, read from the environment with working development defaults.

DATABASE_URL  unset → SQLite file under var/; postgres://… → PostgreSQL through psycopg 3.
REDIS_URL     unset → kombu's filesystem transport under var/broker (no server needed).
DEBUG         "1"/"true" for development; when off, SECRET_KEY and ALLOWED_HOSTS are required.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "stations",
    "representatives",
    "issues",
    "portal.apps.PortalAdminConfig",  # django.contrib.admin on our site class
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_celery_beat",
    "portal.notifications",
    "reminders",
]

MIDDLEWARE = [
    # First: a body over REQUEST_MAX_BYTES is refused from its Content-Length before anything
    # reads it (the CSRF middleware reads request.POST).
    "portal.request_size.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.NulCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that the 405 page it writes passes through the middleware above: its CSRF
    # cookie, its language, and its Content-Length (CommonMiddleware).
    "portal.errors.MethodNotAllowedPageMiddleware",
]
# Error pages: handler400/403/404/500 in portal/urls.py; a refused CSRF check says the page
# expired instead of Django's English page.
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL and not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
    raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// URL")
if DATABASE_URL.startswith(("postgres://", "postgresql://")):
    # Connections are kept for a minute, and each request checks its kept one first (one
    # SELECT 1): after the server closed it (a restart, an idle timeout, a terminated
    # backend) the request reconnects, where it answered 500 with the dead connection.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    # JIT compilation pays off for long analytic scans; on a web page's queries (the
    # dashboard's and merit board's aggregates included) it spent more time compiling
    # than it saved (docs/PERFORMANCE.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A page's queries are the same few shapes over and over: prepared once per
    # connection, PostgreSQL stops parsing and planning them each time (a fifth to
    # three quarters of its time on a signed-in page, docs/PERFORMANCE.md). Prepared
    # statements need the server to bind the parameters. "off" for a pooler in
    # transaction mode that cannot keep them (PgBouncer before 1.21, or without
    # max_prepared_statements).
    # Not 0 (prepare on first use): Django's migrations send some of their ALTERs as
    # several commands in one string, which cannot be prepared; none runs twice.
    PREPARE_AFTER = os.environ.get("DATABASE_PREPARE_AFTER", "5")
    if PREPARE_AFTER != "off":
        if not PREPARE_AFTER.isdigit() or int(PREPARE_AFTER) < 1:
            raise ImproperlyConfigured(
                "DATABASE_PREPARE_AFTER must be a count of at least 1, or 'off'"
            )
        DATABASES["default"]["OPTIONS"].update(
            server_side_binding=True, prepare_threshold=int(PREPARE_AFTER)
        )
else:
    # The embedded default: a file under var/, or the one a sqlite:// URL names (a test's
    # worker process opens the test database so).
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    SQLITE_FILE = dj_database_url.parse(DATABASE_URL)["NAME"] if DATABASE_URL else None
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_FILE or VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets the Celery worker read while the web process writes.
                "init_command": "PRAGMA journal_mode=WAL;",
                # A transaction takes the write lock when it starts and waits for it (up to
                # `timeout` seconds): two requests that both read and then write would
                # otherwise fail at once with "database is locked" instead of queueing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # The test database is a file too, not the test process's memory: the live
            # server's threads, a Celery worker and concurrent tests open it as the web
            # server and worker of the embedded default do.
            "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
        }
    }
    # The duty ledger's covering index (representatives.Activity) is PostgreSQL's speed-up;
    # SQLite builds it as a plain index on the same columns, which is all it needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = ["portal.backends.RoleBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One sign-in page for every role; the admin keeps its own for staff who go there first.
LOGIN_URL = "workbench:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# LOCALE_DIR lets the catalogue check regenerate into a scratch folder.
LOCALE_PATHS = [Path(os.environ.get("LOCALE_DIR", BASE_DIR / "locale"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"

# Uploaded photos: never served straight from disk; issues.views streams them after a check.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The cache holds rate-limit counters, so it must be shared by every process: Redis when
# REDIS_URL is set (the server `make run` uses is a single process, so memory will do there).
REDIS_URL = os.environ.get("REDIS_URL", "")
# Every Redis client (the cache with the sessions, rate limits, figures and their lock kept
# on it, and the Celery broker) waits at most a second to connect and a second for an answer,
# and never retries: a Redis that accepts connections but never answers held submissions and
# transitions until gunicorn killed the worker (30 s), and two such workers stalled the site.
# Whatever Redis does not take is not lost: the cache's users fall back to the database and
# the reminder sweep queues what could not be queued. After one such failure a process leaves
# that Redis alone for REDIS_PAUSE_SECONDS (portal/breaker.py): a page's dozen cache calls and
# its publish then cost one second, not a dozen.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}
REDIS_PAUSE_SECONDS = 5
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, reusing its redis-py client and failing fast (portal/cache.py).
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {**REDIS_TIMEOUTS},
        }
    }
    # Sessions read from Redis and written through to the database: one query less on every
    # signed-in page; with Redis down they fall back to the database (portal/sessions.py).
    SESSION_ENGINE = "portal.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Citizen intake: photo limits, abuse guards, and how long an answer waits for a rating.
ISSUE_PHOTOS_MAX = 3
ISSUE_PHOTO_MAX_BYTES = 8 * 1024 * 1024
ISSUE_PHOTO_MAX_PIXELS = 40_000_000
ISSUE_PHOTO_MAX_SIDE = 2048  # longer sides are scaled down when re-encoding
ISSUE_MIN_FILL_SECONDS = 3
ISSUE_RATING_DAYS = 7
# How long the dashboard's and merit board's figures are kept before they are computed again
# (portal/figures.py); 0 computes them on every request.
FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", 300))
# How long a filter's options (subdistricts, departments, categories) are kept at most; a
# saved or deleted row renews them at once (portal/choices.py).
CHOICES_CACHE_SECONDS = int(os.environ.get("CHOICES_CACHE_SECONDS", 600))

# (requests, seconds) per key; RATE_LIMITS_ENABLED=0 lifts them (benchmarks only).
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {
    "submit_ip": (10, 3600),
    "submit_phone": (5, 24 * 3600),
    "lookup_ip": (20, 3600),
    "lookup_number": (10, 3600),  # lookups of one tracking number, from any address
    # Workbench sign-in attempts: per address, and per phone number or username tried.
    "login_ip": (30, 900),
    "login_identity": (10, 900),
}
# A deputy's session lasts a working day on their phone.
DEPUTY_SESSION_SECONDS = int(os.environ.get("DEPUTY_SESSION_SECONDS", 10 * 3600))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
# The largest request body accepted (portal.request_size), refused unread above it: the
# intake's (and the activity and answer forms') photos at their limit, plus the other fields,
# which Django refuses past DATA_UPLOAD_MAX_MEMORY_SIZE anyway. 26 MiB by default; the reverse
# proxy's client_max_body_size should say the same (README).
_request_max_bytes = os.environ.get("REQUEST_MAX_BYTES", "")
if _request_max_bytes and not (_request_max_bytes.isdigit() and int(_request_max_bytes) > 0):
    raise ImproperlyConfigured(
        f"REQUEST_MAX_BYTES must be a positive number of bytes, got {_request_max_bytes!r}"
    )
REQUEST_MAX_BYTES = (
    int(_request_max_bytes)
    if _request_max_bytes
    else (ISSUE_PHOTOS_MAX * ISSUE_PHOTO_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE)
)
# Who processes citizens' personal data, shown in the notice before submitting.
PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", "区人大常委会代表工作委员会")
PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "0532-12345")
PRIVACY_RETENTION_YEARS = 3

# Celery: Redis when REDIS_URL is set, otherwise a broker that needs no server.
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # Publishing from a request must fail fast when Redis is down or hung (the reminder
        # sweep sends what could not be queued): no reconnect loop, and REDIS_TIMEOUTS (kombu
        # leaves retry_on_timeout off, so a timed-out publish is not sent again). The worker
        # keeps retrying on its own (broker_connection_max_retries). Its BRPOP, waiting for
        # work, is not cut short by the read timeout: kombu reads the reply only once the
        # socket is readable (tests/reminders/test_worker.py leaves a worker idle longer);
        # a BRPOP connection that stays silent is dropped by kombu's own check (26 s).
        "max_retries": 0,
        **REDIS_TIMEOUTS,
    }
else:
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    # The filesystem transport ignores the host; naming one spares kombu's warning that
    # none was given (printed by every process that connects).
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "max_retries": 0,
        # The worker lists the folder this often: a quarter second keeps reminders prompt
        # in development and costs next to nothing.
        "polling_interval": 0.25,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
# CELERY_QUEUE lets several portals (or a test run) share one Redis without taking each
# other's tasks; the worker must be started with the same name (-Q).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Tasks that ack late are idempotent; one message at a time keeps a redelivery small.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks live in the database (django-celery-beat) and staff edit them in the admin;
# `reminders` creates the sweep, digest and duty-reminder tasks after migrate if missing.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Notifications (portal.notifications). Email: Django's backend, console by default.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = 10
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# SMS: a dotted path to a class with send(phone, text); the default only logs a masked number.
# A provider's adapter goes here (see portal/notifications/sms.py and the README).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "portal.notifications.sms.ConsoleSmsBackend")
# Group chat (WeCom/DingTalk-style robot webhook): unset disables the channel.
GROUP_WEBHOOK_URL = os.environ.get("GROUP_WEBHOOK_URL", "")
GROUP_WEBHOOK_TIMEOUT = 5
# Links in email and SMS are paths unless the public address is known.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
# A failing channel is tried this many times with exponential backoff, then marked failed.
NOTIFY_MAX_ATTEMPTS = 5
NOTIFY_RETRY_BASE_SECONDS = 30
NOTIFY_RETRY_MAX_SECONDS = 1800

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 4xx answer is expected (a stale link, a missing right): one line, without the
    # traceback Django attaches to a refused permission or a suspicious request.
    "filters": {"client_errors": {"()": "portal.log_filters.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

PORTAL_NAME = _("Deputy Liaison Stations")
