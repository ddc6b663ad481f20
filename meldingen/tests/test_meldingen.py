from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.services import waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory
from bemiddeling.services import gesprek_plannen
from matching.services import interesse_tonen
from meldingen.models import Bezorging, Melding, Samenvatting
from meldingen.reacties import dossier_heropend
from meldingen.selectors import aantal_ongelezen
from meldingen.services import (
    bezorging_voor,
    dagelijkse_samenvattingen,
    melding_maken,
    meldingen_alles_gelezen,
    meldingen_maken,
    voorkeur_instellen,
)
from outbox.models import Gebeurtenis
from werkgevers.models import Vacature
from werkgevers.services import vacature_status_wijzigen
from werkgevers.tests.factories import VacatureFactory
from werkzoekenden.models import Toestemming
from werkzoekenden.services import (
    DOSSIER_HEROPEND,
    actie_toevoegen,
    actie_wijzigen,
    cv_opslaan,
    dossier_afsluiten,
    dossier_heropenen,
    toestemming_intrekken,
    toestemming_verlenen,
    warme_overdracht,
)

pytestmark = pytest.mark.django_db


def _melding(ontvanger, sleutel="test:1", **kwargs):
    return melding_maken(ontvanger=ontvanger, soort=Melding.Soort.PLAN, tekst="Je plan is aangepast.",
                         url="/mijn/plan/", sleutel=sleutel, **kwargs)


def test_one_cause_gives_one_melding(wereld):
    assert _melding(wereld.werkzoekende_user) is not None
    assert _melding(wereld.werkzoekende_user) is None
    meldingen_maken([{"ontvanger": wereld.klantmanager.pk, "soort": "plan", "tekst": "x", "sleutel": "a"},
                     {"ontvanger": wereld.klantmanager, "soort": "plan", "tekst": "x", "sleutel": "a"}])
    assert Melding.objects.count() == 2


def test_preference_follows_the_contactvoorkeur_until_chosen(wereld):
    for contactvoorkeur, verwacht in [("mail", Bezorging.DIRECT), ("app", Bezorging.PORTAAL),
                                      ("bellen", Bezorging.PORTAAL)]:
        wereld.kandidaat.contactvoorkeur = contactvoorkeur
        wereld.kandidaat.save()
        assert bezorging_voor([wereld.werkzoekende_user])[wereld.werkzoekende_user.pk] == verwacht
    voorkeur_instellen(door=wereld.werkzoekende_user, bezorging=Bezorging.DAGELIJKS)
    assert bezorging_voor([wereld.werkzoekende_user])[wereld.werkzoekende_user.pk] == Bezorging.DAGELIJKS
    standaard = bezorging_voor([wereld.werkgever_user, wereld.klantmanager, wereld.accountmanager, wereld.beheerder])
    assert standaard == {wereld.werkgever_user.pk: Bezorging.DIRECT, wereld.klantmanager.pk: Bezorging.DAGELIJKS,
                         wereld.accountmanager.pk: Bezorging.DAGELIJKS, wereld.beheerder.pk: Bezorging.PORTAAL}


def test_direct_mail_says_nothing_but_that_there_is_something(wereld, django_capture_on_commit_callbacks):
    voorkeur_instellen(door=wereld.werkgever_user, bezorging=Bezorging.DIRECT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        melding_maken(ontvanger=wereld.werkgever_user, soort="gesprek", sleutel="g:1",
                      tekst="Het gesprek met Willem van de Vecht is verplaatst", url="/voordrachten/1/")
    [m] = mail.outbox
    assert m.subject.endswith("U hebt een nieuwe melding in het portaal")
    assert "/voordrachten/1/" in m.body and "Willem" not in m.body and "gesprek" not in m.body.lower()
    voorkeur_instellen(door=wereld.werkgever_user, bezorging=Bezorging.PORTAAL)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        melding_maken(ontvanger=wereld.werkgever_user, soort="gesprek", sleutel="g:2", tekst="x")
    assert mail.outbox == []


def test_daily_summary_exactly_once_per_day(wereld, django_capture_on_commit_callbacks, settings):
    settings.MELDINGEN_SAMENVATTING_UUR = 7
    _melding(wereld.klantmanager, "a")  # staff: a daily summary unless they chose otherwise
    _melding(wereld.klantmanager, "b")
    _melding(wereld.werkzoekende_user, "c")  # bellen: the portal only
    vroeg = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), datetime.min.time())
                                .replace(hour=6))
    assert dagelijkse_samenvattingen(nu=vroeg) == 0
    acht = vroeg.replace(hour=8)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert dagelijkse_samenvattingen(nu=acht) == 1
    [m] = mail.outbox
    assert m.to == [wereld.klantmanager.email] and "2 nieuwe meldingen" in m.body
    # Later the same day: a new melding waits for tomorrow; a second run or worker sends nothing.
    _melding(wereld.klantmanager, "d")
    with django_capture_on_commit_callbacks(execute=True):
        assert dagelijkse_samenvattingen(nu=acht.replace(hour=9)) == 0
        assert dagelijkse_samenvattingen(nu=acht.replace(hour=23)) == 0
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert dagelijkse_samenvattingen(nu=acht + timedelta(days=1)) == 1
    assert "1 nieuwe melding " in mail.outbox[-1].body
    assert Samenvatting.objects.filter(gebruiker=wereld.klantmanager).count() == 2


def test_read_meldingen_are_not_summarised(wereld, settings):
    settings.MELDINGEN_SAMENVATTING_UUR = 0
    _melding(wereld.klantmanager, "a")
    meldingen_alles_gelezen(door=wereld.klantmanager)
    assert dagelijkse_samenvattingen(nu=timezone.now() + timedelta(days=1)) == 0
    assert not Samenvatting.objects.exists()


def test_count_is_capped_and_only_unread(wereld):
    meldingen_maken([{"ontvanger": wereld.klantmanager, "soort": "plan", "tekst": "x", "sleutel": f"n{i}"}
                     for i in range(105)])
    assert aantal_ongelezen(wereld.klantmanager) == 100
    meldingen_alles_gelezen(door=wereld.klantmanager)
    assert aantal_ongelezen(wereld.klantmanager) == 0


# --- reactions to journey events ---------------------------------------------------------------


def _meldingen(gebruiker):
    return list(Melding.objects.filter(ontvanger=gebruiker).values_list("soort", "tekst", "url"))


def test_plan_changed_by_the_other_party(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actie = actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.werkzoekende_user, levensdomein="werk",
                                doel="Werk", omschrijving="Cv bijwerken", eigenaar="ik")
    assert _meldingen(wereld.klantmanager) == [
        ("plan", "Willem van de Vecht heeft een actie toegevoegd: Cv bijwerken",
         reverse("plan_van_aanpak", args=[wereld.kandidaat.pk]))]
    assert _meldingen(wereld.werkzoekende_user) == []
    with django_capture_on_commit_callbacks(execute=True):
        actie_wijzigen(actie=actie, door=wereld.klantmanager, versie=actie.versie, status="bezig")
    assert _meldingen(wereld.werkzoekende_user) == [
        ("plan", "Je contactpersoon heeft je plan aangepast: Cv bijwerken", "/mijn/plan/")]


def test_new_contactpersoon_for_both(wereld, django_capture_on_commit_callbacks):
    nieuw = KlantmanagerFactory(voornaam="Jan", achternaam="Nieuw", organisatie=wereld.klantmanager.organisatie,
                                regio=wereld.klantmanager.regio)
    with django_capture_on_commit_callbacks(execute=True):
        warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=nieuw, notitie="Let op de WW")
    [(soort, tekst, _url)] = _meldingen(wereld.werkzoekende_user)
    assert soort == "contactpersoon" and "Jan Nieuw" in tekst
    assert _meldingen(nieuw)[0][0] == "contactpersoon"


def test_consent_withdrawn_and_cv_uploaded(wereld, django_capture_on_commit_callbacks):
    wereld.met_bemiddeling()
    Melding.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        toestemming_intrekken(toestemming=wereld.toestemming, door=wereld.werkzoekende_user)
    soorten = [s for s, _t, _u in _meldingen(wereld.klantmanager)]
    assert "toestemming" in soorten and "voordracht" in soorten  # and the voordracht that rested on it stopped
    assert [s for s, _t, _u in _meldingen(wereld.accountmanager)] == ["voordracht"]
    with django_capture_on_commit_callbacks(execute=True):
        cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
                   bestand=ContentFile(b"%PDF-1.4 x", name="cv.pdf"))
    assert [s for s, _t, _u in _meldingen(wereld.werkzoekende_user)] == ["cv"]


def test_voordracht_answered_and_gesprek_planned_and_moved(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wereld.met_bemiddeling()  # the werkgever invites; the accountmanager plans the gesprek
    willem = [s for s, _t, _u in _meldingen(wereld.werkzoekende_user)]
    # Proposed (by Anton), then invited, then the gesprek.
    assert willem.count("voordracht") == 2 and willem.count("gesprek") == 1
    # The werkgever: the new kandidaat (in the portal at once) and the gesprek.
    assert [s for s, _t, _u in _meldingen(wereld.werkgever_user)] == ["gesprek", "voordracht"]
    # Who planned it hears nothing of their own doing.
    assert "gesprek" not in [s for s, _t, _u in _meldingen(wereld.accountmanager)]
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_plannen(voordracht=wereld.voordracht, door=wereld.werkgever_user, locatie="Arnhem",
                        begint_op=timezone.now() + timedelta(days=5), begeleider_gaat_mee=True)
    teksten = [t for s, t, _u in _meldingen(wereld.werkzoekende_user) if s == "gesprek"]
    assert len(teksten) == 2 and "verplaatst" in teksten[0]
    assert any("verplaatst" in t for s, t, _u in _meldingen(wereld.accountmanager))


def test_no_second_mail_when_the_change_already_mailed(wereld, django_capture_on_commit_callbacks, settings):
    """The gesprek invitation (.ics) and the warme overdracht mail people themselves: the melding does not."""
    settings.MELDINGEN_SAMENVATTING_UUR = 0
    voorkeur_instellen(door=wereld.werkgever_user, bezorging=Bezorging.DIRECT)
    voorkeur_instellen(door=wereld.accountmanager, bezorging=Bezorging.DAGELIJKS)
    with django_capture_on_commit_callbacks(execute=True):
        wereld.met_bemiddeling()
    onderwerpen = [m.subject for m in mail.outbox if wereld.werkgever_user.email in m.to]
    assert not any("melding" in o for o in onderwerpen)
    assert Melding.objects.filter(ontvanger=wereld.werkgever_user, soort="gesprek").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dagelijkse_samenvattingen(nu=timezone.now() + timedelta(days=1))
    # Accountmanager and klantmanager: the werkgever's invitation is in the summary; the gesprek (mailed with its
    # .ics already) is not.
    samenvattingen = {m.to[0]: m.body for m in mail.outbox}
    assert set(samenvattingen) == {wereld.accountmanager.email, wereld.klantmanager.email}
    assert all("1 nieuwe melding " in tekst for tekst in samenvattingen.values())


def test_the_colleague_covering_hears_what_happens_in_the_caseload_of_whoever_is_on_leave(wereld, met_commit):
    """Willem asks about a vacature while his klantmanager Karin is on leave: the melding went to Karin only, and Lotte,
    who covers her caseload, heard nothing. Now Lotte gets a copy that says for whom, with the same link, once; not
    when she is told of that page herself already, and no more once Karin is back."""
    karin = wereld.klantmanager
    lotte = KlantmanagerFactory(organisatie=karin.organisatie, regio=karin.regio, voornaam="Lotte",
                                achternaam="Peters")
    waarnemer_instellen(gebruiker=karin, waarnemer=lotte)
    vacature = VacatureFactory(werkgever=wereld.werkgever, titel="Monteur", status="open")
    met_commit(interesse_tonen, kandidaat=wereld.kandidaat, vacature=vacature, door=wereld.werkzoekende_user)

    voor_karin = Melding.objects.get(ontvanger=karin, soort=Melding.Soort.INTERESSE)
    voor_lotte = Melding.objects.get(ontvanger=lotte, soort=Melding.Soort.INTERESSE)
    assert voor_lotte.tekst == f"Voor Karin Klant (je neemt waar): {voor_karin.tekst}"
    assert voor_lotte.url == voor_karin.url
    assert _melding(karin, sleutel="plan:1") is not None and _melding(karin, sleutel="plan:1") is None
    assert Melding.objects.filter(ontvanger=lotte, soort=Melding.Soort.PLAN).count() == 1

    # Both told of the same page in one go (a message in a thread): Lotte gets hers, not a copy as well.
    meldingen_maken([{"ontvanger": karin, "soort": "bericht", "tekst": "Nieuw bericht", "url": "/berichten/9/",
                      "sleutel": "bericht:9:k"},
                     {"ontvanger": lotte, "soort": "bericht", "tekst": "Nieuw bericht", "url": "/berichten/9/",
                      "sleutel": "bericht:9:l"}])
    assert Melding.objects.filter(ontvanger=lotte, url="/berichten/9/").count() == 1

    waarnemer_instellen(gebruiker=karin, waarnemer=None)
    _melding(karin, sleutel="plan:2")
    assert Melding.objects.filter(ontvanger=lotte, soort=Melding.Soort.PLAN).count() == 1


def test_the_colleague_covering_gets_no_copy_of_what_she_did_herself(wereld, met_commit):
    """Kevin covers Anton's werkgevers and closes De Heul's vacature himself: Anton was told (the voordrachten he
    made stopped), and the copy of that melding went to Kevin, mailed, "Voor Anton (je neemt waar): ..." about his
    own act."""
    wereld.met_bemiddeling()
    anton = wereld.accountmanager
    kevin = AccountmanagerFactory(organisatie=anton.organisatie, regio=anton.regio, voornaam="Kevin",
                                  achternaam="de Wit")
    waarnemer_instellen(gebruiker=anton, waarnemer=kevin)
    met_commit(vacature_status_wijzigen, vacature=wereld.vacature, door=kevin, status=Vacature.Status.GESLOTEN)
    assert Melding.objects.filter(ontvanger=anton, tekst__contains="is gestopt").exists()
    assert not Melding.objects.filter(ontvanger=kevin, tekst__contains="is gestopt").exists()
    # A melding about what someone else did still reaches him.
    met_commit(vacature_status_wijzigen, vacature=wereld.vacature, door=wereld.werkgever_user,
               status=Vacature.Status.OPEN)
    assert Melding.objects.filter(ontvanger=kevin, tekst__startswith="Voor Anton Account (je neemt waar)").exists()


def test_a_reopened_dossier_tells_the_werkzoekende_and_that_she_gives_her_consents_again(client, wereld, met_commit):
    """Closing told her "Je contactpersoon heeft je dossier gesloten ... Je toestemmingen zijn gestopt"; reopening
    told her nothing: her last melding still said it was closed, and nobody said she is not found or proposed any
    more until she gives her consents again (reopening does not give them back)."""
    km, wz = wereld.klantmanager, wereld.werkzoekende_user
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.VINDBAAR, door=wz)
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=km, reden="werk")
    met_commit(dossier_heropenen, kandidaat=wereld.kandidaat, door=km)

    melding = Melding.objects.filter(ontvanger=wz, tekst__startswith="Je dossier is weer open.").get()
    assert km.get_full_name() in melding.tekst and "Geef ze opnieuw" in melding.tekst
    assert melding.url == reverse("toestemmingen", args=[wereld.kandidaat.pk])
    client.force_login(wz)
    assert "Je dossier is weer open." in client.get(reverse("meldingen")).content.decode()

    # Closed and opened again without consents to give back: only that it is open, and who helps her.
    met_commit(dossier_afsluiten, kandidaat=wereld.kandidaat, door=km, reden="werk")
    met_commit(dossier_heropenen, kandidaat=wereld.kandidaat, door=km)
    tweede = Melding.objects.filter(ontvanger=wz, tekst__startswith="Je dossier is weer open.").latest("pk")
    assert tweede.pk != melding.pk and "Geef ze opnieuw" not in tweede.tekst
    assert tweede.url == reverse("werkzoekende_home")


def test_a_reopening_handled_late_does_not_count_a_consent_she_gave_and_withdrew_since(wereld, met_commit):
    """The melding decided which consents stopped with the closing by their moment (withdrawn at or after it). Read
    late (a worker behind), a consent she gave after the dossier opened and withdrew herself counted as stopped by
    the closing: "Je toestemmingen ... stopten toen je dossier sloot. ... Geef ze opnieuw", though none had. Now it
    reads the consent's own mark (``bij_afsluiten``), and only for this closing."""
    km, wz, kandidaat = wereld.klantmanager, wereld.werkzoekende_user, wereld.kandidaat
    kandidaat.toestemmingen.filter(ingetrokken_op__isnull=True).delete()  # nothing to stop at the closing
    met_commit(dossier_afsluiten, kandidaat=kandidaat, door=km, reden="werk")
    dossier_heropenen(kandidaat=kandidaat, door=km)  # its reactions wait
    eigen = toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.VINDBAAR, door=wz)
    toestemming_intrekken(toestemming=eigen, door=wz)

    dossier_heropend(Gebeurtenis.objects.filter(soort=DOSSIER_HEROPEND).latest("pk"))
    melding = Melding.objects.filter(ontvanger=wz, tekst__startswith="Je dossier is weer open.").get()
    assert "Geef ze opnieuw" not in melding.tekst
    assert melding.url == reverse("werkzoekende_home")
