"""Read settings from the environment, and stop start-up with one clear line when one is wrong.

Every reader raises ``ConfigError`` naming the variable; ``manage.py``, ``wsgi.py`` and
``celery.py`` turn that into a one-line message instead of a traceback.
"""

import os
import re
from datetime import time
from urllib.parse import urlparse

import dj_database_url


class ConfigError(Exception):
    """A setting from the environment is missing or malformed."""


def _raw(name):
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip()


def env_str(name, default=None, *, required=False):
    value = _raw(name)
    if value in (None, ""):
        if required:
            raise ConfigError(f"Omgevingsvariabele {name} ontbreekt maar is verplicht.")
        return default
    return value


def env_bool(name, default=False):
    value = _raw(name)
    if value in (None, ""):
        return default
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "ja", "on"):
        return True
    if lowered in ("0", "false", "no", "nee", "off"):
        return False
    raise ConfigError(
        f"Omgevingsvariabele {name}={value!r} is geen ja/nee-waarde; gebruik true of false."
    )


def env_int(name, default, *, minimum=None, maximum=None):
    value = _raw(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"Omgevingsvariabele {name}={value!r} is geen geheel getal.") from None
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        raise ConfigError(
            f"Omgevingsvariabele {name}={number} valt buiten het bereik {minimum}..{maximum}."
        )
    return number


def env_list(name, default):
    value = _raw(name)
    if value in (None, ""):
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ConfigError(
            f"Omgevingsvariabele {name}={value!r} bevat een lege waarde; scheid met komma's."
        )
    return items


def env_choice(name, default, choices):
    value = _raw(name)
    if value in (None, ""):
        return default
    if value not in choices:
        raise ConfigError(
            f"Omgevingsvariabele {name}={value!r} is ongeldig; kies uit: {', '.join(choices)}."
        )
    return value


def env_time(name, default):
    """A time of day as ``uu:mm`` (``08:30``), returned as ``datetime.time``."""
    value = _raw(name)
    if value in (None, ""):
        value = default
    try:
        uur, minuut = value.split(":")
        if len(minuut) != 2:
            raise ValueError
        return time(int(uur), int(minuut))
    except ValueError:
        raise ConfigError(
            f"Omgevingsvariabele {name}={value!r} is geen tijd; gebruik uu:mm, zoals 08:30."
        ) from None


SUPPORTED_DATABASES = ("sqlite", "postgres", "postgresql", "pgsql")


def env_database(name, default):
    value = _raw(name) or default
    scheme = urlparse(value).scheme
    if scheme not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"Omgevingsvariabele {name} heeft een onbekend databasetype {scheme!r}; "
            "gebruik sqlite:///pad of postgres://gebruiker@host:5432/naam."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60 if scheme != "sqlite" else 0)
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ConfigError(f"Omgevingsvariabele {name} is geen geldige database-URL: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(f"Omgevingsvariabele {name} noemt geen databasenaam (…/naam).")
    return config


SUPPORTED_BROKERS = ("filesystem", "redis", "rediss", "amqp", "memory")


def env_broker(name, default):
    value = _raw(name) or default
    scheme = urlparse(value).scheme
    if scheme not in SUPPORTED_BROKERS:
        raise ConfigError(
            f"Omgevingsvariabele {name} heeft een onbekend brokertype {scheme!r}; "
            "gebruik redis://host:6379/0 of filesystem://."
        )
    if scheme in ("redis", "rediss", "amqp"):
        parsed = urlparse(value)
        try:
            parsed.port
        except ValueError:
            raise ConfigError(f"Omgevingsvariabele {name} heeft een ongeldig poortnummer.") from None
        if not parsed.hostname:
            raise ConfigError(f"Omgevingsvariabele {name} noemt geen host.")
    return value


OIDC_LOKALE_HOSTS = ("localhost", "127.0.0.1", "::1")


def env_oidc(prefix, *, naam, standaard_attributen, standaard_scope):
    """One OpenID Connect broker (DigiD, eHerkenning) from ``<prefix>_*``, or None when it is not set.

    ``<prefix>_ISSUER`` switches it on; then the client id and secret are required. The issuer must be
    https (plain http only on this machine, for the test provider). ``<prefix>_ATTRIBUUT`` names the
    claim (or claims, comma-separated) that identifies the person, ``<prefix>_SCOPE`` the scopes asked.
    """
    issuer = env_str(f"{prefix}_ISSUER")
    overige = [f"{prefix}_{deel}" for deel in ("CLIENT_ID", "CLIENT_SECRET", "ATTRIBUUT", "SCOPE")]
    if not issuer:
        gezet = [variabele for variabele in overige if env_str(variabele)]
        if gezet:
            raise ConfigError(
                f"Omgevingsvariabele {prefix}_ISSUER ontbreekt, maar {gezet[0]} is wel gezet; "
                f"zet ook {prefix}_ISSUER (de URL van de {naam}-makelaar) of haal {gezet[0]} weg."
            )
        return None
    parsed = urlparse(issuer)
    if parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.query or parsed.fragment:
        raise ConfigError(
            f"Omgevingsvariabele {prefix}_ISSUER={issuer!r} is geen URL; gebruik de issuer-URL van de "
            f"{naam}-makelaar, zoals https://makelaar.example.nl/oidc."
        )
    if parsed.scheme != "https" and parsed.hostname not in OIDC_LOKALE_HOSTS:
        raise ConfigError(f"Omgevingsvariabele {prefix}_ISSUER moet met https:// beginnen.")
    attributen = env_list(f"{prefix}_ATTRIBUUT", standaard_attributen)
    scope = env_list(f"{prefix}_SCOPE", standaard_scope)
    if "openid" not in scope:
        raise ConfigError(f"Omgevingsvariabele {prefix}_SCOPE={','.join(scope)!r} mist de scope openid.")
    return {
        "issuer": issuer.rstrip("/"),
        "client_id": env_str(f"{prefix}_CLIENT_ID", required=True),
        "secret": env_str(f"{prefix}_CLIENT_SECRET", required=True),
        "attributen": attributen,
        "scope": scope,
    }


# A bucket name as S3 and MinIO accept it: 3 to 63 lower-case letters, digits, dots and hyphens, starting and
# ending with a letter or digit.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
OPSLAG_VARIABELEN = ("ENDPOINT_URL", "REGIO", "ACCESS_KEY", "SECRET_KEY", "VERSLEUTELING", "KMS_SLEUTEL", "PREFIX",
                     "ADRESSERING")


def env_opslag(prefix="OPSLAG_S3"):
    """Where uploaded and generated files live: the ``default`` entry of Django's ``STORAGES``.

    Without ``<prefix>_BUCKET`` the local file system (``MEDIA_ROOT``, files 0600 in folders 0700): a fresh
    clone runs with nothing else. With it, S3-compatible object storage (MinIO, or any S3) through
    django-storages: a private bucket (no public ACL, downloads only through the portal's checked views) and
    server-side encryption of every object (``<prefix>_VERSLEUTELING``, AES256 unless aws:kms is chosen)."""
    bucket = env_str(f"{prefix}_BUCKET")
    if not bucket:
        gezet = [f"{prefix}_{deel}" for deel in OPSLAG_VARIABELEN if env_str(f"{prefix}_{deel}")]
        if gezet:
            raise ConfigError(
                f"Omgevingsvariabele {prefix}_BUCKET ontbreekt, maar {gezet[0]} is wel gezet; zet ook "
                f"{prefix}_BUCKET (de naam van de bucket) of haal {gezet[0]} weg om bestanden op schijf te bewaren."
            )
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise ConfigError(
            f"Omgevingsvariabele {prefix}_BUCKET={bucket!r} is geen geldige bucketnaam; gebruik 3 tot 63 kleine "
            "letters, cijfers, punten of streepjes, zoals klantreis-bestanden."
        )
    endpoint = env_str(f"{prefix}_ENDPOINT_URL")
    if endpoint:
        parsed = urlparse(endpoint)
        try:
            parsed.port
        except ValueError:
            raise ConfigError(f"Omgevingsvariabele {prefix}_ENDPOINT_URL heeft een ongeldig poortnummer.") from None
        if parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.path not in ("", "/") \
                or parsed.query or parsed.fragment:
            raise ConfigError(
                f"Omgevingsvariabele {prefix}_ENDPOINT_URL={endpoint!r} is geen adres van een opslagserver; "
                "gebruik bijvoorbeeld http://minio:9000 of https://s3.eu-central-1.amazonaws.com."
            )
    sleutel, geheim = env_str(f"{prefix}_ACCESS_KEY"), env_str(f"{prefix}_SECRET_KEY")
    if bool(sleutel) != bool(geheim):
        ontbreekt = f"{prefix}_SECRET_KEY" if sleutel else f"{prefix}_ACCESS_KEY"
        raise ConfigError(
            f"Omgevingsvariabele {ontbreekt} ontbreekt; {prefix}_ACCESS_KEY en {prefix}_SECRET_KEY horen bij "
            "elkaar (of laat beide leeg om de rol van de machine te gebruiken)."
        )
    versleuteling = env_choice(f"{prefix}_VERSLEUTELING", "AES256", ("AES256", "aws:kms"))
    parameters = {"ServerSideEncryption": versleuteling}
    kms_sleutel = env_str(f"{prefix}_KMS_SLEUTEL")
    if kms_sleutel and versleuteling != "aws:kms":
        raise ConfigError(
            f"Omgevingsvariabele {prefix}_KMS_SLEUTEL is gezet, maar {prefix}_VERSLEUTELING is niet aws:kms."
        )
    if kms_sleutel:
        parameters["SSEKMSKeyId"] = kms_sleutel
    prefix_pad = (env_str(f"{prefix}_PREFIX") or "").strip("/")
    if prefix_pad and any(deel in ("", ".", "..") for deel in prefix_pad.split("/")):
        raise ConfigError(
            f"Omgevingsvariabele {prefix}_PREFIX={prefix_pad!r} is geen geldige map; gebruik bijvoorbeeld media."
        )
    opties = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env_str(f"{prefix}_REGIO", "us-east-1"),
        "access_key": sleutel,
        "secret_key": geheim,
        "location": prefix_pad,
        # Private: no ACL that would make an object public; the bucket policy decides, and nobody reads a file
        # except through the portal's permission-checked views.
        "default_acl": None,
        "querystring_auth": True,
        # Never overwrite: a second upload with the same name gets its own key (as on disk).
        "file_overwrite": False,
        "object_parameters": parameters,
        "addressing_style": env_choice(f"{prefix}_ADRESSERING", "path", ("path", "virtual")),
        "signature_version": "s3v4",
    }
    # A storage that does not answer holds a web worker (two per machine) for some 20 s (no connection) to 35 s (no
    # answer), not botocore's default of 60 s per attempt and five attempts: three attempts with a short wait, 5 s
    # to connect, 10 s to read. The page then says the storage is not reachable (``klantreis.lib.opslag``).
    # Imported here, only when the object storage is configured: botocore's config module costs a process some 50 ms.
    from botocore.config import Config

    opties["client_config"] = Config(
        s3={"addressing_style": opties["addressing_style"]}, signature_version=opties["signature_version"],
        connect_timeout=5, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"})
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": opties}
