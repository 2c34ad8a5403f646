"""Production: PostgreSQL, real SMTP with verified TLS, HTTPS only. Refuses an unset key."""

import os

from django.core.exceptions import ImproperlyConfigured

from aordesk.settings import *  # noqa: F403
from aordesk.settings import INSECURE_DEV_KEY, SECRET_KEY

if not SECRET_KEY or SECRET_KEY == INSECURE_DEV_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL to the production PostgreSQL database.")
if not os.environ.get("AORDESK_ARTIFACT_KEYS"):
    raise ImproperlyConfigured("Set AORDESK_ARTIFACT_KEYS: kept files are sealed under it.")

DEBUG = False
ARTIFACT_KEY_FILE_ALLOWED = False
AORDESK_EMBEDDED = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
SECURE_SSL_REDIRECT = True
# Probes reach gunicorn directly over loopback HTTP (deploy/, docs/operations.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = "aordesk.messaging.backends.VerifiedTLSEmailBackend"
EMAIL_TLS_REQUIRED = True
if not (os.environ.get("EMAIL_USE_SSL") == "1" or os.environ.get("EMAIL_USE_TLS") == "1"):
    EMAIL_USE_TLS = True
# collectstatic writes compressed files with hashed names; WhiteNoise serves them for ever.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
