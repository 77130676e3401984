"""Settings for the citizen-promise tracker, read from the environment.

One module for every environment. With nothing set it runs on a SQLite file in the project
with ``DEBUG`` on, "so it just runs"; production sets ``DEBUG=0``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` and ``DATABASE_URL`` (PostgreSQL). Every variable is listed in
``.env.example``.
"""

import datetime
import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Read a yes/no variable: 1/true/yes/on or 0/false/no/off (any case)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a yes/no value, not {value!r}")


def env_list(name, default=""):
    """Read a comma-separated list, ignoring empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# An origin a page may be framed from: scheme://host[:port], nothing more (CSP source syntax,
# without its wildcards). Plain http only for this machine, as a developer's test page.
_ORIGIN = re.compile(
    r"(?P<scheme>https?)://(?P<host>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::(?P<port>[0-9]{1,5}))?"
)
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def parse_origins(name, text):
    """The origins in ``text``, separated by commas or spaces, lower-cased, each once, in order:
    ``https://host`` or ``https://host:port`` (``http://`` only for localhost). Anything else
    (a path, a trailing slash, a wildcard, a user name, another scheme) is refused, naming it."""
    origins = []
    for item in re.split(r"[\s,]+", text.strip()):
        if not item:
            continue
        match = _ORIGIN.fullmatch(item.lower())
        host = match and match["host"]
        if host and host.startswith("["):
            try:
                ipaddress.IPv6Address(host[1:-1])
            except ValueError:
                host = None
        port = match and match["port"]
        if not host or (port and not 0 < int(port) < 65536):
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an origin. Write each as scheme://host or "
                "scheme://host:port, with no path or trailing slash (a name with å, ä or ö in its "
                "xn-- form), e.g. https://www.alvsbyn.se"
            )
        if match["scheme"] == "http" and host not in _LOOPBACK_HOSTS:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not https. Only localhost may be framed over plain http."
            )
        origin = item.lower()
        if origin not in origins:
            origins.append(origin)
    return origins


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_date(name, default=None):
    """Read a date written YYYY-MM-DD."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a date written YYYY-MM-DD, not {value!r}"
        ) from None


def env_contact(name, validate):
    """Read a contact (an e-mail address, a phone number, a web address) that ``validate``
    accepts or refuses with a ValidationError; "" when unset."""
    value = os.environ.get(name, "").strip()
    if value:
        try:
            validate(value)
        except ValidationError:
            raise ImproperlyConfigured(f"{name} is not valid: {value!r}") from None
    return value


def validate_phone(value):
    """A phone number as people write it: digits, spaces, brackets and dashes, + first."""
    if value[0] not in "+0123456789" or not set(value[1:]) <= set("0123456789 ()-"):
        raise ValidationError(value)


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Absolute base of links in emails (reminders are sent from cron, outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "commitments",
    "followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alvsbyn_promises.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "alvsbyn_promises.middleware.BadParameterMiddleware",
    "alvsbyn_promises.middleware.AdminQueryMiddleware",
]

ROOT_URLCONF = "alvsbyn_promises.urls"
WSGI_APPLICATION = "alvsbyn_promises.wsgi.application"

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
                "commitments.context_processors.user_memberships",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A stale or missing CSRF token: the site's Swedish page instead of Django's English one.
CSRF_FAILURE_VIEW = "alvsbyn_promises.errors.csrf_failure"

LOGIN_URL = "login"
# Reporters and coordinators land on what they must do; others go on to their promises.
LOGIN_REDIRECT_URL = "todo"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # Locks out a username from an address after repeated failed sign-ins (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Username and address together: a police station behind one address is not locked out as a
# whole because somebody mistypes one user's password.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address a lockout is keyed by: the client's, as the trusted proxies saw it.
AXES_CLIENT_IP_CALLABLE = "alvsbyn_promises.proxies.client_address"

# How many reverse proxies stand in front of the app, each appending the address it received
# the request from to X-Forwarded-For (nginx in front of gunicorn: 1). The client is then the
# N-th entry from the right; with 0 the header is ignored, as any client can write it.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must be 0 or more, not {TRUSTED_PROXIES}")

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# Several app servers behind a load balancer: nothing a request leaves behind may stay in one
# process. Sessions are rows in the database; messages travel in a cookie (in the session when
# too long); the CSRF token and the language in cookies; the sign-in lockout (django-axes) is
# in the database. Every server needs the same SECRET_KEY, which signs the cookies.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# The cache only saves time. With REDIS_URL every server shares one Redis (Django's backend,
# which misses rather than fails while Redis is down: alvsbyn_promises/cache.py); without it each
# process keeps its own in memory. The prefix and version keep apart two installations sharing
# a Redis, and old entries after a release that changes what is cached.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
_cache_keys = {
    "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "medborgarloften").strip(),
    "VERSION": env_int("CACHE_VERSION", 1),
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "alvsbyn_promises.cache.RedisCache",
            "LOCATION": REDIS_URL,
            **_cache_keys,
            # A Redis on the local network answers in a millisecond; one that does not answer
            # within half a second is taken as down rather than let a page wait on it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", **_cache_keys}
    }

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (none yet: attachments will be) go here. With several app servers it must be
# one shared storage that every server mounts at the same path (a network volume, NFS).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "").strip() or BASE_DIR / "media")
# Activities' attachments: never served at an address of their own (no URL), read through a
# view that applies the activity's access rules.
ATTACHMENTS_ROOT = Path(os.environ.get("ATTACHMENTS_ROOT", "").strip() or BASE_DIR / "attachments")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "attachments": {
        "BACKEND": "commitments.attachment_storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT, "base_url": None},
    },
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic); plain files in development
        # and tests, which never run collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Several app servers share one store of attachments: an S3-compatible bucket (private; AWS,
# MinIO, Ceph, a Swedish cloud's object storage) when ATTACHMENTS_S3_BUCKET is set. Without
# keys, boto3's own chain is used (the server's role, AWS_* variables).
if os.environ.get("ATTACHMENTS_S3_BUCKET", "").strip():
    STORAGES["attachments"] = {
        "BACKEND": "commitments.attachment_storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ATTACHMENTS_S3_BUCKET"].strip(),
            "endpoint_url": os.environ.get("ATTACHMENTS_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("ATTACHMENTS_S3_REGION", "").strip() or None,
            "access_key": os.environ.get("ATTACHMENTS_S3_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": os.environ.get("ATTACHMENTS_S3_SECRET_ACCESS_KEY", "").strip() or None,
            "location": os.environ.get("ATTACHMENTS_S3_PREFIX", "").strip(),
            "addressing_style": os.environ.get("ATTACHMENTS_S3_ADDRESSING_STYLE", "").strip()
            or None,
            "default_acl": None,  # the bucket's own (private) policy; never public-read
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# In development WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Django's, with <select> written in Python: a promise's lists of options render fast.
FORM_RENDERER = "alvsbyn_promises.rendering.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The history of a promise or an activity is evidence: it is shown, never reverted.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The largest file the admin imports, in bytes; a larger one is refused with a pointer to the
# command, which reads files of any size. Chosen so that an upload is imported well within a
# web worker's timeout (gunicorn's 30 s): about 10,000 activities, 600 commitments.
ADMIN_ACTIVITY_FILE_MAX_BYTES = env_int("ADMIN_ACTIVITY_FILE_MAX_BYTES", 1024 * 1024)
ADMIN_PROMISE_FILE_MAX_BYTES = env_int("ADMIN_PROMISE_FILE_MAX_BYTES", 100 * 1024)

# The accessibility statement at /accessibility/ (lag 2018:1937, DIGG's model): who publishes
# the service, whom to tell about a problem and how soon they answer, when it was published and
# when the statement was last reviewed. With no contact the statement sends people to the
# municipality that published the promise (whose contact is on the promise's page); nothing
# here names a person.
ACCESSIBILITY_PUBLISHER = os.environ.get("ACCESSIBILITY_PUBLISHER", "").strip()
ACCESSIBILITY_CONTACT_EMAIL = env_contact("ACCESSIBILITY_CONTACT_EMAIL", validate_email)
ACCESSIBILITY_CONTACT_PHONE = env_contact("ACCESSIBILITY_CONTACT_PHONE", validate_phone)
ACCESSIBILITY_CONTACT_URL = env_contact(
    "ACCESSIBILITY_CONTACT_URL", URLValidator(schemes=["https", "http"])
)
ACCESSIBILITY_RESPONSE_DAYS = env_int("ACCESSIBILITY_RESPONSE_DAYS", 5)
if not 1 <= ACCESSIBILITY_RESPONSE_DAYS <= 90:
    raise ImproperlyConfigured("ACCESSIBILITY_RESPONSE_DAYS must be a number of working days, 1-90")
# The review this release's statement was written from; an installation that reviews its own
# service sets the day of that review.
ACCESSIBILITY_REVIEWED_ON = env_date("ACCESSIBILITY_REVIEWED_ON", datetime.date(2026, 11, 27))
ACCESSIBILITY_PUBLISHED_ON = env_date("ACCESSIBILITY_PUBLISHED_ON")

# How long a cached follow-up page is kept (seconds). Its key holds the promise's change stamp,
# so a change is seen at once whatever this is; it only bounds how long an unused page stays.
FOLLOWUP_CACHE_SECONDS = env_int("FOLLOWUP_CACHE_SECONDS", 24 * 60 * 60)
# The largest report file (PDF, workbook) that is cached, in bytes; a larger one is made afresh
# on every request. A year's PDF of a typical promise is about 150 KiB.
FOLLOWUP_CACHE_FILE_MAX_BYTES = env_int("FOLLOWUP_CACHE_FILE_MAX_BYTES", 5 * 1024 * 1024)

# The licence of the open data (the promise list, the CSV files, the feed; docs/open-data.md).
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "").strip() or "CC0 1.0"
OPEN_DATA_LICENCE_URL = (
    os.environ.get("OPEN_DATA_LICENCE_URL", "").strip()
    or "https://creativecommons.org/publicdomain/zero/1.0/"
)

# Email: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "medborgarloften@localhost")

# Production hardening; each can be relaxed from the environment (e.g. TLS ends at a proxy).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# Every cookie the app sets is Secure in production and SameSite=Lax: the session, CSRF and
# language cookies, and the messages cookie, which takes the session cookie's flags. No script
# reads the language cookie.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes the app over plain HTTP and counts a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The origins (a municipality's website) that may show a public promise's summary,
# /promises/<slug>/embed/, in a frame; comma- or space-separated. No other page may be framed,
# and with none listed not that one either.
EMBED_ALLOWED_ORIGINS = parse_origins(
    "EMBED_ALLOWED_ORIGINS", os.environ.get("EMBED_ALLOWED_ORIGINS", "")
)
# Everything comes from the app itself: no inline scripts or styles, no other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# HSTS for subdomains and the browsers' preload list bind every host of the organisation's
# domain (a municipality's or the police's), which is the domain owner's decision, not this app's.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "security.W005,security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client": {"()": "alvsbyn_promises.proxies.ClientAddressFilter"}},
    # A record about a request names its client ("-" for the others).
    "formatters": {"client": {"format": "%(levelname)s %(name)s [%(client)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client"], "formatter": "client"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts come at WARNING.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint tells every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
