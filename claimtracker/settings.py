"""Settings for the claim tracker, read from the environment.

Every value has a safe development default, so a fresh clone runs on an SQLite file with no
configuration. Production sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# In a checkout the SQLite file and seeds sit beside manage.py; an installed app keeps its data
# in the folder it is run from, never inside site-packages.
IN_CHECKOUT = (BASE_DIR / "manage.py").exists()
DATA_DIR = BASE_DIR if IN_CHECKOUT else Path.cwd()
# The site-wide templates/ and static/ sit beside manage.py in a checkout; the wheel carries them
# inside this package instead (pyproject.toml maps them there), as site-packages has no room for
# top-level folders of that name.
SITE_FILES_DIR = BASE_DIR if IN_CHECKOUT else Path(__file__).resolve().parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A switch: 1/0, true/false, yes/no or on/off (any case); blank or unset is the default.

    Anything else stops the app: a typo (DEBUG=ture) must not quietly read as off.
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a switch: use 1 or 0 (true/false, yes/no, on/off)."
    )


def env_number(name, default, kind=int):
    """A whole number (or, with kind=float, any number); blank or unset is the default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not {what}.")
    return number


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key would let anyone forge sessions: no silent fallback outside development.
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Origins whose pages may frame the embeds (https://news.example.org, comma-separated); no
# other page of the app may be framed by anyone.
EMBED_ORIGINS = env_list("EMBED_ORIGINS")

# Reading the public pages is open to all unless this is set.
READ_REQUIRES_LOGIN = env_bool("READ_REQUIRES_LOGIN")
# A less guessable admin address cuts the noise of automated login attempts.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
LOGIN_URL = "admin:login"
# Where a login lands when it names no page, or one it may not go to.
LOGIN_REDIRECT_URL = "admin:index"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "claims",
    "desk",
    "review",
    "api",
    "publishing",
]

MIDDLEWARE = [
    # A write that cannot wait out the worker's import on SQLite is told so, not a 500.
    "claimtracker.middleware.DatabaseBusyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface's language: the visitor's choice (a cookie), else their browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "claimtracker.middleware.ReadRequiresLoginMiddleware",
    # Last, as django-axes asks: it turns away locked-out logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one user name from one address lock that pair out for an hour: a
# stranger can lock out only themselves, never the user. The address is the visitor's own,
# read through the trusted proxies only (TRUSTED_PROXY_HOPS, below).
AXES_FAILURE_LIMIT = env_number("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "claimtracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_FILES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.languages",
                "review.context_processors.review_notices",
            ],
        },
    },
]

WSGI_APPLICATION = "claimtracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Readers never wait for a writer, so pages keep serving while the worker imports.
            "init_command": "PRAGMA journal_mode=WAL;",
            # A write waits this long for another to commit; past it (the worker's import holds
            # the lock for minutes) the visitor is told to try again (claimtracker/middleware.py).
            "timeout": env_number("SQLITE_BUSY_TIMEOUT", 5, float),
            # Transactions stay deferred, not "IMMEDIATE": the admin opens one even to show a
            # form, which would then wait on an import as a save does.
        }
    )

# PostgreSQL plans a query each time it gets one, unless it was prepared: planning the joins of
# a claim page took longer than running them. A query repeated PREPARE_THRESHOLD times on a
# connection is prepared (psycopg 3, parameters bound by the server). Set it to "off" behind a
# pooler that hands a session's statements to other clients (PgBouncer in transaction mode).
if os.environ.get("PREPARE_THRESHOLD", "").strip().lower() == "off":
    POSTGRESQL_OPTIONS = {}
else:
    POSTGRESQL_OPTIONS = {
        "server_side_binding": True,
        "prepare_threshold": env_number("PREPARE_THRESHOLD", 5),
    }


def with_postgresql_options(database):
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).update(POSTGRESQL_OPTIONS)
    return database


with_postgresql_options(DATABASES["default"])

# Read replicas (comma-separated URLs): public pages read from one that has caught up with the
# primary; everything else uses the primary (claimtracker/replicas.py).
REPLICA_DATABASES = []
for number, url in enumerate(
    filter(None, (url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(","))),
    start=1,
):
    alias = f"replica{number}"
    DATABASES[alias] = with_postgresql_options(
        dj_database_url.parse(
            url, conn_max_age=env_number("CONN_MAX_AGE", 0), conn_health_checks=True
        )
    )
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    REPLICA_DATABASES.append(alias)
DATABASE_ROUTERS = ["claimtracker.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface's languages. English is the default and the language of the source code.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
# Number and date formats where Django's own differ from what newsrooms print (formats/).
FORMAT_MODULE_PATH = ["claimtracker.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # a year: a reader's choice outlives the session
# The language editors write the data in (summaries, questions, names): the `lang` of that
# text whatever the interface's language. A quote keeps its own (Claim.quote_language).
CONTENT_LANGUAGE = os.environ.get("CONTENT_LANGUAGE", "en")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [SITE_FILES_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not hashed: a manifest would make every test run need collectstatic first.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from static/ and the app folders too, so tests and a plain `runserver` need no
# collectstatic.
WHITENOISE_USE_FINDERS = True

# Security. Development defaults; deploy/production.env.example turns everything on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE")
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE")
SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours each request passes (each appends the address it saw to
# X-Forwarded-For); with none, the connection's own address is the visitor's.
TRUSTED_PROXY_HOPS = env_number("TRUSTED_PROXY_HOPS", 1 if BEHIND_TLS_PROXY else 0)
# django-axes reads the address through django-ipware. Behind our proxies it is the one the first
# of them saw: ipware counts the proxies after it in X-Forwarded-For, and the last of ours is the
# connection itself, so one fewer. Whatever a client writes into the header stands further left
# and is never read; not strict, so such a header does not make ipware fall back to the
# connection's address (the proxy's, shared by everyone behind it).
if TRUSTED_PROXY_HOPS:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_HOPS - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
IPWARE_STRICT = False
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No inline script anywhere; the JSON-LD blocks are data, which browsers never run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The page cache: pages are keyed by a stamp of the data (claimtracker/caching.py), so no server
# serves a page older than the last committed edit. With REDIS_URL every app server shares one
# cache in Redis (a page rendered through one is served by all); without it each process keeps
# its own in memory. Redis needs no persistence: give it a memory limit and an LRU policy
# (maxmemory, maxmemory-policy allkeys-lru).
REDIS_URL = os.environ.get("REDIS_URL", "")
# A running job's progress is written outside its transaction, to a cache every process can
# read: Redis where there is one, else files on this machine (one machine: SQLite's case).
JOB_PROGRESS_DIR = Path(os.environ.get("JOB_PROGRESS_DIR", DATA_DIR / "var" / "progress"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "claimtracker.caching.SharedCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "claimtracker"),
            # A Redis that is down or slow costs a request at most this long, then the page is
            # built from the database as if it were not cached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "progress": {
            "BACKEND": "claimtracker.caching.SharedCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "claimtracker") + "-progress",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "claimtracker.caching.SizeBoundedMemoryCache",
            "OPTIONS": {
                "MAX_ENTRIES": env_number("PAGE_CACHE_ENTRIES", 2000),
                "MAX_BYTES": int(env_number("PAGE_CACHE_MEGABYTES", 64, float) * 1024 * 1024),
            },
        },
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": JOB_PROGRESS_DIR,
        },
    }

# The largest file the admin's import takes; larger ones go through `manage.py import_claims`.
IMPORT_MAX_BYTES = int(env_number("IMPORT_MAX_MEGABYTES", 100, float) * 1_000_000)
# Files up to this size are checked and imported within the request; larger ones, and claim
# exports of more than EXPORT_IN_REQUEST_CLAIMS, become background jobs run by a worker
# (`manage.py db_worker`), so no request outlasts the app server's timeout.
IMPORT_IN_REQUEST_BYTES = int(env_number("IMPORT_IN_REQUEST_MEGABYTES", 1, float) * 1_000_000)
EXPORT_IN_REQUEST_CLAIMS = env_number("EXPORT_IN_REQUEST_CLAIMS", 50000)
# Different exports waiting for or being written by the worker at once; more are turned away.
EXPORTS_AT_ONCE = env_number("EXPORTS_AT_ONCE", 4)
# A running job whose worker has not been heard from for this long is shown as stopped.
JOB_STOPPED_AFTER_SECONDS = env_number("JOB_STOPPED_AFTER_SECONDS", 120)

# The desk reads an article from its address (desk/fetching.py): the worker waits this long to
# connect and for the whole page, takes pages up to this size, and goes only to addresses on the
# public internet unless DESK_FETCH_ALLOW_PRIVATE is on (for tests, or a newsroom's own network).
DESK_FETCH_TIMEOUT_SECONDS = env_number("DESK_FETCH_TIMEOUT_SECONDS", 15, float)
DESK_FETCH_MAX_BYTES = int(env_number("DESK_FETCH_MAX_MEGABYTES", 5, float) * 1_000_000)
DESK_FETCH_ALLOW_PRIVATE = env_bool("DESK_FETCH_ALLOW_PRIVATE")

# Errors (with their tracebacks) and warnings go to standard error, where gunicorn and the
# worker's supervisor collect them; with DEBUG off Django would otherwise only mail them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The JSON API (api/): Django REST framework, its OpenAPI document by drf-spectacular. Staff
# write with a token of their own (Authorization: Token <key>) or their admin session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadLikeThePagesWriteAsStaff"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": "Who said what about a news event: events, their comparisons, questions, "
    "claims, sources and articles; and imports of interchange documents.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Background jobs are rows in the database (django-tasks-db): nothing more to run than the
# worker, and a job is enqueued in the same transaction as the record that describes it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Finished exports, until they are downloaded; several servers need it shared (or STORAGES
# pointed at an object store).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "var" / "media"))

SEEDS_DIR = Path(os.environ.get("SEEDS_DIR", BASE_DIR / "seeds"))
# Where the app is served, for links in exports made on the command line.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Notices to staff (a change of theirs approved or sent back) go by e-mail: printed to the
# console in development, sent through the SMTP server the EMAIL_ settings name otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_number("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claims@localhost")
