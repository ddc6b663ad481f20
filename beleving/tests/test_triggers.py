"""Each touchpoint asks the right person once, after the real service of that step, with regio and organisatie
filled in when it is asked."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisatie
from accounts.tests.factories import KlantmanagerFactory, OrganisatieFactory
from beleving import reacties
from beleving.models import Belevingsvraag, Bevraagde, Touchpoint
from bemiddeling.services import gesprek_plannen, voordracht_create, voordracht_reageren, voordracht_uitkomst
from outbox.models import Gebeurtenis, Mail
from outbox.services import gebeurtenis_verwerken
from plaatsingen.services import nazorg_uitkomst_vastleggen
from werkgevers.services import bezoek_vastleggen, verzoek_contact_opgenomen
from werkzoekenden.models import Contactvoorkeur, Toestemming
from werkzoekenden.services import (
    dossier_aanmaken,
    evaluatiedatum_instellen,
    plan_van,
    toestemming_verlenen,
    warme_overdracht,
)
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db



@pytest.fixture
def wsp(wereld):
    return OrganisatieFactory(naam="WSP Midden-Gelderland", soort=Organisatie.Soort.WSP, regio=wereld.werkgever.regio)


def week_verder():
    """A week has passed since everyone was last asked."""
    Bevraagde.objects.update(laatst_gevraagd_op=timezone.now() - timedelta(days=8))


def vragen(touchpoint):
    return list(Belevingsvraag.objects.filter(touchpoint=touchpoint))


def mails_aan(adres):
    return list(Mail.objects.filter(aan=adres.lower(), sleutel__startswith="beleving:"))


# --- werkgeversreis ---------------------------------------------------------------------------------


def test_eerste_contact_asks_who_asked_for_help_by_mail_only_for_the_wsp(wereld, wsp, met_commit):
    wereld.met_bemiddeling()
    met_commit(verzoek_contact_opgenomen, verzoek=wereld.verzoek, door=wereld.accountmanager, notitie="Gebeld")
    [vraag] = vragen(Touchpoint.WG_EERSTE_CONTACT)
    assert vraag.gebruiker is None and vraag.werkgever == wereld.verzoek.werkgever
    assert vraag.regio == wereld.verzoek.werkgever.regio and vraag.organisatie == wsp
    [mail] = mails_aan("piet@nieuw.nl")
    assert "Hoe ging dit?" in mail.onderwerp and mail.sleutel == f"beleving:{vraag.pk}:piet@nieuw.nl"


def test_kennismaking_asks_the_werkgever_in_the_portal_and_by_mail(wereld, wsp, met_commit):
    met_commit(bezoek_vastleggen, werkgever=wereld.werkgever, door=wereld.accountmanager,
               bezocht_op=timezone.localdate(), verslag="Rondleiding")
    [vraag] = vragen(Touchpoint.WG_KENNISMAKING)
    assert vraag.gebruiker == wereld.werkgever_user and vraag.organisatie == wsp
    assert len(mails_aan(wereld.werkgever_user.email)) == 1


def _voordracht(wereld, met_commit):
    from werkgevers.tests.factories import VacatureFactory

    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.klantmanager)
    return met_commit(voordracht_create, vacature=vacature, kandidaat=wereld.kandidaat, door=wereld.accountmanager,
                      toelichting="Past goed.")


def test_voordracht_asks_the_werkzoekende_in_the_portal_for_the_klantmanagers_organisation(wereld, met_commit):
    voordracht = _voordracht(wereld, met_commit)
    [vraag] = vragen(Touchpoint.WZ_VOORDRACHT)
    assert vraag.gebruiker == wereld.werkzoekende_user and vraag.kandidaat == wereld.kandidaat
    assert vraag.organisatie == wereld.klantmanager.organisatie and vraag.regio == wereld.kandidaat.regio
    assert vraag.sleutel == f"wz_voordracht:voordracht:{voordracht.pk}"
    # Contactvoorkeur "bellen" (the default): no mail, the question waits in the portal.
    assert mails_aan(wereld.werkzoekende_user.email) == []


def test_werkgever_answering_voordrachten_is_asked_once_per_vacature(wereld, wsp, met_commit):
    voordracht = _voordracht(wereld, met_commit)
    met_commit(voordracht_reageren, voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
    [vraag] = vragen(Touchpoint.WG_VOORDRACHTEN)
    assert vraag.gebruiker == wereld.werkgever_user and vraag.sleutel == f"wg_voordrachten:vacature:{voordracht.vacature_id}"


def test_gesprek_asks_both_sides_after_the_outcome(wereld, wsp, met_commit):
    voordracht = _voordracht(wereld, met_commit)
    met_commit(voordracht_reageren, voordracht=voordracht, door=wereld.werkgever_user, uitnodigen=True)
    met_commit(gesprek_plannen, voordracht=voordracht, door=wereld.accountmanager, locatie="Arnhem",
               begint_op=timezone.now() + timedelta(hours=2), begeleider_gaat_mee=False)
    wereld.gesprek_geweest(voordracht)
    week_verder()
    met_commit(voordracht_uitkomst, voordracht=voordracht, door=wereld.werkgever_user, aangenomen=False,
               reden="anders", reden_toelichting="Te weinig ervaring")
    assert [v.gebruiker for v in vragen(Touchpoint.WG_GESPREK)] == [wereld.werkgever_user]
    assert [v.kandidaat for v in vragen(Touchpoint.WZ_GESPREK)] == [wereld.kandidaat]
    # The rejection after the gesprek is no "voordrachten ontvangen" question a second time.
    assert len(vragen(Touchpoint.WG_VOORDRACHTEN)) == 1


def test_start_werk_and_nazorg(wereld, wsp, django_capture_on_commit_callbacks):
    wereld.met_plaatsing()  # Anja: hired, proefplaatsing signed and running (events not yet handled)
    # Anja has no account: she can be asked by mail only, and wants mail.
    type(wereld.kandidaat2).objects.filter(pk=wereld.kandidaat2.pk).update(contactvoorkeur=Contactvoorkeur.MAIL)
    for pk in Gebeurtenis.objects.filter(verwerkt_op__isnull=True).order_by("pk").values_list("pk", flat=True):
        week_verder()  # each step a week apart, so the cap leaves none out
        gebeurtenis_verwerken(pk)
    assert wereld.kandidaat2 in [v.kandidaat for v in vragen(Touchpoint.WZ_VOORDRACHT)]
    assert [v.kandidaat for v in vragen(Touchpoint.WZ_GESPREK)] == [wereld.kandidaat2]
    [start] = vragen(Touchpoint.WZ_START_WERK)
    assert start.kandidaat == wereld.kandidaat2 and start.sleutel == f"wz_start_werk:plaatsing:{wereld.plaatsing.pk}"
    week_verder()
    with django_capture_on_commit_callbacks(execute=True):
        nazorg_uitkomst_vastleggen(moment=wereld.moment, door=wereld.accountmanager, uitkomst="goed")
    assert [v.werkgever for v in vragen(Touchpoint.WG_NAZORG)] == [wereld.werkgever]
    assert [v.kandidaat for v in vragen(Touchpoint.WZ_NAZORG)] == [wereld.kandidaat2]
    # A second nazorg moment of the same plaatsing asks nothing new.
    week_verder()
    tweede = wereld.plaatsing.nazorgmomenten.exclude(pk=wereld.moment.pk).first()
    type(tweede).objects.filter(pk=tweede.pk).update(gepland_op=timezone.now())  # its day has come
    with django_capture_on_commit_callbacks(execute=True):
        nazorg_uitkomst_vastleggen(moment=tweede, door=wereld.accountmanager, uitkomst="goed")
    assert len(vragen(Touchpoint.WG_NAZORG)) == len(vragen(Touchpoint.WZ_NAZORG)) == 1


# --- werkzoekendenreis ------------------------------------------------------------------------------


def test_intake_without_account_mails_only_when_the_contactvoorkeur_is_mail(wereld, met_commit):
    kandidaat = met_commit(dossier_aanmaken, door=wereld.klantmanager, voornaam="Jeske", achternaam="Smit",
                           postcode="6822 AB", uitkering="bijstand", email="jeske@voorbeeld.nl",
                           contactvoorkeur=Contactvoorkeur.MAIL)
    [vraag] = vragen(Touchpoint.WZ_INTAKE)
    assert vraag.kandidaat == kandidaat and vraag.gebruiker is None
    assert len(mails_aan("jeske@voorbeeld.nl")) == 1
    met_commit(dossier_aanmaken, door=wereld.klantmanager, voornaam="Bram", achternaam="Bel",
               postcode="6822 AB", uitkering="ww", email="bram@voorbeeld.nl", contactvoorkeur=Contactvoorkeur.BELLEN)
    # No account and no mail wanted: there is no way to ask, so nothing is written.
    assert len(vragen(Touchpoint.WZ_INTAKE)) == 1 and mails_aan("bram@voorbeeld.nl") == []


def test_plan_review_asks_when_the_due_evaluation_is_followed_by_a_new_date(wereld, met_commit):
    plan = plan_van(wereld.kandidaat)
    vandaag = timezone.localdate()
    type(plan).objects.filter(pk=plan.pk).update(evaluatiedatum=vandaag + timedelta(days=10))
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               evaluatiedatum=vandaag + timedelta(days=20))
    assert vragen(Touchpoint.WZ_PLAN) == []  # only moved: no review held
    type(plan).objects.filter(pk=plan.pk).update(evaluatiedatum=vandaag)
    met_commit(evaluatiedatum_instellen, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               evaluatiedatum=vandaag + timedelta(days=90))
    [vraag] = vragen(Touchpoint.WZ_PLAN)
    assert vraag.gebruiker == wereld.werkzoekende_user


def test_warme_overdracht_counts_for_the_new_klantmanagers_organisation(wereld, met_commit):
    naar = KlantmanagerFactory(regio=wereld.klantmanager.regio)
    met_commit(warme_overdracht, kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=naar,
               notitie="Bijstand na WW")
    [vraag] = vragen(Touchpoint.WZ_OVERDRACHT)
    assert vraag.organisatie == naar.organisatie and vraag.kandidaat == wereld.kandidaat


def test_a_reaction_that_runs_again_asks_nothing_twice(wereld, met_commit):
    _voordracht(wereld, met_commit)
    week_verder()
    for gebeurtenis in Gebeurtenis.objects.filter(soort="bemiddeling.voordracht_gemaakt"):
        with transaction.atomic():
            reacties.na_voordracht(gebeurtenis)
    assert len(vragen(Touchpoint.WZ_VOORDRACHT)) == 1


def test_a_closed_dossier_is_not_asked(wereld, met_commit):
    """A closed dossier is not handed over any more; one closed after its handover, before the reaction runs, is not
    asked about it either."""
    def overdragen_en_sluiten(**kwargs):
        warme_overdracht(**kwargs)
        type(wereld.kandidaat).objects.filter(pk=wereld.kandidaat.pk).update(afgesloten_op=timezone.now())

    met_commit(overdragen_en_sluiten, kandidaat=wereld.kandidaat, door=wereld.klantmanager,
               naar=KlantmanagerFactory(regio=wereld.klantmanager.regio), notitie="x")
    assert vragen(Touchpoint.WZ_OVERDRACHT) == []


def test_factory_kandidaat_with_mail_preference_and_account_gets_portal_and_mail(wereld, met_commit):
    from accounts.tests.factories import WerkzoekendeUserFactory

    account = WerkzoekendeUserFactory(email="anja@voorbeeld.nl")
    kandidaat = KandidaatFactory(account=account, klantmanager=wereld.klantmanager,
                                 contactvoorkeur=Contactvoorkeur.MAIL)
    met_commit(warme_overdracht, kandidaat=kandidaat, door=wereld.klantmanager,
               naar=KlantmanagerFactory(regio=wereld.klantmanager.regio), notitie="x")
    [vraag] = vragen(Touchpoint.WZ_OVERDRACHT)
    assert vraag.gebruiker == account and len(mails_aan("anja@voorbeeld.nl")) == 1
