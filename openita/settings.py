"""openita settings, read from the environment (see README "Configuration").

SQLite in the data directory by default; PostgreSQL (or any database dj-database-url reads) when DATABASE_URL
is set. Every value has a default that suits a developer's machine; production sets SECRET_KEY, DEBUG=false,
ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from openita.email_url import email_settings_from_url
from openita.env import env_bool, env_int, env_list, env_secret, env_str

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
    "openita.core",
    "openita.audit",
    "openita.units",
    "openita.accounts",
    "openita.imports",
    "openita.frameworks",
    "openita.scoring",
    "openita.oit",
    "openita.surveys",
    "openita.measures",
    "openita.working_groups",
    "openita.ita_calendar",
    "openita.demo",
    "openita.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openita.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "openita.core.context_processors.navigation",
                "openita.oit.context_processors.oit_navigation",
                "openita.measures.context_processors.notifications",
            ],
            "builtins": ["openita.core.templatetags.ui"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
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
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
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
PRIVATE_FILES_ROOT = Path(
    env_str("OPENITA_PRIVATE_FILES_ROOT", str(DATA_DIR / "private"))
).resolve()
OIT_EVIDENCE_MAX_BYTES = env_int("OPENITA_OIT_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# The link checker never fetches local or private-network addresses unless this is set (tests do).
OIT_LINKCHECK_ALLOW_PRIVATE = env_bool("OPENITA_LINKCHECK_ALLOW_PRIVATE", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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

# Background jobs (a batch of documents) run as separate OS processes; inline (in the request) when true.
OPENITA_JOBS_INLINE = env_bool("OPENITA_JOBS_INLINE", default=False)
# A batch of documents: processes making documents (0: one per core), how long a worker may stay silent
# before its batch counts as failed, and how many days the zips are kept.
OPENITA_DOCUMENT_BATCH_WORKERS = env_int("OPENITA_DOCUMENT_BATCH_WORKERS", 0)
OPENITA_DOCUMENT_BATCH_STALE_SECONDS = env_int("OPENITA_DOCUMENT_BATCH_STALE_SECONDS", 600)
OPENITA_DOCUMENT_BATCH_KEEP_DAYS = env_int("OPENITA_DOCUMENT_BATCH_KEEP_DAYS", 7)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

vars().update(email_settings_from_url(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "openita <noreply@localhost>")
# The address of this site as people reach it, for links in e-mails (reminders), e.g. https://ita.example.go.th
OPENITA_BASE_URL = env_str("OPENITA_BASE_URL", "").rstrip("/")

# Public surveys (docs/anonymity.md): limits per source (0 turns one off), the daily cap a new campaign
# starts with, and the smallest quota group whose answers are shown apart.
OPENITA_SURVEY_REQUESTS_PER_MINUTE = env_int("OPENITA_SURVEY_REQUESTS_PER_MINUTE", 120)
OPENITA_SURVEY_SUBMISSIONS_PER_HOUR = env_int("OPENITA_SURVEY_SUBMISSIONS_PER_HOUR", 100)
OPENITA_SURVEY_DAILY_CAP = env_int("OPENITA_SURVEY_DAILY_CAP", 1000)
OPENITA_SURVEY_MIN_GROUP_SIZE = env_int("OPENITA_SURVEY_MIN_GROUP_SIZE", 5)
# How long each server process reuses a survey link's campaign (seconds; 0: never).
OPENITA_SURVEY_LINK_CACHE_SECONDS = env_int("OPENITA_SURVEY_LINK_CACHE_SECONDS", 10)
# Recomputing many results on PostgreSQL (`openita score --all`): how many processes score at once
# (0: one per CPU, at most 4; 1: no extra processes).
OPENITA_SCORING_PROCESSES = env_int("OPENITA_SCORING_PROCESSES", 0)
# Behind a reverse proxy: the request header holding the client's address (e.g. HTTP_X_REAL_IP).
OPENITA_CLIENT_IP_HEADER = env_str("OPENITA_CLIENT_IP_HEADER", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG and bool(DATABASE_URL))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
