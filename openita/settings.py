"""openita settings, read from the environment (see README "Configuration").

SQLite in the data directory by default; PostgreSQL (or any database dj-database-url reads) when DATABASE_URL
is set. Every value has a default that suits a developer's machine; production sets SECRET_KEY, DEBUG=false,
ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL.
"""

import os
import secrets
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from openita.core.observability import init_sentry, logging_config
from openita.email_url import email_settings_from_url
from openita.env import env_bool, env_int, env_list, env_secret, env_str
from openita.storage_config import default_storage_from_env

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("OPENITA_DATA_DIR", "var")).resolve()

DEBUG = env_bool("DEBUG", default=False)

# A secret key is required in production (system check openita.E001). A developer's machine gets one made
# once and kept in the data directory, so sessions survive restarts.
MISSING_SECRET_KEY = "openita-missing-secret-key"


def _development_secret_key() -> str:
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = env_secret("SECRET_KEY") or (
    _development_secret_key() if DEBUG else MISSING_SECRET_KEY
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "openita.core",
    "openita.audit",
    "openita.units",
    "openita.accounts",
    "openita.tasks",
    "openita.notifications",
    "openita.imports",
    "openita.plan_import",
    "openita.frameworks",
    "openita.scoring",
    "openita.oit",
    "openita.surveys",
    "openita.complaints",
    "openita.measures",
    "openita.risks",
    "openita.announcements",
    "openita.participation",
    "openita.working_groups",
    "openita.ita_calendar",
    "openita.demo",
    "openita.documents",
    "openita.operations",
    "openita.public_site",
    *("rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "openita.api"),  # ADR 0027
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openita.public_site.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openita.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openita.core.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openita.core.middleware.ServiceTroubleMiddleware",
    "openita.accounts.middleware.SessionTimeoutMiddleware",
    "openita.accounts.middleware.SecondFactorMiddleware",
    "openita.audit.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "openita.urls"
WSGI_APPLICATION = "openita.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openita.accounts.context_processors.navigation",
                "openita.oit.context_processors.oit_navigation",
                "openita.measures.context_processors.notifications",
            ],
            "builtins": ["openita.core.templatetags.ui"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks on reused connections: after a database restart the first request reconnects instead of
    # failing (docs/deploy.md "Faults").
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
        "OPENITA_DB_PREPARED_STATEMENTS", True
    ):
        # Django's cursors bind values on the client and are never prepared; only statements that ask
        # for it (prepare=True: the survey form's hot path, `openita.surveys.limits.count_then_run`) are,
        # once per connection. Behind a pooler that cannot keep prepared statements (PgBouncer before
        # 1.21 in transaction mode), set OPENITA_DB_PREPARED_STATEMENTS=false.
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1_000_000
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "openita.sqlite3"),
            # secure_delete: deleted rows (answers moved out of the intake, burned codes) are overwritten
            # with zeros, not left in free pages (docs/adr/0005-survey-anonymity.md).
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA secure_delete=ON;"
            },
        }
    }
_test_database_name = env_str("OPENITA_TEST_DATABASE_NAME")
if _test_database_name:
    DATABASES["default"]["TEST"] = {"NAME": _test_database_name}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "openita.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Log-in (docs/adr/0003-roles-and-login.md). After OPENITA_LOGIN_FREE_FAILURES failed attempts on one account,
# from whatever address, each further attempt waits 2, 4, 8, … seconds, at most OPENITA_LOGIN_MAX_DELAY_SECONDS;
# one address gets the same after OPENITA_LOGIN_ADDRESS_FREE_FAILURES failures across accounts within a day.
OPENITA_LOGIN_FREE_FAILURES = env_int("OPENITA_LOGIN_FREE_FAILURES", 3)
OPENITA_LOGIN_ADDRESS_FREE_FAILURES = env_int("OPENITA_LOGIN_ADDRESS_FREE_FAILURES", 30)
OPENITA_LOGIN_MAX_DELAY_SECONDS = env_int("OPENITA_LOGIN_MAX_DELAY_SECONDS", 900)
# Who must log in with a second factor (TOTP, django-otp) besides site administrators: the roles named here.
# An app adding a role of power (complaint handlers) adds its name.
OPENITA_SECOND_FACTOR_ROLES = ["unit_admin", "executive", "assessor", "complaint_handler"]
OTP_TOTP_ISSUER = "openita"
# Sessions end after OPENITA_SESSION_IDLE_MINUTES without a request, and OPENITA_SESSION_MAX_HOURS after logging in.
OPENITA_SESSION_IDLE_MINUTES = env_int("OPENITA_SESSION_IDLE_MINUTES", 30)
OPENITA_SESSION_MAX_HOURS = env_int("OPENITA_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = max(OPENITA_SESSION_MAX_HOURS, 1) * 3600

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "th")
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
# Thai comes from openita's catalogues (see openita/core/translations.py), listed here so that they win over
# Django's contrib apps for a shared msgid ("History", "Remove"): the project templates' catalogue, every
# app's own, then the Thai that Django itself lacks (password validators, form errors).
LOCALE_PATHS = [
    PACKAGE_DIR / "locale",
    *sorted(PACKAGE_DIR.glob("*/locale")),
    PACKAGE_DIR / "locale_django",
]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Bangkok")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded evidence that only people with a role in its unit may read: never served as static files.
OPENITA_PRIVATE_FILES_ROOT = Path(
    env_str("OPENITA_PRIVATE_FILES_ROOT", str(DATA_DIR / "private"))
).resolve()
OPENITA_OIT_EVIDENCE_MAX_BYTES = env_int("OPENITA_OIT_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# The link checker never fetches local or private-network addresses unless this is set (tests do).
OPENITA_LINKCHECK_ALLOW_PRIVATE = env_bool("OPENITA_LINKCHECK_ALLOW_PRIVATE", default=False)
STORAGES = {
    "default": default_storage_from_env(),  # OPENITA_STORAGE_*: see openita/storage_config.py
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("OPENITA_MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Documents (PDF, Word, Excel): the typeface family and body size; see openita/documents/fonts.py.
OPENITA_DOCUMENT_FONT = env_str("OPENITA_DOCUMENT_FONT", "Sarabun")
OPENITA_DOCUMENT_FONT_SIZE = env_str("OPENITA_DOCUMENT_FONT_SIZE", "")  # points; "" = by family
OPENITA_DOCUMENT_FONT_DIRS = env_list("OPENITA_DOCUMENT_FONT_DIRS", [])
# Word and Excel: a family every Thai government PC has (ADR 0009), at the PDF's size converted
OPENITA_OFFICE_FONT = env_str("OPENITA_OFFICE_FONT", "TH SarabunPSK")

# Background tasks (docs/adr/0006-task-queue.md): django-tasks with its database backend, run by
# `openita worker`. OPENITA_TASKS_IMMEDIATE runs each task at once inside the request that starts it (tests, a
# demo without a worker). A running task whose worker is silent for OPENITA_TASK_STALE_SECONDS is tried again
# or failed; workers beat every OPENITA_TASK_HEARTBEAT_SECONDS.
OPENITA_TASKS_IMMEDIATE = env_bool("OPENITA_TASKS_IMMEDIATE", default=False)
# OPENITA_JOBS_INLINE, the name before the task queue, still means the same for one release (then removed).
if env_bool("OPENITA_JOBS_INLINE", default=False):
    import warnings

    warnings.warn(  # a FutureWarning: shown to the people who run openita, unlike DeprecationWarning
        "OPENITA_JOBS_INLINE is deprecated and will be removed: use OPENITA_TASKS_IMMEDIATE",
        FutureWarning,
        stacklevel=1,
    )
    OPENITA_TASKS_IMMEDIATE = True
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if OPENITA_TASKS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend"
    }
}
OPENITA_TASK_STALE_SECONDS = env_int("OPENITA_TASK_STALE_SECONDS", 120)
OPENITA_TASK_HEARTBEAT_SECONDS = env_int("OPENITA_TASK_HEARTBEAT_SECONDS", 15)
# A batch of documents: processes making documents (0: one per core), and how many days the zips are kept.
OPENITA_DOCUMENT_BATCH_WORKERS = env_int("OPENITA_DOCUMENT_BATCH_WORKERS", 0)
OPENITA_DOCUMENT_BATCH_KEEP_DAYS = env_int("OPENITA_DOCUMENT_BATCH_KEEP_DAYS", 7)

# Request bodies: uploads above this size go to a temporary file rather than memory; a form's fields (not its
# files) may hold at most DATA_UPLOAD_MAX_MEMORY_SIZE. Before any of that, `RequestBodyLimitMiddleware` refuses a
# body whose declared length is over its limit, without reading it: small for the public survey form and for
# anyone not signed in, larger for signed-in people on the screens that take files.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
OPENITA_PUBLIC_BODY_MAX_BYTES = env_int("OPENITA_PUBLIC_BODY_MAX_KB", 256) * 1024
OPENITA_PUBLIC_PATH_PREFIXES = ["/s/"]
OPENITA_UPLOAD_MAX_BYTES = env_int("OPENITA_UPLOAD_MAX_MB", 110) * 1024 * 1024
# Public paths that take files from anyone: the complaint form and receipt page (/c/), up to three 10 MB files.
OPENITA_PUBLIC_UPLOAD_PREFIXES = {"/c/": 32 * 1024 * 1024}

# The complaint channel (docs/complaints.md): the one salt of receipt hashes (by default derived from
# SECRET_KEY: set it before ever rotating SECRET_KEY, or every receipt stops working).
OPENITA_COMPLAINT_RECEIPT_SALT = env_str("OPENITA_COMPLAINT_RECEIPT_SALT", "")

# Backups (`openita backup`): the folder of pg_dump and pg_restore when they are not the server's own version's
# (/usr/lib/postgresql/<major>/bin) or on PATH.
OPENITA_PG_BIN_DIR = env_str("OPENITA_PG_BIN_DIR", "")

# console:// prints mails with survey personal links and access codes redacted (docs/anonymity.md).
vars().update(email_settings_from_url(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "openita <noreply@localhost>")
# The address of this site as people reach it, for links in e-mails (reminders), e.g. https://ita.example.go.th
OPENITA_BASE_URL = env_str("OPENITA_BASE_URL", "").rstrip("/")

# Notifications through a unit's LINE Official Account (docs/notifications.md). OPENITA_LINE_BACKEND "sdk" talks
# to the Messaging API at OPENITA_LINE_API_BASE; "fake" keeps everything in the process (tests, the demo: the
# default when DEBUG is on). A channel's secret and token are encrypted with OPENITA_NOTIFICATIONS_KEY, else a
# key derived from SECRET_KEY (set it before ever rotating SECRET_KEY).
OPENITA_LINE_BACKEND = env_str("OPENITA_LINE_BACKEND", "fake" if DEBUG else "sdk")
OPENITA_LINE_API_BASE = env_str("OPENITA_LINE_API_BASE", "https://api.line.me").rstrip("/")
OPENITA_NOTIFICATIONS_KEY = env_secret("OPENITA_NOTIFICATIONS_KEY") or ""

# Public surveys (docs/anonymity.md): limits per source and day (0 turns one off; counters hold the day,
# never an hour), the daily cap a new campaign starts with, the smallest quota group or line of work whose
# answers or scores are shown apart (the one source of that threshold: openita.core.anonymity), how many
# answers move together into the answers table (never fewer than that threshold), and the margin above
# an IIT's staff count up to which answers are accepted.
OPENITA_SURVEY_REQUESTS_PER_DAY = env_int("OPENITA_SURVEY_REQUESTS_PER_DAY", 3000)
OPENITA_SURVEY_SUBMISSIONS_PER_DAY = env_int("OPENITA_SURVEY_SUBMISSIONS_PER_DAY", 300)
OPENITA_SURVEY_DAILY_CAP = env_int("OPENITA_SURVEY_DAILY_CAP", 1000)
OPENITA_SURVEY_MIN_GROUP_SIZE = env_int("OPENITA_SURVEY_MIN_GROUP_SIZE", 5)
OPENITA_SURVEY_SHUFFLE_BATCH = env_int("OPENITA_SURVEY_SHUFFLE_BATCH", 10)
OPENITA_SURVEY_STAFF_MARGIN_PERCENT = env_int("OPENITA_SURVEY_STAFF_MARGIN_PERCENT", 10)
for _replaced in ("OPENITA_SURVEY_REQUESTS_PER_MINUTE", "OPENITA_SURVEY_SUBMISSIONS_PER_HOUR"):
    if _replaced in os.environ:  # counters keep the day only (docs/anonymity.md)
        warnings.warn(
            f"{_replaced} is no longer used: set OPENITA_SURVEY_REQUESTS_PER_DAY and "
            "OPENITA_SURVEY_SUBMISSIONS_PER_DAY (limits per day; a burst limit belongs to the proxy).",
            DeprecationWarning,
            stacklevel=1,
        )
# How long each server process reuses a survey link's campaign (seconds; 0: never).
OPENITA_SURVEY_LINK_CACHE_SECONDS = env_int("OPENITA_SURVEY_LINK_CACHE_SECONDS", 10)
# The public site (openita.public_site) keeps its pages in a cache shared by every server process: a folder
# (one per machine; on several machines point it at a shared disk). Pages are forgotten when the head of unit
# approves a change, and after OPENITA_PUBLIC_CACHE_SECONDS at the latest.
OPENITA_PUBLIC_CACHE_DIR = env_str("OPENITA_PUBLIC_CACHE_DIR", str(DATA_DIR / "public-cache"))
OPENITA_PUBLIC_CACHE_SECONDS = env_int("OPENITA_PUBLIC_CACHE_SECONDS", 3600)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": OPENITA_PUBLIC_CACHE_DIR,
        "TIMEOUT": OPENITA_PUBLIC_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
# Recomputing many results on PostgreSQL (`openita score --all`): how many processes score at once
# (0: one per CPU, at most 4; 1: no extra processes).
OPENITA_SCORING_PROCESSES = env_int("OPENITA_SCORING_PROCESSES", 0)
# Behind a reverse proxy: the request header holding the client's address (e.g. HTTP_X_REAL_IP).
OPENITA_CLIENT_IP_HEADER = env_str("OPENITA_CLIENT_IP_HEADER", "")

# HTTPS (docs/security.md). With DEBUG off: cookies only over HTTPS, plain HTTP redirected to HTTPS,
# and HSTS for a year (subdomains included unless OPENITA_HSTS_INCLUDE_SUBDOMAINS=false). Behind a proxy that
# ends TLS, set OPENITA_PROXY_SSL_HEADER to the header it sets (X-Forwarded-Proto, which it must overwrite) so that
# Django knows the request came over HTTPS; or let the proxy redirect and set OPENITA_SSL_REDIRECT=false.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("OPENITA_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("OPENITA_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/"]  # a load balancer's plain-HTTP health check
SECURE_HSTS_SECONDS = env_int("OPENITA_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OPENITA_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("OPENITA_HSTS_PRELOAD", default=True)
_proxy_ssl_header = env_str("OPENITA_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content security policy (django-csp): scripts, styles, fonts and pictures only from this site, no inline
# script, no framing, forms post only here. Style *attributes* may be inline (progress bars and timelines are
# sized by them; a style attribute runs no script): see docs/adr/0004-hardening.md.
# The API (/api/v1/, docs/api.md, docs/adr/0027-api.md): personal tokens or the site's session, JSON only,
# cursor pages, a rate per token (OPENITA_API_RATE, e.g. "600/min"; a token may carry its own).
OPENITA_API_RATE = env_str("OPENITA_API_RATE", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openita.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["openita.api.permissions.TokenScopePermission"],
    "DEFAULT_THROTTLE_CLASSES": ["openita.api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "openita.api.pagination.StableCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "openita.api.views.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "openita API",
    "DESCRIPTION": (
        "Read units, people's roles, frameworks, results, survey progress, OIT items and measures; add OIT "
        "evidence and measures progress; make documents. Same permissions as the screens.\n\n"
        "อ่านข้อมูลหน่วยงาน บทบาทของบุคลากร กรอบการประเมิน ผลการประเมิน ความคืบหน้าการสำรวจ ข้อ OIT และมาตรการ "
        "เพิ่มหลักฐาน OIT และความคืบหน้าของมาตรการ และจัดทำเอกสาร ด้วยสิทธิ์เดียวกับหน้าจอ"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OitItemStatusEnum": "openita.oit.models.Status",
        "BatchStatusEnum": "openita.documents.models.BatchStatus",
        "FrameworkStatusEnum": "openita.frameworks.models.VersionStatus",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Logs go to standard error, scrubbed of addresses, e-mail addresses and tokens (openita/core/observability.py),
# as text or as one JSON object a line (OPENITA_LOG_FORMAT=json).
LOGGING = logging_config(
    env_str("OPENITA_LOG_LEVEL", "WARNING"), env_str("OPENITA_LOG_FORMAT", "text")
)

# Error reports to Sentry (or a compatible server) when SENTRY_DSN is set; never personal data.
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    init_sentry(SENTRY_DSN, env_str("SENTRY_ENVIRONMENT", ""), env_str("SENTRY_RELEASE", ""))
