"""A believable world in the four regions of the klantreis interviews, with the personas.

Idempotent: people and companies are found by e-mail address or KvK-nummer and updated, so
``make run`` can call it every time. ``--kandidaten N --vacatures M`` tops the database up to
N bulk kandidaten and M bulk vacatures (bulk inserts, for benchmarks).
"""

import io
import random
import time
import unicodedata
import uuid
from datetime import timedelta

import pikepdf
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Arbeidsmarktregio, Gemeente, Organisatie, Rol, User
from accounts.referentiedata import pc4_per_gemeente
from accounts.services import gebruiker_opslaan
from agenda.models import Afspraak, Deelnemer
from beleving.models import Belevingsvraag, Bevraagde
from beleving.models import Touchpoint as T
from bemiddeling.models import (
    Gespreksvoorbereiding,
    Sollicitatiegesprek,
    Voorbereidingspunt,
    Voordracht,
    VoordrachtTransitie,
)
from bemiddeling.services import STANDAARD_PUNTEN
from berichten.models import Bericht, Berichtenwisseling, Gelezen
from beroepen.models import Beroep, BeroepVaardigheid, Vaardigheid
from beroepen.referentiedata import laad_beroepen_en_vaardigheden
from klantreis.lib.bulk import rijen_invoegen
from klantreis.lib.namen import sorteernaam
from klantreis.lib.pdf import LETTER, nieuw_pdf
from meldingen.models import Melding
from ondersteuning.models import Startmoment, Traject
from plaatsingen.models import NazorgMoment, Plaatsing, PlaatsingTransitie
from plaatsingen.overeenkomst import overeenkomst_pdf
from plaatsingen.services import nazorgmomenten_plannen, regeling_aanvragen
from sollicitaties.models import PlichtWijziging, Sollicitatieactiviteit, Sollicitatieplicht
from sollicitaties.services import stand_bijwerken
from werkgevers.models import AccountmanagerToewijzing, Instrument, Vacature, Verzoek, Vestiging, Werkgever
from werkzoekenden.models import Document, Kandidaat, Toestemming, aandacht_bijwerken
from werkzoekenden.services import document_opslaan, toestemming_verlenen

DEMO_WACHTWOORD = "Klantreis-demo-2026"
# Staff log in with a second step (MFA_VERPLICHT): every demo medewerker has an authenticator app with this
# one, publicly known secret, so any authenticator app (or `oathtool --totp -b SECRET`) makes their codes.
# A demo secret protects nothing: never load the demo into a portal with real people in it.
DEMO_TOTP_GEHEIM = "KLANTREISDEMOWSPTWEESTAPGEHEIMXX"
BULK_DOMEIN = "bulk.demo.invalid"
# Bulk klantmanagers get a caseload of this size; the waarneming team is led by this klantmanager.
CASELOAD_MIN, CASELOAD_MAX = 50, 200
# Bulk werkgevers per bulk accountmanager.
PORTEFEUILLE = 25
WAARNEMER_TEAM = "jeske.gunterman@gemeente.example.nl"

# code: (regio, centrumgemeente, WSP-telefoon)
DEMO_REGIOS = {
    "AM29": ("Noord-Limburg", "GM0983", "077 359 6000"),
    "AM07": ("Midden-Gelderland", "GM0202", "026 377 5500"),
    "AM36": ("Regio Zwolle", "GM0193", "038 498 2300"),
    "AM02": ("Friesland", "GM0080", "058 233 8000"),
}

# (e-mail, voornaam, achternaam, telefoon, rol, organisatie-soort, regio)
MEDEWERKERS = [
    ("beheerder@wsp.example.nl", "Bram", "Bakker", "026 377 5501", Rol.BEHEERDER, "wsp", "AM07"),
    ("sanne.jansen@wsp.example.nl", "Sanne", "Jansen", "06 12 34 56 01", Rol.ACCOUNTMANAGER, "wsp", "AM29"),
    ("peter.boorsma@wsp.example.nl", "Peter", "Boorsma", "06 12 34 56 02", Rol.ACCOUNTMANAGER, "wsp", "AM02"),
    ("els.stokman@wsp.example.nl", "Els", "Stokman", "06 12 34 56 03", Rol.ACCOUNTMANAGER, "wsp", "AM36"),
    ("hans.klip@wsp.example.nl", "Hans", "Klip", "06 12 34 56 04", Rol.ACCOUNTMANAGER, "wsp", "AM07"),
    ("jeske.gunterman@gemeente.example.nl", "Jeske", "Gunterman", "06 12 34 56 05", Rol.KLANTMANAGER, "gemeente", "AM07"),
    ("fatima.elamrani@uwv.example.nl", "Fatima", "El Amrani", "06 12 34 56 06", Rol.KLANTMANAGER, "uwv", "AM02"),
    ("tom.hendriks@gemeente.example.nl", "Tom", "Hendriks", "06 12 34 56 07", Rol.KLANTMANAGER, "gemeente", "AM29"),
    ("ilse.postma@gemeente.example.nl", "Ilse", "Postma", "06 12 34 56 08", Rol.KLANTMANAGER, "gemeente", "AM36"),
    ("ruud.dijkstra@gemeente.example.nl", "Ruud", "Dijkstra", "06 12 34 56 09", Rol.KLANTMANAGER, "gemeente", "AM02"),
    ("kees.vermeulen@uwv.example.nl", "Kees", "Vermeulen", "06 12 34 56 10", Rol.KLANTMANAGER, "uwv", "AM07"),
    # The programme (landelijk): the klantreis monitor of every region, nothing personal.
    ("programma@programmaraad.example.nl", "Pim", "de Wit", "030 123 4500", Rol.PROGRAMMA, "uwv", "AM07"),
]

# (kvk, naam, sector, medewerkers, gemeente, accountmanager, contact e-mail, voornaam, achternaam, vacatures)
WERKGEVERS = [
    ("68750110", "De Heul Installatietechniek B.V.", "Installatietechniek", 25, "GM0983",
     "sanne.jansen@wsp.example.nl", "martijn@deheul.example.nl", "Martijn", "de Heul",
     [("Monteur installatietechniek", 38, "monteur verwarmings- en ventilatietechniek"),
      ("Leerling-monteur", 36, "assemblagemonteur industriële installaties")]),
    ("71203344", "De Vries Techniek", "Metaalbewerking en onderhoud (familiebedrijf)", 15, "GM0193",
     "els.stokman@wsp.example.nl", "romy@devriestechniek.example.nl", "Romy", "de Vries",
     [("Allround medewerker productie", 32, "productiemedewerker")]),
    ("60112233", "Bakkerij Van Dam", "Levensmiddelen", 12, "GM0202",
     "hans.klip@wsp.example.nl", "info@bakkerijvandam.example.nl", "Ria", "van Dam",
     [("Medewerker bakkerij", 24, "bakkerijmedewerker"), ("Magazijnmedewerker", 20, "magazijnmedewerker")]),
    ("58443321", "Zorgboerderij De Linde", "Zorg en welzijn", 9, "GM0080",
     "peter.boorsma@wsp.example.nl", "contact@delinde.example.nl", "Jelle", "Hoekstra",
     [("Begeleider dagbesteding", 28, "begeleider personen met een beperking")]),
    ("77120045", "Groenwerk Maas en Peel", "Hoveniers en groenvoorziening", 31, "GM0983",
     "sanne.jansen@wsp.example.nl", "planning@groenwerk.example.nl", "Mark", "Peeters",
     [("Hovenier", 36, "hovenier")]),
    ("63219876", "Logistiek Centrum IJsselzoom", "Transport en logistiek", 45, "GM0193",
     "els.stokman@wsp.example.nl", "hr@ijsselzoom.example.nl", "Nadia", "Bouzid",
     [("Orderpicker", 32, "orderpicker"), ("Heftruckchauffeur", 40, "heftruckchauffeur")]),
]

# (e-mail, voornaam, achternaam, telefoon, postcode, gemeente, uitkering, klantmanager)
KANDIDATEN = [
    ("willem.vandevecht@example.nl", "Willem", "van de Vecht", "06 23 45 67 01", "6822 AB", "GM0202",
     Kandidaat.Uitkering.BIJSTAND, "jeske.gunterman@gemeente.example.nl"),
    ("anja.roest@example.nl", "Anja", "Roest", "06 23 45 67 02", "8911 AA", "GM0080",
     Kandidaat.Uitkering.WW, "fatima.elamrani@uwv.example.nl"),
]
VOORNAMEN = ["Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Noah", "Sophie", "Levi", "Tess", "Finn", "Zoë",
             "Mohammed", "Fenna", "Jayden", "Saar", "Ahmet", "Lotte", "Kevin", "Yasmina", "Bas", "Ingrid",
             "Piotr", "Anouk", "Ricardo", "Marieke", "Hamza", "Esther", "Joost", "Priya"]
ACHTERNAMEN = ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
               "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
               "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz", "Kowalski", "El Idrissi",
               "Postma", "Hoekstra", "Verhoeven", "Kramer", "Willems"]
FUNCTIES = [("Productiemedewerker", 38), ("Magazijnmedewerker", 32), ("Schoonmaker", 20),
            ("Medewerker klantenservice", 32), ("Kok", 36), ("Zorgassistent", 24), ("Chauffeur", 40),
            ("Administratief medewerker", 24), ("Monteur", 38), ("Verkoopmedewerker", 28)]
LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"
ANJA_KLUSVAARDIGHEDEN = ["behangen", "oppervlakken schilderen", "oppervlak klaarmaken om te verven",
                         "meetinstrumenten gebruiken", "tegels leggen", "smetten"]


class Command(BaseCommand):
    help = "Maakt of ververst de demowereld (vier regio's uit de klantreis, met de persona's)."

    def add_arguments(self, parser):
        parser.add_argument("--kandidaten", type=int, default=0, help="Vul aan tot zoveel bulk-kandidaten.")
        parser.add_argument("--vacatures", type=int, default=0, help="Vul aan tot zoveel bulk-vacatures.")
        parser.add_argument(
            "--regio",
            action="append",
            help="Arbeidsmarktregio-code(s) voor de bulk, bijv. AM07; 'alle' voor heel Nederland. "
            "Standaard: de vier regio's uit de klantreis.",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **opts):
        if opts["kandidaten"] < 0 or opts["vacatures"] < 0:
            raise CommandError("Aantallen kunnen niet negatief zijn.")
        if not Beroep.objects.exists():
            self.stdout.write("Beroepen en vaardigheden (ESCO) laden...")
            laad_beroepen_en_vaardigheden()
        if not Arbeidsmarktregio.objects.filter(code__in=DEMO_REGIOS).count() == len(DEMO_REGIOS):
            raise CommandError("De referentiedata ontbreekt: draai eerst 'manage.py migrate'.")
        with transaction.atomic():
            self._wereld()
        if opts["kandidaten"] or opts["vacatures"]:
            regios = self._bulk_regios(opts["regio"])
            rng = random.Random(opts["seed"])
            start = time.perf_counter()
            nieuw_k = self._bulk_kandidaten(opts["kandidaten"], regios, rng)
            nieuw_v = self._bulk_vacatures(opts["vacatures"], regios, rng)
            if (nieuw_k or nieuw_v) and connection.vendor == "postgresql":
                # Fresh statistics, as autovacuum would make them later: the planner needs them at once.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            self.stdout.write(
                f"Bulk: {nieuw_k} kandidaten en {nieuw_v} vacatures toegevoegd in {time.perf_counter() - start:.1f} s."
            )
        self._print_logins()

    # --- the hand-made world ---------------------------------------------------------------

    def _wereld(self):
        gemeenten = {g.code: g for g in Gemeente.objects.select_related("regio")}
        self.orgs = {}
        for code, (naam, centrum, telefoon) in DEMO_REGIOS.items():
            regio = Arbeidsmarktregio.objects.get(code=code)
            gemeente = gemeenten[centrum]
            self.orgs[(code, "wsp")] = self._org(
                f"Werkgeversservicepunt {naam}", "wsp", regio, None, telefoon, f"wsp.{code.lower()}@wsp.example.nl"
            )
            self.orgs[(code, "gemeente")] = self._org(
                f"Gemeente {gemeente.naam}", "gemeente", regio, gemeente, "14 " + telefoon[:3], ""
            )
            self.orgs[(code, "uwv")] = self._org(f"UWV {gemeente.naam}", "uwv", regio, None, "088 898 2001", "")
        self.mensen = {}
        for email, voornaam, achternaam, telefoon, rol, soort, regio_code in MEDEWERKERS:
            org = self.orgs[(regio_code, soort)]
            self.mensen[email] = self._gebruiker(email, voornaam, achternaam, telefoon, rol, org, org.regio)
        # Days since the WSP's last contact per werkgever: one waits too long, so "Mijn werkgevers" shows the flag.
        contact_dagen = dict(zip([w[0] for w in WERKGEVERS], (12, 40, 3, 25, 120, 8), strict=True))
        for kvk, naam, sector, aantal, gem, am, contact, vn, an, vacatures in WERKGEVERS:
            gemeente = gemeenten[gem]
            org = self._org(naam, "werkgever", gemeente.regio, gemeente, "", contact)
            werkgever, _ = Werkgever.objects.update_or_create(
                kvk_nummer=kvk,
                defaults={
                    "organisatie": org, "naam": naam, "sector": sector, "aantal_medewerkers": aantal,
                    "regio": gemeente.regio, "gemeente": gemeente, "accountmanager": self.mensen[am],
                    "contactpersoon_naam": f"{vn} {an}", "contactpersoon_email": contact,
                    "laatste_contact_op": timezone.localdate() - timedelta(days=contact_dagen[kvk]),
                },
            )
            self.mensen[contact] = self._gebruiker(contact, vn, an, "", Rol.WERKGEVER, org, gemeente.regio)
            if not werkgever.toewijzingen.exists():
                AccountmanagerToewijzing.objects.create(werkgever=werkgever, accountmanager=self.mensen[am])
            Vestiging.objects.get_or_create(werkgever=werkgever, defaults={
                "adres": "Industrieweg 12", "postcode": self._postcode(gemeente), "plaats": gemeente.naam,
                "gemeente": gemeente})
            for titel, uren, beroepnaam in vacatures:
                beroep = Beroep.objects.filter(naam=beroepnaam).first()
                vacature, nieuw = Vacature.objects.update_or_create(
                    werkgever=werkgever, titel=titel,
                    defaults={"status": Vacature.Status.OPEN, "uren_per_week": uren, "beroep": beroep,
                              "postcode": self._postcode(gemeente), "gemeente": gemeente, "regio": gemeente.regio},
                )
                if nieuw and beroep:
                    essentieel = beroep.beroepvaardigheden.filter(essentieel=True).values_list("vaardigheid", flat=True)
                    vacature.vereiste_vaardigheden.set(list(essentieel[:4]))
                    vacature.gewenste_vaardigheden.set(list(essentieel[4:7]))
        for email, vn, an, tel, postcode, gem, uitkering, km in KANDIDATEN:
            gemeente = gemeenten[gem]
            account = self._gebruiker(email, vn, an, tel, Rol.WERKZOEKENDE, None, gemeente.regio)
            self.mensen[email] = account
            Kandidaat.objects.update_or_create(
                account=account,
                defaults={"voornaam": vn, "achternaam": an, "email": email, "telefoon": tel, "postcode": postcode,
                          "gemeente": gemeente, "regio": gemeente.regio, "uitkering": uitkering,
                          "werkfit": True, "klantmanager": self.mensen[km]},
            )
        self._bemiddeling(gemeenten)
        self._berichten()
        self._ondersteuning(gemeenten)
        # A few more people in each caseload, without an account yet (to invite in the demo).
        rng = random.Random(7)
        for email, *_rest in MEDEWERKERS:
            km = self.mensen[email]
            if km.rol != Rol.KLANTMANAGER:
                continue
            regio_gemeenten = [g for g in gemeenten.values() if g.regio_id == km.regio_id]
            for i in range(6):
                vn, an = VOORNAMEN[(i * 7 + km.pk) % len(VOORNAMEN)], ACHTERNAMEN[(i * 11 + km.pk) % len(ACHTERNAMEN)]
                kemail = _adres(f"{vn}.{an}.{km.pk}{i}") + "@example.nl"
                gemeente = rng.choice(regio_gemeenten)
                Kandidaat.objects.update_or_create(
                    email=kemail,
                    defaults={"voornaam": vn, "achternaam": an, "postcode": self._postcode(gemeente, rng),
                              "gemeente": gemeente, "regio": gemeente.regio, "klantmanager": km,
                              "uitkering": rng.choice([Kandidaat.Uitkering.WW, Kandidaat.Uitkering.BIJSTAND]),
                              "werkfit": rng.random() > 0.2, "telefoon": f"06 {rng.randint(10000000, 99999999)}"},
                )
        self._beleving()
        self._sollicitaties()

    def _sollicitaties(self):
        """Anja (WW) keeps her sollicitaties in the portal now, not on paper: period 1 complete (one with a
        proof), period 2 just begun. One WW kandidaat of Fatima's caseload is behind ("loopt achter")."""
        vandaag = timezone.localdate()
        anja = Kandidaat.objects.get(account__email="anja.roest@example.nl")
        if not Sollicitatieplicht.objects.filter(kandidaat=anja).exists():
            plicht = Sollicitatieplicht.objects.create(kandidaat=anja, startdatum=vandaag - timedelta(days=30))
            PlichtWijziging.objects.create(plicht=plicht, door=self.mensen["fatima.elamrani@uwv.example.nl"],
                                           aantal=4, startdatum=plicht.startdatum,
                                           reden="Eerste dag WW: standaard 4 per 4 weken.")
            rijen = [
                (29, "Bouwbedrijf Jansen", "Medewerker planning", "mail", True),
                (22, "Gemeente Zwolle", "Medewerker klantcontact", "formulier", False),
                (15, "Kringloop De Vondst", "Winkelmedewerker", "langs", False),
                (6, "Hornbach Zwolle", "Verkoopmedewerker bouw", "gesprek", False),
                (1, "Tiny Houses Overijssel", "Allround medewerker bouw", "netwerk", False),
            ]
            for dagen, werkgever, functie, wijze, bewijs in rijen:
                activiteit = Sollicitatieactiviteit(
                    kandidaat=anja, werkgever=werkgever, functie=functie, datum=vandaag - timedelta(days=dagen),
                    wijze=wijze, vastgelegd_door=anja.account)
                if bewijs:
                    activiteit.bewijs.save(f"sollicitatie-{anja.pk}-demo.pdf", ContentFile(self._bewijs_pdf(
                        f"Bedankt voor je sollicitatie als {functie.lower()}. We nemen binnen twee weken contact "
                        "met je op.", werkgever)), save=False)
                    activiteit.bewijs_bestandsnaam = "bevestiging-bouwbedrijf-jansen.pdf"
                activiteit.save()
            stand_bijwerken(plicht=plicht)
        achter = Kandidaat.objects.filter(klantmanager=anja.klantmanager, uitkering=Kandidaat.Uitkering.WW,
                                          account__isnull=True, sollicitatieplicht__isnull=True).order_by("pk").first()
        al = Sollicitatieplicht.objects.filter(kandidaat__klantmanager=anja.klantmanager).exclude(kandidaat=anja)
        if achter is not None and not al.exists():
            plicht = Sollicitatieplicht.objects.create(kandidaat=achter, startdatum=vandaag - timedelta(days=20))
            Sollicitatieactiviteit.objects.create(kandidaat=achter, werkgever="Albert Heijn", functie="Vakkenvuller",
                                                  datum=vandaag - timedelta(days=18), wijze="formulier")
            stand_bijwerken(plicht=plicht)

    @staticmethod
    def _bewijs_pdf(tekst, werkgever):
        pdf = nieuw_pdf(vet=False)
        pdf.set_font(LETTER, "", 12)
        pdf.multi_cell(0, 7, text=f"{werkgever}\n\nBeste Anja,\n\n{tekst}\n\nMet vriendelijke groet,\n{werkgever}")
        return bytes(pdf.output())

    def _bemiddeling(self, gemeenten):
        """Willem's consent and voordracht at the bakery in Arnhem, and a verzoek waiting in Venlo's queue."""
        for email in ("hans.klip@wsp.example.nl", "sanne.jansen@wsp.example.nl"):
            User.objects.filter(email=email).update(is_coordinator=True)
        willem = Kandidaat.objects.get(account__email="willem.vandevecht@example.nl")
        anja = Kandidaat.objects.get(account__email="anja.roest@example.nl")
        profielen = {
            willem: ("Ik ben handig, werk graag met mijn handen en ben op tijd. Ik wil weer meedoen.", "vmbo",
                     "Productiemedewerker bij een zuivelfabriek (6 jaar)\nMagazijnmedewerker, uitzendwerk (2 jaar)",
                     "productiemedewerker"),
            anja: ("Creatief en handig: ik heb mijn eigen huis grotendeels zelf opgeknapt. Ik zoek iets nieuws, "
                   "liefst met mijn handen.", "mbo", "Administratief medewerker bij een verzekeraar (12 jaar)",
                   "administratief medewerker"),
        }
        for kandidaat, (samenvatting, niveau, ervaring, beroepnaam) in profielen.items():
            kandidaat.samenvatting, kandidaat.opleidingsniveau, kandidaat.werkervaring = samenvatting, niveau, ervaring
            kandidaat.save(update_fields=["samenvatting", "opleidingsniveau", "werkervaring"])
            beroep = Beroep.objects.filter(naam__iexact=beroepnaam).first()
            if beroep and not kandidaat.vaardigheden.exists():
                vaardigheden = list(Vaardigheid.objects.filter(
                    beroepvaardigheden__beroep=beroep, beroepvaardigheden__essentieel=True).order_by("naam")[:8])
                if kandidaat == willem:
                    # Food hygiene from the dairy: what makes him a fit for the bakery.
                    vaardigheden += list(Vaardigheid.objects.filter(naam="hygiëne waarborgen"))
                if kandidaat == anja:
                    # What she learned doing up her own house: the start of "breder kijken".
                    vaardigheden += list(Vaardigheid.objects.filter(naam__in=ANJA_KLUSVAARDIGHEDEN))
                kandidaat.vaardigheden.set(vaardigheden)
        if not willem.gewenste_beroepen.exists():
            # What he looks for, so "Mijn kansen" shows him the bakery's vacatures with what fits and what is missing.
            willem.gewenste_beroepen.set(Beroep.objects.filter(naam__in=["productiemedewerker", "magazijnmedewerker"]))
            willem.gewenste_uren, willem.max_reisafstand_km = 24, 20
            willem.save(update_fields=["gewenste_uren", "max_reisafstand_km"])
        bakkerij = Werkgever.objects.get(kvk_nummer="60112233")
        hans = self.mensen["hans.klip@wsp.example.nl"]
        toestemming = toestemming_verlenen(kandidaat=willem, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                           werkgever=bakkerij, door=self.mensen["jeske.gunterman@gemeente.example.nl"])
        vacature = bakkerij.vacatures.get(titel="Medewerker bakkerij")
        if not Voordracht.objects.filter(vacature=vacature, kandidaat=willem).exists():
            voordracht = Voordracht.objects.create(
                vacature=vacature, kandidaat=willem, toestemming=toestemming, voorgedragen_door=hans,
                toelichting="Willem heeft zes jaar in een zuivelfabriek gewerkt, is gewend aan vroege diensten en "
                            "hygiëneregels, en wil graag weer aan de slag in Arnhem.",
            )
            voordracht.instrumenten.set(Instrument.objects.filter(naam__in=["Proefplaatsing", "No-riskpolis"]))
            VoordrachtTransitie.objects.create(voordracht=voordracht, naar=voordracht.status, door=hans)
        self._documenten(willem, Voordracht.objects.filter(vacature=vacature, kandidaat=willem).first())
        self._plaatsing(gemeenten)
        self._agenda(bakkerij, willem, anja)
        self._voorbereiding(bakkerij, willem, toestemming)
        venlo = gemeenten["GM0983"]
        if not Verzoek.objects.filter(werkgever__kvk_nummer="69001122").exists():
            org = self._org("Garage Maasland", "werkgever", venlo.regio, venlo, "077 351 2233", "info@maasland.example.nl")
            werkgever, _ = Werkgever.objects.get_or_create(kvk_nummer="69001122", defaults={
                "organisatie": org, "naam": "Garage Maasland", "sector": "Autobedrijf", "aantal_medewerkers": 8,
                "regio": venlo.regio, "gemeente": venlo, "contactpersoon_naam": "Ellen Maas",
                "contactpersoon_telefoon": "077 351 2233", "contactpersoon_email": "info@maasland.example.nl"})
            nu = timezone.now()
            Verzoek.objects.create(
                werkgever=werkgever, regio=venlo.regio, kanaal=Verzoek.Kanaal.WEBFORMULIER, contactpersoon="Ellen Maas",
                telefoon="077 351 2233", email="info@maasland.example.nl", ontvangen_op=nu - timedelta(hours=19),
                deadline=nu + timedelta(hours=5), vraag="Wij zoeken een leerling-automonteur, 32 tot 38 uur.",
            )

    def _berichten(self):
        """A short thread between Willem and Jeske about the bakery; her last answer he has not read yet."""
        willem = Kandidaat.objects.select_related("account", "klantmanager").get(
            account__email="willem.vandevecht@example.nl")
        if Berichtenwisseling.objects.filter(kandidaat=willem).exists():
            return
        jeske = willem.klantmanager
        nu = timezone.now()
        wisseling = Berichtenwisseling.objects.create(
            soort=Berichtenwisseling.Soort.WERKZOEKENDE, kandidaat=willem, onderwerp="Vacature bij de bakkerij",
            gestart_door=willem.account, aangemaakt_op=nu - timedelta(days=3), laatste_bericht_op=nu - timedelta(hours=1))
        gesprek = [
            (willem.account, timedelta(days=3), "Hoi Jeske,\nik zag dat Bakkerij Van Dam iemand zoekt voor de "
                                                "vroege dienst. Denk je dat dat iets voor mij is?"),
            (jeske, timedelta(days=2, hours=20), "Hoi Willem,\nja, dat past goed bij je werk in de zuivelfabriek. "
                                                 "Vind je het goed dat Hans (de accountmanager) je cv naar de bakkerij "
                                                 "stuurt?"),
            (willem.account, timedelta(days=2, hours=18), "Ja, dat is goed. Moet ik nog iets doen?"),
            (jeske, timedelta(hours=1), "Hans heeft je voorgedragen. De bakkerij laat deze week weten of ze je "
                                        "uitnodigen. Ik bel je als ik iets hoor."),
        ]
        Bericht.objects.bulk_create([
            Bericht(wisseling=wisseling, afzender=afzender, tekst=tekst, verstuurd_op=nu - geleden)
            for afzender, geleden, tekst in gesprek])
        berichten = list(wisseling.berichten.order_by("pk"))
        Gelezen.objects.create(wisseling=wisseling, gebruiker=willem.account, tot_bericht=berichten[2].pk)
        Gelezen.objects.create(wisseling=wisseling, gebruiker=jeske, tot_bericht=berichten[3].pk)
        Melding.objects.get_or_create(sleutel=f"bericht:{berichten[3].pk}:{willem.account_id}", defaults={
            "ontvanger": willem.account, "soort": Melding.Soort.BERICHT, "aangemaakt_op": berichten[3].verstuurd_op,
            "tekst": f"Je hebt een nieuw bericht van {jeske.get_full_name()}.", "url": f"/berichten/{wisseling.pk}/"})

    def _documenten(self, willem, voordracht):
        """Willem's VCA certificate (shared, along with the bakery voordracht), a forklift certificate that expires
        within six weeks, and a motivatiebrief he keeps to himself."""
        if Document.objects.filter(kandidaat=willem).exists():
            return
        vandaag = timezone.localdate()
        pdf = pikepdf.new()
        pdf.add_blank_page()
        uit = io.BytesIO()
        pdf.save(uit)
        inhoud = uit.getvalue()
        for soort, titel, naam, verloopt_op, delen in (
                ("certificaat", "VCA basis", "VCA basis Willem.pdf", vandaag + timedelta(days=420), True),
                ("certificaat", "Heftruckcertificaat", "heftruck.pdf", vandaag + timedelta(days=30), True),
                ("motivatiebrief", "Motivatie bakkerij", "motivatie bakkerij.pdf", None, False)):
            document = document_opslaan(kandidaat=willem, door=willem.account, bestand=ContentFile(inhoud, name=naam),
                                        bestandssoort="pdf", soort=soort, titel=titel, verloopt_op=verloopt_op,
                                        delen_met_werkgever=delen)
            if titel == "VCA basis" and voordracht is not None:
                voordracht.documenten.add(document)

    def _agenda(self, bakkerij, willem, anja):
        """Hans's kennismakingsbezoek at the bakery, Jeske's gesprek with Willem, and a workshop in Arnhem with
        Anja signed up. Written as rows (like the voordracht above): the demo sends no invitations."""
        if Afspraak.objects.filter(titel="Workshop: solliciteren met je telefoon").exists():
            return
        hans, jeske = self.mensen["hans.klip@wsp.example.nl"], self.mensen["jeske.gunterman@gemeente.example.nl"]
        ria = self.mensen["info@bakkerijvandam.example.nl"]
        dag = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)

        def afspraak(door, soort, titel, dagen, uur, duur, deelnemers=(), kandidaten=(), **velden):
            start = dag + timedelta(days=dagen, hours=uur)
            a = Afspraak.objects.create(soort=soort, titel=titel, start=start, eind=start + timedelta(minutes=duur),
                                        georganiseerd_door=door, ics_uid=f"{uuid.uuid4()}@klantreis", **velden)
            herinnering = start - timedelta(hours=24)
            Deelnemer.objects.bulk_create(
                [Deelnemer(afspraak=a, gebruiker=g, herinnering_op=herinnering) for g in (door, *deelnemers)]
                + [Deelnemer(afspraak=a, kandidaat=k, herinnering_op=herinnering) for k in kandidaten])
            return a

        afspraak(hans, Afspraak.Soort.KENNISMAKINGSBEZOEK, "Kennismakingsbezoek", 2, 10, 60, [ria],
                 werkgever=bakkerij, plaats="Bakkerij Van Dam, Arnhem",
                 toelichting="Kennismaken, rondleiding in de bakkerij en de vacatures doorlopen.")
        afspraak(jeske, Afspraak.Soort.KLANTMANAGERGESPREK, "Gesprek over je plan", 3, 14, 45, kandidaten=[willem],
                 videolink="https://meet.example.nl/jeske-willem",
                 toelichting="We kijken samen naar je plan en naar de vacature bij de bakkerij.")
        afspraak(jeske, Afspraak.Soort.GROEPSBIJEENKOMST, "Workshop: solliciteren met je telefoon", 6, 10, 120,
                 kandidaten=[anja], capaciteit=12, regio=jeske.regio, plaats="Werkplein Arnhem, zaal 2",
                 toelichting="Hoe maak je een goed cv en solliciteer je met je telefoon? Neem je telefoon mee.")

    def _voorbereiding(self, bakkerij, willem, toestemming):
        """Issue #14: the bakery also invited Willem for the warehouse job; the gesprek is the day after tomorrow.
        Jeske and Hans filled his preparation, Willem ticked off two points. Written as rows: no mail."""
        vacature = bakkerij.vacatures.get(titel="Magazijnmedewerker")
        if Voordracht.objects.filter(vacature=vacature, kandidaat=willem).exists():
            return
        hans, jeske = self.mensen["hans.klip@wsp.example.nl"], self.mensen["jeske.gunterman@gemeente.example.nl"]
        ria = self.mensen["info@bakkerijvandam.example.nl"]
        nu = timezone.now()
        voordracht = Voordracht.objects.create(
            vacature=vacature, kandidaat=willem, toestemming=toestemming, voorgedragen_door=hans,
            status=Voordracht.Status.GESPREK_GEPLAND, voorgedragen_op=nu - timedelta(days=4),
            gereageerd_op=nu - timedelta(days=2), werkgever_gemeld_op=nu - timedelta(days=3),
            toelichting="Willem werkte met orderpicken in de zuivelfabriek en heeft een heftruckcertificaat.")
        for naar, dagen in ((Voordracht.Status.VOORGEDRAGEN, 4), (Voordracht.Status.UITGENODIGD, 2),
                            (Voordracht.Status.GESPREK_GEPLAND, 2)):
            VoordrachtTransitie.objects.create(voordracht=voordracht, naar=naar, door=hans if dagen == 4 else ria,
                                               tijdstip=nu - timedelta(days=dagen))
        dag = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=2)
        vestiging = bakkerij.vestigingen.first()
        gesprek = Sollicitatiegesprek.objects.create(
            voordracht=voordracht, begint_op=dag, duur_minuten=45, locatie=str(vestiging) if vestiging else "Arnhem",
            begeleider_gaat_mee=True, gepland_door=ria, gepland_op=nu - timedelta(days=2),
            ics_uid=f"{uuid.uuid4()}@klantreis")
        voorbereiding = Gespreksvoorbereiding.objects.create(
            gesprek=gesprek,
            over_werkgever="Bakkerij Van Dam is een familiebedrijf met 12 mensen. Ze bakken brood en gebak voor "
                           "winkels in Arnhem. Ria van Dam voert het gesprek; ze vindt op tijd komen en "
                           "samenwerken belangrijk.",
            over_vacature="Je zet 's ochtends de bestellingen klaar voor de winkels en laadt de bus. 20 uur per "
                          "week, van 6 tot 10 uur. Je werkt veel met de steekwagen.",
            vragen="Vertel eens iets over jezelf.\nWat deed je in de zuivelfabriek?\nKun je vroeg beginnen?\n"
                   "Hoe werk je samen met collega's?",
            meenemen="Je ID-bewijs, je cv en je heftruckcertificaat.",
            reis="Bus 5 vanaf Arnhem Centraal tot halte Markt, dan 3 minuten lopen. Meld je bij de achterdeur "
                 "(laden en lossen). Jeske staat om 9.50 uur bij de halte.",
            gewijzigd={veld: {"door": (hans if veld in ("over_werkgever", "over_vacature") else jeske).pk,
                              "op": (nu - timedelta(hours=20)).isoformat()}
                       for veld in ("over_werkgever", "over_vacature", "vragen", "meenemen", "reis")})
        teksten = [str(t) for t in STANDAARD_PUNTEN] + ["Neem je heftruckcertificaat mee"]
        Voorbereidingspunt.objects.bulk_create([
            Voorbereidingspunt(voorbereiding=voorbereiding, tekst=t, volgorde=i,
                               afgevinkt_op=nu - timedelta(hours=3) if i in (0, 1) else None)
            for i, t in enumerate(teksten)])
        afspraak = Afspraak.objects.create(
            soort=Afspraak.Soort.SOLLICITATIEGESPREK, titel=f"Sollicitatiegesprek {vacature.titel}", start=dag,
            eind=dag + timedelta(minutes=45), plaats=gesprek.locatie, georganiseerd_door=hans, werkgever=bakkerij,
            gesprek=gesprek, ics_uid=gesprek.ics_uid)
        herinnering = dag - timedelta(hours=24)
        Deelnemer.objects.bulk_create(
            [Deelnemer(afspraak=afspraak, gebruiker=g, herinnering_op=herinnering) for g in (hans, ria, jeske)]
            + [Deelnemer(afspraak=afspraak, kandidaat=willem, herinnering_op=herinnering)])
    def _ondersteuning(self, gemeenten):
        """The ondersteuningsgids of Midden-Gelderland: what Willem can choose from (bijstand, phase 4 of the study:
        "zelf kiezen welke ondersteuning"). Rows, like the agenda above: the demo sends no invitations."""
        jeske = self.mensen["jeske.gunterman@gemeente.example.nl"]
        regio, arnhem = jeske.regio, gemeenten["GM0202"]
        dag = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        gids = [
            ("VCA-basiscursus", Traject.Soort.TRAINING, None,
             "Op een bouwplaats of in de techniek moet je weten hoe je veilig werkt. In deze cursus leer je dat. "
             "Daarna doe je het examen. Met een VCA-diploma kun je bij veel meer werkgevers aan de slag.",
             "Voor wie wil werken in de bouw, de techniek of de groenvoorziening.", "2 ochtenden les en 1 examen",
             "Geen. De gemeente betaalt de cursus en het examen.", "Bouwopleidingen Gelderland",
             "Arnhem, Kleefse Waard", [(12, 8, 30, 12), (40, 8, 30, 12)]),
            ("Taalcoach", Traject.Soort.TAAL, arnhem,
             "Elke week oefen je een uur Nederlands met een vrijwilliger. Over dingen die je echt nodig hebt: een "
             "brief lezen, bellen met de dokter, praten met collega's.",
             "Voor wie beter Nederlands wil spreken, lezen of schrijven.", "6 maanden, 1 uur per week", "Geen",
             "Taalhuis Arnhem", "Bibliotheek Rozet, Arnhem", []),
            ("Schuldhulpmaatje", Traject.Soort.SCHULDHULP, None,
             "Een getrainde vrijwilliger helpt je overzicht te krijgen in je post en rekeningen. Samen maak je een "
             "plan. Je maatje gaat mee naar instanties als je dat wilt.",
             "Voor wie zorgen heeft over geld of schulden.", "Zo lang als nodig, meestal een half jaar", "Geen",
             "SchuldHulpMaatje Midden-Gelderland", "Bij jou thuis of in het wijkcentrum", []),
            ("Jobcoach bij je nieuwe baan", Traject.Soort.JOBCOACH, None,
             "Begin je met werken? Een jobcoach helpt je op je werk: bij het inwerken, bij afspraken met je "
             "leidinggevende, en als het even lastig is.",
             "Voor wie net begint met werken na een tijd zonder werk.", "De eerste 6 maanden van je baan", "Geen",
             "Jobcoach Gelderland", "Op je werkplek", []),
            ("Werkervaringsplaats groenvoorziening", Traject.Soort.WERKERVARINGSPLAATS, None,
             "Je werkt 3 dagen per week mee in een team dat parken en plantsoenen onderhoudt. Je leert werken met "
             "machines en je krijgt een getuigschrift. Zo bouw je ervaring op voor een baan bij een hovenier.",
             "Voor wie graag buiten werkt.", "3 maanden, 24 uur per week",
             "Geen. Je houdt je uitkering en krijgt werkkleding.", "Buitendienst gemeente Arnhem", "Arnhem-Zuid",
             [(-10, 8, 0, 4), (21, 8, 0, 4)]),
            ("Workshop solliciteren", Traject.Soort.GROEPSBIJEENKOMST, None,
             "In 2 uur leer je hoe je een goede sollicitatiebrief schrijft, hoe je met je telefoon solliciteert en "
             "wat je zegt in een gesprek. Je oefent samen met anderen.",
             "Voor iedereen die werk zoekt.", "1 ochtend van 2 uur", "Geen. Neem je telefoon mee.",
             "Werkplein Arnhem", "Werkplein Arnhem, zaal 2", []),
        ]
        for titel, soort, gemeente, wat, voor_wie, duur, kosten, aanbieder, plaats, starts in gids:
            traject, nieuw = Traject.objects.update_or_create(regio=regio, titel=titel, defaults={
                "soort": soort, "gemeente": gemeente, "omschrijving": wat, "voor_wie": voor_wie, "duur": duur,
                "kosten": kosten, "aanbieder": aanbieder, "plaats": plaats, "aangemaakt_door": jeske})
            if not nieuw:
                continue
            Startmoment.objects.bulk_create([
                Startmoment(traject=traject, start=dag + timedelta(days=dagen, hours=uur, minutes=minuut),
                            capaciteit=plaatsen) for dagen, uur, minuut, plaatsen in starts])
            if soort == Traject.Soort.GROEPSBIJEENKOMST:
                workshop = Afspraak.objects.filter(titel="Workshop: solliciteren met je telefoon").first()
                if workshop is not None:  # the workshop of the agenda demo is this traject's first session
                    Startmoment.objects.create(traject=traject, start=workshop.start, capaciteit=workshop.capaciteit,
                                               afspraak=workshop)
                start = dag + timedelta(days=20, hours=13, minutes=30)
                tweede = Afspraak.objects.create(
                    soort=Afspraak.Soort.GROEPSBIJEENKOMST, titel=titel, start=start, eind=start + timedelta(hours=2),
                    georganiseerd_door=jeske, ics_uid=f"{uuid.uuid4()}@klantreis", capaciteit=12, regio=regio,
                    plaats=traject.plaats_in_de_agenda, toelichting=wat)
                Deelnemer.objects.create(afspraak=tweede, gebruiker=jeske, herinnering_op=start - timedelta(hours=24))
                Startmoment.objects.create(traject=traject, start=start, capaciteit=12, afspraak=tweede)

    def _beleving(self):
        """"Hoe ging dit?": answers from werkgevers and werkzoekenden over the last months (Midden-Gelderland
        most), some with a comment naming someone (the monitor shows them as "[naam]"), and one open question
        for Willem on his home page. Written as rows: the demo sends no mail."""
        import hashlib

        nu = timezone.now()
        ria = self.mensen["info@bakkerijvandam.example.nl"]
        romy = self.mensen["romy@devriestechniek.example.nl"]
        martijn = self.mensen["martijn@deheul.example.nl"]
        willem = Kandidaat.objects.get(email="willem.vandevecht@example.nl")
        jeske, kees = self.mensen["jeske.gunterman@gemeente.example.nl"], self.mensen["kees.vermeulen@uwv.example.nl"]
        caseload = {km.pk: list(Kandidaat.objects.filter(klantmanager=km, account__isnull=True).order_by("pk")[:3])
                    for km in (jeske, kees)}

        def werkgever_van(user):
            return Werkgever.objects.get(organisatie=user.organisatie)

        def vraag(touchpoint, dagen, score, opmerking="", *, gebruiker=None, kandidaat=None, open_=False):
            werkgever = werkgever_van(gebruiker) if gebruiker is not None and gebruiker.rol == Rol.WERKGEVER else None
            if werkgever is not None:
                regio, organisatie = werkgever.regio, self.orgs.get((werkgever.regio.code, "wsp"))
                persoon = f"gebruiker:{gebruiker.pk}"
            else:
                regio, organisatie = kandidaat.regio, kandidaat.klantmanager.organisatie
                persoon = f"kandidaat:{kandidaat.pk}"
            gesteld = nu - timedelta(days=dagen)
            stand, _ = Bevraagde.objects.get_or_create(
                persoon=persoon, defaults={"gebruiker": None if kandidaat else gebruiker, "kandidaat": kandidaat})
            if stand.laatst_gevraagd_op is None or stand.laatst_gevraagd_op < gesteld:
                Bevraagde.objects.filter(pk=stand.pk).update(laatst_gevraagd_op=gesteld)
            sleutel = f"demo:{touchpoint}:{persoon}"
            Belevingsvraag.objects.update_or_create(sleutel=sleutel, defaults={
                "touchpoint": touchpoint, "gebruiker": gebruiker, "kandidaat": kandidaat, "werkgever": werkgever,
                "regio": regio, "organisatie": organisatie, "bevraagde": stand, "gesteld_op": gesteld,
                "verloopt_op": gesteld + timedelta(days=14), "token_hash": hashlib.sha256(sleutel.encode()).hexdigest(),
                "beantwoord_op": None if open_ else gesteld + timedelta(hours=3), "score": None if open_ else score,
                "opmerking": "" if open_ else opmerking})

        vraag(T.WG_EERSTE_CONTACT, 120, 5, "Hans Klip belde dezelfde middag terug. Dat had ik niet verwacht.",
              gebruiker=ria)
        vraag(T.WG_KENNISMAKING, 100, 4, "Fijn dat hij echt in de bakkerij kwam kijken.", gebruiker=ria)
        vraag(T.WG_VOORDRACHTEN, 40, 4, gebruiker=ria)
        vraag(T.WG_NAZORG, 9, 5, "Els belde na een dag al om te horen hoe het ging met Jeroen. Top.", gebruiker=romy)
        vraag(T.WG_GESPREK, 60, 2, "Het gesprek werd twee keer verzet, daar had ik geen tijd voor.",
              gebruiker=martijn)
        vraag(T.WZ_INTAKE, 90, 4, "Jeske luisterde echt naar mij. Ik hoefde niet alles te bewijzen.", kandidaat=willem)
        vraag(T.WZ_VOORDRACHT, 30, 5, "Spannend, maar fijn dat ze mij bij de bakkerij hebben voorgesteld.",
              kandidaat=willem)
        vraag(T.WZ_PLAN, 2, None, kandidaat=willem, open_=True)  # on his home page now
        teksten = [
            (T.WZ_INTAKE, 75, 2, "Ik moest mijn verhaal twee keer vertellen."),
            (T.WZ_PLAN, 50, 3, "Het plan is nog wat vaag. Wat moet ik nu precies doen?"),
            (T.WZ_OVERDRACHT, 35, 2, "Van UWV naar de gemeente ging niet soepel, niemand belde mij terug."),
            (T.WZ_GESPREK, 20, 4, "Goed voorbereid op het gesprek, ik wist wat ze gingen vragen."),
            (T.WZ_VOORDRACHT, 15, 4, ""),
            (T.WZ_INTAKE, 5, 5, "Heel vriendelijk geholpen, bedankt Kees!"),
        ]
        kandidaten = caseload[jeske.pk] + caseload[kees.pk]
        for (touchpoint, dagen, score, opmerking), kandidaat in zip(teksten, kandidaten):
            vraag(touchpoint, dagen, score, opmerking, kandidaat=kandidaat)
        jeroen = Kandidaat.objects.filter(email="jeroen.bosch@example.nl").first()
        if jeroen is not None:
            vraag(T.WZ_START_WERK, 10, 4, "Snel geregeld, ik kon meteen beginnen.", kandidaat=jeroen)

    def _plaatsing(self, gemeenten):
        """Romy's good example: a proefplaatsing she only had to sign, started ten days ago, with nazorg."""
        romy_bedrijf = Werkgever.objects.get(kvk_nummer="71203344")
        if Plaatsing.objects.filter(werkgever=romy_bedrijf).exists():
            return
        els, ilse = self.mensen["els.stokman@wsp.example.nl"], self.mensen["ilse.postma@gemeente.example.nl"]
        zwolle = gemeenten["GM0193"]
        kandidaat, _ = Kandidaat.objects.get_or_create(email="jeroen.bosch@example.nl", defaults={
            "voornaam": "Jeroen", "achternaam": "Bosch", "postcode": self._postcode(zwolle), "gemeente": zwolle,
            "regio": zwolle.regio, "uitkering": Kandidaat.Uitkering.WW, "klantmanager": ilse,
            "werkervaring": "Productiemedewerker metaal (8 jaar)"})
        toestemming = toestemming_verlenen(kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                                           werkgever=romy_bedrijf, door=ilse)
        vacature = romy_bedrijf.vacatures.first()
        voordracht = Voordracht.objects.create(vacature=vacature, kandidaat=kandidaat, toestemming=toestemming,
                                               voorgedragen_door=els, status=Voordracht.Status.AANGENOMEN,
                                               toelichting="Acht jaar ervaring in de metaal; wil graag in Zwolle werken.")
        VoordrachtTransitie.objects.create(voordracht=voordracht, naar=Voordracht.Status.AANGENOMEN, door=els)
        start = timezone.localdate() - timedelta(days=10)
        plaatsing = Plaatsing.objects.create(
            voordracht=voordracht, kandidaat=kandidaat, werkgever=romy_bedrijf, soort=Plaatsing.Soort.PROEFPLAATSING,
            status=Plaatsing.Status.LOPEND, functie=vacature.titel, startdatum=start,
            einddatum=start + timedelta(days=59), uren_per_week=32, aangemaakt_door=els,
            akkoord_instantie="UWV Zwolle", akkoord_op=start - timedelta(days=5), akkoord_vastgelegd_door=els,
            ondertekend_door_naam="Romy de Vries", ondertekend_op=timezone.now() - timedelta(days=12),
            ondertekend_door=self.mensen["romy@devriestechniek.example.nl"],
        )
        plaatsing.overeenkomst.save(f"overeenkomst-{plaatsing.pk}-ondertekend.pdf",
                                    ContentFile(overeenkomst_pdf(plaatsing)))
        PlaatsingTransitie.objects.create(plaatsing=plaatsing, naar=Plaatsing.Status.LOPEND, door=els,
                                          toelichting="ondertekend door Romy de Vries")
        nazorgmomenten_plannen(plaatsing)
        # Its regelingen: the proefplaatsing itself, which follows the akkoord above (no aanvraag of its own), and a
        # no-riskpolis that Els applied for with UWV and that waits for its besluit (the werkgever sees where it stands
        # on the plaatsing page). Through the service.
        plaatsing.instrumenten.set(Instrument.objects.filter(naam__in=["Proefplaatsing", "No-riskpolis"]))
        regeling_aanvragen(plaatsing=plaatsing, instrument=Instrument.objects.get(naam="No-riskpolis"), door=els,
                           aangevraagd_op=start - timedelta(days=8), aangevraagd_bij="UWV Zwolle",
                           kenmerk="NRP-2026-0412")
        # The 24-hour call was made; the 2-week driegesprek is coming up.
        plaatsing.nazorgmomenten.filter(soort=NazorgMoment.Soort.DAG_1).update(
            verwerkt_op=timezone.now() - timedelta(days=9), uitkomst=NazorgMoment.Uitkomst.GOED,
            uitkomst_door=els, uitkomst_op=timezone.now() - timedelta(days=9),
            bijzonderheden="Eerste dag goed verlopen; vaste collega als maatje.")

    def _org(self, naam, soort, regio, gemeente, telefoon, email):
        if soort == "wsp":
            org, _ = Organisatie.objects.update_or_create(
                regio=regio, soort=soort, defaults={"naam": naam, "telefoon": telefoon, "email": email}
            )
            return org
        org, _ = Organisatie.objects.update_or_create(
            naam=naam, soort=soort,
            defaults={"regio": regio, "gemeente": gemeente, "telefoon": telefoon, "email": email},
        )
        return org

    def _gebruiker(self, email, voornaam, achternaam, telefoon, rol, organisatie, regio):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, password=_demo_wachtwoord_hash())
        user.voornaam, user.achternaam, user.telefoon = voornaam, achternaam, telefoon
        user.rol, user.organisatie, user.regio = rol, organisatie, regio
        # A second run may move an existing demo user: what rested on her old role or organisation ends.
        gebruiker_opslaan(user, door=None)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if user.is_medewerker:
            self._tweede_stap(user)
        return user

    def _tweede_stap(self, user):
        """The demo authenticator app (DEMO_TOTP_GEHEIM) and recovery codes, once per medewerker."""
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_GEHEIM)
        RecoveryCodes.activate(user)

    def _herstelcodes(self, email):
        codes = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.RECOVERY_CODES).first()
        if codes is None:
            return ""
        return "  herstelcodes: " + " ".join(codes.wrap().get_unused_codes()[:3])

    def _totp_url(self):
        return f"otpauth://totp/Werkgeversservicepunt%20demo?secret={DEMO_TOTP_GEHEIM}&issuer=Werkgeversservicepunt"

    def _postcode(self, gemeente, rng=None):
        rng = rng or random.Random(gemeente.code)
        pc4s = self._pc4().get(gemeente.code) or ["1000"]
        return f"{rng.choice(pc4s)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}"

    def _pc4(self):
        if not hasattr(self, "_pc4_cache"):
            self._pc4_cache = pc4_per_gemeente()
        return self._pc4_cache

    # --- bulk, for benchmarks --------------------------------------------------------------

    def _bulk_regios(self, codes):
        if not codes:
            codes = list(DEMO_REGIOS)
        if "alle" in codes:
            return list(Arbeidsmarktregio.objects.all())
        regios = list(Arbeidsmarktregio.objects.filter(code__in=codes))
        onbekend = set(codes) - {r.code for r in regios}
        if onbekend:
            raise CommandError(f"Onbekende arbeidsmarktregio: {', '.join(sorted(onbekend))}.")
        return regios

    def _gemeenten_met_pc4(self, regios):
        pc4 = self._pc4()
        gemeenten = list(Gemeente.objects.filter(regio__in=regios))
        return [(g, pc4.get(g.code) or ["1000"]) for g in gemeenten]

    def _bulk_kandidaten(self, doel, regios, rng):
        bestaand = Kandidaat.objects.filter(email__endswith="@" + BULK_DOMEIN).count()
        nodig = max(0, doel - bestaand)
        if not nodig:
            return 0
        gemeenten = self._gemeenten_met_pc4(regios)
        caseloads = _Caseloads(self, regios, rng)
        uitkeringen = [Kandidaat.Uitkering.WW, Kandidaat.Uitkering.BIJSTAND, Kandidaat.Uitkering.ANDERS]
        batch = []
        for i in range(bestaand, bestaand + nodig):
            gemeente, pc4s = rng.choice(gemeenten)
            achternaam = rng.choice(ACHTERNAMEN)
            batch.append(Kandidaat(
                voornaam=rng.choice(VOORNAMEN), achternaam=achternaam, sorteernaam=sorteernaam(achternaam),
                email=f"kandidaat{i}@{BULK_DOMEIN}",
                postcode=f"{rng.choice(pc4s)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}",
                gemeente_id=gemeente.pk, regio_id=gemeente.regio_id, uitkering=rng.choice(uitkeringen),
                werkfit=rng.random() > 0.15, klantmanager_id=caseloads.volgende(gemeente.regio_id),
                gewenste_uren=rng.choice([16, 20, 24, 28, 32, 36, 38, 40]),
                max_reisafstand_km=rng.choice([10, 15, 20, 25, 30, 40]),
                laatste_contact_op=timezone.localdate() - timedelta(days=rng.randint(0, 60)),
            ))
            if len(batch) >= 5000:
                self._kandidaten_bewaren(batch, rng)
                batch = []
        self._kandidaten_bewaren(batch, rng)
        caseloads.waarneming_instellen()
        return nodig

    def _kandidaten_bewaren(self, batch, rng):
        """Writes a batch of bulk kandidaten with their profile. On PostgreSQL through COPY with ids taken from the
        sequence first (a national demo of a million kandidaten in minutes instead of two hours of ORM inserts);
        elsewhere through ``bulk_create``."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                               [Kandidaat._meta.db_table, len(batch)])
                for kandidaat, (pk,) in zip(batch, cursor.fetchall()):
                    kandidaat.pk = pk
            skills, wensen, toestemmingen = self._kandidaten_profiel(batch, rng)
            nu = timezone.now()
            velden = [f for f in Kandidaat._meta.concrete_fields if not f.generated]
            rijen_invoegen(Kandidaat, [f.attname for f in velden], [
                tuple(nu if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                      else getattr(k, f.attname) for f in velden) for k in batch])
        else:
            batch = Kandidaat.objects.bulk_create(batch)
            skills, wensen, toestemmingen = self._kandidaten_profiel(batch, rng)
            Kandidaat.objects.bulk_update(batch, ["werkervaring"], batch_size=5000)
        rijen_invoegen(Kandidaat.vaardigheden.through, ["kandidaat_id", "vaardigheid_id"], skills)
        rijen_invoegen(Kandidaat.gewenste_beroepen.through, ["kandidaat_id", "beroep_id"], wensen)
        nu = timezone.now()
        rijen_invoegen(Toestemming, ["kandidaat_id", "doel", "werkgever_id", "derde_partij", "wijze", "gegeven_op",
                                     "verleend_op", "verleend_door_id", "ingetrokken_op", "ingetrokken_door_id"],
                       [(pk, Toestemming.Doel.VINDBAAR.value, None, "", "", None, nu, None, None, None)
                        for pk in toestemmingen])
        aandacht_bijwerken([k.pk for k in batch])  # neither path runs Kandidaat.save()

    def _beroepen_pool(self):
        """Occupations with enough Dutch-labelled skills to make believable profiles: [(id, [skill ids])]."""
        if not hasattr(self, "_pool"):
            per_beroep = {}
            for beroep_id, vaardigheid_id in BeroepVaardigheid.objects.filter(essentieel=True).values_list(
                    "beroep_id", "vaardigheid_id"):
                per_beroep.setdefault(beroep_id, []).append(vaardigheid_id)
            self._pool = sorted((b, v) for b, v in per_beroep.items() if len(v) >= 8)[:400]
        return self._pool

    def _kandidaten_profiel(self, kandidaten, rng):
        """Skills from a previous occupation, a wished occupation (sometimes a new trade) and, for most,
        consent to be findable: what matching needs, in bulk. Sets ``werkervaring`` on the instances and returns
        the (kandidaat, vaardigheid) and (kandidaat, beroep) pairs and the kandidaten who consent."""
        pool = self._beroepen_pool()
        skills, wensen, toestemmingen = [], [], []
        if not pool or not kandidaten:
            return skills, wensen, toestemmingen
        if not hasattr(self, "_beroepnamen"):
            self._beroepnamen = dict(Beroep.objects.filter(pk__in=[b for b, _v in pool]).values_list("pk", "naam"))
        for kandidaat in kandidaten:
            vorig, vaardigheden = rng.choice(pool)
            # A cv the werkgever can read: the previous occupation is the work history the skills come from.
            kandidaat.werkervaring = f"{self._beroepnamen[vorig].capitalize()} ({rng.randint(1, 12)} jaar)"
            for vaardigheid_id in rng.sample(vaardigheden, min(len(vaardigheden), rng.randint(5, 12))):
                skills.append((kandidaat.pk, vaardigheid_id))
            gewenst = vorig if rng.random() < 0.7 else rng.choice(pool)[0]
            wensen.append((kandidaat.pk, gewenst))
            if rng.random() < 0.85:
                toestemmingen.append(kandidaat.pk)
        return skills, wensen, toestemmingen

    def _bulk_vacatures(self, doel, regios, rng):
        bestaand = Vacature.objects.filter(werkgever__kvk_nummer__startswith="9").count()
        nodig = max(0, doel - bestaand)
        if not nodig:
            return 0
        gemeenten = self._gemeenten_met_pc4(regios)
        # One bulk werkgever (KvK 9xxxxxxx, never a real one of the demo) for every five vacatures.
        n_werkgevers = max(1, nodig // 5)
        start = Werkgever.objects.filter(kvk_nummer__startswith="9").count()
        keuzes = [rng.choice(gemeenten)[0] for _ in range(n_werkgevers)]
        orgs = Organisatie.objects.bulk_create([
            Organisatie(naam=f"Demobedrijf {start + j}", soort=Organisatie.Soort.WERKGEVER,
                        regio_id=g.regio_id, gemeente_id=g.pk)
            for j, g in enumerate(keuzes)
        ], batch_size=5000)
        # Days since the last contact from a generator of their own: the demo's other draws stay what they were.
        contact = random.Random(start)
        werkgevers = Werkgever.objects.bulk_create([
            Werkgever(organisatie=org, naam=org.naam, kvk_nummer=f"9{start + j:07d}", sector="Diversen",
                      aantal_medewerkers=rng.randint(5, 50), regio_id=org.regio_id, gemeente_id=org.gemeente_id,
                      laatste_contact_op=timezone.localdate() - timedelta(days=contact.randint(0, 150)))
            for j, org in enumerate(orgs)
        ], batch_size=5000)
        pc4 = self._pc4()
        codes = {g.pk: g.code for g, _ in gemeenten}
        batch = []
        for i in range(nodig):
            w = werkgevers[i % len(werkgevers)]
            titel, uren = rng.choice(FUNCTIES)
            pc4s = pc4.get(codes[w.gemeente_id]) or ["1000"]
            beroep_id, _vaardigheden = rng.choice(self._beroepen_pool() or [(None, [])])
            batch.append(Vacature(
                werkgever=w, titel=titel, status=Vacature.Status.OPEN, uren_per_week=uren, beroep_id=beroep_id,
                postcode=f"{rng.choice(pc4s)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}",
                gemeente_id=w.gemeente_id, regio_id=w.regio_id,
            ))
            if len(batch) >= 5000:
                self._vacatures_eisen(Vacature.objects.bulk_create(batch), rng)
                batch = []
        self._vacatures_eisen(Vacature.objects.bulk_create(batch), rng)
        _bulk_portefeuilles(rng)
        return nodig

    def _vacatures_eisen(self, vacatures, rng):
        pool = dict(self._beroepen_pool())
        vereist, gewenst = [], []
        Vereist, Gewenst = Vacature.vereiste_vaardigheden.through, Vacature.gewenste_vaardigheden.through
        for vacature in vacatures:
            vaardigheden = pool.get(vacature.beroep_id, [])
            gekozen = rng.sample(vaardigheden, min(len(vaardigheden), 7))
            vereist += [Vereist(vacature_id=vacature.pk, vaardigheid_id=v) for v in gekozen[:4]]
            gewenst += [Gewenst(vacature_id=vacature.pk, vaardigheid_id=v) for v in gekozen[4:]]
        Vereist.objects.bulk_create(vereist, batch_size=10000)
        Gewenst.objects.bulk_create(gewenst, batch_size=10000)

    def _print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (wachtwoord voor allemaal: {DEMO_WACHTWOORD}):")
        for rol, email in [
            ("beheerder", "beheerder@wsp.example.nl"),
            ("accountmanager", "sanne.jansen@wsp.example.nl"),
            ("klantmanager", "jeske.gunterman@gemeente.example.nl"),
            ("klantmanager (UWV)", "fatima.elamrani@uwv.example.nl"),
            ("werkgever", "martijn@deheul.example.nl"),
            ("werkgever", "romy@devriestechniek.example.nl"),
            ("werkgever (bakkerij)", "info@bakkerijvandam.example.nl"),
            ("accountmanager", "hans.klip@wsp.example.nl"),
            ("accountmanager (Zwolle)", "els.stokman@wsp.example.nl"),
            ("werkzoekende", "willem.vandevecht@example.nl"),
            ("werkzoekende", "anja.roest@example.nl"),
        ]:
            self.stdout.write(f"  {rol:<20} {email}{self._herstelcodes(email)}")
        self.stdout.write("")
        self.stdout.write("Medewerkers (beheerder, accountmanager, klantmanager) loggen in met een tweede stap.")
        self.stdout.write(f"  Authenticator-app: voeg een account toe met de geheime sleutel {DEMO_TOTP_GEHEIM}")
        self.stdout.write(f"  (of scan/open {self._totp_url()}),")
        self.stdout.write("  of type een van de herstelcodes hierboven (elke code werkt één keer).")


class _Caseloads:
    """Bulk kandidaten go to bulk klantmanagers of the region's gemeente and UWV, each with a caseload of
    CASELOAD_MIN..CASELOAD_MAX as in real life; a klantmanager is filled before the next one is made.

    One team is the stress case of waarneming: Jeske (Gemeente Arnhem) covers for every bulk colleague of her
    organisation, so her caseload page holds about half of Midden-Gelderland's bulk (docs/benchmarks.md)."""

    def __init__(self, command, regios, rng):
        self.command, self.rng = command, rng
        self.orgs = {}
        for org in Organisatie.objects.filter(regio__in=regios, soort__in=["gemeente", "uwv"]).order_by("pk"):
            self.orgs.setdefault(org.regio_id, []).append(org)
        self.open = {}  # regio_id -> [klantmanager id, room left]
        self.beurt = {}  # regio_id -> index of the organisation whose turn it is

    def volgende(self, regio_id):
        plek = self.open.get(regio_id)
        if plek is None or plek[1] <= 0:
            plek = self.open[regio_id] = self._nieuwe_klantmanager(regio_id)
            if plek is None:
                return None
        plek[1] -= 1
        return plek[0]

    def _nieuwe_klantmanager(self, regio_id):
        orgs = self.orgs.get(regio_id)
        if not orgs:
            return None
        beurt = self.beurt.get(regio_id, 0)
        self.beurt[regio_id] = beurt + 1
        org = orgs[beurt % len(orgs)]
        nummer = User.objects.filter(email__endswith="@" + BULK_DOMEIN, rol=Rol.KLANTMANAGER).count() + 1
        km = _bulk_medewerker(f"klantmanager{nummer}@{BULK_DOMEIN}", Rol.KLANTMANAGER, org, self.rng)
        return [km.pk, self.rng.randint(CASELOAD_MIN, CASELOAD_MAX)]

    def waarneming_instellen(self):
        jeske = User.objects.filter(email=WAARNEMER_TEAM).first()
        if jeske is None:
            return
        User.objects.filter(email__endswith="@" + BULK_DOMEIN, rol=Rol.KLANTMANAGER,
                            organisatie_id=jeske.organisatie_id).update(waarnemer=jeske)


_WACHTWOORD_HASH = []


def _demo_wachtwoord_hash():
    """The demo password hashed once per run, for every demo account: hashing is slow on purpose (0.3 s a time with
    the production hasher), and 20 named demo users made it half of the 13 s that ``make run`` waited for the demo."""
    if not _WACHTWOORD_HASH:
        voorbeeld = User(email="x")
        voorbeeld.set_password(DEMO_WACHTWOORD)
        _WACHTWOORD_HASH.append(voorbeeld.password)
    return _WACHTWOORD_HASH[0]


def _adres(naam):
    """The local part of a demo address for a name: lower case, no spaces, no accents ("Zoë" gives "zoe"), as
    Django's e-mail validator accepts it."""
    return unicodedata.normalize("NFKD", naam.lower().replace(" ", "")).encode("ascii", "ignore").decode()


def _bulk_medewerker(email, rol, organisatie, rng):
    """A bulk medewerker who can log in with the demo password (``_demo_wachtwoord_hash``), a verified address as
    allauth requires, and no second factor (for the load benchmark, MFA_VERPLICHT=false)."""
    user = User.objects.create(email=email, voornaam=rng.choice(VOORNAMEN), achternaam=rng.choice(ACHTERNAMEN),
                               rol=rol, organisatie=organisatie, regio_id=organisatie.regio_id,
                               password=_demo_wachtwoord_hash())
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _bulk_portefeuilles(rng):
    """Bulk werkgevers without a vaste accountmanager get a bulk accountmanager of their region's WSP, each with
    a portfolio of PORTEFEUILLE werkgevers (tops up: a second run adds only for new werkgevers)."""
    zonder = list(Werkgever.objects.filter(kvk_nummer__startswith="9", accountmanager__isnull=True)
                  .order_by("regio_id", "pk").values_list("pk", "regio_id"))
    wsp = {o.regio_id: o for o in Organisatie.objects.filter(soort=Organisatie.Soort.WSP)}
    per_regio = {}
    for pk, regio_id in zonder:
        per_regio.setdefault(regio_id, []).append(pk)
    for regio_id, pks in per_regio.items():
        if regio_id not in wsp:
            continue
        for begin in range(0, len(pks), PORTEFEUILLE):
            nummer = User.objects.filter(email__endswith="@" + BULK_DOMEIN, rol=Rol.ACCOUNTMANAGER).count() + 1
            am = _bulk_medewerker(f"accountmanager{nummer}@{BULK_DOMEIN}", Rol.ACCOUNTMANAGER, wsp[regio_id], rng)
            deel = pks[begin:begin + PORTEFEUILLE]
            Werkgever.objects.filter(pk__in=deel).update(accountmanager=am)
            AccountmanagerToewijzing.objects.bulk_create(
                [AccountmanagerToewijzing(werkgever_id=pk, accountmanager=am) for pk in deel])
