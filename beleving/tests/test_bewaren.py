"""Retention: the answer stays for the monitor; the comment and the link to the person go after the period for
free text about a step (``BEWAARTERMIJN_VOORDRACHT_DAGEN``), and at once when the dossier is anonymised."""

from datetime import timedelta

import pytest
from django.utils import timezone

from beleving.models import Belevingsvraag, Bevraagde, Touchpoint
from beleving.services import ontvanger_werkgever, ontvanger_werkzoekende, vraag_beantwoorden, vraag_stellen
from privacy.bewaren import bewaartermijnen_toepassen, dossiers_anonimiseren

pytestmark = pytest.mark.django_db


def _beantwoord(wereld, *, dagen_geleden, werkgever=False):
    nu = timezone.now() - timedelta(days=dagen_geleden)
    if werkgever:
        vraag = vraag_stellen(touchpoint=Touchpoint.WG_NAZORG, ontvanger=ontvanger_werkgever(wereld.werkgever),
                              sleutel=f"b:{dagen_geleden}:wg", regio=wereld.werkgever.regio,
                              werkgever=wereld.werkgever, nu=nu)
    else:
        vraag = vraag_stellen(touchpoint=Touchpoint.WZ_PLAN, ontvanger=ontvanger_werkzoekende(wereld.kandidaat),
                              sleutel=f"b:{dagen_geleden}", regio=wereld.kandidaat.regio, nu=nu)
    Belevingsvraag.objects.filter(pk=vraag.pk).update(verloopt_op=timezone.now() + timedelta(days=1))
    return vraag_beantwoorden(vraag=vraag, score=2, opmerking="Willem vond het lastig")


def test_after_the_period_comment_and_person_go_the_answer_stays(wereld, settings):
    settings.BEWAARTERMIJNEN = {**settings.BEWAARTERMIJNEN, "voordracht": 365}
    oud = _beantwoord(wereld, dagen_geleden=400)
    oud_wg = _beantwoord(wereld, dagen_geleden=400, werkgever=True)
    recent = _beantwoord(wereld, dagen_geleden=10)
    proef = bewaartermijnen_toepassen(droog=True, categorieen=["beleving"])
    assert proef.regels[0].ids == sorted([oud.pk, oud_wg.pk])
    bewaartermijnen_toepassen(droog=False, categorieen=["beleving"])
    for vraag in (oud, oud_wg):
        vraag.refresh_from_db()
        assert (vraag.opmerking, vraag.gebruiker_id, vraag.kandidaat_id, vraag.werkgever_id, vraag.bevraagde_id) == (
            "", None, None, None, None)
        assert vraag.score == 2 and vraag.regio_id and vraag.beantwoord_op  # still counted by the monitor
    recent.refresh_from_db()
    assert recent.opmerking and recent.kandidaat_id == wereld.kandidaat.pk
    assert bewaartermijnen_toepassen(droog=False, categorieen=["beleving"]).regels[0].aantal == 0


def test_anonymising_the_dossier_unlinks_its_answers_and_forgets_the_choice(wereld):
    vraag = _beantwoord(wereld, dagen_geleden=1)
    dossiers_anonimiseren([wereld.kandidaat.pk], nu=timezone.now())
    vraag.refresh_from_db()
    assert (vraag.opmerking, vraag.kandidaat_id, vraag.gebruiker_id) == ("", None, None) and vraag.score == 2
    assert not Bevraagde.objects.filter(kandidaat=wereld.kandidaat).exists()
