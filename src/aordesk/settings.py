"""Settings for the embedded default (SQLite under var/); production overrides in
settings_production. Everything comes from the environment with a safe default."""

import os
from pathlib import Path

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
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aordesk.core.middleware.SecurityHeadersMiddleware",
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


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    # SQLite cannot create the folder its file lives in.
    DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "aordesk.sqlite3"),
        # Several cycle workers share the file: WAL lets readers run beside one writer,
        # IMMEDIATE takes the write lock up front so two writers queue instead of deadlocking.
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
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

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

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
# Locking by username alone is deliberate: brokers of one agency share an office IP, and
# the TOTP step stands behind every password anyway.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Review: decide high-confidence proposals without a person (audited as the system's decision).
REVIEW_AUTO_DECIDE = os.environ.get("REVIEW_AUTO_DECIDE", "0") == "1"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
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
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_pii"],
            "formatter": "plain",
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
