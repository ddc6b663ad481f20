"""Settings for the Klantreis portal, read from the environment (12-factor).

Without any variable set, a fresh clone runs on SQLite and a file-based Celery broker under
``var/``; the same variables point it at PostgreSQL and Redis. See README.md.
"""

import ipaddress
import sys
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from klantreis.env import (
    ConfigError,
    env_bool,
    env_broker,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_oidc,
    env_opslag,
    env_str,
    env_time,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KLANTREIS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("Omgevingsvariabele SECRET_KEY ontbreekt; zonder DEBUG=true is die verplicht.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ConfigError("Omgevingsvariabele SECRET_KEY is te kort; gebruik minstens 32 tekens.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ConfigError("Omgevingsvariabele ALLOWED_HOSTS ontbreekt; zonder DEBUG=true is die verplicht.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Where links in e-mails point to (no request is at hand in a Celery task).
# Without SITE_URL the links follow the port the portal runs on (PORT, as `make run` and the Procfile use it).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1, maximum=65535)}").rstrip("/")

INSTALLED_APPS = [
    "klantreis.admin_config.WspAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Operator classes in index expressions (the trigram index of the verwerkingenlog, accounts migration 0012); on
    # SQLite it does nothing.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "guardian",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "outbox",
    "accounts",
    "beroepen",
    "werkgevers",
    "werkzoekenden",
    "bemiddeling",
    "koppelingen",
    "matching",
    "plaatsingen",
    "berichten",
    "sollicitaties",
    "taken",
    "meldingen",
    "ondersteuning",
    "agenda",
    "beleving",
    "portaal",
    "privacy",
    "monitor",
]

MIDDLEWARE = [
    "klantreis.lib.clientip.VertrouwdeProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything that reads the body (CSRF, the NUL check): a too big upload is refused unread.
    "klantreis.lib.uploadlimiet.UploadLimietMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.NederlandsEerstMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware, with the user's organisatie and regio in the query that loads the user.
    "accounts.middleware.GebruikerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "klantreis.lib.middleware.GeenNulTekensMiddleware",
    "klantreis.lib.middleware.GeenOpslagMiddleware",
    "klantreis.lib.middleware.OpslagStoringMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: the idle/absolute session limit first, then the second factor for staff.
    "accounts.middleware.SessieLimietMiddleware",
    "accounts.middleware.MfaVerplichtMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside CSPMiddleware: adds the configured DigiD/eHerkenning origins to form-action before it writes the header.
    "accounts.middleware.BrokerFormActionMiddleware",
]

ROOT_URLCONF = "klantreis.urls"

# Django's form renderer with its plain input, textarea and select widget templates written in Python, the same HTML
# (klantreis/lib/formweergave.py).
FORM_RENDERER = "klantreis.lib.formweergave.Formweergave"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with the same output, without a full reverse() per row of a list (klantreis/lib/adressen.py).
            "builtins": ["klantreis.lib.adressen", "klantreis.lib.erven"],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigatie",
                "meldingen.context_processors.meldingen",
                "accounts.context_processors.sessie",
            ],
        },
    },
]

WSGI_APPLICATION = "klantreis.wsgi.application"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'klantreis.sqlite3'}")}
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Persistent connections suit gunicorn's few long-lived workers; runserver (DEBUG) starts a thread per
    # request, and each kept connection would stay open: there they close after every request.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0,
                                                   maximum=3600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PgBouncer in transaction pooling hands each transaction another server connection: a server-side cursor
    # (QuerySet.iterator() on PostgreSQL) would be lost between fetches, so the rows come in client-side chunks.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("PGBOUNCER_TRANSACTION_POOLING", False)
    # Django's backend with prepared statements for the reads a connection repeats (klantreis/lib/postgresql):
    # planning costs PostgreSQL more than running a page's reads. Not behind PgBouncer in transaction pooling,
    # where the next transaction may run on a server connection that does not know the statement.
    DATABASES["default"]["ENGINE"] = "klantreis.lib.postgresql"
    if env_bool("DATABASE_PREPARED_STATEMENTS", True) and not DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"]:
        DATABASE_PREPARE_THRESHOLD = 3
        DATABASE_PREPARED_MAX = 256
    if sys.argv[1:2] == ["runserver"]:
        # runserver serves each HTTP connection in a new thread and never closes that thread's database
        # connection: a kept one outlives its thread until max_connections is used up (`make run` under a crawl,
        # also with DEBUG=false or DATABASE_CONN_MAX_AGE set). Under runserver a connection ends with its request.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web, worker, beat) share the file: wait for a lock instead of failing. A transaction takes
    # the write lock when it begins (IMMEDIATE): in SQLite's default (deferred) mode a transaction starts as a reader,
    # and when two readers both want to write SQLite refuses one at once ("database is locked"), timeout or not.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.GelijkenisValidator"},
    {"NAME": "accounts.validators.MinimaleLengteValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.validators.VeelGebruiktValidator"},
    {"NAME": "accounts.validators.NietAlleenCijfersValidator"},
]

# Invitation links use the password-reset token: valid this long, and only until used.
PASSWORD_RESET_TIMEOUT = env_int("UITNODIGING_GELDIG_DAGEN", 7, minimum=1, maximum=60) * 24 * 3600

# Office hours of the WSP: the 24-hour promise and the nazorg dates count in werkuren and werkdagen
# (Monday to Friday, without Dutch public holidays); see klantreis/lib/werktijd.py.
WERKTIJD_BEGIN = env_time("WERKTIJD_BEGIN", "08:30")
WERKTIJD_EINDE = env_time("WERKTIJD_EINDE", "17:00")
if WERKTIJD_EINDE <= WERKTIJD_BEGIN:
    raise ConfigError(
        f"Omgevingsvariabele WERKTIJD_EINDE={WERKTIJD_EINDE:%H:%M} ligt niet na WERKTIJD_BEGIN={WERKTIJD_BEGIN:%H:%M}."
    )

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry (package-lock.json); we serve them ourselves.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/utrecht/components", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht/tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/fonts/noto-sans", NODE_MODULES / "@fontsource-variable" / "noto-sans"),
]
STORAGES = {
    # Uploaded cv's, documents, attachments and signed overeenkomsten: the local file system under MEDIA_ROOT, or
    # S3-compatible object storage (MinIO) with OPSLAG_S3_BUCKET and friends (klantreis.env.env_opslag,
    # docs/scaling.md "Bestanden"). All file code goes through this storage, never through paths on disk.
    "default": env_opslag(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Not the manifest variant: the Utrecht token package references an icon it does not ship.
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise like the rest of static.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded and generated documents are readable by the service only, never by other users on the machine
# (local storage; in object storage the bucket is private and every object encrypted server-side).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- uploads (klantreis/lib/bestanden.py, klantreis/lib/uploadlimiet.py) ------------------------
# The largest request body with a file: the 10 MB cv plus room for the form around it. Bigger is refused
# before the body is read (413).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 11, minimum=1, maximum=1024) * 1024 * 1024
# The largest file import_kandidaten / import_vacatures reads (koppelingen.importeren): the whole file is
# checked and written in one transaction, so a bigger one is refused before it is read, with the advice to split
# it. 25 MB is some 190,000 kandidaten.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 25, minimum=1, maximum=1024) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "klantreis.lib.uploadlimiet.UploadLimietHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A docx is a zip: refused when it would unpack to more than this, or more than DOCX_MAX_RATIO times its size.
DOCX_MAX_UITGEPAKT_BYTES = env_int("DOCX_MAX_UITGEPAKT_MB", 100, minimum=1, maximum=4096) * 1024 * 1024
DOCX_MAX_RATIO = env_int("DOCX_MAX_RATIO", 100, minimum=2, maximum=10000)
DOCX_MAX_DELEN = env_int("DOCX_MAX_DELEN", 2000, minimum=10, maximum=100000)
# ClamAV: "host:port" or the path of clamd's unix socket. Empty: no virus scan. Set but unreachable: uploads wait.
CLAMD_ADRES = env_str("CLAMD_ADRES", "")
CLAMD_TIMEOUT_SECONDEN = env_int("CLAMD_TIMEOUT_SECONDEN", 30, minimum=1, maximum=600)

# --- bulkrem (accounts/bulkrem.py) -------------------------------------------------------------
# Per account and per window: downloads of cv's and other documents, and the number of different kandidaten
# whose profile or dossier is opened. Past the limit: 429, a log row and one task for the coordinators.
LIMIET_CV_DOWNLOADS = env_int("LIMIET_CV_DOWNLOADS", 30, minimum=1, maximum=100000)
LIMIET_PROFIELEN = env_int("LIMIET_PROFIELEN", 30, minimum=1, maximum=100000)
LIMIET_VENSTER_MINUTEN = env_int("LIMIET_VENSTER_MINUTEN", 10, minimum=1, maximum=1440)
# Invitations a werkgever's person may send from "Collega's met toegang" per calendar day (counted in the database,
# accounts.Collegauitnodiging): the form mails any address it is given, so it must not become a way to send mass mail.
LIMIET_UITNODIGINGEN_PER_DAG = env_int("LIMIET_UITNODIGINGEN_PER_DAG", 20, minimum=1, maximum=10000)

# Django's database sessions on accounts.Sessie, read with the person logged in in one query (accounts/sessieopslag.py).
SESSION_ENGINE = "accounts.sessieopslag"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind https (SECURE_COOKIES, on by default in production): browsers only come back over https.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0, minimum=0,
                              maximum=63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Asking browsers to build https-only into their preload list binds the whole domain for years (and the portal
# often runs on a subdomain of a gemeente): a decision for the domain owner, so off unless asked for.
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0 and env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind https the portal answers plain http with a redirect (the health check excepted: load balancers probe it
# over http). Off by default wherever cookies are not secure (DEBUG, docker-compose on localhost).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Proxies (load balancer, ingress) whose X-Forwarded-For and X-Forwarded-Proto the portal believes: IP addresses
# or networks (CIDR). Empty: the address a request comes from is the client's. See klantreis/lib/clientip.py.
VERTROUWDE_PROXIES = env_list("VERTROUWDE_PROXIES", [])
for _proxy in VERTROUWDE_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ConfigError(f"Omgevingsvariabele VERTROUWDE_PROXIES bevat '{_proxy}': dat is geen IP-adres of "
                          "netwerk (zoals 10.0.0.5 of 10.0.0.0/8).") from None
if VERTROUWDE_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from the portal's own static files, no inline code,
# no eval; the portal is never framed; violations are reported to /csp-rapport/ (logged, rate-limited).
# A template that truly needs an inline script gives it nonce="{{ request.csp_nonce }}".
CSP_RAPPORT_PAD = "/csp-rapport/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],  # the Utrecht components draw a few icons as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        # report-uri, not report-to: with report-to Chromium stops using report-uri and sends Reporting-API
        # batches late or not at all (tests/security/test_csp.py waits for a real report from Chromium).
        "report-uri": CSP_RAPPORT_PAD,
    },
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- django-allauth --------------------------------------------------------------------------
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Werkgeversservicepunt] "
# allauth's built-in rate limits stay on: ACCOUNT_RATE_LIMITS is left at its defaults (needs the cache).
# No "remember me": a session ends when the browser closes, and in any case after SESSIE_MAXIMUM_UUR.
ACCOUNT_SESSION_REMEMBER = False

# --- second factor (allauth.mfa) and session limits (accounts.middleware) ---------------------
# Staff (beheerder, accountmanager, klantmanager) reach no page before their session was confirmed with
# an authenticator app, a recovery code or a passkey; werkgevers and werkzoekenden may add one.
MFA_VERPLICHT = env_bool("MFA_VERPLICHT", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Werkgeversservicepunt")
MFA_TOTP_TOLERANCE = 1  # one step of clock drift on a phone (30 s either way)
MFA_ADAPTER = "accounts.adapters.MfaAdapter"
# Passkeys need https; only a developer's http://localhost may skip that.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Minutes without activity before a session ends: staff see more personal data but work in long
# stretches (a phone call, a visit report), werkgevers and werkzoekenden often on a shared computer.
SESSIE_INACTIEF_MINUTEN = env_int("SESSIE_INACTIEF_MINUTEN", 15, minimum=3, maximum=24 * 60)
SESSIE_INACTIEF_MINUTEN_MEDEWERKER = env_int("SESSIE_INACTIEF_MINUTEN_MEDEWERKER", 60, minimum=3,
                                             maximum=24 * 60)
# However active: after this many hours everyone logs in again.
SESSIE_MAXIMUM_UUR = env_int("SESSIE_MAXIMUM_UUR", 12, minimum=1, maximum=7 * 24)
# The warning in the page comes this many seconds before the idle limit.
SESSIE_WAARSCHUWING_SECONDEN = 120
SESSION_COOKIE_AGE = SESSIE_MAXIMUM_UUR * 3600

# --- inloggen met DigiD en eHerkenning (OpenID Connect, via a broker) -----------------------------
# Only from the environment: without OIDC_DIGID_ISSUER / OIDC_EHERKENNING_ISSUER no button appears.
# Nobody signs up this way; a person links the broker once from their own account (accounts/oidc.py).
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
for _id, _naam, _prefix, _attributen, _rol in (
    ("digid", "DigiD", "OIDC_DIGID", ["bsn"], "werkzoekende"),
    ("eherkenning", "eHerkenning", "OIDC_EHERKENNING", ["kvk", "sub"], "werkgever"),
):
    _broker = env_oidc(_prefix, naam=_naam, standaard_attributen=_attributen, standaard_scope=["openid"])
    if _broker:
        SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append({
            "provider_id": _id, "name": _naam, "client_id": _broker["client_id"], "secret": _broker["secret"],
            "settings": {"server_url": _broker["issuer"], "scope": _broker["scope"], "oauth_pkce_enabled": True,
                         "attributen": _broker["attributen"], "rol": _rol},
        })
# The link is a keyed hash (HMAC-SHA256) of the attribute, never the BSN itself. Its own key lets
# SECRET_KEY rotate without unlinking everyone; without it the key is derived from SECRET_KEY.
OIDC_KOPPELSLEUTEL = env_str("OIDC_KOPPELSLEUTEL", SECRET_KEY)
if len(OIDC_KOPPELSLEUTEL) < 32 and not DEBUG:
    raise ConfigError("Omgevingsvariabele OIDC_KOPPELSLEUTEL is te kort; gebruik minstens 32 tekens.")
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never match a person on an e-mail address from a broker
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the account's own address was verified when it was linked
SOCIALACCOUNT_STORE_TOKENS = False

# --- django-guardian -------------------------------------------------------------------------
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: anonymous people get nothing
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- e-mail ----------------------------------------------------------------------------------
EMAIL_KIND = env_choice("EMAIL_BACKEND", "console", ("console", "file", "smtp", "locmem"))
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[EMAIL_KIND]
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Werkgeversservicepunt <noreply@wsp.example.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_broker("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / "broker"
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcast (worker control) tables: under var/ as well, never in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
_default_results = (
    CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else f"file://{VAR_DIR / 'celery' / 'results'}"
)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", _default_results)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND[len("file://"):]).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_EXPIRES = 3600
# A queue of its own per installation (or per test run of real workers); "celery" by default.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# Mail has a queue (and in the Procfile a worker) of its own, so it keeps flowing while sweeps run.
CELERY_MAIL_QUEUE = env_str("CELERY_MAIL_QUEUE", f"{CELERY_TASK_DEFAULT_QUEUE}-mail")
CELERY_TASK_ROUTES = {
    "outbox.tasks.mails_versturen_task": {"queue": CELERY_MAIL_QUEUE},
    "outbox.tasks.outbox_sweep_task": {"queue": CELERY_MAIL_QUEUE},
}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Fail fast when Redis is away: a request publishes after commit and must never hang on the broker.
    # (max_retries 0: publishing tries the connection once; workers and beat keep their own reconnect loop.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 10, "max_retries": 0}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # A new version of the matching index (a web process also asks for one when its overlay grows large).
    "matchingindex-bouwen": {"task": "matching.tasks.matchingindex_bouwen_task",
                             "schedule": env_int("MATCHINGINDEX_BOUWEN_SECONDEN", 3600, minimum=60,
                                                 maximum=7 * 24 * 3600)},
    "uitnodigingen-opruimen": {"task": "accounts.tasks.verlopen_uitnodigingen_opruimen_task", "schedule": 6 * 3600},
    # Expired sessions (each names the person logged in) go: Django's clearsessions, every hour.
    "sessies-opruimen": {"task": "accounts.tasks.verlopen_sessies_opruimen_task", "schedule": 3600},
    # The 24-hour promise: remind before, escalate after the deadline.
    "verzoeken-bewaken": {"task": "werkgevers.tasks.verzoeken_bewaken_task", "schedule": 5 * 60},
    "voordrachten-herinneren": {"task": "bemiddeling.tasks.voordrachten_herinneren_task", "schedule": 3600},
    # One mail a day per werkgever with the new voordrachten (after VOORDRACHT_MELDING_UUR).
    "voordrachten-melden": {"task": "bemiddeling.tasks.voordrachten_melden_task", "schedule": 15 * 60},
    "verouderde-vacatures": {"task": "werkgevers.tasks.verouderde_vacatures_signaleren_task", "schedule": 6 * 3600},
    # The outbox: claims of dead workers expire, reactions and mail left behind go out.
    "outbox": {"task": "outbox.tasks.outbox_sweep_task",
               "schedule": env_int("OUTBOX_SWEEP_SECONDEN", 60, minimum=1, maximum=3600)},
    # Meldingen: one summary mail a day for whoever chose it (after MELDINGEN_SAMENVATTING_UUR; once per day).
    "meldingen-samenvatting": {"task": "meldingen.tasks.dagelijkse_samenvattingen_task", "schedule": 15 * 60},
    # Nazorg: contact moments at 24 hours, 2 weeks, 6 weeks and the end of a plaatsing.
    "nazorg": {"task": "plaatsingen.tasks.nazorg_sweep_task",
               "schedule": env_int("NAZORG_SWEEP_SECONDEN", 10 * 60, minimum=1, maximum=24 * 3600)},
    # AVG: a request of a werkzoekende past its legal month goes to the coordinator; retention runs nightly.
    "rechtenverzoeken-bewaken": {"task": "werkzoekenden.tasks.rechtenverzoeken_bewaken_task", "schedule": 3600},
    # A caseload handover whose worker was stopped (and its message lost) goes on where it was.
    "caseloadoverdrachten-hervatten": {"task": "werkzoekenden.tasks.caseloadoverdrachten_hervatten_task",
                                       "schedule": 5 * 60},
    "bewaartermijnen": {"task": "privacy.tasks.bewaartermijnen_task", "schedule": crontab(hour=3, minute=15)},
    # Agenda: every participant a reminder 24 hours before an afspraak.
    # Sollicitatieplicht: standard plichten for new WW dossiers, the next period, a reminder 3 days before the end.
    "sollicitaties": {"task": "sollicitaties.tasks.plichten_bijwerken_task", "schedule": crontab(hour=6, minute=5)},
    "agenda-herinneringen": {"task": "agenda.tasks.herinneringen_task", "schedule": 5 * 60},
    # Questions for consent that nobody answered in 30 days (or whose vacature closed) lapse.
    "toestemmingsverzoeken-vervallen": {"task": "werkzoekenden.tasks.toestemmingsverzoeken_vervallen_task",
                                        "schedule": 6 * 3600},
    # A colleague's access to one dossier ends after its last day ("tot en met"): at one minute past midnight (an
    # interval alone would run up to an hour into the new day, the grant still opening the dossier), and again every
    # hour for a night a worker or beat missed. The guardian grant stays the one check; this sweep removes it.
    "dossiertoegangen-verlopen-middernacht": {"task": "werkzoekenden.tasks.dossiertoegangen_verlopen_task",
                                              "schedule": crontab(hour=0, minute=1)},
    "dossiertoegangen-verlopen": {"task": "werkzoekenden.tasks.dossiertoegangen_verlopen_task", "schedule": 3600},
    # A certificate (VCA, heftruck) that expires within six weeks: one melding to the werkzoekende and klantmanager.
    "documenten-herinneren": {"task": "werkzoekenden.tasks.documenten_herinneren_task",
                              "schedule": crontab(hour=7, minute=30)},
    # Klantreis monitor: the figures of this month and the previous one (docs/kpi.md); a full rebuild is the
    # command `monitor_verversen --vanaf JJJJ-MM`.
    "monitor-verversen": {"task": "monitor.tasks.monitor_verversen_task",
                          "schedule": env_int("MONITOR_VERVERSEN_SECONDEN", 15 * 60, minimum=60, maximum=24 * 3600)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))},
    # fpdf2 subsets the agreement's font through fontTools, which logs every table it touches at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

# The hour (local time) after which werkgevers get the day's new voordrachten in one mail.
VOORDRACHT_MELDING_UUR = env_int("VOORDRACHT_MELDING_UUR", 16, minimum=0, maximum=23)
# The hour (local time) after which people who chose a daily summary of their meldingen get it.
MELDINGEN_SAMENVATTING_UUR = env_int("MELDINGEN_SAMENVATTING_UUR", 7, minimum=0, maximum=23)

# Outbox: how long a worker's claim on a mail lasts before another may send it (worker died mid-send).
OUTBOX_LEASE_SECONDEN = env_int("OUTBOX_LEASE_SECONDEN", 120, minimum=1, maximum=3600)

# Matching: how often (seconds) each process's index looks back for changes that committed late.
MATCHING_TERUGBLIK_SECONDEN = env_int("MATCHING_TERUGBLIK_SECONDEN", 5, minimum=0, maximum=3600)
# The kandidaat index on disk (matching/index/opslag.py): versions built by `manage.py matchingindex_bouwen` and the
# beat task below, mapped read-only by every process of this machine. A local disk per machine (docs/scaling.md).
MATCHINGINDEX_MAP = Path(env_str("MATCHINGINDEX_MAP", str(VAR_DIR / "matchingindex")))
if not MATCHINGINDEX_MAP.is_absolute():
    raise ConfigError(f"Omgevingsvariabele MATCHINGINDEX_MAP moet een absoluut pad zijn, niet '{MATCHINGINDEX_MAP}'.")
if MATCHINGINDEX_MAP.exists() and not MATCHINGINDEX_MAP.is_dir():
    raise ConfigError(f"Omgevingsvariabele MATCHINGINDEX_MAP wijst naar '{MATCHINGINDEX_MAP}', en dat is geen map.")
# How often (seconds) a process looks whether a newer version is current (one stat of the pointer file).
MATCHINGINDEX_CONTROLE_SECONDEN = env_int("MATCHINGINDEX_CONTROLE_SECONDEN", 5, minimum=0, maximum=3600)
# How many versions stay on disk (the current one included); a process may go on mapping a removed one.
MATCHINGINDEX_BEWAREN = env_int("MATCHINGINDEX_BEWAREN", 3, minimum=1, maximum=50)

# Verwerkingenlog (AVG): how long a line of who-saw-whose-data is kept. Two years covers a whole traject
# (plan van aanpak, proefplaatsing, six months of nazorg) plus the time a werkzoekende takes to ask for inzage
# or to complain afterwards; keeping it longer would keep personal data without need. The database refuses to
# delete a line younger than 730 days whatever this says (trigger of accounts migration 0008), so it can only
# be raised here.
VERWERKINGENLOG_MINIMUM_DAGEN = 730
BEWAARTERMIJN_VERWERKINGENLOG_DAGEN = env_int("BEWAARTERMIJN_VERWERKINGENLOG_DAGEN", 730,
                                              minimum=VERWERKINGENLOG_MINIMUM_DAGEN, maximum=3650)
# AVG retention (privacy.bewaren, command `bewaartermijnen`, nightly beat): days per category after which the
# data is anonymised or removed. The reasoning per category is in docs/privacy.md.
BEWAARTERMIJNEN = {
    # A closed dossier is anonymised two years after closing (and after the last plaatsing ended).
    "dossier": env_int("BEWAARTERMIJN_DOSSIER_DAGEN", 2 * 365, minimum=1, maximum=20 * 365),
    # The cv file is deleted three months after the dossier closed.
    "cv": env_int("BEWAARTERMIJN_CV_DAGEN", 90, minimum=1, maximum=20 * 365),
    # The free text of a voordracht that ended without a job (afgewezen, ingetrokken, ...): one year.
    "voordracht": env_int("BEWAARTERMIJN_VOORDRACHT_DAGEN", 365, minimum=1, maximum=20 * 365),
    # Sent (or failed) mail rows: who, when, subject. Half a year, for questions about a mail.
    "mail": env_int("BEWAARTERMIJN_MAIL_DAGEN", 180, minimum=1, maximum=20 * 365),
    # Handled journey events (their data names people, e.g. nazorg): 90 days, enough to look into a fault.
    "gebeurtenis": env_int("BEWAARTERMIJN_GEBEURTENIS_DAGEN", 90, minimum=1, maximum=20 * 365),
    # A werkgever's verzoek (who asked, phone, mail, question; also the questions added through the public form):
    # one year after the first contact or the closing without contact. Dates, region and kanaal stay for the monitor.
    # Also the period after which a werkgever known only from verzoeken closed without contact loses its
    # contactpersoon (category werkgever_zonder_relatie), or, when none of them was a question for the WSP, is removed
    # altogether (werkgever_zonder_vraag).
    "verzoek": env_int("BEWAARTERMIJN_VERZOEK_DAGEN", 365, minimum=1, maximum=20 * 365),
}
# The nightly beat run acts only when this is on; off, it is a dry run with its report in the log.
BEWAARTERMIJNEN_UITVOEREN = env_bool("BEWAARTERMIJNEN_UITVOEREN", False)
