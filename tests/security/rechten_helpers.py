"""A dossier with something in every part the export covers, of any size (for the query-count test)."""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.factories import KlantmanagerFactory, WerkzoekendeUserFactory
from agenda.models import Afspraak, Deelnemer
from beleving.models import Belevingsvraag
from bemiddeling.services import gesprek_plannen, voordracht_create
from berichten.models import Bericht, Berichtenwisseling, Bijlage, Gelezen
from matching.models import Interesse
from meldingen.models import Melding
from ondersteuning.models import Aanvraag, Startmoment, Traject
from plaatsingen.models import (
    Checkin,
    NazorgMoment,
    Plaatsing,
    PlaatsingCorrectie,
    Regelingaanvraag,
    RegelingaanvraagWijziging,
)
from taken.models import Taak
from werkgevers.models import Instrument
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import Actie, Document, Levensdomein, Toestemming, ToestemmingVerzoek
from werkzoekenden.services import (
    actie_toevoegen,
    dossiertoegang_geven,
    rechtenverzoek_indienen,
    toestemming_intrekken,
    toestemming_verlenen,
    warme_overdracht,
)
from werkzoekenden.tests.factories import KandidaatFactory


def vol_dossier(wereld, n=1, kandidaat=None):
    """``n`` of everything: toestemmingen, voordrachten with a gesprek, plaatsingen with nazorg and check-ins,
    acties, verzoeken, taken; one warme overdracht."""
    if kandidaat is None:
        account = WerkzoekendeUserFactory(voornaam="Fatima", achternaam="El Amrani")
        kandidaat = KandidaatFactory(voornaam="Fatima", achternaam="El Amrani", account=account,
                                     klantmanager=wereld.klantmanager, samenvatting="Ik werk graag buiten.",
                                     werkervaring="Hovenier\nMagazijnmedewerker")
    nu = timezone.now()
    for i in range(n):
        werkgever = WerkgeverFactory(accountmanager=wereld.accountmanager, naam=f"Groen B.V. {i}")
        vacature = VacatureFactory(werkgever=werkgever, titel=f"Hovenier {i}")
        toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, werkgever=werkgever,
                             door=kandidaat.account or wereld.klantmanager)
        voordracht = voordracht_create(vacature=vacature, kandidaat=kandidaat, door=wereld.accountmanager,
                                       toelichting=f"Past goed {i}.")
        gesprek_plannen(voordracht=voordracht, door=wereld.accountmanager, begint_op=nu + timedelta(days=2),
                        locatie="Arnhem", begeleider_gaat_mee=True)
        plaatsing = Plaatsing.objects.create(
            voordracht=voordracht, kandidaat=kandidaat, werkgever=werkgever, soort=Plaatsing.Soort.TIJDELIJK,
            status=Plaatsing.Status.LOPEND, functie=f"Hovenier {i}", startdatum=timezone.localdate(),
            uren_per_week=24, aangemaakt_door=wereld.accountmanager)
        PlaatsingCorrectie.objects.create(plaatsing=plaatsing, door=wereld.accountmanager, reden="Uren overgetypt.",
                                          oud={"uren_per_week": 32}, nieuw={"uren_per_week": 24})
        aanvraag = Regelingaanvraag.objects.create(
            plaatsing=plaatsing, instrument=Instrument.objects.get(naam="Loonkostensubsidie"),
            aangevraagd_op=timezone.localdate(), aangevraagd_bij="Gemeente Arnhem", kenmerk=f"LKS-{i}")
        RegelingaanvraagWijziging.objects.create(aanvraag=aanvraag, naar="aangevraagd", door=wereld.accountmanager,
                                                 toelichting=f"aangevraagd bij Gemeente Arnhem, kenmerk LKS-{i}")
        moment = NazorgMoment.objects.create(plaatsing=plaatsing, soort=NazorgMoment.Soort.WEEK_2, gepland_op=nu)
        Checkin.objects.create(moment=moment, rol=Checkin.Rol.WERKNEMER, email=kandidaat.email,
                               token_hash=uuid.uuid4().hex, verloopt_op=nu + timedelta(days=7), score=4,
                               opmerking="Gaat goed")
        actie_toevoegen(kandidaat=kandidaat, door=wereld.klantmanager, levensdomein=Levensdomein.WERK,
                        doel="Werk vinden", omschrijving=f"Sollicitatiebrief {i}", eigenaar=Actie.Eigenaar.IK)
        rechtenverzoek_indienen(kandidaat=kandidaat, door=kandidaat.account, soort="correctie",
                                wat=f"Telefoonnummer {i}", wens="06 12345678")
        Taak.objects.create(toegewezen_aan=wereld.accountmanager, omschrijving=f"Bel over {i}", voordracht=voordracht)
        document = Document.objects.create(
            kandidaat=kandidaat, soort=Document.Soort.CERTIFICAAT, titel=f"VCA {i}", bestandsnaam=f"vca-{i}.pdf",
            bestandssoort="pdf", verloopt_op=timezone.localdate() + timedelta(days=400), delen_met_werkgever=True,
            bestand=ContentFile(b"%PDF-1.4 vca", name=f"vca-{i}.pdf"))
        voordracht.documenten.add(document)
        # A question to share with another werkgever, a thread with an attachment, an afspraak, a melding.
        andere = VacatureFactory(werkgever=WerkgeverFactory(accountmanager=wereld.accountmanager,
                                                            naam=f"Tuin B.V. {i}"), titel=f"Tuinman {i}")
        ToestemmingVerzoek.objects.create(kandidaat=kandidaat, werkgever=andere.werkgever, vacature=andere,
                                          gevraagd_door=wereld.accountmanager, delen=["profiel", "cv"])
        wisseling = Berichtenwisseling.objects.create(soort="werkzoekende", onderwerp=f"Vraag {i}",
                                                      kandidaat=kandidaat, gestart_door=wereld.klantmanager)
        bericht = Bericht.objects.create(wisseling=wisseling, afzender=wereld.klantmanager, tekst=f"Hoi {i}")
        Bijlage.objects.create(bericht=bericht, bestand=f"berichten/{uuid.uuid4().hex}.pdf",
                               bestandsnaam=f"rooster-{i}.pdf", soort="pdf", grootte=10)
        if kandidaat.account_id:
            Gelezen.objects.create(wisseling=wisseling, gebruiker=kandidaat.account, tot_bericht=bericht.pk)
            Melding.objects.create(ontvanger=kandidaat.account, soort="bericht", tekst=f"Nieuw bericht {i}",
                                   sleutel=f"vol_dossier:{uuid.uuid4().hex}")
        afspraak = Afspraak.objects.create(
            soort="klantmanagergesprek", titel=f"Gesprek {i}", start=nu + timedelta(days=3),
            eind=nu + timedelta(days=3, hours=1), plaats="Stadhuis", georganiseerd_door=wereld.klantmanager,
            ics_uid=f"{uuid.uuid4()}@test")
        Deelnemer.objects.create(afspraak=afspraak, kandidaat=kandidaat)
        interesse = Interesse.objects.create(kandidaat=kandidaat, vacature=andere, door=kandidaat.account)
        Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving=f"Meer weten {i}",
                            sleutel=f"interesse:{interesse.pk}")
        if kandidaat.account_id:
            Belevingsvraag.objects.create(
                touchpoint="wz_gesprek", gebruiker=kandidaat.account, kandidaat=kandidaat, regio=kandidaat.regio,
                sleutel=f"vol_dossier:{uuid.uuid4().hex}", verloopt_op=nu + timedelta(days=14),
                token_hash=uuid.uuid4().hex, beantwoord_op=nu, score=4, opmerking=f"Fijn gesprek {i}")
        traject = Traject.objects.create(titel=f"VCA-cursus {i}", omschrijving="Veilig werken.", soort="training",
                                         aanbieder="Bouwmensen", plaats="Arnhem", regio=kandidaat.regio)
        startmoment = Startmoment.objects.create(traject=traject, start=nu + timedelta(days=9), capaciteit=10)
        aanvraag = Aanvraag.objects.create(traject=traject, startmoment=startmoment, kandidaat=kandidaat,
                                           motivatie=f"Ik wil de bouw in {i}.", status="afgewezen",
                                           reden="Eerst de taalcursus.", beoordeeld_op=nu,
                                           beoordeeld_door=wereld.klantmanager)
        Taak.objects.create(toegewezen_aan=wereld.klantmanager, omschrijving=f"Beoordeel aanvraag {i}",
                            sleutel=f"ondersteuning:{aanvraag.pk}")
    # The sollicitatieplicht (set by the klantmanager, maatwerk once) and n sollicitaties, one with a proof.
    from sollicitaties.services import activiteit_vastleggen, plicht_instellen

    plicht_instellen(kandidaat=kandidaat, door=wereld.klantmanager, aantal=4, startdatum=timezone.localdate())
    plicht_instellen(kandidaat=kandidaat, door=wereld.klantmanager, aantal=2, startdatum=timezone.localdate(),
                     reden="Mantelzorg")
    for i in range(n):
        bewijs = None
        if i == 0:
            bewijs = ContentFile(b"%PDF-1.4 bewijs", name=f"bevestiging-{i}.pdf")
            bewijs.soort = "pdf"
        activiteit_vastleggen(kandidaat=kandidaat, door=kandidaat.account or wereld.klantmanager,
                              werkgever=f"Hoveniersbedrijf {i}", functie=f"Hovenier {i}",
                              datum=timezone.localdate(), wijze="mail", bewijs=bewijs)
    # A colleague with access for a while (ended by the warme overdracht below when she is not of the new one's
    # organisation; here she is, so it runs on).
    if kandidaat.klantmanager_id:
        km = kandidaat.klantmanager
        for i in range(n):
            dossiertoegang_geven(kandidaat=kandidaat, door=km,
                                 klantmanager=KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio),
                                 reden=f"Neemt waar tijdens verlof {i}", tot=timezone.localdate() + timedelta(days=30))
    eerste = kandidaat.toestemmingen.order_by("pk").first()
    toestemming_intrekken(toestemming=eerste, door=kandidaat.account or wereld.klantmanager)
    if kandidaat.klantmanager_id:
        warme_overdracht(kandidaat=kandidaat, door=kandidaat.klantmanager,
                         naar=KlantmanagerFactory(organisatie=kandidaat.klantmanager.organisatie),
                         notitie="Gemotiveerd, zoekt buitenwerk.")
    kandidaat.refresh_from_db()
    return kandidaat
