"""The data migration that tells open tasks of before ``Taak.kandidaat`` whom they are about."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from taken.models import Taak
from werkzoekenden.models import Actie
from werkzoekenden.services import plan_van

pytestmark = pytest.mark.django_db

vullen = importlib.import_module("taken.migrations.0005_taak_kandidaat_vullen").vullen


def test_open_tasks_learn_their_kandidaat_from_what_they_name(wereld):
    wereld.met_bemiddeling()
    actie = Actie.objects.create(plan=plan_van(wereld.kandidaat), levensdomein="werk", doel="Werk",
                                 omschrijving="Bellen", eigenaar=Actie.Eigenaar.CONTACTPERSOON)
    via_voordracht = Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="a",
                                         voordracht=wereld.voordracht)
    via_actie = Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="b", sleutel=f"actie:{actie.pk}")
    weg = Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="c", sleutel="actie:999999")
    klaar = Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving="d", sleutel="interesse:1",
                                voordracht=wereld.voordracht, afgerond_op=timezone.now())
    vullen(apps, None)
    for taak in (via_voordracht, via_actie, weg, klaar):
        taak.refresh_from_db()
    assert (via_voordracht.kandidaat, via_actie.kandidaat) == (wereld.kandidaat, wereld.kandidaat)
    assert weg.kandidaat is None and klaar.kandidaat is None
