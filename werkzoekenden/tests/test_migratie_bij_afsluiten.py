"""Migration 0033 fills ``Toestemming.bij_afsluiten`` for the consents that ended before the field existed."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from outbox.models import Gebeurtenis
from werkzoekenden.models import Toestemming
from werkzoekenden.services import TOESTEMMING_INGETROKKEN
from werkzoekenden.tests.factories import KandidaatFactory, ToestemmingFactory

pytestmark = pytest.mark.django_db

migratie = importlib.import_module("werkzoekenden.migrations.0033_toestemming_bij_afsluiten")


def test_the_consents_a_closing_ended_are_marked_and_those_she_withdrew_are_not():
    nu = timezone.now()
    # A dossier closed now: what ended at its closing is marked, what she withdrew the day before is not.
    dicht = KandidaatFactory(afgesloten_op=nu)
    bij_sluiten = ToestemmingFactory(kandidaat=dicht, ingetrokken_op=nu + timedelta(milliseconds=3))
    zelf = ToestemmingFactory(kandidaat=dicht, ingetrokken_op=nu - timedelta(days=1))
    # A dossier open again: only the journey event knows a closing ended its consent.
    open_weer = KandidaatFactory(afgesloten_op=None)
    eerder = ToestemmingFactory(kandidaat=open_weer, ingetrokken_op=nu - timedelta(days=9))
    ook_zelf = ToestemmingFactory(kandidaat=open_weer, ingetrokken_op=nu - timedelta(days=2))
    actief = ToestemmingFactory(kandidaat=open_weer)
    Gebeurtenis.objects.create(soort=TOESTEMMING_INGETROKKEN, gegevens={
        "toestemming_id": eerder.pk, "kandidaat_id": open_weer.pk, "bij_afsluiten": True})
    Gebeurtenis.objects.create(soort=TOESTEMMING_INGETROKKEN, gegevens={
        "toestemming_id": ook_zelf.pk, "kandidaat_id": open_weer.pk, "bij_afsluiten": False})
    Gebeurtenis.objects.create(soort=TOESTEMMING_INGETROKKEN, gegevens={
        "toestemming_id": actief.pk, "kandidaat_id": open_weer.pk, "bij_afsluiten": True})  # given again since
    Toestemming.objects.update(bij_afsluiten=False)

    migratie.vullen(apps, None)

    gemarkeerd = set(Toestemming.objects.filter(bij_afsluiten=True).values_list("pk", flat=True))
    assert gemarkeerd == {bij_sluiten.pk, eerder.pk}
    assert zelf.pk not in gemarkeerd and ook_zelf.pk not in gemarkeerd
