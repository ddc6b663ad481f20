"""Everything the portal holds about one werkzoekende, for "Mijn gegevens downloaden" (AVG art. 15 and 20).

One dict with documented keys (``SLEUTELS``) and ISO dates, built with a fixed number of queries whatever the
size of the dossier. ``DEKKING`` names, for every model that points at a kandidaat (directly or through a
voordracht, plaatsing, ...), where it is in the export or why it is not: a test walks ``apps.get_models()``
and fails on a model that is in neither, so the export cannot silently go stale."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.selectors import verwerkingen_over
from agenda.models import Deelnemer
from beleving.models import Belevingsvraag
from bemiddeling.models import (
    Gespreksvoorbereiding,
    Sollicitatiegesprek,
    Voorbereidingspunt,
    Voordracht,
    VoordrachtTransitie,
)
from berichten.models import Bericht, Berichtenwisseling, Bijlage, Gelezen
from matching.models import Interesse
from meldingen.models import Melding
from ondersteuning.models import Aanvraag
from outbox.selectors import mails_aan
from plaatsingen.models import (
    Checkin,
    NazorgMoment,
    Plaatsing,
    PlaatsingCorrectie,
    PlaatsingTransitie,
    Regelingaanvraag,
    RegelingaanvraagWijziging,
)
from sollicitaties.models import PlichtWijziging, Sollicitatieactiviteit
from taken.models import Taak
from werkgevers.models import Afspraak
from werkzoekenden.models import (
    Actie,
    Document,
    DossierToegang,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanWijziging,
    Rechtenverzoek,
    Toestemming,
    ToestemmingVerzoek,
)

VERSIE = 1

# The keys of the JSON file, with what they hold (also printed on the page and at the top of the file).
SLEUTELS = {
    "over_dit_bestand": "Wanneer dit bestand is gemaakt en wat erin staat.",
    "profiel": "Je persoonsgegevens, uitkering, contactvoorkeur, je profiel (over mij, werkervaring) en je wensen; "
               "of en sinds wanneer je zei: vraag me niet meer hoe het ging.",
    "cv": "De naam van je cv-bestand en wanneer je het uploadde. Het bestand zelf download je apart.",
    "documenten": "Je diploma's, certificaten, brieven en referenties: soort, naam, bestandsnaam, wanneer geüpload, "
                  "wanneer een certificaat verloopt, of het mee mag bij een voordracht en met welke voordrachten het "
                  "meeging. De bestanden zelf download je apart.",
    "toestemmingen": "Waarvoor je toestemming gaf, hoe, en of en wanneer je die introk.",
    "vragen_om_toestemming": "Vragen om je profiel met een werkgever te delen: welke werkgever, welke vacature, "
                             "wat we wilden delen, wie het vroeg, of het nog open staat en wat je antwoordde.",
    "plan_van_aanpak": "Je plan van aanpak: acties, wie ze doet, status, en alle wijzigingen.",
    "klantmanagers": "Wie je vaste contactpersoon was en is, met de notitie bij een warme overdracht.",
    "toegang_tot_je_dossier": "Collega's van je contactpersoon die een tijdje toegang kregen tot je dossier: wie, "
                              "waarom, tot wanneer, wie het gaf, en wanneer en waarom het stopte.",
    "voordrachten": "Bij welke werkgever je bent voorgedragen, de status, de reden en alle stappen.",
    "gesprekken": "Sollicitatiegesprekken: wanneer, waar, of er iemand meeging, en je voorbereiding met je "
                  "afvinklijstje.",
    "sollicitatieplicht": "Hoeveel sollicitaties per 4 weken van je gevraagd worden, vanaf wanneer, en elke "
                          "wijziging (wie, wanneer, waarom). Je sollicitaties die je doorgaf: werkgever, functie, "
                          "datum, hoe, en de naam van je bewijs. Het bewijs zelf download je apart.",
    "plaatsingen": "Waar je werkt of werkte, met nazorgmomenten en check-ins.",
    "verzoeken_over_gegevens": "Je verzoeken om iets te verbeteren of te verwijderen, en de antwoorden.",
    "taken_van_medewerkers": "Taken die medewerkers kregen over jou (bijvoorbeeld: bel na een afwijzing).",
    "berichten": "Berichten over jou in het portaal: het onderwerp, elk bericht met wie het stuurde (rol en "
                 "naam), wanneer, en de namen van bijlagen. Ook het overleg tussen medewerkers over jou.",
    "afspraken": "Afspraken in de agenda waar je bij bent: wat, wanneer, waar en of het doorgaat. Kon je niet, "
                 "dan ook waarom en wanneer je wel kon.",
    "meldingen": "Meldingen die je in het portaal kreeg: wat er stond, wanneer, en of je ze las.",
    "beleving": "Je antwoorden op de vraag \"Hoe ging dit?\": over welk moment, je antwoord en je toelichting.",
    "ondersteuning": "Ondersteuning waar je om vroeg (een cursus, een jobcoach, ...): wanneer, wat je erbij schreef, "
                     "wat je contactpersoon besloot en waarom.",
    "interesse_in_vacatures": "Over welke vacatures je bij Mijn kansen zei: ik wil hier meer over weten, en wanneer.",
    "mails_aan_jou": "Mails die het portaal je stuurde: wanneer en met welk onderwerp.",
    "wie_bekeek_je_gegevens": "Wie je gegevens bekeek of veranderde, wanneer en waarom.",
}

# Every model that holds data about a kandidaat -> the key above where it is exported, or why not.
DEKKING = {
    "werkzoekenden.Kandidaat": "profiel",
    "werkzoekenden.Toestemming": "toestemmingen",
    "werkzoekenden.Document": "documenten",
    "werkzoekenden.PlanVanAanpak": "plan_van_aanpak",
    "werkzoekenden.Actie": "plan_van_aanpak",
    "werkzoekenden.PlanWijziging": "plan_van_aanpak",
    "werkzoekenden.KlantmanagerToewijzing": "klantmanagers",
    "werkzoekenden.DossierToegang": "toegang_tot_je_dossier",
    "werkzoekenden.Rechtenverzoek": "verzoeken_over_gegevens",
    "bemiddeling.Voordracht": "voordrachten",
    "bemiddeling.VoordrachtTransitie": "voordrachten",
    "bemiddeling.Sollicitatiegesprek": "gesprekken",
    "bemiddeling.Gespreksvoorbereiding": "gesprekken",
    "bemiddeling.Voorbereidingspunt": "gesprekken",
    "plaatsingen.Plaatsing": "plaatsingen",
    "plaatsingen.PlaatsingTransitie": "plaatsingen",
    "plaatsingen.PlaatsingCorrectie": "plaatsingen",
    "plaatsingen.NazorgMoment": "plaatsingen",
    "plaatsingen.Checkin": "plaatsingen",
    "plaatsingen.Regelingaanvraag": "plaatsingen",
    "plaatsingen.RegelingaanvraagWijziging": "plaatsingen",
    "taken.Taak": "taken_van_medewerkers",
    "werkgevers.Afspraak": "plaatsingen",
    "werkzoekenden.ToestemmingVerzoek": "vragen_om_toestemming",
    "berichten.Berichtenwisseling": "berichten",
    "berichten.Bericht": "berichten",
    "berichten.Bijlage": "berichten",
    "berichten.Gelezen": "berichten",
    "agenda.Deelnemer": "afspraken",
    "agenda.Afspraak": "afspraken",
    "beleving.Belevingsvraag": "beleving",
    "sollicitaties.Sollicitatieplicht": "sollicitatieplicht",
    "sollicitaties.PlichtWijziging": "sollicitatieplicht",
    "sollicitaties.Sollicitatieactiviteit": "sollicitatieplicht",
    "ondersteuning.Aanvraag": "ondersteuning",
    "beleving.Bevraagde": "profiel",
    "matching.Interesse": "interesse_in_vacatures",
}
NIET_GEEXPORTEERD = {
    # A staff working list ("bewaard voor deze vacature") before any voordracht: no decision about the person,
    # gone when the vacature closes. Listed here so a new field on it is a conscious choice.
    "bemiddeling.Shortlist": "werklijst van de accountmanager, geen besluit over de werkzoekende",
    # Found through agenda.Afspraak (a groepsbijeenkomst): the start date of a traject, the same for everyone.
    # The werkzoekende's own part is under "ondersteuning" (aanvragen) and "afspraken" (signed up).
    "ondersteuning.Startmoment": "startdatum van een traject voor iedereen; eigen deel staat bij ondersteuning",
    # The working row of a caseload handover (which colleague takes her dossier, done or not): once done, the
    # handover itself is in her klantmanagers (KlantmanagerToewijzing, with the note) and in her plan's history.
    "werkzoekenden.CaseloadoverdrachtDossier": "werkrij van een caseloadoverdracht; de overdracht zelf staat bij "
                                               "klantmanagers",
}


def _iso(waarde):
    return waarde.isoformat() if waarde else None


def _label(model_obj, veld):
    return str(getattr(model_obj, f"get_{veld}_display")()) if getattr(model_obj, veld) else ""


def _naam(user):
    return user.get_full_name() if user else None


def _voorbereiding(gesprek):
    try:
        v = gesprek.gespreksvoorbereiding
    except Gespreksvoorbereiding.DoesNotExist:
        return None
    return {"over_de_werkgever": v.over_werkgever, "over_het_werk": v.over_vacature, "vragen": v.vragen,
            "meenemen": v.meenemen, "reis": v.reis, "gesloten_op": _iso(v.gesloten_op),
            "lijstje": [{"punt": p.tekst, "afgevinkt_op": _iso(p.afgevinkt_op)} for p in v.punten.all()]}


def _klantmanagers(k):
    """Every vaste klantmanager, oldest first. A dossier that came in without its history (the demo, older data, a
    dossier made before the toewijzingen were kept) has its klantmanager but no row saying so: then the current
    one is listed from the dossier's start, as the warme overdracht records it (werkzoekenden.services)."""
    # Each with the organisation she had when assigned (``KlantmanagerToewijzing.organisatie``), not her one now.
    toewijzingen = [{
        "naam": _naam(t.klantmanager), "organisatie": str(t.organisatie or ""),
        "van": _iso(t.van), "tot": _iso(t.tot), "overdrachtsnotitie": t.overdrachtsnotitie,
    } for t in k.toewijzingen.all()]
    rijen = list(k.toewijzingen.all())
    if k.klantmanager_id and not any(t.tot is None and t.klantmanager_id == k.klantmanager_id for t in rijen):
        van = max((t.tot for t in rijen if t.tot), default=None) or k.aangemaakt_op
        toewijzingen.append({"naam": _naam(k.klantmanager), "organisatie": str(k.klantmanager.organisatie or ""),
                             "van": _iso(van), "tot": None, "overdrachtsnotitie": ""})
    return toewijzingen


def kandidaat_voor_export(pk):
    """The kandidaat with everything to export prefetched: a fixed number of queries (see the query-count test)."""
    return (
        Kandidaat.objects.select_related("account", "gemeente", "regio", "klantmanager__organisatie", "plan",
                                         "sollicitatieplicht", "belevingsstand")
        .prefetch_related(
            "gewenste_beroepen", "vaardigheden",
            Prefetch("toestemmingen", Toestemming.objects.select_related("werkgever", "verleend_door",
                                                                         "ingetrokken_door")),
            Prefetch("documenten", Document.objects.select_related("geupload_door").order_by("geupload_op", "pk")),
            Prefetch("documenten__voordrachten", Voordracht.objects.select_related("vacature__werkgever").order_by(
                "voorgedragen_op", "pk")),
            Prefetch("plan__acties", Actie.objects.order_by("pk")),
            Prefetch("plan__wijzigingen", PlanWijziging.objects.select_related("door").order_by("tijdstip", "pk")),
            Prefetch("toewijzingen", KlantmanagerToewijzing.objects.select_related("klantmanager", "organisatie")
                     .order_by("van", "pk")),
            Prefetch("toegangen", DossierToegang.objects.select_related("klantmanager__organisatie", "gegeven_door")
                     .order_by("gegeven_op", "pk")),
            Prefetch("voordrachten", Voordracht.objects.select_related("vacature__werkgever").order_by(
                "voorgedragen_op", "pk")),
            Prefetch("voordrachten__transities", VoordrachtTransitie.objects.order_by("tijdstip", "pk")),
            Prefetch("voordrachten__gesprekken", Sollicitatiegesprek.objects.select_related("gespreksvoorbereiding")
                     .order_by("begint_op", "pk")),
            Prefetch("voordrachten__gesprekken__gespreksvoorbereiding__punten",
                     Voorbereidingspunt.objects.order_by("volgorde", "pk")),
            Prefetch("plaatsingen", Plaatsing.objects.select_related("werkgever").order_by("startdatum", "pk")),
            Prefetch("plaatsingen__transities", PlaatsingTransitie.objects.order_by("tijdstip", "pk")),
            Prefetch("plaatsingen__correcties", PlaatsingCorrectie.objects.order_by("tijdstip", "pk")),
            Prefetch("plaatsingen__regelingaanvragen", Regelingaanvraag.objects.select_related("instrument")
                     .order_by("instrument__naam", "pk")),
            Prefetch("plaatsingen__regelingaanvragen__wijzigingen",
                     RegelingaanvraagWijziging.objects.order_by("tijdstip", "pk")),
            Prefetch("plaatsingen__nazorgafspraken", Afspraak.objects.order_by("vastgelegd_op", "pk")),
            Prefetch("plaatsingen__nazorgmomenten", NazorgMoment.objects.order_by("gepland_op", "pk")),
            Prefetch("plaatsingen__nazorgmomenten__checkins", Checkin.objects.order_by("pk")),
            Prefetch("rechtenverzoeken", Rechtenverzoek.objects.order_by("ingediend_op", "pk")),
            Prefetch("toestemmingsverzoeken", ToestemmingVerzoek.objects.select_related(
                "werkgever", "vacature", "gevraagd_door").order_by("gevraagd_op", "pk")),
            Prefetch("berichtenwisselingen", Berichtenwisseling.objects.order_by("aangemaakt_op", "pk")),
            Prefetch("berichtenwisselingen__berichten", Bericht.objects.select_related("afzender").order_by(
                "verstuurd_op", "pk")),
            Prefetch("berichtenwisselingen__berichten__bijlagen", Bijlage.objects.order_by("pk")),
            Prefetch("belevingsvragen", Belevingsvraag.objects.order_by("gesteld_op", "pk")),
            Prefetch("interesses", Interesse.objects.select_related("vacature__gemeente", "vacature__werkgever")
                     .order_by("getoond_op", "pk")),
            Prefetch("deelnames", Deelnemer.objects.select_related("afspraak").order_by("afspraak__start", "pk")),
            Prefetch("sollicitatieactiviteiten", Sollicitatieactiviteit.objects.order_by("datum", "pk")),
            Prefetch("sollicitatieplicht__wijzigingen", PlichtWijziging.objects.select_related("door").order_by(
                "op", "pk")),
            Prefetch("ondersteuningsaanvragen", Aanvraag.objects.select_related(
                "traject", "startmoment", "beoordeeld_door").order_by("ingediend_op", "pk")),
        )
        .get(pk=pk)
    )


def gegevens_van(kandidaat) -> dict:
    """All data about ``kandidaat`` (loaded with ``kandidaat_voor_export``) as plain JSON-able values."""
    k = kandidaat
    adressen = [k.email, k.account.email if k.account_id else ""]
    voordracht_ids = [v.pk for v in k.voordrachten.all()]
    # Tasks about a request for ondersteuning are named by it (ondersteuning.reacties.taak_sleutel).
    # ... and their "ik wil hier meer over weten" (taken.reacties).
    ondersteuning = [f"ondersteuning:{a.pk}" for a in k.ondersteuningsaanvragen.all()]
    interesse_sleutels = [f"interesse:{i.pk}" for i in k.interesses.all()]
    taken = Taak.objects.filter(Q(kandidaat=k) | Q(voordracht_id__in=voordracht_ids) | Q(rechtenverzoek__kandidaat=k)
                                | Q(sleutel__in=ondersteuning + interesse_sleutels)).select_related(
        "toegewezen_aan").order_by("aangemaakt_op", "pk")
    mails = mails_aan(adressen).order_by("aangemaakt_op", "pk")
    # Every line naming them (a page about them, or a list page with them on it), also via their account.
    verwerkingen = verwerkingen_over(k, k.account if k.account_id else None).order_by("tijdstip", "pk")
    plan = getattr(k, "plan", None)
    plicht = getattr(k, "sollicitatieplicht", None)
    # Their own account: which threads they read up to when, and the meldingen they got (one query each).
    gelezen = ({g.wisseling_id: g.op for g in Gelezen.objects.filter(gebruiker_id=k.account_id,
                                                                     wisseling__kandidaat=k)}
               if k.account_id else {})
    meldingen = (Melding.objects.filter(ontvanger_id=k.account_id).order_by("aangemaakt_op", "pk")
                 if k.account_id else Melding.objects.none())
    return {
        "over_dit_bestand": {
            "gemaakt_op": timezone.now().isoformat(), "versie": VERSIE,
            "uitleg": "Alle gegevens die het Klantreis-portaal over je heeft. Datums staan als JJJJ-MM-DD.",
            "sleutels": SLEUTELS,
        },
        "profiel": {
            "voornaam": k.voornaam, "achternaam": k.achternaam, "e_mailadres": k.email,
            "e_mailadres_account": k.account.email if k.account_id else None,
            "telefoonnummer": k.telefoon, "postcode": k.postcode,
            "woonplaats": k.gemeente.naam if k.gemeente_id else None,
            "arbeidsmarktregio": str(k.regio) if k.regio_id else None,
            "uitkering": _label(k, "uitkering"), "werkfit": k.werkfit,
            "contactvoorkeur": _label(k, "contactvoorkeur"), "soort_contact": _label(k, "soort_contact"),
            "laatste_contact": _iso(k.laatste_contact_op),
            "over_mij": k.samenvatting, "opleidingsniveau": _label(k, "opleidingsniveau"),
            "werkervaring": [r for r in k.werkervaring.splitlines() if r.strip()],
            "doelgroepregister": k.doelgroepregister, "doelgroepregister_van": _iso(k.doelgroepregister_van),
            "doelgroepregister_tot": _iso(k.doelgroepregister_tot),
            "wensen": {
                "beroepen": [b.naam for b in k.gewenste_beroepen.all()],
                "uren_per_week": k.gewenste_uren, "max_reisafstand_km": k.max_reisafstand_km,
                "soort_contract": k.gewenst_contracttype, "beschikbaar_vanaf": _iso(k.beschikbaar_per),
                "rijbewijs": k.rijbewijs, "talen": k.talen,
            },
            "vaardigheden": sorted(v.naam for v in k.vaardigheden.all()),
            "externe_referentie": k.externe_referentie,
            "vaste_klantmanager": _naam(k.klantmanager),
            "dossier_aangemaakt_op": _iso(k.aangemaakt_op),
            "dossier_afgesloten_op": _iso(k.afgesloten_op), "reden_afsluiten": _label(k, "afsluitreden"),
            "geen_vragen_hoe_ging_het_sinds": _iso(getattr(getattr(k, "belevingsstand", None),
                                                           "niet_meer_vragen_op", None)),
        },
        "cv": {"bestandsnaam": k.cv_bestandsnaam or (k.cv.name.rsplit("/", 1)[-1] if k.cv else ""),
               "geupload_op": _iso(k.cv_geupload_op), "aanwezig": bool(k.cv)},
        "documenten": [{
            "soort": _label(d, "soort"), "naam": d.titel, "bestandsnaam": d.bestandsnaam,
            "geupload_op": _iso(d.geupload_op), "geupload_door": _naam(d.geupload_door),
            "verloopt_op": _iso(d.verloopt_op), "mag_mee_bij_een_voordracht": d.delen_met_werkgever,
            "meegestuurd_met": [f"{v.vacature.titel} ({v.vacature.werkgever.naam})" for v in d.voordrachten.all()],
        } for d in k.documenten.all()],
        "toestemmingen": [{
            "doel": _label(t, "doel"), "werkgever": t.werkgever.naam if t.werkgever_id else None,
            "derde_partij": t.derde_partij, "hoe_gegeven": _label(t, "wijze"),
            "gegeven_op": _iso(t.gegeven_op or t.verleend_op), "vastgelegd_door": _naam(t.verleend_door),
            "ingetrokken_op": _iso(t.ingetrokken_op), "ingetrokken_door": _naam(t.ingetrokken_door),
        } for t in sorted(k.toestemmingen.all(), key=lambda t: (t.verleend_op, t.pk))],
        "vragen_om_toestemming": [{
            "werkgever": v.werkgever.naam, "vacature": v.vacature.titel,
            "wat_we_wilden_delen": [str(ToestemmingVerzoek.Gegeven(g).label) for g in v.delen
                                    if g in ToestemmingVerzoek.Gegeven.values],
            "gevraagd_door": _naam(v.gevraagd_door), "gevraagd_op": _iso(v.gevraagd_op),
            "status": _label(v, "status"), "beantwoord_op": _iso(v.beantwoord_op), "jouw_reden": v.reden,
        } for v in k.toestemmingsverzoeken.all()],
        "plan_van_aanpak": None if plan is None else {
            "volgende_evaluatie": _iso(plan.evaluatiedatum), "aangemaakt_op": _iso(plan.aangemaakt_op),
            "acties": [{
                "onderwerp": _label(a, "levensdomein"), "doel": a.doel, "wat": a.omschrijving,
                "wie": _label(a, "eigenaar"), "organisatie": a.derde_partij, "klaar_op": _iso(a.uiterlijk),
                "status": _label(a, "status"), "notitie": a.notitie, "gewijzigd_op": _iso(a.gewijzigd_op),
            } for a in plan.acties.all()],
            "wijzigingen": [{
                "tijdstip": _iso(w.tijdstip), "door": _naam(w.door), "wat": w.omschrijving, "voor": w.voor, "na": w.na,
            } for w in plan.wijzigingen.all()],
        },
        "klantmanagers": _klantmanagers(k),
        "toegang_tot_je_dossier": [{
            "wie": _naam(t.klantmanager), "organisatie": str(t.klantmanager.organisatie or ""), "waarom": t.reden,
            "gegeven_op": _iso(t.gegeven_op), "gegeven_door": _naam(t.gegeven_door), "tot_en_met": _iso(t.tot),
            "met_jouw_toestemming": t.toestemming_id is not None, "gestopt_op": _iso(t.beeindigd_op),
            "waarom_gestopt": _label(t, "einde"),
        } for t in k.toegangen.all()],
        "voordrachten": [{
            "werkgever": v.vacature.werkgever.naam, "vacature": v.vacature.titel, "status": _label(v, "status"),
            "voorgedragen_op": _iso(v.voorgedragen_op), "waarom_jij_past": v.toelichting,
            "reactie_werkgever_op": _iso(v.gereageerd_op), "reden": _label(v, "reden"),
            "toelichting_reden": v.reden_toelichting,
            "stappen": [{"tijdstip": _iso(t.tijdstip), "van": t.get_van_display() if t.van else "",
                         "naar": str(t.get_naar_display()), "toelichting": t.toelichting} for t in v.transities.all()],
        } for v in k.voordrachten.all()],
        "gesprekken": [{
            "werkgever": v.vacature.werkgever.naam, "vacature": v.vacature.titel, "begint_op": _iso(g.begint_op),
            "duur_minuten": g.duur_minuten, "plaats": g.locatie, "begeleider_gaat_mee": g.begeleider_gaat_mee,
            "voorbereiding": g.voorbereiding, "geannuleerd_op": _iso(g.geannuleerd_op),
            "jouw_voorbereiding": _voorbereiding(g),
        } for v in k.voordrachten.all() for g in v.gesprekken.all()],
        "sollicitatieplicht": {
            "per_4_weken": plicht.aantal if plicht else None,
            "perioden_vanaf": _iso(plicht.startdatum) if plicht else None,
            "reden_maatwerk": plicht.reden if plicht else "",
            "wijzigingen": [{
                "op": _iso(w.op), "door": _naam(w.door), "aantal_was": w.aantal_was, "aantal": w.aantal,
                "perioden_vanaf": _iso(w.startdatum), "reden": w.reden,
            } for w in (plicht.wijzigingen.all() if plicht else [])],
            "sollicitaties": [{
                "datum": _iso(a.datum), "werkgever": a.werkgever, "functie": a.functie, "hoe": _label(a, "wijze"),
                "link": a.link, "toelichting": a.toelichting, "bewijs": a.bewijs_bestandsnaam if a.bewijs else "",
                "doorgegeven_op": _iso(a.aangemaakt_op),
            } for a in k.sollicitatieactiviteiten.all()],
        },
        "plaatsingen": [{
            "werkgever": p.werkgever.naam, "soort": _label(p, "soort"), "status": _label(p, "status"),
            "functie": p.functie, "startdatum": _iso(p.startdatum), "einddatum": _iso(p.einddatum),
            "uren_per_week": p.uren_per_week, "afspraken": p.voorwaarden, "reden_langere_duur": p.verlenging_reden,
            "reden_van_afscheid": p.afscheid_reden, "ondertekend_op": _iso(p.ondertekend_op),
            "stappen": [{"tijdstip": _iso(t.tijdstip), "naar": str(t.get_naar_display()), "toelichting": t.toelichting}
                        for t in p.transities.all()],
            "correcties": [{"tijdstip": _iso(c.tijdstip), "wat_veranderde": [f"{label}: {nieuw} (was {oud})"
                                                                           for label, oud, nieuw in c.regels()],
                            "wat_er_fout_was": c.reden} for c in p.correcties.all()
                           if c.soort == PlaatsingCorrectie.Soort.CORRECTIE],
            # A verlenging after the werkgever signed is kept as a correction row, but nothing was wrong.
            "einddatum_gewijzigd": [{"tijdstip": _iso(c.tijdstip), "wat_veranderde": [
                f"{label}: {nieuw} (was {oud})" for label, oud, nieuw in c.regels()], "toelichting": c.reden}
                for c in p.correcties.all() if c.soort == PlaatsingCorrectie.Soort.VERLENGING],
            # A proefplaatsing's akkoord of UWV or the gemeente, as the page's "Gegevens" show it: also the state of the
            # regeling Proefplaatsing, which has no aanvraag of its own (so it is not in the list below: said once).
            "akkoord_uitkeringsinstantie": {"instantie": p.akkoord_instantie, "op": _iso(p.akkoord_op)}
            if p.is_proef else None,
            # What the plaatsing page shows her: which regeling, with whom, its state and dates. The kenmerk and the
            # reason of a besluit belong to the werkgever's application, not to data about her (nor do the history's
            # notes, which repeat them): its steps give the state and when.
            "aanvragen_van_regelingen": [{
                "regeling": a.instrument.naam, "status": _label(a, "status"), "aangevraagd_op": _iso(a.aangevraagd_op),
                "aangevraagd_bij": a.aangevraagd_bij, "besluit_op": _iso(a.besluit_op),
                "stappen": [{"tijdstip": _iso(w.tijdstip), "naar": _label(w, "naar")} for w in a.wijzigingen.all()],
            } for a in p.regelingaanvragen.all()],
            "afspraken_met_werkgever": [{"wat": a.wat, "wie": a.wie, "uiterlijk": _iso(a.uiterlijk),
                                         "vastgelegd_op": _iso(a.vastgelegd_op)} for a in p.nazorgafspraken.all()],
            "nazorg": [{
                "moment": _label(m, "soort"), "gepland_op": _iso(m.gepland_op), "uitkomst": _label(m, "uitkomst"),
                "bijzonderheden": m.bijzonderheden, "interventie": m.interventie,
                "check_ins": [{"van": str(c.get_rol_display()), "beantwoord_op": _iso(c.beantwoord_op),
                               "cijfer": c.score, "opmerking": c.opmerking} for c in m.checkins.all()],
            } for m in p.nazorgmomenten.all()],
        } for p in k.plaatsingen.all()],
        "verzoeken_over_gegevens": [{
            "soort": _label(r, "soort"), "over": r.wat, "wens_of_reden": r.wens, "status": _label(r, "status"),
            "ingediend_op": _iso(r.ingediend_op), "uiterlijk": _iso(r.uiterlijk),
            "afgehandeld_op": _iso(r.afgehandeld_op), "uitkomst": _label(r, "uitkomst"), "antwoord": r.antwoord,
        } for r in k.rechtenverzoeken.all()],
        "taken_van_medewerkers": [{
            "voor": _naam(t.toegewezen_aan), "wat": t.omschrijving, "uiterlijk": _iso(t.uiterlijk),
            "aangemaakt_op": _iso(t.aangemaakt_op), "afgerond_op": _iso(t.afgerond_op),
        } for t in taken],
        "berichten": [{
            "onderwerp": w.onderwerp, "soort": _label(w, "soort"), "begonnen_op": _iso(w.aangemaakt_op),
            "door_jou_gelezen_op": _iso(gelezen.get(w.pk)),
            "berichten": [{
                "van": _naam(b.afzender), "rol": str(b.afzender.get_rol_display()) if b.afzender.rol else "",
                "verstuurd_op": _iso(b.verstuurd_op), "tekst": b.tekst,
                "bijlagen": [bijlage.bestandsnaam for bijlage in b.bijlagen.all()],
            } for b in w.berichten.all()],
        } for w in k.berichtenwisselingen.all()],
        "afspraken": [{
            "wat": d.afspraak.titel, "soort": _label(d.afspraak, "soort"), "begint_op": _iso(d.afspraak.start),
            "eindigt_op": _iso(d.afspraak.eind), "plaats": d.afspraak.plaats, "videolink": d.afspraak.videolink,
            "status": _label(d.afspraak, "status"), "jij_doet_mee": _label(d, "status"),
            "waarom_je_niet_kunt": d.kan_niet_reden, "wanneer_je_wel_kunt": d.kan_niet_wanneer_wel,
            "niet_kunnen_doorgegeven_op": _iso(d.kan_niet_op),
        } for d in k.deelnames.all()],
        "meldingen": [{
            "wat": m.tekst, "soort": _label(m, "soort"), "gekregen_op": _iso(m.aangemaakt_op),
            "gelezen_op": _iso(m.gelezen_op),
        } for m in meldingen],
        "beleving": [{
            "moment": _label(b, "touchpoint"), "gevraagd_op": _iso(b.gesteld_op),
            "beantwoord_op": _iso(b.beantwoord_op), "antwoord": _label(b, "score"), "toelichting": b.opmerking,
        } for b in k.belevingsvragen.all()],
        "ondersteuning": [{
            "traject": a.traject.titel, "soort": _label(a.traject, "soort"), "aanbieder": a.traject.aanbieder,
            "start": _iso(a.startmoment.start) if a.startmoment_id else None, "gevraagd_op": _iso(a.ingediend_op),
            "jouw_motivatie": a.motivatie, "status": _label(a, "status"), "besloten_op": _iso(a.beoordeeld_op),
            "besloten_door": _naam(a.beoordeeld_door), "reden": a.reden,
        } for a in k.ondersteuningsaanvragen.all()],
        "interesse_in_vacatures": [{
            "vacature": i.vacature.titel, "sector": i.vacature.werkgever.sector, "plaats": str(i.vacature.gemeente),
            "verstuurd_op": _iso(i.getoond_op),
        } for i in k.interesses.all()],
        "mails_aan_jou": [{
            "aan": m.aan, "onderwerp": m.onderwerp, "gemaakt_op": _iso(m.aangemaakt_op),
            "verstuurd_op": _iso(m.verstuurd_op), "status": str(m.get_status_display()),
        } for m in mails],
        "wie_bekeek_je_gegevens": [{
            "tijdstip": _iso(v.tijdstip), "wie": v.gebruiker_omschrijving, "rol": v.rol,
            "organisatie": v.organisatie, "wat": v.wat or str(v.get_actie_display()), "waarom": v.doel,
        } for v in verwerkingen],
    }
