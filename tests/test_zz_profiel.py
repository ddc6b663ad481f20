import cProfile, pstats, time
import pytest
from outbox import services
from outbox.models import Mail
from plaatsingen.services import nazorg_sweep
from plaatsingen.tests.bulk import due_nazorgmomenten
pytestmark = pytest.mark.django_db(transaction=True)

def test_profiel(settings, tmp_path, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    monkeypatch.setattr(services, "publiceer", lambda: None)
    due_nazorgmomenten(1250)
    while nazorg_sweep():
        pass
    n = Mail.objects.filter(status="wacht").count()
    p = cProfile.Profile()
    t = time.perf_counter()
    p.enable()
    services.mails_versturen(max_aantal=100000)
    p.disable()
    print("MAILS", n, "TIJD", time.perf_counter() - t)
    s = pstats.Stats(p); s.sort_stats("cumulative").print_stats(40)
    s.print_callers("re/__init__.py:2")
    s.print_callers("_compile")
