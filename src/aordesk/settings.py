"""Settings for the embedded default (SQLite under var/); production overrides in
settings_production. Everything comes from the environment with a safe default."""

import os
import warnings
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("AORDESK_DATA_DIR", BASE_DIR / "var")).resolve()

# The embedded default is a single-user demo on the operator's own machine; the
# production module refuses to start with this key.
INSECURE_DEV_KEY = "aordesk-embedded-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEV_KEY)
# Signs the hidden identity of every outgoing workbook; separate so it can be rotated alone.
WORKBOOK_HMAC_KEY = os.environ.get("AORDESK_WORKBOOK_HMAC_KEY", SECRET_KEY)
DEBUG = os.environ.get("AORDESK_DEBUG", "0") == "1"
# The embedded demo on the operator's own machine (demo sign-in accounts allowed);
# settings_production turns it off.
AORDESK_EMBEDDED = True
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver leaves static files to WhiteNoise as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "aordesk.core",
    "aordesk.accounts",
    "aordesk.carriers",
    "aordesk.brokers",
    "aordesk.households",
    "aordesk.aor",
    "aordesk.artifacts",
    "aordesk.loaders",
    "aordesk.seed",
    "aordesk.cycle",
    "aordesk.messaging",
    "aordesk.portal",
    "aordesk.intake",
    "aordesk.review",
    "aordesk.incidents",
    "aordesk.directory",
    "aordesk.audit",
    "aordesk.dashboard",
    "aordesk.reconciliation",
    "aordesk.desk",
    "aordesk.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aordesk.core.middleware.SecurityHeadersMiddleware",
    # Static files and the favicon in every mode (runserver with DEBUG off included),
    # answered before sessions, sign-in or the TOTP requirement are looked at.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: a signed-in user without TOTP can only set it up.
    "aordesk.accounts.middleware.RequireMFAMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Only our own files run or style a page: no inline script or style, nothing from elsewhere.
AORDESK_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # data: for the QR code of the authenticator set-up page and USWDS's inline icons.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features no page here uses, refused for the page and anything it embeds.
AORDESK_PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "aordesk.urls"
WSGI_APPLICATION = "aordesk.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The portal's templates first, so its account/ and mfa/ pages replace allauth's.
        "DIRS": [Path(__file__).resolve().parent / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aordesk.portal.context_processors.uswds",
            ]
        },
    }
]


# Several cycle workers share the file: WAL lets readers run beside one writer,
# IMMEDIATE takes the write lock up front so two writers queue instead of deadlocking.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        parsed: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        if parsed["ENGINE"] == "django.db.backends.sqlite3":
            # A sqlite:/// URL names another file, not other settings: keep the embedded ones.
            parsed["OPTIONS"] = {**SQLITE_OPTIONS, **(parsed.get("OPTIONS") or {})}
        return parsed
    # SQLite cannot create the folder its file lives in; it would create the file (and its
    # -wal and -shm files, which copy its mode) under the umask: owner-only from the start.
    DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    DATA_DIR.chmod(0o700)
    database = DATA_DIR / "aordesk.sqlite3"
    os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    database.chmod(0o600)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(database),
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Business dates (Date Sent, received dates, month edges) are Minnesota dates.
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

# Uploads: no file is read past the largest any form takes (a returned workbook, 20 MB);
# a proxy in front should refuse bodies a little over that (see README, Deployment).
AORDESK_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "aordesk.core.uploads.RefusingUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

STATIC_URL = "static/"
# Production: outside the private data directory, where nginx can read it.
STATIC_ROOT = Path(os.environ.get("AORDESK_STATIC_ROOT", DATA_DIR / "static"))
# Without collectstatic (the embedded demo) WhiteNoise finds files where staticfiles does;
# production collects them with compressed, hashed names (settings_production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site root: the favicon every browser asks for.
WHITENOISE_ROOT = Path(__file__).resolve().parent / "portal" / "root"
# Embedded mode serves through the finders; STATIC_ROOT exists only once collectstatic ran.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# Created by `aordesk migrate` (aordesk.core.apps), so no deployment step can forget it.
CACHE_TABLE = "aordesk_cache"


def _cache() -> dict:
    """One cache all processes share: one-time codes and rate limits hold across workers."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    # The database cache: shared by every process of the database, no extra service.
    return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}


CACHES = {"default": _cache()}

# Sign-in (django-allauth): accounts are made by staff only, password then TOTP.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"  # brokers to their desk, staff to their messages
ACCOUNT_ADAPTER = "aordesk.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
MFA_ADAPTER = "aordesk.accounts.adapters.MFAAdapter"
# The set-up page keeps one pending secret per session (allauth makes a new one per GET).
MFA_FORMS = {
    "activate_totp": "aordesk.accounts.signin_forms.PendingSecretActivateTOTPForm",
    "authenticate": "aordesk.accounts.signin_forms.FocusedAuthenticateForm",
    "reauthenticate": "aordesk.accounts.signin_forms.FocusedCodeReauthenticateForm",
}
ACCOUNT_FORMS = {
    "login": "aordesk.accounts.signin_forms.FocusedLoginForm",
    "reauthenticate": "aordesk.accounts.signin_forms.FocusedReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MNsure AOR desk"
# Only staff create accounts and the invitation link proves the address.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# A session ends after 15 minutes without a request; every request renews it.
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AORDESK_ACCOUNT_INACTIVE_DAYS = 60

# Lockout (django-axes): 5 failed sign-ins for one username lock it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
# Counted per account as sign-in finds it (case and outer spaces do not matter).
AXES_USERNAME_CALLABLE = "aordesk.accounts.lockout.normalised_username"
# Locking by username alone is deliberate: brokers of one agency share an office IP, and
# the TOTP step stands behind every password anyway.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Review: decide high-confidence proposals without a person (audited as the system's decision).
REVIEW_AUTO_DECIDE = os.environ.get("REVIEW_AUTO_DECIDE", "0") == "1"
# The Broker Team answers a broker's or agency's message within this many business days
# (the staff inbox and the dashboard mark older ones overdue); and the review queue's target
# from a file's receipt to its determination.
MESSAGES_ANSWER_TARGET_BUSINESS_DAYS = int(os.environ.get("MESSAGES_ANSWER_TARGET_DAYS", "2"))
REVIEW_TARGET_BUSINESS_DAYS = int(os.environ.get("REVIEW_TARGET_DAYS", "2"))

# Every file kept is sealed (AES-256-GCM) under this key ring, newest first,
# "id:base64key,id:base64key"; unset, a demo key file under the data directory (0600),
# which production refuses. `aordesk artifacts rekey` moves files to the newest key.
ARTIFACT_KEYS = os.environ.get("AORDESK_ARTIFACT_KEYS", "")
ARTIFACT_KEY_FILE_ALLOWED = True
# How long each kind of kept file and record lives before `aordesk retention purge`
# destroys it (a tombstone stays), and why. Override per kind; docs/operations.md.
_TEN_YEARS = "45 CFR 155.1210: an exchange keeps its records 10 years"
AORDESK_RETENTION = {
    "aor_file": {"days": 3653, "reason": _TEN_YEARS + " (carrier AOR files)"},
    "aor_report": {"days": 3653, "reason": _TEN_YEARS + " (broker reports)"},
    "broker_statement": {"days": 3653, "reason": _TEN_YEARS + " (statements)"},
    "agency_statement": {"days": 3653, "reason": _TEN_YEARS + " (statements)"},
    "determination": {"days": 3653, "reason": _TEN_YEARS + " (determinations)"},
    "acknowledgement": {"days": 3653, "reason": _TEN_YEARS + " (acknowledgements)"},
    "submission": {"days": 3653, "reason": _TEN_YEARS + " (files as received)"},
    "carrier_ack": {"days": 3653, "reason": _TEN_YEARS + " (carriers' TA1/999 as received)"},
    "other": {"days": 3653, "reason": _TEN_YEARS + " (replies' files)"},
    "audit_event": {"days": 3653, "reason": _TEN_YEARS + "; AU-11 keeps audit records as long"},
    "outbox_eml": {
        "days": 30,
        "reason": "demo copies of notices; the notification row is the record",
    },
}
BACKUP_DIR = Path(os.environ.get("AORDESK_BACKUP_DIR", DATA_DIR / "backups"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "aordesk.messaging.backends.EmlFileBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
if EMAIL_BACKEND.endswith(("filebased.EmailBackend", "backends.EmlFileBackend")):
    # The demo's emails: owner-only like every folder under the data directory.
    Path(EMAIL_FILE_PATH).mkdir(parents=True, exist_ok=True, mode=0o700)
    Path(EMAIL_FILE_PATH).chmod(0o700)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
# Verified TLS only: the CA bundle to trust (empty: the system's), and whether a
# plaintext connection must be refused (production requires TLS).
EMAIL_SSL_CAFILE = os.environ.get("EMAIL_SSL_CAFILE", "")
EMAIL_TLS_REQUIRED = os.environ.get("EMAIL_TLS_REQUIRED", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "aor-desk@exchange.example")
AORDESK_PORTAL_URL = os.environ.get("AORDESK_PORTAL_URL", "http://localhost:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_pii": {"()": "aordesk.core.logging.MaskPersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "aordesk.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_pii"],
            # AORDESK_LOG_FORMAT=json: one JSON event per line, for a log collector.
            "formatter": "json" if os.environ.get("AORDESK_LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("AORDESK_LOG_LEVEL", "WARNING")},
}

# Carrier AOR files in X12 834 (docs/formats/carrier-aor-834.md): the exchange as sponsor
# (N1*P5, by federal tax id), ISA15 usage (P production, T test), and after how many
# business days without a TA1/999 the dashboard lists a file.
AORDESK_X12_SPONSOR_NAME = os.environ.get("AORDESK_X12_SPONSOR_NAME", "MNsure")
AORDESK_X12_SPONSOR_TAX_ID = os.environ.get("AORDESK_X12_SPONSOR_TAX_ID", "271234567")
AORDESK_X12_USAGE = os.environ.get("AORDESK_X12_USAGE", "P")
AORDESK_ACK_OVERDUE_BUSINESS_DAYS = int(os.environ.get("AORDESK_ACK_OVERDUE_BUSINESS_DAYS", "2"))
