"""Every figure of docs/kpi.md on a constructed world whose answers are worked out by hand.

The calendar of spring 2026: Koningsdag is Monday 27 April, Hemelvaart Thursday 14 May, Tweede Pinksterdag
Monday 25 May; 5 May 2026 is no day off (Bevrijdingsdag only in lustrum years). "Now" is Monday 15 June 2026
12:00, the months asked for are March to June 2026.
"""

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import Organisatie
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, OrganisatieFactory, gemeente, regio
from agenda.models import Afspraak, Deelnemer
from beleving.models import Belevingsvraag
from bemiddeling.models import Sollicitatiegesprek, Voordracht, VoordrachtTransitie
from berichten.models import Bericht, Berichtenwisseling
from klantreis.lib.werktijd import binnen_een_werkdag, is_werkdag, na_werkuren, werkdagen_geleden
from monitor.kengetallen import DEFINITIES, FASEN, MINIMUM_PERSONEN, definitie
from monitor.models import Kengetal
from monitor.rollups import (
    Kalender,
    kengetallen_berekenen,
    kengetallen_schrijven,
    kengetallen_verversen,
    maanden_tussen,
)
from monitor.tasks import monitor_verversen_task
from plaatsingen.models import NazorgMoment, Plaatsing, PlaatsingTransitie
from taken.models import Taak
from werkgevers.models import Vacature, Verzoek
from werkgevers.tests.factories import VacatureFactory, WerkgeverFactory
from werkzoekenden.models import (
    Actie,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanVanAanpak,
    PlanWijziging,
    Toestemming,
)
from werkzoekenden.tests.factories import KandidaatFactory

VANAF, TOT = date(2026, 3, 1), date(2026, 6, 1)


def op(jaar, maand, dag, uur=10, minuut=0):
    return timezone.make_aware(datetime(jaar, maand, dag, uur, minuut))


def nu():
    return op(2026, 6, 15, 12)


class Wereld:
    """The region's WSP, a UWV and a gemeente; werkgevers, kandidaten and their journeys in spring 2026."""

    def __init__(self):
        gm = gemeente()
        self.regio = gm.regio
        self.wsp, _n = Organisatie.objects.get_or_create(regio=self.regio, soort=Organisatie.Soort.WSP,
                                                         defaults={"naam": "WSP Midden-Gelderland"})
        self.uwv = OrganisatieFactory(soort=Organisatie.Soort.UWV, gemeente=None, regio=self.regio, naam="UWV Arnhem")
        self.gemeente = OrganisatieFactory(soort=Organisatie.Soort.GEMEENTE, regio=self.regio, naam="Gemeente Arnhem")
        self.am_wsp = AccountmanagerFactory(organisatie=self.wsp, regio=self.regio)
        self.am_uwv = AccountmanagerFactory(organisatie=self.uwv, regio=self.regio)
        self.km = KlantmanagerFactory(organisatie=self.uwv, regio=self.regio)
        self.km_gem = KlantmanagerFactory(organisatie=self.gemeente, regio=self.regio)
        self.werkgevers = [WerkgeverFactory(accountmanager=self.am_wsp, gemeente=gm) for _i in range(4)]
        self.vacature = VacatureFactory(werkgever=self.werkgevers[0])

    # --- helpers that write rows with the moments the test chooses -------------------------------------

    def verzoek(self, werkgever, ontvangen, *, contact=None, accountmanager=None, gesloten=None, reden=""):
        """``gesloten``: closed without contact at that moment, for ``reden``."""
        status = (Verzoek.Status.CONTACT if contact else Verzoek.Status.GESLOTEN if gesloten
                  else Verzoek.Status.NIEUW)
        return Verzoek.objects.create(
            werkgever=werkgever, regio=self.regio, accountmanager=accountmanager, kanaal=Verzoek.Kanaal.WEBFORMULIER,
            contactpersoon="Piet", telefoon="026 1234567", email="piet@voorbeeld.nl", vraag="Hulp",
            ontvangen_op=ontvangen, deadline=binnen_een_werkdag(ontvangen), status=status,
            contact_opgenomen_op=contact, gesloten_op=gesloten, sluitreden=reden)

    def kandidaat(self, **kwargs):
        return KandidaatFactory(klantmanager=kwargs.pop("klantmanager", self.km), regio=self.regio, **kwargs)

    def voordracht(self, kandidaat, voorgedragen, *, vacature=None, door=None, status=Voordracht.Status.VOORGEDRAGEN,
                   gereageerd=None):
        vacature = vacature or self.vacature
        toestemming = Toestemming.objects.filter(kandidaat=kandidaat, werkgever=vacature.werkgever).first() or \
            Toestemming.objects.create(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                       werkgever=vacature.werkgever)
        reden = Voordracht.Reden.ERVARING if status in (Voordracht.Status.NIET_PASSEND,
                                                        Voordracht.Status.AFGEWEZEN) else ""
        return Voordracht.objects.create(vacature=vacature, kandidaat=kandidaat, toestemming=toestemming,
                                         toelichting="Past.", voorgedragen_door=door or self.am_uwv,
                                         voorgedragen_op=voorgedragen, status=status, reden=reden,
                                         gereageerd_op=gereageerd)

    def afgewezen(self, kandidaat, tijdstip):
        v = self.voordracht(kandidaat, tijdstip - timedelta(days=7), status=Voordracht.Status.NIET_PASSEND,
                            gereageerd=tijdstip)
        VoordrachtTransitie.objects.create(voordracht=v, van="voorgedragen", naar="niet_passend", tijdstip=tijdstip)
        return v

    def plaatsing(self, kandidaat, start, *, einde=None, status=Plaatsing.Status.LOPEND, vorige=None,
                  soort=Plaatsing.Soort.VAST, voordracht=None):
        voordracht = voordracht or (vorige.voordracht if vorige else self.voordracht(
            kandidaat, op(start.year, start.month, 1) - timedelta(days=20), status=Voordracht.Status.AANGENOMEN))
        return Plaatsing.objects.create(
            voordracht=voordracht, kandidaat=kandidaat, werkgever=voordracht.vacature.werkgever, vorige=vorige,
            soort=soort, status=status, functie="Monteur", startdatum=start, einddatum=einde, uren_per_week=32,
            aangemaakt_door=self.am_uwv, ondertekend_op=op(2026, 1, 1) if soort == Plaatsing.Soort.PROEFPLAATSING
            else None, akkoord_op=date(2026, 1, 1) if soort == Plaatsing.Soort.PROEFPLAATSING else None)


def rij(sleutel, maand, organisatie=None, **kwargs):
    return Kengetal.objects.get(sleutel=sleutel, maand=maand, organisatie=organisatie, **kwargs)


def verversen():
    return kengetallen_verversen(vanaf=VANAF, tot=TOT, nu=nu())


APRIL, MEI, JUNI, MAART = date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 3, 1)


# --- werkuren and werkdagen: the vectorised calendar agrees with klantreis.lib.werktijd ----------------------


def test_kalender_telt_werkuren_zoals_werktijd_over_weekend_en_feestdagen():
    kalender = Kalender(date(2026, 4, 1), date(2026, 6, 30))
    # Friday 24 April 16:00 -> Tuesday 28 April 10:00: Friday 1 h, weekend and Koningsdag nothing, Tuesday 1.5 h.
    van, tot = op(2026, 4, 24, 16), op(2026, 4, 28, 10)
    assert kalender.werkuren(np.array([van.timestamp()]), np.array([tot.timestamp()]))[0] == pytest.approx(2.5)
    assert na_werkuren(van, timedelta(hours=2.5)) == tot
    # Friday 22 May 16:30 -> Tuesday 26 May 09:00 over Tweede Pinksterdag: 0.5 + 0.5 h.
    van, tot = op(2026, 5, 22, 16, 30), op(2026, 5, 26, 9)
    assert kalender.werkuren(np.array([van.timestamp()]), np.array([tot.timestamp()]))[0] == pytest.approx(1.0)
    # Moments outside office hours count from the next opening; across the switch to summer time (29 March
    # is outside this calendar, so a second one).
    zomer = Kalender(date(2026, 3, 20), date(2026, 4, 5))
    van, tot = op(2026, 3, 27, 20), op(2026, 3, 30, 9, 30)
    assert zomer.werkuren(np.array([van.timestamp()]), np.array([tot.timestamp()]))[0] == pytest.approx(1.0)
    # Werkdagen: after Wednesday 13 May (Hemelvaart the 14th) up to Thursday 21 May are 5.
    rng = np.random.default_rng(7)
    momenten = [op(2026, 4, 1) + timedelta(minutes=int(m)) for m in rng.integers(0, 80 * 24 * 60, 200)]
    paren = list(zip(momenten[::2], momenten[1::2], strict=True))
    a = np.array([min(p).timestamp() for p in paren])
    b = np.array([max(p).timestamp() for p in paren])
    assert kalender.werkdagen(a, b).tolist() == [werkdagen_geleden(min(p), max(p)) for p in paren]
    assert kalender.werkuren(a, b).round(6).tolist() == [round(werkuren_per_dag(min(p), max(p)), 6) for p in paren]


def werkuren_per_dag(van, tot):
    """The reference: day by day, the overlap of [van, tot] with office hours on werkdagen."""
    van, tot = timezone.localtime(van), timezone.localtime(tot)
    uren, dag = 0.0, van.date()
    while dag <= tot.date():
        if is_werkdag(dag):
            open_ = timezone.make_aware(datetime.combine(dag, settings.WERKTIJD_BEGIN))
            dicht = timezone.make_aware(datetime.combine(dag, settings.WERKTIJD_EINDE))
            uren += max(0.0, (min(dicht, tot) - max(open_, van)).total_seconds() / 3600)
        dag += timedelta(days=1)
    return uren


# --- the figures ---------------------------------------------------------------------------------------------


@pytest.fixture
def w(db):
    return Wereld()


def test_belofte_en_tijd_tot_eerste_contact_per_regio_en_organisatie(w):
    a, b, c = w.werkgevers[:3]
    # 1: Friday before Koningsdag, called on Tuesday: 2.5 werkuren, within one werkdag (UWV accountmanager).
    w.verzoek(a, op(2026, 4, 24, 16), contact=op(2026, 4, 28, 10), accountmanager=w.am_uwv)
    # 2: Thursday 30 April 15:00, called Monday 4 May 11:00: 2 + 8.5 + 2.5 = 13 werkuren, too late (the WSP's
    # queue: nobody assigned). Counted in April for the promise, in May for the time to contact.
    w.verzoek(b, op(2026, 4, 30, 15), contact=op(2026, 5, 4, 11))
    # 3 and 4: the same werkgever twice: one called after 2 hours, one never (deadline passed).
    w.verzoek(c, op(2026, 4, 21, 10), contact=op(2026, 4, 21, 12), accountmanager=w.am_wsp)
    w.verzoek(c, op(2026, 4, 22, 10))
    # 5: Monday 15 June 09:00, not yet called, deadline tomorrow: not decided yet.
    w.verzoek(a, op(2026, 6, 15, 9))
    verversen()

    regio = rij("belofte_24u", APRIL)
    assert (regio.aantal, regio.noemer, regio.personen) == (2, 4, 3)
    assert (rij("belofte_24u", APRIL, w.wsp).aantal, rij("belofte_24u", APRIL, w.wsp).noemer) == (1, 3)
    assert (rij("belofte_24u", APRIL, w.uwv).aantal, rij("belofte_24u", APRIL, w.uwv).noemer) == (1, 1)
    assert not Kengetal.objects.filter(sleutel="belofte_24u", maand=JUNI).exists()
    assert rij("funnel_verzoek", JUNI).aantal == 1
    assert rij("funnel_verzoek", APRIL).aantal == 4

    april = rij("tijd_eerste_contact", APRIL)
    assert (april.mediaan, april.aantal, april.verdeling) == (2.25, 2, {"2": 1, "3": 1})
    mei = rij("tijd_eerste_contact", MEI)
    assert (mei.mediaan, mei.verdeling, mei.organisatie_id) == (13.0, {"13": 1}, None)
    assert rij("tijd_eerste_contact", MEI, w.wsp).mediaan == 13.0


def test_een_verzoek_gesloten_zonder_contact_telt_naar_wat_de_werkgever_kreeg(w):
    """"Geen vraag voor het WSP" (spam, a werkzoekende) was no verzoek: it counts in neither figure. "Niet
    bereikbaar" had no contact: once its deadline passed it is a promise not kept, even when it was closed before
    the deadline; until then it is not decided yet."""
    a, b, c = w.werkgevers[:3]
    w.verzoek(a, op(2026, 4, 21, 10), contact=op(2026, 4, 21, 12), accountmanager=w.am_wsp)  # kept
    w.verzoek(b, op(2026, 4, 22, 10), gesloten=op(2026, 4, 22, 11), reden=Verzoek.Sluitreden.GEEN_VRAAG)
    w.verzoek(b, op(2026, 4, 23, 10), gesloten=op(2026, 4, 24, 16), reden=Verzoek.Sluitreden.GEEN_VRAAG)
    w.verzoek(c, op(2026, 4, 28, 10), gesloten=op(2026, 4, 28, 15), reden=Verzoek.Sluitreden.NIET_BEREIKBAAR,
              accountmanager=w.am_wsp)
    # Monday 15 June 09:00, closed at 10:00 as not reachable: the deadline (tomorrow) has not passed yet.
    w.verzoek(c, op(2026, 6, 15, 9), gesloten=op(2026, 6, 15, 10), reden=Verzoek.Sluitreden.NIET_BEREIKBAAR)
    w.verzoek(b, op(2026, 6, 15, 9), gesloten=op(2026, 6, 15, 10), reden=Verzoek.Sluitreden.GEEN_VRAAG)
    verversen()

    april = rij("belofte_24u", APRIL)
    assert (april.aantal, april.noemer, april.personen) == (1, 2, 2)
    assert rij("funnel_verzoek", APRIL).aantal == 2
    assert not Kengetal.objects.filter(sleutel="belofte_24u", maand=JUNI).exists()
    assert rij("funnel_verzoek", JUNI).aantal == 1
    assert rij("tijd_eerste_contact", APRIL).aantal == 1


def test_een_verzoek_dat_geen_vraag_was_telt_niet_tot_de_eerste_voordracht(w):
    a = w.werkgevers[0]
    w.verzoek(a, op(2026, 4, 24, 16), gesloten=op(2026, 4, 27, 9), reden=Verzoek.Sluitreden.GEEN_VRAAG)
    w.voordracht(w.kandidaat(), op(2026, 4, 30, 9))
    verversen()
    assert not Kengetal.objects.filter(sleutel="tijd_eerste_voordracht").exists()


def test_tijd_tot_eerste_voordracht_en_reactie_in_werkdagen(w):
    a = w.werkgevers[0]
    w.verzoek(a, op(2026, 4, 24, 16), contact=op(2026, 4, 28, 10), accountmanager=w.am_uwv)
    k = w.kandidaat()
    # A voordracht before the verzoek does not count; the first after it is Thursday 30 April:
    # Tuesday, Wednesday, Thursday (Koningsdag in between) = 3 werkdagen.
    w.voordracht(k, op(2026, 4, 20))
    w.voordracht(w.kandidaat(), op(2026, 4, 30, 9))
    w.voordracht(w.kandidaat(), op(2026, 5, 6, 9))
    # Reaction: voorgedragen Friday 22 May, answered Tuesday 26 May (Tweede Pinksterdag): 1 werkdag.
    w.voordracht(w.kandidaat(), op(2026, 5, 22, 11), status=Voordracht.Status.UITGENODIGD,
                 gereageerd=op(2026, 5, 26, 9))
    verversen()
    eerste = rij("tijd_eerste_voordracht", APRIL)
    assert (eerste.mediaan, eerste.aantal, eerste.verdeling, eerste.personen) == (3.0, 1, {"3": 1}, 1)
    assert rij("tijd_eerste_voordracht", APRIL, w.uwv).mediaan == 3.0
    reactie = rij("tijd_reactie_voordracht", MEI)
    assert (reactie.mediaan, reactie.aantal) == (1.0, 1)
    assert rij("funnel_voordracht", APRIL).aantal == 2
    assert rij("funnel_voordracht", MEI).aantal == 2


def test_afgewezen_kandidaten_binnen_vijf_werkdagen_opgepakt(w):
    k1, k2, k3, k4, k5 = (w.kandidaat() for _i in range(5))
    # Rejected Wednesday 13 May (Hemelvaart the 14th); the 5th werkdag after it is Thursday 21 May.
    v1 = w.afgewezen(k1, op(2026, 5, 13))
    Taak.objects.create(toegewezen_aan=w.km, omschrijving="Bespreek", voordracht=v1, sleutel=f"afgewezen:{v1.pk}:1",
                        afgerond_op=op(2026, 5, 21, 9))
    v2 = w.afgewezen(k2, op(2026, 5, 13))
    Taak.objects.create(toegewezen_aan=w.km, omschrijving="Bespreek", voordracht=v2, sleutel=f"afgewezen:{v2.pk}:1",
                        afgerond_op=op(2026, 5, 22, 9))  # the 6th werkdag: too late
    w.afgewezen(k3, op(2026, 5, 13))
    w.voordracht(k3, op(2026, 5, 18), vacature=VacatureFactory(werkgever=w.werkgevers[1]))  # a new voordracht
    # A plan change by the klantmanager also counts.
    w.afgewezen(k4, op(2026, 6, 1))
    plan = PlanVanAanpak.objects.create(kandidaat=k4)
    PlanWijziging.objects.create(plan=plan, door=w.km, tijdstip=op(2026, 6, 3), omschrijving="Nieuwe stap")
    # Nothing done by 15 June: 1 June is decided (10 werkdagen), Friday 12 June is not yet (1 werkdag).
    w.afgewezen(k5, op(2026, 6, 1))
    w.afgewezen(w.kandidaat(), op(2026, 6, 12))
    verversen()
    mei = rij("afgewezen_opgepakt", MEI)
    assert (mei.aantal, mei.noemer, mei.personen) == (2, 3, 3)
    juni = rij("afgewezen_opgepakt", JUNI)
    assert (juni.aantal, juni.noemer) == (1, 2)
    assert rij("afgewezen_opgepakt", MEI, w.uwv).noemer == 3


def test_funnel_en_duurzaamheid(w):
    Vacature.objects.filter(pk=w.vacature.pk).update(aangemaakt_op=op(2026, 2, 1))
    for status in (Vacature.Status.OPEN, Vacature.Status.CONCEPT):
        v = VacatureFactory(werkgever=w.werkgevers[1], status=status)
        Vacature.objects.filter(pk=v.pk).update(aangemaakt_op=op(2026, 4, 2))
    k1, k2, k3, k4 = (w.kandidaat() for _i in range(4))
    # Gesprekken: one held in May, one cancelled, one planned for later.
    v = w.voordracht(k1, op(2026, 5, 2), status=Voordracht.Status.GESPREK_GEPLAND)
    for begint, geannuleerd in ((op(2026, 5, 8), None), (op(2026, 5, 7), op(2026, 5, 6))):
        Sollicitatiegesprek.objects.create(voordracht=v, begint_op=begint, locatie="Arnhem", gepland_door=w.am_uwv,
                                           ics_uid=f"g{begint.timestamp()}", geannuleerd_op=geannuleerd)
    v_later = w.voordracht(k2, op(2026, 6, 10), status=Voordracht.Status.GESPREK_GEPLAND)
    Sollicitatiegesprek.objects.create(voordracht=v_later, begint_op=op(2026, 6, 20), locatie="Arnhem",
                                       gepland_door=w.am_uwv, ics_uid="later")
    # Plaatsingen: 4 May, still running on 15 June (6 weeks later): works.
    w.plaatsing(k1, date(2026, 5, 4), voordracht=v)
    # 1 April, closed (afscheid) 2 May: not at work on 13 May.
    p2 = w.plaatsing(k2, date(2026, 4, 1))
    PlaatsingTransitie.objects.create(plaatsing=p2, van="lopend", naar="afscheid", tijdstip=op(2026, 5, 2))
    Plaatsing.objects.filter(pk=p2.pk).update(status=Plaatsing.Status.AFSCHEID)
    # 6 April a proefplaatsing up to 5 May, then a contract from 6 May (the same voordracht): at work on 18 May.
    p3 = w.plaatsing(k3, date(2026, 4, 6), einde=date(2026, 5, 5), soort=Plaatsing.Soort.PROEFPLAATSING,
                     status=Plaatsing.Status.CONTRACT)
    w.plaatsing(k3, date(2026, 5, 6), vorige=p3)
    # Not yet signed: no plaatsing.
    w.plaatsing(k4, date(2026, 4, 20), status=Plaatsing.Status.VOORBEREIDING, soort=Plaatsing.Soort.PROEFPLAATSING)
    verversen()
    assert rij("funnel_vacature", APRIL).aantal == 1
    assert rij("funnel_vacature", APRIL, w.wsp).aantal == 1  # the werkgever's vaste accountmanager is the WSP's
    assert rij("funnel_gesprek", MEI).aantal == 1
    assert not Kengetal.objects.filter(sleutel="funnel_gesprek", maand=JUNI).exists()
    assert rij("funnel_plaatsing", APRIL).aantal == 2
    assert rij("funnel_plaatsing", MEI).aantal == 1  # the contract after a proefplaatsing is no new plaatsing
    april = rij("funnel_werkt_6w", APRIL)
    assert (april.aantal, april.noemer, april.personen) == (1, 2, 2)
    mei = rij("funnel_werkt_6w", MEI)
    assert (mei.aantal, mei.noemer) == (1, 1)
    assert not Kengetal.objects.filter(sleutel="funnel_werkt_6m").exists()  # nobody is 26 weeks in yet


def test_nazorg_op_tijd(w):
    k = w.kandidaat()
    p = w.plaatsing(k, date(2026, 4, 1))

    def moment(gepland, uitkomst=None, verwerkt=True):
        NazorgMoment.objects.create(plaatsing=p, soort=NazorgMoment.Soort.EXTRA, gepland_op=gepland,
                                    verwerkt_op=gepland if verwerkt else None, uitkomst_op=uitkomst,
                                    uitkomst=NazorgMoment.Uitkomst.GOED if uitkomst else "")

    moment(op(2026, 4, 24, 9), op(2026, 4, 28, 9))  # Koningsdag between: 1 werkdag, on time
    moment(op(2026, 5, 13, 9), op(2026, 5, 18, 9))  # Hemelvaart between: 2 werkdagen, on time
    moment(op(2026, 5, 12, 9), op(2026, 5, 18, 9))  # 3 werkdagen: late
    moment(op(2026, 6, 1, 9))  # nothing by 15 June: late
    moment(op(2026, 6, 12, 9))  # 1 werkdag ago: not decided
    moment(op(2026, 5, 20, 9), verwerkt=False)  # never due (the sweep skipped it)
    verversen()
    assert (rij("nazorg_op_tijd", APRIL).aantal, rij("nazorg_op_tijd", APRIL).noemer) == (1, 1)
    assert (rij("nazorg_op_tijd", MEI).aantal, rij("nazorg_op_tijd", MEI).noemer) == (1, 2)
    assert (rij("nazorg_op_tijd", JUNI).aantal, rij("nazorg_op_tijd", JUNI).noemer) == (0, 1)
    assert rij("nazorg_op_tijd", MEI).personen == 1


def test_warme_overdracht_en_wachttijd(w):
    k1, k2 = w.kandidaat(), w.kandidaat()
    # Backfilled history rows (no notitie) are no handover.
    KlantmanagerToewijzing.objects.create(kandidaat=k1, klantmanager=w.km, organisatie=w.uwv, van=op(2026, 1, 5),
                                          tot=op(2026, 4, 30, 16))
    KlantmanagerToewijzing.objects.create(kandidaat=k1, klantmanager=w.km_gem, organisatie=w.gemeente,
                                          van=op(2026, 4, 30, 16),
                                          overdrachtsnotitie="WW loopt af, bijstand gaat in.", door=w.km)
    # First contact: a message from the new klantmanager on Wednesday 6 May = 4 werkdagen (Friday, Mon, Tue, Wed).
    wisseling = Berichtenwisseling.objects.create(soort="werkzoekende", onderwerp="Kennismaken", kandidaat=k1)
    Bericht.objects.create(wisseling=wisseling, afzender=w.km, tekst="van de oude", verstuurd_op=op(2026, 5, 4))
    Bericht.objects.create(wisseling=wisseling, afzender=w.km_gem, tekst="Hoi!", verstuurd_op=op(2026, 5, 6))
    plan = PlanVanAanpak.objects.create(kandidaat=k1)
    PlanWijziging.objects.create(plan=plan, door=w.km_gem, tijdstip=op(2026, 5, 7), omschrijving="Later")
    # Second: handed over Wednesday 20 May, a gesprek with the klantmanager on Tuesday 26 May = 3 werkdagen.
    KlantmanagerToewijzing.objects.create(kandidaat=k2, klantmanager=w.km_gem, organisatie=w.gemeente,
                                          van=op(2026, 5, 20), overdrachtsnotitie="Graag snel bellen.", door=w.km)
    gesprek = Afspraak.objects.create(soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Kennismaking",
                                      start=op(2026, 5, 26, 14), eind=op(2026, 5, 26, 15), plaats="Stadhuis",
                                      georganiseerd_door=w.km_gem, ics_uid="kennismaking")
    Deelnemer.objects.create(afspraak=gesprek, kandidaat=k2)
    verversen()
    assert rij("warme_overdrachten", APRIL).aantal == 1
    assert rij("warme_overdrachten", MEI, w.gemeente).aantal == 1
    wacht = rij("wachttijd_na_overdracht", MEI)
    assert (wacht.mediaan, wacht.aantal, wacht.verdeling) == (3.5, 2, {"3": 1, "4": 1})
    assert rij("wachttijd_na_overdracht", MEI, w.gemeente).mediaan == 3.5


def test_overdracht_telt_bij_de_organisatie_van_toen_ook_als_de_klantmanager_later_wisselt(w):
    """The gemeente's klantmanager who took over in May moves to UWV in June: May's handover and its wachttijd stay
    the gemeente's, the organisation recorded in the toewijzing, not hers now."""
    k = w.kandidaat()
    KlantmanagerToewijzing.objects.create(kandidaat=k, klantmanager=w.km_gem, organisatie=w.gemeente,
                                          van=op(2026, 5, 20), overdrachtsnotitie="Graag snel bellen.", door=w.km)
    gesprek = Afspraak.objects.create(soort=Afspraak.Soort.KLANTMANAGERGESPREK, titel="Kennismaking",
                                      start=op(2026, 5, 26, 14), eind=op(2026, 5, 26, 15), plaats="Stadhuis",
                                      georganiseerd_door=w.km_gem, ics_uid="kennismaking")
    Deelnemer.objects.create(afspraak=gesprek, kandidaat=k)
    w.km_gem.organisatie = w.uwv
    w.km_gem.save(update_fields=["organisatie"])
    verversen()
    assert rij("warme_overdrachten", MEI, w.gemeente).aantal == 1
    assert rij("wachttijd_na_overdracht", MEI, w.gemeente).mediaan == 3.0
    assert not Kengetal.objects.filter(sleutel__in=["warme_overdrachten", "wachttijd_na_overdracht"],
                                       organisatie=w.uwv).exists()


def test_fasen(w):
    k = w.kandidaat()
    Kandidaat.objects.filter(pk=k.pk).update(aangemaakt_op=op(2026, 3, 1, 10))
    plan = PlanVanAanpak.objects.create(kandidaat=k)
    actie = Actie.objects.create(plan=plan, levensdomein="werk", doel="Werk", omschrijving="Cv maken",
                                 eigenaar=Actie.Eigenaar.IK)
    PlanWijziging.objects.create(plan=plan, door=w.km, tijdstip=op(2026, 3, 1, 12), omschrijving="Plan aangemaakt")
    PlanWijziging.objects.create(plan=plan, actie=actie, door=w.km, tijdstip=op(2026, 3, 11, 10),
                                 omschrijving="Actie toegevoegd")
    v = w.voordracht(k, op(2026, 4, 10, 10), status=Voordracht.Status.AANGENOMEN)
    w.plaatsing(k, date(2026, 5, 4), voordracht=v)
    verversen()
    assert [f for f, _l in FASEN] == ["intake", "activering", "bemiddeling"]
    assert rij("fase:intake", MAART).mediaan == 10.0
    # 11 March 10:00 (winter time) to 10 April 10:00 (summer time): elapsed time, one hour short of 30 days.
    assert rij("fase:activering", APRIL).mediaan == pytest.approx(30 - 1 / 24, abs=0.01)
    # 10 April 10:00 to 4 May 00:00 (both summer time): 23 days and 14 hours.
    bemiddeling = rij("fase:bemiddeling", MEI)
    assert bemiddeling.mediaan == pytest.approx(23 + 14 / 24, abs=0.01)
    assert bemiddeling.verdeling == {"24": 1}
    assert rij("fase:bemiddeling", MEI, w.uwv).personen == 1


def test_beleving_per_touchpoint(w):
    for n, (score, org) in enumerate([(5, w.gemeente), (4, w.gemeente), (4, w.gemeente), (2, None)]):
        gebruiker = KlantmanagerFactory()
        Belevingsvraag.objects.create(touchpoint="wz_gesprek", gebruiker=gebruiker, regio=w.regio, organisatie=org,
                                      sleutel=f"t{n}", verloopt_op=op(2026, 6, 1), token_hash=f"{n:064d}",
                                      beantwoord_op=op(2026, 5, 10 + n), score=score)
    Belevingsvraag.objects.create(touchpoint="wz_gesprek", gebruiker=KlantmanagerFactory(), regio=w.regio,
                                  sleutel="open", verloopt_op=op(2026, 6, 1), token_hash="f" * 64)
    verversen()
    regio = rij("beleving:wz_gesprek", MEI)
    assert (regio.aantal, regio.noemer, regio.verdeling, regio.personen) == (15, 4, {"2": 1, "4": 2, "5": 1}, 4)
    gem = rij("beleving:wz_gesprek", MEI, w.gemeente)
    assert (gem.aantal, gem.noemer, gem.personen) == (13, 3, 3)
    assert definitie("beleving:wz_gesprek").soort == "gemiddelde"
    assert definitie("fase:intake").eenheid == "dagen"
    assert definitie("fase:onbekend") is None


def test_personen_telt_mensen_niet_gebeurtenissen(w):
    k = w.kandidaat()
    for dag in (4, 5, 6):  # one kandidaat, three voordrachten
        w.voordracht(k, op(2026, 5, dag), vacature=VacatureFactory(werkgever=w.werkgevers[dag - 3]))
    verversen()
    cel = rij("funnel_voordracht", MEI)
    assert (cel.aantal, cel.personen) == (3, 1)
    assert cel.personen < MINIMUM_PERSONEN  # the pages show "minder dan 5"


def test_alle_sleutels_zijn_gedefinieerd(w):
    """Every key written has a definition the pages can look up."""
    k = w.kandidaat()
    w.verzoek(w.werkgevers[0], op(2026, 4, 24, 16), contact=op(2026, 4, 28, 10))
    w.voordracht(k, op(2026, 4, 27), gereageerd=op(2026, 4, 29))
    w.afgewezen(w.kandidaat(), op(2026, 5, 1))
    Belevingsvraag.objects.create(touchpoint="wg_eerste_contact", gebruiker=w.am_wsp, regio=w.regio,
                                  sleutel="s", verloopt_op=op(2026, 6, 1), token_hash="a" * 64,
                                  beantwoord_op=op(2026, 5, 2), score=3)
    verversen()
    sleutels = set(Kengetal.objects.values_list("sleutel", flat=True))
    assert sleutels and all(definitie(s) is not None for s in sleutels)
    assert {d.sleutel for d in DEFINITIES} >= {s for s in sleutels if ":" not in s}


# --- idempotent, complete, safe ------------------------------------------------------------------------------


def test_idempotent_en_oude_cellen_verdwijnen(w):
    v = w.verzoek(w.werkgevers[0], op(2026, 4, 24, 16), contact=op(2026, 4, 28, 10))
    verversen()
    eerst = list(Kengetal.objects.order_by("sleutel", "maand", "organisatie").values_list(
        "sleutel", "maand", "organisatie", "aantal", "noemer", "mediaan", "verdeling", "personen"))
    verversen()
    assert list(Kengetal.objects.order_by("sleutel", "maand", "organisatie").values_list(
        "sleutel", "maand", "organisatie", "aantal", "noemer", "mediaan", "verdeling", "personen")) == eerst
    v.delete()
    verversen()
    assert not Kengetal.objects.filter(sleutel__in=["belofte_24u", "funnel_verzoek"]).exists()


def test_een_afgebroken_verversing_laat_geen_halve_maand_achter(w, monkeypatch):
    w.verzoek(w.werkgevers[0], op(2026, 4, 24, 16), contact=op(2026, 4, 28, 10))
    w.verzoek(w.werkgevers[1], op(2026, 5, 4, 10), contact=op(2026, 5, 4, 11))
    verversen()
    april_voor = rij("funnel_verzoek", APRIL).aantal
    # New data, then the worker dies while writing May: April is new, May still entirely the old.
    w.verzoek(w.werkgevers[2], op(2026, 4, 7, 10), contact=op(2026, 4, 7, 11))
    w.verzoek(w.werkgevers[3], op(2026, 5, 6, 10), contact=op(2026, 5, 6, 11))
    echte = Kengetal.objects.bulk_create

    def sterf_in_mei(rijen, **kwargs):
        if rijen and rijen[0].maand == MEI:
            raise KeyboardInterrupt("worker killed")
        return echte(rijen, **kwargs)

    monkeypatch.setattr(Kengetal.objects, "bulk_create", sterf_in_mei)
    with pytest.raises(KeyboardInterrupt):
        kengetallen_schrijven(
            kengetallen_berekenen(vanaf=VANAF, tot=TOT, nu=nu()),
            maanden=maanden_tussen(VANAF, TOT), regio_ids=[w.regio.pk])
    assert rij("funnel_verzoek", APRIL).aantal == april_voor + 1
    assert rij("funnel_verzoek", MEI).aantal == 1  # not deleted, not half-written
    assert set(Kengetal.objects.filter(maand=MEI).values_list("sleutel", flat=True)) == {
        "funnel_verzoek", "belofte_24u", "tijd_eerste_contact"}


def test_beat_taak_en_commando(w):
    from django.core.management import call_command

    verzoek = w.verzoek(w.werkgevers[0], timezone.now() - timedelta(hours=1))
    assert "monitor-verversen" in settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_BEAT_SCHEDULE["monitor-verversen"]["task"] == "monitor.tasks.monitor_verversen_task"
    assert monitor_verversen_task.apply().get() >= 1
    assert rij("funnel_verzoek", timezone.localdate(verzoek.ontvangen_op).replace(day=1)).aantal == 1
    call_command("monitor_verversen", "--vanaf", "2026-01")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM"):
        call_command("monitor_verversen", "--vanaf", "januari")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
def test_overlappende_verversing_slaat_over(w):
    import psycopg2

    from monitor import rollups

    w.verzoek(w.werkgevers[0], timezone.now() - timedelta(hours=1))
    instellingen = connection.settings_dict
    ander = psycopg2.connect(dbname=instellingen["NAME"], user=instellingen["USER"], host=instellingen["HOST"],
                             port=instellingen["PORT"] or 5432, password=instellingen["PASSWORD"] or None)
    try:
        with ander.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [rollups._SLOT_NAAMRUIMTE, rollups._SLOT_VERVERSING])
        assert monitor_verversen_task.apply().get() is None
        assert not Kengetal.objects.exists()
        with ander.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [rollups._SLOT_NAAMRUIMTE, rollups._SLOT_VERVERSING])
    finally:
        ander.close()
    assert monitor_verversen_task.apply().get() >= 1


def test_maandgrens_in_lokale_tijd(w):
    # 30 April 23:30 and 1 May 00:30 in Amsterdam are both 30 April in UTC: April and May.
    w.verzoek(w.werkgevers[0], op(2026, 4, 30, 23, 30))
    w.verzoek(w.werkgevers[1], op(2026, 5, 1, 0, 30))
    w.verzoek(w.werkgevers[2], op(2026, 5, 31, 23, 59))
    verversen()
    assert rij("funnel_verzoek", APRIL).aantal == 1
    assert rij("funnel_verzoek", MEI).aantal == 2
    assert not Kengetal.objects.filter(sleutel="funnel_verzoek", maand=JUNI).exists()


def test_eerste_na():
    from monitor.rollups import eerste_na

    sleutel = np.array([1, 1, 2, 3])
    moment = np.array([10.0, 20.0, 5.0, np.nan])
    bron_sleutel = np.array([1, 1, 2, 2, 3])
    bron_moment = np.array([20.0, 15.0, 4.0, 9.0, 1.0])
    assert np.allclose(eerste_na(sleutel, moment, bron_sleutel, bron_moment), [15, 20, 9, np.nan], equal_nan=True)
    # strikt: a moment equal to the question's does not count.
    assert np.allclose(eerste_na(sleutel, moment, bron_sleutel, bron_moment, strikt=True), [15, np.nan, 9, np.nan],
                       equal_nan=True)


@pytest.mark.django_db
def test_one_row_per_figure_place_and_month_also_for_the_whole_region():
    """The rule holds on SQLite (the embedded default) too: there the one constraint with nulls_distinct=False was
    not made, and a second whole-region row for the same figure and month was accepted."""
    am07, maand = regio("AM07"), date(2026, 11, 1)
    organisatie = OrganisatieFactory(regio=am07)
    Kengetal.objects.create(sleutel="plaatsingen", regio=am07, organisatie=None, maand=maand, aantal=3)
    Kengetal.objects.create(sleutel="plaatsingen", regio=am07, organisatie=organisatie, maand=maand, aantal=1)
    for organisatie_van_de_tweede in (None, organisatie):
        with pytest.raises(IntegrityError), transaction.atomic():
            Kengetal.objects.create(sleutel="plaatsingen", regio=am07, organisatie=organisatie_van_de_tweede,
                                    maand=maand, aantal=9)
    # Another month, figure or organisation is another row.
    Kengetal.objects.create(sleutel="plaatsingen", regio=am07, organisatie=None, maand=date(2026, 10, 1))
    Kengetal.objects.create(sleutel="voordrachten", regio=am07, organisatie=None, maand=maand)
    Kengetal.objects.create(sleutel="plaatsingen", regio=am07, organisatie=OrganisatieFactory(regio=am07), maand=maand)
    assert Kengetal.objects.filter(maand=maand, sleutel="plaatsingen").count() == 3
