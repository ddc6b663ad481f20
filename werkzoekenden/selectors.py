from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from werkzoekenden.models import Actie, Kandidaat, Toestemming, ToestemmingVerzoek


# "Aandacht" filters that apps above add to the caseload (sollicitaties: "loopt achter"), registered in their
# AppConfig.ready, so this floor names no app above it. naam -> (label, kenmerk, voorwaarde(vandaag) -> a boolean
# expression on Kandidaat, e.g. Exists(...)). Each is annotated as ``aandacht_<naam>`` and joins "alle".
CASELOAD_AANDACHT = {}


def caseload_aandacht_registreren(naam, *, label, kenmerk, voorwaarde):
    CASELOAD_AANDACHT[naam] = (label, kenmerk, voorwaarde)


def caseload_van_klantmanager(klantmanager):
    """Own kandidaten plus those of colleagues (same organisation) this klantmanager covers for, by
    achternaam without tussenvoegsel ("de Boer" under B, see ``Kandidaat.sorteernaam``)."""
    waarneming = Q(klantmanager__waarnemer=klantmanager, klantmanager__organisatie_id=klantmanager.organisatie_id)
    return Kandidaat.objects.filter(Q(klantmanager=klantmanager) | waarneming).select_related(
        "gemeente", "klantmanager").order_by("sorteernaam", "voornaam", "pk")


def kandidaat_van_gebruiker(gebruiker):
    return (
        Kandidaat.objects.select_related("klantmanager", "klantmanager__organisatie", "gemeente")
        .filter(account=gebruiker)
        .first()
    )


def actieve_toestemming_werkgever(kandidaat, werkgever):
    return Toestemming.objects.filter(
        kandidaat=kandidaat, werkgever=werkgever, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
        ingetrokken_op__isnull=True,
    ).first()


def kandidaten_met_toestemming_voor(werkgever, regio):
    """Kandidaten of the region who consented to share their cv with this werkgever."""
    return (
        Kandidaat.objects.filter(
            regio=regio,
            toestemmingen__werkgever=werkgever,
            toestemmingen__doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
            toestemmingen__ingetrokken_op__isnull=True,
        )
        .select_related("gemeente")
        .order_by("achternaam", "voornaam")
        .distinct()
    )


def caseload_gefilterd(klantmanager, filters):
    """The caseload with the klantmanager's filters, name search and sort, and how many kandidaten need
    attention: the same conditions as the "aandacht" filter, so the count and the list agree."""
    vandaag = timezone.localdate()
    te_laat = Actie.objects.filter(plan__kandidaat=OuterRef("pk"), uiterlijk__lt=vandaag).exclude(status="klaar")
    extra = {f"aandacht_{naam}": voorwaarde(vandaag) for naam, (_l, _k, voorwaarde) in CASELOAD_AANDACHT.items()}
    qs = caseload_van_klantmanager(klantmanager).select_related("plan").annotate(acties_te_laat=Exists(te_laat),
                                                                                 **extra)
    if filters.get("uitkering"):
        qs = qs.filter(uitkering=filters["uitkering"])
    if filters.get("werkfit"):
        qs = qs.filter(werkfit=filters["werkfit"] == "ja")
    if filters.get("soort_contact"):
        qs = qs.filter(soort_contact=filters["soort_contact"])
    for woord in (filters.get("q") or "").split()[:5]:
        qs = qs.filter(Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord))
    aandacht_q = {
        "acties": Q(acties_te_laat=True),
        "evaluatie": Q(plan__evaluatiedatum__lte=vandaag),
        "contact": Q(laatste_contact_op__lt=vandaag - timedelta(days=30)) | Q(laatste_contact_op__isnull=True),
    }
    aandacht_q.update({naam: Q(**{f"aandacht_{naam}": True}) for naam in CASELOAD_AANDACHT})
    aandacht_q["alle"] = Q()
    for naam, voorwaarde in list(aandacht_q.items()):
        if naam != "alle":
            aandacht_q["alle"] |= voorwaarde
    if filters.get("aandacht") in aandacht_q:
        qs = qs.filter(aandacht_q[filters["aandacht"]])
    volgorde = {"contact": ["laatste_contact_op", "sorteernaam", "pk"],
                "evaluatie": ["plan__evaluatiedatum", "sorteernaam", "pk"]}.get(filters.get("sorteer"))
    if volgorde:
        qs = qs.order_by(*volgorde)
    aantal_aandacht = caseload_van_klantmanager(klantmanager).annotate(acties_te_laat=Exists(te_laat), **extra).filter(
        aandacht_q["alle"]).count()
    return qs, aantal_aandacht


def open_toestemmingsverzoeken(*, kandidaat=None, klantmanager=None):
    """Questions still waiting for the werkzoekende's answer: on their home page, on the dossier and on the
    klantmanager's home page."""
    verzoeken = ToestemmingVerzoek.objects.filter(status=ToestemmingVerzoek.Status.GEVRAAGD).select_related(
        "werkgever__gemeente", "vacature", "gevraagd_door", "kandidaat").order_by("gevraagd_op", "pk")
    if kandidaat is not None:
        verzoeken = verzoeken.filter(kandidaat=kandidaat)
    if klantmanager is not None:
        verzoeken = verzoeken.filter(kandidaat__klantmanager=klantmanager)
    return verzoeken
