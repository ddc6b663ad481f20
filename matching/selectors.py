from django.db.models import Q

from matching.models import Beroep, Voordracht


def beroepen_zoeken(term, limit=15):
    term = (term or "").strip()
    if len(term) < 2:
        return Beroep.objects.none()
    return Beroep.objects.filter(Q(naam__icontains=term) | Q(synoniemen__icontains=term)).order_by("naam")[:limit]


def beroep_bij_naam(naam):
    """Resolve what someone typed to one beroep: the exact name first, then an exact synonym."""
    naam = (naam or "").strip()
    if not naam:
        return None
    beroep = Beroep.objects.filter(naam__iexact=naam).first()
    if beroep:
        return beroep
    for kandidaat in Beroep.objects.filter(synoniemen__icontains=naam)[:50]:
        if naam.lower() in (s.strip().lower() for s in kandidaat.synoniemen.splitlines()):
            return kandidaat
    return None


def voordrachten_van_vacature(vacature, *, voor_werkgever):
    qs = Voordracht.objects.filter(vacature=vacature).select_related(
        "kandidaat__gemeente", "toestemming", "voorgedragen_door"
    ).prefetch_related("instrumenten")
    if voor_werkgever:
        # Only with consent that still stands; withdrawn means: gone from the werkgever's view at once.
        qs = qs.filter(toestemming__ingetrokken_op__isnull=True)
    return qs.order_by("-voorgedragen_op", "-pk")


def wachtende_voordrachten(accountmanager):
    """Voordrachten of this accountmanager still waiting for the werkgever (reminded or not)."""
    return (
        Voordracht.objects.filter(voorgedragen_door=accountmanager, status=Voordracht.Status.VOORGEDRAGEN)
        .select_related("vacature__werkgever", "kandidaat")
        .order_by("voorgedragen_op", "pk")
    )
