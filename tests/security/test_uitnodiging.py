"""An invitation link tells nobody whether an account exists: every link that does not work (used, expired, for
an account that exists, for one that does not, malformed) gets the same 404 page, byte for byte."""

import re

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.services import uitnodiging_accepteren
from accounts.tests.factories import KlantmanagerFactory

pytestmark = pytest.mark.django_db


def _uid(pk):
    return urlsafe_base64_encode(force_bytes(pk))


def _pagina(client, uid, token):
    response = client.get(reverse("uitnodiging_accepteren", kwargs={"uidb64": uid, "token": token}))
    # The CSRF token is masked anew on every page; everything else must be the same.
    return response.status_code, re.sub(r'(X-CSRFToken": "|value=")[^"]+', r"\1", response.content.decode())


def test_every_link_that_does_not_work_looks_the_same(client, wereld):
    uitgenodigd = KlantmanagerFactory(uitgenodigd_op=timezone.now())
    uitgenodigd.set_unusable_password()
    uitgenodigd.save()
    token = default_token_generator.make_token(uitgenodigd)
    assert client.get(reverse("uitnodiging_accepteren", kwargs={"uidb64": _uid(uitgenodigd.pk), "token": token})
                      ).status_code == 200  # the real link works

    gebruikt = KlantmanagerFactory(uitgenodigd_op=timezone.now())
    gebruikt.set_unusable_password()
    gebruikt.save()
    gebruikt_token = default_token_generator.make_token(gebruikt)
    uitnodiging_accepteren(gebruiker=gebruikt, wachtwoord="Een-goed-wachtwoord-42")

    paginas = {
        "gebruikte link van een bestaand account": _pagina(client, _uid(gebruikt.pk), gebruikt_token),
        "bestaand account, verkeerd token": _pagina(client, _uid(wereld.klantmanager.pk), "abc-123"),
        "account dat niet bestaat": _pagina(client, _uid(987654321), "abc-123"),
        "onzin in de link": _pagina(client, "%%%", "abc-123"),
    }
    with time_machine.travel(timezone.now() + timezone.timedelta(days=60)):
        paginas["verlopen link"] = _pagina(client, _uid(uitgenodigd.pk), token)

    statussen = {naam: status for naam, (status, _) in paginas.items()}
    assert set(statussen.values()) == {404}, statussen
    inhoud = {tekst for _, tekst in paginas.values()}
    assert len(inhoud) == 1, "de pagina's verschillen: " + ", ".join(paginas)
