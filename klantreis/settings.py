"""Settings for the Klantreis portal, read from the environment (12-factor).

Without any variable set, a fresh clone runs on SQLite and a file-based Celery broker under
``var/``; the same variables point it at PostgreSQL and Redis. See README.md.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from klantreis.env import (
    ConfigError,
    env_bool,
    env_broker,
    env_choice,
    env_database,
    env_int,
    env_list,
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
    "allauth",
    "allauth.account",
    "guardian",
    "django_htmx",
    "django_celery_beat",
    "outbox",
    "accounts",
    "beroepen",
    "werkgevers",
    "werkzoekenden",
    "bemiddeling",
    "koppelingen",
    "matching",
    "plaatsingen",
    "taken",
    "agenda",
    "portaal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.NederlandsEerstMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "klantreis.lib.middleware.GeenNulTekensMiddleware",
    "klantreis.lib.middleware.GeenOpslagMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "klantreis.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigatie",
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
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (web, worker, beat) share the file: wait for a lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind https (SECURE_COOKIES, on by default in production): browsers only come back over https.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0, minimum=0,
                              maximum=63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
    "uitnodigingen-opruimen": {"task": "accounts.tasks.verlopen_uitnodigingen_opruimen_task", "schedule": 6 * 3600},
    # The 24-hour promise: remind before, escalate after the deadline.
    "verzoeken-bewaken": {"task": "werkgevers.tasks.verzoeken_bewaken_task", "schedule": 5 * 60},
    "voordrachten-herinneren": {"task": "bemiddeling.tasks.voordrachten_herinneren_task", "schedule": 3600},
    # One mail a day per werkgever with the new voordrachten (after VOORDRACHT_MELDING_UUR).
    "voordrachten-melden": {"task": "bemiddeling.tasks.voordrachten_melden_task", "schedule": 15 * 60},
    "verouderde-vacatures": {"task": "werkgevers.tasks.verouderde_vacatures_signaleren_task", "schedule": 6 * 3600},
    # The outbox: claims of dead workers expire, reactions and mail left behind go out.
    "outbox": {"task": "outbox.tasks.outbox_sweep_task",
               "schedule": env_int("OUTBOX_SWEEP_SECONDEN", 60, minimum=1, maximum=3600)},
    # Nazorg: contact moments at 24 hours, 2 weeks, 6 weeks and the end of a plaatsing.
    "nazorg": {"task": "plaatsingen.tasks.nazorg_sweep_task",
               "schedule": env_int("NAZORG_SWEEP_SECONDEN", 10 * 60, minimum=1, maximum=24 * 3600)},
    # Agenda: every participant a reminder 24 hours before an afspraak.
    "agenda-herinneringen": {"task": "agenda.tasks.herinneringen_task", "schedule": 5 * 60},
    # Questions for consent that nobody answered in 30 days (or whose vacature closed) lapse.
    "toestemmingsverzoeken-vervallen": {"task": "werkzoekenden.tasks.toestemmingsverzoeken_vervallen_task",
                                        "schedule": 6 * 3600},
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

# Outbox: how long a worker's claim on a mail lasts before another may send it (worker died mid-send).
OUTBOX_LEASE_SECONDEN = env_int("OUTBOX_LEASE_SECONDEN", 120, minimum=1, maximum=3600)

# Matching: how often (seconds) each process's index looks back for changes that committed late.
MATCHING_TERUGBLIK_SECONDEN = env_int("MATCHING_TERUGBLIK_SECONDEN", 5, minimum=0, maximum=3600)
