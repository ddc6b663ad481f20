"""Test settings: the same environment-driven settings, made fast and self-contained."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DEBUG", "true")

from klantreis.settings import *  # noqa: E402,F403
from klantreis.settings import NODE_MODULES, STATICFILES_DIRS, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="klantreis-media-")
# Every process that loads these settings (each pytest worker, each worker or server a test starts) made a folder
# of its own and left it behind: 531 folders in /tmp after two hours of test runs. Removed when the process that made
# it ends; a child forked from it (a pool's worker) shares it and leaves it alone.
_MEDIA_VAN = os.getpid()
atexit.register(lambda: os.getpid() == _MEDIA_VAN and shutil.rmtree(MEDIA_ROOT, ignore_errors=True))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# axe-core (a devDependency) for the browser tests, served by the live server from the pages' own origin: the portal's
# policy lets a script from there run, and Chromium keeps what it compiled of a file it loaded before
# (tests/conftest.py, Toegankelijkheid).
STATICFILES_DIRS = [*STATICFILES_DIRS, ("test/axe-core", NODE_MODULES / "axe-core")]
# Tasks run in-process unless a test starts a real worker (tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
SECURE_COOKIES = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
    # The test database is thrown away after the run: the test process's commits (every request of a browser test,
    # every flush after a transactional test) need not wait for the disk. Journal and locks stay as they are, so
    # a killed process still leaves a whole database; only a crash of the machine could not. The processes a test
    # starts (Celery, runserver) run on klantreis.settings, with SQLite's own default. `make test` 237/259 ->
    # 226/222 s, run in turn (docs/benchmarks.md, zesenveertigste sessie).
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"  # noqa: F405
MATCHING_TERUGBLIK_SECONDEN = 0  # tests look back on every ranking, so a late commit is always tested
MATCHINGINDEX_CONTROLE_SECONDEN = 0  # a new version on disk is seen by the next ranking
# The general suite logs staff in with force_login and the login form, without a second factor;
# tests/security/test_mfa.py switches the requirement on and proves every staff page needs it.
MFA_VERPLICHT = False
