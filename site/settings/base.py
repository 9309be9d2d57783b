"""Settings shared by every configuration.

Everything that differs between machines comes from the environment (see README,
"Settings"); the defaults keep all state under ``var/`` so that a fresh clone runs
with nothing else installed.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so that their templates and translations win.
    "clients",
    "dossiers",
    "portal_pages",
    "common",
    "notifications",
    "payments",
    "privacy",
    "security",
    # No "demo" here: the demo world and the Stripe stand-in are added by dev.py and
    # test.py only, so that production neither installs nor loads them.
    # Wagtail.
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    # Security: login throttling, two-factor authentication, Content-Security-Policy.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Background work and email.
    "django_tasks",
    "django_tasks_db",
    "anymail",
    # Django.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]
# Form widgets' templates come from the project's template tree too.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "security.middleware.SecurityHeadersMiddleware",
    "security.middleware.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clients.middleware.EndedSessionMiddleware",
    "security.middleware.SessionTimeoutMiddleware",
    "security.middleware.AuditContextMiddleware",
    "clients.middleware.TwoFactorMiddleware",
    "clients.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
    # A back-office address naming a dossier (or what hangs from it) its user may not see
    # is a 404, whichever app's or Wagtail's view it is (common/scopes.py).
    "common.scopes.StaffScopeMiddleware",
    "common.middleware.FrenchHeaderTitleMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                # The firm's settings and texts, from the cache (portal_pages/context.py),
                # in place of Wagtail's settings processor (two queries a page).
                "portal_pages.context.portal",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise (postgres://...).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A persistent connection is not checked before each request (that is a round
        # trip on every page): one that the database dropped fails the request that finds
        # it, and is then closed. DATABASE_HEALTH_CHECKS=1 where connections are often cut.
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while the worker writes; the timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARE", True
):
    # psycopg prepares a statement it runs again on the same connection (from its fifth
    # run; this needs server-side binding): PostgreSQL then plans it once, not on every
    # page (planning the access gate's joins costs more than running them). Behind a
    # pooler in transaction mode (PgBouncer before 1.21), set DATABASE_PREPARE=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts: clients and lawyers are one user model that logs in with its email.
AUTH_USER_MODEL = "clients.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "clients.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Hard to guess (zxcvbn score 3 or more, the account's own words taken into account),
    # and never the current password again. The rule: CNIL deliberation no. 2022-100.
    {
        "NAME": "clients.validators.PasswordStrengthValidator",
        "OPTIONS": {"min_score": 3},
    },
    {"NAME": "clients.validators.NotCurrentPasswordValidator"},
    # Not a rule: audits a changed password and emails its owner (password_changed).
    {"NAME": "clients.validators.PasswordChangeNotice"},
]
LOGIN_URL = "clients:login"
LOGIN_REDIRECT_URL = "dossiers:home"
LOGOUT_REDIRECT_URL = "clients:login"
# A reset link lasts one day, an invitation's activation link 72 hours (clients/tokens.py);
# Django's own check of these tokens allows the longer of the two.
PASSWORD_RESET_LINK_TIMEOUT = 60 * 60 * 24
ACTIVATION_LINK_TIMEOUT = 60 * 60 * 72
# The link that lets the owner's browser past a login lockout (security/throttle.py).
UNLOCK_LINK_TIMEOUT = 60 * 60
PASSWORD_RESET_TIMEOUT = max(PASSWORD_RESET_LINK_TIMEOUT, ACTIVATION_LINK_TIMEOUT)

# Internationalisation: the portal and the back office are French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# No « what's new in Wagtail » badge and panel: the firm's lawyers did not install Wagtail.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Static files are collected and served by WhiteNoise (hashed, compressed).
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Files. "default" holds what Wagtail manages (the firm's logo, help-page images):
# public by nature. "private" holds every client file (shared documents, invoices,
# deposits): it has no URL and is only read by views that check access.
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_FILES_ROOT = VAR_DIR / "private"
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # An S3-compatible object store, shared by every app server.
    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,
        # A download larger than this spools to disk rather than memory.
        "max_memory_size": 2 * 1024 * 1024,
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "public", "querystring_auth": False},
        },
        "private": {
            "BACKEND": "dossiers.files.PrivateS3Storage",
            "OPTIONS": {
                **_s3_options,
                "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME),
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
            },
        },
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "dossiers.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": PRIVATE_FILES_ROOT},
        },
    }
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Background work: the Django tasks framework with its database backend, so that a
# task is stored in the same transaction as the change that causes it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

# Email. Development writes files to var/mail/; setting ANYMAIL_PROVIDER (e.g.
# "postmark", "mailgun", "brevo") sends through that provider in any configuration,
# with every other ANYMAIL_* variable passed to Anymail (ANYMAIL_POSTMARK_SERVER_TOKEN...).
ANYMAIL_PROVIDER = os.environ.get("ANYMAIL_PROVIDER", "").strip().lower()
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and key != "ANYMAIL_PROVIDER"
}
if ANYMAIL_PROVIDER:
    if not ANYMAIL_PROVIDER.isidentifier():
        raise ImproperlyConfigured(f"ANYMAIL_PROVIDER is not a provider name: {ANYMAIL_PROVIDER!r}")
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_PROVIDER}.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mon espace client <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Outbox: retries with exponential backoff from EMAIL_RETRY_BASE_DELAY seconds, at most
# EMAIL_MAX_ATTEMPTS attempts; a worker that stops mid-send releases its email after
# EMAIL_SENDING_LEASE seconds. Share emails wait NOTIFICATION_QUIET_PERIOD seconds for
# other publishes to merge with.
# 80 attempts, one an hour once the backoff reaches its cap: about three days of outage.
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "80"))
# A send that hangs gives up well before its lease ends (Anymail has its own timeout).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "60"))
EMAIL_RETRY_BASE_DELAY = int(os.environ.get("EMAIL_RETRY_BASE_DELAY", "30"))
EMAIL_SENDING_LEASE = int(os.environ.get("EMAIL_SENDING_LEASE", "600"))
ANYMAIL.setdefault("REQUESTS_TIMEOUT", EMAIL_TIMEOUT)
NOTIFICATION_QUIET_PERIOD = int(os.environ.get("NOTIFICATION_QUIET_PERIOD", "120"))

# Stripe (online invoice payment).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# Test keys (sk_test_, rk_test_) and STRIPE_API_BASE (a stand-in) are for a test
# deployment: production refuses them unless this says so, and then refuses live keys.
STRIPE_TEST_MODE = env_bool("STRIPE_TEST_MODE", False)

# Demo data (`manage.py load_demo`: accounts whose passwords are published in the README)
# is loaded only where this is true: development and tests, never production.
DEMO_DATA_ALLOWED = False

# The portal's public address, for links in emails (no trailing slash).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Wagtail.
WAGTAIL_SITE_NAME = "Mon espace client"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no lawyer's address (hashed) sent to gravatar.com
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "clients.forms.AdminLoginForm"  # its password field in French
# The firm's people get a new password from a firm admin (Users); the admin's own reset
# form would be an unthrottled door to every account, clients' included.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Dates are shown and typed the French way in the back office (its date pickers too); each
# is one of the French input formats, so what the picker writes is what the form reads.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# The cache holds the rate limits (django-ratelimit, RATELIMIT_USE_CACHE), so every process
# of every app server must share it: Redis with REDIS_URL (django-redis; each process keeps
# a pool of connections, and a connection Redis closed is made again at its next use),
# else the database: a table for the firm's set-up and the client's cards (Django's
# database cache, `migrate` makes it), and one for the counters, which must lose no hit
# (security.counters). A cache in memory would give each gunicorn worker a limit of its
# own. django-axes keeps its lockouts in the database anyway.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer fails the request within 2 s, not a worker's timeout.
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 5},
    }
    CACHES = {"default": _redis, "counters": _redis}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "counters": {"BACKEND": "security.counters.CounterCache"},
    }
RATELIMIT_USE_CACHE = "counters"

# Brute force (django-axes, security/throttle.py): 5 failures for one account from one
# address lock that pair for AXES_COOLOFF_TIME; after 5 failures for one account from
# anywhere, each try waits 2, 4, 8… seconds, at most LOGIN_SLOWDOWN_MAX_SECONDS; an
# emailed link lets the owner's browser in all the same. The client's address is
# REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies stand in front (then the one the nearest
# trusted proxy saw), so a forged X-Forwarded-For changes nothing.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_SLOWDOWN_AFTER", "5"))
LOGIN_SLOWDOWN_MAX_SECONDS = int(os.environ.get("LOGIN_SLOWDOWN_MAX_SECONDS", "30"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked account or address gets the lockout page, not the ordinary login error.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "security.throttle.PortalAxesHandler"
AXES_LOCKOUT_CALLABLE = "security.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "security.throttle.client_ip"
AXES_USERNAME_CALLABLE = "security.throttle.username_of"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Password reset and first-connection links: per address and per account, per hour.
RESET_RATE_PER_IP = os.environ.get("RESET_RATE_PER_IP", "10/h")
RESET_RATE_PER_ACCOUNT = os.environ.get("RESET_RATE_PER_ACCOUNT", "3/h")
RATELIMIT_VIEW = "security.throttle.rate_limited"
# « Télécharger mes données »: how long the emailed link works, in hours.
DATA_EXPORT_LINK_HOURS = int(os.environ.get("DATA_EXPORT_LINK_HOURS", "48"))
# A client's private calendar feed: requests per token and per address.
CALENDAR_FEED_RATE = os.environ.get("CALENDAR_FEED_RATE", "60/h")
# One deposit (dossiers/uploads.py): bytes per file, bytes per request, files per request.
DEPOSIT_MAX_FILE_SIZE = int(os.environ.get("DEPOSIT_MAX_FILE_SIZE", str(50 * 1024 * 1024)))
DEPOSIT_MAX_REQUEST_SIZE = int(os.environ.get("DEPOSIT_MAX_REQUEST_SIZE", str(200 * 1024 * 1024)))
DEPOSIT_MAX_FILES = int(os.environ.get("DEPOSIT_MAX_FILES", "20"))
# What one client may send, counted from the database over a rolling window
# (dossiers/quotas.py): bytes and files deposited per 24 hours, messages per hour.
DEPOSIT_DAILY_BYTES = int(os.environ.get("DEPOSIT_DAILY_BYTES", str(500 * 1024 * 1024)))
DEPOSIT_DAILY_FILES = int(os.environ.get("DEPOSIT_DAILY_FILES", "100"))
MESSAGES_PER_HOUR = int(os.environ.get("MESSAGES_PER_HOUR", "10"))
if min(DEPOSIT_DAILY_BYTES, DEPOSIT_DAILY_FILES, MESSAGES_PER_HOUR) < 1:
    raise ImproperlyConfigured(
        "DEPOSIT_DAILY_BYTES, DEPOSIT_DAILY_FILES and MESSAGES_PER_HOUR must be at least 1."
    )

# Sessions: 30 minutes idle, 12 hours at most (security.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(12 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# With Redis, sessions are read from the cache (written through to the database, which
# keeps them across a Redis restart); with the database cache that would only add a table.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
# Client pages kept whole in the cache (portal_pages.cache.cached_page): with Redis. In
# the database cache each page made anew would be a row written, and a page read back a
# query: not worth it.
CLIENT_PAGE_CACHE = env_bool("CLIENT_PAGE_CACHE", bool(REDIS_URL))
# A download's audit entry goes through a Redis stream that the worker writes to the
# database within a second (security.audit), when that Redis keeps its writes on disk
# (appendonly); otherwise, or with AUDIT_QUEUE=0, it is written before the file is sent.
AUDIT_QUEUE = env_bool("AUDIT_QUEUE", bool(REDIS_URL))

# Two-factor authentication (django-otp, TOTP with recovery codes): required for every
# back-office user unless turned off (development); clients may turn it on for themselves.
ADMIN_TWO_FACTOR_REQUIRED = env_bool("ADMIN_TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Mon espace client")

# Content-Security-Policy (django-csp) on the portal: no inline script or style at all.
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
        "frame-ancestors": ["'none'"],
        # "Payer" redirects to Stripe Checkout (security.middleware adds a stand-in's origin).
        "form-action": ["'self'", "https://checkout.stripe.com"],
    },
}
# The Wagtail back office (/admin/) shows text written by clients: its own policy, as strict
# as Wagtail 8 allows. Its forms still print inline <script>s (date pickers, choosers,
# inline panels: wagtail/wagtail#1288), so script elements may be inline; inline event
# handlers (onerror=...), eval and any other origin stay refused. Wagtail sets style
# attributes and its editor's scripts add <style> elements: styles may be inline.
# security.middleware applies this policy and lets Wagtail's previews, which it marks
# X-Frame-Options: SAMEORIGIN, be framed by the admin itself.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],  # blob: thumbnails of images being uploaded
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Antivirus: a ClamAV daemon (clamd), when one is configured; deposits then wait for it.
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_TIMEOUT = int(os.environ.get("CLAMD_TIMEOUT", "60"))

# Security defaults for every configuration; production.py adds HTTPS-only ones.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
